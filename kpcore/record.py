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

from .db import Query
from .errors import KpError
from .models import LEGAL_BASIS_TEXT

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
    ("people", "Henkilöitä rekisterissä", "People in the register"),
    ("controller", "Rekisterinpitäjä", "Controller"),
    ("dpo", "Tietosuojavastaava", "Data protection officer"),
]


def _t(lang: str, fi: str, en: str) -> str:
    return en if lang == "en" else fi


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
    from . import retention

    for p in retention.with_sentences(q, q.all("record_purposes", {"lang": lang})):
        basis_fi, basis_en = LEGAL_BASIS_TEXT.get(p["legal_basis"], (p["legal_basis"], p["legal_basis"]))
        group = p["group_en"] if lang == "en" else p["group_fi"]
        rows.append({
            "key": p["key"],
            "purpose": p["name_en"] if lang == "en" else p["name_fi"],
            "group": group or "",
            "legal_basis": _t(lang, basis_fi, basis_en),
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
            "people": int(p["people"]),
            "controller": controller,
            "dpo": dpo,
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
        return record_pdf(data)
    if fmt == "xlsx":
        return _xlsx(data)
    return _csv(data)


def _cell(value):
    """Text a spreadsheet would run as a formula (=, +, -, @) is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


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
