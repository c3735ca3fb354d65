"""Everything the register holds on one person: the Art. 15 access report and Art. 20 exports.

`collect` gathers it with point lookups (contact by its UNIQUE email, the person's links,
requests and recipients) and, when the requester gives an IP address, one pass over
web_visit. `report_pdf` is a pure function of the register and its arguments: the
benchmark calls it directly. `generate` is what the CLI and the dashboard call: it builds
the report and writes the audit event (request and contact ids only) in the register.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json

from . import i18n
from .connectors import summary as task_summary
from .db import Query, Register
from .errors import NotFound, Refused
from .i18n import NP_

# A shared office IP can have thousands of visits: the report lists the latest ones and
# their count and span; every visit, with every field, is in the JSON/CSV export.
VISITS_IN_REPORT = 100
CONTACT_FIELDS = ("name", "email", "phone", "organisation", "title", "restricted", "created_at", "updated_at")


def task_words(system_tasks: list[dict], langs=i18n.LANGS) -> list[dict]:
    """Each system task's result and not-applicable reason in words, in every language of `langs`
    (kpcore.connectors.summary): the PDF builder takes data and imports no rule module."""
    from .connectors import summary

    for t in system_tasks:
        t["summary_text"] = {lang: summary.text(t, lang) for lang in langs}
        t["reason_text"] = {lang: summary.reason(t, lang) for lang in langs}
    return system_tasks


def report_langs(lang: str | None) -> tuple[str, ...]:
    """The languages the access report in `lang` reads from `collect`: its own, and Finnish, which
    kpcore.pdf.sar falls back to where a text is empty in the report's language. Only these
    catalogs are read and only these languages' notice facts worked out (issue 18 §5)."""
    lang = lang if lang in i18n.LANGS else i18n.DEFAULT
    return tuple(dict.fromkeys((lang, "fi")))


def collect(q: Query, email: str, *, ip: str | None = None, request_id: int | None = None,
            today: dt.date | None = None, visit_limit: int | None = VISITS_IN_REPORT,
            ip_confirmed: bool = False, langs=i18n.LANGS) -> dict:
    """The person's data and everything Art. 15 asks to tell them, as plain values.

    case: 'held' (the register holds data on them), 'processor' (nothing as controller, but
    their address belongs to a customer in whose system KuntaPlus acts as a processor), or
    'none' (nothing held). `visits` are the latest `visit_limit` (None: all), latest first;
    `visit_stats` their total count and first and last time. The texts made here (statements,
    retention sentences, system task summaries, the unconfirmed facts) are in each language of
    `langs`: the access report asks for its own (report_langs), the exports for every language.
    """
    from . import requests

    today = today or dt.date.today()
    email = (email or "").strip()
    ip = ip.strip() if ip and ip.strip() else None
    request = None
    if request_id is not None:
        request = requests.get(q, int(request_id), today=today)
        ip = ip or ((request.get("requester_ip") or "").strip() or None)  # the address the requester gave
    contact = q.one("request_contact_by_email", {"email": email}) if email else None
    if contact is None and request is not None and request["subjects"]:
        contact = q.one("request_contact_by_id", {"id": request["subjects"][0]["id"]})
    links = q.all("sar_links", {"id": contact["id"]}) if contact else []
    purposes = [link["purpose"] for link in links]
    # Art. 15(4): a shared address (an office, a municipality's network) can show other people's
    # visits. They are included only once the DPO has confirmed the address is the requester's own
    # (on the request, or `ip_confirmed` for a report made without one).
    ip_confirmed = bool(ip_confirmed or (request and request.get("ip_confirmed_on")
                                         and (request.get("requester_ip") or "").strip() == ip))
    visits = q.all("sar_visits", {"ip": ip, "limit": visit_limit}) if ip and ip_confirmed else []
    if visits:
        purposes.append("web_analytics")
    categories: dict[str, list[dict]] = {}
    recipients: list[dict] = []
    if purposes:
        for row in q.all("sar_categories", {"purposes": purposes}):
            categories.setdefault(row["purpose"], []).append(row)
        recipients = recipients_for_purposes(q, purposes)
    person_requests = q.all("sar_requests_of_person", {"id": contact["id"] if contact else None, "email": email})
    statements: dict[str, dict] = {}
    for lang in langs:
        for row in q.all("sar_statements", {"lang": lang}):
            statements.setdefault(row["key"], {})[lang] = row["body"]
    _marketing_statements(links, statements, langs)
    web_purpose = None
    if visits:
        web_purpose = next((p for p in q.all("purposes") if p["key"] == "web_analytics"), None)
    from . import retention

    ends = retention.person_ends(q, contact["id"], today) if contact else {}
    links = retention.with_sentences(q, links, langs)
    for link in links:  # this person's own end per purpose (a date, or "N after the agreement ends")
        end = ends.get(link["purpose"])
        for lang in langs:
            link[f"retention_person_{lang}"] = (retention.person_sentence(end, lang, direct_marketing=link["direct_marketing"])
                                                if end else None)
    if web_purpose:
        web_purpose = retention.with_sentences(q, [web_purpose], langs)[0]
        first = visits[0]["first_at"] if visits else None
        first = first.date() if isinstance(first, dt.datetime) else first
        for lang in langs:
            web_purpose[f"retention_person_{lang}"] = retention.visits_sentence(web_purpose.get("retention_months"),
                                                                                first, lang)
    system_tasks = []
    if request is not None:  # #12: what each system of the map holds, as its task found it
        from . import tasks

        system_tasks = task_words([t for t in tasks.for_request(q, request["id"]) if t["system_kind"] != "register"],
                                  langs)
    held = bool(contact or visits or any(t["status"] == "done" and t["found"] for t in system_tasks))
    found_in = {t["system_id"] for t in system_tasks if t["status"] == "done" and t["found"]}
    if found_in:  # the processors of the systems holding their data receive it too (Art. 15(1)(c))
        from . import systems

        extra = sorted({p for s in systems.list_systems(q) if s["id"] in found_in for p in s["purposes"]} - set(purposes))
        if extra:
            known = {r["id"] for r in recipients}
            recipients += [r for r in recipients_for_purposes(q, extra)
                           if r["id"] not in known and r["name"] in {s["processor_name"] for s in systems.list_systems(q)
                                                                     if s["id"] in found_in}]
    customers = []
    if not held and "@" in email:
        customers = q.all("sar_customers_by_domain", {"domain": email.rsplit("@", 1)[1]})
    return {
        "case": "held" if held else ("processor" if customers else "none"),
        "email": email, "ip": ip, "today": today,
        "controller": q.one("controller"),
        "contact": contact, "links": links, "categories": categories, "recipients": recipients,
        "visits": visits, "web_purpose": web_purpose, "ip_confirmed": ip_confirmed,
        "visit_stats": {k: visits[0][k] for k in ("total", "first_at", "last_at")} if visits else {"total": 0}, "requests": person_requests,
        "request": request, "statements": statements, "customers": customers, "systems": system_tasks,
        "unconfirmed": unconfirmed_facts(q, langs),
        "rights": rights_terms(langs),
    }


def rights_terms(langs=i18n.LANGS) -> dict:
    """The notice's own words for portability (Art. 20) and the right to object (Art. 21(4)), and
    the legal bases each covers (kpcore.notice), so that the report says what the notice says.
    Given to the PDF builder as data: kpcore.pdf.sar imports nothing from the rule modules."""
    from .notice import LABELS, OBJECTABLE_BASES, PORTABLE_BASES

    keys = ("portability", "portability_applies", "objection", "objection_body", "applies_to")
    return {"labels": {lang: {k: LABELS[lang][k] for k in keys} for lang in LABELS if lang in langs},
            "portable": PORTABLE_BASES, "objectable": OBJECTABLE_BASES}


MARKETING_BASIS = NP_("reply to a request", "Basis for electronic marketing: {bases}.")
NOT_RECORDED = NP_("reply to a request", "not recorded: no electronic marketing is sent")


def _marketing_statements(links: list[dict], statements: dict, langs=i18n.LANGS) -> None:
    """#11: how electronic marketing reaches the person (Act 917/2014 s. 200; Art. 21(2)-(4)): the
    general rule, and the basis recorded on each of their direct-marketing links."""
    from .marketing import BASIS_TEXT, basis_text, statement_text

    if not any(link.get("direct_marketing") for link in links):
        return
    statements["electronic_marketing"] = {lang: statement_text(lang) for lang in langs}

    def basis(key, lang):  # kpcore.marketing's table (catalog messages)
        if key not in BASIS_TEXT:
            return i18n.gettext(NOT_RECORDED, lang)
        return basis_text(key, lang)

    marketing = [link for link in links if link.get("direct_marketing")]
    statements["marketing_basis"] = {lang: i18n.gettext(MARKETING_BASIS, lang).format(bases="; ".join(
        f"{link.get(f'name_{lang}') or link['name_fi']}: {basis(link.get('marketing_basis'), lang)}" for link in marketing))
        for lang in langs}


def unconfirmed_facts(q: Query, langs=i18n.LANGS) -> dict:
    """The register facts the report may state that the DPO has not confirmed: the report
    marks each passage built from one (Art. 12(1), 15: it must not state a proposal as fact).
    `blocking` holds the mandatory notice items still open per language (kpcore.notice)."""
    from . import notice

    purposes = q.cached("notice_purposes")  # read once per read with the notice's own (kpcore.notice)
    return {
        "basis": {p["key"] for p in purposes if not p["basis_confirmed"]},
        "retention": {p["key"] for p in purposes if not p["retention_confirmed"]},
        "recipients": {r["id"] for r in q.cached("notice_recipients") if not r["confirmed"]},
        # the Swedish texts of purposes and recipients, confirmed apart (issue 18): a Swedish report marks them
        "sv_basis": {p["key"] for p in purposes if not p["sv_confirmed"]},
        "sv_retention": set(),  # the retention sentence is generated from the confirmed rule
        "sv_recipients": {r["id"] for r in q.cached("notice_recipients") if not r["sv_confirmed"]},
        "statements": {lang: {r["key"] for r in q.cached("notice_statements", {"lang": lang}) if not r["confirmed"]}
                       for lang in ("fi", "en", "sv") if lang in langs},
        "blocking": {lang: [r["item"] for r in notice.blocking(notice.completeness(q, lang))]
                     for lang in ("fi", "en", "sv") if lang in langs},
    }


def unconfirmed_warning(q: Query, lang: str, ui_lang: str = "fi") -> list[str]:
    """The mandatory facts still unconfirmed for a report in `lang`, one line each in `ui_lang`
    (empty when the report states only confirmed facts)."""
    from . import notice

    return notice.blocking_lines(q, [lang if lang in notice.LANGS else "fi"], ui_lang)


def ip_confirmed(q: Query, request_id: int | None, ip: str | None) -> bool:
    """Whether the request's address has been confirmed as the requester's (and is the one asked about)."""
    if request_id is None:
        return False
    from . import requests

    r = requests.get(q, int(request_id))
    return bool(r.get("ip_confirmed_on")) and (not ip or (r.get("requester_ip") or "").strip() == ip.strip())


def request_ip(reg: Register, request_id: int | None) -> str | None:
    if request_id is None:
        return None
    from . import requests

    with reg.read() as q:
        return requests.get(q, int(request_id)).get("requester_ip")


def recipients_for_purposes(q: Query, purposes: list[str]) -> list[dict]:
    """The actual recipients and processors of these purposes, by name (Art. 15(1)(c), CJEU C-154/21),
    each once with the purposes it receives. The one place the report's recipients come from
    (today the register's recipient_use: the systems map and the recipients table)."""
    return q.all("sar_recipients", {"purposes": list(purposes)})


def _translators(lang: str) -> dict:
    """The report builder's gettext and ngettext for `lang`: kpcore's catalogs."""
    return {"gettext": functools.partial(i18n.gettext, lang=lang), "ngettext": functools.partial(i18n.ngettext, lang=lang)}


def report_pdf(q: Query, email: str, *, lang: str | None = None, request_id: int | None = None, ip: str | None = None,
               today: dt.date | None = None, ip_confirmed: bool = False) -> bytes:
    """The Art. 15 report for one person (or the nothing-held / processor-role letter), as PDF bytes.
    `lang` None: the request's language, else the person's, else Finnish (issue 18)."""
    from . import requests
    from .pdf import sar as sar_pdf

    lang = requests.answer_language(q, request_id, email=email, explicit=lang)
    return sar_pdf.build(collect(q, email, ip=ip, request_id=request_id, today=today, ip_confirmed=ip_confirmed,
                                 langs=report_langs(lang)),
                         lang=lang, **_translators(lang))


def generate(reg: Register, actor: str, email: str, *, lang: str | None = None, request_id: int | None = None,
             ip: str | None = None, mark_answered: bool = False, today: dt.date | None = None,
             ip_confirmed: bool = False, allow_unconfirmed: bool = False, ui_lang: str = "fi",
             on_unconfirmed=None) -> bytes:
    """Build the report and record that it was built (ids only); optionally answer the request with it.

    While a mandatory fact of the notice is unconfirmed (kpcore.notice.blocking), the report is
    refused unless the caller acknowledges it (`allow_unconfirmed`): the report then marks every
    passage built from an unconfirmed fact (Art. 12(1), 15: a proposal is not stated as fact).

    With `mark_answered` the report says so (answered on today's date, status completed, its
    request history as it will stand), and the closing, the history lines and the audit event
    are written in ONE transaction after the PDF was built: a report that says "answered" and a
    request that is not cannot both exist.
    """
    from . import requests

    today = today or dt.date.today()
    with reg.read() as q:
        # issue 18: an explicit language wins, else the request's, else the person's, else Finnish
        lang = requests.answer_language(q, request_id, email=email, explicit=lang)
        open_items = unconfirmed_warning(q, lang, ui_lang)
        if open_items and not allow_unconfirmed:
            raise Refused("\n  ".join([i18n.gettext(
                "The access report was not built: these mandatory facts are not confirmed. Confirm them "
                "(kp notice confirm) or build it with --allow-unconfirmed; the unconfirmed passages are then "
                "marked in the report:", ui_lang)] + open_items))
        if open_items and on_unconfirmed is not None:  # acknowledged: the caller shows what is marked
            on_unconfirmed(open_items)
        if mark_answered and request_id is not None:
            requests.check_closable(q, request_id, today, today)  # refuses before anything is built
        data = collect(q, email, ip=ip, request_id=request_id, today=today, ip_confirmed=ip_confirmed,
                       langs=report_langs(lang))
        if mark_answered and request_id is not None:
            answered = {"status": "completed", "answered_on": today}
            data["request"] = data["request"] | answered | {"answers_with_report": True}
            data["requests"] = [r | answered if r["id"] == int(request_id) else r for r in data["requests"]]
        from .pdf import sar as sar_pdf
        pdf = sar_pdf.build(data, lang=lang, **_translators(lang))
    detail = {"case": data["case"], "lang": lang, "contact_id": data["contact"]["id"] if data["contact"] else None,
              "links": len(data["links"]), "visits": data["visit_stats"]["total"], "answered": bool(mark_answered),
              "unconfirmed_items": len(open_items)}
    with reg.write(actor, "sar.report", "request" if request_id is not None else "contact",
                   request_id if request_id is not None else (data["contact"] or {}).get("id"), detail) as w:
        if request_id is not None:
            requests.record_event(w, request_id, "report_built", f"{data['case']}, {lang}")
            if mark_answered:
                requests.close_in(w, request_id, on=today, note="answered with the access report", today=today)
    return pdf


# -- portability (Art. 20) -----------------------------------------------------------

def portable(data: dict) -> dict:
    """The person's data as plain JSON-able values (dates as ISO text)."""
    def iso(v):
        return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v

    c = data["contact"]
    return {
        "controller": data["controller"]["name"],
        "generated_on": iso(data["today"]),
        "person": {k: iso(c[k]) for k in CONTACT_FIELDS} if c else None,
        "purposes": [{"purpose": link["purpose"], "source": link["source"], "collected_on": iso(link["collected_on"]),
                      "notice_sent_on": iso(link["notice_sent_on"])} for link in data["links"]],
        "web_visits": [{"visited_at": iso(v["visited_at"]), "ip": v["ip"], "user_agent": v["user_agent"],
                        "page": v["page"]} for v in reversed(data["visits"])],  # oldest first
        "systems": [{"system": t["system_name"], "processor": t["processor_name"], "status": t["status"],
                     "found": t["found"], "count": t["match_count"],
                     "summary": task_summary.text(t, data.get("lang") or "fi"),
                     "checked_at": iso(t["checked_at"]), "items": t["findings"]} for t in data.get("systems", [])],
    }


def portability_json(q: Query, email: str, *, ip: str | None = None, request_id: int | None = None,
                     ip_confirmed: bool = False) -> bytes:
    data = collect(q, email, ip=ip, request_id=request_id, visit_limit=None, ip_confirmed=ip_confirmed)
    if data["case"] != "held":
        raise NotFound("nothing is held on this person: there is no data to export")
    return json.dumps(portable(data), ensure_ascii=False, indent=2).encode("utf-8")


def portability_csv(q: Query, email: str, *, ip: str | None = None, request_id: int | None = None,
                    ip_confirmed: bool = False) -> bytes:
    """One row per value: section, item number, field, value (opens in any spreadsheet)."""
    data = collect(q, email, ip=ip, request_id=request_id, visit_limit=None, ip_confirmed=ip_confirmed)
    if data["case"] != "held":
        raise NotFound("nothing is held on this person: there is no data to export")
    p = portable(data)
    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow(["section", "item", "field", "value"])
    from .safety import row as safe_row  # a value starting with =, +, -, @ is never a formula (#15 §2)

    for k, v in (p["person"] or {}).items():
        out.writerow(safe_row(["person", 1, k, "" if v is None else v]))
    for section in ("purposes", "web_visits"):
        for i, item in enumerate(p[section], 1):
            for k, v in item.items():
                out.writerow(safe_row([section, i, k, "" if v is None else v]))

    for sys_row in p["systems"]:  # every finding of every system, one value a row (#12)
        section = "system: " + sys_row["system"]
        for k in ("processor", "status", "found", "count", "summary", "checked_at"):
            out.writerow(safe_row([section, 0, k, "" if sys_row[k] is None else sys_row[k]]))
        for i, item in enumerate(sys_row["items"] or [], 1):
            flat = {}
            for k, v in item.items():
                if isinstance(v, dict):  # a table row: one field per column
                    flat.update({f"{k}.{col}": x for col, x in v.items()})
                elif isinstance(v, list):
                    flat[k] = "; ".join(str(x) for x in v)
                else:
                    flat[k] = v
            for k, v in flat.items():
                out.writerow(safe_row([section, i, k, "" if v is None else v]))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel reads UTF-8 (ä, ö) right
