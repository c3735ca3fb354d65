"""Issue #10 §5: each engagement records whose processor KuntaPlus is (the customer's directly, or a
sub-processor engaged by the vendor that delivered the system); the Art. 30(2) record names the
controller and, for sub-processing, the processor that engaged KuntaPlus with its contact, every
word following the role."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess

import pytest

from conftest import app_test
from kpcore import processor_record as PR
from kpcore import processors as P
from kpcore.errors import ValidationFailed

TODAY = dt.date(2026, 11, 24)


def add(reg, **over):
    data = {"customer": "Oriveden kaupunki", "system": "Hankesalkku", "vendor": "Ohjelmistotalo Projekta Oy",
            "service_fi": "Pääkäyttäjätuki", "service_en": "Administrator support", "starts_on": TODAY,
            "customer_contact_name": "Kirsi Kunta", "customer_contact_email": "kirsi@orivesi.fi"}
    data.update(over)
    return P.add_engagement(reg, "test", {k: v for k, v in data.items() if v is not None})


def pdf_text(data: bytes, tmp_path) -> str:
    f = tmp_path / "p.pdf"
    f.write_bytes(data)
    assert subprocess.run(["qpdf", "--check", str(f)], capture_output=True).returncode == 0
    return re.sub(r"\s+", " ", subprocess.run(["pdftotext", str(f), "-"], capture_output=True, text=True).stdout)


def test_a_sub_processor_must_name_the_processor_that_engaged_it_and_its_contact(reg):
    with pytest.raises(ValidationFailed) as exc:
        add(reg, role="sub_processor", engaged_by="Ohjelmistotalo Projekta Oy")
    assert [p.field for p in exc.value.problems] == ["engaged_by_contact"]
    with pytest.raises(ValidationFailed) as exc:
        add(reg, role="processor", engaged_by="Ohjelmistotalo Projekta Oy")
    assert [p.field for p in exc.value.problems] == ["engaged_by"]
    with pytest.raises(ValidationFailed):
        add(reg, role="boss")
    with reg.read() as q:
        assert q.sql("SELECT count(*) FROM processor_engagement").fetchall() == [(0,)]
    eid = add(reg, role="sub_processor", engaged_by="Ohjelmistotalo Projekta Oy",
              engaged_by_contact="Tuki, tuki@projekta.fi")
    with reg.read() as q:
        e = q.one("processor_engagement", {"id": eid})
    assert (e["role"], e["engaged_by"], e["engaged_by_contact"]) == (
        "sub_processor", "Ohjelmistotalo Projekta Oy", "Tuki, tuki@projekta.fi")
    # becoming the customer's own processor clears the engaging processor
    P.update_engagement(reg, "test", eid, {"role": "processor"})
    with reg.read() as q:
        e = q.one("processor_engagement", {"id": eid})
    assert (e["role"], e["engaged_by"], e["engaged_by_contact"]) == ("processor", None, None)


def test_the_30_2_record_names_controller_and_engaging_processor_with_role_words(reg, tmp_path):
    add(reg, role="sub_processor", engaged_by="Ohjelmistotalo Projekta Oy", engaged_by_contact="tuki@projekta.fi")
    add(reg, customer="Nokian kaupunki", system="KuntaProjekti", role="processor",
        customer_contact_email="tietosuoja@nokiankaupunki.fi")
    add(reg, customer="Sastamalan kaupunki", system="Salkku")  # role not recorded yet
    with reg.read() as q:
        fi = pdf_text(PR.record_pdf(q, "fi", TODAY), tmp_path)
        en = pdf_text(PR.record_pdf(q, "en", TODAY), tmp_path)
        header, rows = PR.record_rows(q, "en", TODAY)
    assert "käsittelijänä tai alikäsittelijänä" in fi and "as a processor or sub-processor" in en
    orivesi = fi[fi.index("Oriveden kaupunki"):]
    assert "Alikäsittelijä: KuntaPlussan on ottanut käyttöön alla mainittu käsittelijä" in orivesi
    assert "Käsittelijä, joka on ottanut KuntaPlussan alikäsittelijäksi Ohjelmistotalo Projekta Oy" in orivesi
    assert "Käsittelijän yhteystiedot tuki@projekta.fi" in orivesi
    assert "kirsi@orivesi.fi" in orivesi  # the controller with its contact
    nokia = fi[fi.index("Nokian kaupunki"):fi.index("Oriveden kaupunki")]
    assert "Käsittelijä: asiakas (rekisterinpitäjä) on valtuuttanut KuntaPlussan suoraan" in nokia
    assert "alikäsittelijä" not in nokia.lower()  # no sub-processor word for a direct processor
    sastamala = fi[fi.index("Sastamalan kaupunki"):]
    assert "KuntaPlussan rooli (ei kirjattu)" in sastamala
    assert "Sub-processor: engaged by the processor named below" in en
    assert "The processor that engaged KuntaPlus as sub-processor Ohjelmistotalo Projekta Oy" in en
    assert "Processor: engaged by the customer (the controller) directly" in en
    by_system = {r[header.index("System")]: dict(zip(header, r)) for r in rows}
    assert by_system["Hankesalkku"]["KuntaPlus's role"] == "sub-processor"
    assert by_system["Hankesalkku"]["Processor that engaged KuntaPlus"] == "Ohjelmistotalo Projekta Oy"
    assert by_system["KuntaProjekti"]["KuntaPlus's role"].startswith("processor")
    assert by_system["Salkku"]["KuntaPlus's role"] == "not recorded"


def test_cli_add_and_update_set_the_role(reg, kp):
    res = kp("processor", "add", "--customer", "Oriveden kaupunki", "--system", "Hankesalkku", "--vendor", "Projekta",
             "--service", "Tuki", "--role", "sub_processor", "--engaged-by", "Projekta", db_path=reg.path)
    assert res.returncode == 1 and "engaging processor's contact" in res.stderr and "Traceback" not in res.stderr  # by its name
    res = kp("processor", "add", "--customer", "Oriveden kaupunki", "--system", "Hankesalkku", "--vendor", "Projekta",
             "--service", "Tuki", "--role", "sub_processor", "--engaged-by", "Projekta",
             "--engaged-by-contact", "tuki@projekta.fi", db_path=reg.path)
    assert res.returncode == 0, res.stderr
    with reg.read() as q:
        eid = q.sql("SELECT max(id) FROM processor_engagement").fetchall()[0][0]
    assert kp("processor", "update", str(eid), "--role", "processor", db_path=reg.path).returncode == 0
    with reg.read() as q:
        e = q.one("processor_engagement", {"id": eid})
    assert (e["role"], e["engaged_by"]) == ("processor", None)
    res = kp("record", "--processor", "--format", "csv", "--lang", "fi", "-o", "-", db_path=reg.path)
    rows = list(csv.reader(io.StringIO(res.stdout.lstrip("\ufeff")), delimiter=";"))
    assert "KuntaPlussan rooli" in rows[0] and rows[1][rows[0].index("KuntaPlussan rooli")].startswith("käsittelijä")


def test_view_edits_the_role(reg):
    eid = add(reg)
    at = app_test("processors", reg.path, lang="fi")
    at.query_params["engagement"] = str(eid)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.selectbox(key="proc_edit_role").set_value("sub_processor")
    at.text_input(key="proc_edit_engaged_by").input("Ohjelmistotalo Projekta Oy")
    at.text_input(key="proc_edit_engaged_by_contact").input("tuki@projekta.fi")
    next(b for b in at.button if getattr(b, "form_id", None) == "proc_edit").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    with reg.read() as q:
        e = q.one("processor_engagement", {"id": eid})
    assert (e["role"], e["engaged_by"], e["engaged_by_contact"]) == (
        "sub_processor", "Ohjelmistotalo Projekta Oy", "tuki@projekta.fi")
