"""The Art. 15 access report, tailored to one person, in Finnish, Swedish or English.

A pure function of data (kpcore.sar.collect) and a translator: every text of its own is a catalog
message (kpcore/locale, context "reply to a request"), translated by the `gettext` the caller
gives for the report's language (issue 18 §1-2); the register's facts come in the data, in each
language.

Three letters from the same data (kpcore.sar.collect):
- 'held': confirmation, a copy of every field, purposes with legal basis and legitimate
  interest, categories, the source and date of each link, recipients, transfers,
  retention, rights, complaint right, automated decisions, dates and any extension;
- 'none': a confirmation that nothing is held;
- 'processor': nothing held as controller; the customer is the controller; the request
  "was passed on" (date, to whom) only once the DPO recorded the forwarding, until then it
  "will be passed on".
Sections are numbered in the order printed (no gaps when visits or requests are left out).
A report used to answer a request says so. Retention: each purpose's rule and this person's
own end (kpcore.retention). Web visits by IP appear only once the address is confirmed as the
requester's (a shared address can show others' visits, Art. 15(4)).
"""
from __future__ import annotations

import datetime as dt
import functools

from .. import fmt, i18n
from ..i18n import NN_, NP_
from ..models import REQUEST_STATUSES, REQUEST_TYPES, legal_basis_text
from . import common
from .common import KeepTogether, Spacer, bullets, key_values, mm, para, table


# The report's texts, by the English msgid (the Finnish, Swedish and English: kpcore/locale).
T = {
    "title": NP_("reply to a request", "Your personal data: access report"),
    "subtitle": NP_("reply to a request", "Right of access by the data subject, Article 15 of the EU General Data "
                                          "Protection Regulation"),
    "controller": NP_("reply to a request", "Controller"),
    "dpo": NP_("reply to a request", "Data protection officer"),
    "to": NP_("reply to a request", "To"),
    "request_no": NP_("reply to a request", "Request number"),
    "request_type": NP_("reply to a request", "Request"),
    "received": NP_("reply to a request", "Request received"),
    "answered": NP_("reply to a request", "Date of this answer"),
    "due": NP_("reply to a request", "Answer due by"),
    "extension": NP_("reply to a request", "Extension of the deadline"),
    "no_extension": NP_("reply to a request", "Not extended"),
    "extended_fmt": NP_("reply to a request", "Extended on {on}; reason: {reason}"),
    "id_pause": NP_("reply to a request", "Proof of identity"),
    "id_pause_fmt": NP_("reply to a request", "Asked for on {asked}, received on {got}"),
    "searched": NP_("reply to a request", "Searched with"),
    "s_confirm": NP_("reply to a request", "Confirmation of processing"),
    "confirm_yes": NP_("reply to a request", "We confirm that {controller} processes personal data concerning you. "
                                             "Below is a copy of all the data our register holds on you, and "
                                             "information on how it is processed."),
    "s_copy": NP_("reply to a request", "A copy of your data"),
    "f_name": NP_("reply to a request", "Name"),
    "f_email": NP_("reply to a request", "Email address"),
    "f_phone": NP_("reply to a request", "Phone number"),
    "f_organisation": NP_("reply to a request", "Organisation"),
    "f_title": NP_("reply to a request", "Title"),
    "f_restricted": NP_("reply to a request", "Processing restricted (Art. 18)"),
    "f_created_at": NP_("reply to a request", "Recorded in the register"),
    "f_updated_at": NP_("reply to a request", "Last changed"),
    "yes": NP_("reply to a request", "Yes"),
    "no": NP_("reply to a request", "No"),
    "empty": NP_("reply to a request", "(not recorded)"),
    "links_head": NP_("reply to a request", "The purposes your data is processed for"),
    "purpose": NP_("reply to a request", "Purpose"),
    "source": NP_("reply to a request", "Source"),
    "collected": NP_("reply to a request", "Collected"),
    "notice_sent": NP_("reply to a request", "You were informed"),
    "s_purposes": NP_("reply to a request", "Purposes and legal basis"),
    "basis": NP_("reply to a request", "Legal basis"),
    "interest": NP_("reply to a request", "Legitimate interest"),
    "group": NP_("reply to a request", "Group"),
    "s_categories": NP_("reply to a request", "Categories of personal data"),
    "s_sources": NP_("reply to a request", "Where the data came from"),
    "source_fmt": NP_("reply to a request", "{purpose}: {source} – {description}; collected on {collected}{public}."),
    "public": NP_("reply to a request", " (a publicly available source)"),
    "from_you": NP_("reply to a request", " (from you)"),
    "s_recipients": NP_("reply to a request", "Recipients of the data"),
    "recipient": NP_("reply to a request", "Recipient"),
    "role": NP_("reply to a request", "Role"),
    "country": NP_("reply to a request", "Country"),
    "no_recipients": NP_("reply to a request", "Your data is not disclosed to any recipient."),
    "s_transfers": NP_("reply to a request", "Transfers outside the EU and EEA"),
    "transfer_fmt": NP_("reply to a request", "{name} ({country}): safeguard {safeguard}"),
    "s_retention": NP_("reply to a request", "How long the data is kept"),
    "s_visits": NP_("reply to a request", "Website visits from the IP address {ip}"),
    "visits_more": NP_("reply to a request", "Below are the latest {shown} visits. All {n} visits, with every "
                                             "field, are given as a machine-readable file (CSV or JSON) with this "
                                             "report or on request."),
    "visits_none": NP_("reply to a request", "No visits from the IP address {ip} you gave are recorded."),
    "visited_at": NP_("reply to a request", "Time"),
    "ip": NP_("reply to a request", "IP address"),
    "browser": NP_("reply to a request", "Browser"),
    "page": NP_("reply to a request", "Page"),
    "truncated": NP_("reply to a request", " (truncated)"),
    "s_requests": NP_("reply to a request", "Your requests"),
    "type": NP_("reply to a request", "Type"),
    "status": NP_("reply to a request", "Status"),
    "s_rights": NP_("reply to a request", "Your rights"),
    "s_complaint": NP_("reply to a request", "Right to lodge a complaint"),
    "s_automated": NP_("reply to a request", "Automated decision-making and profiling"),
    "signature": NP_("reply to a request", "Kind regards"),
    "none_title": NP_("reply to a request", "Answer to your access request"),
    "none_body": NP_("reply to a request", "We have checked our register. {controller} does not process personal "
                                           "data concerning you: our register holds nothing under the details "
                                           "above."),
    "none_ip": NP_("reply to a request", "Nor are any website visits recorded from the IP address {ip} you gave."),
    "none_more": NP_("reply to a request", "If you have been in touch with us using another email address or phone "
                                           "number, tell us and we will check that too."),
    "proc_title": NP_("reply to a request", "Answer to your access request: our customer is the controller"),
    "proc_body": NP_("reply to a request", "{controller} does not process personal data concerning you as a "
                                           "controller. Judging by your email address you may be a user of a "
                                           "customer's system in which we act as a processor (sub-processor) on "
                                           "the customer's behalf. The customer is the controller of that data and "
                                           "answers your request."),
    "portability_none": NP_("reply to a request", "Portability does not cover the processing of your data, as it "
                                                  "is not based on consent or a contract."),
    "customer": NP_("reply to a request", "Controller (customer)"),
    "proc_forwarded": NP_("reply to a request", "We passed your request on to the customer on {on} (to: {to}) and "
                                                "help them answer it (Article 28(3)(e) GDPR)."),
    "proc_will_forward": NP_("reply to a request", "We will pass your request on to the customer without delay and "
                                                   "help them answer it (Article 28(3)(e) GDPR)."),
    "answers": NP_("reply to a request", "Answer to your request"),
    "answers_fmt": NP_("reply to a request", "This report answers your request no. {id} on {on}. The request has "
                                             "been dealt with (status: {status})."),
    "detail": NP_("reply to a request", "in detail"),
    "retention_lead": NP_("reply to a request", "Below is each purpose's retention period and, for your data, the "
                                                "day it ends. When it has ended the data is deleted."),
    "rule": NP_("reply to a request", "Rule"),
    "your_end": NP_("reply to a request", "Your data"),
    "visits_shared": NP_("reply to a request", "One IP address can be used by many people (for example a workplace "
                                               "or municipal network), so the visits from an address may be other "
                                               "people's."),
    "visits_unconfirmed": NP_("reply to a request", "We therefore do not include the visits recorded from the "
                                                    "address {ip} in this report until we have confirmed that the "
                                                    "address is used by you alone. We will contact you to confirm "
                                                    "it."),
    "visits_confirmed": NP_("reply to a request", "We have confirmed that the address is used by you."),
    "systems": NP_("reply to a request", "System"),
    "customer_contact": NP_("reply to a request", "Contact"),
    "unconfirmed": NP_("reply to a request", " [NOT CONFIRMED]"),
    "unconfirmed_note": NP_("reply to a request", "Note: passages marked [NOT CONFIRMED] are proposals the data "
                                                  "protection officer has not yet confirmed. They are not "
                                                  "confirmed facts about the processing."),
}


def _d(value) -> str:
    """Dates the Finnish way in every language (24.11.2026, 24.11.2026 14:05), as Babel writes them
    for Finland (kpcore.fmt): the reader is in Finland, and Finland's Swedish writes dates so too."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{fmt.date(value, 'fi')} {value:%H:%M}"
    if isinstance(value, dt.date):
        return fmt.date(value, "fi")
    return str(value)


def _found_at(text: str | None) -> str:
    """A connector's ISO time of an item (a message's date) as the report's other times, in the
    item's own clock time: '2026-10-01T10:00:00+03:00' -> '1.10.2026 10:00'; other text as it is."""
    try:
        return _d(dt.datetime.fromisoformat(text or ""))
    except ValueError:
        return (text or "")[:16].replace("T", " ")


def _flag(data: dict, kind: str, key) -> bool:
    """Is the fact behind a passage unconfirmed? kind: basis, retention, recipients."""
    return key in (data.get("unconfirmed") or {}).get(kind, ())


def _m(text: str, flagged: bool, _) -> str:
    """The text, marked [NOT CONFIRMED] in the report's language when the fact behind it is a proposal."""
    return f"{text}{_(T['unconfirmed'])}" if flagged and text else text


def _statement(data: dict, key: str, lang: str, _) -> str:
    text = data["statements"].get(key, {}).get(lang, "")
    return _m(text, key in (data.get("unconfirmed") or {}).get("statements", {}).get(lang, ()), _)


def _name(row: dict, lang: str, stem: str = "name") -> str:
    return row.get(f"{stem}_{lang}") or row.get(f"{stem}_fi") or ""


def _recipient(row: dict, lang: str) -> str:
    """A recipient's name in the report's language: `name` is the Finnish (and a company's own name,
    which has no translation: name_sv / name_en are then empty)."""
    return row.get(f"name_{lang}") or row["name"]


def _header(data: dict, lang: str, _, title_key: str) -> list:
    c = data["controller"]
    story = [para(_(T[title_key]), "title"), para(_(T["subtitle"]), "subtitle")]
    contact = data["contact"]
    req = data["request"]
    to = (contact or {}).get("name") or (req or {}).get("requester_name") or ""
    pairs = [(_(T["controller"]), f"{c['name']}, {c['street']}, {c['postcode']} {c['city']}, {c['email']}"),
             (_(T["dpo"]), ", ".join(x for x in (c.get("dpo_name"), c["dpo_email"], c.get("dpo_phone")) if x)),
             (_(T["to"]), ", ".join(x for x in (to, (contact or {}).get("email") or data["email"]) if x))]
    if req:
        pairs += [(_(T["request_no"]), str(req["id"])),
                  (_(T["request_type"]), _(REQUEST_TYPES[req["type"]])),
                  (_(T["received"]), _d(req["received_on"]))]
        if req.get("id_requested_on"):
            pairs.append((_(T["id_pause"]), _(T["id_pause_fmt"]).format(
                asked=_d(req["id_requested_on"]), got=_d(req.get("id_received_on")) or "–")))
        pairs.append((_(T["extension"]), _(T["extended_fmt"]).format(
            on=_d(req["extended_on"]), reason=req.get("extension_reason") or "–") if req.get("extended_on")
            else _(T["no_extension"])))
        pairs.append((_(T["due"]), _d(req["due_on"])))
    pairs.append((_(T["answered"]), _d((req or {}).get("answered_on") or data["today"])))
    story += [key_values(pairs), Spacer(1, 4 * mm)]
    if req and req.get("answered_on") and req.get("status") == "completed":
        story += [para(_(T["answers_fmt"]).format(id=req["id"], on=_d(req["answered_on"]),
                                                      status=_(REQUEST_STATUSES["completed"]))), Spacer(1, 2 * mm)]
    return story


class _Sections:
    """Section headings numbered 1, 2, 3, ... in the order they are printed: no gaps whatever a
    report leaves out (visits, requests, ...). A letter without numbers passes numbered=False."""

    def __init__(self, _, numbered: bool = True):
        self._, self.numbered, self.n = _, numbered, 0

    def __call__(self, key: str, **fmt):
        title = self._(T[key] if key in T else TS[key]).format(**fmt)
        if not self.numbered:
            return para(title, "h1")
        self.n += 1
        return para(f"{self.n}. {title}", "h1")


def _remedies(data: dict, lang: str, _, numbered: bool = True, sections: "_Sections | None" = None) -> list:
    story = []
    head = sections or _Sections(_, numbered)
    # the heading stays with its text (it was left alone at the foot of a page)
    story.append(KeepTogether([head("s_complaint"), para(_statement(data, "complaint", lang, _))]))
    story.append(para(_statement(data, "court_remedy", lang, _)))
    return story


def _signature(data: dict, lang: str, _) -> list:
    c = data["controller"]
    return [Spacer(1, 6 * mm), para(_(T["signature"])),
            para(f"{c['name']}, {_(T['dpo']).lower()}"), para(c["dpo_email"])]


def _visits_lead(stats: dict, n_) -> str:
    return n_(*VISITS_LEAD, stats["total"]).format(n=stats["total"], first=_d(stats["first_at"]),
                                                   last=_d(stats["last_at"]))


def _held(data: dict, lang: str, _, n_) -> list:
    c, contact, links = data["controller"], data["contact"], data["links"]
    story = _header(data, lang, _, "title")
    h1 = _Sections(_)
    story += [h1("s_confirm"), para(_(T["confirm_yes"]).format(controller=c["name"]))]

    story.append(h1("s_copy"))
    if contact:
        def val(k):
            v = contact.get(k)
            if k == "restricted":
                return _(T["yes" if v else "no"])
            return _d(v) if isinstance(v, (dt.date, dt.datetime)) else (v if v not in (None, "") else _(T["empty"]))
        story.append(key_values([(_(T[f"f_{k}"]), val(k)) for k in
                                 ("name", "email", "phone", "organisation", "title", "restricted", "created_at",
                                  "updated_at")]))
    if links:
        story += [Spacer(1, 3 * mm), para(_(T["links_head"]), "h2"),
                  table([_(T["purpose"]), _(T["source"]), _(T["collected"]), _(T["notice_sent"])],
                        [[_name(r, lang), _name(r, lang, "source"), _d(r["collected_on"]), _d(r["notice_sent_on"]) or "–"]
                         for r in links], col_widths=[68 * mm, 40 * mm, 30 * mm, 36 * mm])]

    purposes = list(links)
    if data["visits"] and data["web_purpose"]:
        purposes.append({**data["web_purpose"], "purpose": "web_analytics"})
    story.append(h1("s_purposes"))
    for p in purposes:
        basis_open = _flag(data, "basis", p["purpose"])
        pairs = [(_(T["basis"]), _m(legal_basis_text(p["legal_basis"], lang), basis_open, _))]
        if p.get("legitimate_interest_fi"):
            pairs.append((_(T["interest"]), _m(_name(p, lang, "legitimate_interest"), basis_open, _)))
        if p.get("group_fi"):
            pairs.append((_(T["group"]), _name(p, lang, "group")))
        story.append(KeepTogether([para(_name(p, lang), "h2"), key_values(pairs)]))

    story.append(h1("s_categories"))
    story.append(bullets([f"{_name(p, lang)}: " + ", ".join(_name(cat, lang) for cat in data["categories"].get(p["purpose"], []))
                          for p in purposes]))

    story.append(h1("s_sources"))
    lines = []
    for r in links:
        source = _name(r, lang, "source")
        if (r.get("source_detail") or "").strip():  # which partner, which web site (Art. 15(1)(g))
            source += f" ({r['source_detail'].strip()})"
        lines.append(_(T["source_fmt"]).format(
            purpose=_name(r, lang), source=source, description=_name(r, lang, "source_description"),
            collected=_d(r["collected_on"]),
            public=_(T["from_you"]) if r["from_subject"] else (_(T["public"]) if r["publicly_available"] else "")))
    if data["visits"]:
        st = data["visit_stats"]
        lines.append(_visits_lead(st, n_))
    story.append(bullets(lines))

    story.append(h1("s_recipients"))
    if data["recipients"]:
        names = {p["purpose"]: _name(p, lang) for p in purposes}
        story.append(table([_(T["recipient"]), _(T["role"]), _(T["purpose"]), _(T["country"])],
                           [[_recipient(r, lang), _m(_name(r, lang, "role"), _flag(data, "recipients", r["id"]), _),
                             ", ".join(names.get(k, k) for k in r["purposes"]),
                             r["country"]] for r in data["recipients"]],
                           col_widths=[62 * mm, 50 * mm, 50 * mm, 12 * mm]))
    else:
        story.append(para(_(T["no_recipients"])))

    story.append(h1("s_transfers"))
    outside = [r for r in data["recipients"] if r["outside_eea"]]
    if outside:
        story.append(bullets([_(T["transfer_fmt"]).format(name=_recipient(r, lang), country=r["country"],
                                                               safeguard=_name(r, lang, "safeguard")) for r in outside]))
    else:
        story.append(para(_statement(data, "transfers_none", lang, _)))

    story.append(h1("s_retention"))
    story.append(para(_(T["retention_lead"])))
    rows = []
    for p in purposes:
        mine = p.get(f"retention_person_{lang}")
        rows.append([_name(p, lang), _m(_name(p, lang, "retention"), _flag(data, "retention", p["purpose"]), _),
                     mine or "–"])
    story.append(table([_(T["purpose"]), _(T["rule"]), _(T["your_end"])], rows,
                       col_widths=[46 * mm, 52 * mm, 76 * mm]))

    if data["ip"]:
        story.append(h1("s_visits", ip=data["ip"]))
        visits = data["visits"]
        story.append(para(_(T["visits_shared"]) + " " + (_(T["visits_confirmed"]) if data.get("ip_confirmed")
                          else _(T["visits_unconfirmed"]).format(ip=data["ip"]))))
        if not data.get("ip_confirmed"):
            pass  # the visits stay out of the report until the address is confirmed (Art. 15(4))
        elif visits:
            st = data["visit_stats"]
            story.append(para(_visits_lead(st, n_)))
            shown = visits
            if st["total"] > len(shown):
                story.append(para(_(T["visits_more"]).format(shown=len(shown), n=st["total"])))
            story.append(table([_(T["visited_at"]), _(T["ip"]), _(T["page"]), _(T["browser"])],
                               [[_d(v["visited_at"]), v["ip"] + (_(T["truncated"]) if v["ip_truncated"] else ""),
                                 v["page"], v["user_agent"] or ""] for v in shown],
                               col_widths=[30 * mm, 35 * mm, 45 * mm, 64 * mm]))
        else:
            story.append(para(_(T["visits_none"]).format(ip=data["ip"])))

    if data.get("systems"):
        story += _systems(data, lang, _, n_, h1)

    if data["requests"]:
        story.append(h1("s_requests"))
        story.append(table([_(T["request_no"]), _(T["type"]), _(T["received"]), _(T["status"]),
                            _(T["answered"])],
                           [[str(r["id"]), _(REQUEST_TYPES[r["type"]]), _d(r["received_on"]),
                             _(REQUEST_STATUSES[r["status"]]), _d(r["answered_on"]) or "–"] for r in data["requests"]],
                           col_widths=[22 * mm, 50 * mm, 30 * mm, 42 * mm, 30 * mm]))

    story.append(h1("s_rights"))
    story.append(para(_statement(data, "rights", lang, _)))
    if any(p.get("direct_marketing") for p in purposes):
        story.append(para(_statement(data, "direct_marketing_objection", lang, _)))
        for key in ("electronic_marketing", "marketing_basis"):  # #11, made by kpcore.sar from the register
            if _statement(data, key, lang, _):
                story.append(para(_statement(data, key, lang, _)))
    if any(p["legal_basis"] == "consent" for p in purposes):
        story.append(para(_statement(data, "consent_withdrawal", lang, _)))
    story += _portability_and_objection(data, purposes, lang, _)
    story += _remedies(data, lang, _, sections=h1)
    story.append(h1("s_automated"))
    story.append(para(_statement(data, "automated_decisions", lang, _)))
    return story + _signature(data, lang, _)


def _portability_and_objection(data: dict, purposes: list, lang: str, _) -> list:
    """Art. 20: portability stated with its condition (consent or contract), naming this person's
    purposes it covers; Art. 21(4): the right to object to processing based on 6(1)(e)/(f)
    under its own heading, apart from the other rights, naming this person's purposes."""
    terms = data["rights"]  # kpcore.sar.rights_terms: the notice's words and bases
    lab = terms["labels"][lang]
    portable = [_name(p, lang) for p in purposes if p["legal_basis"] in terms["portable"]]
    story = [para(lab["portability"]),
             para(f"{lab['portability_applies']}: {'; '.join(portable)}." if portable else _(T["portability_none"]))]
    objectable = [p for p in purposes if p["legal_basis"] in terms["objectable"]]
    if objectable:
        open_ = any(_flag(data, "basis", p["purpose"]) for p in objectable)
        story.append(KeepTogether([para(lab["objection"], "h2"), para(_m(lab["objection_body"], open_, _)),
                                   para(f"{lab['applies_to']}: {'; '.join(_name(p, lang) for p in objectable)}.")]))
    return story


# #12: what each system of the map holds. The PDF lists up to MESSAGES_IN_REPORT items per
# system; every item, with every field, is in the JSON/CSV copy.
MESSAGES_IN_REPORT = 50
# The count of visits, with its plural forms (one visit, 120 visits).
VISITS_LEAD = NN_("Web visit analytics holds {n} visit from the IP address you gave ({first} – {last}).",
                  "Web visit analytics holds {n} visits from the IP address you gave ({first} – {last}).")
TS = {  # the systems section's texts
    "s_systems": NP_("reply to a request", "Your data in the company's systems"),
    "systems_lead": NP_("reply to a request", "Your request was carried out in each system that may hold your "
                                              "data. The result of each is below; the full list is in the JSON/CSV "
                                              "copy of this report."),
    "run_by": NP_("reply to a request", "Run by"),
    "own": NP_("reply to a request", "KuntaPlus itself"),
    "result": NP_("reply to a request", "Result"),
    "checked": NP_("reply to a request", "Checked"),
    "open": NP_("reply to a request", "The check is still in progress."),
    "na": NP_("reply to a request", "Does not apply to this request: {reason}"),
    "found": NP_("reply to a request", "Found: {summary}"),
    "notfound": NP_("reply to a request", "No data was found."),
    "more": NP_("reply to a request", "The first {shown} of {n} are listed; all are in the JSON/CSV copy."),
    "m_date": NP_("reply to a request", "Date"),
    "m_folder": NP_("reply to a request", "Folder"),
    "m_subject": NP_("reply to a request", "Subject"),
    "m_people": NP_("reply to a request", "Correspondents"),
    "row": NP_("reply to a request", "Row"),
    "values": NP_("reply to a request", "Values"),
}


def _summary(task: dict, lang: str) -> str:
    """A connector's result in the report's language, put into the data by kpcore.sar (from the
    connector's data, or an older "suomeksi / in English" sentence said again); a DPO's own note
    as written."""
    return task["summary_text"][lang]


def _reason(task: dict, lang: str) -> str:
    return task["reason_text"][lang]


def _systems(data: dict, lang: str, _, n_, h1: _Sections) -> list:
    story = [h1("s_systems"), para(_(TS["systems_lead"]))]  # numbered in line with the other sections
    for t in data["systems"]:
        who = t["processor_name"] or _(TS["own"])
        if t["processor_name"] and t["processor_country"]:
            who += f" ({t['processor_country']})"
        if t["status"] == "open":
            result = _(TS["open"])
        elif t["status"] == "not_applicable":
            result = _(TS["na"]).format(reason=_reason(t, lang))
        elif t["found"]:
            result = _(TS["found"]).format(summary=_summary(t, lang))
        else:
            result = _(TS["notfound"])
        pairs = [(_(TS["run_by"]), who), (_(TS["result"]), result)]
        if t["status"] == "done":
            pairs.append((_(TS["checked"]), _d(t["checked_at"])))
        story.append(KeepTogether([para(t["system_name"], "h2"), key_values(pairs)]))
        items = t["findings"] if t["status"] == "done" else []
        shown = items[:MESSAGES_IN_REPORT]
        if shown and "subject" in shown[0]:
            story.append(table([_(TS["m_date"]), _(TS["m_folder"]), _(TS["m_subject"]), _(TS["m_people"])],
                               [[_found_at(m.get("date")), m.get("folder") or "", m.get("subject") or "",
                                 ", ".join(m.get("correspondents") or [])] for m in shown],
                               col_widths=[32 * mm, 26 * mm, 58 * mm, 58 * mm]))
        elif shown and "values" in shown[0]:
            story.append(table([_(TS["row"]), _(TS["values"])],
                               [[str(m.get("row", "")), "; ".join(f"{k}: {v}" for k, v in m["values"].items())]
                                for m in shown], col_widths=[18 * mm, 156 * mm]))
        if len(items) > len(shown):
            story.append(para(_(TS["more"]).format(shown=len(shown), n=len(items))))
        story.append(Spacer(1, 2 * mm))
    return story


def _none(data: dict, lang: str, _) -> list:
    c = data["controller"]
    story = _header(data, lang, _, "none_title")
    searched = [data["email"]] + ([data["ip"]] if data["ip"] else [])
    story += [key_values([(_(T["searched"]), ", ".join(x for x in searched if x))]), Spacer(1, 3 * mm),
              para(_(T["none_body"]).format(controller=c["name"]))]
    if data["ip"]:
        story.append(para(_(T["none_ip"]).format(ip=data["ip"])))
    story.append(para(_(T["none_more"])))
    story.append(para(_statement(data, "rights", lang, _)))
    story += _remedies(data, lang, _, numbered=False)
    return story + _signature(data, lang, _)


def _processor(data: dict, lang: str, _) -> list:
    c = data["controller"]
    story = _header(data, lang, _, "proc_title")
    story.append(para(_(T["proc_body"]).format(controller=c["name"])))
    req = data["request"] or {}
    if req.get("forwarded_on"):  # only what happened: passed on once the DPO recorded it
        story.append(para(_(T["proc_forwarded"]).format(on=_d(req["forwarded_on"]), to=req.get("forwarded_to") or "–")))
    else:
        story.append(para(_(T["proc_will_forward"])))
    for cust in data["customers"]:
        contact = ", ".join(x for x in (cust.get("dpo_name"), cust.get("dpo_email"), cust.get("contact_name"),
                                        cust.get("contact_email")) if x)
        story.append(key_values([(_(T["customer"]), cust["name"]),
                                 (_(T["systems"]), ", ".join(cust["systems"] or [])),
                                 (_(T["customer_contact"]), contact)]))
        story.append(Spacer(1, 2 * mm))
    story.append(para(_statement(data, "processor_role", lang, _)))
    story += _remedies(data, lang, _, numbered=False)
    return story + _signature(data, lang, _)


def build(data: dict, *, lang: str = "fi", gettext=None, ngettext=None) -> bytes:
    """The report as PDF bytes, chosen by data['case']. `gettext` translates a catalog message into
    the report's language, `ngettext(singular, plural, n)` a message with plural forms (defaults:
    kpcore's catalog of `lang`)."""
    if lang not in i18n.LANGS:
        lang = i18n.DEFAULT
    _ = gettext or functools.partial(i18n.gettext, lang=lang)
    n_ = ngettext or functools.partial(i18n.ngettext, lang=lang)
    if lang == "sv":  # the Swedish texts of the facts are confirmed apart (sv_confirmed): mark them too
        open_ = dict(data.get("unconfirmed") or {})
        for kind in ("basis", "retention", "recipients"):
            open_[kind] = set(open_.get(kind, ())) | set(open_.get(f"sv_{kind}", ()))
        data = {**data, "unconfirmed": open_}
    if data["case"] == "held":
        story = _held(data, lang, _, n_)
    else:
        story = {"none": _none, "processor": _processor}[data["case"]](data, lang, _)
    if ((data.get("unconfirmed") or {}).get("blocking") or {}).get(lang):
        story.insert(2, para(_(T["unconfirmed_note"]), "small"))  # after the title and subtitle
    c = data["controller"]
    title = _(T["title" if data["case"] == "held" else ("none_title" if data["case"] == "none" else "proc_title")])
    return common.build(story, title=title, footer=f"{c['name']} · {title}", lang=lang)
