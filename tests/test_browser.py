"""A person opens the dashboard in a real browser (Debian's Chromium) and visits every view."""
from __future__ import annotations

import re

import pytest

from conftest import dashboard_server, nav_to, run_kp, sign_in, wait_streamlit

pytestmark = pytest.mark.browser

VIEW_TEXT = {  # url path -> text the view must show from the register (English UI)
    "overview": "Kivikaarenkatu 21",
    "contacts": "Contacts",
    "requests": "Subject requests",
    "processors": "Processor engagements",
    "notice": "Privacy notice",
    "compliance": "Compliance overview",
    "audit": "Audit log",
}


def test_every_view_in_a_real_browser(tmp_path, browser):
    path = tmp_path / "demo.duckdb"
    run_kp("init", "--demo", "--contacts", "500", db_path=path, check=True)
    with dashboard_server(path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        sign_in(page, url.user, url.password)
        page.get_by_text("English", exact=True).click()
        wait_streamlit(page)
        assert "KuntaPlus-projektipalvelu" in page.inner_text("body")
        for view, expected in VIEW_TEXT.items():
            nav_to(page, view)
            body = page.inner_text("body")
            assert page.locator('[data-testid="stException"]').count() == 0, f"{view}: exception shown"
            assert expected in body, f"{view} does not show {expected!r}"


def test_a_cli_write_shows_in_the_running_dashboard(tmp_path, browser):
    path = tmp_path / "demo.duckdb"
    run_kp("init", db_path=path, check=True)
    with dashboard_server(path) as url:
        page = browser.new_page()
        page.goto(url)
        sign_in(page, url.user, url.password)
        assert re.search(r"Henkilöitä\s*0", page.inner_text("body"))
        # the dashboard is running; the CLI writes to the same register
        from kpcore import db, demo
        demo.populate(db.Register(path), contacts=120, visits=0, seed=3)
        page.get_by_text("English", exact=True).click()  # the next interaction
        wait_streamlit(page)
        with db.Register(path).read() as q:
            n = q.value("count_contacts")
        assert re.search(rf"People\s*{n}", page.inner_text("body")), page.inner_text("body")[:500]
