"""Issue #15 §1: register text is text on every view. Hostile values (Markdown images pointing
at an outside host, links, bold, HTML, Streamlit colour directives, bare URLs) are put into
every table a view shows; a real browser visits every view and every tab, and

- makes zero requests to any host other than the loopback dashboard (no tracking pixel),
- renders no link, image or bold text out of them,
- shows the values as the literal text they are where a view writes them in Markdown.

Failed on f5bb249: the request page rendered the requester's name as Markdown, so the
browser fetched http://203.0.113.1/p.png and `[x](http://example.org)` became a link.
"""
from __future__ import annotations

import datetime as dt
import re
import time
from urllib.parse import urlsplit

import pytest

from conftest import dashboard_server, nav_to, run_kp, sign_in, wait_streamlit

pytestmark = pytest.mark.browser

OUTSIDE_IMG = "http://203.0.113.1/p.png"
HOSTILE = (f"![p]({OUTSIDE_IMG}) [x](http://example.org/l) **bold** <img src=http://203.0.113.2/i.png> "
           ":red[x] http://example.net/auto www.example.com")


def hostile(tag: str) -> str:
    return f"{tag} {HOSTILE}"


def make_hostile(path) -> dict:
    """Put hostile text into every register table a view shows; returns ids to visit."""
    from kpcore import db

    reg = db.Register(path)
    today = dt.date.today()
    with reg.write("test", "test.hostile") as w:
        w.sql("UPDATE controller SET name = ?, street = ?, city = ?, dpo_name = ?",
              [hostile("C1"), hostile("C2"), hostile("C3"), hostile("C4")])
        cid = w.sql("SELECT min(id) FROM contact").fetchall()[0][0]
        w.sql("UPDATE contact SET name = ?, organisation = ?, title = ? WHERE id = ?",
              [hostile("P1"), hostile("P2"), hostile("P3"), cid])
        other = w.sql("INSERT INTO contact (email, name) VALUES (?, ?) RETURNING id",
                      ["[x](http://example.org/m)@x.fi", hostile("P4")]).fetchall()[0][0]
        w.sql("INSERT INTO contact_purpose (contact_id, purpose, source, collected_on) "
              "SELECT ?, purpose, source, collected_on FROM contact_purpose WHERE contact_id = ?", [other, cid])
        w.sql("UPDATE purpose SET name_fi = ?, name_en = ? WHERE key = 'sales_marketing'",
              [hostile("U1"), hostile("U2")])
        rid = w.sql("SELECT min(id) FROM subject_request WHERE status NOT IN ('completed', 'refused')").fetchall()[0][0]
        w.sql("UPDATE subject_request SET requester_name = ?, requester_email = ?, requester_phone = ?, requester_ip = ?,"
              " extended_on = ?, extension_reason = ? WHERE id = ?",
              [hostile("R1"), "[x](http://example.org/e)@x.fi", hostile("R3"), hostile("R4"), today, hostile("R5"), rid])
        w.sql("DELETE FROM request_subject WHERE request_id = ?", [rid])
        w.sql("INSERT INTO request_subject VALUES (?, ?), (?, ?)", [rid, cid, rid, other])
        refused = w.sql("SELECT max(id) FROM subject_request").fetchall()[0][0]
        w.sql("UPDATE subject_request SET status = 'refused', answered_on = ?, refusal_reason = ? WHERE id = ?",
              [today, hostile("R6"), refused])
        w.sql("UPDATE request_event SET note = ? WHERE request_id = ?", [hostile("R7"), rid])
        kid = w.sql("INSERT INTO customer (name, address, contact_name) VALUES (?, ?, ?) RETURNING id",
                    [hostile("K1"), hostile("K2"), hostile("K3")]).fetchall()[0][0]
        eid = w.sql("INSERT INTO processor_engagement (customer_id, system, vendor, service_fi, service_en, agreement_ref,"
                    " starts_on) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    [kid, hostile("E1"), hostile("E2"), hostile("E4"), hostile("E5"), hostile("E3"),
                     today - dt.timedelta(days=30)]).fetchall()[0][0]
        w.sql("INSERT INTO processor_access (engagement_id, accessed_at, staff, reason) VALUES (?, ?, ?, ?)",
              [eid, dt.datetime.now() - dt.timedelta(days=1), hostile("A1"), hostile("A2")])
        w.sql("UPDATE breach SET description = ?, effects = ?", [hostile("B1"), hostile("B2")])
        w.sql("UPDATE web_visit SET page = ?, user_agent = ? WHERE rowid IN (SELECT rowid FROM web_visit LIMIT 50)",
              [hostile("W1"), hostile("W2")])
    return {"contact": cid, "request": rid, "refused": refused, "engagement": eid}


def open_link(page, url, link: str) -> None:
    """Open a deep link; a new page load may need to sign in again."""
    page.goto(url + link + ("&" if "?" in link else "?") + "lang=en")
    wait_streamlit(page)
    if page.locator('input[type="password"]').count():
        sign_in(page, url.user, url.password)


def text_of(page) -> str:
    """The page's text without the invisible word joiners kpcore.safety.md puts into bare URLs."""
    return page.inner_text("body").replace("\u2060", "")


def check_page(page, where: str, outside: list[str]) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, f"{where}: exception shown"
    assert not outside, f"{where}: requests to outside hosts: {outside}"
    links = 'a[href*="example.org"], a[href*="example.net"], a[href*="example.com"], a[href*="203.0.113"]'
    assert page.locator(links).count() == 0, f"{where}: a hostile value became a link"
    assert page.locator('img[src*="203.0.113"]').count() == 0, f"{where}: a hostile value became an image"
    bold = page.locator("strong, b").filter(has_text=re.compile(r"^\s*bold\s*$"))
    assert bold.count() == 0, f"{where}: a hostile value became bold text"


def open_sections(page, where: str, outside: list[str]) -> None:
    """Opens every section shown (ui.lazy_expander draws a section's content only when it is
    opened: the notice's sections, a breach's forms) and checks the page with them drawn."""
    summaries = page.locator('[data-testid="stExpander"] summary:visible')
    n = summaries.count()
    for i in range(n):
        summaries.nth(i).click()
        wait_streamlit(page)
    if n:
        check_page(page, f"{where} with its sections open", outside)


def check_with_tabs(page, where: str, outside: list[str]) -> None:
    """check_page on the page and on each of its tabs (tabs render lazily: each is opened),
    with every section of each opened too."""
    check_page(page, where, outside)
    open_sections(page, where, outside)
    tabs = page.locator('[data-baseweb="tab"]')
    for i in range(tabs.count()):
        tabs.nth(i).click()
        wait_streamlit(page)
        check_page(page, f"{where} tab {i}", outside)
        open_sections(page, f"{where} tab {i}", outside)


def test_hostile_register_text_on_every_view(tmp_path, browser):
    path = tmp_path / "demo.duckdb"
    run_kp("init", "--demo", "--contacts", "200", db_path=path, check=True)
    ids = make_hostile(path)
    outside: list[str] = []

    def on_request(req):
        host = urlsplit(req.url).hostname or ""
        if req.url.startswith(("data:", "blob:", "about:")):
            return
        if host not in ("127.0.0.1", "localhost", "::1"):
            outside.append(req.url)

    with dashboard_server(path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on("request", on_request)
        page.goto(url + "/?lang=en")
        sign_in(page, url.user, url.password)
        literal_seen = []
        for view in ("overview", "contacts", "requests", "processors", "web", "notice", "compliance", "breaches", "audit"):
            nav_to(page, view)
            check_with_tabs(page, view, outside)
            if "**bold**" in text_of(page):
                literal_seen.append(view)
        # the views that write register text in Markdown show it literally
        assert {"overview", "compliance"} <= set(literal_seen), literal_seen

        for link, where in ((f"/requests?request={ids['request']}", "request page"),
                            (f"/requests?request={ids['refused']}", "refused request"),
                            (f"/contacts?person={ids['contact']}", "person page"),
                            (f"/processors?engagement={ids['engagement']}", "engagement page")):
            open_link(page, url, link)
            check_with_tabs(page, where, outside)
            body = text_of(page)
            assert f"![p]({OUTSIDE_IMG})" in body and "**bold**" in body and ":red[x]" in body, f"{where}: {body[:3000]}"
        open_link(page, url, f"/requests?request={ids['request']}")
        deadline = time.time() + 30  # the person links come last: wait until they are drawn
        while "P4 " not in text_of(page) and time.time() < deadline:
            time.sleep(0.5)
        body = text_of(page)
        for tag in ("R1", "R3", "R4", "R5", "P1"):
            assert f"{tag} ![p]({OUTSIDE_IMG}) [x](http://example.org/l) **bold**" in body, (tag, body[body.find("Persons"):][:600])
        assert "[x](http://example.org/e)@x.fi" in body
