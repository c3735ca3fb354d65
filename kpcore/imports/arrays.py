"""Whole-column helpers over Arrow text: trimming, control characters, lengths, a check's hits,
dates. Each answers exactly what the per-value computation would, doing less where it can."""
from __future__ import annotations

from .. import safety

CONTROL_PATTERN = safety.CONTROL_PATTERN  # what kpcore.safety.has_control finds


def strings(values):
    import pyarrow as pa

    return pa.array(list(values), pa.string())


def _offsets(arr):
    """A string array's value offsets as numpy (no copy)."""
    import numpy as np
    import pyarrow as pa

    kind = np.int64 if pa.types.is_large_string(arr.type) else np.int32
    return np.frombuffer(arr.buffers()[1], dtype=kind, count=len(arr) + 1, offset=arr.offset * np.dtype(kind).itemsize)


def _whole_text(arr):
    """A string column's values end to end as ONE string, without copying (its data buffer)."""
    import numpy as np
    import pyarrow as pa

    off = _offsets(arr)
    data = arr.buffers()[2]
    if data is None:
        data = pa.py_buffer(b"")
    return pa.LargeStringArray.from_buffers(1, pa.py_buffer(np.array([off[0], off[-1]], np.int64)), data)


def control_mask(arr):
    """Mask of texts holding a control character (CONTROL_PATTERN). A control character is one code
    point, so a column has one exactly when its values' text end to end has one: that single
    scan answers the usual clean column, and only a column with a hit is checked value by value."""
    import numpy as np
    import pyarrow.compute as pc

    if len(arr) == 0 or not pc.match_substring_regex(_whole_text(arr), CONTROL_PATTERN)[0].as_py():
        return np.zeros(len(arr), dtype=bool)
    return pc.match_substring_regex(arr, CONTROL_PATTERN)


def trim(arr):
    """pc.utf8_trim_whitespace, skipped when no value can start or end with a blank: every Unicode
    blank is an ASCII byte <= 0x20 or a multi-byte character (first and last byte >= 0x80), so a
    column whose values' first and last bytes are all printable ASCII has nothing to trim."""
    import numpy as np
    import pyarrow.compute as pc

    if len(arr) == 0 or arr.null_count or arr.buffers()[2] is None:
        return pc.utf8_trim_whitespace(arr)
    off = _offsets(arr)
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)
    filled = off[1:] > off[:-1]
    first, last = data[off[:-1][filled]], data[off[1:][filled] - 1]
    if ((first <= 0x20) | (first >= 0x80) | (last <= 0x20) | (last >= 0x80)).any():
        return pc.utf8_trim_whitespace(arr)
    return arr


def hits(mask):
    """Row indices where a check's mask (numpy or Arrow, NULL = no) is true. Most checks find
    nothing: asked of Arrow first (no copy), only a mask with a hit is turned into numpy."""
    import numpy as np
    import pyarrow.compute as pc

    if isinstance(mask, np.ndarray):
        return np.flatnonzero(mask)
    if not pc.any(mask).as_py():
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(pc.fill_null(mask, False).to_numpy(zero_copy_only=False))


def longer_than(arr, limit: int):
    """Mask of texts of more than `limit` characters; a column whose every text has at most `limit`
    bytes (so at most as many characters) is answered from its offsets without decoding UTF-8."""
    import numpy as np
    import pyarrow.compute as pc

    if (pc.max(pc.binary_length(arr)).as_py() or 0) <= limit:
        return np.zeros(len(arr), dtype=bool)
    return pc.greater(pc.utf8_length(arr), limit)


def days(q, raw):
    """Dates (ISO 2026-11-24 or Finnish 24.11.2026; NULL where neither) of a text column: a file
    holds a few hundred distinct days in a million rows, so the distinct ones are parsed (by DuckDB)
    and mapped back."""
    import pyarrow as pa
    import pyarrow.compute as pc

    enc = pc.dictionary_encode(raw)
    q.cursor.register("kp_import_dates", pa.table({"x": enc.dictionary}))
    try:
        parsed = q.cursor.sql("SELECT COALESCE(try_strptime(x, '%Y-%m-%d'), try_strptime(x, '%d.%m.%Y'))::DATE AS d "
                              "FROM kp_import_dates").to_arrow_table().column("d").combine_chunks()
    finally:
        q.cursor.unregister("kp_import_dates")
    return pc.take(parsed, enc.indices)
