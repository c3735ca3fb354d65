"""The Art. 30(1) record: PDF text, XLSX with one row per purpose, CSV, both languages."""
from __future__ import annotations

import csv
import io
import subprocess

import openpyxl
import pytest

from kpcore import i18n
from kpcore.errors import KpError
from kpcore.record import COLUMNS, OWN_PROCESSING, controller_record, record_data


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
    assert list(rows[0]) == [i18n.gettext(label, "en") for _, label in COLUMNS]
    ps = purposes(demo_reg)
    assert len(rows) == 1 + len(ps) + len(OWN_PROCESSING) == 9
    assert [r[0] for r in rows[1:1 + len(ps)]] == [p["name_en"] for p in ps]
    by_name = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
    group2 = by_name["Expert-service contact persons – group 2"]
    assert "Phone number" not in group2["Categories of personal data"] and "Email address" in group2["Categories of personal data"]
    assert "Phone number" in by_name["Sales and marketing"]["Categories of personal data"]
    n = people["sales_marketing"]
    assert by_name["Sales and marketing"]["Held in the register"] == f"{n:,} {'person' if n == 1 else 'people'}"
    assert all(r["Controller"].startswith("KuntaPlus-projektipalvelu") for r in by_name.values())
    assert wb.worksheets[1].title == "Controller"


def test_csv_in_both_languages(reg):
    with reg.read() as q:
        fi = controller_record(q, "csv", "fi").decode("utf-8-sig")
        en = controller_record(q, "csv", "en").decode("utf-8-sig")
    fi_rows = list(csv.reader(io.StringIO(fi), delimiter=";"))
    en_rows = list(csv.reader(io.StringIO(en)))
    ps = purposes(reg)
    assert len(fi_rows) == len(en_rows) == 1 + len(ps) + len(OWN_PROCESSING)
    assert fi_rows[0][0] == "Käsittelyn tarkoitus" and en_rows[0][0] == "Purpose of processing"
    assert [r[0] for r in fi_rows[1:1 + len(ps)]] == [p["name_fi"] for p in ps]
    assert all(len(r) == len(COLUMNS) for r in fi_rows + en_rows)


def test_record_in_swedish(reg, tmp_path):
    """Issue 18 §2: the Art. 30(1) record in Swedish (PDF, CSV, XLSX): the labels from the catalogs,
    the facts' Swedish where the register has it, no Finnish or English label left."""
    with reg.write("test", "test.setup") as w:
        w.sql("""INSERT INTO recipient (id, name, role_fi, role_en, role_sv, country, outside_eea, safeguard_fi,
                 safeguard_en, safeguard_sv) VALUES (9, 'Pilvipalvelu Inc.', 'Käsittelijä', 'Processor',
                 'Personuppgiftsbiträde', 'US', true, 'EU:n vakiolausekkeet', 'EU standard contractual clauses',
                 'EU:s standardavtalsklausuler')""")
        w.sql("INSERT INTO recipient_purpose VALUES (9, 'web_analytics')")
    with reg.read() as q:
        pdf = controller_record(q, "pdf", "sv")
        rows = list(csv.reader(io.StringIO(controller_record(q, "csv", "sv").decode("utf-8-sig")), delimiter=";"))
        wb = openpyxl.load_workbook(io.BytesIO(controller_record(q, "xlsx", "sv")))
    path = tmp_path / "record-sv.pdf"
    path.write_bytes(pdf)
    assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split())
    for e in ("Register över behandling", "Artikel 30.1 i dataskyddsförordningen", "Personuppgiftsansvarig och dataskyddsombud",
              "Behandlingar", "Kategorier av registrerade", "Tidsfrist för radering", "Överföringar utanför EU/EES",
              "Allmän beskrivning av säkerhetsåtgärderna (art. 32)", "Samtycke (artikel 6.1 a i dataskyddsförordningen)",
              "Pilvipalvelu Inc. (Personuppgiftsbiträde)", "Pilvipalvelu Inc., US: EU:s standardavtalsklausuler",
              "Registrets egen behandling", "Behandling av de registrerades begäranden", "Sida 1 /"):
        assert e in text, e
    for p in purposes(reg):
        assert p["name_sv"] in text and " ".join(p["retention_sv"].split()) in text
    for word in ("Seloste", "Rekisterinpitäjä", "Vastaanottajat", "kyllä", "ehdotus", "Sivu", "Record of", "Controller",
                 "Recipients", "Legal basis", "proposed", "Page", "Käsittelijä", "vakiolausekkeet"):
        assert word not in text, word
    assert rows[0][0] == "Ändamål med behandlingen" and len(rows) == 1 + len(purposes(reg)) + len(OWN_PROCESSING)
    assert [r[0] for r in rows[1:1 + len(purposes(reg))]] == [p["name_sv"] for p in purposes(reg)]
    assert wb.worksheets[0].title == "Behandlingar" and wb.worksheets[1].title == "Personuppgiftsansvarig"


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
        assert openpyxl.load_workbook(io.BytesIO(data)).worksheets[0].max_row == 1 + len(purposes(demo_reg)) + 4
    else:
        assert len(list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))) == 1 + len(purposes(demo_reg)) + 4
    with demo_reg.read() as q:
        assert q.sql("SELECT count(*) FROM audit_log WHERE action = 'record.export'").fetchall()[0][0] == 1


# -- issue #10 §5: the register's own processing and what web analytics holds ---------------------

@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_record_lists_the_registers_own_processing_each_with_purpose_basis_categories_retention(reg, lang):
    from kpcore import auth, requests as reqs
    import datetime as dt

    auth.add_user(reg, "pekka", "dpo", "salasana-pitka-1")
    reqs.add(reg, "dpo", type="access", email="a@b.fi", received_on=dt.date(2026, 11, 2), today=dt.date(2026, 11, 2))
    with reg.read() as q:
        data = record_data(q, lang)
        audit_events = q.sql("SELECT count(*) FROM audit_log").fetchall()[0][0]
    own = {r["key"]: r for r in data["rows"] if r["key"].startswith("own_")}
    assert list(own) == ["own_requests", "own_suppression", "own_users", "own_audit"]
    basis = {"fi": "Lakisääteinen velvoite", "sv": "Rättslig förpliktelse", "en": "Legal obligation"}[lang]
    for r in own.values():
        assert r["purpose"] and r["subjects"] and r["categories"] and r["retention"], r["key"]
        assert r["legal_basis"].startswith(basis)
    words = {"fi": ("1 pyyntö", "0 tiivistettä", "1 käyttäjä"), "sv": ("1 begäran", "0 hashvärden", "1 användare"),
             "en": ("1 request", "0 hashes", "1 user")}[lang]
    assert (own["own_requests"]["people"], own["own_suppression"]["people"], own["own_users"]["people"]) == words
    assert own["own_audit"]["people"].startswith(f"{audit_events:,}".replace(",", "," if lang == "en" else " "))
    assert {"fi": "pyynnöstä poistetaan nimi", "sv": "tas namn, e-postadress",
            "en": "the request's name, email address"}[lang] in own["own_requests"]["retention"]
    assert {"fi": "avaimellinen tiiviste", "sv": "nycklat hashvärde", "en": "keyed hash"}[lang] in own["own_suppression"]["categories"]


def test_web_analytics_row_counts_visits_and_distinct_addresses_not_people(reg, tmp_path):
    with reg.write("test", "test.visits") as w:
        w.sql("INSERT INTO web_visit SELECT TIMESTAMP '2026-11-01' + INTERVAL (i) MINUTE, "
              "'10.0.0.' || (i % 3), false, 'Firefox', '/' FROM range(7) t(i)")
    with reg.read() as q:
        fi = {r["key"]: r for r in record_data(q, "fi")["rows"]}
        en = {r["key"]: r for r in record_data(q, "en")["rows"]}
        pdf = controller_record(q, "pdf", "fi")
    assert fi["web_analytics"]["people"] == "7 käyntiä, 3 eri IP-osoitetta"
    assert en["web_analytics"]["people"] == "7 visits, 3 distinct IP addresses"
    assert fi["sales_marketing"]["people"] == "0 henkilöä"
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split())
    assert "7 käyntiä, 3 eri IP-osoitetta" in text and "Rekisterin oma käsittely" in text
    assert "Rekisteröityjen pyyntöjen käsittely" in text and "Rekisterin käsittelytoimien kirjaaminen" in text
