"""Issue 18 §1 (every text kp shows in the catalogs) and #16 §4 (no English on a Finnish screen):
the placeholders of kp's help pages (argparse's metavars: PATH, FILE, EMAIL ...) read in the
terminal's language, POLKU / SÖKVÄG, TIEDOSTO / FIL, on every page at every level; choices and
codes typed as they are stay as they are."""
from __future__ import annotations

import argparse
import contextlib
import functools
import io
import re

import pytest

from kpcore import cli, i18n
from kpcore.cli import metavars

# placeholders the same in every language (codes, formats, one-letter counts)
SAME_EVERYWHERE = re.compile(r"ID|IP|ISO|JSON|XX|T|R|A|B|N|M|S|id|clause|fi|sv|en")


def _commands(parser, prefix=()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield prefix + (name,)
                yield from _commands(sub, prefix + (name,))


def _metavars(parser):
    """Every placeholder a page can show: an explicit metavar, or the name argparse makes of the
    option (DEST upper-cased) or of the positional argument (dest)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _metavars(sub)
        elif action.nargs != 0 and action.dest != "help":
            if action.metavar is not None:
                yield from (action.metavar if isinstance(action.metavar, tuple) else (action.metavar,))
            elif action.choices is None:
                yield action.dest.upper() if action.option_strings else action.dest


@functools.cache
def _pages(lang: str) -> dict[tuple, str]:
    """Every `kp ... --help` page in `lang`, in this process (113 pages: no subprocess each)."""
    import os

    before = os.environ.get("KP_LANG")
    os.environ["KP_LANG"] = lang
    try:
        pages = {}
        for words in [()] + list(_commands(cli.build_parser(full=True))):
            out = io.StringIO()
            with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
                cli._run([*words, "--help"])
            pages[words] = out.getvalue()
        return pages
    finally:
        if before is None:
            os.environ.pop("KP_LANG")
        else:
            os.environ["KP_LANG"] = before


def _english_words(lang: str) -> set[str]:
    """The placeholder words `lang` writes otherwise; not the two-letter ones, which a page also
    shows as codes (FI the country, EN, SV)."""
    return {w for w in metavars.WORDS if len(w) > 2 and i18n.pgettext("metavar", w, lang) != w}


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_no_help_page_shows_an_english_placeholder(lang):
    pages = _pages(lang)
    assert len(pages) > 100
    english = _english_words(lang)
    assert {"PATH", "FILE", "EMAIL", "NAME", "DATE", "KEY", "DIR", "VALUE"} <= english
    found = []
    for words, page in pages.items():
        # a positional argument named by its dest ("email") shows in the usage; choices ({email,letter}) stay
        usage = re.sub(r"\{[^}]*\}", "", page.split("\n\n")[0].replace(" ".join(("kp",) + words), "kp", 1))
        for w in english:
            where = page if w.isupper() else usage
            if re.search(rf"(?<![\w$-]){re.escape(w)}(?![\w-])", where):
                found.append(("kp " + " ".join(words), w))
    assert found == []


@pytest.mark.parametrize("lang, args, shown", [
    ("fi", ("contacts", "opt-out"), ("--db POLKU", "--file TIEDOSTO", "--on PÄIVÄ", "[SÄHKÖPOSTI]")),
    ("sv", ("contacts", "opt-out"), ("--db SÖKVÄG", "--file FIL", "--on DATUM", "[E-POST]")),
    ("fi", ("erase",), ("--exception KOODI:KÄYTTÖTARKOITUS[,KÄYTTÖTARKOITUS]", "--lang {fi,sv,en}",
                        "--ground {a,b,c,d,e,f}", "[sähköposti]")),
    ("sv", ("request", "close"), ("--on ÅÅÅÅ-MM-DD",)),
    ("fi", ("audit", "verify"), ("--expect-tip JNRO:TIIVISTE",)),
    ("en", ("contacts", "opt-out"), ("--db PATH", "--file FILE", "--on DATE", "[EMAIL]")),
])
def test_placeholders_read_in_the_terminals_language_and_choices_as_typed(lang, args, shown):
    page = " ".join(_pages(lang)[args].split())
    for text in shown:
        assert text in page, (text, page)


def test_every_placeholder_is_a_catalog_word_or_the_same_in_every_language():
    """A new option with an English placeholder that is not in kpcore/cli/metavars.py fails here."""
    unknown = set()
    for metavar in _metavars(cli.build_parser(full=True)):
        for word in re.findall(r"[A-Za-z][A-Za-z0-9_]*", metavar):
            if word not in metavars.WORDS and not SAME_EVERYWHERE.fullmatch(word):
                unknown.add(word)
    assert unknown == set()


def test_the_help_page_gives_argparse_its_placeholders_back(monkeypatch, capsys):
    before = argparse.HelpFormatter._metavar_formatter
    monkeypatch.setenv("KP_LANG", "fi")
    with pytest.raises(SystemExit):
        cli.main(["sar", "--help"])
    assert "--db POLKU" in capsys.readouterr().out
    assert argparse.HelpFormatter._metavar_formatter is before
    assert "--db PATH" in cli.build_parser(["sar", "--db", "x"]).format_help()  # not a help page: as declared


# -- argparse's error for a line it cannot parse, in the terminal's language -------------------------
@pytest.mark.parametrize("lang, args, said", [
    ("fi", ["sar"], "kp sar: virhe: seuraavat argumentit ovat pakollisia: sähköposti"),
    ("sv", ["request", "add", "--type", "nope"], "kp request add: fel: argument --type: ogiltigt val: 'nope' (välj bland"),
    ("fi", ["audit", "list", "--limit", "x"], "kp audit list: virhe: argumentti --limit: virheellinen arvo (int): 'x'"),
    ("en", ["sar"], "kp sar: error: the following arguments are required: email"),
])
def test_a_wrong_command_line_is_refused_in_the_terminals_language(monkeypatch, capsys, lang, args, said):
    monkeypatch.setenv("KP_LANG", lang)
    with pytest.raises(SystemExit) as stopped:
        cli.main(args)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert said in err, err
    usage = err.splitlines()[0]
    assert usage.startswith({"fi": "käyttö: kp ", "sv": "användning: kp ", "en": "usage: kp "}[lang])
    assert (argparse._, argparse._get_action_name) == (_argparse_before[0], _argparse_before[1])


_argparse_before = (argparse._, argparse._get_action_name)


def test_a_line_that_parses_reads_no_catalog(monkeypatch):
    """The error texts are ready for every command, yet a line that parses asks for none of them:
    no catalog is read to run a command (issue 18 §5)."""
    monkeypatch.setenv("KP_LANG", "fi")
    i18n.translator.cache_clear()
    argv = ["sar", "--db", "x.duckdb", "--lang", "sv", "a@example.fi"]
    parser = cli.build_parser(argv)
    with cli._in_terminal_language(True, argv):
        args = parser.parse_args(argv)
    assert args.email == "a@example.fi" and i18n.translator.cache_info().currsize == 0
