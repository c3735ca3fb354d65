"""The register at a glance (the Overview view): today's work first, then the counts.

`today(q)` is the DPO's inbox: one row per thing to do now or this week, each with the days
left and the page (and query parameters) where it is done. The rows come from `SOURCES`,
a list of plain functions `source(q, today, now) -> list[dict]` built with `item()`;
adding a source is one line in that list. Rows sort by urgency: the fewest days left first,
overdue (negative) before due, and rows without a date ("now") among today's.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

from . import fmt, i18n
from .db import Query
from .i18n import NN_, N_

DUE_SOON_DAYS = 7          # requests and Art. 14 notices due within a week are listed
ENGAGEMENT_ENDING_DAYS = 30  # an engagement ending within a month needs its return-or-delete decision


def overview(q: Query) -> dict:
    from . import notice

    return {
        "controller": q.one("controller"),
        "counts": q.one("overview_counts"),
        "per_purpose": q.all("contacts_per_purpose"),
        # published notices whose facts changed since (lang, version, published_on)
        "notice_stale": notice.stale(q),
    }


def item(source: str, severity: str, days_left: int | None, text, page: str,
         params: dict | None = None, *, hours_left: float | None = None) -> dict:
    """One inbox row. `text` is a function of the language (`say(...)`, `Finding.text`) or a
    {lang: text} mapping; the row carries text_fi, text_sv and text_en. `page` is the dashboard
    view's url path (requests, breaches, ...); `params` its query parameters (values as text);
    `days_left` None = to do now, no date."""
    word = text if callable(text) else (lambda lang: text.get(lang) or text.get("en") or "")
    return {"source": source, "severity": severity, "days_left": days_left, "hours_left": hours_left,
            **{f"text_{lang}": word(lang) for lang in i18n.LANGS}, "page": page,
            "params": {k: str(v) for k, v in (params or {}).items()}}


def say(message, n: int = 1, **values):
    """A catalog message (an English msgid, or NN_(singular, plural) counted by n) with its
    values, as a function of the language; a value may itself be a function of the language."""
    def text(lang: str) -> str:
        got = {k: v(lang) if callable(v) else v for k, v in values.items()}
        if isinstance(message, tuple):
            return i18n.ngettext(*message, n, lang).format(n=n, **got)
        return i18n.gettext(message, lang).format(n=n, **got)
    return text


def _date(d):
    return lambda lang: fmt.date(d, lang)


def _time(t):
    return lambda lang: fmt.datetime(t, lang)


# -- the sources ----------------------------------------------------------------------------
def requests_due(q: Query, today: dt.date, now: dt.datetime) -> list[dict]:
    """Open requests overdue or due within a week (Art. 12(3)); paused ones (Art. 12(6)) are not due."""
    from .compliance import worded
    from .models import request_type_text

    out = []
    for r in q.all("finding_requests_due", {"today": today, "days": DUE_SOON_DAYS}):
        out.append(item("request", "high" if r["days_left"] < 0 else "medium", r["days_left"],
                        say(N_("Request #{id} ({type}): answer by {due}"), id=r["id"], due=_date(r["due_on"]),
                            type=worded(lambda lang, t=r["type"]: request_type_text(t, lang))),
                        "requests", {"request": r["id"]}))
    return out


def breach_clocks(q: Query, today: dt.date, now: dt.datetime) -> list[dict]:
    """Every running breach clock: the Ombudsman (Art. 33(1)), each controller (33(2)), the people
    (34) and the Cybersecurity Act reports (see running_clocks)."""
    from .compliance import Worded

    out = []
    for c in running_clocks(q, now):
        hours = c["hours_left"]
        days = int(hours // 24)
        what, due = Worded((("fi", c["what_fi"]), ("sv", c["what_sv"]), ("en", c["what_en"]))), _time(c["due"])
        if hours >= 0:
            text = say(N_("{what}: by {due}"), what=what, due=due)
        elif c["kind"] == "ombudsman":
            text = say(N_("{what}: the deadline passed on {due} – notify and record the reason for the delay (Art. 33)"),
                       what=what, due=due)
        else:
            text = say(N_("{what}: the deadline passed on {due}"), what=what, due=due)
        out.append(item("breach", "high", days, text, "breaches", {"breach": c["breach_id"]}, hours_left=hours))
    return out


def running_clocks(q: Query, now=None) -> list[dict]:
    """Every running breach clock (Ombudsman, each controller, people, NIS2), soonest first: rows
    with what / what_fi / what_en, due (datetime), time_left (timedelta, negative = overdue),
    hours_left and link (dashboard). See kpcore.breach.case.running."""
    from .breach.case import running

    return running(q, now)


def art14_due(q: Query, today: dt.date, now: dt.datetime) -> list[dict]:
    """Art. 14 notices not yet recorded that are overdue or due within a week (Art. 14(3)(a)),
    one row per purpose and source."""
    from .compliance import _fact

    out = []
    for r in q.all("inbox_art14_due", {"today": today, "days": DUE_SOON_DAYS}):
        n = r["people"]
        left = (r["due_on"] - today).days
        out.append(item("art14", "high" if left < 0 else "medium", left,
                        say(NN_("Art. 14 notice: {n} person ({purpose}, source {source}); first due {due}",
                                "Art. 14 notice: {n} people ({purpose}, source {source}); first due {due}"), n,
                            purpose=_fact(r, "name"), source=_fact(r, "source"), due=_date(r["due_on"])),
                        "contacts", {"tab": "art14"}))
    return out


def engagements(q: Query, today: dt.date, now: dt.datetime) -> list[dict]:
    """Engagements without a signed agreement (Art. 28(3)), and those ended or ending within a
    month without a decision to return or delete the data (Art. 28(3)(g))."""
    from .models import ART28_CLAUSES

    out = []
    for e in q.all("finding_engagements", {"today": today, "clauses": list(ART28_CLAUSES)}):
        who = f"#{e['id']} {e['customer']} / {e['system']}"
        params = {"engagement": e["id"]}
        if not e["has_ended"] and e["agreement_signed_on"] is None:
            out.append(item("engagement", "high", None,
                            say(N_("Engagement {who}: no signed processing agreement (Art. 28)"), who=who),
                            "processors", params))
        if e["end_decision"] is None and e["ends_on"] is not None and \
                (e["has_ended"] or (e["ends_on"] - today).days <= ENGAGEMENT_ENDING_DAYS):
            left = (e["ends_on"] - today).days
            out.append(item("engagement", "high" if e["has_ended"] else "medium", left,
                            say(N_("Engagement {who} ends on {on}: decide to return or delete the data (Art. 28(3)(g))"),
                                who=who, on=_date(e["ends_on"])), "processors", params))
        elif e["end_decision"] is None and e["has_ended"]:
            out.append(item("engagement", "high", None,
                            say(N_("Engagement {who} has ended: decide to return or delete the data (Art. 28(3)(g))"),
                                who=who), "processors", params))
    return out


def notice_items(q: Query, today: dt.date, now: dt.datetime) -> list[dict]:
    """The privacy notice's missing and unconfirmed items (Art. 13, 14): one row each kind."""
    from .compliance import notice_findings

    found = notice_findings(q)
    out = []
    missing = [f for f in found if f.rule == "notice_item_missing"]
    unconfirmed = [f for f in found if f.rule == "notice_item_unconfirmed"]
    if missing:
        out.append(item("notice", "high", None, say(N_("Privacy notice: {n} item(s) missing"), n=len(missing)),
                        "notice"))
    if unconfirmed:
        worst = min((f.severity for f in unconfirmed), key=("high", "medium", "low").index)
        out.append(item("notice", worst, None, say(N_("Privacy notice: {n} item(s) not confirmed"), n=len(unconfirmed)),
                        "notice"))
    for f in found:
        if f.rule == "notice_stale":  # the published notice is out of date
            out.append(item("notice", f.severity, None, f.text, "notice"))
    return out


# Rules that the sources above already list row by row, so high_findings leaves them out.
_COVERED = {"request_overdue", "request_due_soon", "breach_clock_running", "art14_notice_overdue",
            "breach_controller_due", "breach_controller_overdue", "nis2_clock",
            "engagement_without_agreement", "engagement_ended_without_decision", "notice_item_missing",
            "notice_item_unconfirmed", "notice_stale"}


def high_findings(q: Query, today: dt.date, now: dt.datetime) -> list[dict]:
    """Every other high-severity compliance finding (kpcore.compliance), to act on now."""
    from .compliance import findings

    out = []
    for f in findings(q, today, now=now, include_notice=False):
        if f.severity != "high" or f.rule in _COVERED:
            continue
        page, _, query = f.link.lstrip("/").partition("?")
        params = dict(p.split("=", 1) for p in query.split("&") if "=" in p)
        out.append(item("finding", "high", None, lambda lang, f=f: f"{f.title(lang)}: {f.text(lang)}",
                        page or "compliance", params))
    return out


def systems_map(q: Query, today: dt.date, now: dt.datetime) -> list[dict]:
    """#12: a map holding only this register (Art. 30(1): the DPO must fill it), and connector
    tasks whose last run failed (a request cannot be answered until they are done)."""
    from . import systems

    out = []
    if systems.unfilled(q):
        out.append(item("systems", "medium", None,
                        say(N_("The systems map is not filled in: add the systems holding personal data")), "systems"))
    for t in q.all("tasks_failed_open"):
        out.append(item("task", "medium", None,
                        say(N_("Request #{id}: the task in {system} failed; run it again or do it by hand"),
                            id=t["request_id"], system=t["system_name"]),
                        "requests", {"request": t["request_id"]}))
    return out


SOURCES: list[Callable[[Query, dt.date, dt.datetime], list[dict]]] = [
    requests_due,
    breach_clocks,
    art14_due,
    engagements,
    notice_items,
    systems_map,
]
# Sources that read every contact (a million rows: seconds). The dashboard computes them beside
# the page, so the overview opens at once; the CLI and the tests get them with the rest.
SLOW_SOURCES: list[Callable[[Query, dt.date, dt.datetime], list[dict]]] = [
    high_findings,
]


def order(rows: list[dict]) -> list[dict]:
    """Most urgent first: fewest days left (overdue first; no date = today), then severity."""
    sev = {"high": 0, "medium": 1, "low": 2}
    return sorted(rows, key=lambda r: (r["days_left"] if r["days_left"] is not None else 0,
                                       sev.get(r["severity"], 3), r["hours_left"] is None))


def today(q: Query, today: dt.date | None = None, now: dt.datetime | None = None, *,
          quick: bool = False, slow_only: bool = False) -> list[dict]:
    """Today's work: every source's rows, most urgent first (`quick`: without SLOW_SOURCES;
    `slow_only`: only them)."""
    now = now or dt.datetime.now()
    day = today or now.date()
    sources = SLOW_SOURCES if slow_only else SOURCES + ([] if quick else SLOW_SOURCES)
    return order([r for source in sources for r in source(q, day, now)])


def quick_rows(q: Query) -> list[dict]:
    """today() without the slow sources (the overview's first paint)."""
    return today(q, quick=True)


def slow_rows(q: Query) -> list[dict]:
    """Only the slow sources' rows (computed beside the page)."""
    return today(q, slow_only=True)
