"""Tables fit at 1400 px with no column cut off (issue 16 §4).

ui.fit's arithmetic on its edge cases, and in real Chromium: every view (and the pages of one
person, one request, one breach) in Finnish and English at a 1400 px wide window, every tab
opened, and no st.dataframe may scroll sideways (its scroller wider than its box)."""
from __future__ import annotations

import sys

import pandas as pd
import pytest

from conftest import ROOT, dashboard_server, sign_in, wait_streamlit

sys.path.insert(0, str(ROOT / "dashboard"))
import ui  # noqa: E402


def _width(cfg, col):
    return cfg["column_config"][col]["width"]


def test_a_table_that_fits_is_left_alone():
    assert ui.fit([{"a": 1, "b": "short"}]) == {}
    assert ui.fit([], column_config={"a": "A"}) == {"column_config": {"a": "A"}}
    assert ui.fit(pd.DataFrame([{"a": 1}]), column_config={"a": {"width": 40}}) == {"column_config": {"a": {"width": 40}}}


def test_a_wide_table_is_shared_out_within_its_room():
    rows = [{"#": i, "Havaittu": "30.11.2026 klo 21.00", "Riski": "Riski",
             "Mitä tapahtui": "Tarjouslaskelma, jossa yhteyshenkilöiden puhelinnumeroita, lähti väärälle asiakkaalle. " * 3}
            for i in range(5)]
    cfg = ui.fit(rows, room=600)
    widths = {c: _width(cfg, c) for c in rows[0]}
    assert sum(widths.values()) <= 600
    # narrow columns keep their natural width; the long text takes what is left and wraps
    assert widths["#"] < 60 and widths["Riski"] < 90
    assert widths["Mitä tapahtui"] == max(widths.values())
    assert cfg["row_height"] > 64  # Streamlit wraps a cell's text only in rows taller than 4rem
    assert cfg["height"] >= 5 * cfg["row_height"]  # every row shown
    # no word is broken where there is room: a column is at least its longest word wide
    assert widths["Havaittu"] >= len("30.11.2026") * 7


def test_the_lines_are_capped_and_existing_settings_kept():
    rows = [{"a": "x " * 2000, "b": ["Ei sopimusta", "Pääsy ilman pyyntöä"], "c": 1}]
    cfg = ui.fit(rows, column_config={"c": {"label": "C", "type_config": {"type": "number"}}, "b": "B"}, max_lines=3)
    assert cfg["row_height"] == 3 * 21 + 8
    assert cfg["column_config"]["c"]["label"] == "C" and cfg["column_config"]["c"]["type_config"] == {"type": "number"}
    assert cfg["column_config"]["b"]["label"] == "B"
    assert _width(cfg, "b") >= len("Pääsy ilman pyyntöä") * 7  # a chip is never split


SCREENS = ["overview", "contacts", "contacts?person={person}", "requests", "requests?request={request}", "systems",
           "marketing", "processors", "processors?engagement=2", "web", "notice", "compliance", "breaches", "breaches?breach=5", "audit"]
OVERFLOW = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')].filter(d => d.getBoundingClientRect().width > 0)
  .map(d => { const s = d.querySelector('.dvn-scroller'); return s ? [s.scrollWidth, s.clientWidth] : [0, 0]; })
  .filter(([sw, cw]) => sw > cw + 2)"""


@pytest.mark.browser
def test_every_table_fits_at_1400_px(tmp_path, browser, kp):
    from kpcore import db

    path = tmp_path / "demo.duckdb"
    kp("init", "--demo", "--contacts", "300", db_path=path, check=True)
    with db.Register(path).read() as q:
        person, request = q.sql("SELECT min(contact_id), min(request_id) FROM request_subject").fetchone()
    cut = []
    with dashboard_server(path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/?lang=fi")
        sign_in(page)
        for lang in ("fi", "en"):
            for screen in SCREENS:
                target = screen.format(person=person, request=request)
                page.goto(f"{url}/{target}{'&' if '?' in target else '?'}lang={lang}")
                wait_streamlit(page)
                page.wait_for_selector('[data-testid="stSidebarNav"]', timeout=30000)
                tabs = page.locator('[data-baseweb="tab"]')
                found = page.evaluate(OVERFLOW)
                for i in range(tabs.count()):
                    if tabs.nth(i).is_visible():
                        tabs.nth(i).click()
                        page.wait_for_timeout(500)
                        found += page.evaluate(OVERFLOW)
                cut += [(lang, target, sw, cw) for sw, cw in found]
    assert cut == [], f"tables wider than their box (scrolled sideways) at 1400 px: {cut}"
