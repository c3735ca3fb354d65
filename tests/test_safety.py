"""kpcore.safety: the one helper per hazard (issue #15 §1, §2, §6). How the escaped Markdown
renders in a real browser is tested in test_hostile_browser.py; here each helper's edge cases."""
from __future__ import annotations

import os
import re
import stat

import pytest
from hypothesis import given
from hypothesis import strategies as hs

from kpcore import safety

HOSTILE = [
    "![p](http://203.0.113.1/p.png)", "[x](http://example.org)", "**bold**", "__bold__", "*it*", "_it_",
    "<img src=http://203.0.113.1/i.png>", "<script>alert(1)</script>", ":red[x]", ":material/warning:",
    "# heading", "- item", "1. item", "+ item", "> quote", "`code`", "~~strike~~", "$x^2$", "| a | b |",
    "http://example.net/auto", "https://example.net", "www.example.com", "WWW.EXAMPLE.COM", "&amp; &#58;",
    "\\*not\\*", "a\\", "line1\nline2", "line1\r\n\r\n# two", "[x]: http://example.org/ref",
]
SPECIAL = set("\\`*_{}[]()<>#+-.!|~:$=&\"'^")


def unescape(md: str) -> str:
    """What Markdown shows for the escaped text: each backslash escape is its character."""
    return re.sub(r"\\(.)", r"\1", md).replace(safety.WORD_JOINER, "")


@pytest.mark.parametrize("value", HOSTILE)
def test_md_escapes_every_markdown_character(value):
    out = safety.md(value)
    plain = out.replace(safety.WORD_JOINER, "")
    i = 0
    while i < len(plain):  # every special character is preceded by its escaping backslash
        if plain[i] == "\\":
            assert plain[i + 1] in SPECIAL, (value, out)
            i += 2
            continue
        assert plain[i] not in SPECIAL, (value, out, i)
        i += 1
    assert unescape(out) == re.sub(r"[\r\n]+", " ", value)  # shown exactly as the text (inline)
    assert "\n" not in out and "\r" not in out


@pytest.mark.parametrize("value", ["http://example.net/a", "see https://x.fi.", "WWW.example.com", "(www.x.fi)",
                                   "ftp://h", "javascript://x"])
def test_md_breaks_bare_urls_that_gfm_would_link(value):
    out = unescape_keep_joiner = re.sub(r"\\(.)", r"\1", safety.md(value))
    assert "://" not in out and not re.search(r"(?i)www\.", out), out
    assert unescape_keep_joiner.replace(safety.WORD_JOINER, "") == value


def test_md_keeps_ordinary_text_and_none():
    assert safety.md(None) == ""
    assert safety.md("Matti Meikäläinen") == "Matti Meikäläinen"
    assert safety.md(42) == "42"
    assert safety.md("a\nb", inline=False) == "a\nb"
    assert safety.md("kiwwww.fi") == "kiwwww\\.fi"  # "www" inside a word is no URL


@given(hs.text().filter(lambda s: safety.WORD_JOINER not in s))
def test_md_round_trips_any_text(value):
    assert unescape(safety.md(value)) == re.sub(r"[\r\n]+", " ", value)


def test_html_escapes_markup_and_quotes():
    assert safety.html('<img src="x" onerror=\'a\'>&') == "&lt;img src=&quot;x&quot; onerror=&#x27;a&#x27;&gt;&amp;"
    assert safety.html(None) == ""


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "=HYPERLINK(\"http://x\")"])
def test_cell_neutralises_formula_starts(value):
    assert safety.cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Matti", "", " =1", "a=1", 5, -5, 1.5, None])
def test_cell_leaves_other_values(value):
    assert safety.cell(value) == value


def test_row_applies_cell_to_each():
    assert safety.row(["=a", 1, "b", None]) == ["'=a", 1, "b", None]


@pytest.mark.parametrize("value,bad", [("a\x00b", True), ("\x1b[31m", True), ("\x07", True), ("\x7f", True),
                                      ("\x9b", True), ("tab\tok", False), ("new\nline", False), ("äö€", False),
                                      (None, False), (5, False)])
def test_has_control(value, bad):
    assert safety.has_control(value) is bad


def test_terminal_shows_escapes_as_code_points():
    out = safety.terminal("red\x1b[31mX\x07\u202eevil\r")
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out and "\r" not in out
    assert out == "red<U+001B>[31mX<U+0007><U+202E>evil<U+000D>"
    assert safety.terminal("tab\tnew\nline äö") == "tab\tnew\nline äö"
    assert safety.terminal(None) == ""


def test_private_files_are_0600_even_with_a_lax_umask(tmp_path):
    old = os.umask(0o000)
    try:
        p = safety.write_private(tmp_path / "a.csv", "x")
        assert stat.S_IMODE(p.stat().st_mode) == 0o600
        existing = tmp_path / "b.csv"
        existing.write_text("old")
        existing.chmod(0o666)
        safety.write_private(existing, b"new")
        assert stat.S_IMODE(existing.stat().st_mode) == 0o600 and existing.read_bytes() == b"new"
        with safety.private_umask():
            (tmp_path / "c").write_text("lib")
        assert stat.S_IMODE((tmp_path / "c").stat().st_mode) == 0o600
        (tmp_path / "d").write_text("after")
        assert stat.S_IMODE((tmp_path / "d").stat().st_mode) == 0o666  # the umask is given back
    finally:
        os.umask(old)
