"""A DPO opens the compliance overview in a real browser, switches the quarter and downloads
the quarterly report PDF."""
from __future__ import annotations

import subprocess

import pytest

from conftest import dashboard_server, nav_to, run_kp, sign_in, wait_streamlit
from kpcore import quarter

pytestmark = pytest.mark.browser


def test_compliance_overview_switch_quarter_and_download_pdf(tmp_path, browser):
    path = tmp_path / "demo.duckdb"
    run_kp("init", "--demo", "--contacts", "400", db_path=path, check=True)
    last = quarter.last_complete()
    older = quarter.previous(last)
    with dashboard_server(path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1600}, accept_downloads=True)
        page.goto(url)
        sign_in(page, url.user, url.password)
        page.get_by_text("English", exact=True).click()
        wait_streamlit(page)
        nav_to(page, "compliance")
        body = page.inner_text("body")
        assert page.locator('[data-testid="stException"]').count() == 0
        assert "Compliance overview" in body and "Request not answered in time" in body
        # it opens on the quarter in progress, compared with the last complete one
        assert f"Compared with {quarter.label(last, 'en')}" in body
        # a finding links to its object
        assert page.locator('a[href*="requests?request="]:not([target="_blank"])').count() > 0  # same tab
        # switch the quarter
        option = page.get_by_role("option", name=quarter.label(older, "en"))
        for _ in range(3):  # the first click may land while the script is still rerunning
            page.get_by_test_id("stSelectbox").filter(has_text="Quarter").locator("input").click()
            try:
                option.wait_for(timeout=5000)
                break
            except Exception:  # noqa: BLE001 - retried
                page.keyboard.press("Escape")
        option.click()
        wait_streamlit(page)
        body = page.inner_text("body")
        assert f"Compared with {quarter.label(quarter.previous(older), 'en')}" in body, body[-3000:]
        # download the report of the chosen quarter
        with page.expect_download() as info:
            page.get_by_role("button", name="Download the report (PDF)").click()
        download = info.value
        target = tmp_path / "report.pdf"
        download.save_as(target)
        assert download.suggested_filename == f"kuntaplus-report-{older}-en.pdf"
        assert subprocess.run(["qpdf", "--check", str(target)], capture_output=True).returncode == 0
        text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout
        assert f"Quarterly data-protection report Q{older[-1]} {older[:4]}" in text
        assert page.locator('[data-testid="stException"]').count() == 0
        wait_streamlit(page)
    from kpcore.db import Register
    with Register(path).read() as q:
        events = q.sql("SELECT object_id, detail FROM audit_log WHERE action = 'report.export'").fetchall()
    assert events == [(older, '{"format": "pdf", "lang": "en"}')]
