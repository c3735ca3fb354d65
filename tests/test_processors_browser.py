"""A person opens an engagement by its link in a real browser, logs an access and sees it in the log."""
from __future__ import annotations

import datetime as dt

import pytest

from conftest import dashboard_server, wait_streamlit
from kpcore import db
from kpcore import processors as P

pytestmark = pytest.mark.browser


def test_log_an_access_from_the_engagement_page(tmp_path, browser):
    reg = db.create(tmp_path / "register.duckdb")
    eid = P.add_engagement(reg, "test", {"customer": "Pirkkalan kunta", "system": "Hankesalkku", "vendor": "Projekta Oy",
                                          "service_fi": "Pääkäyttäjätuki", "starts_on": dt.date.today() - dt.timedelta(days=30)})
    with dashboard_server(reg.path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        page.goto(f"{url}/processors?engagement={eid}&lang=en")
        wait_streamlit(page)
        assert "Pirkkalan kunta — Hankesalkku" in page.inner_text("body")
        assert "No accesses logged." in page.inner_text("body")
        form = page.locator('[data-testid="stForm"]').first
        form.get_by_label("Who *").fill("Laura Kivelä")
        form.get_by_label("Reason *").fill("Käyttäjän oikeuksien päivitys")
        form.get_by_label("What was done").fill("Lisättiin hankeoikeus")
        page.get_by_role("button", name="Log access").click()
        wait_streamlit(page)
        body = page.inner_text("body")
        assert "Access logged. Without a request reference it is flagged." in body
        assert "Access to customer data without a customer request or ticket reference (1)" in body
        log = page.locator('[data-testid="stDataFrame"]').first
        log.wait_for()
        # The grid draws on a canvas; its text is also in the (visually hidden) table Streamlit renders for screen readers.
        cells = log.locator("td").all_inner_texts()
        assert "Laura Kivelä" in cells and "Käyttäjän oikeuksien päivitys" in cells, cells
        assert "no request reference" in cells, cells
    with reg.read() as q:
        accesses = P.engagement(q, eid)["accesses"]
    assert [(a["staff"], a["reason"], a["ticket_ref"]) for a in accesses] == [
        ("Laura Kivelä", "Käyttäjän oikeuksien päivitys", None)]
