"""The sign-in form in the page `kp serve` serves (kpcore/shell.py first_form): shown from the
page's first byte, before Streamlit's JavaScript has run, and handed over to Streamlit's own form
with what was typed (issue 16 §6: first load to the sign-in form ≤ 1.5 s).

The browser tests hold back Streamlit's main script (Playwright's routing) for as long as they
need the page without it, as a slow machine would, then let it through."""
from __future__ import annotations

import re
import time

import pytest

from conftest import TEST_PASSWORD, TEST_USER, dashboard_server, sign_in, wait_streamlit
from kpcore import audit, i18n, serve, shell

MAIN_SCRIPT = re.compile(r"/static/js/index\.[\w\-]+\.js$")


def _held(page) -> list:
    """Streamlit's main script is not answered until the test continues the routes it returns."""
    held: list = []
    page.route(MAIN_SCRIPT, lambda route: held.append(route))
    return held


def _parsed(page) -> None:
    """The page's HTML has been read (its own scripts have run); Streamlit's, deferred, not yet."""
    page.wait_for_function("document.readyState !== 'loading'", timeout=30000)


def _let_through(page, held: list) -> None:
    deadline = time.time() + 30
    while not held and time.time() < deadline:
        page.wait_for_timeout(50)
    assert held, "the page never asked for Streamlit's script"
    for route in held:
        try:
            route.continue_()
        except Exception:  # noqa: BLE001 - the request of a page left since (a reload): nobody waits for it
            pass
    page.unroute(MAIN_SCRIPT)


# --- the page itself -------------------------------------------------------------------------

def test_the_form_goes_once_before_the_end_of_the_body_in_every_language_and_nothing_from_outside():
    page = ('<html><head><link rel="preload" href="./static/media/SourceSansVF-Upright.ttf.X1.woff2" as="font">'
            '</head><body><div id="root"></div></body></html>')
    out = shell.index_html(page)
    assert out.count('id="kp-pre"') == 1 and out.index('id="root"') < out.index('id="kp-pre"') < out.index("</body>")
    assert shell.index_html(page, form=False).count("kp-pre") == 0  # where an identity provider signs people in
    form = shell.first_form(page)
    for lang in i18n.LANGS:
        for message in shell.FORM_TEXTS.values():
            assert i18n.gettext(message, lang) in form, (lang, message)
    assert 'url("./static/media/SourceSansVF-Upright.ttf.X1.woff2")' in form  # Streamlit's own font file
    assert "http" not in form.replace('"http', "")  # no address outside this server ...
    assert not re.search(r"https?://", form)  # ... at all
    assert 'action="javascript:void(0)"' in form and 'method="post"' in form  # it sends nothing anywhere
    assert shell.index_html("<html><head></head><body>no root</body></html>").count("kp-pre") == 0


def test_an_identity_provider_in_the_secrets_means_the_plain_page(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    run = ["run", "app.py", "--server.port", "8501"]
    assert serve.oidc_configured(run) is False
    secrets = tmp_path / "s.toml"
    secrets.write_text('[connections]\nx = 1\n')
    assert serve.oidc_configured(run + ["--secrets.files", str(secrets)]) is False
    secrets.write_text('[auth]\nredirect_uri = "http://127.0.0.1:8501/oauth2callback"\n')
    assert serve.oidc_configured(run + ["--secrets.files", str(secrets)]) is True
    secrets.write_text('[auth\nbroken')
    assert serve.oidc_configured(run + ["--secrets.files", str(secrets)]) is True  # in doubt: the plain page
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('[auth]\nclient_id = "x"\n')
    assert serve.oidc_configured(run) is True


# --- in Chromium -------------------------------------------------------------------------------

@pytest.mark.browser
def test_the_form_is_there_before_streamlit_and_a_sign_in_typed_into_it_goes_through(demo_reg, browser):
    sent: list[str] = []
    with dashboard_server(demo_reg.path) as url:
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = ctx.new_page()
        page.on("request", lambda r: sent.append(f"{r.url} {r.post_data or ''}"))
        held = _held(page)
        page.goto(url + "/?lang=sv", wait_until="commit")
        _parsed(page)
        pre = page.locator("#kp-pre")
        assert pre.is_visible() and page.locator('[data-testid="stApp"]').count() == 0  # Streamlit not yet there
        assert page.evaluate("document.documentElement.lang") == "sv"
        assert page.locator("#kp-pre h1").inner_text() == i18n.gettext(shell.FORM_TEXTS["title"], "sv")
        assert page.get_by_label(i18n.gettext("Password", "sv")).count() == 1
        assert page.locator('#kp-pre input[value="sv"]').is_checked()
        assert page.evaluate("document.getElementById('root').inert") is True
        from test_offline_a11y_browser import axe_problems

        assert axe_problems(page, "first form") == []
        page.get_by_label(i18n.gettext("User name", "sv")).type(TEST_USER)
        page.get_by_label(i18n.gettext("Password", "sv")).type(TEST_PASSWORD)
        page.keyboard.press("Enter")  # before Streamlit is there: kept, and done for the person
        assert page.locator("#kp-pre button").get_attribute("aria-busy") == "true"
        assert page.url.endswith("/?lang=sv")  # the form went nowhere
        _let_through(page, held)
        page.wait_for_selector('[data-testid="stSidebarNav"]', timeout=30000)  # signed in
        wait_streamlit(page)
        assert pre.count() == 0 and page.evaluate("document.getElementById('root').inert") is False
        assert "Kivikaarenkatu 21" in page.inner_text("body")
        assert not any(TEST_PASSWORD in s for s in sent)  # the password never went out in a request
        with demo_reg.read() as q:
            signed = audit.events(q, action="auth.signin", limit=100)
        assert len(signed) == 1  # once: the kept Enter pressed Streamlit's button once
        # signed in: a reload and a second tab go straight to the page, the form never shown
        for other in (page, ctx.new_page()):
            held = _held(other)
            other.goto(url + "/contacts", wait_until="commit")
            _parsed(other)
            assert other.locator("#kp-pre").count() == 0
            assert other.evaluate("document.getElementById('root').inert") is False
            _let_through(other, held)
            other.wait_for_selector('[data-testid="stSidebarNav"]', timeout=30000)
        ctx.close()


@pytest.mark.browser
def test_what_was_typed_and_the_caret_move_to_streamlits_form(demo_reg, browser):
    with dashboard_server(demo_reg.path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        held = _held(page)
        page.goto(url, wait_until="commit")
        _parsed(page)
        assert page.locator("#kp-pre h1").inner_text() == i18n.gettext(shell.FORM_TEXTS["title"], "fi")
        page.locator("#kp-pre-user").type(TEST_USER)
        page.locator("#kp-pre-password").type(TEST_PASSWORD[:5])
        _let_through(page, held)
        theirs = page.locator('[data-testid="stTextInput"] input[type="password"]')
        theirs.wait_for(timeout=30000)
        page.keyboard.type(TEST_PASSWORD[5:])  # the person goes on typing where they were
        assert page.locator("#kp-pre").count() == 0
        assert page.locator('input[type="password"]').count() == 1 and theirs.input_value() == TEST_PASSWORD
        assert page.locator('[data-testid="stTextInput"] input[autocomplete="username"]').input_value() == TEST_USER
        assert page.evaluate("document.activeElement.type") == "password"
        page.locator('[data-testid="stFormSubmitButton"] button').click()
        page.wait_for_selector('[data-testid="stSidebarNav"]', timeout=30000)


@pytest.mark.browser
def test_a_language_chosen_on_the_form_reloads_the_page_in_it(demo_reg, browser):
    with dashboard_server(demo_reg.path) as url:
        ctx = browser.new_context()
        page = ctx.new_page()
        held = _held(page)
        page.goto(url + "/contacts?person=3", wait_until="commit")
        _parsed(page)
        page.locator("#kp-pre label").filter(has_text="English").click()
        page.wait_for_url(re.compile(r"lang=en"), wait_until="commit", timeout=15000)
        _parsed(page)
        page.wait_for_function("document.querySelector('#kp-pre h1')?.innerText === 'KuntaPlus DPO – sign in'")
        assert "person=3" in page.url and page.evaluate("document.documentElement.lang") == "en"
        assert {c["name"]: c["value"] for c in ctx.cookies()}.get(shell.LANG_COOKIE) == "en"
        _let_through(page, held)
        page.wait_for_selector('[data-testid="stTextInput"] input[type="password"]', timeout=30000)
        wait_streamlit(page)
        assert "Sign in" in page.inner_text("body") and page.locator("#kp-pre").count() == 0
        other = ctx.new_page()  # an address without ?lang=: the language this browser chose last
        held = _held(other)
        other.goto(url + "/requests", wait_until="commit")
        _parsed(other)
        assert other.locator("#kp-pre h1").inner_text() == "KuntaPlus DPO – sign in"
        assert other.evaluate("document.documentElement.lang") == "en"
        _let_through(other, held)
        ctx.close()


@pytest.mark.browser
def test_a_message_instead_of_streamlits_form_replaces_it(demo_reg, browser):
    with dashboard_server(demo_reg.path) as url:
        moved = demo_reg.path.with_name("elsewhere.duckdb")
        demo_reg.path.rename(moved)  # the register is gone: the dashboard says so instead of a form
        try:
            page = browser.new_page()
            held = _held(page)
            page.goto(url, wait_until="commit")
            _parsed(page)
            assert page.locator("#kp-pre").is_visible()
            _let_through(page, held)
            page.wait_for_selector('[data-testid="stAlert"]', timeout=30000)
            page.wait_for_selector("#kp-pre", state="detached", timeout=5000)
            assert page.evaluate("document.getElementById('root').inert") is False
            assert "elsewhere" not in page.inner_text("body") and "kp init" in page.inner_text("body")
        finally:
            moved.rename(demo_reg.path)


@pytest.mark.browser
def test_sign_in_as_the_tests_do_still_works_while_the_form_is_being_handed_over(demo_reg, browser):
    with dashboard_server(demo_reg.path) as url:
        page = browser.new_page()
        page.goto(url)
        sign_in(page)
        assert page.locator("#kp-pre").count() == 0
