"""The page `kp serve` serves first (kpcore/shell.py): Streamlit's own index.html with the
dashboard's style and language lines and its element-script preloads in the head (issue 16 §6:
the sign-in page draws no st.html, one kind of element fewer for the browser to wait for)."""
from __future__ import annotations

import re
import urllib.request

import pytest

from conftest import dashboard_server, wait_streamlit
from kpcore import shell


def _get(url: str) -> tuple[int, bytes, str]:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status, r.read(), r.headers.get("Content-Type", "")


def test_the_lines_go_once_at_the_end_of_the_head_and_another_page_is_left_alone():
    page = "<html><head><title>x</title></head><body><script type=module src=./static/js/index.A.js></script></body></html>"
    out = shell.index_html(page)
    assert out.count(f'id="{shell.MARK}"') == 1 and out.index(shell.MARK) < out.index("</head>")
    assert out.replace(shell.head_lines(), "") == page  # nothing else changed
    assert shell.index_html(out) is None  # never twice
    assert shell.index_html("<html><body>no head</body></html>") is None
    lines = shell.head_lines()
    first = shell.element_scripts(shell.FORM_KINDS)
    assert first and all(n in lines for n in first)
    assert lines.index('"DOMContentLoaded"') < lines.index(first[0])  # the form's: when the page's script has run
    later = [n for n in shell.element_scripts(shell.SIGN_IN_KINDS) if n not in first]
    assert later and lines.index('"load"') < lines.index(later[0])  # the overview's: after the load, when idle
    assert "http" not in lines  # nothing from outside: every address is this server's


def test_serve_index_points_streamlit_at_a_folder_with_the_changed_page_and_links_to_the_rest(tmp_path, monkeypatch):
    from streamlit import file_util

    static = tmp_path / "static"
    (static / "static" / "js").mkdir(parents=True)
    (static / "static" / "js" / "index.A.js").write_text("// js")
    (static / "favicon.png").write_bytes(b"png")
    (static / "index.html").write_text("<html><head></head><body></body></html>")
    monkeypatch.setattr(file_util, "get_static_dir", file_util.get_static_dir)  # restored after the test
    folder = shell.serve_index(static)
    assert folder is not None and file_util.get_static_dir() == str(folder)
    assert shell.MARK in (folder / "index.html").read_text()
    assert (folder / "static" / "js" / "index.A.js").read_text() == "// js"  # the rest: Streamlit's own
    assert (folder / "favicon.png").is_symlink() and (folder / "static").is_symlink()
    assert (static / "index.html").read_text() == "<html><head></head><body></body></html>"  # untouched
    (static / "index.html").write_text("no head here")
    monkeypatch.setattr(file_util, "get_static_dir", lambda: str(static))
    assert shell.serve_index() is None and file_util.get_static_dir() == str(static)  # unexpected: left as it is


def test_kp_serve_serves_the_page_with_the_lines_at_every_address_and_streamlits_files_unchanged(demo_reg):
    with dashboard_server(demo_reg.path) as url:
        for address in ("/", "/contacts?lang=sv", "/overview"):
            status, body, kind = _get(url + address)
            assert status == 200 and kind.startswith("text/html")
            assert body.decode().count(f'id="{shell.MARK}"') == 1, address
        index = (shell.streamlit_static() / "index.html").read_text()
        main = re.search(r'src="\./(static/js/index\.[\w\-]+\.js)"', index).group(1)
        status, body, kind = _get(f"{url}/{main}")
        assert status == 200 and body == (shell.streamlit_static() / main).read_bytes()
        for name in shell.element_scripts(shell.SIGN_IN_KINDS):
            assert _get(f"{url}/static/js/{name}")[0] == 200, name
        assert _get(url + "/favicon.png")[0] == 200 and _get(url + "/manifest.json")[0] == 200


@pytest.mark.browser
def test_the_sign_in_page_speaks_the_chosen_language_without_drawing_html(demo_reg, browser):
    with dashboard_server(demo_reg.path) as url:
        ctx = browser.new_context()
        page = ctx.new_page()
        page.goto(url + "/?lang=sv")
        page.wait_for_selector('input[type="password"]', timeout=30000)
        wait_streamlit(page)
        assert page.evaluate("document.documentElement.lang") == "sv"
        assert page.evaluate("navigator.language") == "sv-FI"
        assert {c["name"]: c["value"] for c in ctx.cookies()}.get(shell.LANG_COOKIE) == "sv"
        assert page.locator('[data-testid="stHtml"]').count() == 0  # the sign-in page draws no st.html
        # Streamlit's English hint under a form field being typed in stays hidden
        page.fill('input[autocomplete="username"]', "pekka")
        page.wait_for_timeout(300)
        assert "Press Enter" not in page.inner_text("body")
        hint = page.locator('[data-testid="InputInstructions"]')
        assert hint.count() == 0 or not hint.first.is_visible()
        # a switch of language on the sign-in page: the address, <html lang>, the cookie follow
        page.locator('[data-testid="stSidebar"] label').filter(has_text="English").click()
        page.wait_for_function("document.documentElement.lang === 'en'", timeout=15000)
        wait_streamlit(page)
        assert "lang=en" in page.url and page.evaluate("navigator.language") == "en-GB"
        assert {c["name"]: c["value"] for c in ctx.cookies()}.get(shell.LANG_COOKIE) == "en"
        assert "Sign in" in page.inner_text("body")
        ctx.close()
