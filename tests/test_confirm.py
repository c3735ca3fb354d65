"""No stale page, no risky single click (issue 16 §3): bulk and destructive actions say what
will happen and ask first; after an action the page shows the new state at once."""
from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from conftest import app_test, dashboard_server, sign_in, wait_streamlit
from kpcore import requests as reqs


def _pending(reg) -> int:
    with reg.read() as q:
        return q.sql("SELECT count(*) FROM contact_purpose cp JOIN source s ON s.key = cp.source "
                     "WHERE NOT s.from_subject AND cp.notice_sent_on IS NULL").fetchone()[0]


def test_bulk_art14_dating_says_how_many_and_asks_first(demo_reg):
    before = _pending(demo_reg)
    assert before > 0
    at = app_test("contacts", demo_reg.path, lang="en")
    at.query_params["tab"] = "art14"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.button(key="a14_all").click()
    at.run()
    assert _pending(demo_reg) == before  # asked, not done
    question = " ".join(m.value for m in at.markdown)
    assert "is recorded as the notice date of" in question and "purpose links" in question
    at.button(key="a14_all_no").click()
    at.run()
    assert _pending(demo_reg) == before  # cancelled
    at.button(key="a14_all").click()
    at.run()
    at.button(key="a14_all_yes").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert _pending(demo_reg) < before


@pytest.mark.browser
def test_refusal_asks_first_and_the_answered_request_shows_answered_at_once(reg, browser, tmp_path):
    with reg.write("t", "test.person") as w:
        w.sql("INSERT INTO contact (email, name) VALUES ('aila@example.fi', 'Aila Avunpyytäjä')")
    today = dt.date.today()
    refuse = reqs.add(reg, "dpo", type="erasure", email="aila@example.fi", received_on=today)
    access = reqs.add(reg, "dpo", type="access", email="aila@example.fi", received_on=today)
    with dashboard_server(reg.path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1400}, accept_downloads=True)
        page.goto(f"{url}/requests?request={refuse['id']}&lang=en")
        sign_in(page, url.user, url.password)
        page.get_by_role("tab", name="Close or refuse").click()
        page.get_by_label("Reasons for refusing").fill("Ilmeisen perusteeton")
        page.get_by_role("button", name="Refuse the request…").click()
        dialog = page.get_by_role("dialog")
        dialog.wait_for(timeout=30000)
        assert "Data Protection Ombudsman" in dialog.inner_text()
        with reg.read() as q:
            assert reqs.get(q, refuse["id"])["open"]  # not yet
        dialog.get_by_role("button", name="Refuse the request").click()
        wait_streamlit(page)
        assert "Request refused." in page.inner_text("body")
        with reg.read() as q:
            assert reqs.get(q, refuse["id"])["status"] == "refused"

        # the one-click access report that also answers: the page shows "answered" without a reload
        page.goto(f"{url}/requests?request={access['id']}&lang=en")
        wait_streamlit(page)
        assert "answered" not in page.locator('[data-testid="stAlert"]').first.inner_text().lower()
        page.get_by_text("Mark the request answered with this report").click()
        wait_streamlit(page)
        # the fresh register's notice facts are proposals: the report needs the DPO's acknowledgement (issue 12 §1)
        page.get_by_text("I understand: build the report with the unconfirmed passages marked").click()
        wait_streamlit(page)
        with page.expect_download(timeout=60000) as d:
            page.get_by_text("Build and download the access report (PDF)").click()
        d.value.save_as(tmp_path / "report.pdf")
        # no click, no reload: the status line turns to "answered <date>"
        status = page.locator('[data-testid="stAlert"]').first
        deadline = dt.datetime.now() + dt.timedelta(seconds=30)
        while "answered" not in status.inner_text().lower() and dt.datetime.now() < deadline:
            page.wait_for_timeout(250)
        assert "answered" in status.inner_text().lower()
        wait_streamlit(page)
        assert page.get_by_role("tab", name="Close or refuse").count() == 0  # no actions on an answered request
        with reg.read() as q:
            r = reqs.get(q, access["id"])
        assert not r["open"]
        history = page.locator('[data-testid="stDataFrame"]').last.locator('[role="gridcell"]').all_text_contents()
        assert "Answered" in history or "Access report built" in history
    text = subprocess.run(["pdftotext", str(tmp_path / "report.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Aila Avunpyytäjä" in text
