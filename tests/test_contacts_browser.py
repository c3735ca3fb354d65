"""A person filters the contacts view in a real browser and sees the counts change."""
from __future__ import annotations

import re

import pytest

from conftest import dashboard_server, nav_to, run_kp, wait_streamlit
from kpcore import contacts as kc
from kpcore import db

pytestmark = pytest.mark.browser


def metric(page, label: str) -> int:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return int(re.sub(r"\D", "", box.locator('[data-testid="stMetricValue"]').inner_text()))


def test_filtering_the_contacts_view_changes_the_counts(tmp_path, browser):
    path = tmp_path / "demo.duckdb"
    run_kp("init", "--demo", "--contacts", "400", db_path=path, check=True)
    with db.Register(path).read() as q:
        everyone = kc.table(q, kc.Filters(), 0, 0)
        group2 = kc.table(q, kc.Filters(purpose="expert_user"), 0, 0)
        group2_tampere = kc.table(q, kc.Filters(purpose="expert_user", organisation="Tampereen"), 0, 0)
    assert everyone["people"] > group2["people"] > group2_tampere["people"] > 0
    with dashboard_server(path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        wait_streamlit(page)
        page.get_by_text("English", exact=True).click()
        wait_streamlit(page)
        nav_to(page, "contacts")
        page.get_by_role("tab", name="People").click()
        wait_streamlit(page)
        assert metric(page, "People") == everyone["people"]
        assert metric(page, "Purpose links") == everyone["links"]

        page.locator('[data-testid="stSelectbox"]').filter(has_text="Purpose").first.click()
        page.get_by_role("option", name="Expert-service contact persons – group 2").click()
        wait_streamlit(page)
        assert metric(page, "People") == group2["people"]
        assert metric(page, "Purpose links") == group2["links"]

        box = page.get_by_label("Organisation contains")
        box.fill("Tampereen")
        box.press("Enter")
        wait_streamlit(page)
        assert metric(page, "People") == group2_tampere["people"]
        assert metric(page, "Purpose links") == group2_tampere["links"]
        assert page.locator('[data-testid="stException"]').count() == 0
