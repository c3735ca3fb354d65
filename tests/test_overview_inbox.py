"""The overview's inbox (kpcore.overview.today): the right rows with their days left, every
source pluggable, and in a real browser one click (same tab, same session) to where each is done."""
from __future__ import annotations

import datetime as dt

import pytest

from conftest import dashboard_server, sign_in, wait_streamlit
from kpcore import overview, requests as reqs

TODAY = dt.date(2026, 12, 1)
NOW = dt.datetime(2026, 12, 1, 12, 0)


def rows_of(reg, **kw):
    with reg.read() as q:
        return overview.today(q, kw.get("today", TODAY), kw.get("now", NOW))


def test_an_empty_register_has_nothing_to_do_but_its_notice(reg):
    rows = rows_of(reg)
    assert {r["source"] for r in rows} <= {"notice", "systems"}  # #12: and the systems map to fill


def test_requests_overdue_and_due_this_week_are_listed_with_days_left_and_later_ones_not(reg):
    # Art. 12(3): one month from receipt. Received 2026-10-20 -> due 2026-11-20 (11 days late);
    # received 2026-11-05 -> 2026-12-05 is a Saturday, so due Monday 2026-12-07 (6 days left);
    # received 2026-11-25 -> due 2026-12-25 (not this week).
    late = reqs.add(reg, "t", type="access", email="a@example.fi", received_on=dt.date(2026, 10, 20))
    soon = reqs.add(reg, "t", type="erasure", email="b@example.fi", received_on=dt.date(2026, 11, 5))
    later = reqs.add(reg, "t", type="access", email="c@example.fi", received_on=dt.date(2026, 11, 25))
    rows = [r for r in rows_of(reg) if r["source"] == "request"]
    by_id = {r["params"]["request"]: r for r in rows}
    assert set(by_id) == {str(late["id"]), str(soon["id"])}
    assert by_id[str(late["id"])]["days_left"] == (late["due_on"] - TODAY).days < 0
    assert by_id[str(late["id"])]["severity"] == "high"
    assert by_id[str(soon["id"])]["days_left"] == (soon["due_on"] - TODAY).days == 6
    assert all(r["page"] == "requests" for r in rows)
    # the most urgent first
    assert [r["params"]["request"] for r in rows] == [str(late["id"]), str(soon["id"])]
    reqs.close(reg, "t", late["id"], on=TODAY)
    assert str(late["id"]) not in {r["params"].get("request") for r in rows_of(reg)}


def test_a_running_breach_clock_shows_its_hours_and_leads_to_the_breach(reg):
    with reg.write("t", "breach.add", "breach", 1) as w:
        w.sql("INSERT INTO breach (id, aware_at, occurred_at, description, risk) VALUES (1, ?, ?, 'x', 'risk')",
              [dt.datetime(2026, 12, 1, 8, 0), dt.datetime(2026, 12, 1, 7, 0)])
    rows = [r for r in rows_of(reg) if r["source"] == "breach"]
    assert len(rows) == 1 and rows[0]["params"] == {"breach": "1"} and rows[0]["page"] == "breaches"
    assert rows[0]["hours_left"] == pytest.approx(68.0)
    late = [r for r in rows_of(reg, now=dt.datetime(2026, 12, 5, 12)) if r["source"] == "breach"]
    assert late[0]["hours_left"] < 0 and late[0]["days_left"] < 0


def test_a_source_is_one_line(reg, monkeypatch):
    def tasks(q, today, now):
        return [overview.item("task", "medium", 2, {"fi": "Tehtävä", "sv": "Uppgift", "en": "Task"}, "requests",
                              {"request": 9})]

    monkeypatch.setattr(overview, "SOURCES", overview.SOURCES + [tasks])
    rows = rows_of(reg)
    assert [(r["text_fi"], r["text_sv"], r["text_en"]) for r in rows if r["source"] == "task"] == \
        [("Tehtävä", "Uppgift", "Task")]


def test_the_demo_register_lists_each_kind(demo_reg):
    rows = rows_of(demo_reg, today=dt.date.today(), now=dt.datetime.now())
    kinds = {r["source"] for r in rows}
    assert {"request", "engagement", "notice"} <= kinds, kinds
    for r in rows:
        assert r["page"] in {"requests", "breaches", "contacts", "processors", "notice", "compliance", "systems"}
        assert r["text_fi"] and r["text_en"]


@pytest.mark.browser
def test_inbox_rows_open_in_the_same_tab_and_keep_the_session(tmp_path, browser, kp):
    path = tmp_path / "demo.duckdb"
    kp("init", "--demo", "--contacts", "300", db_path=path, check=True)
    rows, req_row = demo_rows(path)
    with dashboard_server(path) as url:
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = ctx.new_page()
        page.goto(f"{url}/?lang=en")
        sign_in(page)
        body = page.inner_text("body")
        assert "Today's work" in body
        # every row is there with its days left, and the counts stay below
        for r in rows:
            assert r["text_en"].split(":")[0] in body
        assert "Open requests" in body and body.index("Today's work") < body.index("Open requests")
        assert "d late" in body
        # the request row's link: same tab (no target=_blank), into the request page, still signed in
        link = page.locator(f'a[href*="request={req_row["params"]["request"]}"]').first
        assert link.get_attribute("target") in (None, "", "_self")
        pages_before = len(ctx.pages)
        link.click()
        wait_streamlit(page)
        assert len(ctx.pages) == pages_before
        assert f"request={req_row['params']['request']}" in page.url
        body = page.inner_text("body")
        assert f"Request {req_row['params']['request']}:" in body and "Password" not in body
        # the Art. 14 row opens the contacts view on its Art. 14 tab
        page.goto(f"{url}/?lang=en")
        wait_streamlit(page)
        a14 = page.locator('a[href*="tab=art14"]')
        if a14.count():
            a14.first.click()
            wait_streamlit(page)
            assert "Overdue (over a month)" in page.inner_text("body")
        page.screenshot(path=str(tmp_path / "inbox.png"))


def demo_rows(path):
    from kpcore import db

    with db.Register(path).read() as q:
        rows = overview.today(q)
    req = [r for r in rows if r["source"] == "request"]
    assert req, "the demo has requests due"
    return rows, req[0]


def test_every_rows_page_is_a_real_view(demo_reg):
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "dashboard"))
    import ui

    for r in rows_of(demo_reg, today=dt.date.today(), now=dt.datetime.now()):
        assert ui.view_file(r["page"]) == f"views/{r['page']}.py", r
        assert (ROOT / "dashboard" / ui.view_file(r["page"])).is_file()
    assert ui.view_file("../../etc/passwd") == "views/overview.py" and ui.view_file("") == "views/overview.py"
