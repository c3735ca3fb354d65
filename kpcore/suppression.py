"""The suppression list: salted hashes of erased or objecting people (Art. 17, 21(3)).

An erased person must not come back with the next import, yet the register may not keep
their email or phone. So it keeps sha256(salt || normalised value), where the salt is a
random secret of this register (meta 'suppression_salt'): the list cannot be reversed
with a dictionary of common addresses without the register itself. DuckDB's built-in
sha256() computes the same digest, so a million-row import checks in SQL:
    sha256($salt || lower(trim(email)))
"""
from __future__ import annotations

import hashlib
import secrets

ALL_PURPOSES = "*"


def salt(q) -> str:
    rows = q.sql("SELECT value FROM meta WHERE key = 'suppression_salt'").fetchall()
    if rows:
        return rows[0][0]
    if not q.writable:
        return ""  # nothing was ever suppressed in this register
    value = secrets.token_hex(16)
    q.sql("INSERT INTO meta VALUES ('suppression_salt', ?)", [value])
    return value


def normalise(kind: str, value: str) -> str:
    value = value.strip()
    return value.lower() if kind == "email" else value.replace(" ", "")


def digest(salt_value: str, kind: str, value: str) -> str:
    return hashlib.sha256((salt_value + normalise(kind, value)).encode("utf-8")).hexdigest()


def suppress(w, *, email: str | None, phone: str | None, reason: str, purpose: str = ALL_PURPOSES) -> int:
    """Add the person's email and phone (E.164) hashes; returns how many were new."""
    s = salt(w)
    added = 0
    for kind, value in (("email", email), ("phone", phone)):
        if not value:
            continue
        h = digest(s, kind, value)
        if not w.sql("SELECT 1 FROM suppression WHERE hash = ? AND purpose = ?", [h, purpose]).fetchall():
            w.sql("INSERT INTO suppression (hash, kind, purpose, reason) VALUES (?, ?, ?, ?)", [h, kind, purpose, reason])
            added += 1
    return added


def is_suppressed(q, *, email: str | None = None, phone: str | None = None, purpose: str | None = None) -> bool:
    """True when the email or phone was erased (any purpose) or objected for `purpose`."""
    s = salt(q)
    if not s:
        return False
    hashes = [digest(s, k, v) for k, v in (("email", email), ("phone", phone)) if v]
    if not hashes:
        return False
    rows = q.sql("SELECT 1 FROM suppression WHERE list_contains(?, hash) AND (purpose = '*' OR purpose = ?) LIMIT 1",
                 [hashes, purpose or ALL_PURPOSES]).fetchall()
    return bool(rows)
