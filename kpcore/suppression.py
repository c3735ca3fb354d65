"""The suppression list: keyed hashes of erased or objecting people (Art. 17, 21(3)).

An erased person must not come back with the next import, and an objection to direct
marketing (Art. 21(3): absolute, effective at once) must hold also for someone the company
finds again later; yet the register may not keep their email or phone. So it keeps

    HMAC-SHA256(key, sha256(salt || normalised value))

The key is the register's "suppression" key (kpcore.keys): a 0600 file beside the register
or KP_SUPPRESSION_KEY, never inside the register file, so the register alone (a stolen copy,
a backup's Parquet files) cannot confirm that a guessed address was erased. The salt
(meta 'suppression_salt') is what registers of schema 1 hashed with; their plain salted
digests are migrated by applying the HMAC to them (`migrate_to_hmac`), so every entry made
before the key existed still matches. DuckDB computes the same HMAC from its sha256(), so a
million-row import checks in SQL (`sql_hash`).

Losing the key: the entries can no longer be matched, so erased and objecting people could be
imported again. `kp init` creates the key and `kp backup` keeps a copy; without it the register
refuses to suppress or check anyone (KeyMissing explains where the key was looked for).

Every suppression and every lift is also appended to the erasure ledger beside the register
(`<register>.suppression.ledger`, JSON lines of keyed hashes, 0600): `kp restore` re-applies
the lines written after a backup was taken, so a restored backup never brings back a person
erased or opted out later (see kpcore.backup).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
from pathlib import Path

from . import keys
from .safety import open_private

ALL_PURPOSES = "*"
SCHEME = "hmac-sha256"


def salt(q) -> str:
    rows = q.sql("SELECT value FROM meta WHERE key = 'suppression_salt'").fetchall()
    if rows:
        return rows[0][0]
    if not q.writable:
        return ""  # nothing was ever suppressed in this register
    value = secrets.token_hex(16)
    q.sql("INSERT INTO meta VALUES ('suppression_salt', ?)", [value])
    q.sql("INSERT OR REPLACE INTO meta VALUES ('suppression_scheme', ?)", [SCHEME])
    return value


def _key(q, *, create: bool = False) -> bytes:
    if q.register_path is None:
        raise keys.KeyMissing("the register's suppression key cannot be found (no register path)")
    return keys.get(q.register_path, "suppression", create=create)


def _pads(key: bytes) -> tuple[bytes, bytes]:
    k = hashlib.sha256(key).digest() if len(key) > 64 else key
    k = k.ljust(64, b"\0")
    return bytes(b ^ 0x36 for b in k), bytes(b ^ 0x5C for b in k)


def normalise(kind: str, value: str) -> str:
    value = value.strip()
    return value.lower() if kind == "email" else value.replace(" ", "")


def keyed(key: bytes, inner_hex: str) -> str:
    return hmac.new(key, inner_hex.encode("ascii"), hashlib.sha256).hexdigest()


def digest_with(key: bytes, salt_value: str, kind: str, value: str) -> str:
    inner = hashlib.sha256((salt_value + normalise(kind, value)).encode("utf-8")).hexdigest()
    return keyed(key, inner)


def sql_params(q) -> dict | None:
    """Parameters for `sql_hash` ($kp_salt, $kp_ipad, $kp_opad), or None when nothing was ever
    suppressed in this register (every check is then negative)."""
    s = salt(q) if _has_entries(q) else ""
    if not s:
        return None
    ipad, opad = _pads(_key(q))
    return {"kp_salt": s, "kp_ipad": ipad, "kp_opad": opad}


def sql_hash(expr: str) -> str:
    """The keyed hash of the SQL text expression `expr` (already normalised), as DuckDB SQL."""
    return f"sha256($kp_opad || unhex(sha256($kp_ipad || encode(sha256($kp_salt || {expr})))))"


def _has_entries(q) -> bool:
    return bool(q.sql("SELECT 1 FROM suppression LIMIT 1").fetchall())


# --------------------------------------------------------------------------- the ledger

def ledger_path(register_path: str | Path) -> Path:
    p = Path(register_path)
    return p.with_name(f"{p.name}.suppression.ledger")


def _ledger(w, entries: list[dict]) -> None:
    """Append to the erasure ledger inside the write: should the transaction fail afterwards the
    line stays, and a restore would suppress a person the register did not: the reading that
    protects the person."""
    if not entries or w.register_path is None:
        return
    with open_private(ledger_path(w.register_path), "a", encoding="utf-8") as fh:
        for e in entries:
            fh.write(json.dumps(e, sort_keys=True) + "\n")


def read_ledger(path: str | Path) -> list[dict]:
    p = Path(path)
    if not p.is_file():
        return []
    out = []
    for line in p.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line:
            out.append(json.loads(line))
    return out


# --------------------------------------------------------------------------- writing

def suppress(w, *, email: str | None, phone: str | None, reason: str, purpose: str = ALL_PURPOSES,
             source: str | None = None, on: dt.date | None = None, detail: str | None = None) -> int:
    """Add the person's email and phone (E.164) keyed hashes; returns how many were new.

    `reason` is 'erased' (Art. 17, purpose '*') or 'objected' (Art. 21(2)-(3), or consent withdrawn
    under Art. 7(3), one purpose); `detail` says which ('opt_out', 'consent_withdrawn', ...)."""
    s = salt(w)
    key = _key(w, create=not _has_entries(w))
    added = 0
    ledger = []
    for kind, value in (("email", email), ("phone", phone)):
        if not value:
            continue
        h = digest_with(key, s, kind, value)
        if not w.sql("SELECT 1 FROM suppression WHERE hash = ? AND purpose = ?", [h, purpose]).fetchall():
            w.sql("INSERT INTO suppression (hash, kind, purpose, reason, added_on, source, detail) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?)", [h, kind, purpose, reason, on or dt.date.today(), source, detail])
            added += 1
            ledger.append({"op": "suppress", "hash": h, "kind": kind, "purpose": purpose, "reason": reason,
                           "salt": s, "at": dt.datetime.now().isoformat(timespec="seconds")})
    _ledger(w, ledger)
    return added


def lift(w, *, email: str | None = None, phone: str | None = None, purpose: str, reason: str,
         today: dt.date | None = None) -> int:
    """Lift a suppression for one purpose (or '*') with a recorded reason (a new contract, new
    consent): Art. 21(3) and 17 stop processing only until the person gives a new basis. Returns
    how many entries were lifted."""
    s = salt(w)
    if not s:
        return 0
    key = _key(w)
    lifted = 0
    ledger = []
    for kind, value in (("email", email), ("phone", phone)):
        if not value:
            continue
        h = digest_with(key, s, kind, value)
        n = w.sql("DELETE FROM suppression WHERE hash = ? AND purpose = ?", [h, purpose]).fetchall()[0][0]
        if n:
            w.sql("INSERT INTO suppression_lift (hash, purpose, lifted_on, reason) VALUES (?, ?, ?, ?)",
                  [h, purpose, today or dt.date.today(), reason])
            ledger.append({"op": "lift", "hash": h, "kind": kind, "purpose": purpose, "salt": s,
                           "at": dt.datetime.now().isoformat(timespec="seconds")})
        lifted += n
    _ledger(w, ledger)
    return lifted


def is_suppressed(q, *, email: str | None = None, phone: str | None = None, purpose: str | None = None) -> bool:
    """True when the email or phone was erased (any purpose) or objected for `purpose`."""
    s = salt(q)
    if not s or not _has_entries(q):
        return False
    key = _key(q)
    hashes = [digest_with(key, s, k, v) for k, v in (("email", email), ("phone", phone)) if v]
    if not hashes:
        return False
    rows = q.sql("SELECT 1 FROM suppression WHERE list_contains(?, hash) AND (purpose = '*' OR purpose = ?) LIMIT 1",
                 [hashes, purpose or ALL_PURPOSES]).fetchall()
    return bool(rows)


def suppressed_purposes(q, *, email: str | None = None, phone: str | None = None) -> list[str]:
    s = salt(q)
    if not s:
        return []
    key = _key(q)
    hashes = [digest_with(key, s, k, v) for k, v in (("email", email), ("phone", phone)) if v]
    return sorted({r[0] for r in q.sql("SELECT purpose FROM suppression WHERE list_contains(?, hash)",
                                       [hashes]).fetchall()}) if hashes else []


def migrate_to_hmac(w) -> None:
    """Schema 1 -> 2 part: the salted sha256 entries become HMACs with the suppression key (the
    key file is created when missing, beside the register). Idempotent through meta
    'suppression_scheme'; row counts are unchanged. The tables' new columns are kpcore.migrations'
    (it runs this after adding them)."""
    scheme = w.sql("SELECT value FROM meta WHERE key = 'suppression_scheme'").fetchall()
    if scheme and scheme[0][0] == SCHEME:
        return
    has_salt = bool(w.sql("SELECT 1 FROM meta WHERE key = 'suppression_salt'").fetchall())
    if has_salt and _has_entries(w):
        ipad, opad = _pads(_key(w, create=not keys.exists(w.register_path, "suppression")))
        w.sql("UPDATE suppression SET hash = sha256($op || unhex(sha256($ip || encode(hash))))",
              {"ip": ipad, "op": opad})
    if has_salt:
        w.sql("INSERT OR REPLACE INTO meta VALUES ('suppression_scheme', ?)", [SCHEME])


def reapply_ledger(w, entries: list[dict]) -> dict:
    """Apply erasure-ledger lines to a (restored) register: suppressions added, lifts removed, in
    order. Returns counts. Idempotent: lines the register already reflects change nothing."""
    added = lifted = 0
    if entries and not w.sql("SELECT 1 FROM meta WHERE key = 'suppression_salt'").fetchall():
        salt_value = next((e["salt"] for e in entries if e.get("salt")), None)
        if salt_value:
            w.sql("INSERT INTO meta VALUES ('suppression_salt', ?)", [salt_value])
            w.sql("INSERT OR REPLACE INTO meta VALUES ('suppression_scheme', ?)", [SCHEME])
    for e in entries:
        if e["op"] == "suppress":
            added += w.sql("""INSERT INTO suppression (hash, kind, purpose, reason, added_on, detail)
                              SELECT ?, ?, ?, ?, ?, 'ledger' WHERE NOT EXISTS
                              (SELECT 1 FROM suppression WHERE hash = ? AND purpose = ?)""",
                           [e["hash"], e["kind"], e["purpose"], e.get("reason") or "erased", e["at"][:10],
                            e["hash"], e["purpose"]]).fetchall()[0][0]
        elif e["op"] == "lift":
            lifted += w.sql("DELETE FROM suppression WHERE hash = ? AND purpose = ?",
                            [e["hash"], e["purpose"]]).fetchall()[0][0]
    return {"added": added, "lifted": lifted}
