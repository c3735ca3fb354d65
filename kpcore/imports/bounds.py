"""Bounds on what an import reads (issue #15 §3): a hostile file is refused before it can take
the machine's memory. The file size may be changed with KP_IMPORT_MAX_MB (default 50 MB).
Other modules read the limits as `bounds.NAME` (so a test may lower one)."""
from __future__ import annotations

import io
import os

from ..filetext import first_line, refuse, sniff_delimiter
from .reasons import LONG_CELL, LONG_RUN, TOO_BIG, UNPACK_RATIO, UNPACKS_TOO_MUCH, reason


# Bounds on what an import reads (issue #15 §3): a hostile file is refused before it can take
# the machine's memory. The file size may be changed with KP_IMPORT_MAX_MB (default 50 MB).
DEFAULT_MAX_MB = 50
MAX_TEXT = 500               # characters in a stored text field (name, organisation, title, ...)

MAX_ROWS = 2_000_000

MAX_COLUMNS = 200

MAX_CELL = 32_767            # characters in any one cell (Excel's own limit; MAX_TEXT applies to stored fields)

MAX_XLSX_RATIO = 100         # an XLSX entry may be at most this many times its compressed size ...

MAX_XLSX_UNPACKED = 500 * 1024 * 1024   # ... and all entries together at most this many bytes


def max_file_bytes() -> int:
    """The largest file an import (CLI or dashboard upload) accepts, in bytes."""
    from ..errors import KpError
    from ..i18n import N_

    raw = os.environ.get("KP_IMPORT_MAX_MB", "").strip()
    try:
        mb = float(raw) if raw else DEFAULT_MAX_MB
    except ValueError:
        raise KpError(N_("KP_IMPORT_MAX_MB must be a number of megabytes, not {value}"), value=repr(raw[:20])) from None
    if mb <= 0:
        raise KpError(N_("KP_IMPORT_MAX_MB must be more than 0"))
    return int(mb * 1024 * 1024)


def too_big(size: int, limit: int) -> str:
    return reason(TOO_BIG, size=f"{size / (1024 * 1024):.1f}", limit=f"{limit / (1024 * 1024):.0f}")


def check_cell_lengths(data: bytes) -> None:
    """Refuse a CSV holding a cell longer than any allowed one BEFORE it is decoded or parsed, so
    a hostile file (a 200 MB cell) costs no more memory than its bytes (#15 §3: peak <= 500 MB).

    A cell of MAX_CELL characters takes at most 4 * MAX_CELL + 2 bytes (UTF-8 or UTF-16, quoted;
    a doubled quote is 2 bytes for 1 character), and a delimiter or line break inside quotes only
    makes the runs between them shorter, so a longer run of bytes without either is a cell that
    would be refused anyway. Scanned in 4 MB blocks (numpy), whatever the file holds."""
    import numpy as np

    delimiter = ord(sniff_delimiter(first_line(data[:1 << 16])))
    limit = 4 * MAX_CELL + 2
    arr = np.frombuffer(data, dtype=np.uint8)
    block = 1 << 22
    # A run without a separator lies within a line: when no line is longer than the limit, no run
    # is either. Lines first (one comparison over the bytes instead of two, far fewer positions).
    line_run = 0
    for start in range(0, len(arr), block):
        breaks = np.flatnonzero(arr[start:start + block] == 10)
        if len(breaks) == 0:
            line_run += min(block, len(arr) - start)
        elif line_run + int(breaks[0]) > limit or (len(breaks) > 1 and int(np.diff(breaks).max()) - 1 > limit):
            break
        else:
            line_run = min(block, len(arr) - start) - int(breaks[-1]) - 1
        if line_run > limit:
            break
    else:
        return
    run = 0  # the run of bytes without a separator reaching into the block from before it
    for start in range(0, len(arr), block):
        chunk = arr[start:start + block]
        seps = np.flatnonzero((chunk == 10) | (chunk == delimiter))
        if len(seps) == 0:
            run += len(chunk)
            end = start + len(chunk) if run > limit else None
        else:
            gaps = np.diff(seps) - 1
            worst = int(gaps.argmax()) if len(gaps) else -1
            if run + int(seps[0]) > limit:
                end = start + int(seps[0])
            elif worst >= 0 and int(gaps[worst]) > limit:
                end = start + int(seps[worst + 1])
            else:
                end = None
            run = len(chunk) - int(seps[-1]) - 1
        if end is not None:
            line = data.count(b"\n", 0, end)  # the header is line 0, so this is the data row
            refuse(reason(LONG_RUN, limit=MAX_CELL, bytes=limit), line, "row")
    if run > limit:
        refuse(reason(LONG_RUN, limit=MAX_CELL, bytes=limit), data.count(b"\n"), "row")


def check_zip(data: bytes) -> None:
    """An XLSX is a zip: its entries' unpacked sizes are checked BEFORE openpyxl unpacks anything
    (a 1 MB workbook holding a 1 GB cell took 2.2 GB of memory on f5bb249)."""
    import zipfile

    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # openpyxl then says it is not a readable workbook
    total = sum(e.file_size for e in entries)
    if total > MAX_XLSX_UNPACKED:
        refuse(reason(UNPACKS_TOO_MUCH, size=total // (1024 * 1024), limit=MAX_XLSX_UNPACKED // (1024 * 1024)))
    for e in entries:
        if e.file_size > 1024 * 1024 and e.file_size > MAX_XLSX_RATIO * max(e.compress_size, 1):
            refuse(reason(UNPACK_RATIO, part=e.filename[:80], ratio=e.file_size // max(e.compress_size, 1),
                          limit=MAX_XLSX_RATIO))


def check_cells(table, columns) -> None:
    """No cell longer than MAX_CELL characters: named by its row and column."""
    import pyarrow.compute as pc

    for header, f in columns:
        arr = table.column(f)
        if arr.num_chunks == 0 or len(arr) == 0:
            continue
        if (pc.max(pc.binary_length(arr)).as_py() or 0) <= MAX_CELL:
            continue  # no more bytes than allowed characters: read from the offsets, no decoding
        longest = pc.max(pc.utf8_length(arr)).as_py() or 0
        if longest > MAX_CELL:
            row = pc.index(pc.greater(pc.utf8_length(arr), MAX_CELL), True).as_py() + 1
            refuse(reason(LONG_CELL, length=longest, limit=MAX_CELL), row, f)
