"""The controller's record of processing activities, Art. 30(1) GDPR, from the register.

`controller_record(q, fmt, lang)` returns the record as PDF, XLSX or CSV bytes: the
controller and DPO contacts, and one entry per purpose with its legal basis, the
categories of people and of data, recipients, transfers outside the EU/EEA, the erasure
time limit and a general description of the security measures. XLSX and CSV hold one
row per purpose (the controller's contacts repeat on every row so a row stands alone);
Finnish and Swedish CSV are semicolon-separated as Excel in Finland expects, English
comma-separated; all UTF-8 with a byte-order mark. Finnish, Swedish or English: the labels are
catalog messages (kpcore.i18n), the facts the register's own (Swedish where it has them, else
the Finnish).
"""
from __future__ import annotations

import csv
import datetime as dt
import io

from . import fmt, i18n, safety
from .db import Query
from .errors import KpError
from .i18n import N_, NN_, NP_
from .models import legal_basis_text

FORMATS = ("pdf", "xlsx", "csv")

# column key -> its heading (an English msgid, kpcore.i18n)
COLUMNS: list[tuple[str, str]] = [
    ("purpose", NP_("record column", "Purpose of processing")),
    ("group", NP_("record column", "Group")),
    ("legal_basis", NP_("record column", "Legal basis")),
    ("legitimate_interest", NP_("record column", "Legitimate interest")),
    ("subjects", NP_("record column", "Categories of data subjects")),
    ("categories", NP_("record column", "Categories of personal data")),
    ("recipients", NP_("record column", "Recipients")),
    ("transfers", NP_("record column", "Transfers outside the EU/EEA")),
    ("retention", NP_("record column", "Time limit for erasure")),
    ("security", NP_("record column", "Security measures (general description)")),
    ("confirmed", NP_("record column", "Basis and retention confirmed")),
    ("people", NP_("record column", "Held in the register")),
    ("controller", NP_("record column", "Controller")),
    ("dpo", NP_("record column", "Data protection officer")),
]


def _t(lang: str, message: str) -> str:
    return i18n.gettext(message, lang)


# Art. 30(1) covers every processing activity, the register's own included (LEGAL.md
# "Records — more"): what this program itself keeps about people. Each retention sentence
# states what the program does (nothing here is deleted on a schedule), so the record
# cannot promise a deletion that never happens.
OWN_PROCESSING: list[dict] = [
    {"key": "own_requests", "count": "requests", "basis": "legal_obligation",
     "purpose": N_("Handling data subjects' requests and accountability (Articles 12–22, 5(2) GDPR)"),
     "subjects": N_("Data subjects who exercise their rights, and their representatives"),
     "categories": N_("Requester's name, email address, phone number and IP address; the request's type, dates of receipt, due date and answer, status and history"),
     "retention": N_("No scheduled deletion: a request and its history are kept for accountability. When the person's data is erased (Art. 17), the request's name, email address, phone number and IP address are removed, leaving only the record that the request was handled.")},
    {"key": "own_suppression", "count": "suppression", "basis": "legal_obligation",
     "purpose": N_("Preventing the data of erased people and of people who objected to direct marketing from being recorded again (Article 17, Article 21(3))"),
     "subjects": N_("People whose data was erased or who objected to direct marketing"),
     "categories": N_("A keyed hash of the email address or phone number (not the address or number itself), the reason (erasure or objection), the purpose and the date"),
     "retention": N_("No scheduled deletion: the hash is kept as long as blocking is needed, so that the person's data does not return with a new import.")},
    {"key": "own_users", "count": "users", "basis": "legal_obligation",
     "purpose": N_("Identifying the register's users and managing their access (Article 32 GDPR)"),
     "subjects": N_("KuntaPlus-projektipalvelu staff who use the register"),
     "categories": N_("Username, role, a salted hash of the password, the count of failed sign-ins, lock time and creation time"),
     "retention": N_("Until the DPO removes or disables the user; no scheduled deletion.")},
    {"key": "own_audit", "count": "audit", "basis": "legal_obligation",
     "purpose": N_("Logging the register's processing operations for accountability and security (Article 5(2), Article 32)"),
     "subjects": N_("The register's users; data subjects only as identifiers (no names or contact details)"),
     "categories": N_("Username, operation, the object's identifier, counts and time"),
     "retention": N_("No scheduled deletion: the events form an unalterable, verifiable chain.")},
]


# thing -> its amount (singular, plural); Finnish takes the partitive after 2, 3, ...
AMOUNT_WORDS = {
    "people": NN_("{n} person", "{n} people"),
    "visits": NN_("{n} visit", "{n} visits"),
    "addresses": NN_("{n} distinct IP address", "{n} distinct IP addresses"),
    "requests": NN_("{n} request", "{n} requests"),
    "suppression": NN_("{n} hash", "{n} hashes"),
    "users": NN_("{n} user", "{n} users"),
    "audit": NN_("{n} event", "{n} events"),
}


def _amount(lang: str, n: int, thing: str) -> str:
    """'1 henkilö', '1 234 henkilöä' / '1 person', '1,234 people' / '1 person', '1 234 personer'."""
    one, many = AMOUNT_WORDS[thing]
    return i18n.ngettext(one, many, n, lang).format(n=fmt.number(n, lang))


def _fact(row: dict, name: str, lang: str):
    """A register fact in `lang`; Swedish falls back to the Finnish where the register has none yet."""
    if lang == "sv":
        return row.get(name + "_sv") or row.get(name + "_fi")
    return row.get(f"{name}_{lang}")


def record_data(q: Query, lang: str = "fi") -> dict:
    """The record as plain values: {'controller', 'dpo', 'rows', 'security', 'generated_on'}."""
    if lang not in i18n.LANGS:
        raise KpError(N_("lang: {lang} is not a language of the record (use fi, sv or en)"), lang=repr(lang))
    c = q.one("controller")
    controller = ", ".join(x for x in [c["name"], c["street"], f"{c['postcode']} {c['city']}", c["email"],
                                       c.get("phone"), i18n.gettext("Business ID {id}", lang).format(id=c["business_id"])
                                       if c.get("business_id") else None] if x)
    dpo = ", ".join(x for x in [c.get("dpo_name"), c["dpo_email"], c.get("dpo_phone")] if x)

    def statement(key: str) -> dict:  # a Swedish statement not yet written: the Finnish one
        return (q.one("record_statement", {"key": key, "lang": lang})
                or (q.one("record_statement", {"key": key, "lang": "fi"}) if lang == "sv" else None) or {})

    sec = statement("security_measures")
    no_transfers = statement("transfers_none")
    security = sec.get("body") or i18n.gettext("Not described.", lang)
    rows = []
    counts = q.one("record_counts")
    from . import retention

    none = i18n.gettext("No recipients", lang)
    for p in retention.with_sentences(q, q.all("record_purposes", {"lang": lang})):
        rows.append({
            "key": p["key"],
            "purpose": _fact(p, "name", lang),
            "group": _fact(p, "group", lang) or "",
            "legal_basis": legal_basis_text(p["legal_basis"], lang),
            "legitimate_interest": _fact(p, "legitimate_interest", lang) or "",
            "subjects": _fact(p, "subjects", lang),
            "categories": "; ".join(p["categories"] or []),
            "recipients": "; ".join(p["recipients"] or []) or none,
            "transfers": "; ".join(p["transfers"] or []) or no_transfers.get("body") or i18n.gettext("No transfers", lang),
            "retention": p[f"retention_{lang}"],  # generated from the rule
            "security": security,
            "confirmed": i18n.pgettext("record", "yes", lang) if p["basis_confirmed"] and p["retention_confirmed"]
                         else i18n.gettext("no – proposed, not confirmed", lang),
            # Art. 30(1)(c): web analytics holds visits, not people: say how many visits and addresses
            "people": (_amount(lang, counts["visits"], "visits") + ", " + _amount(lang, counts["addresses"], "addresses"))
                      if p["key"] == "web_analytics" else _amount(lang, int(p["people"]), "people"),
            "controller": controller,
            "dpo": dpo,
        })
    for own in OWN_PROCESSING:
        rows.append({
            "key": own["key"], "purpose": _t(lang, own["purpose"]), "group": i18n.gettext("The register's own processing", lang),
            "legal_basis": legal_basis_text(own["basis"], lang), "legitimate_interest": "",
            "subjects": _t(lang, own["subjects"]), "categories": _t(lang, own["categories"]), "recipients": none,
            "transfers": no_transfers.get("body") or i18n.gettext("No transfers", lang),
            "retention": _t(lang, own["retention"]), "security": security,
            "confirmed": i18n.gettext("as the program works", lang),
            "people": _amount(lang, int(counts[own["count"]]), own["count"]),
            "controller": controller, "dpo": dpo,
        })
    return {"controller": controller, "controller_row": c, "dpo": dpo, "rows": rows, "security": security,
            "security_confirmed": bool(sec.get("confirmed")), "generated_on": dt.date.today(), "lang": lang}


def controller_record(q: Query, fmt: str = "pdf", lang: str = "fi") -> bytes:
    """The Art. 30(1) record as PDF, XLSX or CSV bytes."""
    fmt = (fmt or "pdf").lower()
    if fmt not in FORMATS:
        raise KpError(N_("format: {fmt} is not supported (use pdf, xlsx or csv)"), fmt=repr(fmt))
    data = record_data(q, lang)
    lang = data["lang"]
    if fmt == "pdf":
        from .pdf.record import record_pdf
        return record_pdf(data | {"columns": [(k, i18n.gettext(label, lang)) for k, label in COLUMNS]})
    if fmt == "xlsx":
        return _xlsx(data)
    return _csv(data)


_cell = safety.cell  # text a spreadsheet would run as a formula is kept as text


def _header(lang: str) -> list[str]:
    return [i18n.gettext(label, lang) for _, label in COLUMNS]


def _csv(data: dict) -> bytes:
    lang = data["lang"]
    buf = io.StringIO()
    # Finnish and Swedish Excel in Finland take ';' (the comma is their decimal sign)
    w = csv.writer(buf, delimiter="," if lang == "en" else ";", lineterminator="\r\n")
    w.writerow(_header(lang))
    for r in data["rows"]:
        w.writerow([_cell(r[k]) for k, _ in COLUMNS])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _xlsx(data: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    lang = data["lang"]
    wb = Workbook()
    ws = wb.active
    ws.title = i18n.gettext("Processing activities", lang)
    ws.append(_header(lang))
    for r in data["rows"]:
        ws.append([_cell(r[k]) for k, _ in COLUMNS])
    head = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1D4E89")
    for cell in ws[1]:
        cell.font, cell.fill = head, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = {"purpose": 32, "group": 30, "legal_basis": 30, "legitimate_interest": 40, "subjects": 36, "categories": 34,
              "recipients": 50, "transfers": 36, "retention": 36, "security": 50, "confirmed": 18, "people": 14,
              "controller": 40, "dpo": 30}
    for i, (k, _) in enumerate(COLUMNS, 1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = widths.get(k, 20)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = ws.dimensions
    info = wb.create_sheet(_t(lang, NP_("record column", "Controller")))
    info.append([_t(lang, NP_("record column", "Controller")), data["controller"]])
    info.append([_t(lang, NP_("record column", "Data protection officer")), data["dpo"]])
    info.append([i18n.pgettext("record", "Generated", lang), data["generated_on"].isoformat()])
    info.append([i18n.pgettext("record", "Basis", lang), i18n.gettext("Article 30(1) GDPR", lang)])
    info.column_dimensions["A"].width = 26
    info.column_dimensions["B"].width = 100
    buf = io.BytesIO()
    wb.properties.title = i18n.gettext("Record of processing activities", lang)
    wb.properties.creator = "KuntaPlus DPO register"
    wb.save(buf)
    return buf.getvalue()
