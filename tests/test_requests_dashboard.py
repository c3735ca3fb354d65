"""The requests view: queue by due date with overdue/amber rows, intake, a request's page and
its actions (AppTest, both languages), and the one-click access report in a real browser."""
from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest

from conftest import app_test, dashboard_server, sign_in, wait_streamlit
from kpcore import notice, requests as reqs

TODAY = dt.date.today()


def _setup(reg):
    with reg.write("t", "test.person") as w:
        cid = w.sql("INSERT INTO contact (email, name, phone) VALUES ('aila.avunpyytaja@lempaala.fi', 'Aila Avunpyytäjä', "
                    "'+358401231234') RETURNING id").fetchall()[0][0]
        w.sql("INSERT INTO contact_purpose (contact_id, purpose, source, collected_on, notice_sent_on, created_at) VALUES (?, 'expert_admin', 'direct', DATE '2026-01-15', DATE '2026-01-15', "
              "current_timestamp)", [cid])
    overdue = reqs.add(reg, "dpo", type="access", email="olli@x.fi", name="Olli Myöhäinen",
                       received_on=TODAY - dt.timedelta(days=60))
    soon = reqs.add(reg, "dpo", type="erasure", email="siru@x.fi", name="Siru Pian",
                    received_on=TODAY - dt.timedelta(days=27))
    fresh = reqs.add(reg, "dpo", type="access", email="aila.avunpyytaja@lempaala.fi", name="Aila Avunpyytäjä",
                     received_on=TODAY)
    return {"contact": cid, "overdue": overdue, "soon": soon, "fresh": fresh}


def _coloured_rows(dataframe) -> dict[str, set[int]]:
    """Background colour -> row numbers, from the Styler CSS the view sent."""
    out: dict[str, set[int]] = {}
    for selectors, colour in re.findall(r"([^{}]+)\{\s*background-color:\s*(#[0-9a-f]{6})", dataframe.proto.arrow_data.styler.styles):
        out.setdefault(colour, set()).update(int(n) for n in re.findall(r"_row(\d+)_col", selectors))
    return out


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_queue_sorted_by_due_date_with_colours(reg, lang):
    ids = _setup(reg)
    at = app_test("requests", reg.path, lang=lang)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert list(at.dataframe[0].value["id"]) == [ids["overdue"]["id"], ids["soon"]["id"], ids["fresh"]["id"]]
    assert _coloured_rows(at.dataframe[0]) == {"#fde2e1": {0}, "#fff1cc": {1}}  # red overdue, amber <= 7 days
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[("Myöhässä" if lang == "fi" else "Overdue")] == "1"
    assert at.title[0].value == ("Rekisteröityjen pyynnöt" if lang == "fi" else "Subject requests")


def test_intake_form_records_a_request_and_opens_it(reg):
    at = app_test("requests", reg.path, lang="en")
    at.run()
    at.text_input(key="in_email").input("Uusi.Pyytaja@Example.fi")
    at.text_input(key="in_name").input("Uusi Pyytäjä")
    at.selectbox(key="in_type").select("portability")
    next(b for b in at.button if "Record the request" in b.label).click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    with reg.read() as q:
        rows = reqs.list_requests(q)
    assert len(rows) == 1 and rows[0]["type"] == "portability" and rows[0]["requester_email"] == "uusi.pyytaja@example.fi"
    assert at.query_params["request"] == [str(rows[0]["id"])] or at.query_params["request"] == str(rows[0]["id"])
    assert any("recorded" in s.value for s in at.success)


def test_bad_intake_shows_the_field_and_writes_nothing(reg):
    at = app_test("requests", reg.path, lang="fi")
    at.run()
    at.text_input(key="in_email").input("ei-osoite")
    next(b for b in at.button if "Kirjaa pyyntö" in b.label).click()
    at.run()
    # the refusal in the screen's language, the field by its name (issue 18 §1, #16 §4)
    assert [e.value for e in at.error] == ["Pyyntöä ei kirjattu\n  sähköposti: ei ole sähköpostiosoite"]
    with reg.read() as q:
        assert reqs.list_requests(q) == []


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_request_page_shows_the_person_and_acts(reg, lang):
    ids = _setup(reg)
    rid = ids["fresh"]["id"]
    at = app_test("requests", reg.path, lang=lang)
    at.query_params["request"] = str(rid)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    text = " ".join(m.value for m in at.markdown)
    # the person's link keeps the chosen language (#14 §2: ?lang= survives every same-tab link)
    assert f"/contacts?person={ids['contact']}&lang={lang})" in text and "Aila Avunpyytäjä" in text
    assert at.header[0].value.startswith("Pyyntö" if lang == "fi" else "Request")
    # the history's notes the program wrote read in the screen's language (#16 §4)
    history = at.dataframe[-1].value.to_string()
    assert {"fi": "rekisteristä löytyi 1 henkilöä", "en": "matched 1"}[lang] in history, history
    # extend with a reason: the page shows the new deadline
    at.text_area(key="ext_reason").input("Useita järjestelmiä")
    at.button(key="b_extend").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    with reg.read() as q:
        r = reqs.get(q, rid)
    assert r["status"] == "extended" and r["extension_reason"] == "Useita järjestelmiä"
    # refuse needs reasons; with them the refusal letter is offered
    at.button(key="b_refuse").click()
    at.run()
    reasons = {"fi": "syy: kieltäytymisen syyt on kerrottava (12 artiklan 4 kohta)",
               "en": "reason: a refusal must state its reasons (Art. 12(4))"}[lang]  # in the screen's language
    assert any(reasons in e.value for e in at.error), [e.value for e in at.error]
    at.text_area(key="refuse_reason").input("Ilmeisen perusteeton")
    at.button(key="b_refuse").click()
    at.run()  # a dialog asks first
    with reg.read() as q:
        assert reqs.get(q, rid)["status"] == "extended"
    at.button(key="b_refuse_yes").click()
    at.run()
    with reg.read() as q:
        assert reqs.get(q, rid)["status"] == "refused"
    assert not at.exception


@pytest.mark.parametrize("rtype, offered", [
    ("access", set()), ("portability", set()), ("rectification", {"rect_name", "b_restrict"}),
    ("erasure", {"b_erase", "b_restrict"}), ("restriction", {"b_restrict"}),
    ("objection", {"b_object", "b_restrict", "b_erase"})])
def test_a_request_page_offers_only_the_actions_that_fit_its_type(reg, rtype, offered):
    _setup(reg)
    r = reqs.add(reg, "dpo", type=rtype, email="aila.avunpyytaja@lempaala.fi", received_on=TODAY)
    at = app_test("requests", reg.path, lang="en")
    at.query_params["request"] = str(r["id"])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    keys = {b.key for b in at.button} | {t.key for t in at.text_input}
    actions = {"rect_name", "b_object", "b_restrict", "b_erase"}
    assert keys & actions == offered
    assert {"b_close", "b_refuse", "b_extend"} <= keys  # every type can be answered, refused or extended


def test_erase_from_the_request_page(reg):
    ids = _setup(reg)
    erasure_request = reqs.add(reg, "dpo", type="erasure", email="aila.avunpyytaja@lempaala.fi", received_on=TODAY)
    at = app_test("requests", reg.path, lang="en")
    at.query_params["request"] = str(erasure_request["id"])
    at.run()
    assert at.button(key="b_erase").disabled  # #11: no Art. 17(1) ground chosen yet
    at.selectbox(key="erase_ground").set_value("a")
    at.run()
    at.button(key="b_erase").click()
    at.run()  # a dialog says what will happen; nothing is erased yet
    with reg.read() as q:
        assert q.one("request_contact_by_email", {"email": "aila.avunpyytaja@lempaala.fi"}) is not None
    assert any("cannot be undone" in m.value for m in at.markdown)
    at.button(key="b_erase_yes").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    with reg.read() as q:
        assert q.one("request_contact_by_email", {"email": "aila.avunpyytaja@lempaala.fi"}) is None
        assert reqs.get(q, erasure_request["id"])["redacted"] and reqs.get(q, ids["fresh"]["id"])["redacted"]


def test_unknown_request_number_is_a_message_not_a_crash(reg):
    at = app_test("requests", reg.path, lang="en")
    at.query_params["request"] = "999"
    at.run()
    assert not at.exception and any("no such request" in e.value for e in at.error)


@pytest.mark.browser
def test_one_click_access_report_in_a_real_browser(reg, browser, tmp_path):
    ids = _setup(reg)
    rid = ids["fresh"]["id"]
    notice.confirm_all(reg, "test")  # every fact confirmed: one click, no acknowledgement needed
    from kpcore import contacts

    with reg.read() as q:
        cid = q.sql("SELECT contact_id FROM request_subject WHERE request_id = ?", [rid]).fetchall()[0][0]
    contacts.set_language(reg, "test", cid, "en")  # issue 18: the report is in the person's language
    with dashboard_server(reg.path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1400}, accept_downloads=True)
        page.goto(f"{url}/requests?request={rid}&lang=en")
        sign_in(page, url.user, url.password)
        assert "Aila Avunpyytäjä" in page.inner_text("body")
        with page.expect_download(timeout=60000) as d:
            page.get_by_text("Build and download the access report (PDF)").click()
        pdf = tmp_path / "report.pdf"
        d.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Aila Avunpyytäjä" in text and "aila.avunpyytaja@lempaala.fi" in text
    assert "Expert-service contact persons" in text
    with reg.read() as q:
        r = reqs.get(q, rid)
        audit = q.sql("SELECT object_id FROM audit_log WHERE action = 'sar.report'").fetchall()
    assert audit == [(str(rid),)] and r["events"][-1]["action"] == "report_built"
