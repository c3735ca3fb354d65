"""Compliance findings: what the register shows to be wrong or at risk, rule by rule.

Each finding names its severity, the rule, the GDPR article, the object it concerns and
a link to that object in the dashboard; its text is a catalog message (kpcore/i18n.py) with
its values, worded in Finnish, Swedish or English when asked (`Finding.text(lang)`). Rules over the small
tables (requests, engagements, breaches) give one finding per object; rules over the
contacts (up to a million) are computed set-based and give one finding per purpose or
data category with a count and the first ids, so the list stays readable.

Severity: "high" = a legal obligation is being breached now (a deadline passed, data kept
or held without a basis); "medium" = a gap to close soon (a deadline within a week, a
missing clause, an undocumented decision); "low" = a proposal still to be confirmed.
`kp check` exits with HIGH_EXIT_CODE when any finding is high.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from . import fmt, i18n
from .db import Query
from .i18n import NN_, N_, NP_
from .models import ART28_CLAUSES, clause_text, request_type_text

SEVERITIES = ("high", "medium", "low")
SEVERITY_TEXT = {"high": N_("High"), "medium": N_("Medium"), "low": N_("Low")}
HIGH_EXIT_CODE = 3
DUE_SOON_DAYS = 7
BREACH_HOURS = 72

# rule key -> (article, title: an English msgid, context "finding")
RULES: dict[str, tuple[str, str]] = {
    "request_overdue": ("12(3)", NP_("finding", "Request not answered in time")),
    "request_due_soon": ("12(3)", NP_("finding", "Request due within seven days")),
    "extension_without_reason": ("12(3)", NP_("finding", "Extension without a reason")),
    "category_not_allowed": ("5(1)(c)", NP_("finding", "Data category the purpose does not allow")),
    "contact_without_purpose": ("5(1)(b), 6(1)", NP_("finding", "Person without any purpose")),
    "past_retention": ("5(1)(e)", NP_("finding", "Kept past the retention period")),
    "retention_anchor_unknown": ("5(1)(e), 13(2)(a)", NP_("finding", "Retention anchor date missing")),
    "marketing_basis_missing": ("21(2); 917/2014 200 §", NP_("finding", "Electronic-marketing basis not recorded")),
    "art14_notice_overdue": ("14(3)(a)", NP_("finding", "Art. 14 notice overdue")),
    "engagement_without_agreement": ("28(3)", NP_("finding", "Engagement without a written agreement")),
    "engagement_missing_clauses": ("28(3)", NP_("finding", "Agreement lacks Art. 28 clauses")),
    "engagement_ended_without_decision": ("28(3)(g)", NP_("finding", "Ended engagement without a return-or-delete decision")),
    "access_without_request": ("28(3)(a), 29", NP_("finding", "Access without a customer request")),
    "access_outside_engagement": ("28(3)(a), 29", NP_("finding", "Access outside the engagement's term")),
    "notice_item_missing": ("13, 14", NP_("finding", "Privacy notice item missing")),
    "notice_item_unconfirmed": ("13, 14", NP_("finding", "Privacy notice item unconfirmed")),
    "notice_stale": ("12(1), 13, 14", NP_("finding", "The published privacy notice is out of date")),
    "breach_late_without_reason": ("33(1)", NP_("finding", "Not notified within 72 hours, no reason recorded")),
    "breach_clock_running": ("33(1)", NP_("finding", "Breach: the 72-hour clock is running")),
    "breach_decision_without_reason": ("33(5)", NP_("finding", "Notification decision without a reason")),
    "breach_controller_due": ("33(2)", NP_("finding", "Processor role: tell the controller within the agreement's limit")),
    "breach_controller_overdue": ("33(2)", NP_("finding", "Processor role: the controller not told within the agreement's limit")),
    "breach_controller_told_late": ("33(2)", NP_("finding", "Processor role: the controller was told late")),
    "nis2_clock": ("Kyberturvallisuuslaki", NP_("finding", "Cybersecurity Act report to NCSC-FI")),
    "subprocessor_objection_open": ("28(2)", NP_("finding", "Sub-processor change objected to: no outcome recorded")),
    "subprocessor_not_notified": ("28(2)", NP_("finding", "Controller not told of a sub-processor change")),
    "subprocessor_effective_before_window": ("28(2)", NP_("finding", "Sub-processor change takes effect before the objection window ends")),
    "breach_subjects_not_told": ("34", NP_("finding", "High risk: the people have not been told")),
}


@dataclass(frozen=True)
class Finding:
    """One thing the DPO should act on. `count` > 1 when it covers many objects of a kind.

    `message` is an English msgid (with `plural`, an ngettext pair counted by `n`); `params`
    are its values: plain, or a Dated / Worded / People that words itself per language."""

    severity: str
    rule: str
    article: str
    object_type: str
    object_id: str | None
    link: str
    message: str
    params: tuple = ()
    count: int = 1
    sample_ids: tuple = field(default_factory=tuple)
    plural: str | None = None
    n: int = 1

    def text(self, lang: str = "fi") -> str:
        values = {"n": self.n} | {k: v(lang) if callable(v) else v for k, v in self.params}
        if self.plural:
            return i18n.ngettext(self.message, self.plural, self.n, lang).format(**values)
        return i18n.gettext(self.message, lang).format(**values)

    def title(self, lang: str = "fi") -> str:
        return i18n.pgettext("finding", RULES[self.rule][1], lang)

    text_fi = property(lambda self: self.text("fi"))
    text_en = property(lambda self: self.text("en"))
    text_sv = property(lambda self: self.text("sv"))
    title_fi = property(lambda self: self.title("fi"))
    title_en = property(lambda self: self.title("en"))
    title_sv = property(lambda self: self.title("sv"))

    def as_dict(self) -> dict:
        d = {k: v for k, v in asdict(self).items() if k not in ("message", "params", "plural", "n")}
        d["sample_ids"] = list(self.sample_ids)
        for lang in i18n.LANGS:
            d[f"text_{lang}"], d[f"title_{lang}"] = self.text(lang), self.title(lang)
        return d


@dataclass(frozen=True)
class Dated:
    """A date (or time) in a finding, as kpcore.fmt writes it: 5.3.2026 (klo 14.05), ISO in English."""
    value: dt.date | dt.datetime
    time: bool = False

    def __call__(self, lang: str) -> str:
        return fmt.datetime(self.value, lang) if self.time else fmt.date(self.value, lang)


@dataclass(frozen=True)
class Worded:
    """A text another module words per language (taken for each language when the finding is made)."""
    texts: tuple

    def __call__(self, lang: str) -> str:
        return dict(self.texts).get(lang, "")


def worded(fn) -> Worded:
    return Worded(tuple((lang, fn(lang)) for lang in i18n.LANGS))


@dataclass(frozen=True)
class People:
    """'1 henkilö' / '1 234 henkilöä' / '1,234 people'."""
    n: int

    def __call__(self, lang: str) -> str:
        return i18n.ngettext("{n} person", "{n} people", self.n, lang).format(n=fmt.number(self.n, lang))


def _f(severity: str, rule: str, object_type: str, object_id, link: str, message: str | tuple, count: int = 1,
       sample_ids=(), *, n: int = 1, **params) -> Finding:
    plural = None
    if isinstance(message, tuple):  # NN_(singular, plural), counted by n
        message, plural = message
    return Finding(severity, rule, RULES[rule][0], object_type, None if object_id is None else str(object_id), link,
                   message, tuple(params.items()), int(count), tuple(sample_ids or ()), plural, n)


def _ids(ids) -> str:
    ids = list(ids or [])
    return ", ".join(f"#{i}" for i in ids[:5]) + (" …" if len(ids) > 5 else "")


def findings(q: Query, today: dt.date | None = None, *, now: dt.datetime | None = None,
             include_notice: bool = True) -> list[Finding]:
    """Every finding on the register today, most severe first. `now` runs the 72-hour clocks."""
    now = now or (dt.datetime.combine(today, dt.time(12)) if today else dt.datetime.now())
    today = today or now.date()
    out: list[Finding] = []
    out += _request_findings(q, today)
    out += _contact_findings(q, today)
    out += _engagement_findings(q, today)
    out += _breach_findings(q, now)
    out += _breach_case_findings(q, now)
    if include_notice:
        out += notice_findings(q)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    rule_order = {r: i for i, r in enumerate(RULES)}
    return sorted(out, key=lambda f: (order[f.severity], rule_order[f.rule]))


def _request_findings(q: Query, today: dt.date) -> list[Finding]:
    out = []
    for r in q.all("finding_requests_due", {"today": today, "days": DUE_SOON_DAYS}):
        kind = worded(lambda lang, t=r["type"]: request_type_text(t, lang))
        link = f"/requests?request={r['id']}"
        if r["days_left"] < 0:
            late = -r["days_left"]
            out.append(_f("high", "request_overdue", "request", r["id"], link,
                          NN_("Request #{id} ({type}) was due on {due}; {n} day late.",
                              "Request #{id} ({type}) was due on {due}; {n} days late."), n=late,
                          id=r["id"], type=kind, due=Dated(r["due_on"])))
        else:
            left = r["days_left"]
            out.append(_f("medium", "request_due_soon", "request", r["id"], link,
                          NN_("Request #{id} ({type}) is due on {due} ({n} day left).",
                              "Request #{id} ({type}) is due on {due} ({n} days left)."), n=left,
                          id=r["id"], type=kind, due=Dated(r["due_on"])))
    for r in q.all("finding_extensions_without_reason"):
        out.append(_f("medium", "extension_without_reason", "request", r["id"], f"/requests?request={r['id']}",
                      N_("Request #{id} was extended on {on} with no reason recorded; the person must be told the reasons."),
                      id=r["id"], on=Dated(r["extended_on"])))
    return out


_RETENTION_FINDINGS = """
SELECT l.purpose, p.name_fi, p.name_en, l.anchor, l.months, p.name_sv,
       count(*) FILTER (WHERE l.anchor_known AND l.ends_on < $today) AS past,
       min(l.ends_on) FILTER (WHERE l.anchor_known AND l.ends_on < $today) AS oldest_end,
       list(l.contact_id ORDER BY l.contact_id) FILTER (WHERE l.anchor_known AND l.ends_on < $today)[1:10] AS past_ids,
       count(*) FILTER (WHERE NOT l.anchor_known) AS unknown,
       count(*) FILTER (WHERE NOT l.anchor_known AND l.ends_on < $today) AS unknown_past,
       list(l.contact_id ORDER BY l.ends_on, l.contact_id) FILTER (WHERE NOT l.anchor_known)[1:10] AS unknown_ids
FROM ({links}) l JOIN purpose p ON p.key = l.purpose
GROUP BY ALL ORDER BY min(p.sort)
"""


def _retention_findings(q: Query, today: dt.date) -> list[Finding]:
    """Art. 5(1)(e) from the same rule `kp purge` applies (kpcore.retention): links past their end,
    and links whose anchor date is unknown (counted from collection; high once that end has passed:
    purge keeps them and the DPO is asked to record the date)."""
    from . import retention

    out = []
    for r in q.sql(_RETENTION_FINDINGS.format(links=retention.LINKS_SQL), {"today": today}).fetchall():
        purpose, name_fi, name_en, anchor, months, name_sv, past, oldest_end, past_ids, unknown, unknown_past, unknown_ids = r
        name = Worded((("fi", name_fi), ("sv", name_sv or name_fi), ("en", name_en)))  # the register's facts
        rule = worded(lambda lang: retention.sentence(anchor, months, lang))
        if past:
            ids = tuple(past_ids)
            out.append(_f("high", "past_retention", "contact", ids[0], f"/contacts?person={ids[0]}",
                          N_("{people} in “{purpose}” kept past the retention period ({period} The oldest ended on "
                             "{oldest}) ({ids})."), past, ids,
                          people=People(past), purpose=name, period=rule, oldest=Dated(oldest_end), ids=_ids(ids)))
        if unknown:
            ids = tuple(unknown_ids)
            what = {"last_contact": N_("the date of the last contact"),
                    "contract_end": N_("the customer organisation and its agreement's end"),
                    "last_training_support": N_("the date of the last training or support event")}.get(anchor)
            sev = "high" if unknown_past else "medium"
            out.append(_f(sev, "retention_anchor_unknown", "contact", ids[0], f"/contacts?person={ids[0]}",
                          N_("{people} in “{purpose}”: {what} is not recorded, so retention is counted from "
                             "collection; {past} are past that end and kept until the date is recorded ({ids})."),
                          unknown, ids, people=People(unknown), purpose=name, past=unknown_past, ids=_ids(ids),
                          what=worded(lambda lang, w=what: i18n.gettext(w, lang) if w else "")))
    return out


def _contact_findings(q: Query, today: dt.date) -> list[Finding]:
    """The rules over every contact (seconds at a million): made once per data version and day,
    shared by the compliance view, the overview's inbox and the quarterly report (Query.per_version)."""
    return list(q.per_version("compliance.contact_findings", (today,), lambda: _contact_findings_now(q, today)))


def _contact_findings_now(q: Query, today: dt.date) -> list[Finding]:
    out = []
    for r in q.all("finding_categories_not_allowed"):
        n, ids = r["people"], r["sample_ids"]
        out.append(_f("high", "category_not_allowed", "contact", ids[0], f"/contacts?person={ids[0]}",
                      N_("{people}: “{category}” is held although none of the person's purposes allows it ({ids})."),
                      n, ids, people=People(n), category=_fact(r, "name"), ids=_ids(ids)))
    for r in q.all("finding_contacts_without_purpose"):
        n, ids = r["people"], r["sample_ids"]
        out.append(_f("high", "contact_without_purpose", "contact", ids[0], f"/contacts?person={ids[0]}",
                      N_("{people} in the register without any purpose ({ids})."), n, ids,
                      people=People(n), ids=_ids(ids)))
    out += _retention_findings(q, today)
    r = q.one("finding_marketing_basis_missing")  # #11: such links are left off the marketing list
    if r and r["people"]:
        n, ids = r["people"], r["sample_ids"]
        out.append(_f("medium", "marketing_basis_missing", "contact", ids[0], f"/contacts?person={ids[0]}",
                      N_("{people} in direct marketing without a recorded electronic-marketing basis (work role, "
                         "existing customer, consent or none): no marketing email reaches them until it is recorded "
                         "({ids})."), n, ids, people=People(n), ids=_ids(ids)))
    for r in q.all("finding_art14_overdue", {"today": today}):
        n, ids = r["people"], r["sample_ids"]
        out.append(_f("high", "art14_notice_overdue", "contact", ids[0], f"/contacts?person={ids[0]}",
                      N_("{people} in “{purpose}” (source: {source}) did not receive the Art. 14 notice in time "
                         "(oldest collected {oldest}) ({ids})."), n, ids,
                      people=People(n), purpose=_fact(r, "name"), source=_fact(r, "source"),
                      oldest=Dated(r["oldest"]), ids=_ids(ids)))
    return out


def _fact(row, field: str) -> Worded:
    """A register fact in each language; Finnish where the register has none (no Swedish facts yet)."""
    return Worded(tuple((lang, row.get(f"{field}_{lang}") or row.get(f"{field}_fi") or "") for lang in i18n.LANGS))


def _engagement_findings(q: Query, today: dt.date) -> list[Finding]:
    out = []
    for e in q.all("finding_engagements", {"today": today, "clauses": list(ART28_CLAUSES)}):
        link = f"/processors?engagement={e['id']}"
        who = f"#{e['id']} {e['customer']} / {e['system']}"
        if not e["has_ended"] and e["agreement_signed_on"] is None:
            out.append(_f("high", "engagement_without_agreement", "engagement", e["id"], link,
                          N_("Engagement {who} has no signed processing agreement."), who=who))
        elif not e["has_ended"] and e["missing_clauses"]:
            miss = e["missing_clauses"]
            clauses = Worded(tuple((lang, "; ".join(clause_text(c, lang) for c in miss if c in ART28_CLAUSES))
                                   for lang in i18n.LANGS))
            out.append(_f("medium", "engagement_missing_clauses", "engagement", e["id"], link,
                          NN_("The agreement of engagement {who} lacks {n} clause: {clauses}.",
                              "The agreement of engagement {who} lacks {n} clauses: {clauses}."), len(miss),
                          who=who, n=len(miss), clauses=clauses))
        if e["has_ended"] and e["end_decision"] is None:
            if e["ends_on"]:
                out.append(_f("high", "engagement_ended_without_decision", "engagement", e["id"], link,
                              N_("Engagement {who} has ended on {on} but no decision to return or delete the data is "
                                 "recorded."), who=who, on=Dated(e["ends_on"])))
            else:
                out.append(_f("high", "engagement_ended_without_decision", "engagement", e["id"], link,
                              N_("Engagement {who} has ended but no decision to return or delete the data is recorded."),
                              who=who))
        if e["accesses_without_request"]:
            n, ids = e["accesses_without_request"], e["access_ids_without_request"]
            out.append(_f("medium", "access_without_request", "engagement", e["id"], link,
                          NN_("Engagement {who} has {n} access without a customer request (ticket reference) "
                              "(access {ids}).",
                              "Engagement {who} has {n} accesses without a customer request (ticket reference) "
                              "(accesses {ids})."), n, ids, who=who, n=n, ids=_ids(ids)))
        if e["accesses_outside"]:
            n = e["accesses_outside"]
            out.append(_f("medium", "access_outside_engagement", "engagement", e["id"], link,
                          NN_("Engagement {who} has {n} access outside its term.",
                              "Engagement {who} has {n} accesses outside its term."), n, who=who, n=n))
    return out


def _breach_findings(q: Query, now: dt.datetime) -> list[Finding]:
    from . import breaches

    out = []
    exemptions = dict(q.sql("SELECT breach_id, art34_exemption FROM breach_case WHERE art34_exemption IS NOT NULL").fetchall())
    for b in q.all("breach_list"):
        c = breaches.clock(b, now)
        link = f"/breaches?breach={b['id']}"
        bid = b["id"]
        if c["state"] in ("overdue", "late") and not (b["delay_reason"] or "").strip():
            if c["state"] == "late":
                out.append(_f("high", "breach_late_without_reason", "breach", bid, link,
                              N_("Breach #{id} was notified to the authority {hours} hours after awareness; no reason "
                                 "for the delay is recorded."), id=bid, hours=f"{c['hours_taken']:.0f}"))
            else:
                out.append(_f("high", "breach_late_without_reason", "breach", bid, link,
                              N_("Breach #{id} has not been notified to the authority; the 72-hour deadline passed "
                                 "{hours} hours ago and no reason is recorded."), id=bid, hours=f"{c['hours_over']:.0f}"))
        elif c["state"] == "running":
            out.append(_f("high" if c["hours_left"] < 24 else "medium", "breach_clock_running", "breach", bid, link,
                          N_("Breach #{id}: decide and notify by {by} ({hours} hours left)."),
                          id=bid, by=Dated(c["deadline"], time=True), hours=f"{c['hours_left']:.0f}"))
        if b["notify"] is not None and not (b["decision_reason"] or "").strip():
            out.append(_f("medium", "breach_decision_without_reason", "breach", bid, link,
                          N_("Breach #{id}: the decision whether to notify has no recorded reason (Art. 33(5))."), id=bid))
        if b["risk"] == "high" and b["subjects_informed_at"] is None and not b["processor_role"] \
                and not exemptions.get(bid):
            out.append(_f("high", "breach_subjects_not_told", "breach", bid, link,
                          N_("Breach #{id} is high risk but telling the people concerned is not recorded."), id=bid))
    return out


def _breach_case_findings(q: Query, now: dt.datetime) -> list[Finding]:
    """Processor-role breaches judged by Art. 33(2) and each agreement's limit (never by 33(1): the
    controller notifies the Ombudsman); Cybersecurity Act clocks; sub-processor changes (28(2))."""
    from .breach import case as breach_case
    from .breach import clocks, subprocessors
    from .breach.timing import left_text

    out = []
    for (bid,) in q.sql("SELECT id FROM breach ORDER BY id").fetchall():
        c = breach_case.get_case(q, bid, now)
        link = f"/breaches?breach={bid}"
        for k in c["clocks"]:
            who = worded(lambda lang, k=k: clocks.label(k, lang))
            limit = worded(lambda lang, k=k: clocks.limit_text(k, lang))
            if k["kind"] == "controller":
                oid = f"{bid}:{k.get('engagement_id') or ''}"
                if k["state"] == "running":
                    out.append(_f("high" if k["hours_left"] < 6 else "medium", "breach_controller_due", "breach", oid, link,
                                  N_("Breach #{id}: {who} – tell by {due} ({left}; {limit})."), id=bid, who=who,
                                  due=Dated(k["due"], time=True), limit=limit,
                                  left=worded(lambda lang, k=k: left_text(k["hours_left"], lang))))
                elif k["state"] == "overdue":
                    out.append(_f("high", "breach_controller_overdue", "breach", oid, link,
                                  N_("Breach #{id}: {who} – the limit ({limit}) ended {due}."), id=bid, who=who,
                                  limit=limit, due=Dated(k["due"], time=True)))
                elif k["state"] == "late":
                    out.append(_f("medium", "breach_controller_told_late", "breach", oid, link,
                                  N_("Breach #{id}: {who} – told {done}, the limit ({limit}) was {due}."), id=bid,
                                  who=who, done=Dated(k["done_at"], time=True), limit=limit,
                                  due=Dated(k["due"], time=True)))
            elif k["kind"].startswith("nis2") and k["state"] in ("running", "overdue"):
                out.append(_f("high" if k["state"] == "overdue" or k["hours_left"] < 12 else "medium", "nis2_clock",
                              "breach", f"{bid}:{k['kind']}", link,
                              N_("Breach #{id}: {who} by {due} ({left})."), id=bid, who=who,
                              due=Dated(k["due"], time=True),
                              left=worded(lambda lang, k=k: left_text(k["hours_left"], lang))))
    for ch in subprocessors.changes(q, now.date()):
        link = f"/breaches?change={ch['id']}"
        for n in ch["notices"]:
            oid = f"{ch['id']}:{n['engagement_id']}"
            who = f"{n['customer_name']} ({n['system']})"
            if n["state"] == "objected":
                out.append(_f("high", "subprocessor_objection_open", "subprocessor_change", oid, link,
                              N_("{who} objected to sub-processor {sub} on {on}; no outcome recorded."),
                              who=who, sub=ch["subprocessor"], on=Dated(n["objected_on"])))
            elif n["state"] == "not_sent":
                out.append(_f("high" if ch["effective_on"] <= now.date() else "medium", "subprocessor_not_notified",
                              "subprocessor_change", oid, link,
                              N_("{who}: the notice of sub-processor {sub} is not sent (effective {on})."),
                              who=who, sub=ch["subprocessor"], on=Dated(ch["effective_on"])))
            if n["effective_before_window"] and not n["outcome"]:
                out.append(_f("medium", "subprocessor_effective_before_window", "subprocessor_change", oid, link,
                              N_("{who}: {sub} takes effect {on}, before the objection window ends {due}."),
                              who=who, sub=ch["subprocessor"], on=Dated(ch["effective_on"]),
                              due=Dated(n["objection_due"])))
    return out


def notice_findings(q: Query) -> list[Finding]:
    """Missing or unconfirmed items of the privacy notice (kpcore.notice.completeness), and a
    published notice whose facts have changed since (kpcore.notice.stale).

    Art. 13/14 and 12(1): once the register holds people, a mandatory item (M, or C where it
    applies) that is only a proposal means people are told, or would be told, something
    nobody confirmed: high. Before anyone is held it is a gap to close (medium); an item
    that blocks nothing stays low.
    """
    from . import notice

    items = notice_completeness(q, "fi")
    people = bool(q.value("finding_people_held"))
    # the Finnish notice's items, told in each reader's language
    details = {lang: {it.get("key"): it.get("detail") for it in notice.completeness(q, "fi", lang)} for lang in i18n.LANGS}
    out = []
    from .notice.terms import LANGUAGE_NAMES as languages  # the notice's one table of language names
    for s in notice.stale(q):
        out.append(_f("high", "notice_stale", "notice", f"{s['lang']}:{s['version']}", "/notice",
                      N_("The published privacy notice ({language}, version {version}, {on}) is out of date: the "
                         "facts behind it have changed. Publish a new version."), version=s["version"],
                      on=Dated(s["published_on"]),
                      language=worded(lambda lang, w=languages[s["lang"]]: i18n.gettext(w, lang))))
    blocking = {r["item"] for r in notice.blocking(items)}
    for it in items:
        status = it.get("status")
        if status not in ("missing", "unconfirmed"):
            continue
        mandatory = it.get("requirement") == "M"
        label = f"{it.get('item')}. " if it.get("item") is not None else ""
        what = Worded(tuple((lang, f"{label}{it.get(f'title_{lang}') or it.get('title_fi')}"
                             + (f" – {d}" if (d := details[lang].get(it.get("key")) or "") else ""))
                            for lang in i18n.LANGS))
        if status == "missing":
            out.append(_f("high" if mandatory else "medium", "notice_item_missing", "notice", it.get("key"), "/notice",
                          N_("The notice lacks: {what}"), what=what))
        else:
            severity = ("high" if people else "medium") if it.get("item") in blocking else "low"
            out.append(_f(severity, "notice_item_unconfirmed", "notice", it.get("key"), "/notice",
                          N_("Not yet confirmed: {what}"), what=what))
    return out


def notice_completeness(q: Query, lang: str = "fi") -> list[dict]:
    """The privacy notice's completeness check (kpcore.notice, Art. 13-14). A broken or
    missing notice module is an error, never a silently empty list of findings."""
    from . import notice

    return notice.completeness(q, lang=lang)


def summary(items: list[Finding]) -> dict:
    """Counts by severity and by rule (for the quarterly report and the dashboard header)."""
    by_sev = {s: 0 for s in SEVERITIES}
    by_rule: dict[str, int] = {}
    for f in items:
        by_sev[f.severity] += 1
        by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
    return {"total": len(items), "by_severity": by_sev, "by_rule": by_rule}
