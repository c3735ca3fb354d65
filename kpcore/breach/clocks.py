"""Every clock of a breach, side by side, and the running ones for the overview.

- Ombudsman (Art. 33(1)): 72 h from awareness, controller role only, unless decided not to notify.
- Each controller (Art. 33(2) and the agreement): processor role, aware + the agreement's limit
  (none recorded: internal target of 24 h for "without undue delay").
- People (Art. 34(1)): "without undue delay" for a high-risk breach, counted against the same
  72 hours as the Ombudsman (the people should not hear later than the authority), unless
  Art. 34(3) applies.
- Cybersecurity Act (kyberturvallisuuslaki 124/2025, NIS2 Art. 23(4)), where in scope and the
  incident is significant: early warning 24 h, incident notification 72 h from awareness, final
  report one month after the notification.
"""
from __future__ import annotations

import datetime as dt

from .. import i18n
from ..i18n import N_, NP_
from .controllers import UNDUE_DELAY_HOURS, judge
from .timing import add_hours, add_month, hours_between, left_text

KIND_TEXT = {
    "ombudsman": N_("Data Protection Ombudsman (72 h)"),
    "controller": N_("Controller"),
    "people": N_("The people (Art. 34)"),
    "nis2_early_warning": N_("NCSC-FI: early warning (24 h)"),
    "nis2_notification": N_("NCSC-FI: incident notification (72 h)"),
    "nis2_final_report": N_("NCSC-FI: final report (1 month)"),
}
STATE_TEXT = {"running": NP_("clock", "running"), "overdue": NP_("clock", "overdue"),
              "on_time": NP_("clock", "done in time"), "late": NP_("clock", "done late"),
              "not_required": NP_("clock", "not required")}


def _clock(kind: str, due: dt.datetime, done: dt.datetime | None, now: dt.datetime, target: str = "",
           limit: str = "") -> dict:
    if done is not None:
        state = "on_time" if done <= due else "late"
        left = None
    else:
        left = hours_between(now, due)
        state = "running" if left >= 0 else "overdue"
    return {"kind": kind, "target": target, "limit": limit, "due": due, "done_at": done, "state": state,
            "hours_left": left}


def case_clocks(case: dict, now: dt.datetime | None = None) -> list[dict]:
    """The clocks of one case (as kpcore.breach.case.get_case builds it), in due order."""
    now = now or dt.datetime.now()
    aware = case["aware_at"]
    out = []
    if not case["processor_role"]:
        if case["notify"] is False and case["authority_notified_at"] is None:
            out.append({"kind": "ombudsman", "target": "", "limit": "72 h", "due": add_hours(aware, 72),
                        "done_at": None, "state": "not_required", "hours_left": None})
        else:
            out.append(_clock("ombudsman", add_hours(aware, 72), case["authority_notified_at"], now, limit="72 h"))
        if case["risk"] == "high":
            if case.get("art34_exemption"):
                out.append({"kind": "people", "target": "", "limit": "", "due": add_hours(aware, 72), "done_at": None,
                            "state": "not_required", "hours_left": None})
            else:
                out.append(_clock("people", add_hours(aware, 72), case["subjects_informed_at"], now))
    else:
        rows = case.get("controllers") or []
        if not rows and case.get("customer_id") is not None:  # recorded before engagements were linked
            rows = [{"engagement_id": None, "customer_name": case.get("customer_name") or "", "system": "",
                     "limit_hours": None, "due_at": add_hours(aware, UNDUE_DELAY_HOURS),
                     "notified_at": case.get("customer_informed_at")}]
        for r in rows:
            c = judge(r, now)
            limit = f"{r['limit_hours']} h" if r["limit_hours"] else UNDUE
            out.append({"kind": "controller", "target": f"{r['customer_name']}" + (f" · {r['system']}" if r["system"] else ""),
                        "engagement_id": r["engagement_id"], "limit": limit, "due": r["due_at"],
                        "done_at": r["notified_at"], "state": c["state"], "hours_left": c["hours_left"]})
    if case.get("nis2"):
        out.append(_clock("nis2_early_warning", add_hours(aware, 24), case.get("nis2_early_warning_at"), now))
        notif_due = add_hours(aware, 72)
        out.append(_clock("nis2_notification", notif_due, case.get("nis2_notification_at"), now))
        final_due = add_month(case.get("nis2_notification_at") or notif_due)
        out.append(_clock("nis2_final_report", final_due, case.get("nis2_final_report_at"), now))
    return out


UNDUE = "undue"  # the limit of an agreement that says only "without undue delay"


def limit_text(clock: dict, lang: str = "fi") -> str:
    if clock.get("limit") == UNDUE:
        return i18n.gettext(N_("without undue delay (target {hours} h)"), lang).format(hours=UNDUE_DELAY_HOURS)
    return clock.get("limit") or ""


def label(clock: dict, lang: str = "fi") -> str:
    text = i18n.gettext(KIND_TEXT[clock["kind"]], lang)
    return f"{text}: {clock['target']}" if clock.get("target") else text


def status_text(clock: dict, lang: str = "fi") -> str:
    if clock["state"] in ("running", "overdue"):
        return left_text(clock["hours_left"], lang)
    return i18n.gettext(STATE_TEXT[clock["state"]], lang)
