"""A DPO walks one breach in a real browser: facts -> risk assessment -> decision -> notified."""
from __future__ import annotations

import datetime as dt

import pytest

from conftest import dashboard_server, nav_to, run_kp, sign_in, wait_streamlit
from kpcore.breach import case
from kpcore.db import Register

pytestmark = pytest.mark.browser


def visible(page, selector: str):
    return page.locator(f"{selector}:visible").first


def click_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    wait_streamlit(page)


def test_one_breach_from_facts_to_notified(tmp_path, browser):
    path = tmp_path / "register.duckdb"
    run_kp("init", db_path=path, check=True)
    aware = dt.datetime.now() - dt.timedelta(hours=2)
    with dashboard_server(path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1800})
        page.goto(url)
        sign_in(page, url.user, url.password)
        page.get_by_text("English", exact=True).click()
        wait_streamlit(page)
        nav_to(page, "breaches")
        assert "No breaches recorded." in page.inner_text("body")
        # 1. facts
        visible(page, 'input[aria-label="Became aware"]').fill(f"{aware:%Y-%m-%d %H:%M}")
        visible(page, 'textarea[aria-label="What happened"]').fill("Asiakaslista lähti väärälle vastaanottajalle")
        visible(page, 'textarea[aria-label="How it happened and was found"]').fill("Automaattitäydennys")
        page.get_by_role("button", name="Save", exact=True).first.click()
        wait_streamlit(page)
        body = page.inner_text("body")
        assert "Breach #1 recorded." in body and "Data Protection Ombudsman (72 h)" in body
        assert "2. Risk assessment ◀" in body.replace("**", "") or "Risk assessment" in body
        # 2. risk assessment
        click_tab(page, "2. Risk assessment")
        visible(page, 'textarea[aria-label="Justification"]').fill("Nimiä ja osoitteita ulkopuoliselle")
        page.get_by_role("button", name="Save assessment").click()
        wait_streamlit(page)
        assert "Assessment saved: Unlikely to result in a risk" in page.inner_text("body")
        # 3. decision: notify all the same
        click_tab(page, "3. Decision")
        visible(page, 'textarea[aria-label="Reason for the decision"]').fill("Ilmoitetaan varmuuden vuoksi")
        page.get_by_role("button", name="Save decision").click()
        wait_streamlit(page)
        assert "Decision saved." in page.inner_text("body")
        # 4. the notification to the Ombudsman
        click_tab(page, "4. Notices")
        page.get_by_role("button", name="Record notification").click()
        wait_streamlit(page)
        body = page.inner_text("body")
        assert "Notification recorded (version 1)." in body
        assert "Notified in time" in body and "done" in body
        assert page.locator('[data-testid="stException"]').count() == 0
        click_tab(page, "4. Notices")
        assert "Record supplement" in page.inner_text("body")  # the next step: a supplement, if needed
        page.screenshot(path=str(tmp_path / "breach.png"), full_page=True)
    with Register(path).read() as q:
        c = case.get_case(q, 1)
    assert c["notify"] is True and c["decision_reason"] == "Ilmoitetaan varmuuden vuoksi"
    assert c["how"] == "Automaattitäydennys" and c["assessment"]["justification"].startswith("Nimiä")
    assert [n["version"] for n in c["notifications"]] == [1] and c["clock"]["state"] == "on_time"
    assert case.stage(c) == "done"
