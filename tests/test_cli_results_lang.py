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
