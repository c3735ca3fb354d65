"""The privacy-notice view: preview, the facts behind each section edited in place, the
check, publishing and the diff between versions (AppTest, Finnish and English)."""
from __future__ import annotations

from conftest import app_test

from kpcore import notice


def html_text(at) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def submit(at, form_id: str):
    button = next(b for b in at.button if getattr(b, "form_id", None) == form_id)
    button.click()
    return at.run()


def test_view_previews_checks_and_edits_a_purpose_retention(reg):
    at = app_test("notice", reg.path, lang="fi", session={"notice_sec_purposes": True})  # the section opened
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    body = html_text(at)
    assert "Yritystoiminnan kuvaus" in body and "Kolme vuotta viimeisestä yhteydenotosta" in body
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Vahvistamatta"] == "10" and metrics["Puuttuu"] == "0"
    assert [t.label for t in at.tabs] == ["Esikatselu ja lataus", "Tiedot osioittain", "Kattavuus (13/14 art.)", "Versiot"]
    check = at.dataframe[-1].value if at.dataframe else None
    assert check is not None and len(check) == 15

    at.number_input(key="pmonths_sales_marketing").set_value(24)
    submit(at, "purpose_sales_marketing")
    assert not at.exception, [e.value for e in at.exception]
    with reg.read() as q:
        p = q.one("notice_purpose", {"key": "sales_marketing"})
        actor = q.sql("SELECT actor FROM audit_log WHERE action = 'notice.purpose.update'").fetchall()
    assert p["retention_months"] == 24 and p["retention_confirmed"]
    assert p["retention_fi"] == "Kaksi vuotta viimeisestä yhteydenotosta tai kunnes henkilö kieltää suoramarkkinoinnin."
    assert actor == [("test-dpo",)]  # the signed-in user of app_test()
    at.run()
    assert "Kaksi vuotta viimeisestä yhteydenotosta tai kunnes" in html_text(at)
    assert "Kolme vuotta viimeisestä yhteydenotosta" not in html_text(at)


def test_view_refuses_bad_input_with_a_message_and_changes_nothing(reg):
    at = app_test("notice", reg.path, lang="en", session={"notice_sec_controller": True})
    at.run()
    at.text_input(key="ctl_email").input("not an email")
    submit(at, "controller_form")
    assert any("email: is not an email address" in e.value for e in at.error)
    with reg.read() as q:
        assert q.one("notice_controller")["email"] == "info@kuntaplus.fi"


def test_view_refuses_bad_input_in_finnish_on_a_finnish_screen(reg):
    # issue 18 §1, #16 §4: the controller form's refusal, its field included, in Finnish
    at = app_test("notice", reg.path, lang="fi", session={"notice_sec_controller": True})
    at.run()
    at.text_input(key="ctl_email").input("ei osoite")
    submit(at, "controller_form")
    assert "rekisterinpitäjä: mitään ei muutettu.\n  sähköposti: ei ole sähköpostiosoite" in [e.value for e in at.error]
    assert not any("is not an email" in e.value for e in at.error)
    with reg.read() as q:
        assert q.one("notice_controller")["email"] == "info@kuntaplus.fi"


def test_view_escapes_register_text(reg):
    notice.set_statement(reg, "dpo", "business_description", "en", "<img src=x onerror=alert(1)> & <b>bold</b>")
    at = app_test("notice", reg.path, lang="en")
    at.run()
    body = html_text(at)
    assert "<img" not in body and "<b>bold" not in body
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in body


def test_view_publishes_and_shows_what_changed(reg):
    at = app_test("notice", reg.path, lang="en")
    at.run()
    at.radio(key="notice_lang").set_value("en").run()
    # 10 items unconfirmed: no "publish anyway"; the view names what blocks it
    assert at.button(key="publish").disabled
    assert not [c for c in at.checkbox if c.key == "publish_anyway"]
    blocked = "\n".join(e.value for e in at.error)
    assert "cannot be published" in blocked and "9\\. Rights of the data subject – not confirmed \\(Finnish, English\\)" in blocked
    notice.confirm_all(reg, "dpo")
    at.run()
    assert not at.button(key="publish").disabled and not at.error
    at.button(key="publish").click().run()
    assert not at.exception, [e.value for e in at.exception]
    with reg.read() as q:
        assert {(r["lang"], r["version"]) for r in notice.versions(q)} == {("fi", 1), ("en", 1)}
    notice.update_purpose(reg, "dpo", "web_analytics", {"retention_months": 12})
    at.run()
    assert {m.label: m.value for m in at.metric}["Version"] == "2 (draft)"
    diff = "\n".join(c.value for c in at.code)
    assert "-Retention period: 14 months from when the data was collected; full IP addresses are truncated after 30 days." in diff
    assert "+Retention period: One year from when the data was collected; full IP addresses are truncated after 30 days." in diff
    assert any("Changed sections" in m.value for m in at.markdown)
