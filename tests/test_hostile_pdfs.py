"""Every PDF the register prints, from a register whose text fields hold hostile values.

The values go straight into the tables (as an older tool or a careless import could have
left them), so each builder meets the worst: markup, SQL, control characters, RTL text,
emoji and 10,000-character values. Each PDF must open (qpdf --check) and print the text.
(The quarterly report was only checked to open on f5bb249; its footer printed an emoji as a
wrong glyph.)
"""
from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from kpcore import db

LONG = ("Pitkä arvo " * 1000)[:10_000]
WORD = "B" * 10_000
MARK = "<b>x</b><script>alert(1)</script>&amp;"
SQL = "x'); DROP TABLE contact; --"
CTRL = "a\x07b\x1b[31mc\r\nd"
RTL = "\u202eevil\u202c שלום مرحبا"
EMOJI = "Matti 😀 Meikäläinen"
TODAY = dt.date.today()


def _text(data: bytes, tmp_path, name: str) -> str:
    f = tmp_path / f"{name}.pdf"
    f.write_bytes(data)
    check = subprocess.run(["qpdf", "--check", str(f)], capture_output=True, text=True)
    assert check.returncode == 0, (name, check.stdout[-500:])
    return subprocess.run(["pdftotext", "-raw", str(f), "-"], capture_output=True, text=True, check=True).stdout


def _flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> db.Register:
    reg = db.create(tmp_path_factory.mktemp("hostile") / "register.duckdb")
    with reg.write("test", "test.hostile") as w:
        w.sql("INSERT INTO customer (name, business_id, address, contact_name, contact_email, dpo_name, dpo_email)"
              " VALUES (?, ?, ?, ?, 'c@x.fi', ?, 'd@x.fi')", [MARK + " Oy", SQL, LONG, RTL, EMOJI])
        cid = w.sql("SELECT max(id) FROM customer").fetchall()[0][0]
        w.sql("""INSERT INTO processor_engagement (customer_id, system, vendor, service_fi, service_en, agreement_ref,
                   transfers_fi, transfers_en, security_fi, security_en, starts_on)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
              [cid, WORD, SQL, LONG, LONG, CTRL, RTL, RTL, EMOJI, EMOJI, TODAY - dt.timedelta(days=40)])
        eid = w.sql("SELECT max(id) FROM processor_engagement").fetchall()[0][0]
        w.sql("INSERT INTO processor_access (engagement_id, accessed_at, staff, ticket_ref, reason, action)"
              " VALUES (?, ?, ?, ?, ?, ?)", [eid, dt.datetime.now() - dt.timedelta(days=3), MARK, SQL, LONG, WORD])
        # a person, a request about them, and the register's own texts
        w.sql("INSERT INTO contact (email, name, phone, organisation, title) VALUES ('h@x.fi', ?, '+358401234567', ?, ?)",
              [MARK + " " + EMOJI, LONG[:500], RTL])
        pid = w.sql("SELECT id FROM contact WHERE email = 'h@x.fi'").fetchall()[0][0]
        w.sql("INSERT INTO contact_purpose (contact_id, purpose, source, collected_on) VALUES (?, 'sales_marketing', 'public', ?)",
              [pid, TODAY - dt.timedelta(days=10)])
        w.sql("""INSERT INTO subject_request (type, received_on, requester_name, requester_email, status, due_on,
                   extended_on, extension_reason, refusal_reason)
                 VALUES ('access', ?, ?, 'h@x.fi', 'refused', ?, ?, ?, ?)""",
              [TODAY - dt.timedelta(days=20), SQL + " " + CTRL, TODAY + dt.timedelta(days=60), TODAY - dt.timedelta(days=5),
               LONG, WORD])
        rid = w.sql("SELECT max(id) FROM subject_request").fetchall()[0][0]
        w.sql("INSERT INTO request_subject VALUES (?, ?)", [rid, pid])
        w.sql("UPDATE statement SET body = ? || body WHERE key IN (SELECT key FROM statement LIMIT 3)", [MARK + " " + RTL + " "])
        w.sql("UPDATE purpose SET legitimate_interest_en = ?, legitimate_interest_fi = ? WHERE key = 'sales_marketing'", [LONG, WORD])  # retention is generated, not typed
        w.sql("UPDATE purpose SET name_fi = ?, name_en = ? WHERE key = 'expert_admin'",
              [MARK + " asiantuntijat " + SQL, MARK + " experts " + SQL])
        w.sql("UPDATE controller SET name = ?", [MARK + " " + EMOJI + " " + RTL + " Oy"])
        w.sql("""INSERT INTO breach (occurred_at, aware_at, description, data_categories, effects, remedial_action, risk,
                   notify, decision_reason, delay_reason)
                 VALUES (?, ?, ?, ?, ?, ?, 'high', true, ?, ?)""",
              [dt.datetime.now() - dt.timedelta(days=4), dt.datetime.now() - dt.timedelta(days=3), LONG, MARK, WORD, RTL,
               SQL, EMOJI])
    return reg


def test_the_access_report_and_letters_print_hostile_values(hostile, tmp_path):
    from kpcore import sar
    from kpcore import requests

    with hostile.read() as q:
        rid = q.sql("SELECT max(id) FROM subject_request").fetchall()[0][0]
        for lang in ("fi", "en"):
            report = _flat(_text(sar.report_pdf(q, "h@x.fi", lang=lang, request_id=rid), tmp_path, f"sar-{lang}"))
            assert "<b>x</b><script>alert(1)</script>" in report and "[U+1F600]" in report
            refusal = _flat(_text(requests.letter_pdf(q, rid, "refusal", lang=lang), tmp_path, f"refusal-{lang}"))
            assert refusal.count("B") >= len(WORD)  # the refusal reason, whole
            ext = _flat(_text(requests.letter_pdf(q, rid, "extension", lang=lang), tmp_path, f"ext-{lang}"))
            assert ext.count("Pitkäarvo") >= 900  # the extension reason, whole


def test_the_privacy_notice_prints_hostile_register_texts(hostile, tmp_path):
    from kpcore import notice

    with hostile.read() as q:
        fi = _flat(_text(notice.notice_pdf(q, "fi"), tmp_path, "notice-fi"))
        en = _flat(_text(notice.notice_pdf(q, "en"), tmp_path, "notice-en"))
    assert fi.count("B") >= len(WORD) and en.count("Pitkäarvo") >= 900
    assert "<b>x</b><script>alert(1)</script>" in fi + en


def test_the_processor_record_prints_hostile_values(hostile, tmp_path):
    from kpcore import processor_record as PR

    for lang in ("fi", "en"):
        with hostile.read() as q:
            data = PR.record_pdf(q, lang)
        flat = _flat(_text(data, tmp_path, f"record-{lang}"))
        assert flat.count("B") >= len(WORD)  # the 10,000-character word, whole (over page breaks)
        assert "DROPTABLEcontact;--" in flat and "<script>alert(1)</script>" in flat
        assert flat.count("Pitkäarvo") >= 900


def test_the_record_of_processing_and_the_quarterly_report_print_hostile_values(hostile, tmp_path):
    from kpcore import quarter, record

    with hostile.read() as q:
        for lang in ("fi", "en"):
            rec = _flat(_text(record.controller_record(q, "pdf", lang), tmp_path, f"record30-{lang}"))
            assert rec.count("B") >= len(WORD) or rec.count("Pitkäarvo") >= 900  # the purpose's legitimate interest
            rep = _flat(_text(quarter.report_pdf(q, None, lang, TODAY), tmp_path, f"quarter-{lang}"))
            # the controller's name (title line and footer) and the purpose's name (table), as text
            assert rep.count("<b>x</b><script>alert(1)</script>&amp;Matti[U+1F600]Meikäläinen") >= 2, rep[:2000]
            word = "asiantuntijat" if lang == "fi" else "experts"
            assert f"<b>x</b><script>alert(1)</script>&amp;{word}x');DROPTABLEcontact;--" in rep
