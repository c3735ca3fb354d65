"""Sub-processor changes told to controllers (Art. 28(2) and 28(4)).

Under a general written authorisation KuntaPlus tells each controller of an intended addition
or replacement of a sub-processor (e.g. a hosting provider), giving it the chance to object
within the window its agreement sets (engagement_terms.objection_days; none recorded: 30 days).
Under a specific authorisation the controller's prior written consent is needed instead; the
notice says so. The register lists the affected engagements, builds each notice, tracks each
window, and records objections and outcomes. A change that would take effect before a window
closes is flagged (compliance): the controller's right to object must be real.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from .. import breaches
from ..db import Query, Register
from ..errors import NotFound, Refused, ValidationFailed
from .. import i18n
from ..i18n import N_, NP_
from ..processors import _date  # one reader of ISO and Finnish dates
from .controllers import DEFAULT_OBJECTION_DAYS

Problem = breaches.BreachProblem
problem, refuse_control = breaches.problem, breaches.refuse_control
OUTCOMES = {"accepted": NP_("sub-processor outcome", "Accepted"),
            "objection_resolved": NP_("sub-processor outcome", "Objection resolved (e.g. change limited)"),
            "change_withdrawn": NP_("sub-processor outcome", "Change withdrawn for this customer"),
            "engagement_ended": NP_("sub-processor outcome", "Engagement ended")}
STATE_TEXT = {"not_sent": NP_("sub-processor notice", "Not yet notified"), "window_open": NP_("sub-processor notice", "Objection window open"),
              "no_objection": NP_("sub-processor notice", "No objection within the window"),
              "objected": NP_("sub-processor notice", "Objected – to be resolved"), "closed": NP_("sub-processor notice", "Resolved")}


def _day(value: Any, field: str, problems: list) -> dt.date | None:
    """processors._date, its refusal named by the field's label as the other problems here."""
    mine: list = []
    day = _date(value, field, mine)
    problems += [breaches.relabel(p) for p in mine]
    return day


def add_change(reg: Register, actor: str, *, subprocessor: str, service_fi: str, service_en: str | None = None,
               effective_on: Any, replaces: str | None = None, country: str = "FI",
               engagement_ids: list[int] | None = None) -> int:
    """Record an intended sub-processor change and list the engagements it affects (given, or every
    planned or active engagement). Each gets its objection window from its agreement."""
    refuse_control({"subprocessor": subprocessor, "replaces": replaces, "country": country},
                   N_("the sub-processor change: nothing was saved"), one_line=True)
    refuse_control({"service_fi": service_fi, "service_en": service_en}, N_("the sub-processor change: nothing was saved"))
    problems: list = []
    if not (subprocessor or "").strip():
        problems.append(problem("subprocessor", N_("is required")))
    if not (service_fi or "").strip():
        problems.append(problem("service_fi", N_("say what the sub-processor does")))
    eff = _day(effective_on, "effective_on", problems)
    if eff is None and not any(p.field == "effective_on" for p in problems):
        problems.append(problem("effective_on", N_("is required")))
    with reg.write(actor) as w:
        engs = [t for t in w.all("engagement_terms_all") if
                (t["engagement_id"] in engagement_ids if engagement_ids else t["status"] in ("planned", "active"))]
        if engagement_ids:
            missing = set(engagement_ids) - {t["engagement_id"] for t in engs}
            problems += [problem("engagements", N_("no engagement #{id} in the register"), id=m) for m in sorted(missing)]
        if not engs and not problems:
            problems.append(problem("engagements", N_("no planned or active engagement is affected")))
        if problems:
            raise ValidationFailed(problems, N_("{n} problem(s) in the sub-processor change; nothing was saved"),
                                   n=len(problems))
        cid = w.sql("""INSERT INTO subprocessor_change (subprocessor, replaces, service_fi, service_en, country, effective_on)
                       VALUES (?, ?, ?, ?, ?, ?) RETURNING id""",
                    [subprocessor.strip(), (replaces or "").strip() or None, service_fi.strip(),
                     (service_en or service_fi).strip(), (country or "FI").strip().upper(), eff]).fetchall()[0][0]
        for t in engs:
            w.sql("""INSERT INTO subprocessor_notice (change_id, engagement_id, customer_id, window_days)
                     VALUES (?, ?, ?, ?)""", [cid, t["engagement_id"], t["customer_id"],
                                              t["objection_days"] or DEFAULT_OBJECTION_DAYS])
        w.audit("subprocessor.change", "subprocessor_change", cid, {"engagements": len(engs)})
    return cid


def send_notices(reg: Register, actor: str, change_id: int, *, on: Any = None, engagement_ids: list[int] | None = None,
                 today: dt.date | None = None) -> list[int]:
    """Record that the notices went out (all not yet sent, or the engagements given); each window starts."""
    today = today or dt.date.today()
    problems: list = []
    day = _day(on, "on", problems) or today
    if day > today:
        problems.append(problem("on", N_("is in the future")))
    with reg.write(actor) as w:
        if w.one("subprocessor_change_get", {"id": change_id}) is None:
            raise NotFound(N_("No sub-processor change #{id} in the register."), id=change_id)
        if problems:
            raise ValidationFailed(problems, N_("nothing was saved"))
        sent = []
        for n in w.all("subprocessor_notices", {"id": change_id}):
            if n["notified_on"] is not None or (engagement_ids and n["engagement_id"] not in engagement_ids):
                continue
            w.sql("""UPDATE subprocessor_notice SET notified_on = ?, objection_due = ? WHERE change_id = ?
                     AND engagement_id = ?""", [day, day + dt.timedelta(days=n["window_days"]), change_id, n["engagement_id"]])
            sent.append(n["engagement_id"])
        w.audit("subprocessor.notices", "subprocessor_change", change_id, {"engagements": sent})
    return sent


def object_to(reg: Register, actor: str, change_id: int, engagement_id: int, *, on: Any = None, text: str,
              today: dt.date | None = None) -> bool:
    """Record a controller's objection. Returns True when it came within the window. A late objection
    is still recorded (the reading that keeps the controller's voice) and shown as late."""
    refuse_control({"text": text}, N_("the objection: nothing was saved"))
    today = today or dt.date.today()
    problems: list = []
    day = _day(on, "on", problems) or today
    if not (text or "").strip():
        problems.append(problem("text", N_("record what the controller objects to")))
    with reg.write(actor) as w:
        n = w.one("subprocessor_notice_get", {"id": change_id, "engagement": engagement_id})
        if n is None:
            raise NotFound(N_("Sub-processor change #{id} does not list engagement #{engagement}."), id=change_id,
                           engagement=engagement_id)
        if n["notified_on"] is None:
            raise Refused(N_("The controller of engagement #{engagement} has not been notified of change #{id}."),
                          engagement=engagement_id, id=change_id)
        if day < n["notified_on"]:
            problems.append(problem("on", N_("is before the notice was sent")))
        if problems:
            raise ValidationFailed(problems, N_("nothing was saved"))
        w.sql("UPDATE subprocessor_notice SET objected_on = ?, objection = ? WHERE change_id = ? AND engagement_id = ?",
              [day, text.strip(), change_id, engagement_id])
        in_time = day <= n["objection_due"]
        w.audit("subprocessor.objection", "subprocessor_change", change_id, {"engagement": engagement_id, "in_time": in_time})
    return in_time


def record_outcome(reg: Register, actor: str, change_id: int, engagement_id: int, *, outcome: str, on: Any = None,
                   note: str | None = None, today: dt.date | None = None) -> None:
    refuse_control({"note": note}, N_("the outcome: nothing was saved"), labels={"note": N_("Note on the outcome")})
    today = today or dt.date.today()
    problems: list = []
    day = _day(on, "on", problems) or today
    if outcome not in OUTCOMES:
        problems.append(problem("outcome", N_("must be one of {values}"), values=", ".join(OUTCOMES)))
    with reg.write(actor) as w:
        n = w.one("subprocessor_notice_get", {"id": change_id, "engagement": engagement_id})
        if n is None:
            raise NotFound(N_("Sub-processor change #{id} does not list engagement #{engagement}."), id=change_id,
                           engagement=engagement_id)
        if outcome == "objection_resolved" and n["objected_on"] is None:
            problems.append(problem("outcome", N_("no objection is recorded for this engagement")))
        if problems:
            raise ValidationFailed(problems, N_("nothing was saved"))
        w.sql("""UPDATE subprocessor_notice SET outcome = ?, outcome_on = ?, outcome_note = ? WHERE change_id = ?
                 AND engagement_id = ?""", [outcome, day, (note or "").strip() or None, change_id, engagement_id])
        w.audit("subprocessor.outcome", "subprocessor_change", change_id, {"engagement": engagement_id, "outcome": outcome})


def notice_state(n: dict, today: dt.date) -> str:
    if n["outcome"]:
        return "closed"
    if n["objected_on"] is not None:
        return "objected"
    if n["notified_on"] is None:
        return "not_sent"
    return "window_open" if today <= n["objection_due"] else "no_objection"


def change(q: Query, change_id: int, today: dt.date | None = None) -> dict:
    today = today or dt.date.today()
    c = q.one("subprocessor_change_get", {"id": change_id})
    if c is None:
        raise NotFound(N_("No sub-processor change #{id} in the register."), id=change_id)
    notices = []
    for n in q.all("subprocessor_notices", {"id": change_id}):
        state = notice_state(n, today)
        notices.append({**n, "state": state,
                        "days_left": (n["objection_due"] - today).days if state == "window_open" else None,
                        "late_objection": n["objected_on"] is not None and n["objection_due"] is not None
                        and n["objected_on"] > n["objection_due"],
                        "effective_before_window": n["objection_due"] is not None and c["effective_on"] < n["objection_due"]})
    return {**c, "notices": notices}


def changes(q: Query, today: dt.date | None = None) -> list[dict]:
    return [change(q, c["id"], today) for c in q.all("subprocessor_changes")]


def notice_text(c: dict, n: dict, controller: dict, lang: str = "fi") -> str:
    """The notice to one controller of an intended change (Art. 28(2))."""
    from .texts import render, when

    def _(message: str) -> str:
        return i18n.gettext(message, lang)


    specific = n.get("authorisation") == "specific"
    due = n.get("objection_due")
    if specific:
        lead = _("We ask for your prior written authorisation (specific authorisation, Art. 28(2)).")
    elif due:
        lead = _("Under the agreement you may object to the change within {days} days, that is by {date}.").format(
            days=n["window_days"], date=when(due, lang))
    else:
        lead = _("Under the agreement you may object to the change within {days} days of receiving this "
                 "notice.").format(days=n["window_days"])
    title = _("Notice of a change of sub-processor – {controller}").format(controller=controller["name"])
    service = c.get("service_en") if lang == "en" else c.get("service_fi")  # kept in Finnish and English only
    return render(title, [(_(NP_("sub-processor notice", "The change")), [
        (_(NP_("sub-processor notice", "To")), f"{n['customer_name']}" + (f", {n['contact_email']}" if n.get("contact_email") else "")),
        (_(NP_("sub-processor notice", "System / agreement")), f"{n['system']}" + (f" ({n['agreement_ref']})" if n.get("agreement_ref") else "")),
        (_(NP_("sub-processor notice", "New sub-processor")), f"{c['subprocessor']} ({c['country']})"),
        (_(NP_("sub-processor notice", "Replaces")), c.get("replaces") or "–"),
        (_(NP_("sub-processor notice", "Service")), service),
        (_(NP_("sub-processor notice", "Takes effect")), when(c["effective_on"], lang)),
        ("", lead),
        (_(NP_("sub-processor notice", "Contact")), ", ".join(x for x in (controller.get("dpo_name"), controller.get("dpo_email")) if x)),
    ])])
