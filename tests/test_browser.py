"""A person opens the dashboard in a real browser (Debian's Chromium) and visits every view."""
from __future__ import annotations

import re

import pytest

from conftest import dashboard_server, nav_to, run_kp, sign_in, wait_streamlit

pytestmark = pytest.mark.browser


def n(value: int) -> str:
    """A count as the dashboard prints it (space as thousands separator)."""
    return f"{value:,}".replace(",", " ")


def expected_by_view(path) -> dict[str, list[str]]:
    """What each view must show, computed from the register itself (English UI)."""
    from kpcore import db

    with db.Register(path).read() as q:
        one = lambda sql: q.sql(sql).fetchall()[0][0]  # noqa: E731
        people = one("SELECT count(*) FROM contact")
        open_requests = one("SELECT count(*) FROM subject_request WHERE status NOT IN ('completed','refused')")
        engagements = one("SELECT count(*) FROM processor_engagement")
        purpose = one("SELECT name_en FROM purpose WHERE key = 'sales_marketing'")
        no_ticket = one("SELECT count(*) FROM processor_access WHERE ticket_ref IS NULL")
        breach_total = one("SELECT count(*) FROM breach")
    return {
        "overview": ["Kivikaarenkatu 21", "pekka.vaatanen@kuntaplus.fi", f"People\n\n{n(people)}"],
        "contacts": ["Purpose × source", purpose],
        "requests": ["Queue by due date", f"Open\n\n{open_requests}"],
        "processors": [f"Engagements in all\n\n{engagements}", f"Accesses without a request\n\n{no_ticket}"],
        "web": ["Visits per day", "Full IP addresses are kept for 30 days"],
        "notice": ["PRIVACY NOTICE FOR MARKETING AND CUSTOMER SERVICE", "Kivikaarenkatu 21"],
        "compliance": ["Findings"],
        "breaches": ["Personal-data breaches", ("table rows", breach_total)],
        "audit": ["Audit log", "Chain integrity", "events match"],
    }


def test_every_view_in_a_real_browser(tmp_path, browser):
    path = tmp_path / "demo.duckdb"
    run_kp("init", "--demo", "--contacts", "500", db_path=path, check=True)
    expected = expected_by_view(path)
    with dashboard_server(path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        sign_in(page, url.user, url.password)
        page.get_by_text("English", exact=True).click()
        wait_streamlit(page)
        links = page.locator('[data-testid="stSidebarNav"] a')
        shown = {(links.nth(i).get_attribute("href") or "").rstrip("/").rsplit("/", 1)[-1] for i in range(links.count())}
        assert set(expected) - {"overview"} <= shown, f"views missing from the navigation: {set(expected) - shown}"
        for view, texts in expected.items():
            nav_to(page, view)
            body = page.inner_text("body")
            assert page.locator('[data-testid="stException"]').count() == 0, f"{view}: exception shown"
            for text in texts:
                if isinstance(text, tuple):  # the first table holds exactly this many rows
                    grid = page.locator('[data-testid="stDataFrame"] [aria-rowcount]').first
                    rows = int(grid.get_attribute("aria-rowcount")) - 1  # less the header row
                    assert rows == text[1], f"{view}: {rows} rows in the table, the register holds {text[1]}"
                    continue
                assert text in body, f"{view} does not show {text!r}"


def test_a_cli_write_shows_in_the_running_dashboard(tmp_path, browser):
    """The dashboard holds no lock between interactions: `kp` writes while it runs."""
    path = tmp_path / "demo.duckdb"
    run_kp("init", "--demo", "--contacts", "100", db_path=path, check=True)
    with dashboard_server(path) as url:
        page = browser.new_page()
        page.goto(url + "/?lang=en")
        sign_in(page, url.user, url.password)
        body = page.inner_text("body")
        before = int(re.search(r"Open requests\s+(\d+)", body).group(1))
        res = run_kp("request", "add", "--type", "access", "--email", "uusi.kysyja@example.fi", "--json", db_path=path,
                     env={"KP_WAIT_SECONDS": "20"})
        assert res.returncode == 0, res.stderr
        assert "lock" not in res.stderr.lower()
        page.get_by_text("Suomi", exact=True).click()  # the next interaction
        wait_streamlit(page)
        assert re.search(rf"Avoimia pyyntöjä\s+{before + 1}\b", page.inner_text("body"))
