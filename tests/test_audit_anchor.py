"""Issue #15 §5: the audit trail cannot be quietly rewritten. Every write session anchors the
chain's tip in an append-only, keyed-MAC log beside the register; `audit.verify` and
`kp audit verify` check the chain against the latest anchor by themselves.

On f5bb249 deleting every event verified as "intact: 0 events" and an edit followed by
recomputing every hash verified too.
"""
from __future__ import annotations

import json
import os
import stat

import duckdb
import pytest

from kpcore import anchor, audit, keys
from kpcore.db import GENESIS_HASH, audit_hash
from test_audit import _tamper, _verify  # behind kpcore's back: no anchor is written


@pytest.fixture
def logged(reg):
    with reg.write("pekka") as w:
        for i in range(10):
            w.audit("contact.view", "contact", i, {"n": i})
    reg.record("pekka", "register.backup", "register", None, {"tables": 3})
    return reg


def test_every_write_anchors_the_tip_in_a_private_log(logged):
    res = _verify(logged)
    assert res.ok and res.anchored_seq == res.tip_seq == 12
    seq, digest, _ = anchor.latest(logged.path)
    assert (seq, digest) == (res.tip_seq, res.tip_hash)
    log = anchor.log_path(logged.path)
    assert len(log.read_text().splitlines()) == 3  # create, the write, the record
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(keys.key_path(logged.path, "audit").stat().st_mode) == 0o600


def test_a_wiped_chain_fails(logged, kp):
    _tamper(logged, "DELETE FROM audit_log")
    res = _verify(logged)
    assert not res.ok and res.events == 0 and "no longer in the log" in " ".join(res.problems)
    out = kp("audit", "verify", db_path=logged.path)
    assert out.returncode == 1 and "DAMAGED" in out.stderr


def test_a_truncated_chain_fails(logged):
    _tamper(logged, "DELETE FROM audit_log WHERE seq > 5")
    res = _verify(logged)
    assert not res.ok and res.first_bad_seq == 12


def test_a_rehashed_chain_fails(logged, kp):
    """An event edited and every hash after it recomputed: consistent in itself, not with the anchor."""
    con = duckdb.connect(str(logged.path))
    rows = con.execute("SELECT seq, event_at, actor, action, object_type, object_id, detail FROM audit_log "
                       "ORDER BY seq").fetchall()
    prev = GENESIS_HASH
    for seq, at, actor, action, otype, oid, detail in rows:
        actor = "forger" if seq == 3 else actor
        digest = audit_hash(prev, {"seq": seq, "at": at.isoformat(sep=" "), "actor": actor, "action": action,
                                   "object_type": otype, "object_id": oid, "detail": detail})
        con.execute("UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?", [actor, prev, digest, seq])
        prev = digest
    con.close()
    res = _verify(logged)
    assert not res.ok and "another hash than was anchored" in " ".join(res.problems)
    out = kp("audit", "verify", "--json", db_path=logged.path)
    assert out.returncode == 1 and json.loads(out.stdout)["ok"] is False


def test_a_forged_anchor_line_fails_its_mac(logged):
    with anchor.log_path(logged.path).open("a") as fh:
        fh.write(f"12\t{'0' * 64}\t2026-12-01T10:00:00\t{'f' * 64}\n")
    res = _verify(logged)
    assert not res.ok and "seal" in " ".join(res.problems)


def test_a_removed_anchor_log_fails_while_the_key_is_there(logged):
    os.unlink(anchor.log_path(logged.path))
    res = _verify(logged)
    assert not res.ok and "missing" in " ".join(res.problems)


def test_kp_audit_verify_reports_the_anchor(logged, kp):
    out = kp("audit", "verify", db_path=logged.path)
    assert out.returncode == 0 and "against the anchor of event 12" in out.stdout


def test_an_issued_quarter_carries_the_audit_tip(reg):
    import datetime as dt

    from kpcore import quarter

    today = dt.date.today()
    q_key = quarter.last_complete(today)
    with reg.read() as q:
        before = audit.verify(q)
    figs = quarter.issue(reg, "dpo", q_key, today)
    assert {k: figs["audit_tip"][k] for k in ("seq", "hash")} == {"seq": before.tip_seq, "hash": before.tip_hash}
    assert len(figs["audit_tip"]["seal"]) == 64  # the HMAC seal checked in tests/test_quarter_audit_tip.py
    with reg.read() as q:
        stored = json.loads(q.sql("SELECT figures FROM quarter_report WHERE quarter = ?", [q_key]).fetchall()[0][0])
    assert stored["audit_tip"]["hash"] == before.tip_hash
