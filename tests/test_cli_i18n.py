"""kp speaks Finnish, Swedish or English (issue 18 §1): its messages are catalog messages (English
msgid, kpcore/locale), shown in the terminal's language: $KP_LANG, else the locale ($LC_ALL,
$LC_MESSAGES, $LANG), else Finnish. (conftest.py sets KP_LANG=en for the other tests.)"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from kpcore import requests as reqs

ROOT = Path(__file__).resolve().parents[1]
SHOWN = ("print", "input", "_done")  # kpcore/cli/breaches.py: _done(args, obj, text) prints text


def _text_parts(node):
    """The string literals a printed expression shows: constants, f-string text, both sides of +,
    both branches of `x if c else y`, and the text that .format()/.join() is called on. A call
    (`_("...")`, a rule module's own text) is not looked into: what it returns is translated."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
    elif isinstance(node, ast.JoinedStr):
        for v in node.values:
            yield from _text_parts(v.value if isinstance(v, ast.FormattedValue) else v)
    elif isinstance(node, ast.BinOp):
        yield from _text_parts(node.left)
        yield from _text_parts(node.right)
    elif isinstance(node, ast.IfExp):
        yield from _text_parts(node.body)
        yield from _text_parts(node.orelse)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("format", "join"):
        yield from _text_parts(node.func.value)


def inline_texts(path: Path) -> list[str]:
    """Words kp would show that are not catalog messages: literal text given to print(), input(),
    or an error (KpError, NotFound, ...) in a kpcore/cli module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
        if name in SHOWN or name.endswith(("Error", "NotFound", "Refused")):
            for arg in node.args:
                for c in _text_parts(arg):
                    if re.search(r"[^\W\d_]{2,}", c.value) and c.value != "kp: ":
                        found.append(f"{path.relative_to(ROOT)}:{c.lineno}: {c.value!r}")
    return found


def test_the_checker_finds_inline_text_and_lets_catalog_messages_pass(tmp_path, monkeypatch):
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path)
    f = tmp_path / "cli.py"
    f.write_text('print(f"removed system {s}")\nraise KpError("no such person")\n'
                 'print(_("removed system {s}").format(s=s))\nprint(f"  {p}")\nprint("kp: " + _("x"))\n'
                 'print(_("a") if x == "refusal" else "not found")\n', encoding="utf-8")
    assert inline_texts(f) == ["cli.py:1: 'removed system '", "cli.py:2: 'no such person'", "cli.py:6: 'not found'"]


def test_no_cli_module_prints_inline_english():
    found = [t for p in sorted((ROOT / "kpcore" / "cli").glob("*.py")) for t in inline_texts(p)]
    assert not found, "wrap these in common._() (an English msgid) and translate them:\n" + "\n".join(found)


@pytest.mark.parametrize("env, lang", [
    ({"KP_LANG": "sv"}, "sv"), ({"KP_LANG": "fi", "LANG": "en_GB.UTF-8"}, "fi"),
    ({"LC_ALL": "sv_FI.UTF-8"}, "sv"), ({"LC_MESSAGES": "en_US.UTF-8"}, "en"), ({"LANG": "fi_FI.UTF-8"}, "fi"),
    ({"LANG": "C.UTF-8"}, "fi"), ({"KP_LANG": "de", "LANG": "sv_SE.UTF-8"}, "sv"), ({}, "fi")])
def test_the_terminals_language(monkeypatch, env, lang):
    from kpcore.cli import common

    for var in ("KP_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert common.ui_lang() == lang


def test_kp_in_finnish_and_in_swedish(reg, kp):
    from kpcore import i18n

    r = reqs.add(reg, "dpo", type="access", email="aino@kangasala.fi")
    received = {lang: i18n.pgettext("request status", "Received", lang) for lang in ("fi", "sv")}
    texts = {
        "fi": ("ei pyyntöjä", f"pyyntö {r['id']}: Tarkastusoikeus (15 art.), {received['fi']}",
               "anna henkilön SÄHKÖPOSTI tai --request ID", "ei muutettavaa: anna --sv, --fi tai --en"),
        "sv": ("inga begäranden", f"begäran {r['id']}: {i18n.gettext('Access (Art. 15)', 'sv')}, {received['sv']}",
               "ange personens E-POST eller --request ID", "inget att ändra: ange --sv, --fi eller --en"),
        "en": ("no requests", f"request {r['id']}: Access (Art. 15), Received",
               "give the person's EMAIL or --request ID", "nothing to change: give --sv, --fi or --en"),
    }
    for lang, (_empty, shown, erase, category) in texts.items():
        env = {"KP_LANG": lang}
        res = kp("request", "list", "--pending", db_path=reg.path, env=env)
        assert res.returncode == 0 and r["id"] == int(res.stdout.split()[0]), res.stderr
        res = kp("request", "show", str(r["id"]), db_path=reg.path, env=env)
        assert res.stdout.startswith(shown), res.stdout
        res = kp("erase", db_path=reg.path, env=env)
        assert res.returncode == 1 and res.stderr.strip() == "kp: " + erase
        res = kp("notice", "set-category", "email", db_path=reg.path, env=env)
        assert res.returncode == 1 and category in res.stderr



@pytest.mark.parametrize("lang, empty", [("fi", "ei pyyntöjä"), ("sv", "inga begäranden"), ("en", "no requests")])
def test_an_empty_list_says_so_in_the_terminals_language(reg, kp, lang, empty):
    res = kp("request", "list", db_path=reg.path, env={"KP_LANG": lang})
    assert res.returncode == 0 and res.stdout.strip() == empty


def test_the_swedish_request_speaks_swedish_throughout(reg, kp):
    """Type and status come from the catalogs too: no Finnish or English word in the Swedish line."""
    r = reqs.add(reg, "dpo", type="erasure", email="aino@kangasala.fi")
    res = kp("request", "show", str(r["id"]), db_path=reg.path, env={"KP_LANG": "sv"})
    first = res.stdout.splitlines()[0]
    from kpcore.models import request_status_text, request_type_text

    assert first == f"begäran {r['id']}: {request_type_text('erasure', 'sv')}, {request_status_text('received', 'sv')}"
    assert "Poistaminen" not in first and "Erasure" not in first
    assert "mottagen" in res.stdout and "sista dag" in res.stdout


def test_a_written_file_is_reported_in_the_terminals_language(reg, kp, tmp_path):
    out = tmp_path / "seloste.md"
    fi = kp("notice", "--format", "md", "-o", str(out), db_path=reg.path, env={"KP_LANG": "fi"})
    sv = kp("notice", "--format", "md", "-o", str(out), db_path=reg.path, env={"KP_LANG": "sv"})
    size = out.stat().st_size
    assert fi.stderr.strip() == f"kirjoitettu {out} ({size:,} tavua)".replace(",", " ")
    assert sv.stderr.strip() == f"skrev {out} ({size:,} byte)".replace(",", " ")


@pytest.mark.parametrize("lang, words", [
    ("fi", ("käyttö: kp", "KOMENTO", "luo rekisteri, jossa on yrityksen perustiedot", "valinnat:",
            "näytä tämä ohje ja lopeta", "Rekisteritiedosto: --db POLKU")),
    ("sv", ("användning: kp", "KOMMANDO", "skapa ett register med företagets grunduppgifter", "alternativ:",
            "visa denna hjälp och avsluta", "Registerfilen: --db SÖKVÄG")),
    ("en", ("usage: kp", "COMMAND", "create a register holding the company's facts", "options:",
            "show this help message and exit", "The register file: --db PATH"))])
def test_kp_help_in_the_terminals_language(kp, lang, words):
    res = kp("--help", env={"KP_LANG": lang})
    assert res.returncode == 0
    for w in words:
        assert w in res.stdout, (w, res.stdout)


def test_kp_help_leaves_argparse_as_it_was_for_the_caller(monkeypatch, capsys):
    """The help page borrows argparse's `_` for its own words; an in-process caller gets it back."""
    import argparse

    from kpcore import cli

    monkeypatch.setenv("KP_LANG", "fi")
    before = argparse._
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "käyttö: kp" in capsys.readouterr().out
    assert argparse._ is before
    assert cli.build_parser(["sar", "--db", "x"]).format_usage().startswith("usage: kp")  # a command: not translated


# -- each subcommand's own --help (issue 18 §1): catalog messages, translated when the page is formatted

def _help_texts(parser):
    """(where, text) for every help, description and epilog the subcommands declare, all levels."""
    import argparse

    for text, where in ((parser.description, "description"), (parser.epilog, "epilog")):
        if text:
            yield f"{parser.prog} {where}", text
    for action in parser._actions:
        if action.help and action.help is not argparse.SUPPRESS and action.dest != "help":
            yield f"{parser.prog} {action.dest}", action.help
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                if choice.help:
                    yield f"{parser.prog} {choice.dest}", choice.help
            for sub in dict.fromkeys(action.choices.values()):
                yield from _help_texts(sub)


def test_every_subcommand_help_text_is_a_translated_catalog_message():
    """Every text a `kp COMMAND --help` page shows is an msgid of the catalogs with its Finnish,
    Swedish and English filled (an option's help + " (required)" is two messages)."""
    from babel.messages.pofile import read_po

    from kpcore import cli

    catalogs = {}
    for lang in ("fi", "sv", "en"):
        with open(ROOT / "kpcore" / "locale" / lang / "LC_MESSAGES" / "kp.po", "rb") as f:
            catalogs[lang] = read_po(f)
    texts = list(_help_texts(cli.build_parser(full=True)))
    assert len(texts) > 300
    missing = []
    for where, text in texts:
        if re.fullmatch(r"[a-z0-9_, ]+", text):  # a list of keys (kp processor clause): the same in every language
            continue
        whole = catalogs["fi"].get(text)
        for part in (text[:-len(" (required)")], "(required)") if not whole and text.endswith(" (required)") else (text,):
            for lang, catalog in catalogs.items():
                message = catalog.get(part)
                if message is None or not message.string:
                    missing.append((lang, where, part))
    assert missing == []


@pytest.mark.parametrize("lang, args, words, english", [
    ("fi", ("sar", "--help"), ("käyttö: kp sar", "argumentit:", "valinnat:", "kirjeen kieli (oletus",
                                "raportoi myös tämän IP-osoitteen verkkokäynnit", "rekisteritiedosto (oletus"),
     "also report web visits from this IP address"),
    ("sv", ("notice", "--help"), ("användning: kp notice", "Skriver ut dataskyddsbeskrivningen",
                                   "lista publicerade versioner", "utdataformat (standard pdf)"),
     "list published versions"),
    ("fi", ("processor", "add", "-h"), ("asiakkaan järjestelmä, jossa KuntaPlus työskentelee\n", "(pakollinen)"),
     "(required)"),
    ("sv", ("breach", "assess", "--help"), ("incidentens id", "skriv ut resultatet som JSON"), "breach id"),
    ("en", ("sar", "--help"), ("usage: kp sar", "positional arguments:", "also report web visits from this IP address",
                                "register file (default: $KP_DB"), "raportoi"),
])
def test_a_subcommands_help_in_the_terminals_language(kp, lang, args, words, english):
    res = kp(*args, env={"KP_LANG": lang})
    assert res.returncode == 0, res.stderr
    page = " ".join(res.stdout.split())  # argparse wraps lines: compare the words
    for w in words:
        assert " ".join(w.split()) in page or w in res.stdout, (w, res.stdout)
    assert english not in res.stdout


def test_a_command_that_is_not_asked_for_help_reads_no_catalog(monkeypatch):
    """A normal command builds and parses its line with the English msgids as they are: the
    catalog is read only for a help page (issue 18 §5)."""
    from kpcore import cli, i18n

    monkeypatch.setenv("KP_LANG", "fi")
    i18n.translator.cache_clear()
    parser = cli.build_parser(["sar", "--db", "x", "a@example.fi"])
    with cli._in_terminal_language(cli._any_help(["sar", "a@example.fi"]), ["sar"]):
        parser.parse_args(["sar", "--db", "x", "a@example.fi"])
    assert i18n.translator.cache_info().currsize == 0
    sar = next(a for a in parser._actions if a.dest == "command").choices["sar"]
    assert "also report web visits from this IP address" in sar.format_help()
    assert i18n.translator.cache_info().currsize == 0


def test_a_help_page_gives_argparse_back_its_formatter(monkeypatch, capsys):
    import argparse

    from kpcore import cli

    monkeypatch.setenv("KP_LANG", "sv")
    before = argparse.HelpFormatter._get_help_string, argparse.HelpFormatter._format_text, argparse._
    with pytest.raises(SystemExit):
        cli.main(["notice", "--help"])
    assert "lista publicerade versioner" in capsys.readouterr().out
    assert (argparse.HelpFormatter._get_help_string, argparse.HelpFormatter._format_text, argparse._) == before
