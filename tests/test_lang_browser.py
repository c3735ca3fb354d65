"""The chosen language stays chosen (issue 16 §2, §4), in real Chromium: a reload, a sidebar
link, an in-page link and a second tab keep it (the address carries ?lang=, the browser
remembers the last choice); the date picker's calendar speaks it too (month and weekday names).
The identity provider's round trip is in tests/test_oidc_browser.py."""
from __future__ import annotations

import re

import pytest

from conftest import dashboard_server, nav_to, sign_in, wait_streamlit

pytestmark = pytest.mark.browser

FI_MONTHS = ("tammikuu", "helmikuu", "maaliskuu", "huhtikuu", "toukokuu", "kesäkuu", "heinäkuu", "elokuu",
             "syyskuu", "lokakuu", "marraskuu", "joulukuu")
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")


def _calendar_text(page) -> str:
    """Opens the first date input's calendar and returns its text (then closes it)."""
    field = page.locator('[data-testid="stDateInput"]').first
    field.scroll_into_view_if_needed()
    buttons = field.locator("button")
    (buttons.last if buttons.count() else field).click()
    page.wait_for_timeout(800)
    calendar = page.locator('[data-testid="stDateInputCalendar"]').first
    calendar.wait_for(timeout=10000)
    text = calendar.inner_text()
    page.keyboard.press("Escape")
    return text


def test_the_language_survives_reload_links_and_a_second_tab(tmp_path, browser, kp):
    path = tmp_path / "demo.duckdb"
    kp("init", "--demo", "--contacts", "200", db_path=path, check=True)
    with dashboard_server(path) as url:
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = ctx.new_page()
        page.goto(f"{url}/?lang=en")
        sign_in(page)
        assert "Today's work" in page.inner_text("body")
        assert page.evaluate("document.documentElement.lang") == "en"

        page.reload()
        wait_streamlit(page)
        page.wait_for_selector('[data-testid="stSidebarNav"]', timeout=30000)
        wait_streamlit(page)
        assert "Today's work" in page.inner_text("body") and "lang=en" in page.url

        nav_to(page, "compliance")  # a sidebar link: the address keeps the language
        assert "Compliance" in page.inner_text("body") and "lang=en" in page.url
        link = page.locator('[data-testid="stPageLink"] a, a[href*="request="]').first
        assert "lang=en" in (link.get_attribute("href") or "")  # ui.page_link carries it
        link.click()
        wait_streamlit(page)
        assert "lang=en" in page.url and "Kirjautunut" not in page.inner_text("body")

        # the calendar of a date input: English month names
        nav_to(page, "web")
        cal = _calendar_text(page)
        assert any(m in cal for m in EN_MONTHS), cal

        # a second tab opened without ?lang: the browser's last choice, English
        second = ctx.new_page()
        second.goto(url)
        wait_streamlit(second)
        second.wait_for_selector('[data-testid="stSidebarNav"]', timeout=30000)
        wait_streamlit(second)
        assert "Today's work" in second.inner_text("body")
        assert "lang=en" in second.url
        second.close()

        # back to Finnish: the address, a reload and the calendar follow
        page.locator('[data-testid="stSidebar"] label').filter(has_text="Suomi").click()
        wait_streamlit(page)
        assert "lang=fi" in page.url and "Verkkoanalytiikka" in page.inner_text("body")
        page.reload()
        wait_streamlit(page)
        page.wait_for_selector('[data-testid="stSidebarNav"]', timeout=30000)
        wait_streamlit(page)
        body = page.inner_text("body")
        assert "Verkkoanalytiikka" in body and "Web analytics" not in body
        assert page.evaluate("document.documentElement.lang") == "fi"
        # The first run after the reload: the page's language script and the date input arrive
        # in one batch, and the page is drawn again once the browser speaks Finnish
        # (ui.follow_locale), so the calendar is Finnish without another click.
        assert "/web" in page.url
        cal = _calendar_text(page)
        assert any(m in cal for m in FI_MONTHS), cal
        assert not any(m in cal for m in EN_MONTHS), cal
        # Finnish weeks start on Monday: the weekday row begins with M (maanantai)
        assert re.search(r"\bM\s+T\s+K\s+T\s+P\s+L\s+S\b", cal), cal
        # and after a view change too
        nav_to(page, "compliance")
        nav_to(page, "web")
        cal = _calendar_text(page)
        assert any(m in cal for m in FI_MONTHS) and not any(m in cal for m in EN_MONTHS), cal
