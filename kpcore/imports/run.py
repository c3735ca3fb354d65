"""An import from file to register (see kpcore.imports): read and check everything holding no
lock, then one write transaction."""
from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .. import safety
from ..db import Query, Register
from ..errors import ValidationFailed
from ..filetext import refuse
from ..i18n import N_
from . import reasons
from .bounds import max_file_bytes, too_big
from .reading import read_file
from .rejected import rejected_csv
from .result import ImportResult
from .validation import validate
from .writing import apply


class _NoPandas:
    """Import hook refusing `pandas` while an import runs (see without_pandas)."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("pandas is not used by a contacts import")
        return None


@contextmanager
def own_process():
    """For `kp import contacts`, whose process does this one import and ends: pyarrow loads no
    pandas (without_pandas), and Arrow's allocator (mimalloc) keeps the memory it frees for the
    next column instead of handing it back to the system 10 ms later and faulting it in again
    (MIMALLOC_PURGE_DELAY=-1; measured: 1.3-1.6 s less CPU for a million rows, mostly system time,
    the same peak memory). The allocator reads the setting when pyarrow loads, so only a process
    that has not loaded pyarrow yet is changed (the variable is given back at once; one set by the
    administrator is kept)."""
    if "pyarrow" not in sys.modules and "MIMALLOC_PURGE_DELAY" not in os.environ:
        os.environ["MIMALLOC_PURGE_DELAY"] = "-1"
        try:
            importlib.import_module("pyarrow")  # the allocator starts here, reading the setting
        finally:
            del os.environ["MIMALLOC_PURGE_DELAY"]
    with without_pandas():
        yield


@contextmanager
def without_pandas():
    """pyarrow imports pandas the first time it converts a Python value (a list, a scalar), only to
    learn that the value is not a pandas object: 0.4 s of CPU in a `kp import` that uses no pandas.
    In a process that has not imported pandas, this keeps pyarrow from importing it for the
    duration (pyarrow then treats every value as the plain Python value it is) and afterwards
    lets pyarrow look again, so nothing later in the process sees a difference. A process that
    already has pandas (the dashboard) is left as it is. For one process's own command only:
    while it is in effect `import pandas` fails in every thread."""
    if "pandas" in sys.modules:
        yield
        return
    import pyarrow.lib

    sys.meta_path.insert(0, _NoPandas)
    try:
        yield
    finally:
        sys.meta_path.remove(_NoPandas)
        pyarrow.lib._pandas_api.__init__()  # forget "pandas is missing": the next conversion looks again


class _Lookups:
    """What reading and checking a file needs from the register (categories, purposes, sources),
    fetched in one short read, so that the file itself is parsed and validated holding no lock
    on the register; an in-memory DuckDB does the checks' computation."""

    NAMES = ("data_categories", "purposes", "sources", "purpose_categories")

    def __init__(self, q: Query):
        import duckdb

        self._rows = {n: q.all(n) for n in self.NAMES}
        self.cursor = duckdb.connect()

    def all(self, name: str, params: dict | None = None) -> list[dict[str, Any]]:
        return self._rows[name]

    def close(self) -> None:
        self.cursor.close()


def import_file(reg: Register, path_or_bytes: str | Path | bytes, *, actor: str, filename: str | None = None,
                dry_run: bool = False, skip_invalid: bool = False, today: dt.date | None = None) -> ImportResult:
    """Validate and import a contacts file as one transaction (see the module docstring).

    Raises ValidationFailed listing every bad row (row number, field, reason) when a row is
    invalid and skip_invalid is False; the register is then unchanged. A dry run reads and
    checks everything and reports what would happen, without writing anything.
    """
    limit = max_file_bytes()
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        src_path = None
        if len(path_or_bytes) > limit:
            refuse(too_big(len(path_or_bytes), limit))
        data = bytes(path_or_bytes)
    else:
        src_path = Path(path_or_bytes)
        try:
            size = src_path.stat().st_size
            if size > limit:  # refused before a byte of it is read
                refuse(too_big(size, limit))
            data = src_path.read_bytes()
        except OSError as exc:
            from ..errors import KpError
            raise KpError(N_("cannot read {file}: {error}"), file=str(src_path), error=exc.strerror or str(exc)) from None
        filename = filename or src_path.name
    today = today or dt.date.today()
    fingerprint = hashlib.sha256(data).hexdigest()[:16]
    written: list[Path] = []

    # Read and check the whole file holding no lock: only a short read of the lookup tables
    # before, and only the final insert (_apply) inside the write transaction (#15 §3).
    with reg.read() as q:
        lookups = _Lookups(q)
    try:
        parsed = read_file(lookups, data, filename or "")
        clean, problems, bad = validate(lookups, parsed.table, today)
    finally:
        lookups.close()

    # Blank lines (every field empty, as Excel leaves them) are not rows at all.
    import numpy as np
    import pyarrow.compute as pc
    # Only the rows whose first column is blank can be blank: the other columns are read for those alone.
    blank = np.zeros(parsed.table.num_rows, dtype=bool)
    names = parsed.table.column_names
    if names:
        maybe = pc.indices_nonzero(pc.equal(pc.utf8_trim_whitespace(parsed.table.column(names[0])), ""))
        if len(maybe):
            few = parsed.table.take(maybe)
            all_blank = np.ones(len(maybe), dtype=bool)
            for c in names[1:]:
                all_blank &= pc.equal(pc.utf8_trim_whitespace(few.column(c)), "").to_numpy(zero_copy_only=False)
            blank[maybe.to_numpy()[all_blank]] = True
    if blank.any():
        problems = [p for p in problems if not blank[p.row - 1]]
        bad = bad & ~blank
    rejected = int(bad.sum())
    if rejected and not skip_invalid:
        raise ValidationFailed(problems, reasons.reason(reasons.INVALID_ROWS, rows=rejected, problems=len(problems)))
    rejected_data = rejected_csv(parsed, bad, problems) if rejected else None
    work_bad = bad | blank

    def run(q: Query) -> ImportResult:
        counts = apply(q, clean, work_bad, dry_run=dry_run)
        rejected_path = None
        if rejected_data and src_path is not None and not dry_run:
            out = src_path.with_name(src_path.stem + ".rejected.csv")
            try:  # inside the transaction: if the rows cannot be kept, nothing is imported
                safety.write_private(out, rejected_data)  # 0600: it holds personal data (#15 §6)
                q.sql("INSERT OR REPLACE INTO rejected_file (path, created_on, rows) VALUES (?, ?, ?)",
                      [str(out.resolve()), today, rejected])  # #11: listed for erasure, removed by purge
            except OSError as exc:
                from ..errors import KpError
                raise KpError(N_("cannot write the rejected rows to {path}: {error}; nothing was imported"),
                              path=str(out), error=exc.strerror or str(exc)) from None
            written.append(out)
            rejected_path = str(out)
        return ImportResult(rows=int(parsed.table.num_rows - blank.sum()), rejected=rejected, problems=tuple(problems),
                            rejected_csv=rejected_path, dry_run=dry_run, columns=tuple(parsed.columns),
                            ignored_columns=tuple(parsed.ignored), rejected_data=rejected_data, **counts)

    if dry_run:
        with reg.read() as q:
            return run(q)
    try:
        with reg.write(actor) as w:
            result = run(w)
            w.audit("contacts.import", "import", fingerprint,
                    {k: v for k, v in result.summary().items() if k not in ("rejected_csv", "ignored_columns")}
                    | {"ignored_columns": len(result.ignored_columns)})
    except BaseException:
        for out in written:  # the import did not happen: no stray rejected-rows file either
            out.unlink(missing_ok=True)
        raise
    return result
