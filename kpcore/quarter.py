"""The quarterly compliance figures the DPO reports to the management.

`report(q, "2026Q3")` gives a quarter's figures beside the previous quarter's. A quarter
that has been issued (`issue`) is frozen: its figures are read back from quarter_report
exactly as they were reported, so the next quarter compares against what the management
saw, not against today's data (erasures and corrections change the past).

Figures as of the quarter's end are computed from dates in the register: requests by
received_on / answered_on / due_on; contacts added by created_at; erasures from the audit
log (the person is gone); Art. 14 notices by collected_on / notice_sent_on; engagements by
starts_on / ends_on; breaches by aware_at. The notice's completeness and the open findings
are as of the day the figures were computed (`computed_on`): the register keeps no history
of them.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from . import compliance, i18n
from .db import Query, Register
from .errors import KpError, NotFound, Refused
from .i18n import N_, NP_
from .models import ART28_CLAUSES

FIGURES_VERSION = 1
REQUEST_TYPES = ("access", "rectification", "erasure", "restriction", "portability", "objection")
_Q = re.compile(r"^\s*(\d{4})\s*[-/ ]?\s*[Qq]([1-4])\s*$")

# The figures compared quarter to quarter: (path, label, kind); the label is an English msgid
# (kpcore.i18n). kind: n = count, pct, days.
HEADLINES: list[tuple[str, str, str]] = [
    ("requests.total.received", N_("Requests received"), "n"),
    ("requests.total.closed", N_("Requests closed"), "n"),
    ("requests.on_time_pct", N_("Answered on time"), "pct"),
    ("requests.total.median_days", N_("Days to answer, median"), "days"),
    ("requests.total.open_at_end", N_("Open at quarter end"), "n"),
    ("requests.total.overdue_at_end", N_("Overdue at quarter end"), "n"),
    ("contacts.people_added", N_("People added"), "n"),
    ("contacts.links_added", NP_("quarter headline", "Purpose links added"), "n"),
    ("contacts.erased", N_("People erased"), "n"),
    ("art14.sent", N_("Art. 14 notices sent"), "n"),
    ("art14.overdue_at_end", N_("Art. 14 notices overdue (at end)"), "n"),
    ("processors.active_at_end", N_("Active engagements"), "n"),
    ("processors.new", N_("New engagements"), "n"),
    ("processors.ended", N_("Ended engagements"), "n"),
    ("processors.without_agreement", N_("Active without an agreement"), "n"),
    ("processors.missing_clauses", N_("Agreements lacking clauses"), "n"),
    ("processors.ended_without_decision", N_("Ended without return/delete decision"), "n"),
    ("processors.accesses", N_("Accesses in customers' systems"), "n"),
    ("processors.accesses_without_request", N_("Accesses without a customer request"), "n"),
    ("breaches.total", NP_("quarter headline", "Breaches"), "n"),
    ("breaches.notifiable", N_("Notifiable breaches"), "n"),
    ("breaches.rule_met", N_("72-hour rule met"), "n"),
    ("breaches.rule_not_met", N_("72-hour rule not met"), "n"),
    ("breaches.controller_role", N_("Breaches as controller (Art. 33(1))"), "n"),
    ("breaches.processor_role", N_("Breaches as processor (Art. 33(2))"), "n"),
    ("breaches.controllers_told_in_time", N_("Controllers told within the agreement's limit"), "n"),
    ("breaches.controllers_told_late", N_("Controllers told late or not at all"), "n"),
    ("notice.missing", N_("Notice items missing"), "n"),
    ("notice.unconfirmed", N_("Notice items unconfirmed"), "n"),
    ("findings.by_severity.high", N_("High-severity findings"), "n"),
]

AS_OF_TODAY = {"notice", "findings"}  # the register keeps no history of these


# -- quarters ----------------------------------------------------------------------

def parse_quarter(text: str) -> str:
    """'2026Q3', '2026 q3', '2026-Q3' -> '2026Q3'."""
    m = _Q.match(str(text))
    if not m:
        raise KpError(N_("quarter: {text} is not a quarter (use 2026Q3)"), text=repr(text))
    return f"{m.group(1)}Q{m.group(2)}"


def bounds(quarter: str) -> tuple[dt.date, dt.date]:
    """First and last day of a quarter."""
    quarter = parse_quarter(quarter)
    year, n = int(quarter[:4]), int(quarter[-1])
    start = dt.date(year, 3 * n - 2, 1)
    nxt = dt.date(year + 1, 1, 1) if n == 4 else dt.date(year, 3 * n + 1, 1)
    return start, nxt - dt.timedelta(days=1)


def of_date(day: dt.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def previous(quarter: str) -> str:
    start, _ = bounds(quarter)
    return of_date(start - dt.timedelta(days=1))


def last_complete(today: dt.date | None = None) -> str:
    """The last quarter that has ended (the default of every report)."""
    return previous(of_date(today or dt.date.today()))


def is_complete(quarter: str, today: dt.date | None = None) -> bool:
    return bounds(quarter)[1] < (today or dt.date.today())


def choices(q: Query, today: dt.date | None = None, back: int = 8) -> list[str]:
    """Quarters to offer: the current one, the last `back` ones and every issued one, newest first."""
    today = today or dt.date.today()
    qs = [of_date(today)]
    while len(qs) <= back:
        qs.append(previous(qs[-1]))
    qs += [r["quarter"] for r in q.all("quarter_reports")]
    return sorted(set(qs), reverse=True)


def label(quarter: str, lang: str = "fi") -> str:
    """'Q1 2026 (01 Jan – 31 Mar 2026)' / '1. neljännes 2026 (1.1. – 31.3.2026)' / 'Kvartal 1 2026 (1.1. – 31.3.2026)'."""
    start, end = bounds(quarter)
    if lang == "en":
        first, last = f"{start:%d %b}", f"{end:%d %b %Y}"
    else:
        first, last = f"{start.day}.{start.month}.", f"{end.day}.{end.month}.{end.year}"
    return i18n.gettext(N_("Q{n} {year} ({first} – {last})"), lang).format(n=quarter[-1], year=quarter[:4],
                                                                           first=first, last=last)


# -- figures -------------------------------------------------------------------------

def compute(q: Query, quarter: str, today: dt.date | None = None, *, now: dt.datetime | None = None,
            findings_summary: dict | None = None) -> dict:
    """The quarter's figures from the register as it is now (not a snapshot). The findings are
    today's; a caller computing two quarters at once may pass their summary in."""
    quarter = parse_quarter(quarter)
    now = now or (dt.datetime.combine(today, dt.time(12)) if today else dt.datetime.now())
    today = today or now.date()
    start, end = bounds(quarter)
    as_of = min(end, today)  # a quarter in progress is counted up to today
    p = {"start": start, "end": as_of}
    fig: dict[str, Any] = {"v": FIGURES_VERSION, "quarter": quarter, "start": start.isoformat(),
                           "end": end.isoformat(), "as_of": as_of.isoformat(), "computed_on": today.isoformat()}
    fig["requests"] = _requests(q, p)
    fig["contacts"] = _contacts(q, p)
    fig["art14"] = q.one("quarter_art14", p)
    fig["processors"] = q.one("quarter_engagements", {**p, "clauses": list(ART28_CLAUSES)})
    fig["breaches"] = _breaches(q, p, now)
    fig["notice"] = _notice(q)
    fig["findings"] = findings_summary or compliance.summary(compliance.findings(q, today, now=now))
    return json.loads(json.dumps(fig, default=_json_default))


def _json_default(o):
    if isinstance(o, (dt.date, dt.datetime)):
        return o.isoformat(sep=" ") if isinstance(o, dt.datetime) else o.isoformat()
    if hasattr(o, "__float__"):
        return float(o)
    raise TypeError(type(o).__name__)


def _requests(q: Query, p: dict) -> dict:
    by_type, total = {}, None
    for r in q.all("quarter_requests", p):
        row = {k: r[k] for k in ("received", "closed", "on_time", "median_days", "open_at_end", "overdue_at_end")}
        if row["median_days"] is not None:
            row["median_days"] = round(float(row["median_days"]), 1)
        if r["type"] is None:
            total = row
        else:
            by_type[r["type"]] = row
    total = total or {"received": 0, "closed": 0, "on_time": 0, "median_days": None, "open_at_end": 0, "overdue_at_end": 0}
    # Art. 12(3): a request still open past its due date has not been answered on time either;
    # counting only the closed ones would flatter a quarter that leaves its late ones open.
    due = total["closed"] + total["overdue_at_end"]
    pct = round(100.0 * total["on_time"] / due, 1) if due else None
    return {"by_type": by_type, "total": total, "on_time_pct": pct}


def _contacts(q: Query, p: dict) -> dict:
    rows = q.all("quarter_contacts_added", p)
    by_purpose: dict[str, int] = {}
    by_source: dict[str, int] = {}
    for r in rows:
        by_purpose[r["purpose"]] = by_purpose.get(r["purpose"], 0) + r["added"]
        by_source[r["source"]] = by_source.get(r["source"], 0) + r["added"]
    erasures = q.all("quarter_erasures", p)
    return {"people_added": q.value("quarter_people_added", p), "links_added": sum(by_purpose.values()),
            "added_by_purpose": by_purpose, "added_by_source": by_source,
            "added": [[r["purpose"], r["source"], r["added"]] for r in rows],
            "erased": sum(r["people"] for r in erasures), "erasure_events": sum(r["events"] for r in erasures),
            "erasures_by_action": {r["action"]: r["events"] for r in erasures}}


def _breaches(q: Query, p: dict, now: dt.datetime) -> dict:
    from . import breaches

    from .breach import case as breach_case

    items = []
    told_in_time = told_late = 0
    for b in q.all("quarter_breaches", p):
        c = breaches.clock(b, now)
        if b["processor_role"]:
            # Art. 33(2): judged per controller by the agreement's limit, not by the 72 hours.
            ctl = [k for k in breach_case.get_case(q, b["id"], now)["clocks"] if k["kind"] == "controller"]
            told_in_time += sum(1 for k in ctl if k["state"] == "on_time")
            told_late += sum(1 for k in ctl if k["state"] in ("late", "overdue"))
            met = ("not_met" if any(k["state"] in ("late", "overdue") for k in ctl) else
                   "running" if any(k["state"] == "running" for k in ctl) else "met")
        elif c["state"] in ("on_time", "not_required"):
            met = "met"
        elif c["state"] == "running":
            met = "running"
        elif (b["delay_reason"] or "").strip():
            met = "late_with_reason"
        else:
            met = "not_met"
        items.append({"id": b["id"], "aware_at": b["aware_at"], "risk": b["risk"], "notify": b["notify"],
                      "state": c["state"], "hours_taken": None if c["hours_taken"] is None else round(c["hours_taken"], 1),
                      "processor_role": b["processor_role"], "customer_told": b["customer_informed_at"] is not None,
                      "subjects_told": b["subjects_informed_at"] is not None, "met": met})
    return {
        "total": len(items),
        "notifiable": sum(1 for i in items if i["notify"] is not False and not i["processor_role"]),
        "notified": sum(1 for i in items if i["state"] in ("on_time", "late")),
        "rule_met": sum(1 for i in items if i["met"] == "met"),
        "late_with_reason": sum(1 for i in items if i["met"] == "late_with_reason"),
        "rule_not_met": sum(1 for i in items if i["met"] == "not_met"),
        "high_risk": sum(1 for i in items if i["risk"] == "high"),
        "subjects_told": sum(1 for i in items if i["subjects_told"]),
        "controller_role": sum(1 for i in items if not i["processor_role"]),
        "processor_role": sum(1 for i in items if i["processor_role"]),
        "customer_told": sum(1 for i in items if i["processor_role"] and i["customer_told"]),
        "controllers_told_in_time": told_in_time,
        "controllers_told_late": told_late,
        "list": items,
    }


def _notice(q: Query) -> dict:
    items = compliance.notice_completeness(q)
    count = lambda s: sum(1 for i in items if i.get("status") == s)  # noqa: E731
    return {"available": True, "present": count("present"), "missing": count("missing"),
            "unconfirmed": count("unconfirmed"),
            "missing_mandatory": sum(1 for i in items if i.get("status") == "missing" and i.get("requirement") == "M"),
            "items": [{k: i.get(k) for k in ("item", "key", "title_fi", "title_sv", "title_en", "requirement", "status")}
                      for i in items]}


# -- snapshots -------------------------------------------------------------------------

def snapshot(q: Query, quarter: str) -> dict | None:
    """The issued figures of a quarter ({'issued_at', 'figures'}), or None."""
    row = q.one("quarter_report_get", {"quarter": parse_quarter(quarter)})
    if row is None:
        return None
    figs = row["figures"]
    return {"issued_at": row["issued_at"], "figures": json.loads(figs) if isinstance(figs, str) else figs}


def figures(q: Query, quarter: str, today: dt.date | None = None, *, now: dt.datetime | None = None,
            findings_summary: dict | None = None) -> dict:
    """{'quarter', 'issued_at' (None = live), 'figures'}: the snapshot if issued, else computed now."""
    quarter = parse_quarter(quarter)
    snap = snapshot(q, quarter)
    if snap:
        return {"quarter": quarter, **snap}
    return {"quarter": quarter, "issued_at": None,
            "figures": compute(q, quarter, today, now=now, findings_summary=findings_summary)}


def report(q: Query, quarter: str | None = None, today: dt.date | None = None,
           findings_summary: dict | None = None, *, now: dt.datetime | None = None) -> dict:
    """A quarter and the previous one, with the headline comparison; default the last complete quarter.
    `findings_summary`: today's compliance.summary(findings) when the caller has it already
    (the dashboard does), so the findings are not computed again."""
    today = today or (now.date() if now else dt.date.today())
    quarter = parse_quarter(quarter) if quarter else last_complete(today)
    cur = figures(q, quarter, today, now=now, findings_summary=findings_summary)
    prev = figures(q, previous(quarter), today, now=now,
                   findings_summary=None if cur["issued_at"] else cur["figures"]["findings"])
    return {"quarter": quarter, "complete": is_complete(quarter, today), "current": cur, "previous": prev,
            "comparison": compare(cur["figures"], prev["figures"], prev["issued_at"] is not None)}


def get_path(fig: dict, path: str):
    node: Any = fig
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def compare(cur: dict, prev: dict, prev_issued: bool = True) -> list[dict]:
    """Headline figures beside the previous quarter's. Figures known only as of today (the
    notice, the findings) are compared only against an issued snapshot."""
    rows = []
    for path, label, kind in HEADLINES:
        a, b = get_path(cur, path), get_path(prev, path)
        if path.split(".")[0] in AS_OF_TODAY and not prev_issued:
            b = None
        change = None if a is None or b is None else round(a - b, 1)
        rows.append({"key": path, "label": label, **{lang: i18n.gettext(label, lang) for lang in i18n.LANGS},
                     "kind": kind, "value": a, "previous": b, "change": change})
    return rows


def issue(reg: Register, actor: str, quarter: str, today: dt.date | None = None) -> dict:
    """Freeze a completed quarter's figures as reported; refuses to issue a quarter twice."""
    today = today or dt.date.today()
    quarter = parse_quarter(quarter)
    if not is_complete(quarter, today):
        raise Refused(N_("{quarter} has not ended yet (it ends {day}); only a complete "
                         "quarter can be issued."), quarter=quarter, day=f"{bounds(quarter)[1]:%Y-%m-%d}")
    with reg.write(actor, "quarter.issue", "quarter", quarter) as w:
        if w.one("quarter_report_get", {"quarter": quarter}):
            raise Refused(N_("{quarter} was issued already; an issued report is not changed."), quarter=quarter)
        figs = compute(w, quarter, today)
        # the audit trail's tip when the quarter was issued (#15 §5): a later rewrite of the
        # trail before this point no longer matches what the issued report says
        # trail before this point no longer matches what the issued report says. The tip is the
        # one the previous write session anchored (this write's event is appended at commit);
        # its seal is made with the audit key outside the register (kpcore.anchor.seal).
        tip = w.sql("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchall()
        figs["audit_tip"] = None
        if tip:
            from . import anchor

            figs["audit_tip"] = {"seq": tip[0][0], "hash": tip[0][1],
                                 "seal": anchor.seal(reg.path, tip[0][0], tip[0][1])}
        w.run("quarter_report_insert", {"quarter": quarter, "figures": json.dumps(figs, ensure_ascii=False)})
    return figs


def names(q: Query) -> dict:
    """Display names the report needs: purposes, sources (key -> (fi, en, sv); sv None where the
    register has no Swedish yet) and the controller."""
    return {"purpose": {p["key"]: (p["name_fi"], p["name_en"], p.get("name_sv")) for p in q.all("purposes")},
            "source": {s["key"]: (s["name_fi"], s["name_en"], s.get("name_sv")) for s in q.all("sources")},
            "controller": q.one("controller")["name"]}


def report_pdf(q: Query, quarter: str | None = None, lang: str = "fi", today: dt.date | None = None) -> bytes:
    """The quarterly report as PDF bytes (Finnish, Swedish or English, charts included)."""
    if lang not in i18n.LANGS:
        raise KpError(N_("lang: {lang} is not a language of the report (use fi, sv or en)"), lang=repr(lang))
    from .models import REQUEST_TYPES as REQUEST_TYPE_LABELS
    from .pdf.quarter import quarter_pdf

    return quarter_pdf(report(q, quarter, today), names(q), lang, rules=compliance.RULES,
                       request_types=REQUEST_TYPE_LABELS)


def short_label(text: str, n: int = 40) -> str:
    """A chart label that fits; 'Long name – group 2' keeps its distinguishing tail."""
    if len(text) <= n:
        return text
    if " – " in text:
        head, tail = text.rsplit(" – ", 1)
        keep = max(8, n - len(tail) - 4)
        return head[:keep].rstrip() + "… – " + tail
    return text[: n - 1] + "…"


def format_value(value, kind: str, lang: str = "fi") -> str:
    """A figure with its unit (kpcore.fmt): '12,5 pv', '75,0 %', '1 234'."""
    from . import fmt

    return fmt.quantity(value, kind, lang)


def format_change(change, kind: str, lang: str = "fi") -> str:
    """A change with its sign and unit: '+4,0 pv', '+25,0 %-yks.', '−2', '±0'."""
    from . import fmt

    return fmt.change(change, kind, lang)


__all__ = ["parse_quarter", "bounds", "previous", "last_complete", "compute", "figures", "report", "issue",
           "snapshot", "HEADLINES", "NotFound"]
