"""Compliance findings: what the register shows to be wrong or at risk, rule by rule.

Each finding names its severity, the rule, the GDPR article, the object it concerns and
a link to that object in the dashboard, in Finnish and English. Rules over the small
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

from . import fmt
from .db import Query
from .models import ART28_CLAUSES, REQUEST_TYPE_TEXT

SEVERITIES = ("high", "medium", "low")
SEVERITY_TEXT = {"high": ("Korkea", "High"), "medium": ("Keskitaso", "Medium"), "low": ("Matala", "Low")}
HIGH_EXIT_CODE = 3
DUE_SOON_DAYS = 7
BREACH_HOURS = 72

# rule key -> (article, fi title, en title)
RULES: dict[str, tuple[str, str, str]] = {
    "request_overdue": ("12(3)", "Pyyntöön ei ole vastattu määräajassa", "Request not answered in time"),
    "request_due_soon": ("12(3)", "Pyynnön määräaika päättyy viikon sisällä", "Request due within seven days"),
    "extension_without_reason": ("12(3)", "Määräajan jatko ilman perustelua", "Extension without a reason"),
    "category_not_allowed": ("5(1)(c)", "Tietoryhmä, jota käyttötarkoitus ei salli", "Data category the purpose does not allow"),
    "contact_without_purpose": ("5(1)(b), 6(1)", "Henkilö ilman käyttötarkoitusta", "Person without any purpose"),
    "past_retention": ("5(1)(e)", "Säilytysaika ylittynyt", "Kept past the retention period"),
    "retention_anchor_unknown": ("5(1)(e), 13(2)(a)", "Säilytysajan laskentapäivä puuttuu",
                                 "Retention anchor date missing"),
    "marketing_basis_missing": ("21(2); 917/2014 200 §", "Suoramarkkinoinnin sähköisen markkinoinnin peruste puuttuu",
                                "Electronic-marketing basis not recorded"),
    "art14_notice_overdue": ("14(3)(a)", "Informointi (14 art.) myöhässä", "Art. 14 notice overdue"),
    "engagement_without_agreement": ("28(3)", "Toimeksianto ilman kirjallista sopimusta", "Engagement without a written agreement"),
    "engagement_missing_clauses": ("28(3)", "Sopimuksesta puuttuu 28 artiklan ehtoja", "Agreement lacks Art. 28 clauses"),
    "engagement_ended_without_decision": ("28(3)(g)", "Päättynyt toimeksianto ilman palautus- tai poistopäätöstä",
                                          "Ended engagement without a return-or-delete decision"),
    "access_without_request": ("28(3)(a), 29", "Käsittely ilman asiakkaan pyyntöä", "Access without a customer request"),
    "access_outside_engagement": ("28(3)(a), 29", "Käsittely toimeksiannon voimassaolon ulkopuolella",
                                  "Access outside the engagement's term"),
    "notice_item_missing": ("13, 14", "Tietosuojaselosteesta puuttuu tieto", "Privacy notice item missing"),
    "notice_item_unconfirmed": ("13, 14", "Selosteen tieto vahvistamatta", "Privacy notice item unconfirmed"),
    "notice_stale": ("12(1), 13, 14", "Julkaistu tietosuojaseloste ei ole ajan tasalla",
                     "The published privacy notice is out of date"),
    "breach_late_without_reason": ("33(1)", "Ilmoitus myöhässä (72 h) ilman perustelua",
                                   "Not notified within 72 hours, no reason recorded"),
    "breach_clock_running": ("33(1)", "Tietoturvaloukkaus: 72 tunnin määräaika käynnissä", "Breach: the 72-hour clock is running"),
    "breach_decision_without_reason": ("33(5)", "Ilmoituspäätös ilman perustelua", "Notification decision without a reason"),
    "breach_controller_due": ("33(2)", "Alikäsittelijänä: rekisterinpitäjälle ilmoitettava sopimuksen määräajassa",
                              "Processor role: tell the controller within the agreement's limit"),
    "breach_controller_overdue": ("33(2)", "Alikäsittelijänä: rekisterinpitäjälle ei ole ilmoitettu määräajassa",
                                  "Processor role: the controller not told within the agreement's limit"),
    "breach_controller_told_late": ("33(2)", "Alikäsittelijänä: rekisterinpitäjälle ilmoitettiin myöhässä",
                                    "Processor role: the controller was told late"),
    "nis2_clock": ("Kyberturvallisuuslaki", "Kyberturvallisuuslain ilmoitus Kyberturvallisuuskeskukselle",
                   "Cybersecurity Act report to NCSC-FI"),
    "subprocessor_objection_open": ("28(2)", "Alikäsittelijän muutosta vastustettu: ratkaisu puuttuu",
                                    "Sub-processor change objected to: no outcome recorded"),
    "subprocessor_not_notified": ("28(2)", "Alikäsittelijän muutoksesta ei ole ilmoitettu rekisterinpitäjälle",
                                  "Controller not told of a sub-processor change"),
    "subprocessor_effective_before_window": ("28(2)", "Alikäsittelijän muutos voimaan ennen vastustusajan päättymistä",
                                             "Sub-processor change takes effect before the objection window ends"),
    "breach_subjects_not_told": ("34", "Korkea riski: rekisteröidyille ei ole ilmoitettu", "High risk: the people have not been told"),
}


@dataclass(frozen=True)
class Finding:
    """One thing the DPO should act on. `count` > 1 when it covers many objects of a kind."""

    severity: str
    rule: str
    article: str
    object_type: str
    object_id: str | None
    link: str
    text_fi: str
    text_en: str
    count: int = 1
    sample_ids: tuple = field(default_factory=tuple)

    @property
    def title_fi(self) -> str:
        return RULES[self.rule][1]

    @property
    def title_en(self) -> str:
        return RULES[self.rule][2]

    def text(self, lang: str = "fi") -> str:
        return self.text_en if lang == "en" else self.text_fi

    def title(self, lang: str = "fi") -> str:
        return self.title_en if lang == "en" else self.title_fi

    def as_dict(self) -> dict:
        d = asdict(self)
        d["sample_ids"] = list(self.sample_ids)
        d["title_fi"], d["title_en"] = self.title_fi, self.title_en
        return d


def _f(severity: str, rule: str, object_type: str, object_id, link: str, fi: str, en: str, count: int = 1,
       sample_ids=()) -> Finding:
    return Finding(severity, rule, RULES[rule][0], object_type, None if object_id is None else str(object_id), link,
                   fi, en, int(count), tuple(sample_ids or ()))


def _ids(ids) -> str:
    ids = list(ids or [])
    return ", ".join(f"#{i}" for i in ids[:5]) + (" …" if len(ids) > 5 else "")


def _people(n: int, lang: str) -> str:
    if lang == "fi":
        return "1 henkilö" if n == 1 else f"{n:,} henkilöä".replace(",", " ")
    return "1 person" if n == 1 else f"{n:,} people"


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
        t_fi, t_en = REQUEST_TYPE_TEXT[r["type"]]
        link = f"/requests?request={r['id']}"
        if r["days_left"] < 0:
            late = -r["days_left"]
            out.append(_f("high", "request_overdue", "request", r["id"], link,
                          f"Pyyntö #{r['id']} ({t_fi}) oli määrä vastata {fmt.date(r['due_on'])}; myöhässä {late} pv.",
                          f"Request #{r['id']} ({t_en}) was due on {r['due_on']:%Y-%m-%d}; {late} day{'s' if late != 1 else ''} late."))
        else:
            left = r["days_left"]
            out.append(_f("medium", "request_due_soon", "request", r["id"], link,
                          f"Pyyntö #{r['id']} ({t_fi}) on vastattava viimeistään {fmt.date(r['due_on'])} ({left} pv).",
                          f"Request #{r['id']} ({t_en}) is due on {r['due_on']:%Y-%m-%d} ({left} day{'s' if left != 1 else ''} left)."))
    for r in q.all("finding_extensions_without_reason"):
        out.append(_f("medium", "extension_without_reason", "request", r["id"], f"/requests?request={r['id']}",
                      f"Pyynnön #{r['id']} määräaikaa jatkettiin {fmt.date(r['extended_on'])} ilman kirjattua perustelua; "
                      "henkilölle on kerrottava jatkon syyt.",
                      f"Request #{r['id']} was extended on {r['extended_on']:%Y-%m-%d} with no reason recorded; the person "
                      "must be told the reasons."))
    return out


_RETENTION_FINDINGS = """
SELECT l.purpose, p.name_fi, p.name_en, l.anchor, l.months,
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
        purpose, name_fi, name_en, anchor, months, past, oldest_end, past_ids, unknown, unknown_past, unknown_ids = r
        rule_fi, rule_en = retention.sentence(anchor, months, "fi"), retention.sentence(anchor, months, "en")
        if past:
            ids = tuple(past_ids)
            out.append(_f("high", "past_retention", "contact", ids[0], f"/contacts?person={ids[0]}",
                          f"{_people(past, 'fi')} käyttötarkoituksessa »{name_fi}« yli säilytysajan ({rule_fi} "
                          f"Vanhin päättyi {fmt.date(oldest_end)}) ({_ids(ids)}).",
                          f"{_people(past, 'en')} in “{name_en}” kept past the retention period ({rule_en} "
                          f"The oldest ended on {oldest_end:%Y-%m-%d}) ({_ids(ids)}).", past, ids))
        if unknown:
            ids = tuple(unknown_ids)
            what_fi = {"last_contact": "viimeisimmän yhteydenoton päivä", "contract_end": "asiakasorganisaatio ja sen sopimuksen päättymispäivä",
                       "last_training_support": "viimeisimmän koulutus- tai tukitapahtuman päivä"}.get(anchor, "")
            what_en = {"last_contact": "the date of the last contact", "contract_end": "the customer organisation and its agreement's end",
                       "last_training_support": "the date of the last training or support event"}.get(anchor, "")
            sev = "high" if unknown_past else "medium"
            out.append(_f(sev, "retention_anchor_unknown", "contact", ids[0], f"/contacts?person={ids[0]}",
                          f"{_people(unknown, 'fi')} käyttötarkoituksessa »{name_fi}«: {what_fi} puuttuu, joten "
                          f"säilytysaika lasketaan keräämisestä; {unknown_past} on jo sen yli ja säilytetään, kunnes "
                          f"päivä kirjataan ({_ids(ids)}).",
                          f"{_people(unknown, 'en')} in “{name_en}”: {what_en} is not recorded, so retention is "
                          f"counted from collection; {unknown_past} are past that end and kept until the date is "
                          f"recorded ({_ids(ids)}).", unknown, ids))
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
                      f"{_people(n, 'fi')}: tieto »{r['name_fi']}« tallennettu, vaikka yksikään henkilön "
                      f"käyttötarkoituksista ei salli sitä ({_ids(ids)}).",
                      f"{_people(n, 'en')}: “{r['name_en']}” is held although none of the person's purposes "
                      f"allows it ({_ids(ids)}).", n, ids))
    for r in q.all("finding_contacts_without_purpose"):
        n, ids = r["people"], r["sample_ids"]
        out.append(_f("high", "contact_without_purpose", "contact", ids[0], f"/contacts?person={ids[0]}",
                      f"{_people(n, 'fi')} rekisterissä ilman yhtään käyttötarkoitusta ({_ids(ids)}).",
                      f"{_people(n, 'en')} in the register without any purpose ({_ids(ids)}).", n, ids))
    out += _retention_findings(q, today)
    r = q.one("finding_marketing_basis_missing")  # #11: such links are left off the marketing list
    if r and r["people"]:
        n, ids = r["people"], r["sample_ids"]
        out.append(_f("medium", "marketing_basis_missing", "contact", ids[0], f"/contacts?person={ids[0]}",
                      f"{_people(n, 'fi')} suoramarkkinoinnissa ilman kirjattua sähköisen markkinoinnin perustetta "
                      f"(työrooli, asiakassuhde, suostumus tai ei sähköistä): heille ei lähetetä sähköistä "
                      f"markkinointia ennen kuin peruste kirjataan ({_ids(ids)}).",
                      f"{_people(n, 'en')} in direct marketing without a recorded electronic-marketing basis (work "
                      f"role, existing customer, consent or none): no marketing email reaches them until it is "
                      f"recorded ({_ids(ids)}).", n, ids))
    for r in q.all("finding_art14_overdue", {"today": today}):
        n, ids = r["people"], r["sample_ids"]
        out.append(_f("high", "art14_notice_overdue", "contact", ids[0], f"/contacts?person={ids[0]}",
                      f"{_people(n, 'fi')} käyttötarkoituksessa »{r['name_fi']}« (lähde: {r['source_fi']}) ei ole "
                      f"saanut 14 artiklan mukaista informointia ajoissa (vanhin kerätty {fmt.date(r['oldest'])}) "
                      f"({_ids(ids)}).",
                      f"{_people(n, 'en')} in “{r['name_en']}” (source: {r['source_en']}) did not receive the "
                      f"Art. 14 notice in time (oldest collected {r['oldest']:%Y-%m-%d}) ({_ids(ids)}).", n, ids))
    return out


def _engagement_findings(q: Query, today: dt.date) -> list[Finding]:
    out = []
    for e in q.all("finding_engagements", {"today": today, "clauses": list(ART28_CLAUSES)}):
        link = f"/processors?engagement={e['id']}"
        who = f"#{e['id']} {e['customer']} / {e['system']}"
        if not e["has_ended"] and e["agreement_signed_on"] is None:
            out.append(_f("high", "engagement_without_agreement", "engagement", e["id"], link,
                          f"Toimeksiannolla {who} ei ole allekirjoitettua käsittelysopimusta.",
                          f"Engagement {who} has no signed processing agreement."))
        elif not e["has_ended"] and e["missing_clauses"]:
            miss = e["missing_clauses"]
            fi = "; ".join(ART28_CLAUSES[c][0] for c in miss if c in ART28_CLAUSES)
            en = "; ".join(ART28_CLAUSES[c][1] for c in miss if c in ART28_CLAUSES)
            out.append(_f("medium", "engagement_missing_clauses", "engagement", e["id"], link,
                          f"Toimeksiannon {who} sopimuksesta puuttuu {len(miss)} ehtoa: {fi}.",
                          f"The agreement of engagement {who} lacks {len(miss)} clause(s): {en}.", len(miss)))
        if e["has_ended"] and e["end_decision"] is None:
            out.append(_f("high", "engagement_ended_without_decision", "engagement", e["id"], link,
                          f"Toimeksianto {who} on päättynyt{' ' + fmt.date(e['ends_on']) if e['ends_on'] else ''}, "
                          "mutta tietojen palautuksesta tai poistosta ei ole kirjattu päätöstä.",
                          f"Engagement {who} has ended{' on ' + format(e['ends_on'], '%Y-%m-%d') if e['ends_on'] else ''} "
                          "but no decision to return or delete the data is recorded."))
        if e["accesses_without_request"]:
            n, ids = e["accesses_without_request"], e["access_ids_without_request"]
            out.append(_f("medium", "access_without_request", "engagement", e["id"], link,
                          f"Toimeksiannossa {who} {n} käsittelykertaa ilman asiakkaan pyyntöä (tukipyyntöviitettä) "
                          f"(käsittelyt {_ids(ids)}).",
                          f"Engagement {who} has {n} access(es) without a customer request (ticket reference) "
                          f"(accesses {_ids(ids)}).", n, ids))
        if e["accesses_outside"]:
            n = e["accesses_outside"]
            out.append(_f("medium", "access_outside_engagement", "engagement", e["id"], link,
                          f"Toimeksiannossa {who} {n} käsittelykertaa sen voimassaolon ulkopuolella.",
                          f"Engagement {who} has {n} access(es) outside its term.", n))
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
            hours = c["hours_over"]
            if c["state"] == "late":
                fi = (f"Loukkaus #{bid} ilmoitettiin valvontaviranomaiselle {c['hours_taken']:.0f} tunnin kuluttua "
                      "havaitsemisesta; viivästyksen syytä ei ole kirjattu.")
                en = (f"Breach #{bid} was notified to the authority {c['hours_taken']:.0f} hours after awareness; no "
                      "reason for the delay is recorded.")
            else:
                fi = (f"Loukkausta #{bid} ei ole ilmoitettu valvontaviranomaiselle; 72 tunnin määräaika ylittyi "
                      f"{hours:.0f} tuntia sitten, eikä syytä ole kirjattu.")
                en = (f"Breach #{bid} has not been notified to the authority; the 72-hour deadline passed {hours:.0f} "
                      "hours ago and no reason is recorded.")
            out.append(_f("high", "breach_late_without_reason", "breach", bid, link, fi, en))
        elif c["state"] == "running":
            out.append(_f("high" if c["hours_left"] < 24 else "medium", "breach_clock_running", "breach", bid, link,
                          f"Loukkaus #{bid}: ilmoituspäätös tai ilmoitus tehtävä {fmt.datetime(c['deadline'])} mennessä "
                          f"({c['hours_left']:.0f} h jäljellä).",
                          f"Breach #{bid}: decide and notify by {c['deadline']:%Y-%m-%d %H:%M} "
                          f"({c['hours_left']:.0f} hours left)."))
        if b["notify"] is not None and not (b["decision_reason"] or "").strip():
            out.append(_f("medium", "breach_decision_without_reason", "breach", bid, link,
                          f"Loukkauksen #{bid} ilmoituspäätökselle ei ole kirjattu perustelua (33(5) art.).",
                          f"Breach #{bid}: the decision whether to notify has no recorded reason (Art. 33(5))."))
        if b["risk"] == "high" and b["subjects_informed_at"] is None and not b["processor_role"] \
                and not exemptions.get(bid):
            out.append(_f("high", "breach_subjects_not_told", "breach", bid, link,
                          f"Loukkauksen #{bid} riski on korkea, mutta rekisteröidyille ilmoittamista ei ole kirjattu.",
                          f"Breach #{bid} is high risk but telling the people concerned is not recorded."))
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
            who_fi, who_en = clocks.label(k, "fi"), clocks.label(k, "en")
            if k["kind"] == "controller":
                oid = f"{bid}:{k.get('engagement_id') or ''}"
                if k["state"] == "running":
                    out.append(_f("high" if k["hours_left"] < 6 else "medium", "breach_controller_due", "breach", oid, link,
                                  f"Loukkaus #{bid}: {who_fi} – ilmoitus {fmt.datetime(k['due'])} mennessä "
                                  f"({left_text(k['hours_left'], 'fi')}; {clocks.limit_text(k, 'fi')}).",
                                  f"Breach #{bid}: {who_en} – tell by {k['due']:%Y-%m-%d %H:%M} "
                                  f"({left_text(k['hours_left'], 'en')}; {clocks.limit_text(k, 'en')})."))
                elif k["state"] == "overdue":
                    out.append(_f("high", "breach_controller_overdue", "breach", oid, link,
                                  f"Loukkaus #{bid}: {who_fi} – määräaika ({clocks.limit_text(k, 'fi')}) päättyi {fmt.datetime(k['due'])}.",
                                  f"Breach #{bid}: {who_en} – the limit ({clocks.limit_text(k, 'en')}) ended {k['due']:%Y-%m-%d %H:%M}."))
                elif k["state"] == "late":
                    out.append(_f("medium", "breach_controller_told_late", "breach", oid, link,
                                  f"Loukkaus #{bid}: {who_fi} – ilmoitettiin {fmt.datetime(k['done_at'])}, "
                                  f"määräaika ({clocks.limit_text(k, 'fi')}) oli {fmt.datetime(k['due'])}.",
                                  f"Breach #{bid}: {who_en} – told {k['done_at']:%Y-%m-%d %H:%M}, the limit "
                                  f"({clocks.limit_text(k, 'en')}) was {k['due']:%Y-%m-%d %H:%M}."))
            elif k["kind"].startswith("nis2") and k["state"] in ("running", "overdue"):
                out.append(_f("high" if k["state"] == "overdue" or k["hours_left"] < 12 else "medium", "nis2_clock",
                              "breach", f"{bid}:{k['kind']}", link,
                              f"Loukkaus #{bid}: {who_fi} {fmt.datetime(k['due'])} ({left_text(k['hours_left'], 'fi')}).",
                              f"Breach #{bid}: {who_en} by {k['due']:%Y-%m-%d %H:%M} ({left_text(k['hours_left'], 'en')})."))
    for ch in subprocessors.changes(q, now.date()):
        link = f"/breaches?change={ch['id']}"
        for n in ch["notices"]:
            oid = f"{ch['id']}:{n['engagement_id']}"
            who = f"{n['customer_name']} ({n['system']})"
            if n["state"] == "objected":
                out.append(_f("high", "subprocessor_objection_open", "subprocessor_change", oid, link,
                              f"{who} vastusti alikäsittelijää {ch['subprocessor']} {fmt.date(n['objected_on'])}; ratkaisu puuttuu.",
                              f"{who} objected to sub-processor {ch['subprocessor']} on {n['objected_on']:%Y-%m-%d}; "
                              "no outcome recorded."))
            elif n["state"] == "not_sent":
                out.append(_f("high" if ch["effective_on"] <= now.date() else "medium", "subprocessor_not_notified",
                              "subprocessor_change", oid, link,
                              f"{who}: ilmoitus alikäsittelijästä {ch['subprocessor']} lähettämättä (voimaan {fmt.date(ch['effective_on'])}).",
                              f"{who}: the notice of sub-processor {ch['subprocessor']} is not sent (effective "
                              f"{ch['effective_on']:%Y-%m-%d})."))
            if n["effective_before_window"] and not n["outcome"]:
                out.append(_f("medium", "subprocessor_effective_before_window", "subprocessor_change", oid, link,
                              f"{who}: {ch['subprocessor']} tulee voimaan {fmt.date(ch['effective_on'])}, ennen kuin "
                              f"vastustusaika päättyy {fmt.date(n['objection_due'])}.",
                              f"{who}: {ch['subprocessor']} takes effect {ch['effective_on']:%Y-%m-%d}, before the "
                              f"objection window ends {n['objection_due']:%Y-%m-%d}."))
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
    en_detail = {it.get("key"): it.get("detail") for it in notice_completeness(q, "en")}
    out = []
    for s in notice.stale(q):
        lang_fi, lang_en = {"fi": ("suomi", "Finnish"), "en": ("englanti", "English"),
                            "sv": ("ruotsi", "Swedish")}[s["lang"]]
        out.append(_f("high", "notice_stale", "notice", f"{s['lang']}:{s['version']}", "/notice",
                      f"Julkaistu tietosuojaseloste ({lang_fi}, versio {s['version']}, {fmt.date(s['published_on'])}) "
                      "ei ole enää ajan tasalla: sen takana olevat tiedot ovat muuttuneet. Julkaise uusi versio.",
                      f"The published privacy notice ({lang_en}, version {s['version']}, "
                      f"{s['published_on']:%Y-%m-%d}) is out of date: the facts behind it have changed. "
                      "Publish a new version."))
    blocking = {r["item"] for r in notice.blocking(items)}
    for it in items:
        status = it.get("status")
        if status not in ("missing", "unconfirmed"):
            continue
        mandatory = it.get("requirement") == "M"
        d_fi, d_en = it.get("detail") or "", en_detail.get(it.get("key")) or ""
        label = f"{it.get('item')}. " if it.get("item") is not None else ""
        fi = f"{label}{it.get('title_fi')}" + (f" – {d_fi}" if d_fi else "")
        en = f"{label}{it.get('title_en')}" + (f" – {d_en}" if d_en else "")
        if status == "missing":
            out.append(_f("high" if mandatory else "medium", "notice_item_missing", "notice", it.get("key"), "/notice",
                          f"Selosteesta puuttuu: {fi}", f"The notice lacks: {en}"))
        else:
            severity = ("high" if people else "medium") if it.get("item") in blocking else "low"
            out.append(_f(severity, "notice_item_unconfirmed", "notice", it.get("key"), "/notice",
                          f"Vahvistamatta: {fi}", f"Not yet confirmed: {en}"))
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
