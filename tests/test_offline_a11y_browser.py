"""Every view in a real browser, in Finnish and in English: nothing is fetched from any host but
this machine (issue 16 §5), and axe-core finds no serious or critical violation (§7).

One tour of the dashboard records every request the pages make (page.on("request")) and runs
axe-core (axe-playwright-python ships axe.min.js; it is injected into the page, not fetched)
on the sign-in form, each view and a person's, a request's, an engagement's and a breach's page.
The HTML privacy notice, published on the web, is held to WCAG 2.1 A and AA in full.
"""
from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from conftest import dashboard_server, nav_to, run_kp, sign_in, wait_streamlit

pytestmark = pytest.mark.browser

# At least these; any other view in the navigation is visited too.
VIEWS = ["overview", "contacts", "requests", "processors", "web", "notice", "compliance", "breaches", "audit"]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
# Schemes that never reach the network.
LOCAL_SCHEMES = {"data", "blob", "about", "file", "chrome-extension"}


def axe_problems(page, where: str, impacts=("serious", "critical"), tags=None) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    options = {"resultTypes": ["violations"]}
    if tags:
        options["runOnly"] = {"type": "tag", "values": list(tags)}
    res = Axe().run(page, options=options).response
    out = []
    for v in res["violations"]:
        if impacts is None or v.get("impact") in impacts:
            targets = [" ".join(map(str, n.get("target", []))) for n in v.get("nodes", [])][:3]
            out.append(f"{where}: {v['id']} ({v.get('impact')}): {v.get('help')} at {targets}")
    return out


def external(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return False
    return (parts.hostname or "") not in LOCAL_SCHEMES | LOOPBACK and parts.hostname not in LOOPBACK


def _first_id(path, sql: str):
    from kpcore import db

    with db.Register(path).read() as q:
        row = q.sql(sql).fetchall()
    return row[0][0] if row else None


@pytest.fixture(scope="module")
def tour(tmp_path_factory):
    """Walk every view in both languages; returns (every URL requested, axe problems)."""
    import os

    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM, CHROMIUM_ARGS

    path = tmp_path_factory.mktemp("tour") / "demo.duckdb"
    run_kp("init", "--demo", "--contacts", "300", db_path=path, check=True)
    details = {
        "contacts": ("person", _first_id(path, "SELECT min(id) FROM contact")),
        "requests": ("request", _first_id(path, "SELECT min(id) FROM subject_request")),
        "processors": ("engagement", _first_id(path, "SELECT min(id) FROM processor_engagement")),
        "breaches": ("breach", _first_id(path, "SELECT min(id) FROM breach")),
    }
    assert all(v is not None for _, v in details.values()), details
    requested: list[str] = []
    problems: list[str] = []
    assert os.path.exists(CHROMIUM)
    with dashboard_server(path) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for lang in ("fi", "en"):
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.on("request", lambda r: requested.append(r.url))
                page.goto(f"{url}/?lang={lang}")
                wait_streamlit(page)
                page.wait_for_selector('input[type="password"]', timeout=30000)
                problems += axe_problems(page, f"{lang}/sign-in")
                sign_in(page, url.user, url.password)
                links = page.locator('[data-testid="stSidebarNav"] a')
                shown = {(links.nth(i).get_attribute("href") or "").rstrip("/").rsplit("/", 1)[-1]
                         for i in range(links.count())}
                views = VIEWS + sorted(shown - set(VIEWS) - {f"127.0.0.1:{url.rsplit(':', 1)[-1]}"})
                assert set(VIEWS) - {"overview"} <= shown, shown
                for view in views:
                    nav_to(page, view)
                    assert page.locator('[data-testid="stException"]').count() == 0, f"{lang}/{view}: exception"
                    problems += axe_problems(page, f"{lang}/{view}")
                page.close()
                for view, (param, value) in details.items():  # a detail page, opened by its link
                    page = browser.new_page(viewport={"width": 1400, "height": 1000})
                    page.on("request", lambda r: requested.append(r.url))
                    page.goto(f"{url}/{view}?{param}={value}&lang={lang}")
                    wait_streamlit(page)
                    if page.locator('input[type="password"]').count():
                        sign_in(page, url.user, url.password)
                    assert page.locator('[data-testid="stException"]').count() == 0, f"{lang}/{view}?{param}"
                    problems += axe_problems(page, f"{lang}/{view}?{param}")
                    page.close()
        finally:
            browser.close()
    return requested, problems


def test_nothing_is_fetched_from_outside_this_machine(tour):
    requested, _ = tour
    assert len(requested) > 50, "the tour recorded too few requests to mean anything"
    assert any(u.endswith((".png", "/favicon.png")) or "media" in u for u in requested), \
        "the favicon was not requested from this server"
    outside = sorted({u for u in requested if external(u)})
    assert outside == [], "requests left the machine:\n" + "\n".join(outside)


def test_external_catches_what_it_must():
    """The check itself: any non-loopback host counts, loopback and data: do not."""
    assert external("https://fonts.gstatic.com/s/i/short-term/release/x.svg")
    assert external("http://192.168.1.5:8501/")
    assert external("http://127.0.0.1.example.com/")
    assert not external("http://127.0.0.1:8501/_stcore/health")
    assert not external("http://localhost:8501/media/x.png")
    assert not external("data:image/svg+xml,<svg/>")


def test_every_view_has_no_serious_or_critical_axe_violation(tour):
    _, problems = tour
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_html_notice_meets_wcag_21_aa(tmp_path, browser, lang):
    """The published notice: no WCAG 2.0/2.1 A or AA violation of any impact, a language,
    one h1 and headings that do not skip a level, a main landmark."""
    path = tmp_path / "demo.duckdb"
    run_kp("init", "--demo", "--contacts", "50", db_path=path, check=True)
    out = tmp_path / f"notice-{lang}.html"
    res = run_kp("notice", "--format", "html", "--lang", lang, "--output", str(out), db_path=path)
    assert res.returncode == 0, res.stderr
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(out.resolve().as_uri())
    problems = axe_problems(page, f"notice-{lang}", impacts=None,
                           tags=["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    assert problems == [], "\n".join(problems)
    assert page.evaluate("document.documentElement.lang") in ("fi", "en")
    levels = json.loads(page.evaluate(
        "JSON.stringify([...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1]))"))
    assert levels and levels[0] == 1 and levels.count(1) == 1, levels
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), f"a heading level is skipped: {levels}"
    assert page.locator("main").count() == 1
    assert [u for u in requested if external(u)] == []
