"""#15 §5: every issued quarterly report carries the audit trail's tip (the last event's sequence
number and hash) and its seal (an HMAC with the audit key kept outside the register), so a later
rewrite of the trail before that point shows against the paper the management got."""
from __future__ import annotations

import re

from kpcore import anchor, quarter
from test_quarter import TODAY, build, pdf_text


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_an_issued_report_carries_the_audit_tip_and_its_seal(reg, tmp_path, kp):
    build(reg)
    seq, digest, _ = anchor.latest(reg.path)  # the tip anchored before the quarter is issued
    figs = quarter.issue(reg, "dpo", "2026Q3", TODAY)
    tip = figs["audit_tip"]
    assert (tip["seq"], tip["hash"]) == (seq, digest)
    assert tip["seal"] == anchor.seal(reg.path, seq, digest) and re.fullmatch(r"[0-9a-f]{64}", tip["seal"])
    for lang, words in (("fi", "Lokiketju"), ("en", "Audit trail")):
        with reg.read() as q:
            text = _flat(pdf_text(quarter.report_pdf(q, "2026Q3", lang, TODAY), tmp_path, f"r-{lang}.pdf"))
        assert words in text
        assert f"{seq}:{digest}" in text.replace(" ", "")  # a long hash may wrap
        assert tip["seal"] in text.replace(" ", "")
        assert f"kp audit verify --expect-tip {seq}:" in text
    # what the paper says checks out against the register as long as the trail is untouched
    res = kp("audit", "verify", "--expect-tip", f"{seq}:{digest}", db_path=reg.path)
    assert res.returncode == 0, res.stdout + res.stderr


def test_a_live_report_carries_no_tip(reg, tmp_path):
    build(reg)
    with reg.read() as q:
        text = _flat(pdf_text(quarter.report_pdf(q, "2026Q3", "en", TODAY), tmp_path))
    assert "Audit trail" not in text and "--expect-tip" not in text


def test_the_seal_depends_on_the_key_and_the_tip(reg, tmp_path):
    a = anchor.seal(reg.path, 5, "ab" * 32)
    assert a != anchor.seal(reg.path, 6, "ab" * 32) and a != anchor.seal(reg.path, 5, "ac" * 32)
    other = tmp_path / "other.duckdb"
    from kpcore import db

    db.create(other)
    assert a != anchor.seal(other, 5, "ab" * 32)  # another register has another key
