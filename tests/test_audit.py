"""The audit log's hash chain: verify detects an edited, deleted, inserted or reordered event."""
from __future__ import annotations

import datetime as dt
import json

import duckdb
import pytest

from kpcore import audit, auth


@pytest.fixture
def logged(reg):
    """A register with a few dozen events of different kinds."""
    auth.add_user(reg, "pekka", "dpo", "salasana-pitka-1")
    with reg.write("pekka") as w:  # one transaction, twenty events
        for i in range(20):
            w.audit("contact.view", "contact", i, {"n": i})
    reg.record("cli:root", "register.backup", "register", None, {"tables": 3})
    return reg


def _tamper(reg, *statements):
    con = duckdb.connect(str(reg.path))
    for s in statements:
        con.execute(s)
    con.close()


def _verify(reg):
    with reg.read() as q:
        return audit.verify(q)


def test_an_untouched_log_verifies(logged):
    res = _verify(logged)
    assert res.ok and res.events == 23 and res.tip_seq == 23 and not res.problems
    with logged.read() as q:
        assert res.tip_hash == q.one("audit_tip")["hash"]


@pytest.mark.parametrize("statement, first_bad", [
    ("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 7", 7),
    ("UPDATE audit_log SET detail = '{\"n\": 99}' WHERE seq = 9", 9),
    ("UPDATE audit_log SET event_at = event_at + INTERVAL 1 SECOND WHERE seq = 4", 4),
    ("UPDATE audit_log SET object_id = NULL WHERE seq = 12", 12),
    ("DELETE FROM audit_log WHERE seq = 10", 11),
    ("DELETE FROM audit_log WHERE seq BETWEEN 2 AND 5", 6),
    ("DELETE FROM audit_log WHERE seq = 1", 2),
])
def test_edits_and_deletions_are_detected(logged, statement, first_bad):
    _tamper(logged, statement)
    res = _verify(logged)
    assert not res.ok and res.first_bad_seq == first_bad, res.problems


def test_reordering_is_detected_even_with_sequence_numbers_swapped(logged):
    # swap two events' places by swapping their seq numbers (and nothing else)
    _tamper(logged, "UPDATE audit_log SET seq = -8 WHERE seq = 8", "UPDATE audit_log SET seq = 8 WHERE seq = 9",
            "UPDATE audit_log SET seq = 9 WHERE seq = -8")
    res = _verify(logged)
    assert not res.ok and res.first_bad_seq == 8


def test_a_forged_event_with_a_recomputed_own_hash_still_breaks_the_chain(logged):
    """Rewriting one event and its hash is not enough: the next event links to the old hash."""
    from kpcore.db import audit_hash
    with logged.read() as q:
        seq, at, action, otype, oid, detail, prev = q.sql(
            "SELECT seq, event_at, action, object_type, object_id, detail, prev_hash FROM audit_log WHERE seq = 5").fetchall()[0]
    body = {"seq": seq, "at": at.isoformat(sep=" "), "actor": "forger", "action": action,
            "object_type": otype, "object_id": oid, "detail": detail}
    _tamper(logged, f"UPDATE audit_log SET actor = 'forger', hash = '{audit_hash(prev, body)}' WHERE seq = 5")
    res = _verify(logged)
    assert not res.ok and res.first_bad_seq == 6


def test_removal_at_the_end_is_caught_by_an_earlier_tip(logged, kp):
    before = _verify(logged)
    _tamper(logged, "DELETE FROM audit_log WHERE seq >= 22")
    res = _verify(logged)  # a shorter chain is consistent in itself, but not with its anchor (#15 §5)
    assert not res.ok and any("no longer in the log" in p for p in res.problems)
    res = kp("audit", "verify", "--expect-tip", f"{before.tip_seq}:{before.tip_hash}", db_path=logged.path)
    assert res.returncode == 1 and "removed" in res.stderr  # nor with the tip noted earlier


def test_kp_audit_verify_reports_in_plain_words(logged, kp):
    res = kp("audit", "verify", db_path=logged.path)
    assert res.returncode == 0 and "audit log intact: 23 events" in res.stdout
    tip = _verify(logged)
    ok = kp("audit", "verify", "--expect-tip", f"{tip.tip_seq}:{tip.tip_hash}", db_path=logged.path)
    assert ok.returncode == 0, ok.stderr
    wrong = kp("audit", "verify", "--expect-tip", f"{tip.tip_seq}:{'0' * 64}", db_path=logged.path)
    assert wrong.returncode == 1 and "not the one noted earlier" in wrong.stderr
    _tamper(logged, "UPDATE audit_log SET action = 'nothing.happened' WHERE seq = 3")
    res = kp("audit", "verify", db_path=logged.path)
    assert res.returncode == 1 and "AUDIT LOG DAMAGED" in res.stderr and "event 3" in res.stderr
    assert "Traceback" not in res.stderr
    js = json.loads(kp("audit", "verify", "--json", db_path=logged.path).stdout)
    assert js["ok"] is False and js["first_bad_seq"] == 3


def test_audit_list_filters(logged, kp):
    with logged.read() as q:
        assert audit.count(q) == 23
        assert audit.count(q, actor="pekka") == 20
        assert audit.count(q, action="contact.") == 20 and audit.count(q, action="user.") == 1
        assert [e["object_id"] for e in audit.events(q, object_type="contact", object_id=7)] == ["7"]
        today = dt.date.today()
        assert audit.count(q, start=today, end=today) == 23
        assert audit.count(q, end=today - dt.timedelta(days=1)) == 0
        assert audit.count(q, start=today + dt.timedelta(days=1)) == 0
        newest = audit.events(q, limit=2)
        assert [e["seq"] for e in newest] == [23, 22] and newest[1]["detail"] == {"n": 19}
        assert audit.facets(q)["actor"] == ["cli:root", "pekka", "system"]
    rows = json.loads(kp("audit", "list", "--json", "--actor", "pekka", "--action", "contact.view",
                         "--limit", "5", db_path=logged.path).stdout)
    assert [r["object_id"] for r in rows] == ["19", "18", "17", "16", "15"]
    text = kp("audit", "list", "--object-type", "register", db_path=logged.path).stdout
    assert "register.backup" in text and "register.create" in text and "contact.view" not in text
    bad = kp("audit", "list", "--since", "31.13.2026", db_path=logged.path)
    assert bad.returncode == 1 and "--since" in bad.stderr and "Traceback" not in bad.stderr


def test_every_audit_action_in_the_code_has_a_finnish_name():
    """Issue 16 §4: the audit view shows no raw codes. Every action the code writes (found in
    the source) and every one in a demo register is named in ACTION_TEXT (or by a prefix)."""
    import re
    from pathlib import Path

    from kpcore.audit import ACTION_TEXT, action_text

    root = Path(__file__).resolve().parent.parent
    src = "\n".join(p.read_text() for d in ("kpcore", "dashboard") for p in (root / d).rglob("*.py"))
    calls = re.findall(r"(?:audit|record|write)\(\s*(?:[\w.()]+,\s*)?f?\"([a-z_]+\.[a-z_.]+)\"", src)
    calls += [f"request.{e}" for e in re.findall(r"\b_change\(reg, actor, \w+, \"([a-z_]+)\"", src)]
    assert len(set(calls)) > 40, sorted(set(calls))
    unnamed = sorted({a for a in calls if a not in ACTION_TEXT and not any(a.startswith(k + ".") for k in ACTION_TEXT)})
    assert unnamed == [], unnamed
    assert action_text("auth.signin") == "Kirjautuminen" and action_text("auth.signin", "en") == "Sign-in"
    assert action_text("sar.export.pdf") == "Tarkastusraportti ladattu (PDF)"
    assert action_text("system.add.more") == "Järjestelmä lisätty"  # by its longest known prefix
    assert action_text("breach.brand_new") == "Tietoturvaloukkaus: brand new"  # unknown: object named, never bare
