"""The first load and the sign-in, as fast as a person feels them (issue 16 §6).

- `kp serve` imports what the first runs need before the server answers (kpcore.serve.preload;
  tests/test_serve.py).
- The page `kp serve` serves (kpcore/shell.py) asks the browser for the sign-in form's element
  scripts at once when its own script has run, and for the overview's when idle
  (`<link rel="modulepreload">`), instead of Streamlit's one-file-after-another chain when an
  element kind is first drawn; the sign-in page draws no st.html (one kind fewer to wait for:
  its language and style lines are in the page itself). Once signed in, the other views' element
  scripts follow when the browser is idle. kpcore.shell.element_scripts() reads the lists from
  the installed Streamlit's own files, which this server serves (nothing from outside).
- Once the form is drawn, the overview's first reads start in a server thread (ui.warm_first_page),
  so the signed-in user's first page finds them done; nothing of them reaches the browser before
  the sign-in (tests/test_auth.py: nothing from the register before sign-in).
- The warm thread after sign-in has Streamlit compile every view's script (ui.compile_views).
"""
from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, TEST_PASSWORD, TEST_USER, dashboard_server, sign_in, wait_streamlit

sys.path.insert(0, str(ROOT / "dashboard"))
import ui  # noqa: E402

from kpcore import shell  # noqa: E402


def test_the_preloaded_scripts_are_streamlits_own_files_with_everything_they_import():
    js = shell.streamlit_static() / "static" / "js"
    index = (js.parent.parent / "index.html").read_text()
    already = set(re.findall(r"static/js/([\w.\-]+\.js)", index))
    names = ui.element_scripts(ui.SIGN_IN_KINDS + ui.VIEW_KINDS)
    for kind in ui.SIGN_IN_KINDS + ui.VIEW_KINDS:  # every kind found in this Streamlit
        assert any(n.startswith(kind + ".") for n in names), kind
    assert len(names) == len(set(names)) and not set(names) & already
    for name in names:
        assert (js / name).is_file(), name
        imported = shell._STATIC_IMPORT.findall((js / name).read_text(encoding="utf-8", errors="replace"))
        missing = [i for i in imported if i not in names and i not in already]
        assert not missing, (name, missing)  # the whole chain, not just its first file
    assert ui.element_scripts(("NoSuchElementKind",)) == []


def test_the_sign_in_form_starts_the_overviews_reads_and_draws_no_html_element(demo_reg, monkeypatch):
    import threading

    from streamlit.testing.v1 import AppTest

    from kpcore import auth, overview

    auth.add_user(demo_reg, "pekka", "dpo", "oikea-salasana")
    os.environ["KP_DB"] = str(demo_reg.path)
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=30)
    at.session_state["lang"] = "fi"
    at.run()
    assert not at.exception
    # no st.html before the sign-in: each element kind drawn first costs the page a round of
    # fetching its script (the page kp serve serves has the language and style lines itself)
    assert not at.get("html"), [str(h.proto.body)[:80] for h in at.get("html")]
    assert at.text_input(key="sign_in_password")
    assert ("warm-first", str(demo_reg.path), demo_reg.data_stamp()) in ui._jobs()["jobs"]
    deadline = time.time() + 30
    while any(t.name == "kp-warm-first" and t.is_alive() for t in threading.enumerate()):
        assert time.time() < deadline, "the overview's reads never finished"
        time.sleep(0.05)

    def not_again(name):
        def read(q, *a, **k):
            raise AssertionError(f"the overview computed {name} again after the sign-in")

        read.__module__, read.__qualname__ = "kpcore.overview", name  # the same cache key as the real one
        return read

    # The reads were made beside the form: the overview after sign-in takes them from the cache.
    for name in ("overview", "quick_rows"):
        monkeypatch.setattr(overview, name, not_again(name))
    at.text_input(key="sign_in_name").input("pekka")
    at.text_input(key="sign_in_password").input("oikea-salasana")
    at.button[0].click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["user"] == "pekka"
    assert "Kivikaarenkatu 21" in "\n".join(str(m.value) for m in [*at.markdown, *at.caption])


def test_the_warm_thread_has_streamlit_compile_every_view_ahead():
    """A view's script is compiled on its first visit (0.1-0.2 s for the 500-line views): the warm
    thread has the run's pages manager compile them all, by the paths st.Page gives them."""
    asked = []

    class Manager:
        def get_page_script_byte_code(self, path):
            asked.append(path)
            if path.endswith("audit.py"):
                raise SyntaxError("one view failing to compile stops none of the others")

    ui.compile_views(type("Ctx", (), {"pages_manager": Manager()})())
    views = sorted(str(p.resolve()) for p in (ROOT / "dashboard" / "views").glob("*.py") if p.stem != "__init__")
    assert asked == views and len(views) >= 11
    ui.compile_views(None)  # no run context (AppTest): nothing to do, no error


@pytest.mark.browser
def test_the_sign_in_page_and_the_first_page_fetch_the_element_scripts_from_this_server(demo_reg, browser):
    answered: dict[str, int] = {}
    with dashboard_server(demo_reg.path) as url:
        page = browser.new_page()
        page.on("response", lambda r: answered.__setitem__(r.url, r.status))
        page.goto(url)
        wait_streamlit(page)
        page.wait_for_selector('input[type="password"]', timeout=30000)
        hrefs = page.eval_on_selector_all('link[rel="modulepreload"]', "ls => ls.map(l => l.href)")
        # the form's own are asked for when the page's script has run, before the form is drawn
        assert all(any(h.endswith("/static/js/" + n) for h in hrefs) for n in shell.element_scripts(shell.FORM_KINDS))
        wanted = ui.element_scripts(ui.SIGN_IN_KINDS)  # the overview's follow when the browser is idle
        page.wait_for_function("names => names.every(n => [...document.querySelectorAll('link[rel=modulepreload]')]"
                               ".some(l => l.href.endsWith('/static/js/' + n)))", arg=wanted, timeout=15000)
        page.wait_for_load_state("networkidle")
        hrefs = page.eval_on_selector_all('link[rel="modulepreload"]', "ls => ls.map(l => l.href)")
        for name in wanted:
            href = next((h for h in hrefs if h.endswith("/static/js/" + name)), None)
            assert href and href.startswith(str(url)), name  # this server's own file
            assert answered.get(href) == 200, (name, answered.get(href))
        sign_in(page)
        assert page.get_by_text("Kivikaarenkatu 21").count() > 0
        # signed in: the other views' element scripts are fetched too, once, while the overview is read
        wait_streamlit(page)
        hrefs = page.eval_on_selector_all('link[rel="modulepreload"]', "ls => ls.map(l => l.href)")
        assert len(hrefs) == len(set(hrefs))
        for name in ui.element_scripts(ui.VIEW_KINDS):
            href = next((h for h in hrefs if h.endswith("/static/js/" + name)), None)
            assert href and answered.get(href) == 200, name
