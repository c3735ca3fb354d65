"""The audit trail's anchor outside the register (issue #15 §5, GDPR Art. 5(2) and 32(1)(b)).

The hash chain inside the register proves order and content only to someone who cannot
rewrite the whole file: deleting every event verified as "intact: 0 events", and an edit
followed by recomputing every hash verified too. So every write session appends the chain's
tip (sequence number and hash) to an append-only log BESIDE the register,
``<register>.audit-anchor.log`` (0600), each line sealed with a keyed MAC (HMAC-SHA-256 with
the register's ``audit`` key from kpcore.keys, which is not in the register file).

`check(q)` compares the chain with the latest anchor: the anchored event must still be there
with the same hash. A wiped chain (no such event), a truncated one (fewer events) or a rehashed
one (another hash) fails; a forged anchor line fails its MAC. Where the log is missing but the
register has an audit key, that is a failure too (the log was removed). We take the reading
that protects the people in the register: a trail that cannot be confirmed is reported as not
confirmed, never as intact.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
from pathlib import Path

from . import keys, safety
from .errors import Said
from .i18n import N_


def log_path(register_path: str | os.PathLike) -> Path:
    p = Path(register_path)
    return p.with_name(f"{p.name}.audit-anchor.log")


def _mac(key: bytes, seq: int, digest: str, at: str) -> str:
    return hmac.new(key, f"{seq}\t{digest}\t{at}".encode("ascii"), hashlib.sha256).hexdigest()


def append(register_path: str | os.PathLike, seq: int, digest: str) -> None:
    """Append the chain's tip to the anchor log (created 0600 with the audit key if missing)."""
    key = keys.get(register_path, "audit", create=True)
    at = dt.datetime.now().replace(microsecond=0).isoformat()
    line = f"{seq}\t{digest}\t{at}\t{_mac(key, seq, digest, at)}\n"
    with safety.open_private(log_path(register_path), "a", encoding="ascii") as fh:
        fh.write(line)
        fh.flush()
        os.fsync(fh.fileno())


def seal(register_path: str | os.PathLike, seq: int, digest: str) -> str:
    """The tip's seal for an issued document (the quarterly report, #15 §5): HMAC-SHA-256 of
    "tip", the sequence number and the hash with the register's audit key. Only a holder of the
    key (outside the register file) can make it, so a trail rewritten and re-hashed afterwards
    cannot produce a matching tip and seal; `kp audit verify --expect-tip SEQ:HASH` checks the tip."""
    key = keys.get(register_path, "audit", create=True)
    return hmac.new(key, f"tip\t{int(seq)}\t{digest}".encode("ascii"), hashlib.sha256).hexdigest()


def latest(register_path: str | os.PathLike) -> tuple[int, str, str] | None:
    """(seq, hash, at) of the last anchor whose MAC is right; None when there is no log.
    Raises ValueError naming the line when a line's MAC is wrong (a forged or edited anchor)."""
    path = log_path(register_path)
    if not path.is_file():
        return None
    key = keys.get(register_path, "audit")
    last = None
    with path.open(encoding="ascii", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4 or not parts[0].isdigit():
                if line.strip():
                    raise ValueError(Said(N_("line {n} is malformed"), n=n))
                continue
            seq, digest, at, mac = int(parts[0]), parts[1], parts[2], parts[3]
            if not hmac.compare_digest(_mac(key, seq, digest, at), mac):
                raise ValueError(Said(N_("line {n} does not carry the audit key's seal (forged or edited)"), n=n))
            last = (seq, digest, at)
    return last


def register_path_of(q) -> Path | None:
    """The file behind an open register (None for an in-memory database)."""
    rows = q.sql("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchall()
    return Path(rows[0][0]) if rows and rows[0][0] else None


def _text_of(exc: ValueError):
    """What latest() found wrong, as a parameter in the reader's language (its Said's .text)."""
    said = exc.args[0] if exc.args else str(exc)
    return said.text if isinstance(said, Said) else str(said)


def check(q, result) -> None:
    """Add the anchor's verdict to an audit.VerifyResult (its chain already walked)."""
    path = register_path_of(q)
    if path is None:
        return
    try:
        anchor = latest(path)
    except ValueError as exc:
        result.ok = False
        result.problems.append(Said(N_("anchor log: {problem}"), problem=_text_of(exc)))
        return
    except keys.KeyMissing:
        result.ok = False
        result.problems.append(Said(N_("anchor log: the audit key is missing, so the anchors cannot be checked")))
        return
    if anchor is None:
        if keys.exists(path, "audit"):
            result.ok = False
            result.problems.append(Said(N_("anchor log: {file} is missing beside the register (it was removed: "
                                           "the trail cannot be confirmed)"), file=log_path(path).name))
        return
    seq, digest, _ = anchor
    result.anchored_seq = seq
    with_seq = q.sql("SELECT hash FROM audit_log WHERE seq = ?", [seq]).fetchall()
    if not with_seq:
        result.ok = False
        if result.first_bad_seq is None:
            result.first_bad_seq = seq
        result.problems.append(Said(N_("anchor: event {seq} was anchored but is no longer in the log (events were "
                                       "deleted: {left} left)"), seq=seq, left=result.events))
    elif with_seq[0][0] != digest:
        result.ok = False
        if result.first_bad_seq is None:
            result.first_bad_seq = seq
        result.problems.append(Said(N_("anchor: event {seq} has another hash than was anchored (the chain was "
                                       "rewritten and its hashes recomputed)"), seq=seq))
