"""#16 §4 (no raw codes or English on a Finnish screen), issue 18 §1: what kp prints as a result
reads in the terminal's language: `kp init --demo`'s counts, `kp request list`'s types and
statuses (their names, not their codes), `kp processor list`'s status."""
from __future__ import annotations

import pytest

from kpcore import requests as reqs


@pytest.mark.parametrize("lang, said", [
    ("fi", "henkilöä, "), ("sv", "personer, "), ("en", "contacts, "),
])
def test_kp_init_demo_counts_in_the_terminals_language(kp, tmp_path, lang, said):
    res = kp("init", "--demo", "--contacts", "20", "--visits", "20", db_path=tmp_path / "d.duckdb", env={"KP_LANG": lang})
    assert res.returncode == 0, res.stderr
    line = res.stderr.splitlines()[1]
    assert said in line
    if lang != "en":
        assert not any(w in line for w in ("contacts", "purpose links", "web visits", "open requests", "breaches"))


def test_kp_request_list_names_types_and_statuses_in_the_terminals_language(kp, reg):
    r = reqs.add(reg, "dpo", type="erasure", email="aino@kangasala.fi")
    fi = kp("request", "list", db_path=reg.path, env={"KP_LANG": "fi"}).stdout
    assert fi.split()[0] == str(r["id"]) and "Poistaminen (17 art.)" in fi and "Vastaanotettu" in fi and " pv" in fi
    assert "erasure" not in fi and "received" not in fi
    sv = kp("request", "list", db_path=reg.path, env={"KP_LANG": "sv"}).stdout
    assert "Radering (art. 17)" in sv and "Mottagen" in sv
    en = kp("request", "list", db_path=reg.path, env={"KP_LANG": "en"}).stdout
    assert "Erasure (Art. 17)" in en and "Received" in en and " d " in en


def test_kp_request_show_names_the_channel_and_the_history_in_the_terminals_language(kp, reg):
    r = reqs.add(reg, "dpo", type="access", email="aino@kangasala.fi", channel="letter")
    reqs.start(reg, "dpo", r["id"])
    fi = kp("request", "show", str(r["id"]), db_path=reg.path, env={"KP_LANG": "fi"}).stdout
    assert "(Kirje)" in fi and "Käsittely aloitettu -> Käsittelyssä" in fi, fi
    assert "letter" not in fi and "in_progress" not in fi and "started" not in fi
    sv = kp("request", "show", str(r["id"]), db_path=reg.path, env={"KP_LANG": "sv"}).stdout
    assert "(Brev)" in sv and "-> Under behandling" in sv, sv


def test_a_reader_that_stops_early_gets_no_error_line(tmp_path):
    """`kp contacts find @ | head -1`: the pipe closes under kp; kp stops quietly (exit 0), with no
    'Broken pipe' line in English nor Python's own complaint at exit."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    path = tmp_path / "many.duckdb"
    env = dict(os.environ, KP_DB=str(path), KP_LANG="fi")
    subprocess.run([sys.executable, "-m", "kpcore.cli", "init", "--demo", "--contacts", "2000", "--visits", "10"],
                   cwd=root, env=env, check=True, capture_output=True)
    res = subprocess.run(f"'{sys.executable}' -m kpcore.cli contacts find @ --limit 100000 | head -1; "
                         "echo \"rc=${PIPESTATUS[0]}\" >&2", shell=True, executable="/bin/bash",
                         cwd=root, env=env, capture_output=True, text=True)
    assert len(res.stdout.splitlines()) == 1
    assert res.stderr.strip() == "rc=0", res.stderr


def test_kp_contacts_find_names_purposes_and_sources_in_the_terminals_language(kp, demo_reg):
    with demo_reg.read() as q:
        purposes = q.sql("SELECT key, name_fi, name_sv, name_en FROM purpose").fetchall()
    fi = kp("contacts", "find", "@", "--limit", "50", db_path=demo_reg.path, env={"KP_LANG": "fi"}).stdout
    sv = kp("contacts", "find", "@", "--limit", "50", db_path=demo_reg.path, env={"KP_LANG": "sv"}).stdout
    shown = [(key, n_fi, n_sv) for key, n_fi, n_sv, _ in purposes if n_fi in fi]
    assert shown, fi
    for key, n_fi, n_sv in shown:
        assert f"\n          {key} (" not in fi and f", {key} (" not in fi  # the key is not shown as the name
        assert (n_sv or n_fi) in sv


def test_kp_contacts_summary_names_purposes_and_sources_under_a_heading_and_json_keeps_the_keys(kp, demo_reg):
    import json

    with demo_reg.read() as q:
        names = {lang: dict(q.sql(f"SELECT key, coalesce(name_{lang}, name_fi) FROM purpose").fetchall())
                 for lang in ("fi", "sv", "en")}
        sources = dict(q.sql("SELECT key, name_fi FROM source").fetchall())
    rows = json.loads(kp("contacts", "summary", "--json", db_path=demo_reg.path, check=True).stdout)
    assert rows and all(r["purpose"] in names["fi"] for r in rows)  # the keys, for scripts
    for lang, heading in (("fi", "Käyttötarkoitus"), ("sv", "Ändamål"), ("en", "Purpose")):
        lines = kp("contacts", "summary", db_path=demo_reg.path, env={"KP_LANG": lang}, check=True).stdout.splitlines()
        assert lines[0].split()[0] == heading and len(lines) == len(rows) + 1
        for r, line in zip(rows, lines[1:]):
            assert line.startswith(names[lang][r["purpose"]] + " ")  # the name, not the key
            assert r["purpose"] not in line.split()
            assert "".join(ch for ch in line.rsplit("  ", 1)[-1] if ch.isdigit()) == str(r["contacts"])
    fi = kp("contacts", "summary", db_path=demo_reg.path, env={"KP_LANG": "fi"}).stdout
    assert any(name in fi for name in sources.values())
    assert not any(f" {key} " in fi for key in sources)  # nor a source's key
