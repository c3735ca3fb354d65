"""Erasure with its safeguards (#11): preview, confirmation, ground, exceptions, Art. 19, the record."""
from __future__ import annotations

import datetime as dt
import json
import subprocess

import pytest
from pypdf import PdfReader

from kpcore import art19, erasure, imports, suppression
from kpcore import requests as reqs
from kpcore.errors import Refused, ValidationFailed

EMAIL = "hanna.poisto@nokia.fi"


@pytest.fixture
def person(reg, tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("nimi;sähköposti;käyttötarkoitus;lähde;organisaatio\n"
                 f"Hanna Poisto;{EMAIL};sales_marketing;public;Nokia\n"
                 f"Hanna Poisto;{EMAIL};expert_admin;direct;Nokia\n"
                 "Muu;muu@nokia.fi;expert_admin;direct;Nokia\n", encoding="utf-8")
    imports.import_file(reg, f, actor="t")
    bad = tmp_path / "b.csv"
    bad.write_text("nimi;sähköposti;käyttötarkoitus;lähde\n"
                   f"Hanna Poisto;{EMAIL};nonsense;public\n"
                   "Toinen;toinen@nokia.fi;nonsense;public\n", encoding="utf-8")
    imports.import_file(reg, bad, actor="t", skip_invalid=True)
    r = reqs.add(reg, "dpo", type="erasure", email=EMAIL, name="Hanna Poisto")
    return {"request": r["id"], "rejected": tmp_path / "b.rejected.csv"}


def _count(reg, sql):
    with reg.read() as q:
        return q.sql(sql).fetchall()[0][0]


def test_the_preview_says_what_and_where_and_changes_nothing(reg, person):
    before = _count(reg, "SELECT count(*) FROM audit_log")
    pv = erasure.preview(reg, EMAIL, request_id=person["request"])
    assert pv["outcome"] == "complete" and pv["people"] == 1
    assert pv["tables"]["contact"] == 1 and pv["tables"]["contact_purpose"] == 2
    assert pv["files"] == [str(person["rejected"].resolve())]
    assert sorted(i["ref"] for i in pv["tell"]) == ["1", "2", "4"]  # recipients of both purposes
    assert pv["suppression"] == ["*"]
    assert _count(reg, "SELECT count(*) FROM audit_log") == before
    assert _count(reg, "SELECT count(*) FROM contact") == 2


def test_kp_erase_refuses_without_terminal_and_without_yes(reg, person, kp):
    res = kp("erase", EMAIL, "--ground", "a", db_path=reg.path)
    assert res.returncode == 2 and "nothing was erased" in res.stderr
    assert "contact" in res.stderr and "to tell (Art. 19)" in res.stderr and "b.rejected.csv" in res.stderr
    assert _count(reg, f"SELECT count(*) FROM contact WHERE email = '{EMAIL}'") == 1
    res = kp("erase", EMAIL, "--yes", db_path=reg.path)  # no ground: refused too
    assert res.returncode != 0 and "--ground" in res.stderr
    assert _count(reg, f"SELECT count(*) FROM contact WHERE email = '{EMAIL}'") == 1
    res = kp("erase", EMAIL, "--preview", "--json", db_path=reg.path)
    assert json.loads(res.stdout)["tables"]["contact"] == 1


def test_kp_erase_asks_on_a_terminal(reg, person, tmp_path):
    import shutil
    import sys
    if not shutil.which("script"):
        pytest.skip("util-linux script(1) is not installed")
    cmd = f"{sys.executable} -m kpcore.cli erase {EMAIL} --ground a --db {reg.path}"
    res = subprocess.run(["script", "-qec", cmd, "/dev/null"], input="ei\n", capture_output=True, text=True, timeout=120)
    assert "Erase? Type 'yes'" in res.stdout and "nothing was erased" in res.stdout
    assert _count(reg, f"SELECT count(*) FROM contact WHERE email = '{EMAIL}'") == 1
    res = subprocess.run(["script", "-qec", cmd, "/dev/null"], input="kyllä\n", capture_output=True, text=True,
                         timeout=120)
    assert "erased 1 person(s)" in res.stdout, res.stdout
    assert _count(reg, f"SELECT count(*) FROM contact WHERE email = '{EMAIL}'") == 0


def test_a_complete_erasure_leaves_a_minimal_keyed_record_and_scrubs_the_rejected_file(reg, person):
    counts = erasure.erase(reg, "dpo", EMAIL, request_id=person["request"], ground="a", compact_file=False)
    assert counts["outcome"] == "complete" and counts["files"] == 1
    text = person["rejected"].read_text("utf-8-sig")
    assert EMAIL not in text and "toinen@nokia.fi" in text
    assert (person["rejected"].stat().st_mode & 0o777) == 0o600
    with reg.read() as q:
        r = reqs.get(q, person["request"])
        assert r["requester_email"] is None and r["requester_name"] is None
        assert (r["type"], r["erasure_ground"], r["erasure_outcome"]) == ("erasure", "a", "complete")
        # a later complaint from the same address can be matched with the key, not without it
        key = suppression._key(q)
        assert r["requester_hash"] == suppression.digest_with(key, suppression.salt(q), "email", EMAIL.upper())
        assert suppression.is_suppressed(q, email=EMAIL, purpose="expert_admin")


def test_an_exception_keeps_its_purpose_and_the_letter_says_so(reg, person, tmp_path):
    with pytest.raises(ValidationFailed, match="ground"):
        erasure.erase(reg, "dpo", EMAIL, request_id=person["request"], ground="z")
    with pytest.raises(ValidationFailed, match="unknown exception"):
        erasure.erase(reg, "dpo", EMAIL, request_id=person["request"], ground="a", exceptions=[("whim", ["expert_admin"])])
    pv = erasure.preview(reg, EMAIL, request_id=person["request"], exceptions=[("running_contract", ["expert_admin"])])
    assert pv["outcome"] == "partial" and pv["purposes_kept"] == {"expert_admin": ["running_contract"]}
    assert pv["suppression"] == ["sales_marketing"] and pv["tables"]["contact"] == 0
    counts = erasure.erase(reg, "dpo", EMAIL, request_id=person["request"], ground="c",
                           exceptions=[("running_contract", ["expert_admin"])], compact_file=False)
    assert (counts["outcome"], counts["links"], counts["contacts"]) == ("partial", 1, 0)
    with reg.read() as q:
        c = q.one("request_contact_by_email", {"email": EMAIL})
        assert [r["purpose"] for r in q.all("sar_links", {"id": c["id"]})] == ["expert_admin"]
        assert suppression.is_suppressed(q, email=EMAIL, purpose="sales_marketing")
        assert not suppression.is_suppressed(q, email=EMAIL, purpose="expert_admin")
        r = reqs.get(q, person["request"])
        assert r["erasure_outcome"] == "partial"
        assert json.loads(r["erasure_exceptions"]) == [{"code": "running_contract", "purposes": ["expert_admin"]}]
        # only the recipients of the erased purpose are told
        assert sorted(i["ref"] for i in r["art19"]) == ["1", "2"]
        pdf = erasure.letter_pdf(q, person["request"], lang="fi")
    out = tmp_path / "letter.pdf"
    out.write_bytes(pdf)
    assert subprocess.run(["qpdf", "--check", str(out)], capture_output=True).returncode == 0
    text = " ".join((p.extract_text() or "") for p in PdfReader(out).pages).replace("\n", " ")
    assert "lukuun ottamatta" in text and "17(1)(c)" in text
    assert "Asiantuntijapalveluiden" in text and "asiakassopimuksen" in text


def test_art19_checklist_blocks_closing_until_each_is_told_or_excused(reg, person):
    erasure.erase(reg, "dpo", EMAIL, request_id=person["request"], ground="a", compact_file=False)
    rid = person["request"]
    with reg.read() as q:
        assert len(art19.open_items(q, rid)) == 3
    with pytest.raises(Refused, match="Art. 19"):
        reqs.close(reg, "dpo", rid)
    art19.mark(reg, "dpo", rid, "1", on=dt.date.today())
    art19.mark(reg, "dpo", rid, "2")
    with pytest.raises(Refused, match="1 recipient"):
        reqs.close(reg, "dpo", rid)
    with pytest.raises(ValidationFailed, match="future"):
        art19.mark(reg, "dpo", rid, "4", on=dt.date.today() + dt.timedelta(days=2))
    art19.mark(reg, "dpo", rid, "4", reason="toimittaja ei ole saanut tietoja tästä henkilöstä")
    assert reqs.close(reg, "dpo", rid)["status"] == "completed"
    with reg.read() as q:
        items = art19.items(q, rid)
    assert sorted((i["ref"], i["told_on"] is not None, bool(i["not_told_reason"])) for i in items) == \
        [("1", True, False), ("2", True, False), ("4", False, True)]


def test_kp_request_tell_and_show(reg, person, kp):
    erasure.erase(reg, "dpo", EMAIL, request_id=person["request"], ground="a", compact_file=False)
    rid = str(person["request"])
    res = kp("request", "show", rid, db_path=reg.path)
    assert "Art. 19 recipient 1" in res.stdout and "OPEN" in res.stdout
    res = kp("request", "close", rid, db_path=reg.path)
    assert res.returncode != 0 and "Art. 19" in res.stderr
    for ref in ("1", "2", "4"):
        assert kp("request", "tell", rid, ref, "--on", dt.date.today().isoformat(), db_path=reg.path).returncode == 0
    assert kp("request", "close", rid, db_path=reg.path).returncode == 0


def test_an_erasure_without_a_request_makes_one_for_the_record(reg, person):
    counts = erasure.erase(reg, "dpo", "tuntematon@x.fi", ground="b", compact_file=False)
    with reg.read() as q:
        r = reqs.get(q, counts["request"])
    assert (r["type"], r["erasure_ground"], r["status"], r["requester_email"]) == ("erasure", "b", "completed", None)
