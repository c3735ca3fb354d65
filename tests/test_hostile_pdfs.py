"""Every PDF the register prints, from a register whose text fields hold hostile values.

The values go straight into the tables (as an older tool or a careless import could have
left them), so each builder meets the worst: markup, SQL, control characters, RTL text,
emoji and 10,000-character values. Each PDF must open (qpdf --check) and print the text.
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
    return reg


def test_the_processor_record_prints_hostile_values(hostile, tmp_path):
    from kpcore import processors as P

    for lang in ("fi", "en"):
        with hostile.read() as q:
            data = P.record_pdf(q, lang)
        flat = _flat(_text(data, tmp_path, f"record-{lang}"))
        assert flat.count("B") >= len(WORD)  # the 10,000-character word, whole (over page breaks)
        assert "DROPTABLEcontact;--" in flat and "<script>alert(1)</script>" in flat
        assert flat.count("Pitkäarvo") >= 900
