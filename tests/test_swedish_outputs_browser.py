"""The Swedish screen downloads Swedish documents (issue 18 §2): on Svenska the compliance view's
quarterly report and Art. 30(1) record, and the processors view's Art. 30(2) record (its language
choice offers Svenska and starts on the screen's language), each a valid PDF in Swedish."""
from __future__ import annotations

import subprocess

import pytest

from conftest import dashboard_server, nav_to, run_kp, sign_in, wait_streamlit
from kpcore import i18n, quarter

pytestmark = pytest.mark.browser


def _download(page, button: str, tmp_path, name: str) -> tuple[str, str]:
    with page.expect_download() as info:
        page.get_by_role("button", name=button, exact=True).click()
    download = info.value
    target = tmp_path / name
    download.save_as(target)
    assert subprocess.run(["qpdf", "--check", str(target)], capture_output=True).returncode == 0, name
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout
    return download.suggested_filename, " ".join(text.split())


def test_the_swedish_screen_downloads_swedish_reports_and_records(tmp_path, browser):
    path = tmp_path / "demo.duckdb"
    run_kp("init", "--demo", "--contacts", "200", db_path=path, check=True)
    sv = lambda message: i18n.gettext(message, "sv")  # noqa: E731
    with dashboard_server(path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1600}, accept_downloads=True)
        page.goto(url)
        sign_in(page, url.user, url.password)
        page.get_by_text("Svenska", exact=True).click()
        wait_streamlit(page)
        nav_to(page, "compliance")
        wait_streamlit(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        name, text = _download(page, sv("Download the report (PDF)"), tmp_path, "report.pdf")
        assert name.endswith("-sv.pdf")
        assert "Kvartalsrapport om dataskyddet" in text and "Nyckeltal" in text and "Sida 1 /" in text
        assert "neljännesvuosiraportti" not in text and "Quarterly" not in text
        name, text = _download(page, f"{sv('Download')} PDF", tmp_path, "record.pdf")
        assert name == "kuntaplus-record-sv.pdf"
        assert "Register över behandling" in text and "Personuppgiftsansvarig och dataskyddsombud" in text
        assert "Seloste käsittelytoimista" not in text and "Record of processing" not in text

        nav_to(page, "processors")
        wait_streamlit(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        choice = page.get_by_test_id("stRadio").filter(has_text=sv("Language of the record"))
        assert "Svenska" in choice.inner_text() and choice.locator("input:checked").count() == 1
        assert choice.locator("label").filter(has_text="Svenska").locator("input").is_checked()
        _name, text = _download(page, sv("Download PDF"), tmp_path, "processor-record.pdf")
        assert "Register över behandling som personuppgiftsbiträde" in text and "Artikel 30.2" in text
        assert "käsittelijänä" not in text and "as a processor" not in text
        assert page.locator('[data-testid="stException"]').count() == 0
    from kpcore.db import Register
    with Register(path).read() as q:
        langs = [r[0] for r in q.sql("SELECT detail ->> 'lang' FROM audit_log WHERE action IN "
                                     "('report.export', 'record.export', 'record.processor.export')").fetchall()]
    assert langs == ["sv", "sv", "sv"]
