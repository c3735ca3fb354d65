"""The breach register (Art. 33(5)) and its 72-hour clock (Art. 33(1)).

Every breach is recorded, notifiable or not: the facts, effects, remedial action, the
risk assessment and the decision whether to notify with its reason, when the authority
was notified and why any notification came later than 72 hours after the company
became aware, whether the people were told (Art. 34), and in the processor role when the
customer (the controller there) was told (Art. 33(2)).

Input may be text (CLI, forms) or typed values; `validate` names every bad field and
nothing is written until all of them are right. Audit events carry the breach id and
the names of the fields set, never their contents.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .breach.risk import LEVEL_TEXT
from .breach.timing import add_hours, hours_between
from .db import Query, Register
from .errors import NotFound, Problem, ValidationFailed, _format
from . import i18n
from .i18n import N_, NP_
from .safety import CONTROL_REASON, has_control


class BreachProblem(Problem):
    """A bad field of a breach: named by field, as a breach is one record, not a file row.
    On a screen or terminal the field reads by its label in the reader's language (issue 18 §1)."""

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"

    def text(self, lang: str | None = None, *, with_row: bool = True) -> str:
        return super().text(lang, with_row=False)


class Bad(ValueError):
    """A value that cannot be read: a catalog message and its parameters (str() the English)."""

    def __init__(self, msgid: str, **params):
        self.msgid, self.params = msgid, params
        super().__init__(_format(msgid, params))

CLOCK_HOURS = 72
RISKS = ("unlikely", "risk", "high")
RISK_TEXT = LEVEL_TEXT  # the risk levels' names: one table, kpcore.breach.risk's (Art. 33(1) wording)

# field -> (kind, label: an English msgid)
FIELDS: dict[str, tuple[str, str]] = {
    "occurred_at": ("datetime", N_("Occurred")),
    "aware_at": ("datetime", N_("Became aware")),
    "description": ("text", N_("What happened")),
    "data_categories": ("text", N_("Data concerned")),
    "approx_subjects": ("int", N_("People (approx.)")),
    "approx_records": ("int", N_("Records (approx.)")),
    "effects": ("text", N_("Effects")),
    "remedial_action": ("text", N_("Remedial action")),
    "risk": ("risk", N_("Risk assessment")),
    "notify": ("bool", N_("Notify the authority")),
    "decision_reason": ("text", N_("Reason for the decision")),
    "authority_notified_at": ("datetime", N_("Authority notified")),
    "delay_reason": ("text", N_("Reason for delay (over 72 h)")),
    "subjects_informed_at": ("datetime", N_("People told (Art. 34)")),
    "processor_role": ("bool", N_("In the processor role")),
    "customer_id": ("int", N_("Customer (controller)")),
    "customer_informed_at": ("datetime", N_("Customer told")),
}
REQUIRED = ("aware_at", "description")

# the names of the fields the breach, case, controller and sub-processor actions take, as the
# refusals name them on a screen (catalog messages; the register's field codes stay in str())
LABELS: dict[str, str] = {
    **{name: label for name, (kind, label) in FIELDS.items()},
    "level": N_("Level"), "justification": N_("Justification"), "kind": N_("Kind"),
    "note": N_("What the supplement adds or corrects"), "sent_at": N_("Sent at"), "lang": N_("Letter language"),
    "contact_id": N_("Person"), "channel": N_("Channel"), "at": N_("Time"), "ground": N_("Exception (Art. 34(3))"),
    "reason": N_("Reason"), "by": N_("Acknowledged by"), "reference": N_("Record number (if known)"),
    "breach_types": N_("Type of breach"), "data_nature": N_("Nature of the data"),
    "identification": N_("Ease of identification"), "consequences": N_("Severity of consequences"),
    "people": N_("People (approx.)"), "records": N_("Records (approx.)"),
    "significant": N_("Significant incident"), "nis2_significant": N_("Significant incident"),
    "early_warning_at": N_("Early warning sent"), "nis2_early_warning_at": N_("Early warning sent"),
    "notification_at": N_("Notification sent"), "nis2_notification_at": N_("Notification sent"),
    "final_report_at": N_("Final report sent"), "nis2_final_report_at": N_("Final report sent"),
    "engagements": N_("Engagements the breach touched"), "subprocessor": N_("Sub-processor"),
    "service_fi": N_("Service"), "effective_on": N_("Effective"), "on": N_("Date"),
    "text": N_("Objection"), "outcome": N_("Outcome"),
    "breach_notice_hours": N_("Agreement's limit"), "objection_days": N_("Objection window (days)"),
    "nis2_in_scope": N_("Within the Cybersecurity Act (NIS2)"),
}


problem = BreachProblem.labelled(LABELS)  # a refused field of a breach action, named by its label


def refused(field: str, exc: ValueError, *, label: str | None = None) -> BreachProblem:
    """The problem of a value that could not be read (a Bad carries its catalog message)."""
    if isinstance(exc, Bad):
        return problem(field, exc.msgid, label=label, **exc.params)
    return BreachProblem(0, field, str(exc), label=label or LABELS.get(field))


def relabel(p: Problem, label: str | None = None) -> BreachProblem:
    """Another module's problem (a date reader's) as a breach action's, its field named by its label."""
    return BreachProblem(0, p.field, p.reason, p.msgid, p.params, label or p.label or LABELS.get(p.field))


def refuse_control(fields: dict, summary: str, *, one_line: bool = False, labels: dict | None = None,
                   **params) -> None:
    """safety.refuse_control with each field named by its label (`labels` or LABELS) and a catalog
    summary with `params`."""
    from . import safety

    try:
        safety.refuse_control(fields, summary, one_line=one_line)
    except ValidationFailed as exc:
        raise ValidationFailed([relabel(p, (labels or {}).get(p.field)) for p in exc.problems], summary,
                               **params) from None

CLOCK_TEXT = {
    "running": NP_("72-hour clock", "Clock running"),
    "overdue": NP_("72-hour clock", "Overdue"),
    "on_time": NP_("72-hour clock", "Notified in time"),
    "late": NP_("72-hour clock", "Notified late"),
    "not_required": NP_("72-hour clock", "No notification needed"),
    "customer_told": NP_("72-hour clock", "Customer told"),
    "processor": NP_("72-hour clock", "Processor role: tell the controller (33(2))"),
}

_FI_DT = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:(?:[ T]+|\s+klo\s+)(\d{1,2})[.:](\d{2}))?$", re.I)


def parse_datetime(text: str) -> dt.datetime:
    """2026-11-20 09:30, 2026-11-20T09:30, 2026-11-20 (midnight), 20.11.2026 9.30, 20.11.2026 klo 9.30
    (as the dashboard shows it) or 20.11.2026."""
    text = text.strip()
    m = _FI_DT.match(text)
    if m:
        d, mo, y, h, mi = m.groups()
        return dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0))
    value = dt.datetime.fromisoformat(text)
    return value.replace(tzinfo=None) if value.tzinfo is None else value.astimezone().replace(tzinfo=None)


def _bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "y", "kyllä", "k", "ja", "on"):
        return True
    if text in ("0", "false", "no", "n", "ei", "e", "nej", "off"):
        return False
    raise Bad(N_("use yes or no (kyllä / ei, ja / nej)"))


def _coerce(name: str, value) -> Any:
    kind = FIELDS[name][0]
    if has_control(value):  # #15 §1: NUL, ESC, BEL ... are refused, naming the field
        raise ValueError(CONTROL_REASON)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if kind == "datetime":
        if isinstance(value, dt.datetime):
            return value.replace(microsecond=0)
        if isinstance(value, dt.date):
            return dt.datetime.combine(value, dt.time())
        try:
            return parse_datetime(str(value))
        except ValueError:
            raise Bad(N_("not a date and time (use 2026-11-20 09:30 or 20.11.2026 9.30)")) from None
    if kind == "int":
        try:
            n = int(str(value).replace(" ", "")) if not isinstance(value, int) else value
        except ValueError:
            raise Bad(N_("not a whole number")) from None
        if n < 0:
            raise Bad(N_("must not be negative"))
        return n
    if kind == "bool":
        return _bool(value)
    if kind == "risk":
        v = str(value).strip().lower()
        if v not in RISKS:
            raise Bad(N_("must be one of {values}"), values=", ".join(RISKS))
        return v
    return str(value).strip()


def moment(value, now: dt.datetime, field: str = "at") -> dt.datetime:
    """A time given to an action (sent, told, acknowledged): parsed, or now when none is given."""
    try:
        return _coerce("authority_notified_at", value) or now.replace(second=0, microsecond=0)
    except ValueError as exc:
        raise ValidationFailed([refused(field, exc)], N_("nothing was saved")) from None


def validate(q: Query, row: dict, now: dt.datetime | None = None, bad_fields=()) -> list[Problem]:
    """Problems of a whole breach row (already coerced; `bad_fields` could not be read). Empty list = fine."""
    now = now or dt.datetime.now()
    problems = []
    for name in REQUIRED:
        if row.get(name) is None and name not in bad_fields:
            problems.append(problem(name, N_("is required")))
    aware = row.get("aware_at")
    soon = now + dt.timedelta(hours=1)
    for name in ("occurred_at", "aware_at", "authority_notified_at", "subjects_informed_at", "customer_informed_at"):
        if row.get(name) is not None and row[name] > soon:
            problems.append(problem(name, N_("is in the future")))
    if aware is not None:
        if row.get("occurred_at") is not None and row["occurred_at"] > aware:
            problems.append(problem("occurred_at", N_("is after the time the company became aware")))
        for name in ("authority_notified_at", "subjects_informed_at", "customer_informed_at"):
            if row.get(name) is not None and row[name] < aware:
                problems.append(problem(name, N_("is before the time the company became aware")))
    notified = row.get("authority_notified_at")
    if aware is not None and notified is not None and hours_between(aware, notified) > CLOCK_HOURS \
            and not (row.get("delay_reason") or "").strip() and "delay_reason" not in bad_fields:
        # Art. 33(1): "Where the notification ... is not made within 72 hours, it shall be
        # accompanied by reasons for the delay." A late notification without them is refused.
        problems.append(problem("delay_reason", N_("the notification came {hours} h after awareness: give the reasons "
                                                   "for the delay (Art. 33(1))"), hours=f"{hours_between(aware, notified):.0f}"))
    if row.get("notify") is False and not row.get("decision_reason"):
        problems.append(problem("decision_reason", N_("a decision not to notify needs its reason (Art. 33(5))")))
    if row.get("authority_notified_at") is not None and row.get("notify") is False:
        problems.append(problem("notify", N_("is 'no' but a notification time is given")))
    if row.get("processor_role"):
        if row.get("customer_id") is None:
            problems.append(problem("customer_id", N_("a breach in the processor role names the customer (controller)")))
        elif not q.value("customer_exists", {"id": row["customer_id"]}):
            problems.append(problem("customer_id", N_("no customer #{id} in the register"), id=row["customer_id"]))
    else:
        if row.get("customer_informed_at") is not None:
            problems.append(problem("customer_informed_at", N_("applies only to breaches in the processor role")))
        if row.get("customer_id") is not None and not q.value("customer_exists", {"id": row["customer_id"]}):
            problems.append(problem("customer_id", N_("no customer #{id} in the register"), id=row["customer_id"]))
    return problems


def _coerce_all(data: dict) -> tuple[dict, list[Problem]]:
    out, problems = {}, []
    for name, value in data.items():
        if name not in FIELDS:
            problems.append(problem(name, N_("is not a field of a breach")))
            continue
        try:
            out[name] = _coerce(name, value)
        except ValueError as exc:
            problems.append(refused(name, exc))
    return out, problems


def add(reg: Register, actor: str, data: dict, *, now: dt.datetime | None = None) -> int:
    """Record a breach; returns its id. Refuses (ValidationFailed) and writes nothing on bad input."""
    with reg.write(actor) as w:
        return add_in(w, data, now=now)


def add_in(w, data: dict, *, now: dt.datetime | None = None) -> int:
    """`add` inside a caller's write unit (one transaction with the caller's other rows)."""
    row, problems = _coerce_all(data)
    row.setdefault("processor_role", False)
    if row["processor_role"] is None:
        row["processor_role"] = False
    problems += validate(w, row, now, {p.field for p in problems})
    if problems:
        raise ValidationFailed(problems, N_("{n} problem(s) in the breach; nothing was saved"), n=len(problems))
    cols = [k for k in FIELDS if k in row]
    bid = w.sql(f"INSERT INTO breach ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) RETURNING id",
                [row[k] for k in cols]).fetchall()[0][0]
    w.audit("breach.add", "breach", bid, {"fields": sorted(k for k in cols if row[k] is not None)})
    return bid


def update(reg: Register, actor: str, breach_id: int, changes: dict, *, now: dt.datetime | None = None) -> list[str]:
    """Change fields of a breach (None or '' clears a field); returns the names of the changed fields."""
    with reg.write(actor) as w:
        return update_in(w, breach_id, changes, now=now)


def update_in(w, breach_id: int, changes: dict, *, now: dt.datetime | None = None, audit: bool = True) -> list[str]:
    """`update` inside a caller's write unit."""
    new, problems = _coerce_all(changes)
    old = w.one("breach_get", {"id": breach_id})
    if old is None:
        raise NotFound(N_("No breach #{id} in the register."), id=breach_id)
    row = {k: old[k] for k in FIELDS}
    row.update(new)
    if row.get("processor_role") is None:
        row["processor_role"] = False
    problems += validate(w, row, now, {p.field for p in problems})
    if problems:
        raise ValidationFailed(problems, N_("{n} problem(s) in breach #{id}; nothing was saved"), n=len(problems),
                               id=breach_id)
    changed = [k for k in new if row[k] != old[k]]
    if changed:
        w.sql(f"UPDATE breach SET {', '.join(f'{k} = ?' for k in changed)} WHERE id = ?",
              [row[k] for k in changed] + [breach_id])
    if audit:
        w.audit("breach.update", "breach", breach_id, {"fields": sorted(changed)})
    return changed


def clock(b: dict, now: dt.datetime | None = None) -> dict:
    """Where the 72-hour clock of a breach stands (Art. 33(1)).

    state: running (hours_left), overdue (hours_over), on_time / late (hours_taken),
    not_required (decided not to notify), customer_told / processor (processor role: the
    customer, as controller, notifies the authority; our duty is Art. 33(2) toward it).
    """
    now = now or dt.datetime.now()
    deadline = add_hours(b["aware_at"], CLOCK_HOURS)
    out = {"deadline": deadline, "state": None, "hours_left": None, "hours_over": None, "hours_taken": None}
    notified = b.get("authority_notified_at")
    if b.get("processor_role"):
        # Art. 33(2): in the processor role the duty is toward the controller(s), whose own
        # 72 hours run from when we tell them; kpcore.breach.clocks keeps the per-controller clocks.
        out["state"] = "customer_told" if b.get("customer_informed_at") is not None else "processor"
    elif notified is not None:
        taken = hours_between(b["aware_at"], notified)
        out.update(state="on_time" if taken <= CLOCK_HOURS else "late", hours_taken=taken,
                   hours_over=max(0.0, taken - CLOCK_HOURS))
    elif b.get("notify") is False:
        out["state"] = "not_required"
    elif now <= deadline:
        out.update(state="running", hours_left=hours_between(now, deadline))
    else:
        out.update(state="overdue", hours_over=hours_between(deadline, now))
    return out


def clock_text(c: dict, lang: str = "fi") -> str:
    """'31 h left', '5 h overdue', 'notified in time (30 h)' ... in the chosen language."""
    label = i18n.gettext(CLOCK_TEXT[c["state"]], lang)
    if c["state"] == "running":
        return i18n.gettext("{clock}: {hours} h left", lang).format(clock=label, hours=f"{c['hours_left']:.0f}")
    if c["state"] == "overdue":
        return i18n.gettext("{clock}: {hours} h past the deadline", lang).format(clock=label, hours=f"{c['hours_over']:.0f}")
    if c["state"] in ("on_time", "late"):
        return f"{label} ({c['hours_taken']:.0f} h)"
    return label


def list_breaches(q: Query, now: dt.datetime | None = None) -> list[dict]:
    """Every breach, newest first, each with its clock."""
    now = now or dt.datetime.now()
    return [{**b, "clock": clock(b, now)} for b in q.all("breach_list")]


def get(q: Query, breach_id: int, now: dt.datetime | None = None) -> dict:
    b = q.one("breach_get", {"id": breach_id})
    if b is None:
        raise NotFound(N_("No breach #{id} in the register."), id=breach_id)
    return {**b, "clock": clock(b, now)}


def customers(q: Query) -> list[dict]:
    return q.all("customers_brief")
