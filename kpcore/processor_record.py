"""The record of processing activities KuntaPlus keeps as a processor (Art. 30(2)): for each
controller (customer) its engagements, with the categories, the processing, the agreement and
its sub-processor authorisation, transfers and security measures; as data (`record_data`), PDF
(kpcore.pdf.processor_record), CSV and XLSX (register text stays text: #15 §2).

The engagements themselves are kpcore.processors'.
"""
from __future__ import annotations

import datetime as dt

from . import i18n, safety
from .i18n import N_, NP_
from .db import Query
from .errors import ValidationFailed
from .processors import (AUTHORISATION_TEXT, CUSTOMER_LABELS, DECISION_TEXT, ROLE_TEXT, STATUS_TEXT, _today, label,
                         problem, text_in)

def record_data(q: Query, lang: str = "fi", today: dt.date | None = None) -> dict:
    """What the Art. 30(2) processor record says, in one language (no rendering)."""
    if lang not in i18n.LANGS:
        raise ValidationFailed([problem("lang", N_("must be fi, sv or en"))])
    today = _today(today)
    # an engagement's texts in the record's language; a Swedish one not yet written: the Finnish
    # (processors.text_in), as the Swedish statements below
    sfx = "_" + lang
    cats: dict[int, list[str]] = {}
    for r in q.all("processor_record_categories"):
        cats.setdefault(r["engagement_id"], []).append(r["name" + sfx])
    by_customer: dict[int, list[dict]] = {}
    for e in q.all("processor_record_engagements"):
        by_customer.setdefault(e["customer_id"], []).append({
            "id": e["id"], "system": e["system"], "vendor": e["vendor"], "service": text_in(e, "service", lang),
            "subjects": text_in(e, "subjects", lang), "categories": cats.get(e["id"], []),
            "status": label(STATUS_TEXT, e["status"], lang), "starts_on": e["starts_on"], "ends_on": e["ends_on"],
            "agreement_ref": e["agreement_ref"], "agreement_signed_on": e["agreement_signed_on"],
            "authorisation": label(AUTHORISATION_TEXT, e["authorisation"], lang),
            "authorised_by": e["authorised_by"], "authorised_on": e["authorised_on"],
            "transfers": text_in(e, "transfers", lang), "security": text_in(e, "security", lang),
            "end_decision": label(DECISION_TEXT, e["end_decision"], lang), "end_decision_on": e["end_decision_on"],
            "role": e.get("role"), "role_text": label(ROLE_TEXT, e.get("role"), lang) if e.get("role") else None,
            "engaged_by": e.get("engaged_by"), "engaged_by_contact": e.get("engaged_by_contact")})
    def stmt(key: str):  # a Swedish statement not yet written: the Finnish one
        return (q.one("processor_statement", {"key": key, "lang": lang})
                or (q.one("processor_statement", {"key": key, "lang": "fi"}) if lang == "sv" else None))

    statement, transfers_none = stmt("security_measures"), stmt("transfers_none")
    role, creds = stmt("processor_role"), stmt("processor_credentials")
    return {
        "lang": lang, "today": today, "processor": q.one("controller"),
        "controllers": [{**c, "engagements_list": by_customer.get(c["id"], [])} for c in q.all("processor_record_customers")],
        "security": statement["body"] if statement else None,
        "transfers_none": transfers_none["body"] if transfers_none else None,
        "role": role["body"] if role else None,
        "credentials": creds["body"] if creds else None,
    }


def record_pdf(q: Query, lang: str = "fi", today: dt.date | None = None) -> bytes:
    """The Art. 30(2) processor record as a PDF (Finnish, Swedish or English)."""
    from .pdf.processor_record import build_processor_record

    return build_processor_record(record_data(q, lang, today))


# column key -> its heading (an English msgid, kpcore.i18n)
RECORD_COLUMNS = {
    "controller": NP_("processor record column", "Controller (customer)"),
    "business_id": CUSTOMER_LABELS["business_id"],
    "address": CUSTOMER_LABELS["address"],
    "contact": CUSTOMER_LABELS["contact_name"],
    "contact_email": CUSTOMER_LABELS["contact_email"],
    "dpo": CUSTOMER_LABELS["dpo_name"],
    "dpo_email": CUSTOMER_LABELS["dpo_email"],
    "system": NP_("processor record column", "System"),
    "vendor": NP_("processor record column", "Software vendor"),
    "role": NP_("processor record column", "KuntaPlus's role"),
    "engaged_by": NP_("processor record column", "Processor that engaged KuntaPlus"),
    "engaged_by_contact": NP_("processor record column", "That processor's contact"),
    "service": NP_("processor record column", "Nature and purpose of processing"),
    "categories": NP_("processor record column", "Categories of personal data"),
    "subjects": NP_("processor record column", "Categories of data subjects"),
    "period": NP_("processor record column", "Period"),
    "status": NP_("processor record column", "Status"),
    "agreement": NP_("processor record column", "Processing agreement"),
    "authorisation": NP_("processor record column", "Sub-processor authorisation"),
    "transfers": NP_("processor record column", "Transfers outside the EU/EEA"),
    "security": NP_("processor record column", "Security measures"),
}


def record_rows(q: Query, lang: str = "fi", today: dt.date | None = None) -> tuple[list[str], list[list[str]]]:
    """The record as one row per engagement (for CSV and XLSX), with a header in `lang`."""
    data = record_data(q, lang, today)
    none = i18n.pgettext("processor record", "none", lang)
    header = [label(RECORD_COLUMNS, k, lang) for k in RECORD_COLUMNS]
    rows = []
    for c in data["controllers"]:
        for e in c["engagements_list"] or [None]:
            base = [c["name"], c["business_id"] or "", c["address"] or "", c["contact_name"] or "",
                    c["contact_email"] or "", c["dpo_name"] or "", c["dpo_email"] or ""]
            if e is None:
                rows.append(base + [""] * (len(header) - len(base)))
                continue
            period = f"{e['starts_on']} – {e['ends_on'] or ''}".strip()
            agreement = " ".join(str(x) for x in (e["agreement_ref"], e["agreement_signed_on"]) if x) or none
            auth = " ".join(str(x) for x in (e["authorisation"], e["authorised_by"], e["authorised_on"]) if x) or none
            role = e["role_text"] or i18n.pgettext("processor record", "not recorded", lang)
            rows.append(base + [e["system"], e["vendor"], role, e["engaged_by"] or "", e["engaged_by_contact"] or "",
                                e["service"], ", ".join(e["categories"]), e["subjects"],
                                period, e["status"], agreement, auth, e["transfers"] or data["transfers_none"] or none,
                                e["security"] or data["security"] or ""])
    return header, rows


def record_csv(q: Query, lang: str = "fi", today: dt.date | None = None) -> bytes:
    import csv
    import io

    header, rows = record_rows(q, lang, today)
    buf = io.StringIO()
    wr = csv.writer(buf, delimiter="," if lang == "en" else ";")  # Excel in Finland: ';' (fi and sv)
    wr.writerow(header)
    wr.writerows(safety.row(r) for r in rows)  # a value starting with =, +, -, @ is never a formula (#15 §2)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 as written


def record_xlsx(q: Query, lang: str = "fi", today: dt.date | None = None) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    header, rows = record_rows(q, lang, today)
    wb = Workbook()
    ws = wb.active
    ws.title = i18n.pgettext("sheet name", "Record 30(2)", lang)
    ws.append(header)
    for r in rows:
        ws.append(r)
    for row in ws.iter_rows(min_row=2):
        for cell in row:  # openpyxl makes a string starting with '=' a formula: register text stays text
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for col in ws.columns:
        ws.column_dimensions[col[0].column_letter].width = 28
        for cell in col:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
