"""The Art. 15 access report, tailored to one person, in Finnish, Swedish or English
(the Swedish texts: kpcore.swedish, issue 18).

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

from .. import swedish
from ..models import legal_basis_text, request_status_text, request_type_text
from . import common
from .common import KeepTogether, Spacer, bullets, key_values, mm, para, table


T = {
    "title": ("Selvitys henkilötiedoistasi", "Your personal data: access report"),
    "subtitle": ("Rekisteröidyn oikeus saada pääsy tietoihin, EU:n yleisen tietosuoja-asetuksen 15 artikla",
                 "Right of access by the data subject, Article 15 of the EU General Data Protection Regulation"),
    "controller": ("Rekisterinpitäjä", "Controller"),
    "dpo": ("Tietosuojavastaava", "Data protection officer"),
    "to": ("Vastaanottaja", "To"),
    "request_no": ("Pyynnön numero", "Request number"),
    "request_type": ("Pyyntö", "Request"),
    "received": ("Pyyntö vastaanotettu", "Request received"),
    "answered": ("Vastauksen päivämäärä", "Date of this answer"),
    "due": ("Vastauksen määräpäivä", "Answer due by"),
    "extension": ("Määräajan pidennys", "Extension of the deadline"),
    "no_extension": ("Ei pidennetty", "Not extended"),
    "extended_fmt": ("Pidennetty {on}; perustelu: {reason}", "Extended on {on}; reason: {reason}"),
    "id_pause": ("Henkilöllisyyden varmistus", "Proof of identity"),
    "id_pause_fmt": ("Pyydetty {asked}, saatu {got}", "Asked for on {asked}, received on {got}"),
    "searched": ("Haettu tiedoilla", "Searched with"),
    "s_confirm": ("Vahvistus käsittelystä", "Confirmation of processing"),
    "confirm_yes": ("Vahvistamme, että {controller} käsittelee sinua koskevia henkilötietoja. Alla on jäljennös "
                    "kaikista tiedoista, joita rekisterissämme on sinusta, ja tiedot niiden käsittelystä.",
                    "We confirm that {controller} processes personal data concerning you. Below is a copy of all "
                    "the data our register holds on you, and information on how it is processed."),
    "s_copy": ("Jäljennös tiedoistasi", "A copy of your data"),
    "f_name": ("Nimi", "Name"), "f_email": ("Sähköpostiosoite", "Email address"), "f_phone": ("Puhelinnumero", "Phone number"),
    "f_organisation": ("Organisaatio", "Organisation"), "f_title": ("Titteli", "Title"),
    "f_restricted": ("Käsittelyä rajoitettu (18 art.)", "Processing restricted (Art. 18)"),
    "f_created_at": ("Tallennettu rekisteriin", "Recorded in the register"), "f_updated_at": ("Viimeksi muutettu", "Last changed"),
    "yes": ("Kyllä", "Yes"), "no": ("Ei", "No"), "empty": ("(ei tallennettu)", "(not recorded)"),
    "links_head": ("Käyttötarkoitukset, joissa tietojasi käsitellään", "The purposes your data is processed for"),
    "purpose": ("Käyttötarkoitus", "Purpose"), "source": ("Lähde", "Source"), "collected": ("Kerätty", "Collected"),
    "notice_sent": ("Sinulle ilmoitettu", "You were informed"),
    "s_purposes": ("Käsittelyn tarkoitukset ja oikeusperusteet", "Purposes and legal basis"),
    "basis": ("Oikeusperuste", "Legal basis"), "interest": ("Oikeutettu etu", "Legitimate interest"),
    "group": ("Ryhmä", "Group"),
    "s_categories": ("Käsiteltävät henkilötietoryhmät", "Categories of personal data"),
    "s_sources": ("Mistä tiedot on saatu", "Where the data came from"),
    "source_fmt": ("{purpose}: {source} – {description}; kerätty {collected}{public}.",
                   "{purpose}: {source} – {description}; collected on {collected}{public}."),
    "public": (" (julkisesti saatavilla oleva lähde)", " (a publicly available source)"),
    "from_you": (" (sinulta itseltäsi)", " (from you)"),
    "s_recipients": ("Tietojen vastaanottajat", "Recipients of the data"),
    "recipient": ("Vastaanottaja", "Recipient"), "role": ("Rooli", "Role"), "country": ("Maa", "Country"),
    "no_recipients": ("Tietojasi ei luovuteta vastaanottajille.", "Your data is not disclosed to any recipient."),
    "s_transfers": ("Siirrot EU:n ja ETA:n ulkopuolelle", "Transfers outside the EU and EEA"),
    "transfer_fmt": ("{name} ({country}): suojatoimi {safeguard}", "{name} ({country}): safeguard {safeguard}"),
    "s_retention": ("Säilytysaika", "How long the data is kept"),
    "s_visits": ("Verkkosivuston käynnit IP-osoitteesta {ip}", "Website visits from the IP address {ip}"),
    "visits_lead": ("Verkkovierailujen analytiikkaan on tallennettu {n} käyntiä antamastasi IP-osoitteesta "
                    "({first} – {last}).",
                    "Web visit analytics holds {n} visits from the IP address you gave ({first} – {last})."),
    "visits_more": ("Alla ovat {shown} viimeisintä käyntiä. Kaikki {n} käyntiä kaikkine tietoineen annamme "
                    "koneluettavana tiedostona (CSV tai JSON) tämän raportin liitteenä tai pyynnöstä.",
                    "Below are the latest {shown} visits. All {n} visits, with every field, are given as a "
                    "machine-readable file (CSV or JSON) with this report or on request."),
    "visits_none": ("Antamastasi IP-osoitteesta {ip} ei ole tallennettu käyntejä.",
                    "No visits from the IP address {ip} you gave are recorded."),
    "visited_at": ("Aika", "Time"), "ip": ("IP-osoite", "IP address"), "browser": ("Selain", "Browser"), "page": ("Sivu", "Page"),
    "truncated": (" (lyhennetty)", " (truncated)"),
    "s_requests": ("Pyyntösi", "Your requests"),
    "type": ("Tyyppi", "Type"), "status": ("Tila", "Status"),
    "s_rights": ("Oikeutesi", "Your rights"),
    "s_complaint": ("Oikeus valittaa valvontaviranomaiselle", "Right to lodge a complaint"),
    "s_automated": ("Automaattinen päätöksenteko ja profilointi", "Automated decision-making and profiling"),
    "signature": ("Ystävällisin terveisin", "Kind regards"),
    "none_title": ("Vastaus tietopyyntöösi", "Answer to your access request"),
    "none_body": ("Olemme tarkistaneet rekisterimme. {controller} ei käsittele sinua koskevia henkilötietoja: "
                  "rekisteristämme ei löydy tietoja yllä mainituilla hakutiedoilla.",
                  "We have checked our register. {controller} does not process personal data concerning you: our "
                  "register holds nothing under the details above."),
    "none_ip": ("Myöskään antamastasi IP-osoitteesta {ip} ei ole tallennettu verkkosivuston käyntejä.",
                "Nor are any website visits recorded from the IP address {ip} you gave."),
    "none_more": ("Jos olet ollut meihin yhteydessä muulla sähköpostiosoitteella tai puhelinnumerolla, kerro se "
                  "meille, niin tarkistamme myös sen.",
                  "If you have been in touch with us using another email address or phone number, tell us and we "
                  "will check that too."),
    "proc_title": ("Vastaus tietopyyntöösi: rekisterinpitäjä on asiakkaamme",
                   "Answer to your access request: our customer is the controller"),
    "proc_body": ("{controller} ei käsittele sinua koskevia henkilötietoja rekisterinpitäjänä. Sähköpostiosoitteesi "
                  "perusteella saatat olla käyttäjänä asiakkaamme järjestelmässä, jossa toimimme asiakkaan lukuun "
                  "henkilötietojen käsittelijänä (alikäsittelijänä). Näiden tietojen rekisterinpitäjä on asiakas, "
                  "ja se vastaa pyyntöösi.",
                  "{controller} does not process personal data concerning you as a controller. Judging by your "
                  "email address you may be a user of a customer's system in which we act as a processor "
                  "(sub-processor) on the customer's behalf. The customer is the controller of that data and "
                  "answers your request."),
    "portability_none": ("Siirto-oikeus ei koske sinua koskevaa käsittelyä, koska se ei perustu suostumukseen eikä "
                         "sopimukseen.",
                         "Portability does not cover the processing of your data, as it is not based on consent or "
                         "a contract."),
    "customer": ("Rekisterinpitäjä (asiakas)", "Controller (customer)"),
    "proc_forwarded": ("Välitimme pyyntösi asiakkaalle {on} (vastaanottaja: {to}) ja avustamme sitä vastaamisessa "
                       "(tietosuoja-asetuksen 28 artiklan 3 kohdan e alakohta).",
                       "We passed your request on to the customer on {on} (to: {to}) and help them answer it "
                       "(Article 28(3)(e) GDPR)."),
    "proc_will_forward": ("Välitämme pyyntösi asiakkaalle viipymättä ja avustamme sitä vastaamisessa "
                          "(tietosuoja-asetuksen 28 artiklan 3 kohdan e alakohta).",
                          "We will pass your request on to the customer without delay and help them answer it "
                          "(Article 28(3)(e) GDPR)."),
    "answers": ("Vastaus pyyntöösi", "Answer to your request"),
    "answers_fmt": ("Tällä selvityksellä vastataan pyyntöösi nro {id} {on}. Pyyntö on käsitelty (tila: {status}).",
                    "This report answers your request no. {id} on {on}. The request has been dealt with "
                    "(status: {status})."),
    "detail": ("tarkemmin", "in detail"),
    "retention_lead": ("Alla on kunkin käyttötarkoituksen säilytysaika ja sinun tietojesi kohdalla sen päättymispäivä. "
                       "Säilytysajan päätyttyä tiedot poistetaan.",
                       "Below is each purpose's retention period and, for your data, the day it ends. When it has "
                       "ended the data is deleted."),
    "rule": ("Sääntö", "Rule"), "your_end": ("Sinun tietosi", "Your data"),
    "visits_shared": ("Sama IP-osoite voi olla usean ihmisen käytössä (esimerkiksi työpaikan tai kunnan verkko), "
                      "joten osoitteesta näkyvät käynnit voivat olla muiden kuin sinun.",
                      "One IP address can be used by many people (for example a workplace or municipal network), so "
                      "the visits from an address may be other people's."),
    "visits_unconfirmed": ("Siksi emme liitä tähän selvitykseen osoitteesta {ip} tallennettuja käyntejä ennen kuin "
                           "olemme varmistaneet, että osoite on sinun omassa käytössäsi. Otamme sinuun yhteyttä "
                           "tämän varmistamiseksi.",
                           "We therefore do not include the visits recorded from the address {ip} in this report "
                           "until we have confirmed that the address is used by you alone. We will contact you to "
                           "confirm it."),
    "visits_confirmed": ("Olemme varmistaneet, että osoite on sinun käytössäsi.",
                         "We have confirmed that the address is used by you."),
    "systems": ("Järjestelmä", "System"),
    "customer_contact": ("Yhteystiedot", "Contact"),
}


def _t(key: str, lang: str) -> str:
    if lang == "sv":
        return swedish.SAR[key]
    fi, en = T[key]
    return fi if lang == "fi" else en


def _d(value) -> str:
    """Dates the Finnish way in both languages (24.11.2026): the reader is in Finland."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value.day}.{value.month}.{value.year} {value:%H:%M}"
    if isinstance(value, dt.date):
        return f"{value.day}.{value.month}.{value.year}"
    return str(value)


UNCONFIRMED = {"fi": " [VAHVISTAMATTA]", "en": " [NOT CONFIRMED]", "sv": swedish.UNCONFIRMED}
UNCONFIRMED_NOTE = {
    "fi": "Huom.: merkinnällä [VAHVISTAMATTA] merkityt kohdat ovat ehdotuksia, joita tietosuojavastaava ei ole vielä "
          "vahvistanut. Ne eivät ole vahvistettuja tietoja käsittelystä.",
    "en": "Note: passages marked [NOT CONFIRMED] are proposals the data protection officer has not yet confirmed. "
          "They are not confirmed facts about the processing.",
    "sv": swedish.UNCONFIRMED_NOTE}


def _type(key: str, lang: str) -> str:
    return request_type_text(key, lang)


def _status(key: str, lang: str) -> str:
    return request_status_text(key, lang)


def _flag(data: dict, kind: str, key) -> bool:
    """Is the fact behind a passage unconfirmed? kind: basis, retention, recipients."""
    return key in (data.get("unconfirmed") or {}).get(kind, ())


def _m(text: str, flagged: bool, lang: str) -> str:
    return f"{text}{UNCONFIRMED[lang]}" if flagged and text else text


def _statement(data: dict, key: str, lang: str) -> str:
    text = data["statements"].get(key, {}).get(lang, "")
    return _m(text, key in (data.get("unconfirmed") or {}).get("statements", {}).get(lang, ()), lang)


def _name(row: dict, lang: str, stem: str = "name") -> str:
    return row.get(f"{stem}_{lang}") or row.get(f"{stem}_fi") or ""


def _header(data: dict, lang: str, title_key: str) -> list:
    c = data["controller"]
    story = [para(_t(title_key, lang), "title"), para(_t("subtitle", lang), "subtitle")]
    contact = data["contact"]
    req = data["request"]
    to = (contact or {}).get("name") or (req or {}).get("requester_name") or ""
    pairs = [(_t("controller", lang), f"{c['name']}, {c['street']}, {c['postcode']} {c['city']}, {c['email']}"),
             (_t("dpo", lang), ", ".join(x for x in (c.get("dpo_name"), c["dpo_email"], c.get("dpo_phone")) if x)),
             (_t("to", lang), ", ".join(x for x in (to, (contact or {}).get("email") or data["email"]) if x))]
    if req:
        pairs += [(_t("request_no", lang), str(req["id"])),
                  (_t("request_type", lang), _type(req["type"], lang)),
                  (_t("received", lang), _d(req["received_on"]))]
        if req.get("id_requested_on"):
            pairs.append((_t("id_pause", lang), _t("id_pause_fmt", lang).format(
                asked=_d(req["id_requested_on"]), got=_d(req.get("id_received_on")) or "–")))
        pairs.append((_t("extension", lang), _t("extended_fmt", lang).format(
            on=_d(req["extended_on"]), reason=req.get("extension_reason") or "–") if req.get("extended_on")
            else _t("no_extension", lang)))
        pairs.append((_t("due", lang), _d(req["due_on"])))
    pairs.append((_t("answered", lang), _d((req or {}).get("answered_on") or data["today"])))
    story += [key_values(pairs), Spacer(1, 4 * mm)]
    if req and req.get("answered_on") and req.get("status") == "completed":
        story += [para(_t("answers_fmt", lang).format(id=req["id"], on=_d(req["answered_on"]),
                                                      status=_status("completed", lang))), Spacer(1, 2 * mm)]
    return story


class _Sections:
    """Section headings numbered 1, 2, 3, ... in the order they are printed: no gaps whatever a
    report leaves out (visits, requests, ...). A letter without numbers passes numbered=False."""

    def __init__(self, lang: str, numbered: bool = True):
        self.lang, self.numbered, self.n = lang, numbered, 0

    def __call__(self, key: str, **fmt):
        title = _t(key, self.lang).format(**fmt)
        if not self.numbered:
            return para(title, "h1")
        self.n += 1
        return para(f"{self.n}. {title}", "h1")


def _remedies(data: dict, lang: str, numbered: bool = True, sections: "_Sections | None" = None) -> list:
    story = []
    head = sections or _Sections(lang, numbered)
    # the heading stays with its text (it was left alone at the foot of a page)
    story.append(KeepTogether([head("s_complaint"), para(_statement(data, "complaint", lang))]))
    story.append(para(_statement(data, "court_remedy", lang)))
    return story


def _signature(data: dict, lang: str) -> list:
    c = data["controller"]
    return [Spacer(1, 6 * mm), para(_t("signature", lang)),
            para(f"{c['name']}, {_t('dpo', lang).lower()}"), para(c["dpo_email"])]


def _held(data: dict, lang: str) -> list:
    c, contact, links = data["controller"], data["contact"], data["links"]
    story = _header(data, lang, "title")
    h1 = _Sections(lang)
    story += [h1("s_confirm"), para(_t("confirm_yes", lang).format(controller=c["name"]))]

    story.append(h1("s_copy"))
    if contact:
        def val(k):
            v = contact.get(k)
            if k == "restricted":
                return _t("yes" if v else "no", lang)
            return _d(v) if isinstance(v, (dt.date, dt.datetime)) else (v if v not in (None, "") else _t("empty", lang))
        story.append(key_values([(_t(f"f_{k}", lang), val(k)) for k in
                                 ("name", "email", "phone", "organisation", "title", "restricted", "created_at",
                                  "updated_at")]))
    if links:
        story += [Spacer(1, 3 * mm), para(_t("links_head", lang), "h2"),
                  table([_t("purpose", lang), _t("source", lang), _t("collected", lang), _t("notice_sent", lang)],
                        [[_name(r, lang), _name(r, lang, "source"), _d(r["collected_on"]), _d(r["notice_sent_on"]) or "–"]
                         for r in links], col_widths=[68 * mm, 40 * mm, 30 * mm, 36 * mm])]

    purposes = list(links)
    if data["visits"] and data["web_purpose"]:
        purposes.append({**data["web_purpose"], "purpose": "web_analytics"})
    story.append(h1("s_purposes"))
    for p in purposes:
        basis_open = _flag(data, "basis", p["purpose"])
        pairs = [(_t("basis", lang), _m(legal_basis_text(p["legal_basis"], lang), basis_open, lang))]
        if p.get("legitimate_interest_fi"):
            pairs.append((_t("interest", lang), _m(_name(p, lang, "legitimate_interest"), basis_open, lang)))
        if p.get("group_fi"):
            pairs.append((_t("group", lang), _name(p, lang, "group")))
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
        lines.append(_t("source_fmt", lang).format(
            purpose=_name(r, lang), source=source, description=_name(r, lang, "source_description"),
            collected=_d(r["collected_on"]),
            public=_t("from_you", lang) if r["from_subject"] else (_t("public", lang) if r["publicly_available"] else "")))
    if data["visits"]:
        st = data["visit_stats"]
        lines.append(_t("visits_lead", lang).format(n=st["total"], first=_d(st["first_at"]), last=_d(st["last_at"])))
    story.append(bullets(lines))

    story.append(h1("s_recipients"))
    if data["recipients"]:
        names = {p["purpose"]: _name(p, lang) for p in purposes}
        story.append(table([_t("recipient", lang), _t("role", lang), _t("purpose", lang), _t("country", lang)],
                           [[r["name"], _m(_name(r, lang, "role"), _flag(data, "recipients", r["id"]), lang),
                             ", ".join(names.get(k, k) for k in r["purposes"]),
                             r["country"]] for r in data["recipients"]],
                           col_widths=[62 * mm, 50 * mm, 50 * mm, 12 * mm]))
    else:
        story.append(para(_t("no_recipients", lang)))

    story.append(h1("s_transfers"))
    outside = [r for r in data["recipients"] if r["outside_eea"]]
    if outside:
        story.append(bullets([_t("transfer_fmt", lang).format(name=r["name"], country=r["country"],
                                                               safeguard=_name(r, lang, "safeguard")) for r in outside]))
    else:
        story.append(para(_statement(data, "transfers_none", lang)))

    story.append(h1("s_retention"))
    story.append(para(_t("retention_lead", lang)))
    rows = []
    for p in purposes:
        mine = p.get(f"retention_person_{lang}")
        rows.append([_name(p, lang), _m(_name(p, lang, "retention"), _flag(data, "retention", p["purpose"]), lang),
                     mine or "–"])
    story.append(table([_t("purpose", lang), _t("rule", lang), _t("your_end", lang)], rows,
                       col_widths=[46 * mm, 52 * mm, 76 * mm]))

    if data["ip"]:
        story.append(h1("s_visits", ip=data["ip"]))
        visits = data["visits"]
        story.append(para(_t("visits_shared", lang) + " " + (_t("visits_confirmed", lang) if data.get("ip_confirmed")
                          else _t("visits_unconfirmed", lang).format(ip=data["ip"]))))
        if not data.get("ip_confirmed"):
            pass  # the visits stay out of the report until the address is confirmed (Art. 15(4))
        elif visits:
            st = data["visit_stats"]
            story.append(para(_t("visits_lead", lang).format(n=st["total"], first=_d(st["first_at"]),
                                                             last=_d(st["last_at"]))))
            shown = visits
            if st["total"] > len(shown):
                story.append(para(_t("visits_more", lang).format(shown=len(shown), n=st["total"])))
            story.append(table([_t("visited_at", lang), _t("ip", lang), _t("page", lang), _t("browser", lang)],
                               [[_d(v["visited_at"]), v["ip"] + (_t("truncated", lang) if v["ip_truncated"] else ""),
                                 v["page"], v["user_agent"] or ""] for v in shown],
                               col_widths=[30 * mm, 35 * mm, 45 * mm, 64 * mm]))
        else:
            story.append(para(_t("visits_none", lang).format(ip=data["ip"])))

    if data.get("systems"):
        story += _systems(data, lang)

    if data["requests"]:
        story.append(h1("s_requests"))
        story.append(table([_t("request_no", lang), _t("type", lang), _t("received", lang), _t("status", lang),
                            _t("answered", lang)],
                           [[str(r["id"]), _type(r["type"], lang), _d(r["received_on"]),
                             _status(r["status"], lang), _d(r["answered_on"]) or "–"] for r in data["requests"]],
                           col_widths=[22 * mm, 50 * mm, 30 * mm, 42 * mm, 30 * mm]))

    story.append(h1("s_rights"))
    story.append(para(_statement(data, "rights", lang)))
    if any(p.get("direct_marketing") for p in purposes):
        story.append(para(_statement(data, "direct_marketing_objection", lang)))
        for key in ("electronic_marketing", "marketing_basis"):  # #11, made by kpcore.sar from the register
            if _statement(data, key, lang):
                story.append(para(_statement(data, key, lang)))
    if any(p["legal_basis"] == "consent" for p in purposes):
        story.append(para(_statement(data, "consent_withdrawal", lang)))
    story += _portability_and_objection(data, purposes, lang)
    story += _remedies(data, lang, sections=h1)
    story.append(h1("s_automated"))
    story.append(para(_statement(data, "automated_decisions", lang)))
    return story + _signature(data, lang)


def _portability_and_objection(data: dict, purposes: list, lang: str) -> list:
    """Art. 20: portability stated with its condition (consent or contract), naming this person's
    purposes it covers; Art. 21(4): the right to object to processing based on 6(1)(e)/(f)
    under its own heading, apart from the other rights, naming this person's purposes."""
    terms = data["rights"]  # kpcore.sar.rights_terms: the notice's words and bases
    lab = terms["labels"][lang]
    portable = [_name(p, lang) for p in purposes if p["legal_basis"] in terms["portable"]]
    story = [para(lab["portability"]),
             para(f"{lab['portability_applies']}: {'; '.join(portable)}." if portable else _t("portability_none", lang))]
    objectable = [p for p in purposes if p["legal_basis"] in terms["objectable"]]
    if objectable:
        open_ = any(_flag(data, "basis", p["purpose"]) for p in objectable)
        story.append(KeepTogether([para(lab["objection"], "h2"), para(_m(lab["objection_body"], open_, lang)),
                                   para(f"{lab['applies_to']}: {'; '.join(_name(p, lang) for p in objectable)}.")]))
    return story


# #12: what each system of the map holds. The PDF lists up to MESSAGES_IN_REPORT items per
# system; every item, with every field, is in the JSON/CSV copy.
MESSAGES_IN_REPORT = 50
TS = {
    "s_systems": ("Tietosi yrityksen järjestelmissä", "Your data in the company's systems"),
    "systems_lead": ("Pyyntösi on käsitelty jokaisessa järjestelmässä, jossa tietojasi voi olla. Alla on kunkin "
                     "järjestelmän tulos; täydellinen luettelo on tämän selvityksen JSON/CSV-kopiossa.",
                     "Your request was carried out in each system that may hold your data. The result of each is "
                     "below; the full list is in the JSON/CSV copy of this report."),
    "run_by": ("Ylläpitäjä", "Run by"), "own": ("KuntaPlus itse", "KuntaPlus itself"),
    "result": ("Tulos", "Result"), "checked": ("Tarkistettu", "Checked"),
    "open": ("Tarkistus on vielä kesken.", "The check is still in progress."),
    "na": ("Ei koske tätä pyyntöä: {reason}", "Does not apply to this request: {reason}"),
    "found": ("Löytyi: {summary}", "Found: {summary}"), "notfound": ("Tietoja ei löytynyt.", "No data was found."),
    "more": ("Luettelossa {shown} ensimmäistä {n}:stä; kaikki ovat JSON/CSV-kopiossa.",
             "The first {shown} of {n} are listed; all are in the JSON/CSV copy."),
    "m_date": ("Päivämäärä", "Date"), "m_folder": ("Kansio", "Folder"), "m_subject": ("Aihe", "Subject"),
    "m_people": ("Muut osapuolet", "Correspondents"), "row": ("Rivi", "Row"), "values": ("Tiedot", "Values"),
}


def _ts(key: str, lang: str) -> str:
    if lang == "sv":
        return swedish.SAR_SYSTEMS[key]
    return TS[key][0 if lang == "fi" else 1]


def _in_lang(summary: str | None, lang: str) -> str:
    """A connector's summary is written 'suomeksi / in English' (a Swedish report takes the English);
    a DPO's note is kept as written."""
    parts = (summary or "").split(" / ")
    return parts[0 if lang == "fi" else 1] if len(parts) == 2 else (summary or "")


def _systems(data: dict, lang: str) -> list:
    story = [para(_ts("s_systems", lang), "h1"), para(_ts("systems_lead", lang))]
    for t in data["systems"]:
        who = t["processor_name"] or _ts("own", lang)
        if t["processor_name"] and t["processor_country"]:
            who += f" ({t['processor_country']})"
        if t["status"] == "open":
            result = _ts("open", lang)
        elif t["status"] == "not_applicable":
            result = _ts("na", lang).format(reason=t["na_reason"])
        elif t["found"]:
            result = _ts("found", lang).format(summary=_in_lang(t["summary"], lang))
        else:
            result = _ts("notfound", lang)
        pairs = [(_ts("run_by", lang), who), (_ts("result", lang), result)]
        if t["status"] == "done":
            pairs.append((_ts("checked", lang), _d(t["checked_at"])))
        story.append(KeepTogether([para(t["system_name"], "h2"), key_values(pairs)]))
        items = t["findings"] if t["status"] == "done" else []
        shown = items[:MESSAGES_IN_REPORT]
        if shown and "subject" in shown[0]:
            story.append(table([_ts("m_date", lang), _ts("m_folder", lang), _ts("m_subject", lang), _ts("m_people", lang)],
                               [[(m.get("date") or "")[:16].replace("T", " "), m.get("folder") or "", m.get("subject") or "",
                                 ", ".join(m.get("correspondents") or [])] for m in shown],
                               col_widths=[28 * mm, 26 * mm, 60 * mm, 60 * mm]))
        elif shown and "values" in shown[0]:
            story.append(table([_ts("row", lang), _ts("values", lang)],
                               [[str(m.get("row", "")), "; ".join(f"{k}: {v}" for k, v in m["values"].items())]
                                for m in shown], col_widths=[18 * mm, 156 * mm]))
        if len(items) > len(shown):
            story.append(para(_ts("more", lang).format(shown=len(shown), n=len(items))))
        story.append(Spacer(1, 2 * mm))
    return story


def _none(data: dict, lang: str) -> list:
    c = data["controller"]
    story = _header(data, lang, "none_title")
    searched = [data["email"]] + ([data["ip"]] if data["ip"] else [])
    story += [key_values([(_t("searched", lang), ", ".join(x for x in searched if x))]), Spacer(1, 3 * mm),
              para(_t("none_body", lang).format(controller=c["name"]))]
    if data["ip"]:
        story.append(para(_t("none_ip", lang).format(ip=data["ip"])))
    story.append(para(_t("none_more", lang)))
    story.append(para(_statement(data, "rights", lang)))
    story += _remedies(data, lang, numbered=False)
    return story + _signature(data, lang)


def _processor(data: dict, lang: str) -> list:
    c = data["controller"]
    story = _header(data, lang, "proc_title")
    story.append(para(_t("proc_body", lang).format(controller=c["name"])))
    req = data["request"] or {}
    if req.get("forwarded_on"):  # only what happened: passed on once the DPO recorded it
        story.append(para(_t("proc_forwarded", lang).format(on=_d(req["forwarded_on"]), to=req.get("forwarded_to") or "–")))
    else:
        story.append(para(_t("proc_will_forward", lang)))
    for cust in data["customers"]:
        contact = ", ".join(x for x in (cust.get("dpo_name"), cust.get("dpo_email"), cust.get("contact_name"),
                                        cust.get("contact_email")) if x)
        story.append(key_values([(_t("customer", lang), cust["name"]),
                                 (_t("systems", lang), ", ".join(cust["systems"] or [])),
                                 (_t("customer_contact", lang), contact)]))
        story.append(Spacer(1, 2 * mm))
    story.append(para(_statement(data, "processor_role", lang)))
    story += _remedies(data, lang, numbered=False)
    return story + _signature(data, lang)


def build(data: dict, *, lang: str = "fi") -> bytes:
    """The report as PDF bytes, chosen by data['case']."""
    if lang not in ("fi", "en", "sv"):
        lang = "fi"
    if lang == "sv":  # the Swedish texts of the facts are confirmed apart (sv_confirmed): mark them too
        open_ = dict(data.get("unconfirmed") or {})
        for kind in ("basis", "retention", "recipients"):
            open_[kind] = set(open_.get(kind, ())) | set(open_.get(f"sv_{kind}", ()))
        data = {**data, "unconfirmed": open_}
    story = {"held": _held, "none": _none, "processor": _processor}[data["case"]](data, lang)
    if ((data.get("unconfirmed") or {}).get("blocking") or {}).get(lang):
        story.insert(2, para(UNCONFIRMED_NOTE[lang], "small"))  # after the title and subtitle
    c = data["controller"]
    title = _t("title" if data["case"] == "held" else ("none_title" if data["case"] == "none" else "proc_title"), lang)
    return common.build(story, title=title, footer=f"{c['name']} · {title}", lang=lang)
