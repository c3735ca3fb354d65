"""The Art. 30(1) record: PDF text, XLSX with one row per purpose, CSV, both languages."""
from __future__ import annotations

import csv
import io
import subprocess

import openpyxl
import pytest

from kpcore.errors import KpError
from kpcore.record import COLUMNS, controller_record


def purposes(reg):
    with reg.read() as q:
        return q.all("purposes")


def test_pdf_carries_every_part_of_art_30_1(reg, tmp_path):
    with reg.write("test", "test.setup") as w:
        w.sql("UPDATE controller SET dpo_name = 'Pekka Väätänen', dpo_phone = '+358401234567'")
        w.sql("""INSERT INTO recipient (id, name, role_fi, role_en, country, outside_eea, safeguard_fi, safeguard_en)
                 VALUES (9, 'Pilvipalvelu Inc.', 'Käsittelijä', 'Processor', 'US', true, 'EU:n vakiolausekkeet', 'EU standard contractual clauses')""")
        w.sql("INSERT INTO recipient_purpose VALUES (9, 'web_analytics')")
    for lang, expect in {"en": ["Record of processing activities", "Article 30(1) GDPR", "Controller and data protection officer",
                                "Legitimate interests (Article 6(1)(f) GDPR)", "Consent (Article 6(1)(a) GDPR)",
                                "Categories of data subjects", "Time limit for erasure", "Transfers outside the EU/EEA",
                                "Pilvipalvelu Inc., US: EU standard contractual clauses", "General description of security measures"],
                         "fi": ["Seloste käsittelytoimista", "30 artiklan 1 kohta", "Rekisterinpitäjä ja tietosuojavastaava",
                                "Henkilötietoryhmät", "Poistamisen määräaika", "Vastaanottajat",
                                "Henkilötietoja ei siirretä Euroopan unionin", "EU:n vakiolausekkeet"]}.items():
        with reg.read() as q:
            data = controller_record(q, "pdf", lang)
        path = tmp_path / f"record-{lang}.pdf"
        path.write_bytes(data)
        assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0
        text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split())
        for e in expect + ["KuntaPlus-projektipalvelu", "Kivikaarenkatu 21", "pekka.vaatanen@kuntaplus.fi", "Pekka Väätänen"]:
            assert e in text, (lang, e)
        for p in purposes(reg):
            assert p[f"name_{lang}"] in text
            assert " ".join(p[f"retention_{lang}"].split()) in text


def test_xlsx_has_one_row_per_purpose(demo_reg):
    with demo_reg.read() as q:
        data = controller_record(q, "xlsx", "en")
        people = {r["purpose"]: r["contacts"] for r in q.all("contacts_per_purpose")}
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == [en for _, _, en in COLUMNS]
    ps = purposes(demo_reg)
    assert len(rows) == 1 + len(ps) == 5
    assert [r[0] for r in rows[1:]] == [p["name_en"] for p in ps]
    by_name = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
    group2 = by_name["Expert-service contact persons – group 2"]
    assert "Phone number" not in group2["Categories of personal data"] and "Email address" in group2["Categories of personal data"]
    assert "Phone number" in by_name["Sales and marketing"]["Categories of personal data"]
    assert by_name["Sales and marketing"]["People in the register"] == people["sales_marketing"]
    assert all(r["Controller"].startswith("KuntaPlus-projektipalvelu") for r in by_name.values())
    assert wb.worksheets[1].title == "Controller"


def test_csv_in_both_languages(reg):
    with reg.read() as q:
        fi = controller_record(q, "csv", "fi").decode("utf-8-sig")
        en = controller_record(q, "csv", "en").decode("utf-8-sig")
    fi_rows = list(csv.reader(io.StringIO(fi), delimiter=";"))
    en_rows = list(csv.reader(io.StringIO(en)))
    ps = purposes(reg)
    assert len(fi_rows) == len(en_rows) == 1 + len(ps)
    assert fi_rows[0][0] == "Käsittelyn tarkoitus" and en_rows[0][0] == "Purpose of processing"
    assert [r[0] for r in fi_rows[1:]] == [p["name_fi"] for p in ps]
    assert all(len(r) == len(COLUMNS) for r in fi_rows + en_rows)


def test_spreadsheet_formulas_in_register_text_stay_text(reg):
    with reg.write("test", "test.setup") as w:
        w.sql("UPDATE purpose SET name_en = '=HYPERLINK(\"http://x\")' WHERE key = 'web_analytics'")
    with reg.read() as q:
        ws = openpyxl.load_workbook(io.BytesIO(controller_record(q, "xlsx", "en"))).worksheets[0]
        text = controller_record(q, "csv", "en").decode("utf-8-sig")
    assert ws.cell(5, 1).value.startswith("'=") and ws.cell(5, 1).data_type == "s"
    assert "'=HYPERLINK" in text


def test_unknown_format_or_language(reg):
    with reg.read() as q:
        with pytest.raises(KpError, match="format"):
            controller_record(q, "docx")
        with pytest.raises(KpError, match="lang"):
            controller_record(q, "csv", "de")


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "csv"])
def test_kp_record_writes_the_controller_record(demo_reg, kp, tmp_path, fmt):
    out = tmp_path / f"record.{fmt}"
    res = kp("record", "--format", fmt, "--lang", "en", "-o", str(out), db_path=demo_reg.path)
    assert res.returncode == 0, res.stderr
    data = out.read_bytes()
    if fmt == "pdf":
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
        assert "Record of processing activities" in text and "Sales and marketing" in text
    elif fmt == "xlsx":
        assert openpyxl.load_workbook(io.BytesIO(data)).worksheets[0].max_row == 1 + len(purposes(demo_reg))
    else:
        assert len(list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))) == 1 + len(purposes(demo_reg))
    with demo_reg.read() as q:
        assert q.sql("SELECT count(*) FROM audit_log WHERE action = 'record.export'").fetchall()[0][0] == 1
