"""The only module that opens the DuckDB register file.

DuckDB lets one process at a time hold a file for writing, and a writer keeps every
other process out, readers included. So nobody holds the file for long: every unit of
work (a dashboard rerun, one CLI command, one import) opens it, does its work and
closes it. When another process holds the lock we wait and retry for a while, and only
then report `RegisterBusy` in plain words: a raw DuckDB lock error never reaches a user.

Every write is one transaction that also appends its hash-chained audit event, so a
change and its record are committed together or not at all.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import duckdb

from . import safety, sqlfiles
from .i18n import N_
from .errors import (KpError, RegisterBusy, RegisterMissing, RegisterUnwritable,
                     SchemaMismatch)

SCHEMA_VERSION = 4
GENESIS_HASH = "0" * 64
DEFAULT_WAIT_SECONDS = 90.0

_process_locks: dict[str, "_ReadWriteLock"] = {}
_process_locks_guard = threading.Lock()
_open = threading.local()  # path -> (connection, writable) held by this thread
_data_stamps: dict[str, tuple] = {}  # path -> (file stamp, data stamp) last seen
_memo: dict[tuple, Any] = {}  # (path, data version, name, args) -> value (Query.per_version)
_memo_lock = threading.Lock()
_memo_busy: dict[tuple, threading.Event] = {}  # keys being computed now


from .paths import default_path  # noqa: E402,F401 (kpcore.db.default_path, as before)


class _ReadWriteLock:
    """Within this process, many readers of a register at once or one writer alone.

    DuckDB lets a process hold a file read-only or read-write, not both at once; reads may run
    side by side (a page's read is not held up behind a seconds-long read computed beside the
    page, issue 16 §6). A waiting writer goes before readers that arrive after it."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False
        self._writers_waiting = 0

    @contextmanager
    def hold(self, write: bool) -> Iterator[None]:
        with self._cond:
            if write:
                self._writers_waiting += 1
                try:
                    self._cond.wait_for(lambda: not self._writer and self._readers == 0)
                finally:
                    self._writers_waiting -= 1
                self._writer = True
            else:
                self._cond.wait_for(lambda: not self._writer and not self._writers_waiting)
                self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                if write:
                    self._writer = False
                else:
                    self._readers -= 1
                self._cond.notify_all()


def _lock_for(path: str) -> _ReadWriteLock:
    with _process_locks_guard:
        return _process_locks.setdefault(path, _ReadWriteLock())


def _is_lock_conflict(exc: Exception) -> bool:
    text = str(exc)
    return "Could not set lock" in text or "Conflicting lock" in text


def _plain(exc: Exception) -> str:
    """DuckDB's message without its 'See also <url>' tail."""
    return str(exc).split(" See also ")[0].strip()


_DISK_FULL = ("No space left", "File too large", "Disk quota")
_READ_ONLY = ("Read-only file system", "Permission denied")


def _unwritable(path, exc: Exception) -> RegisterUnwritable | None:
    """A DuckDB error that means the file could not be written (full disk, read-only), as the
    plain RegisterUnwritable a user is shown; None for any other error."""
    text = str(exc)
    if any(s in text for s in _DISK_FULL):
        msg = N_("The disk is full; nothing was saved ({path}). Free some space or check the file's "
                 "permissions, then try again.")
    elif any(s in text for s in _READ_ONLY):
        msg = N_("The register file or its folder is read-only; nothing was saved ({path}). Free some "
                 "space or check the file's permissions, then try again.")
    elif "Could not write" in text or "Failed to commit" in text:
        msg = N_("The register file could not be written; nothing was saved ({path}). Free some space "
                 "or check the file's permissions, then try again.")
    else:
        return None
    return RegisterUnwritable(msg, path=str(path))


def audit_hash(prev_hash: str, event: dict[str, Any]) -> str:
    body = json.dumps(event, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


@dataclass
class Query:
    """A cursor on an open register with helpers that run named queries (sql/queries)."""

    cursor: duckdb.DuckDBPyConnection
    writable: bool
    register_path: Path | None = None   # where the register's key files sit (kpcore.keys)
    # Set once a statement names the audit log: such a result changes with every event
    # (a view, a download), not only with the data (Register.data_stamp).
    reads_audit: bool = False
    # Results worked out once per read-only unit of work (a read sees one state of the file;
    # no writer can run meanwhile): see kpcore.notice.requirements.per_read.
    memo: dict = field(default_factory=dict)

    def _run(self, name: str, params: dict | None):
        text = sqlfiles.query(name)
        if "audit_log" in text and "kp:audit-follows-data" not in text:
            self.reads_audit = True
        return self.cursor.execute(text, params or {})

    def all(self, name: str, params: dict | None = None) -> list[dict[str, Any]]:
        cur = self._run(name, params)
        cols = [d[0] for d in cur.description or []]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    def one(self, name: str, params: dict | None = None) -> dict[str, Any] | None:
        rows = self.all(name, params)
        return rows[0] if rows else None

    def cached(self, name: str, params: dict | None = None) -> list[dict[str, Any]]:
        """all(), run once per read-only unit of work: the notice's small tables, which the access
        report reads for its warning, its marks and each language (issue 18 §5: a query is not run
        twice). Each caller gets its own copies of the rows (callers add keys); a writer always re-runs."""
        if self.writable:
            return self.all(name, params)
        key = ("query", name, tuple(sorted((params or {}).items())))
        if key not in self.memo:
            self.memo[key] = self.all(name, params)
        return [dict(r) for r in self.memo[key]]

    def value(self, name: str, params: dict | None = None) -> Any:
        rows = self._run(name, params).fetchall()
        return rows[0][0] if rows else None

    def run(self, name: str, params: dict | None = None) -> None:
        self._run(name, params).fetchall()

    def df(self, name: str, params: dict | None = None):
        """A pandas DataFrame (pandas is imported only by callers that ask for one)."""
        return self._run(name, params).df()

    def sql(self, text: str, params: Any = None):
        """Escape hatch for statements built from fixed parts (bulk loads, schema)."""
        if "audit_log" in text:
            self.reads_audit = True
        return self.cursor.execute(text, params or [])

    def data_version(self) -> str | None:
        """The data token this unit of work sees (meta 'data_version', renewed by every write
        that changes data, Register.data_stamp); None inside a write or without a token."""
        if self.writable:
            return None
        rows = self.cursor.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchall()
        return rows[0][0] if rows else None

    def per_version(self, name: str, args: tuple, compute: Callable[[], Any]) -> Any:
        """compute() once per data version of the register, in this process: a read over every
        contact (seconds at a million) that several views need (the overview's inbox and the
        compliance findings) is made once until the data changes. Keyed on the version this read
        sees, so a result is never reused across a change; not used inside a write (its data is
        not committed) nor for reads of the audit log (events do not move the version)."""
        version = self.data_version()
        if version is None or self.register_path is None:
            return compute()
        key = (str(self.register_path), version, name, args)
        while True:
            with _memo_lock:
                if key in _memo:
                    return _memo[key]
                busy = _memo_busy.get(key)
                if busy is None:  # this thread computes it; others asking meanwhile wait for it
                    busy = _memo_busy[key] = threading.Event()
                    break
            busy.wait()
        try:
            value = compute()
            with _memo_lock:
                _memo[key] = value
                while len(_memo) > 64:  # the oldest go first
                    _memo.pop(next(iter(_memo)))
        finally:
            with _memo_lock:
                _memo_busy.pop(key, None)
            busy.set()  # a waiter finds the value, or (after a failure) computes it itself
        return value


@dataclass
class Writer(Query):
    """A query helper inside a write transaction; collects audit events to append."""

    actor: str = "system"
    events: list[dict[str, Any]] = field(default_factory=list)
    # Set by a write that found nothing to change and only records its events (a sign-in with
    # nothing to reset): the data stamp stays, and with it the dashboard's read caches.
    audit_only: bool = False

    def audit(self, action: str, object_type: str | None = None, object_id: Any = None,
              detail: dict | None = None) -> None:
        """Record an event. `detail` holds ids, keys and counts, never personal data."""
        self.events.append({"action": action, "object_type": object_type,
                            "object_id": None if object_id is None else str(object_id),
                            "detail": json.dumps(detail, sort_keys=True, default=str) if detail else None})


def require_current(register, found: int) -> None:
    """Refuse a register of another schema version; kpcore.migrations upgrades an older one."""
    if found > SCHEMA_VERSION:
        raise SchemaMismatch(
            N_("{path} was written by a newer kpcore (schema {found}, this one knows "
               "{known}). Upgrade kpcore; the register was not changed."),
            path=str(register.path), found=found, known=SCHEMA_VERSION)
    raise SchemaMismatch(
        N_("{path} has schema version {found}; this kpcore needs {known}. "
           "Back it up (copy the file) and run: kp migrate --db {path}"),
        path=str(register.path), found=found, known=SCHEMA_VERSION)


class Register:
    """Handle on one register file. Cheap to create; holds no connection between uses."""

    def __init__(self, path: str | os.PathLike | None = None, *, wait_seconds: float | None = None):
        self.path = Path(path).expanduser() if path else default_path()
        if wait_seconds is None:
            wait_seconds = float(os.environ.get("KP_WAIT_SECONDS", DEFAULT_WAIT_SECONDS))
        self.wait_seconds = wait_seconds

    def __repr__(self) -> str:
        return f"Register({str(self.path)!r})"

    # -- version stamp: changes whenever any process commits a write -----------------
    def stamp(self) -> tuple:
        """A cheap value that changes after every committed write (for caches)."""
        out = []
        for p in (self.path, Path(str(self.path) + ".wal")):
            try:
                st = p.stat()
                out.append((st.st_mtime_ns, st.st_size))
            except FileNotFoundError:
                out.append(None)
        return tuple(out)

    def data_stamp(self) -> tuple:
        """A value that changes when the register's data changes, but not when only audit
        events are appended (viewing a person, a download, a sign-in).

        Every write but `record()` sets meta 'data_version' to a new random token in its
        own transaction. The token is read only when the file stamp has moved since the
        last look, so an unchanged register costs a stat. A register without the token
        (an older file, a new one before its first change) falls back to the file stamp.
        A whole file put in place (a restore) brings its own token: equal tokens mean
        equal data.
        """
        key = str(self.path)
        stamp = self.stamp()
        seen = _data_stamps.get(key)
        if seen is not None and seen[0] == stamp:
            return seen[1]
        token = None
        if self.path.is_file():
            with self.read() as q:
                rows = q.sql("SELECT value FROM meta WHERE key = 'data_version'").fetchall()
            token = rows[0][0] if rows else None
        result = ("data", token) if token else ("file", stamp)
        _data_stamps[key] = (stamp, result)
        return result

    def exists(self) -> bool:
        return self.path.is_file()

    # -- connections ---------------------------------------------------------------
    def _connect(self, writable: bool) -> duckdb.DuckDBPyConnection:
        if not self.path.is_file():
            raise RegisterMissing(
                N_("No register at {path}. Create one with: kp init --db {path}"), path=str(self.path))
        if writable and not os.access(self.path, os.W_OK):
            raise RegisterUnwritable(N_("The register {path} is read-only; changes cannot be saved."),
                                     path=str(self.path))
        deadline = time.monotonic() + self.wait_seconds
        delay = 0.02
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=not writable)
            except duckdb.IOException as exc:
                if not _is_lock_conflict(exc):
                    raise RegisterUnwritable(N_("The register {path} cannot be opened: {error}"),
                                             path=str(self.path), error=_plain(exc)) from None
                if time.monotonic() >= deadline:
                    raise RegisterBusy(
                        N_("The register {path} is in use by another program (for example a long "
                           "import). Waited {seconds} s; try again when it has finished."),
                        path=str(self.path), seconds=f"{self.wait_seconds:.0f}") from None
                time.sleep(delay)
                delay = min(delay * 1.5, 0.5)

    def _check_schema(self, con: duckdb.DuckDBPyConnection) -> None:
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
        except duckdb.CatalogException:
            raise SchemaMismatch(N_("{path} is not a KuntaPlus register (no meta table)."),
                                 path=str(self.path)) from None
        found = int(row[0][0]) if row else 0
        if found != SCHEMA_VERSION:
            require_current(self, found)

    @contextmanager
    def _connection(self, writable: bool) -> Iterator[duckdb.DuckDBPyConnection]:
        key = str(self.path.resolve()) if self.path.exists() else str(self.path)
        held: dict = getattr(_open, "held", None) or {}
        _open.held = held
        if key in held:  # nested use in the same thread: reuse the open connection
            con, held_writable = held[key]
            if writable and not held_writable:
                raise RuntimeError("a write was started inside a read of the same register")
            yield con
            return
        lock = _lock_for(key)
        # a writer creates the WAL (and a new file) readable by its owner only (#15 §6)
        with lock.hold(writable), (safety.private_umask() if writable else contextlib.nullcontext()):
            con = self._connect(writable)
            held[key] = (con, writable)
            try:
                self._check_schema(con)
                yield con
            finally:
                del held[key]
                con.close()

    @contextmanager
    def session(self, writable: bool = False) -> Iterator[None]:
        """One connection for several units of work in this thread: the reads and writes inside
        reuse it (a read inside a writable session reads through the writer's connection). For a
        short-lived command (kp sar reads, builds, records): opening a large register costs tens
        of milliseconds each time (issue 18 §5). The lock is held for the whole session, so the
        dashboard does not use it."""
        with self._connection(writable):
            yield

    @contextmanager
    def read(self) -> Iterator[Query]:
        """A read-only unit of work. Other processes may read at the same time."""
        with self._connection(writable=False) as con:
            cur = con.cursor()
            try:
                yield Query(cur, writable=False, register_path=self.path)
            finally:
                cur.close()

    def write(self, actor: str, action: str | None = None, object_type: str | None = None,
              object_id: Any = None, detail: dict | None = None):
        """One transaction: the change and its audit event(s) commit together or not at all.

        If `action` is given it is recorded as the main event; more may be added with
        `w.audit(...)`. A write with no event at all is refused: every change is audited.
        """
        return self._write(actor, action, object_type, object_id, detail, audit_only=False)

    @contextmanager
    def _write(self, actor: str, action: str | None, object_type: str | None, object_id: Any,
               detail: dict | None, *, audit_only: bool) -> Iterator[Writer]:
        with self._connection(writable=True) as con:
            nested = getattr(con, "_kp_in_tx", False)
            cur = con.cursor()
            w = Writer(cur, writable=True, register_path=self.path, actor=actor)
            if action:
                w.audit(action, object_type, object_id, detail)
            if nested:
                raise RuntimeError("nested write transactions are not supported")
            cur.execute("BEGIN TRANSACTION")
            try:
                yield w
                if not w.events:
                    raise RuntimeError("a write must record at least one audit event")
                if not (audit_only or w.audit_only):  # the data changed: caches keyed on data_stamp() miss
                    cur.execute("INSERT OR REPLACE INTO meta VALUES ('data_version', ?)", [uuid.uuid4().hex])
                tip = append_audit(cur, actor, w.events)
                cur.execute("COMMIT")
            except BaseException as exc:
                try:
                    cur.execute("ROLLBACK")
                except duckdb.Error:
                    pass
                if isinstance(exc, duckdb.Error):
                    unwritable = _unwritable(self.path, exc)
                    if unwritable is not None:
                        raise unwritable from None
                raise
            finally:
                cur.close()
            # the new tip, outside the register (kpcore.anchor, #15 §5); still under the write
            # lock, so the anchor log's order is the chain's order
            from . import anchor
            try:
                anchor.append(self.path, *tip)
            except OSError:  # the write is committed: a full disk here only delays the anchor
                pass         # to the next write; verify checks against the latest anchor written

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the file (CHECKPOINT cannot run inside a transaction)."""
        with self._connection(writable=True) as con:
            con.execute("CHECKPOINT")

    def rewrite_file(self) -> None:
        """Copy the register into a fresh file of live rows only and put it in place of the old one.

        DuckDB does not overwrite the blocks deleted rows freed, so their old bytes stay in the
        file until something reuses the block. The copy is made while this process holds the
        write lock and replaces the file before the lock is let go, so every later opener gets
        the new file and no write lands in the old one. A DuckDB error is raised as it is (the
        caller says what it means for its work); no temporary file is left behind.
        """
        tmp = self.path.with_name(self.path.name + ".compact")
        for leftover in (tmp, Path(str(tmp) + ".wal")):
            leftover.unlink(missing_ok=True)
        with self._connection(writable=True) as con:
            con.execute("CHECKPOINT")
            name = con.execute("SELECT current_database()").fetchall()[0][0]
            quoted_path = str(tmp).replace("'", "''")
            quoted_name = name.replace('"', '""')
            con.execute(f"ATTACH '{quoted_path}' AS kp_compact")
            try:
                con.execute(f'COPY FROM DATABASE "{quoted_name}" TO kp_compact')
                con.execute("DETACH kp_compact")
            except BaseException:
                con.execute("DETACH DATABASE IF EXISTS kp_compact")
                tmp.unlink(missing_ok=True)
                Path(str(tmp) + ".wal").unlink(missing_ok=True)
                raise
            os.replace(tmp, self.path)

    def record(self, actor: str, action: str, object_type: str | None = None,
               object_id: Any = None, detail: dict | None = None) -> None:
        """Write an audit event on its own (views of a person, downloads, sign-ins).

        The data is unchanged, so data_stamp() stays as it was and read caches stay warm."""
        with Register._write(self, actor, action, object_type, object_id, detail, audit_only=True):
            pass


def append_audit(cur: duckdb.DuckDBPyConnection, actor: str, events: list[dict]) -> tuple[int, str]:
    last = cur.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchall()
    seq, prev = (last[0][0], last[0][1]) if last else (0, GENESIS_HASH)
    now = dt.datetime.now().replace(microsecond=0)
    for ev in events:
        seq += 1
        row = {"seq": seq, "at": now.isoformat(sep=" "), "actor": actor, **ev}
        digest = audit_hash(prev, row)
        cur.execute(
            "INSERT INTO audit_log (seq, event_at, actor, action, object_type, object_id, detail, prev_hash, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [seq, now, actor, ev["action"], ev["object_type"], ev["object_id"], ev["detail"], prev, digest])
        prev = digest
    return seq, prev


def create(path: str | os.PathLike, *, force: bool = False, actor: str = "system") -> Register:
    """Create a new register with the schema and the company's facts (kpcore.seed)."""
    from . import seed

    path = Path(path).expanduser()
    if path.exists():
        if not force:
            raise KpError(N_("{path} exists already. Use --force to replace it (its data is lost)."), path=str(path))
        path.unlink()
        Path(str(path) + ".wal").unlink(missing_ok=True)
        Path(str(path) + ".suppression.ledger").unlink(missing_ok=True)  # #11: the old register's erasure ledger
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with safety.private_umask():  # the register readable by its owner only (#15 §6), whatever the umask
            con = duckdb.connect(str(path))
    except duckdb.IOException as exc:
        path.unlink(missing_ok=True)  # a full disk may leave a stub behind
        Path(str(path) + ".wal").unlink(missing_ok=True)
        raise RegisterUnwritable(N_("Cannot create {path}: {error}"), path=str(path), error=_plain(exc)) from None
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute(sqlfiles.schema_sql())
        con.execute("INSERT INTO meta VALUES ('schema_version', ?), ('created_at', ?)",
                    [str(SCHEMA_VERSION), dt.datetime.now().isoformat(timespec="seconds")])
        seed.load(con)
        tip = append_audit(con, actor, [{"action": "register.create", "object_type": "register",
                                         "object_id": None, "detail": json.dumps({"schema_version": SCHEMA_VERSION})}])
        con.execute("COMMIT")
    except BaseException as exc:
        con.close()
        path.unlink(missing_ok=True)
        Path(str(path) + ".wal").unlink(missing_ok=True)
        if isinstance(exc, duckdb.Error) and "No space left" in str(exc):
            raise RegisterUnwritable(N_("Cannot create {path}: the disk is full."), path=str(path)) from None
        raise
    con.close()
    from . import anchor, keys

    keys.create_all(path)  # the suppression and audit keys, outside the register file
    anchor.append(path, *tip)
    return Register(path)
