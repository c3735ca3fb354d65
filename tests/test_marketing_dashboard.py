"""The dashboard's direct-marketing view and the erasure preview on a request (AppTest)."""
from __future__ import annotations

from kpcore import imports, marketing, requests as reqs, suppression
from tests.conftest import app_test


def _people(reg):
    imports.import_file(reg, b"nimi;email;purpose;source\nA;a@tampere.fi;sales_marketing;public\n"
                             b"B;b@tampere.fi;expert_admin;direct\n", actor="t")


def test_the_marketing_view_counts_and_records_an_opt_out_for_anyone(reg):
    _people(reg)
    at = app_test("marketing", reg.path).run()
    assert not at.exception
    assert at.metric[0].value == "1"
    at.text_input(key="oo_email").input("Uusi.Henkilo@Espoo.fi")
    at.text_input(key="oo_source").input("puhelu")
    at.button[0].click().run()  # the form's submit button
    assert not at.exception
    with reg.read() as q:
        assert suppression.is_suppressed(q, email="uusi.henkilo@espoo.fi", purpose="sales_marketing")
    at.text_input(key="oo_email").input("a@tampere.fi")
    at.button[0].click().run()
    assert at.metric[0].value == "0"
    assert "1" in at.success[0].value  # links removed


def test_a_viewer_does_not_get_the_marketing_view(reg):
    at = app_test("marketing", reg.path, session={"role": "viewer"}).run()
    assert at.error and not at.metric


def test_the_request_page_shows_the_erasure_preview_and_needs_ground_and_confirmation(reg):
    _people(reg)
    r = reqs.add(reg, "dpo", type="erasure", email="a@tampere.fi")
    at = app_test("requests", reg.path)
    at.query_params["request"] = str(r["id"])
    at.run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "Esikatselu" in text and "19 art." in text
    erase = next(b for b in at.button if b.key == "b_erase")
    assert erase.disabled
    at.selectbox(key="erase_ground").set_value("a").run()
    next(b for b in at.button if b.key == "b_erase").click().run()
    assert any("19 art." in m.value for m in at.markdown)  # the confirmation repeats the preview
    with reg.read() as q:
        assert q.one("request_contact_by_email", {"email": "a@tampere.fi"}) is not None
    next(b for b in at.button if b.key == "b_erase_yes").click().run()
    assert not at.exception
    with reg.read() as q:
        assert q.one("request_contact_by_email", {"email": "a@tampere.fi"}) is None
        got = reqs.get(q, r["id"])
    assert got["erasure_ground"] == "a" and got["art19"]
