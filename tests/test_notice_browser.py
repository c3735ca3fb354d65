"""A DPO, in a real browser, changes a purpose's retention rule (months) on the notice page and
sees the preview say the generated sentence; then confirms an item and sees the check change."""
from __future__ import annotations

import pytest

from conftest import dashboard_server, sign_in, wait_streamlit

from kpcore import db

pytestmark = pytest.mark.browser


def test_dpo_edits_retention_in_place_and_confirms_an_item(tmp_path, browser):
    reg = db.create(tmp_path / "register.duckdb")
    with dashboard_server(reg.path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url + "/notice?lang=en")
        sign_in(page, url.user, url.password)
        assert "14 months from when the data was collected; full IP addresses are truncated after 30 days." in \
            page.inner_text("body")

        page.get_by_role("tab", name="Facts by section").click()
        page.locator('[data-testid="stExpander"] summary').filter(
            has_text="Purposes of processing and the personal data processed").click()
        wait_streamlit(page)
        form = page.locator('[data-testid="stForm"]').filter(has=page.get_by_label("Retention in months")).nth(3)
        box = form.get_by_label("Retention in months")  # the fourth purpose: web analytics
        box.fill("13")
        box.press("Tab")
        form.get_by_role("button", name="Save and confirm").click()
        wait_streamlit(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        with reg.read() as q:
            row = q.one("notice_purpose", {"key": "web_analytics"})
        assert row["retention_months"] == 13 and row["retention_confirmed"]
        assert row["retention_en"].startswith("13 months from when the data was collected")
        page.get_by_role("tab", name="Preview and download").click()
        assert "13 months from when the data was collected" in page.inner_text("body")

        page.get_by_role("tab", name="Completeness (Art. 13/14)").click()
        assert "Proposed, not confirmed: Rights of the data subject" in page.inner_text("body")
        box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Confirm the proposed values of item")
        box.locator("input").click()
        page.keyboard.type("Rights of the data")
        page.keyboard.press("Enter")
        wait_streamlit(page)
        page.get_by_role("button", name="Confirm", exact=True).click()
        wait_streamlit(page)
        assert "Item 9 confirmed." in page.inner_text("body")
        assert "Proposed, not confirmed: Rights of the data subject" not in page.inner_text("body")
