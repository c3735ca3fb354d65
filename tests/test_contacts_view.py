"""The contacts view as a DPO uses it (AppTest): the import tab (a valid file, a bad file, skipping
bad rows, people on the suppression list), the Art. 14 tab's bulk dating with its question, the
CSV export's content and the person page's forms. Each test checks what the view SHOWS and what
the register then holds, not only that the script ran (issue 17 §7)."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from conftest import app_test, shown
from kpcore import contacts as kc
from kpcore import imports, suppression

TODAY = dt.date.today()
D = lambda days: (TODAY - dt.timedelta(days=days)).strftime("%d.%m.%Y")  # noqa: E731
HEADER = "nimi;sähköposti;puhelin;organisaatio;titteli;käyttötarkoitus;lähde;hankittu\n"
GOOD = (HEADER
        + f"Anna Aalto;anna@tampere.fi;040 111 2222;Tampereen kaupunki;PM;sales_marketing;public;{D(60)}\n"
        + f"Anna Aalto;ANNA@tampere.fi;;Tampereen kaupunki;PM;expert_admin;direct;{D(50)}\n"
        + f"Łukasz Żółć;lukasz@espoo.fi;;Espoon kaupunki;;expert_user;partner;{D(10)}\n"
        + f"=HYPERLINK(\"http://x\");hyper@hel.fi;;@Helsinki;-1;sales_marketing;Yhteistyökumppani;{D(40)}\n").encode()


def _count(reg) -> tuple[int, int]:
    with reg.read() as q:
        return q.sql("SELECT (SELECT count(*) FROM contact), (SELECT count(*) FROM contact_purpose)").fetchone()


def _table(frame) -> list[dict]:
    return frame.value.to_dict("records")


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _open(reg, tab: str, lang: str = "en"):
    at = app_test("contacts", reg.path, lang=lang)
    at.query_params["tab"] = tab
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _upload(at, data: bytes, name: str = "yhteystiedot.csv"):
    at.file_uploader(key="imp_file").set_value((name, data, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# ------------------------------------------------------------------ import tab


def test_valid_upload_previews_the_counts_then_imports_them(reg):
    at = _open(reg, "import")
    assert not at.metric  # nothing uploaded yet: no counts
    _upload(at, GOOD)
    cols = shown(" ".join(m.value for m in at.markdown))
    assert "nimi → name" in cols and "sähköposti → email" in cols and "hankittu → collected at" in cols
    assert _metrics(at) == {"Rows": "4", "New people": "3", "New purpose links": "4", "Suppressed / restricted": "0",
                            "Invalid rows": "0"}
    assert not at.warning
    assert _count(reg) == (0, 0)  # the preview is a dry run
    go = at.button(key="imp_go")
    assert not go.disabled
    go.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.success] == [
        "Imported: 3 new people, 4 new purpose links; 1 rows merged into a person already known; 0 suppressed; "
        "0 invalid rows skipped."]
    assert not at.get("download_button")  # no rejected rows to download
    assert _count(reg) == (3, 4)
    with reg.read() as q:
        names = dict(q.sql("SELECT email, name FROM contact").fetchall())
    assert names == {"anna@tampere.fi": "Anna Aalto", "lukasz@espoo.fi": "Łukasz Żółć",
                     "hyper@hel.fi": '=HYPERLINK("http://x")'}  # data kept as written


def test_finnish_upload_shows_finnish_counts_and_reasons(reg):
    at = _open(reg, "import", lang="fi")
    bad = GOOD + f"Maija;maija-at-hel.fi;;;;expert_user;direct;{D(1)}\n".encode()
    _upload(at, bad)
    assert _metrics(at)["Virheellisiä rivejä"] == "1"
    assert at.warning[0].value == "1 riviä on virheellisiä:"
    assert _table(at.dataframe[0]) == [{"Rivi": 5, "Kenttä": "sähköposti",
                                        "Syy": "ei ole kelvollinen sähköpostiosoite"}]
    assert at.button(key="imp_go").disabled


def test_bad_rows_are_named_by_row_and_field_and_nothing_is_imported(reg):
    bad = (HEADER
           + f"Matti;matti@hel.fi;040 1234567;;;expert_user;direct;{D(3)}\n"     # phone: not allowed for expert_user
           + f"Maija;maija-at-hel.fi;;;;sales_marketing;direct;{D(3)}\n"         # email
           + "Kalle;kalle@hel.fi;;;;expert_user;direct;" + (TODAY + dt.timedelta(days=2)).isoformat() + "\n"
           + f"Ville;ville@hel.fi;;;;expert_user;direct;{D(3)}\n").encode()
    at = _open(reg, "import")
    _upload(at, bad)
    assert _metrics(at)["Rows"] == "4" and _metrics(at)["Invalid rows"] == "3"
    assert at.warning[0].value == "3 rows are invalid:"
    assert _table(at.dataframe[0]) == [
        {"Row": 1, "Field": "phone", "Reason": "purpose expert_user does not allow phone number (minimisation)"},
        {"Row": 2, "Field": "email", "Reason": "not a valid email address"},
        {"Row": 3, "Field": "collected at", "Reason": "the date is in the future"}]
    assert "Fix the rows and upload again" in at.info[0].value
    assert at.button(key="imp_go").disabled  # all or nothing unless skipping is chosen
    assert _count(reg) == (0, 0)

    # Skipping the invalid rows: the valid one is imported, the bad ones are offered for download.
    at.checkbox(key="imp_skip").check().run()
    go = at.button(key="imp_go")
    assert not go.disabled
    go.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "1 new people" in at.success[0].value and "3 invalid rows skipped" in at.success[0].value
    assert _count(reg) == (1, 1)
    assert at.download_button(key="imp_rejected").label == "Download the rejected rows (CSV)"
    body = at.session_state["_imported"].rejected_data  # what the download button serves
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "row" and rows[0][-1] == "reasons"
    assert [r[0] for r in rows[1:]] == ["1", "2", "3"]
    assert rows[2][1:3] == ["Maija", "maija-at-hel.fi"] and rows[2][-1] == "email: not a valid email address"


def test_a_file_that_cannot_be_read_says_why_and_changes_nothing(reg):
    at = _open(reg, "import")
    _upload(at, b"nimi;puhelin\nMatti;040 1234567\n")  # no email, purpose or source column
    assert at.error[0].value == "The file cannot be imported:"
    problems = _table(at.dataframe[0])
    assert {p["Field"] for p in problems} == {"email", "purpose", "source"}
    assert {p["Row"] for p in problems} == {"file"}
    assert any("no email column" in p["Reason"] for p in problems)
    assert not at.metric and not at.get("button")  # no counts, no import button
    assert _count(reg) == (0, 0)


def test_a_file_over_the_size_limit_is_refused_with_a_plain_message(reg, monkeypatch):
    monkeypatch.setenv("KP_IMPORT_MAX_MB", "0.0001")  # about 100 bytes
    at = _open(reg, "import")
    _upload(at, GOOD)
    text = " ".join(e.value for e in at.error) + " ".join(_table(at.dataframe[0])[0].values())
    assert "more than the 0 MB allowed" in text and "split it" in text
    assert not at.exception and _count(reg) == (0, 0)


def test_suppressed_people_are_counted_and_never_imported(reg):
    with reg.write("test", "suppression.add") as w:
        suppression.suppress(w, email="lukasz@espoo.fi", phone=None, reason="erased")
    at = _open(reg, "import")
    _upload(at, GOOD)
    assert _metrics(at)["Suppressed / restricted"] == "1" and _metrics(at)["New people"] == "2"
    at.button(key="imp_go").click().run()
    assert "1 suppressed" in at.success[0].value
    with reg.read() as q:
        assert q.sql("SELECT count(*) FROM contact WHERE email = 'lukasz@espoo.fi'").fetchone()[0] == 0


# ------------------------------------------------------------------ Art. 14 tab


@pytest.fixture
def filled(reg):
    imports.import_file(reg, GOOD, actor="test")  # anna public 60 d, łukasz partner 10 d, hyper partner 40 d
    return reg


def _pending(reg) -> dict[str, dt.date | None]:
    with reg.read() as q:
        return dict(q.sql("SELECT c.email || '/' || cp.purpose, cp.notice_sent_on FROM contact_purpose cp "
                          "JOIN contact c ON c.id = cp.contact_id JOIN source s ON s.key = cp.source "
                          "WHERE NOT s.from_subject").fetchall())


def test_art14_tab_lists_the_pending_and_dates_them_all_after_asking(filled):
    at = _open(filled, "art14")
    assert _metrics(at) == {"Not recorded": "3", "Overdue (over a month)": "2", "Recorded, but given late": "0"}
    assert at.button(key="a14_selected").disabled  # nothing selected yet
    assert at.button(key="a14_all").label == "Record for all shown (3)…"
    at.toggle(key="a14_overdue").set_value(True).run()
    assert at.button(key="a14_all").label == "Record for all shown (2)…"
    sent = TODAY - dt.timedelta(days=5)
    at.date_input(key="a14_date").set_value(sent).run()
    at.button(key="a14_all").click().run()
    question = " ".join(m.value for m in at.markdown)
    assert f"{sent.isoformat()} is recorded as the notice date of 2 purpose links (2 people)." in question
    assert "Record it only if the notice really reached them (Art. 14(3))." in question
    assert all(v is None for v in _pending(filled).values())  # asked, not done
    at.button(key="a14_all_yes").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert _pending(filled) == {"anna@tampere.fi/sales_marketing": sent, "hyper@hel.fi/sales_marketing": sent,
                                "lukasz@espoo.fi/expert_user": None}
    at.toggle(key="a14_overdue").set_value(False).run()
    assert _metrics(at) == {"Not recorded": "1", "Overdue (over a month)": "0", "Recorded, but given late": "2"}
    at.button(key="a14_all").click().run()
    at.button(key="a14_all_yes").click().run()
    assert [s.value for s in at.success] == ["Every notice is recorded."]
    assert all(_pending(filled).values())


def test_art14_date_before_collection_is_refused_naming_the_link(filled):
    at = _open(filled, "art14")
    at.date_input(key="a14_date").set_value(TODAY - dt.timedelta(days=20)).run()  # before łukasz's (10 days ago)
    at.button(key="a14_all").click().run()
    at.button(key="a14_all_yes").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.error[0].value == "Not saved:"
    problems = _table(at.dataframe[-1])
    assert {p["Field"] for p in problems} == {"notice sent on"}  # the field's name, not its code
    assert {p["Reason"] for p in problems} == {"the date is before the data was collected"}
    assert len(problems) == 1 and problems[0]["Row"] == 3  # the third link listed (collected latest)
    assert all(v is None for v in _pending(filled).values())  # one transaction: nothing recorded


def test_art14_refusal_reads_in_finnish_on_a_finnish_screen(filled):
    # issue 18 §1, #16 §4: the refused link's field and reason in Finnish, nothing in English
    at = _open(filled, "art14", lang="fi")
    at.date_input(key="a14_date").set_value(TODAY - dt.timedelta(days=20)).run()
    at.button(key="a14_all").click().run()
    at.button(key="a14_all_yes").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.error[0].value == "Ei tallennettu:"
    assert _table(at.dataframe[-1]) == [{"Rivi": 3, "Kenttä": "ilmoituksen lähetyspäivä",
                                         "Syy": "päivämäärä on ennen tietojen keräämistä"}]
    assert all(v is None for v in _pending(filled).values())


# ------------------------------------------------------------------ people table and CSV export


def test_csv_export_holds_the_filtered_rows_with_formulas_neutralised(filled):
    at = _open(filled, "people")
    assert _metrics(at)["People"] == "3" and _metrics(at)["Purpose links"] == "4"
    at.selectbox(key="f_purpose").set_value("sales_marketing").run()
    at.button(key="prep_csv").click().run()
    dl = at.download_button(key="dl_csv")
    assert dl.label == "Download CSV (2 rows)"
    body, n = at.session_state["_export"][1]  # what the download button serves
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert n == len(rows) == 2
    assert {r["email"] for r in rows} == {"anna@tampere.fi", "hyper@hel.fi"}
    hyper = next(r for r in rows if r["email"] == "hyper@hel.fi")
    assert hyper["name"] == "'=HYPERLINK(\"http://x\")"  # text, never a formula (#15 §2)
    assert hyper["organisation"] == "'@Helsinki" and hyper["title"] == "'-1"
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())
    dl.click().run()  # the download itself is an audit event, with the count only
    with filled.read() as q:
        ev = q.sql("SELECT detail FROM audit_log WHERE action = 'contacts.export'").fetchall()
    assert len(ev) == 1 and '"rows": 2' in str(ev[0][0]) and "hel.fi" not in str(ev[0][0])
    # another filter: the prepared file no longer matches, so no stale download is offered
    at.selectbox(key="f_purpose").set_value("expert_user").run()
    assert not at.get("download_button")


def test_people_table_says_when_nothing_matches(filled):
    at = _open(filled, "people")
    at.text_input(key="f_text").set_value("nobody-by-this-name").run()
    assert _metrics(at)["People"] == "0"
    assert [i.value for i in at.info] == ["No people match these filters."]
    assert not at.get("button")  # nothing to export


def test_people_table_pages_when_there_are_more_than_a_page(demo_reg, monkeypatch):
    monkeypatch.setattr(kc, "PAGE_SIZE", 50)
    at = _open(demo_reg, "people")
    with demo_reg.read() as q:
        people = kc.table(q, kc.Filters(), 0, 0)["people"]
    pages = -(-people // 50)
    page = at.number_input[0]
    assert page.label == f"Page (1–{pages})"
    first = _table(at.dataframe[0])
    page.set_value(2).run()
    second = _table(at.dataframe[0])
    assert len(first) == len(second) == 50
    assert not {r["Email"] for r in first} & {r["Email"] for r in second}


# ------------------------------------------------------------------ person page


def _person(reg, email: str, lang: str = "fi"):
    with reg.read() as q:
        cid = q.sql("SELECT id FROM contact WHERE email = ?", [email]).fetchone()[0]
    at = app_test("contacts", reg.path, lang=lang)
    at.query_params["person"] = str(cid)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at, cid


def test_person_page_records_the_notice_date_of_its_pending_purposes(filled):
    at, cid = _person(filled, "anna@tampere.fi")
    with filled.read() as q:
        label = {k: v["fi"] for k, v in kc.labels(q)["purposes"].items()}
    assert {p["Käyttötarkoitus"]: p["Tila"] for p in _table(at.dataframe[0])} == {
        label["sales_marketing"]: "Ilmoittamatta – myöhässä",
        label["expert_admin"]: "Kerätty henkilöltä (13 art.)"}
    assert at.multiselect[0].value == ["sales_marketing"]
    at.date_input[-1].set_value(TODAY)  # the notice form's date
    next(b for b in at.button if b.label == "Tallenna" and b.form_id == "person_notice").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert _pending(filled)["anna@tampere.fi/sales_marketing"] == TODAY
    states = {p["Tila"] for p in _table(at.dataframe[0])}
    assert "Ilmoitettu (myöhässä)" in states  # 60 days after collection
    assert not any(b.form_id == "person_notice" for b in at.button)  # nothing left to record


def test_person_page_back_button_and_restricted_warning(filled):
    with filled.write("test", "test.restrict") as w:
        w.sql("UPDATE contact SET restricted = true WHERE email = 'lukasz@espoo.fi'")
    at, _ = _person(filled, "lukasz@espoo.fi")
    assert "Käsittelyä on rajoitettu (18 art.)" in at.warning[0].value
    at.button(key="back_to_contacts").click().run()
    assert "person" not in at.query_params
    assert [t.label for t in at.tabs][:2] == ["Yhteenveto", "Henkilöt"]


def test_person_page_forms_record_dates_detail_and_contract(filled):
    at, cid = _person(filled, "hyper@hel.fi")
    form_save = lambda form: next(b for b in at.button if b.form_id == form)  # noqa: E731
    day = TODAY - dt.timedelta(days=3)
    at.radio(key="anchor_what").set_value("last_contact")
    at.date_input(key="anchor_on").set_value(day)
    form_save("person_anchor").click().run()
    assert not at.exception, [e.value for e in at.exception]
    at.radio(key="anchor_what").set_value("source_detail")
    at.text_input(key="anchor_detail").set_value("Kuntaliiton messut")
    form_save("person_anchor").click().run()
    at.radio(key="anchor_what").set_value("first_communication")
    at.date_input(key="anchor_on").set_value(TODAY - dt.timedelta(days=30))
    form_save("person_anchor").click().run()
    at.date_input(key="training_on").set_value(day)
    form_save("person_training").click().run()
    assert not at.exception, [e.value for e in at.exception]
    with filled.read() as q:
        link = q.sql("SELECT last_contact_on, source_detail, first_communication_on FROM contact_purpose "
                     "WHERE contact_id = ?", [cid]).fetchone()
        trained = q.sql("SELECT last_training_on FROM contact WHERE id = ?", [cid]).fetchone()[0]
    assert link == (day, "Kuntaliiton messut", TODAY - dt.timedelta(days=30)) and trained == day
    row = _table(at.dataframe[0])[0]
    assert row["Viimeisin yhteydenotto"] == f"{day:%-d.%-m.%Y}" and row["Lähteen tarkenne"] == "Kuntaliiton messut"
    assert f"**Viimeisin koulutus- tai tukitapahtuma:** {day:%-d.%-m.%Y}" in " ".join(m.value for m in at.markdown)

    # A date before collection is refused with the plain message, the register unchanged.
    at.radio(key="anchor_what").set_value("last_contact")
    at.date_input(key="anchor_on").set_value(TODAY - dt.timedelta(days=400))
    form_save("person_anchor").click().run()
    assert not at.exception and at.error
    with filled.read() as q:
        assert q.sql("SELECT last_contact_on FROM contact_purpose WHERE contact_id = ?", [cid]).fetchone()[0] == day

    # The customer agreement: saved and shown.
    assert "Asiakasorganisaatiota ei löydy" in " ".join(m.value for m in at.markdown)
    at.text_input(key="contract_customer").set_value("Helsingin kaupunki")
    at.checkbox(key="contract_running").check()
    form_save("person_contract").click().run()
    assert not at.exception, [e.value for e in at.exception]
    text = shown(" ".join(m.value for m in at.markdown))
    assert "Asiakasorganisaatio: Helsingin kaupunki, sopimus: voimassa" in text.replace("**", "")
