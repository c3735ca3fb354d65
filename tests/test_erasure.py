"""Erasure leaves no trace; rectification, objection and restriction do exactly what was asked."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest

from kpcore import erasure, suppression
from kpcore import requests as reqs
from kpcore.errors import NotFound, Refused, ValidationFailed

D = dt.date
TODAY = dt.date.today()
EMAIL, PHONE, NAME, IP = "ville.poistettava@ylojarvi.fi", "+358409876543", "Ville Poistettava", "88.114.77.201"


@pytest.fixture
def victim(reg):
    """A person in two purposes with web visits and an erasure request, among others."""
    with reg.write("t", "test.people") as w:
        w.sql("INSERT INTO contact (email, name, phone) SELECT 'other' || i || '@tampere.fi', 'Muu Henkilö ' || i, NULL "
              "FROM range(50) t(i)")
        cid = w.sql("INSERT INTO contact (email, name, phone, organisation, title) VALUES (?, ?, ?, 'Ylöjärven kaupunki', "
                    "'Rakennusmestari') RETURNING id", [EMAIL, NAME, PHONE]).fetchall()[0][0]
        w.sql("INSERT INTO contact_purpose (contact_id, purpose, source, collected_on, notice_sent_on, created_at) VALUES (?, 'sales_marketing', 'public', DATE '2026-03-01', NULL, current_timestamp),"
              " (?, 'expert_admin', 'direct', DATE '2026-04-01', DATE '2026-04-01', current_timestamp)", [cid, cid])
        w.sql("INSERT INTO contact_purpose (contact_id, purpose, source, collected_on, notice_sent_on, created_at) SELECT id, 'expert_user', 'direct', DATE '2026-04-01', NULL, current_timestamp "
              "FROM contact WHERE email LIKE 'other%'")
        w.sql("INSERT INTO web_visit VALUES (current_timestamp, ?, false, 'Firefox', '/'), "
              "(current_timestamp, '10.1.1.1', false, 'Chrome', '/tuki')", [IP])
    r = reqs.add(reg, "dpo", type="erasure", email=EMAIL, name=NAME, phone=PHONE, ip=IP)
    earlier = reqs.add(reg, "dpo", type="access", email=EMAIL, name=NAME)
    with reg.write("t", "test.checkpoint"):
        pass
    erasure.checkpoint(reg)
    return {"id": cid, "request": r["id"], "earlier": earlier["id"]}


def _export_text(reg, tmp_path: Path) -> str:
    tmp_path.mkdir(parents=True, exist_ok=True)
    out = tmp_path / "export"
    con = duckdb.connect(str(reg.path), read_only=True)
    try:
        con.execute(f"EXPORT DATABASE '{out}' (FORMAT csv)")
    finally:
        con.close()
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(out.iterdir()) if p.is_file())


def test_erasure_leaves_no_trace_in_an_export_of_the_whole_database(reg, victim, tmp_path):
    before = _export_text(reg, tmp_path / "before")
    assert EMAIL in before and NAME in before and PHONE in before  # the check can see them
    counts = erasure.erase(reg, "dpo", EMAIL, request_id=victim["request"], ground="a")
    assert {k: counts[k] for k in ("contacts", "links", "requests_redacted", "visits", "suppressed", "outcome")} == \
        {"contacts": 1, "links": 2, "requests_redacted": 2, "visits": 1, "suppressed": 2, "outcome": "complete"}
    text = _export_text(reg, tmp_path / "after")
    for value in (EMAIL, PHONE, NAME, "Poistettava", IP):
        assert value not in text, value
    assert "other7@tampere.fi" in text and "10.1.1.1" in text  # nobody else was touched
    with reg.read() as q:
        assert q.sql("SELECT count(*) FROM contact").fetchall()[0][0] == 50
        assert q.sql("SELECT count(*) FROM contact_purpose").fetchall()[0][0] == 50
        r = reqs.get(q, victim["request"])
        assert r["redacted"] and r["requester_email"] is None and r["requester_name"] is None
        assert r["requester_phone"] is None and r["requester_ip"] is None
        # Art. 19: the recipients of both purposes and of web analytics are to be told: the request stays open
        assert r["status"] == "received" and r["subjects"] == []
        assert sorted(i["ref"] for i in r["art19"]) == ["1", "2", "3", "4"]
        assert [e["action"] for e in r["events"]][-1] == "erased"
        assert (r["erasure_ground"], r["erasure_outcome"]) == ("a", "complete")
        assert r["requester_hash"] and len(r["requester_hash"]) == 64
        assert reqs.get(q, victim["earlier"])["redacted"]
        # no import brings them back
        assert suppression.is_suppressed(q, email=EMAIL.upper())
        assert suppression.is_suppressed(q, phone="+358 40 9876543")
        assert not suppression.is_suppressed(q, email="other7@tampere.fi")
        audit = json.dumps(q.sql("SELECT * FROM audit_log").fetchall(), default=str).lower()
    assert "poistettava" not in audit and "9876543" not in audit and IP not in audit
    assert "contact_ids" in audit
    # the write-ahead log was folded into the file, and the file rewritten: DuckDB leaves the
    # blocks deleted rows freed as they were, so without the rewrite these bytes would remain
    wal = Path(str(reg.path) + ".wal")
    assert not wal.exists() or not any(v.encode() in wal.read_bytes() for v in (EMAIL, NAME, PHONE))
    raw = reg.path.read_bytes()
    for value in (EMAIL, NAME, PHONE, "Poistettava"):
        assert value.encode() not in raw, value
    assert b"other7@tampere.fi" in raw  # the raw check can see stored strings


def test_the_rewritten_register_keeps_working(reg, victim):
    erasure.erase(reg, "dpo", EMAIL, request_id=victim["request"], ground="a")
    with reg.read() as q:
        assert q.sql("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1").fetchall()[0][0] == "register.compact"
    new = reqs.add(reg, "dpo", type="access", email="other3@tampere.fi")
    assert new["id"] == victim["earlier"] + 1 and len(new["subjects"]) == 1  # sequences and indexes carried over
    with pytest.raises(duckdb.ConstraintException):  # constraints too
        with reg.write("t", "test.dup") as w:
            w.sql("INSERT INTO contact (email, name) VALUES ('other3@tampere.fi', 'Dup')")


def test_erasure_by_request_alone_and_when_run_twice(reg, victim):
    erasure.erase(reg, "dpo", None, request_id=victim["request"], ground="a")
    with reg.read() as q:
        assert q.one("request_contact_by_email", {"email": EMAIL}) is None
    again = erasure.erase(reg, "dpo", EMAIL, ground="a")
    assert again["contacts"] == 0 and again["suppressed"] == 0


def test_erasing_someone_unknown_still_suppresses_them(reg):
    counts = erasure.erase(reg, "dpo", "never.seen@example.fi", ground="a")
    assert counts["contacts"] == 0 and counts["suppressed"] == 1
    with reg.read() as q:
        assert suppression.is_suppressed(q, email="never.seen@example.fi")
    with pytest.raises(ValidationFailed):
        erasure.erase(reg, "dpo", "  ", ground="a")


def test_kp_erase(tmp_path, kp, reg, victim):
    res = kp("erase", EMAIL, "--request", str(victim["request"]), "--ground", "a", "--yes", "--json", db_path=reg.path)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["contacts"] == 1
    assert "Poistettava" not in res.stdout + res.stderr


def test_rectification_changes_fields_and_keeps_links(reg, victim):
    out = erasure.rectify(reg, "dpo", EMAIL, {"name": "Ville Korjattu", "phone": "040 555 1234",
                                              "email": "ville.k@ylojarvi.fi", "title": ""}, request_id=victim["request"])
    assert out["fields"] == ["email", "name", "phone", "title"]
    with reg.read() as q:
        c = q.one("request_contact_by_email", {"email": "ville.k@ylojarvi.fi"})
        assert (c["id"], c["name"], c["phone"], c["title"]) == (victim["id"], "Ville Korjattu", "+358405551234", None)
        assert {r["purpose"] for r in q.all("sar_links", {"id": c["id"]})} == {"sales_marketing", "expert_admin"}
        assert [s["id"] for s in q.all("request_subjects", {"id": victim["request"]})] == [victim["id"]]
        details = [r[0] or "" for r in q.sql("SELECT detail FROM audit_log WHERE action LIKE 'person.rectify%'").fetchall()]
    assert json.loads(details[0]) == {"fields": ["email", "name", "phone", "title"]}
    assert not any("Korjattu" in d or "ville.k" in d or "5551234" in d for d in details)
    with pytest.raises(ValidationFailed, match="email: is not an e-mail address"):
        erasure.rectify(reg, "dpo", "ville.k@ylojarvi.fi", {"email": "nope"})
    with pytest.raises(Refused, match="already has that address"):
        erasure.rectify(reg, "dpo", "ville.k@ylojarvi.fi", {"email": "other3@tampere.fi"})
    with pytest.raises(ValidationFailed, match="cannot be rectified"):
        erasure.rectify(reg, "dpo", "ville.k@ylojarvi.fi", {"restricted": True})
    with pytest.raises(NotFound):
        erasure.rectify(reg, "dpo", "nobody@x.fi", {"name": "X"})


def test_rectification_cannot_add_data_no_purpose_allows(reg):
    with reg.write("t", "test.person") as w:
        cid = w.sql("INSERT INTO contact (email, name) VALUES ('ryhma2@tampere.fi', 'Ryhmä Kaksi') RETURNING id").fetchall()[0][0]
        w.sql("INSERT INTO contact_purpose (contact_id, purpose, source, collected_on, notice_sent_on, created_at) VALUES (?, 'expert_user', 'direct', DATE '2026-01-01', NULL, current_timestamp)",
              [cid])
    with pytest.raises(ValidationFailed, match="phone: none of the person's purposes allows"):
        erasure.rectify(reg, "dpo", "ryhma2@tampere.fi", {"phone": "+358401234567", "title": "Insinööri"})
    with reg.read() as q:
        c = q.one("request_contact_by_email", {"email": "ryhma2@tampere.fi"})
    assert c["phone"] is None and c["title"] is None
    assert erasure.rectify(reg, "dpo", "ryhma2@tampere.fi", {"title": "Insinööri"})["fields"] == ["title"]


def test_objection_removes_direct_marketing_and_suppresses_only_it(reg, victim):
    out = erasure.object_to_marketing(reg, "dpo", EMAIL, request_id=victim["request"])
    assert out["links_removed"] == 1 and out["purposes"] == ["sales_marketing"]
    with reg.read() as q:
        assert {r["purpose"] for r in q.all("sar_links", {"id": victim["id"]})} == {"expert_admin"}
        assert suppression.is_suppressed(q, email=EMAIL, purpose="sales_marketing")
        assert not suppression.is_suppressed(q, email=EMAIL, purpose="expert_admin")
        assert not suppression.is_suppressed(q, email=EMAIL)  # not erased


def test_restriction_marks_the_person(reg, victim):
    erasure.restrict(reg, "dpo", EMAIL, request_id=victim["request"])
    with reg.read() as q:
        assert q.one("request_contact_by_email", {"email": EMAIL})["restricted"] is True
        r = reqs.get(q, victim["request"])
    assert r["events"][-1]["action"] == "restricted"


def _import_csv(reg, tmp_path, rows: list[str]):
    from kpcore import imports  # a plain import: a missing module is a failure, not a skip
    f = tmp_path / "tuonti.csv"
    f.write_text("email,name,phone,purpose,source,collected_at\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return imports.import_file(reg, f, actor="dpo")


def test_an_erased_person_is_refused_by_the_next_import(reg, victim, tmp_path):
    erasure.erase(reg, "dpo", EMAIL, request_id=victim["request"], ground="a")
    res = _import_csv(reg, tmp_path, [
        f"{EMAIL.upper()},{NAME},{PHONE},sales_marketing,public,2026-11-01",
        f"ville.uusi@ylojarvi.fi,{NAME},{PHONE},expert_admin,direct,2026-11-01",  # same phone, new address
        "tuore.henkilo@ylojarvi.fi,Tuore Henkilö,,sales_marketing,public,2026-11-01",
    ])
    assert res.suppressed == 2 and res.people == 1
    with reg.read() as q:
        assert q.one("request_contact_by_email", {"email": EMAIL}) is None
        assert q.one("request_contact_by_email", {"email": "ville.uusi@ylojarvi.fi"}) is None
        assert q.one("request_contact_by_email", {"email": "tuore.henkilo@ylojarvi.fi"}) is not None


def test_an_objection_refuses_only_marketing_on_the_next_import(reg, victim, tmp_path):
    erasure.object_to_marketing(reg, "dpo", EMAIL)
    res = _import_csv(reg, tmp_path, [f"{EMAIL},{NAME},{PHONE},sales_marketing,public,2026-11-01",
                                      f"{EMAIL},{NAME},,expert_user,direct,2026-11-01"])  # group 2: no phone
    assert res.suppressed == 1
    with reg.read() as q:
        assert {r["purpose"] for r in q.all("sar_links", {"id": victim["id"]})} == {"expert_admin", "expert_user"}
