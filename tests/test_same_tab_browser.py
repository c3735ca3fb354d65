"""Every link inside the dashboard opens in the same tab and keeps the session: the person of a
request, a finding's "open", the queue's and the people table's rows, the person page's way back."""
from __future__ import annotations

import pytest

from conftest import dashboard_server, nav_to, sign_in, wait_streamlit
from kpcore import db

pytestmark = pytest.mark.browser


def _click_first_row(page, grid) -> None:
    """Selects the first data row of a st.dataframe (drawn on a canvas) by its selection box."""
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)
    wait_streamlit(page)


def _still_one_tab_signed_in(ctx, page) -> None:
    assert len(ctx.pages) == 1
    assert page.locator('input[type="password"]').count() == 0
    page.wait_for_selector('[data-testid="stSidebarNav"]', timeout=30000)


def test_links_stay_in_the_tab_and_the_session(tmp_path, browser, kp):
    path = tmp_path / "demo.duckdb"
    kp("init", "--demo", "--contacts", "300", db_path=path, check=True)
    with db.Register(path).read() as q:
        rid, pid, pname = q.sql("""SELECT r.id, c.id, c.name FROM subject_request r
                                   JOIN request_subject rs ON rs.request_id = r.id JOIN contact c ON c.id = rs.contact_id
                                   ORDER BY r.id LIMIT 1""").fetchone()
    with dashboard_server(path) as url:
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = ctx.new_page()
        page.goto(f"{url}/requests?request={rid}&lang=en")
        sign_in(page)
        # no link on any page opens a new tab
        for view in ("overview", "compliance", "requests"):
            nav_to(page, view)
            assert page.locator('a[target="_blank"][href^="/"], a[target="_blank"][href*="127.0.0.1"]').count() == 0, view

        # a request's person
        page.goto(f"{url}/requests?request={rid}&lang=en")
        wait_streamlit(page)
        page.locator(f'a[href*="person={pid}"]').first.click()
        wait_streamlit(page)
        _still_one_tab_signed_in(ctx, page)
        assert f"person={pid}" in page.url and pname in page.inner_text("body")
        # ... and back to every contact, in the same tab
        page.get_by_role("button", name="← All contacts").click()
        wait_streamlit(page)
        assert "person=" not in page.url and "Summary" in page.inner_text("body")

        # the people table: selecting a row opens that person
        page.get_by_role("tab", name="People").click()
        wait_streamlit(page)
        _click_first_row(page, page.locator('[data-testid="stDataFrame"]').first)
        _still_one_tab_signed_in(ctx, page)
        assert "person=" in page.url and "Email:" in page.inner_text("body")

        # a finding's "open"
        nav_to(page, "compliance")
        link = page.locator('a[href*="request="]').first
        href = link.get_attribute("href")
        link.click()
        wait_streamlit(page)
        _still_one_tab_signed_in(ctx, page)
        assert href.split("?")[1] in page.url and "Request " in page.inner_text("body")

        # the queue: selecting a row opens the request
        nav_to(page, "requests")
        _click_first_row(page, page.locator('[data-testid="stDataFrame"]').first)
        _still_one_tab_signed_in(ctx, page)
        assert "request=" in page.url and "History" in page.inner_text("body")
