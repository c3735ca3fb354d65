"""The processor's side of a breach (Art. 33(2)) and each agreement's breach terms.

A breach in customers' systems (one or more engagements) lists every affected controller
with its agreement's notification limit (hours, recorded on the engagement; none recorded =
"without undue delay"), a clock per controller from the moment KuntaPlus became aware, the
notice to each (what Art. 33(3) needs, so that the controller can notify within its own 72
hours) and the controller's acknowledgement. One incident, one action, every customer told.

"Without undue delay" has no number in the law; the register counts it against an internal
target of UNDUE_DELAY_HOURS (24 h): the reading that leaves the controller most of its 72
hours, and so protects the people.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from .. import breaches
from ..db import Query, Register
from ..errors import NotFound, Refused, ValidationFailed
from ..i18n import N_
from .timing import add_hours

Problem = breaches.BreachProblem
problem, refuse_control = breaches.problem, breaches.refuse_control
UNDUE_DELAY_HOURS = 24
DEFAULT_OBJECTION_DAYS = 30
_KEEP = object()


def terms(q: Query, engagement_id: int) -> dict:
    t = q.one("engagement_terms_get", {"id": engagement_id})
    if t is None:
        raise NotFound(N_("No engagement #{id} in the register."), id=engagement_id)
    return t


def all_terms(q: Query) -> list[dict]:
    return q.all("engagement_terms_all")


def set_terms(reg: Register, actor: str, engagement_id: int, *, breach_notice_hours: Any = _KEEP,
              objection_days: Any = _KEEP, nis2_in_scope: Any = _KEEP) -> list[str]:
    """Record an agreement's breach-notice limit (hours; None = without undue delay), its objection
    window for sub-processor changes (days) and whether it is within the Cybersecurity Act."""
    problems, changes = [], {}
    for field, value in (("breach_notice_hours", breach_notice_hours), ("objection_days", objection_days)):
        if value is _KEEP:
            continue
        if value is None or (isinstance(value, str) and value.strip().lower() in ("", "none", "-")):
            changes[field] = None
            continue
        try:
            n = int(value)
        except (TypeError, ValueError):
            problems.append(problem(field, N_("not a whole number")))
            continue
        if n <= 0:
            problems.append(problem(field, N_("must be positive")))
        changes[field] = n
    if nis2_in_scope is not _KEEP:
        try:
            changes["nis2_in_scope"] = breaches._bool(nis2_in_scope)
        except ValueError as exc:
            problems.append(breaches.refused("nis2_in_scope", exc))
    with reg.write(actor) as w:
        terms(w, engagement_id)
        if problems:
            raise ValidationFailed(problems, N_("{n} problem(s) in the terms of engagement #{id}; nothing was saved"),
                                   n=len(problems), id=engagement_id)
        w.sql("INSERT INTO engagement_terms (engagement_id) VALUES (?) ON CONFLICT DO NOTHING", [engagement_id])
        if changes:
            w.sql(f"UPDATE engagement_terms SET {', '.join(f'{k} = ?' for k in changes)} WHERE engagement_id = ?",
                  [*changes.values(), engagement_id])
        w.audit("engagement.terms", "engagement", engagement_id, {"fields": sorted(changes)})
    return sorted(changes)


def link_engagements(reg: Register, actor: str, breach_id: int, engagement_ids: list[int],
                     *, now: dt.datetime | None = None) -> list[dict]:
    """List the engagements a breach touched: each one's controller and clock (aware + the
    agreement's limit). Makes the breach a processor-role breach. Returns the rows added."""
    if not engagement_ids:
        raise ValidationFailed([problem("engagements", N_("name at least one engagement"))], N_("nothing was saved"))
    with reg.write(actor) as w:
        b = w.one("breach_get", {"id": breach_id})
        if b is None:
            raise NotFound(N_("No breach #{id} in the register."), id=breach_id)
        if b["authority_notified_at"] is not None and not b["processor_role"]:
            raise Refused(N_("Breach #{id} was notified to the Ombudsman as controller; it cannot become a "
                             "processor-role breach."), id=breach_id)
        rows = []
        problems = []
        for eid in dict.fromkeys(engagement_ids):
            t = w.one("engagement_terms_get", {"id": eid})
            if t is None:
                problems.append(problem("engagements", N_("no engagement #{id} in the register"), id=eid))
                continue
            limit = t["breach_notice_hours"]
            rows.append({"engagement_id": eid, "customer_id": t["customer_id"], "limit_hours": limit,
                         "due_at": add_hours(b["aware_at"], limit or UNDUE_DELAY_HOURS)})
        if problems:
            raise ValidationFailed(problems, N_("{n} problem(s); nothing was saved"), n=len(problems))
        for r in rows:
            w.sql("""INSERT INTO breach_controller (breach_id, engagement_id, customer_id, limit_hours, due_at)
                     VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                  [breach_id, r["engagement_id"], r["customer_id"], r["limit_hours"], r["due_at"]])
        changes = {"processor_role": True}
        if b["customer_id"] is None:
            changes["customer_id"] = rows[0]["customer_id"]
        breaches.update_in(w, breach_id, changes, now=now, audit=False)
        w.audit("breach.engagements", "breach", breach_id, {"engagements": [r["engagement_id"] for r in rows]})
    return rows


def tell(reg: Register, actor: str, breach_id: int, *, at: Any = None, engagement_ids: list[int] | None = None,
         now: dt.datetime | None = None) -> list[int]:
    """Record the notice to every controller not yet told (or to the engagements given).
    When all are told, the breach's 'customer told' time is the last of them. Returns engagement ids told."""
    now = now or dt.datetime.now()
    when = breaches.moment(at, now)
    with reg.write(actor) as w:
        b = w.one("breach_get", {"id": breach_id})
        if b is None:
            raise NotFound(N_("No breach #{id} in the register."), id=breach_id)
        if not w.value("breach_controller_count", {"id": breach_id}):
            raise Refused(N_("Breach #{id} lists no engagements; link them first "
                             "(kp breach tell-controllers ID --engagements 1,2)."), id=breach_id)
        if when < b["aware_at"]:
            raise ValidationFailed([problem("at", N_("is before the company became aware"))], N_("nothing was saved"))
        if when > now + dt.timedelta(hours=1):
            raise ValidationFailed([problem("at", N_("is in the future"))], N_("nothing was saved"))
        params = [when, breach_id]
        extra = ""
        if engagement_ids:
            extra, params = " AND engagement_id IN (SELECT unnest(?::INTEGER[]))", params + [list(engagement_ids)]
        told = [r[0] for r in w.sql("UPDATE breach_controller SET notified_at = ? WHERE breach_id = ? AND notified_at "
                                    f"IS NULL{extra} RETURNING engagement_id", params).fetchall()]
        left = w.value("breach_controller_untold", {"id": breach_id})
        if told and not left:
            last = w.value("breach_controller_last_told", {"id": breach_id})
            breaches.update_in(w, breach_id, {"customer_informed_at": last}, now=now, audit=False)
        w.audit("breach.tell_controllers", "breach", breach_id, {"engagements": told, "left": left})
    return told


def ack(reg: Register, actor: str, breach_id: int, engagement_id: int, *, at: Any = None, by: str | None = None,
        now: dt.datetime | None = None) -> None:
    """Record a controller's acknowledgement of our notice."""
    refuse_control({"by": by}, N_("breach #{id}: nothing was saved"), one_line=True, id=breach_id)
    now = now or dt.datetime.now()
    when = breaches.moment(at, now)
    with reg.write(actor) as w:
        row = w.one("breach_controller_get", {"id": breach_id, "engagement": engagement_id})
        if row is None:
            raise NotFound(N_("Breach #{id} does not list engagement #{engagement}."), id=breach_id,
                           engagement=engagement_id)
        if row["notified_at"] is None:
            raise Refused(N_("The controller of engagement #{engagement} has not been told yet; record the notice "
                             "first."), engagement=engagement_id)
        if when < row["notified_at"]:
            raise ValidationFailed([problem("at", N_("is before the notice was sent"))], N_("nothing was saved"))
        w.sql("UPDATE breach_controller SET ack_at = ?, ack_by = ? WHERE breach_id = ? AND engagement_id = ?",
              [when, (by or "").strip() or None, breach_id, engagement_id])
        w.audit("breach.ack", "breach", breach_id, {"engagement": engagement_id})


def judge(row: dict, now: dt.datetime) -> dict:
    """One controller's clock (Art. 33(2) and the agreement): state running / overdue / on_time / late."""
    from .timing import hours_between

    if row["notified_at"] is not None:
        late = row["notified_at"] > row["due_at"]
        return {"state": "late" if late else "on_time", "hours_left": None,
                "hours_over": max(0.0, hours_between(row["due_at"], row["notified_at"]))}
    left = hours_between(now, row["due_at"])
    return {"state": "running" if left >= 0 else "overdue", "hours_left": left, "hours_over": max(0.0, -left)}
