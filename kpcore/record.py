"""The controller's record of processing activities, Art. 30(1) GDPR, from the register.

`controller_record(q, fmt, lang)` returns the record as PDF, XLSX or CSV bytes: the
controller and DPO contacts, and one entry per purpose with its legal basis, the
categories of people and of data, recipients, transfers outside the EU/EEA, the erasure
time limit and a general description of the security measures. XLSX and CSV hold one
row per purpose (the controller's contacts repeat on every row so a row stands alone);
Finnish CSV is semicolon-separated as Finnish Excel expects, English comma-separated;
both UTF-8 with a byte-order mark.
"""
from __future__ import annotations

import csv
import datetime as dt
import io

from . import safety
from .db import Query
from .errors import KpError
from .models import legal_basis_text

FORMATS = ("pdf", "xlsx", "csv")

# column key -> (fi, en)
COLUMNS: list[tuple[str, str, str]] = [
    ("purpose", "Käsittelyn tarkoitus", "Purpose of processing"),
    ("group", "Ryhmä", "Group"),
    ("legal_basis", "Oikeusperuste", "Legal basis"),
    ("legitimate_interest", "Oikeutettu etu", "Legitimate interest"),
    ("subjects", "Rekisteröityjen ryhmät", "Categories of data subjects"),
    ("categories", "Henkilötietoryhmät", "Categories of personal data"),
    ("recipients", "Vastaanottajat", "Recipients"),
    ("transfers", "Siirrot EU:n/ETA:n ulkopuolelle", "Transfers outside the EU/EEA"),
    ("retention", "Poistamisen määräaika", "Time limit for erasure"),
    ("security", "Turvallisuustoimet (yleiskuvaus)", "Security measures (general description)"),
    ("confirmed", "Peruste ja säilytysaika vahvistettu", "Basis and retention confirmed"),
    ("people", "Määrä rekisterissä", "Held in the register"),
    ("controller", "Rekisterinpitäjä", "Controller"),
    ("dpo", "Tietosuojavastaava", "Data protection officer"),
]


def _t(lang: str, fi: str, en: str) -> str:
    return en if lang == "en" else fi


# Art. 30(1) covers every processing activity, the register's own included (LEGAL.md
# "Records — more"): what this program itself keeps about people. Each retention sentence
# states what the program does (nothing here is deleted on a schedule), so the record
# cannot promise a deletion that never happens.
OWN_PROCESSING: list[dict] = [
    {"key": "own_requests", "count": "requests",
     "purpose": ("Rekisteröityjen pyyntöjen käsittely ja osoitusvelvollisuus (tietosuoja-asetuksen 12–22 artikla, "
                 "5 artiklan 2 kohta)",
                 "Handling data subjects' requests and accountability (Articles 12–22, 5(2) GDPR)"),
     "basis": "legal_obligation",
     "subjects": ("Rekisteröidyt, jotka käyttävät oikeuksiaan, ja heidän asiamiehensä",
                  "Data subjects who exercise their rights, and their representatives"),
     "categories": ("Pyytäjän nimi, sähköpostiosoite, puhelinnumero ja IP-osoite; pyynnön tyyppi, saapumis-, "
                    "määrä- ja vastauspäivä, tila ja käsittelyhistoria",
                    "Requester's name, email address, phone number and IP address; the request's type, dates of "
                    "receipt, due date and answer, status and history"),
     "retention": ("Ei automaattista poistoa: pyyntö ja sen käsittelyhistoria säilytetään osoitusvelvollisuuden "
                   "vuoksi. Kun henkilön tiedot poistetaan (17 art.), pyynnöstä poistetaan nimi, sähköpostiosoite, "
                   "puhelinnumero ja IP-osoite, ja jäljelle jää vain merkintä pyynnön käsittelystä.",
                   "No scheduled deletion: a request and its history are kept for accountability. When the person's "
                   "data is erased (Art. 17), the request's name, email address, phone number and IP address are "
                   "removed, leaving only the record that the request was handled.")},
    {"key": "own_suppression", "count": "suppression",
     "purpose": ("Poistettujen ja suoramarkkinoinnin kieltäneiden henkilöiden tietojen uudelleentallentamisen "
                 "estäminen (17 artikla, 21 artiklan 3 kohta)",
                 "Preventing the data of erased people and of people who objected to direct marketing from being "
                 "recorded again (Article 17, Article 21(3))"),
     "basis": "legal_obligation",
     "subjects": ("Henkilöt, joiden tiedot on poistettu tai jotka ovat kieltäneet suoramarkkinoinnin",
                  "People whose data was erased or who objected to direct marketing"),
     "categories": ("Sähköpostiosoitteen tai puhelinnumeron avaimellinen tiiviste (ei itse osoitetta tai numeroa), "
                    "syy (poisto tai kielto), käyttötarkoitus ja päivämäärä",
                    "A keyed hash of the email address or phone number (not the address or number itself), the "
                    "reason (erasure or objection), the purpose and the date"),
     "retention": ("Ei automaattista poistoa: tiiviste säilytetään niin kauan kuin estäminen on tarpeen, jotta "
                   "henkilön tiedot eivät palaa rekisteriin uudessa tuonnissa.",
                   "No scheduled deletion: the hash is kept as long as blocking is needed, so that the person's "
                   "data does not return with a new import.")},
    {"key": "own_users", "count": "users",
     "purpose": ("Rekisterin käyttäjien tunnistaminen ja käyttöoikeuksien hallinta (tietosuoja-asetuksen "
                 "32 artikla)",
                 "Identifying the register's users and managing their access (Article 32 GDPR)"),
     "basis": "legal_obligation",
     "subjects": ("Rekisteriä käyttävät KuntaPlus-projektipalvelun työntekijät", "KuntaPlus-projektipalvelu staff who use the register"),
     "categories": ("Käyttäjätunnus, rooli, salasanan suolattu tiiviste, epäonnistuneiden kirjautumisten määrä, "
                    "lukitusaika ja luontiaika",
                    "Username, role, a salted hash of the password, the count of failed sign-ins, lock time and "
                    "creation time"),
     "retention": ("Kunnes tietosuojavastaava poistaa käyttäjän tai poistaa sen käytöstä; ei automaattista poistoa.",
                   "Until the DPO removes or disables the user; no scheduled deletion.")},
    {"key": "own_audit", "count": "audit",
     "purpose": ("Rekisterin käsittelytoimien kirjaaminen osoitusvelvollisuutta ja tietoturvaa varten "
                 "(5 artiklan 2 kohta, 32 artikla)",
                 "Logging the register's processing operations for accountability and security (Article 5(2), "
                 "Article 32)"),
     "basis": "legal_obligation",
     "subjects": ("Rekisterin käyttäjät; rekisteröidyt vain tunnisteina (ei nimiä eikä yhteystietoja)",
                  "The register's users; data subjects only as identifiers (no names or contact details)"),
     "categories": ("Käyttäjätunnus, toimenpide, kohteen tunniste, lukumäärät ja aikaleima",
                    "Username, operation, the object's identifier, counts and time"),
     "retention": ("Ei automaattista poistoa: tapahtumat muodostavat muuttumattoman, tarkistettavan ketjun.",
                   "No scheduled deletion: the events form an unalterable, verifiable chain.")},
]


# thing -> ((fi one, fi many), (en one, en many)); Finnish takes the partitive after 2, 3, ...
AMOUNT_WORDS = {
    "people": (("henkilö", "henkilöä"), ("person", "people")),
    "visits": (("käynti", "käyntiä"), ("visit", "visits")),
    "addresses": (("eri IP-osoite", "eri IP-osoitetta"), ("distinct IP address", "distinct IP addresses")),
    "requests": (("pyyntö", "pyyntöä"), ("request", "requests")),
    "suppression": (("tiiviste", "tiivistettä"), ("hash", "hashes")),
    "users": (("käyttäjä", "käyttäjää"), ("user", "users")),
    "audit": (("tapahtuma", "tapahtumaa"), ("event", "events")),
}


def _amount(lang: str, n: int, thing: str) -> str:
    """'1 henkilö', '1 234 henkilöä' / '1 person', '1,234 people'."""
    words = AMOUNT_WORDS[thing][1 if lang == "en" else 0]
    return f"{n:,}".replace(",", " " if lang == "fi" else ",") + " " + words[0 if n == 1 else 1]


def record_data(q: Query, lang: str = "fi") -> dict:
    """The record as plain values: {'controller', 'dpo', 'rows', 'security', 'generated_on'}."""
    if lang not in ("fi", "en"):
        raise KpError(f"lang: {lang!r} is not a language of the record (use fi or en)")
    c = q.one("controller")
    controller = ", ".join(x for x in [c["name"], c["street"], f"{c['postcode']} {c['city']}", c["email"],
                                       c.get("phone"), _t(lang, "Y-tunnus ", "Business ID ") + c["business_id"]
                                       if c.get("business_id") else None] if x)
    dpo = ", ".join(x for x in [c.get("dpo_name"), c["dpo_email"], c.get("dpo_phone")] if x)
    sec = q.one("record_statement", {"key": "security_measures", "lang": lang}) or {}
    no_transfers = q.one("record_statement", {"key": "transfers_none", "lang": lang}) or {}
    security = sec.get("body") or _t(lang, "Ei kuvattu.", "Not described.")
    rows = []
    counts = q.one("record_counts")
    from . import retention

    for p in retention.with_sentences(q, q.all("record_purposes", {"lang": lang})):
        group = p["group_en"] if lang == "en" else p["group_fi"]
        rows.append({
            "key": p["key"],
            "purpose": p["name_en"] if lang == "en" else p["name_fi"],
            "group": group or "",
            "legal_basis": legal_basis_text(p["legal_basis"], lang),
            "legitimate_interest": (p["legitimate_interest_en"] if lang == "en" else p["legitimate_interest_fi"]) or "",
            "subjects": p["subjects_en"] if lang == "en" else p["subjects_fi"],
            "categories": "; ".join(p["categories"] or []),
            "recipients": "; ".join(p["recipients"] or []) or _t(lang, "Ei vastaanottajia", "No recipients"),
            "transfers": "; ".join(p["transfers"] or []) or no_transfers.get("body")
                         or _t(lang, "Ei siirtoja", "No transfers"),
            "retention": p["retention_en"] if lang == "en" else p["retention_fi"],  # generated from the rule
            "security": security,
            "confirmed": _t(lang, "kyllä", "yes") if p["basis_confirmed"] and p["retention_confirmed"]
                         else _t(lang, "ei – ehdotus, vahvistamatta", "no – proposed, not confirmed"),
            # Art. 30(1)(c): web analytics holds visits, not people: say how many visits and addresses
            "people": (_amount(lang, counts["visits"], "visits") + ", " + _amount(lang, counts["addresses"], "addresses"))
                      if p["key"] == "web_analytics" else _amount(lang, int(p["people"]), "people"),
            "controller": controller,
            "dpo": dpo,
        })
    none = _t(lang, "Ei vastaanottajia", "No recipients")
    for own in OWN_PROCESSING:
        i = 1 if lang == "en" else 0
        rows.append({
            "key": own["key"], "purpose": own["purpose"][i], "group": _t(lang, "Rekisterin oma käsittely",
                                                                         "The register's own processing"),
            "legal_basis": legal_basis_text(own["basis"], lang), "legitimate_interest": "",
            "subjects": own["subjects"][i], "categories": own["categories"][i], "recipients": none,
            "transfers": no_transfers.get("body") or _t(lang, "Ei siirtoja", "No transfers"),
            "retention": own["retention"][i], "security": security,
            "confirmed": _t(lang, "ohjelman toiminnan mukainen", "as the program works"),
            "people": _amount(lang, int(counts[own["count"]]), own["count"]),
            "controller": controller, "dpo": dpo,
        })
    return {"controller": controller, "controller_row": c, "dpo": dpo, "rows": rows, "security": security,
            "security_confirmed": bool(sec.get("confirmed")), "generated_on": dt.date.today(), "lang": lang}


def controller_record(q: Query, fmt: str = "pdf", lang: str = "fi") -> bytes:
    """The Art. 30(1) record as PDF, XLSX or CSV bytes."""
    fmt = (fmt or "pdf").lower()
    if fmt not in FORMATS:
        raise KpError(f"format: {fmt!r} is not supported (use pdf, xlsx or csv)")
    data = record_data(q, lang)
    if fmt == "pdf":
        from .pdf.record import record_pdf
        return record_pdf(data | {"columns": COLUMNS})
    if fmt == "xlsx":
        return _xlsx(data)
    return _csv(data)


_cell = safety.cell  # text a spreadsheet would run as a formula is kept as text


def _header(lang: str) -> list[str]:
    return [en if lang == "en" else fi for _, fi, en in COLUMNS]


def _csv(data: dict) -> bytes:
    lang = data["lang"]
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";" if lang == "fi" else ",", lineterminator="\r\n")
    w.writerow(_header(lang))
    for r in data["rows"]:
        w.writerow([_cell(r[k]) for k, _, _ in COLUMNS])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _xlsx(data: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    lang = data["lang"]
    wb = Workbook()
    ws = wb.active
    ws.title = _t(lang, "Käsittelytoimet", "Processing activities")
    ws.append(_header(lang))
    for r in data["rows"]:
        ws.append([_cell(r[k]) for k, _, _ in COLUMNS])
    head = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1D4E89")
    for cell in ws[1]:
        cell.font, cell.fill = head, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = {"purpose": 32, "group": 30, "legal_basis": 30, "legitimate_interest": 40, "subjects": 36, "categories": 34,
              "recipients": 50, "transfers": 36, "retention": 36, "security": 50, "confirmed": 18, "people": 14,
              "controller": 40, "dpo": 30}
    for i, (k, _, _) in enumerate(COLUMNS, 1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = widths.get(k, 20)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = ws.dimensions
    info = wb.create_sheet(_t(lang, "Rekisterinpitäjä", "Controller"))
    info.append([_t(lang, "Rekisterinpitäjä", "Controller"), data["controller"]])
    info.append([_t(lang, "Tietosuojavastaava", "Data protection officer"), data["dpo"]])
    info.append([_t(lang, "Laadittu", "Generated"), data["generated_on"].isoformat()])
    info.append([_t(lang, "Peruste", "Basis"), _t(lang, "Tietosuoja-asetuksen 30 artiklan 1 kohta",
                                                   "Article 30(1) GDPR")])
    info.column_dimensions["A"].width = 26
    info.column_dimensions["B"].width = 100
    buf = io.BytesIO()
    wb.properties.title = _t(lang, "Seloste käsittelytoimista", "Record of processing activities")
    wb.properties.creator = "KuntaPlus DPO register"
    wb.save(buf)
    return buf.getvalue()
