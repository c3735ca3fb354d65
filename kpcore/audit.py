"""The audit trail (Art. 5(2) accountability): queries with filters, and chain verification.

kpcore.db appends every event with `hash = sha256(prev_hash + canonical JSON of the event)`,
`prev_hash` being the previous event's hash (zeros for the first). `verify` recomputes
the chain from the first event: an edited event no longer matches its hash, a deleted
or reordered one breaks the link between neighbours or the run of sequence numbers.
Removing events from the very end leaves a shorter chain that is still consistent; to
catch that, compare the tip (`VerifyResult.tip`, printed by `kp audit verify`) with one
noted earlier, for example in a backup manifest (`kp backup` records it) or a report.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from .db import GENESIS_HASH, audit_hash

MAX_PROBLEMS = 50


@dataclass
class VerifyResult:
    ok: bool
    events: int
    tip_seq: int | None
    tip_hash: str | None
    first_bad_seq: int | None = None
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"ok": self.ok, "events": self.events, "tip_seq": self.tip_seq, "tip_hash": self.tip_hash,
                "first_bad_seq": self.first_bad_seq, "problems": self.problems}


def events(q, *, actor: str | None = None, action: str | None = None, object_type: str | None = None,
           object_id: str | None = None, start: dt.date | None = None, end: dt.date | None = None,
           limit: int = 500, offset: int = 0) -> list[dict]:
    """Events newest first. `action` matches a prefix ("auth." = every sign-in event);
    `start`/`end` are days, both included."""
    params = {"actor": actor or None, "action": action or None, "object_type": object_type or None,
              "object_id": None if object_id in (None, "") else str(object_id), "start": start, "end": end}
    rows = q.all("audit_events", {**params, "limit": int(limit), "offset": int(offset)})
    for r in rows:
        r["detail"] = json.loads(r["detail"]) if r["detail"] else None
    return rows


def count(q, **filters) -> int:
    params = {"actor": filters.get("actor") or None, "action": filters.get("action") or None,
              "object_type": filters.get("object_type") or None,
              "object_id": None if filters.get("object_id") in (None, "") else str(filters["object_id"]),
              "start": filters.get("start"), "end": filters.get("end")}
    return int(q.value("audit_count", params))


def page(q, filters: tuple, limit: int = 500) -> tuple[int, list[dict]]:
    """(how many events match, the newest `limit` of them); `filters` as ((key, value), ...)
    so that the dashboard can cache it."""
    f = dict(filters)
    return count(q, **f), events(q, **f, limit=limit)


def verify_summary(q) -> dict:
    return verify(q).as_dict()


def facets(q) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"actor": [], "action": [], "object_type": []}
    for r in q.all("audit_facets"):
        out[r["facet"]].append(r["value"])
    return out


def verify(q, *, batch: int = 20_000) -> VerifyResult:
    """Recompute the hash chain over every event, in sequence order (streams the log)."""
    cur = q.sql("SELECT seq, event_at, actor, action, object_type, object_id, detail, prev_hash, hash"
                " FROM audit_log ORDER BY seq")
    result = VerifyResult(ok=True, events=0, tip_seq=None, tip_hash=None)
    prev_hash, prev_seq = GENESIS_HASH, 0

    def bad(seq, text):
        if result.first_bad_seq is None:
            result.first_bad_seq = seq
        result.ok = False
        if len(result.problems) < MAX_PROBLEMS:
            result.problems.append(f"event {seq}: {text}")

    while True:
        rows = cur.fetchmany(batch)
        if not rows:
            break
        for seq, event_at, actor, action, object_type, object_id, detail, stored_prev, stored_hash in rows:
            result.events += 1
            if seq != prev_seq + 1:
                bad(seq, f"follows event {prev_seq}: {'events are missing' if seq > prev_seq + 1 else 'sequence repeats'}")
            if stored_prev != prev_hash:
                bad(seq, "does not link to the event before it (an event was deleted, inserted or moved)")
            body = {"seq": seq, "at": event_at.isoformat(sep=" ") if isinstance(event_at, dt.datetime) else str(event_at),
                    "actor": actor, "action": action, "object_type": object_type, "object_id": object_id,
                    "detail": detail}
            if audit_hash(stored_prev, body) != stored_hash:
                bad(seq, "its content does not match its hash (the event was edited)")
            prev_hash, prev_seq = stored_hash, seq
    if result.events:
        result.tip_seq, result.tip_hash = prev_seq, prev_hash
    return result
