"""The DPO records an opt-out for someone not in the register and downloads the marketing list,
in a real browser (#11)."""
from __future__ import annotations

import re

import pytest

from conftest import dashboard_server, nav_to, run_kp, sign_in, wait_streamlit
from kpcore import db, marketing, suppression

pytestmark = pytest.mark.browser


def test_opt_out_form_and_marketing_list_download(tmp_path, browser):
    path = tmp_path / "demo.duckdb"
    run_kp("init", "--demo", "--contacts", "300", db_path=path, check=True)
    reg = db.Register(path)
    with reg.read() as q:
        reachable = len(marketing.lawful_list(q))
    assert reachable > 0
    with dashboard_server(path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1400}, accept_downloads=True)
        page.goto(url)
        sign_in(page, url.user, url.password)
        page.get_by_text("English", exact=True).click()
        wait_streamlit(page)
        nav_to(page, "marketing")
        box = page.locator('[data-testid="stMetric"]').filter(has_text="Reachable by email now").first
        assert int(re.sub(r"\D", "", box.locator('[data-testid="stMetricValue"]').inner_text())) == reachable
        with page.expect_download() as dl:
            page.get_by_role("button", name="Download the marketing list (CSV)").click()
        body = dl.value.path().read_bytes().decode("utf-8-sig")
        assert len(body.strip().splitlines()) == reachable + 1
        page.get_by_label("Email address").first.fill("ei.rekisterissa@example.fi")
        page.get_by_role("button", name="Record now").click()
        wait_streamlit(page)
        assert page.get_by_text("Recorded. In the register: 0").count() == 1
        assert page.locator('[data-testid="stException"]').count() == 0
    with reg.read() as q:
        assert suppression.is_suppressed(q, email="ei.rekisterissa@example.fi", purpose="sales_marketing")
        assert [e["action"] for e in __import__("kpcore.audit", fromlist=["x"]).events(q, action="marketing.export")]
