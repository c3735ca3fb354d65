"""`kp` starts light (issue 18 §5): building the parser imports no subcommand module but the one
that runs, and none of the heavy libraries. Speed itself is measured in tests/bench/bench.py
(rows "kp --help", "kp sar", "kp notice"); these tests hold what makes it fast."""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("duckdb", "reportlab", "pandas", "pyarrow", "openpyxl", "streamlit", "babel", "PIL")


def _modules_after(code: str) -> list[str]:
    """sys.modules after running `code` in a fresh interpreter (the checkout's kpcore)."""
    out = subprocess.run([sys.executable, "-c", code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.splitlines()[-1])


def _heavy(mods: list[str]) -> list[str]:
    return sorted({m.split(".")[0] for m in mods if m.split(".")[0] in HEAVY})


def test_kp_help_imports_no_subcommand_module_and_no_heavy_library():
    mods = _modules_after("import kpcore.cli\nkpcore.cli.build_parser(['--help'])")
    assert _heavy(mods) == []
    assert [m for m in mods if m.startswith("kpcore.cli.")] == []
    assert "kpcore.db" not in mods


@pytest.mark.parametrize("command, module", [("sar", "requests"), ("notice", "notice"), ("breach", "compliance")])
def test_a_command_builds_only_its_own_module_and_no_heavy_library(command, module):
    mods = _modules_after(f"import kpcore.cli\nkpcore.cli.build_parser(['{command}', '--db', 'x'])")
    assert _heavy(mods) == [], "the parser is built before anything is read: DuckDB, ReportLab wait for the handler"
    own = {m for m in mods if m.startswith("kpcore.cli.")} - {"kpcore.cli.common", "kpcore.cli.__main__"}
    assert f"kpcore.cli.{module}" in own
    assert own <= {f"kpcore.cli.{module}", "kpcore.cli.breaches"}  # compliance adds `breach` from breaches


def _entries(parser: argparse.ArgumentParser) -> list[tuple[str, str]]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return [(a.dest, a.help) for a in sub._choices_actions]


def test_the_light_declarations_are_what_the_modules_register():
    """COMMANDS (name, module, help) equals the real registration: same commands, order and help,
    and each command is added by the module it names."""
    from kpcore import cli
    from kpcore.cli import common

    full = cli.build_parser(full=True)
    assert _entries(full) == [(name, text) for name, _, text in cli.COMMANDS]
    for module in cli.COMMAND_MODULES:
        p = argparse.ArgumentParser(prog="kp")
        sub = p.add_subparsers()
        __import__(f"kpcore.cli.{module}", fromlist=["register"]).register(sub, common.db_parent())
        assert [n for n, _ in _entries(p)] == [n for n, m, _ in cli.COMMANDS if m == module], module


def test_kp_help_reads_as_with_every_module_loaded():
    from kpcore import cli

    assert cli.build_parser(["--help"]).format_help() == cli.build_parser(full=True).format_help()
    for name, _, _ in cli.COMMANDS:  # each command's own help is the real one
        parser = cli.build_parser([name, "--help"])
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        real = next(a for a in cli.build_parser(full=True)._actions if isinstance(a, argparse._SubParsersAction))
        assert sub.choices[name].format_help() == real.choices[name].format_help(), name


def test_a_command_missing_from_the_declarations_still_runs(monkeypatch, capsys):
    """A command a module adds but COMMANDS does not name yet is found by registering every module
    (test_the_light_declarations_are_what_the_modules_register still fails until it is declared)."""
    from kpcore import cli

    monkeypatch.setattr(cli, "COMMANDS", [c for c in cli.COMMANDS if c[0] != "migrate"])
    with pytest.raises(SystemExit) as exc:
        cli.main(["migrate", "--help"])
    assert exc.value.code == 0 and "usage: kp migrate" in capsys.readouterr().out


def test_an_unknown_command_is_refused_naming_the_commands(capsys):
    from kpcore import cli

    with pytest.raises(SystemExit) as exc:
        cli.main(["nosuch"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'nosuch'" in err and "'sar'" in err and "'migrate'" in err


def _count_opens(monkeypatch):
    from kpcore import db

    opens = []
    real = db.Register._connect

    def connect(self, writable):
        opens.append(writable)
        return real(self, writable)
    monkeypatch.setattr(db.Register, "_connect", connect)
    return opens


def test_kp_sar_opens_the_register_once(reg, monkeypatch, tmp_path):
    """Reading, building the report and recording its two audit events share one connection (each
    open of a million-contact register cost tens of ms: three opens per `kp sar` before)."""
    from kpcore import cli
    from kpcore import requests as reqs

    r = reqs.add(reg, "dpo", type="access", email="aino@kangasala.fi", ip="10.1.2.3")
    opens = _count_opens(monkeypatch)
    rc = cli.main(["sar", "aino@kangasala.fi", "--db", str(reg.path), "--allow-unconfirmed", "--ip", "10.1.2.3",
                   "--request", str(r["id"]), "-o", str(tmp_path / "r.pdf")])
    assert rc == 0 and (tmp_path / "r.pdf").read_bytes()[:4] == b"%PDF"
    assert opens == [True]
    with reg.read() as q:  # both events were written, each in its own transaction, as before
        acts = [a for (a,) in q.sql("SELECT action FROM audit_log WHERE action LIKE 'sar.%' ORDER BY seq").fetchall()]
    assert acts == ["sar.report", "sar.export.pdf"]


def test_a_json_export_without_address_or_request_only_reads(reg, monkeypatch, tmp_path):
    """kp sar --format json records nothing: it opens the register read-only (a read-only file works)."""
    from kpcore import cli

    with reg.write("t", "test.person") as w:
        w.sql("INSERT INTO contact (email, name) VALUES ('aino@kangasala.fi', 'Aino')")
        w.sql("INSERT INTO contact_purpose (contact_id, purpose, source, collected_on) SELECT id, 'sales_marketing', "
              "'public', DATE '2026-05-04' FROM contact")
    opens = _count_opens(monkeypatch)
    assert cli.main(["sar", "aino@kangasala.fi", "--db", str(reg.path), "--format", "json",
                     "-o", str(tmp_path / "x.json")]) == 0
    assert opens == [False]
    assert json.loads((tmp_path / "x.json").read_text())["person"]["name"] == "Aino"


def test_the_notices_tables_are_read_once_per_read(reg, monkeypatch):
    """Query.cached: the access report asks for the notice's facts in every language; each small
    table is read once per read-only unit of work, each caller gets its own rows, a writer re-reads."""
    from kpcore import db, notice

    runs = []
    real = db.Query._run

    def run(self, name, params):
        runs.append(name)
        return real(self, name, params)
    monkeypatch.setattr(db.Query, "_run", run)
    with reg.read() as q:
        for lang in ("fi", "en", "sv"):
            notice.completeness(q, lang)
        rows = q.cached("notice_purposes")
        rows[0]["name_fi"] = "changed"
        rows.clear()
        assert q.cached("notice_purposes")[0]["name_fi"] != "changed"
    assert runs.count("notice_purposes") == 1 and runs.count("notice_recipients") == 1
    assert [n for n in runs if n == "notice_statements"] == ["notice_statements"] * 3  # one per language
    with reg.read() as q:
        q.cached("notice_purposes")
    assert runs.count("notice_purposes") == 2  # a new read reads again
    with reg.write("t", "test.cached") as w:
        w.cached("notice_purposes")
        w.cached("notice_purposes")
    assert runs.count("notice_purposes") == 4


def test_kp_notice_loads_only_what_the_pdf_needs(reg, tmp_path):
    """`kp notice` (the Finnish PDF, a bench row) imports neither pandas, pyarrow, streamlit, Babel nor
    openpyxl, and no other command's module."""
    out = tmp_path / "seloste.pdf"
    code = ("import sys, json\nfrom kpcore.cli import main\n"
            "rc = main(sys.argv[1:])\nprint(json.dumps(sorted(sys.modules)))\nsys.exit(rc)")
    res = subprocess.run([sys.executable, "-c", code, "notice", "--db", str(reg.path), "--lang", "fi", "-o", str(out)],
                         cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    mods = json.loads(res.stdout.splitlines()[-1])
    assert sorted({m.split(".")[0] for m in mods} & {"pandas", "pyarrow", "streamlit", "babel", "openpyxl"}) == []
    assert {m for m in mods if m.startswith("kpcore.cli.")} <= {"kpcore.cli.notice", "kpcore.cli.common"}
    assert out.read_bytes()[:4] == b"%PDF"


def test_kp_sar_loads_only_what_the_report_needs(reg, tmp_path):
    """`kp sar` (a bench row) imports neither pandas, pyarrow, streamlit, Babel (kpcore.fmt writes the
    report's dates itself) nor openpyxl, and ReportLab's two U+FFFF-wide patterns stay uncompiled."""
    out = tmp_path / "sar.pdf"
    code = ("import sys, json\nfrom kpcore.cli import main\n"
            "rc = main(sys.argv[1:])\nfrom reportlab.platypus import paragraph\n"
            "print(json.dumps([sorted(sys.modules), 'compiled' in vars(paragraph.uri_pat)]))\nsys.exit(rc)")
    res = subprocess.run([sys.executable, "-c", code, "sar", "nobody@example.org", "--db", str(reg.path),
                          "--allow-unconfirmed", "-o", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    mods, compiled = json.loads(res.stdout.splitlines()[-1])
    assert sorted({m.split(".")[0] for m in mods} & {"pandas", "pyarrow", "streamlit", "babel", "openpyxl"}) == []
    assert compiled is False
    assert out.read_bytes()[:4] == b"%PDF"


def test_only_kp_run_as_the_program_freezes_its_objects_at_exit(monkeypatch):
    """kp as the program skips the interpreter's last full collection (cli._light_exit); a program
    or test calling main(argv) in its own process keeps its garbage collector as it was."""
    import atexit
    import gc

    from kpcore import cli

    registered = []
    monkeypatch.setattr(atexit, "register", lambda fn, *a, **k: registered.append(fn))
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert registered == []
    monkeypatch.setattr(sys, "argv", ["kp", "--version"])
    with pytest.raises(SystemExit):
        cli.main()
    assert registered == [gc.freeze]


def test_reportlab_formats_pdfs_with_its_c_accelerators():
    """rl_accel (a dependency since issue 18 §5) is installed and ReportLab uses it: without it
    every number and stream of every PDF is formatted in Python (~30 ms of kp sar at 1M)."""
    from reportlab.lib import rl_accel

    for name in ("fp_str", "asciiBase85Encode", "escapePDF", "calcChecksum"):
        assert not getattr(rl_accel, name).__name__.startswith("_py_"), name
