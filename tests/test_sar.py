"""The Art. 15 access report: the person's own data and every item Art. 15 asks for, in
Finnish and English; the nothing-held and processor-role letters; portability; audit."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import ROOT
from kpcore import notice, requests as reqs
from kpcore import sar

D = dt.date
TODAY = D(2026, 11, 24)
IP = "91.152.34.77"


def text_of(pdf: bytes) -> str:
    """The PDF's text, after qpdf --check has accepted the file (qpdf cannot read stdin: on
    f5bb249 this ran `qpdf --check -` and ignored the failure, so no PDF was really checked)."""
    assert pdf.startswith(b"%PDF")
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "check.pdf"
        f.write_bytes(pdf)
        check = subprocess.run(["qpdf", "--check", str(f)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout[-500:] + check.stderr[-500:]
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return re.sub(r"\s+", " ", out)


def qpdf_ok(pdf: bytes, tmp_path) -> None:
    f = tmp_path / "check.pdf"
    f.write_bytes(pdf)
    res = subprocess.run(["qpdf", "--check", str(f)], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


@pytest.fixture
def person(reg):
    """Łukasz Żółć in two purposes, with web visits from his IP, who asked for access."""
    with reg.write("t", "test.person") as w:
        cid = w.sql("INSERT INTO contact (email, name, phone, organisation, title) VALUES ('lukasz.zolc@tampere.fi', "
                    "'Łukasz Żółć', '+48601234567', 'Tampereen kaupunki, Tilapalvelut', 'Konsultti <b>&') "
                    "RETURNING id").fetchall()[0][0]
        w.sql("INSERT INTO contact_purpose (contact_id, purpose, source, collected_on, notice_sent_on) VALUES "
              "(?, 'sales_marketing', 'public', DATE '2026-05-04', DATE '2026-05-20'), "
              "(?, 'expert_admin', 'direct', DATE '2026-07-01', DATE '2026-07-01')", [cid, cid])
        w.sql("INSERT INTO web_visit VALUES (TIMESTAMP '2026-11-10 08:15:00', ?, false, 'Firefox/142.0', '/koulutukset'),"
              " (TIMESTAMP '2026-11-12 14:02:00', ?, false, 'Firefox/142.0', '/tietosuojaseloste'),"
              " (TIMESTAMP '2026-11-12 14:03:00', '10.0.0.1', false, 'Chrome', '/palvelut')", [IP, IP])
    r = reqs.add(reg, "dpo", type="access", email="lukasz.zolc@tampere.fi", name="Łukasz Żółć", ip=IP,
                 received_on=D(2026, 10, 20), today=D(2026, 10, 20))
    reqs.extend(reg, "dpo", r["id"], reason="Tiedot on koottava useasta järjestelmästä.", on=D(2026, 11, 2),
                today=D(2026, 11, 2))
    reqs.confirm_ip(reg, "dpo", r["id"], on=D(2026, 11, 3), today=D(2026, 11, 3))  # his own address: visits go in
    return {"id": cid, "request": r["id"]}


# Art. 15 item -> what the report must say (fi, en)
ITEMS = {
    "confirmation": ("käsittelee sinua koskevia henkilötietoja", "processes personal data concerning you"),
    "copy: name": ("Łukasz Żółć", "Łukasz Żółć"),
    "copy: email": ("lukasz.zolc@tampere.fi", "lukasz.zolc@tampere.fi"),
    "copy: phone": ("+48601234567", "+48601234567"),
    "copy: organisation": ("Tampereen kaupunki, Tilapalvelut", "Tampereen kaupunki, Tilapalvelut"),
    "copy: title (escaped markup)": ("Konsultti <b>&", "Konsultti <b>&"),
    "purpose 1": ("Myynti ja markkinointi", "Sales and marketing"),
    "purpose 2": ("Asiantuntijapalveluiden yhteyshenkilöt – ryhmä 1", "Expert-service contact persons – group 1"),
    "purpose 3 (web visits)": ("Verkkovierailujen analytiikka ja statistiikka", "Web visit analytics and statistics"),
    "legal basis": ("Rekisterinpitäjän oikeutettu etu (6 artiklan 1 kohdan f alakohta)",
                    "Legitimate interests (Article 6(1)(f) GDPR)"),
    "consent basis of web analytics": ("Suostumus (tietosuoja-asetuksen 6 artiklan 1 kohdan a alakohta)",
                                       "Consent (Article 6(1)(a) GDPR)"),
    "legitimate interest": ("Asiakassuhteen hoitaminen", "Managing customer relationships"),
    "categories": ("Puhelinnumero, Sähköpostiosoite, Nimi, Organisaatio, Titteli",
                   "Phone number, Email address, Name, Organisation, Title"),
    "source of link 1 and date": ("Julkiset lähteet", "Public sources"),
    "collected date": ("4.5.2026", "4.5.2026"),
    "source of link 2": ("Yhteydenotot", "Contacts with us"),
    "recipients": ("Asiakkuudenhallintajärjestelmän (CRM) ja palvelinten ylläpitäjä",
                   "Operator of the customer relationship management system (CRM) and the servers"),
    "transfers": ("ei siirretä Euroopan unionin", "not transferred outside the European Union"),
    "retention": ("Kolme vuotta viimeisestä yhteydenotosta", "Three years from the last contact"),
    "rights": ("vaatia virheellisten tietojen oikaisemista", "to have inaccurate data rectified"),
    "right to erasure": ("poistamista", "erasure"),
    "restriction": ("rajoittamista", "restriction"),
    "objection (Art. 21(4), own heading)": ("Oikeus vastustaa käsittelyä Kun käsittelemme tietojasi oikeutetun etumme",
                                            "Right to object Where we process your data on the basis of our legitimate"),
    "portability (consent or contract)": ("perustuu suostumukseesi tai sopimukseen", "based on your consent or on a contract"),
    "direct marketing objection": ("kieltää tietojesi käyttö suoramarkkinointiin", "object at any time to the use"),
    "complaint right": ("Tietosuojavaltuutetun toimisto", "Office of the Data Protection Ombudsman"),
    "authority contact": ("Lintulahdenkuja 4", "Lintulahdenkuja 4"),
    "authority phone": ("029 566 6700", "29 566 6700"),
    "automated decisions": ("automaattiseen päätöksentekoon", "automated decision-making"),
    "date of receipt": ("20.10.2026", "20.10.2026"),
    "date of the answer": ("24.11.2026", "24.11.2026"),
    "extension and its reason": ("Tiedot on koottava useasta järjestelmästä", "Tiedot on koottava useasta järjestelmästä"),
    "web visits": ("/tietosuojaseloste", "/tietosuojaseloste"),
    "controller": ("Kivikaarenkatu 21", "Kivikaarenkatu 21"),
}


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_report_names_the_person_and_every_art15_item(reg, person, lang, tmp_path):
    with reg.read() as q:
        pdf = sar.report_pdf(q, "Lukasz.Zolc@tampere.fi", lang=lang, request_id=person["request"], ip=IP, today=TODAY)
    qpdf_ok(pdf, tmp_path)
    text = text_of(pdf)
    missing = [item for item, words in ITEMS.items() if words[0 if lang == "fi" else 1] not in text]
    assert not missing, missing
    assert "/palvelut" not in text  # another IP's visit is not theirs
    assert ("Pidennetty 2.11.2026" if lang == "fi" else "Extended on 2.11.2026") in text
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True).stdout.decode()
    assert "Helvetica" not in fonts


def test_group2_person_gets_only_their_purposes_recipients_and_no_web_section(reg, tmp_path):
    with reg.write("t", "test.person") as w:
        cid = w.sql("INSERT INTO contact (email, name) VALUES ('aino@kangasala.fi', 'Aino Ahola') RETURNING id").fetchall()[0][0]
        w.sql("INSERT INTO contact_purpose (contact_id, purpose, source, collected_on, notice_sent_on, created_at) VALUES (?, 'expert_user', 'partner', DATE '2026-02-01', NULL, current_timestamp)",
              [cid])
    with reg.read() as q:
        text = text_of(sar.report_pdf(q, "aino@kangasala.fi", lang="en", today=TODAY))
    assert "Aino Ahola" in text and "Expert-service contact persons – group 2" in text
    assert "Sales and marketing" not in text and "Provider of the web analytics service" not in text
    assert "Email address, Name, Organisation, Title" in text and "Phone number" not in text.split("4. Categories")[1][:200]
    assert "Partner" in text and "website visits" not in text.lower()
    assert "for direct marketing" not in text  # not in a direct-marketing purpose


def test_nothing_held_is_confirmed(reg, tmp_path):
    r = reqs.add(reg, "dpo", type="access", email="kalle.kysyja@example.fi", name="Kalle Kysyjä", received_on=TODAY,
                 today=TODAY)
    with reg.read() as q:
        pdf = sar.report_pdf(q, "kalle.kysyja@example.fi", lang="fi", request_id=r["id"], ip="1.2.3.4", today=TODAY)
        en = text_of(sar.report_pdf(q, "kalle.kysyja@example.fi", lang="en", today=TODAY))
    qpdf_ok(pdf, tmp_path)
    text = text_of(pdf)
    assert "ei käsittele sinua koskevia henkilötietoja" in text and "kalle.kysyja@example.fi" in text
    assert "1.2.3.4" in text and "Tietosuojavaltuutetun toimisto" in text and "Kalle Kysyjä" in text
    assert "does not process personal data concerning you" in en


def test_processor_role_names_the_customer_as_controller_and_the_request_passed_on(reg, tmp_path):
    with reg.write("t", "test.customer") as w:
        cust = w.sql("INSERT INTO customer (name, contact_email, dpo_email) VALUES ('Nokian kaupunki', "
                     "'juha.mattila@nokiankaupunki.fi', 'tietosuoja@nokiankaupunki.fi') RETURNING id").fetchall()[0][0]
        w.sql("INSERT INTO processor_engagement (customer_id, system, vendor, service_fi, service_en, starts_on) "
              "VALUES (?, 'KuntaProjekti', 'Infrasoft Oy', 'tuki', 'support', DATE '2025-01-01')", [cust])
    with reg.read() as q:
        data = sar.collect(q, "maija.user@nokiankaupunki.fi", today=TODAY)
        fi = text_of(sar.report_pdf(q, "maija.user@nokiankaupunki.fi", lang="fi", today=TODAY))
        en = text_of(sar.report_pdf(q, "maija.user@nokiankaupunki.fi", lang="en", today=TODAY))
    assert data["case"] == "processor"
    for text in (fi, en):
        assert "Nokian kaupunki" in text and "KuntaProjekti" in text and "tietosuoja@nokiankaupunki.fi" in text
    assert "Rekisterinpitäjä on asiakas" in fi or "rekisterinpitäjä on asiakas" in fi
    # nothing recorded yet: the letter says the request WILL be passed on, never that it was
    assert "Välitämme pyyntösi asiakkaalle viipymättä" in fi and "välittäneet" not in fi and "Välitimme" not in fi
    assert "The customer is the controller" in en and "We will pass your request on" in en and "passed your" not in en
    r = reqs.add(reg, "dpo", type="access", email="maija.user@nokiankaupunki.fi", received_on=TODAY, today=TODAY)
    pdf = sar.generate(reg, "dpo", "maija.user@nokiankaupunki.fi", request_id=r["id"], today=TODAY,
                       allow_unconfirmed=True)
    assert "Välitämme pyyntösi" in text_of(pdf)
    with reg.read() as q:
        events = reqs.get(q, r["id"])["events"]
    assert [e["action"] for e in events] == ["received", "report_built"]  # building it passed nothing on
    reqs.record_forwarding(reg, "dpo", r["id"], to="Nokian kaupunki, tietosuoja@nokiankaupunki.fi", on=TODAY,
                           today=TODAY)
    with reg.read() as q:
        fi = text_of(sar.report_pdf(q, "maija.user@nokiankaupunki.fi", lang="fi", request_id=r["id"], today=TODAY))
        en = text_of(sar.report_pdf(q, "maija.user@nokiankaupunki.fi", lang="en", request_id=r["id"], today=TODAY))
        events = reqs.get(q, r["id"])["events"]
    assert "Välitimme pyyntösi asiakkaalle 24.11.2026 (vastaanottaja: Nokian kaupunki, tietosuoja@nokiankaupunki.fi)" in fi
    assert "We passed your request on to the customer on 24.11.2026 (to: Nokian kaupunki" in en
    assert "Välitämme" not in fi and "will pass" not in en
    assert events[-1]["action"] == "passed_to_controller" and "nokian" not in (events[-1]["note"] or "").lower()


def test_many_visits_are_counted_the_latest_listed_all_exported(reg, person, tmp_path):
    with reg.write("t", "test.visits") as w:
        w.sql("INSERT INTO web_visit SELECT TIMESTAMP '2026-11-01' + INTERVAL (i) MINUTE, ?, false, 'Firefox', '/blogi' "
              "FROM range(1200) t(i)", [IP])
    with reg.read() as q:
        pdf = sar.report_pdf(q, "lukasz.zolc@tampere.fi", lang="en", ip=IP, today=TODAY, ip_confirmed=True)
    qpdf_ok(pdf, tmp_path)
    text = text_of(pdf)
    assert "holds 1202 visits from the IP address you gave (1.11.2026 00:00 – 12.11.2026 14:02)" in text
    assert "latest 100 visits" in text and "12.11.2026 14:02" in text
    pages = int(re.search(r"Page 1 / (\d+)", text).group(1))
    assert pages >= 3 and f"Page {pages} / {pages}" in text
    with reg.read() as q:
        assert len(json.loads(sar.portability_json(q, "lukasz.zolc@tampere.fi", ip=IP, ip_confirmed=True))["web_visits"]) == 1202


def test_generate_writes_an_audit_event_without_personal_data_and_can_close_the_request(reg, person):
    notice.confirm_all(reg, "dpo")
    pdf = sar.generate(reg, "dpo", "lukasz.zolc@tampere.fi", lang="fi", request_id=person["request"], ip=IP,
                       mark_answered=True)
    assert "Łukasz Żółć" in text_of(pdf)
    with reg.read() as q:
        ev = q.sql("SELECT action, object_type, object_id, detail FROM audit_log WHERE action = 'sar.report'").fetchall()
        r = reqs.get(q, person["request"])
    assert len(ev) == 1 and ev[0][1:3] == ("request", str(person["request"]))
    assert json.loads(ev[0][3])["contact_id"] == person["id"]
    blob = json.dumps(ev, default=str).lower()
    assert "lukasz" not in blob and "żółć" not in blob and IP not in blob
    assert r["status"] == "completed" and r["answered_on"] == dt.date.today()
    assert [e["action"] for e in r["events"]][-2:] == ["report_built", "completed"]


def test_portability_json_and_csv(reg, person):
    with reg.read() as q:
        data = json.loads(sar.portability_json(q, "lukasz.zolc@tampere.fi", ip=IP, ip_confirmed=True))
        rows = list(csv.reader(io.StringIO(sar.portability_csv(q, "lukasz.zolc@tampere.fi", ip=IP,
                                                               ip_confirmed=True).decode("utf-8-sig"))))
    assert data["person"]["name"] == "Łukasz Żółć" and data["person"]["phone"] == "+48601234567"
    assert {p["purpose"] for p in data["purposes"]} == {"sales_marketing", "expert_admin"}
    assert [v["page"] for v in data["web_visits"]] == ["/koulutukset", "/tietosuojaseloste"]
    assert rows[0] == ["section", "item", "field", "value"]
    assert ["person", "1", "name", "Łukasz Żółć"] in rows
    assert ["purposes", "2", "source", "direct"] in rows


def test_kp_sar_writes_the_pdf_and_imports_neither_pandas_nor_streamlit(reg, person, tmp_path):
    out = tmp_path / "sar.pdf"
    code = ("import sys, runpy; sys.argv = ['kp'] + sys.argv[1:]\n"
            "from kpcore.cli import main\n"
            "rc = main(sys.argv[1:])\n"
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('pandas', 'streamlit', 'pyarrow'))\n"
            "print('HEAVY', heavy)\nsys.exit(rc)")
    res = subprocess.run([sys.executable, "-c", code, "sar", "lukasz.zolc@tampere.fi", "--lang", "en", "-o", str(out),
                          "--allow-unconfirmed", "--ip", IP, "--request", str(person["request"]), "--db", str(reg.path)],
                         capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    assert "HEAVY []" in res.stdout
    text = text_of(out.read_bytes())
    assert "Łukasz Żółć" in text and "/koulutukset" in text
    res = subprocess.run([sys.executable, "-m", "kpcore.cli", "sar", "lukasz.zolc@tampere.fi", "--format", "json",
                          "-o", "-", "--db", str(reg.path)], capture_output=True, text=True, cwd=ROOT)
    assert json.loads(res.stdout)["person"]["email"] == "lukasz.zolc@tampere.fi"
