"""Hostile input: markup, SQL fragments, control characters, right-to-left text, emoji and
10,000-character values are stored exactly, shown safely and printed without breaking a PDF.
Property-based tests (hypothesis) for the deadline rules."""
from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import app_test
from kpcore import audit, auth, deadlines
from kpcore.pdf import common as pdf

HOSTILE = {
    "markup": "<b>lihava</b> <script>alert('x')</script> **md** [linkki](javascript:alert(1)) <img src=x onerror=alert(1)>",
    "sql": "Robert'); DROP TABLE contact; -- \" OR 1=1 /* $1 ? :name",
    "control": "rivi1\nrivi2\ttab\r\x07bell\x1b[31mred\x1b[0m",
    "rtl": "\u202eevil\u202c שלום עולם مرحبا بالعالم",
    "emoji": "Matti 😀👍🏽 Meikäläinen 𝕏",
    "long": ("Pitkä arvo " * 1000)[:10_000],
    "long_word": "A" * 10_000,
    "latin": "Łukasz Żółć Åsa Öhman Αλέξανδρος",
}


def _pdf_text(data: bytes, tmp_path) -> str:
    f = tmp_path / "x.pdf"
    f.write_bytes(data)
    check = subprocess.run(["qpdf", "--check", str(f)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    return subprocess.run(["pdftotext", "-raw", str(f), "-"], capture_output=True, text=True, check=True).stdout


def test_hostile_values_are_stored_exactly(reg):
    with reg.write("test", "test.hostile") as w:
        for i, v in enumerate(HOSTILE.values()):
            w.sql("INSERT INTO contact (email, name, organisation, title) VALUES (?, ?, ?, ?)",
                  [f"h{i}@x.fi", v, v, v])
    with reg.read() as q:
        rows = q.sql("SELECT name, organisation, title FROM contact ORDER BY id").fetchall()
        assert q.sql("SELECT count(*) FROM contact").fetchall()[0][0] == len(HOSTILE)  # the DROP did nothing
    assert [r[0] for r in rows] == list(HOSTILE.values())
    assert all(r[0] == r[1] == r[2] for r in rows)


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_every_pdf_building_block_prints_hostile_values(kind, tmp_path):
    v = HOSTILE[kind]
    story = [pdf.para(v), pdf.bullets([v, "toinen"]), pdf.key_values([("Nimi", v), ("Sähköposti", "a@b.fi")]),
             pdf.table(["Nimi", "Organisaatio", "Titteli"], [[v, v, "x"], ["y", v, v]])]
    text = _pdf_text(pdf.build(story, title=v[:100], footer=v[:100]), tmp_path)
    flat = "".join(text.split())
    if kind == "long_word":
        assert flat.count("A") >= 6 * 10_000  # printed in full (para, bullet, key-value, 3 table cells)
    elif kind == "long":
        assert flat.count("Pitkäarvo") >= 6 * 900
    elif kind == "markup":
        assert "<script>alert('x')</script>" in text and "<b>lihava</b>" in text  # shown, not interpreted
    elif kind == "sql":
        assert "DROPTABLEcontact;--" in flat
    elif kind == "control":
        assert "rivi1" in text and "rivi2" in text and "\x07" not in text and "\x1b" not in text
    elif kind == "emoji":
        assert "[U+1F600]" in text and "Meikäläinen" in text  # no wrong glyph printed instead
    elif kind == "latin":
        assert "Łukasz Żółć" in text and "Αλέξανδρος" in text
    elif kind == "rtl":
        assert "evil" in text


def test_hostile_sign_in_names_are_refused_and_logged_without_them(reg):
    auth.add_user(reg, "pekka", "dpo", "salasana-pitka-1")
    for v in HOSTILE.values():
        with pytest.raises(auth.SignInFailed) as err:
            auth.sign_in(reg, v, v)
        assert err.value.reason == "unknown_user"
    with reg.read() as q:
        text = repr(q.sql("SELECT * FROM audit_log").fetchall())
        assert audit.verify(q).ok
    for v in HOSTILE.values():
        assert v[:20] not in text


def test_hostile_cli_filters_and_names_give_clear_answers(reg, kp):
    for v in (HOSTILE["sql"], HOSTILE["markup"], HOSTILE["rtl"], HOSTILE["long"]):
        res = kp("audit", "list", "--actor", v, "--action", v, "--object-type", v, db_path=reg.path)
        assert res.returncode == 0 and res.stdout == "" and "Traceback" not in res.stderr
        res = kp("user", "add", v[:200], "--role", "dpo", db_path=reg.path, input="salasana-pitka-1\n")
        assert res.returncode == 1 and "user name" in res.stderr and "Traceback" not in res.stderr
    with reg.read() as q:
        assert q.sql("SELECT count(*) FROM app_user").fetchall()[0][0] == 0
        assert audit.verify(q).ok


def test_the_audit_view_shows_hostile_actors_as_text(reg):
    for v in HOSTILE.values():  # an actor comes from the OS user name: treat it as hostile too
        reg.record(v, "test.hostile", "contact", v[:50], {"n": 1})
    at = app_test("audit", reg.path, lang="en").run()
    assert not at.exception
    shown = at.dataframe[0].value
    assert set(HOSTILE.values()) <= set(shown["Actor"])
    assert not any("<script>" in m.value for m in at.markdown)  # nothing of it reached markdown


# -- deadlines: properties ----------------------------------------------------------------
days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(days)
def test_the_due_date_is_a_working_day_no_earlier_than_one_month(received):
    due = deadlines.due_date(received)
    month = deadlines.add_months(received, 1)
    assert deadlines.is_working_day(due)
    assert due >= month > received
    assert (due - month).days <= 6  # a weekend plus Finnish holidays never push it further
    assert all(not deadlines.is_working_day(month + dt.timedelta(days=d)) for d in range((due - month).days))


@FAST
@given(days, days)
def test_the_due_date_is_monotone_in_the_receipt_date(a, b):
    a, b = min(a, b), max(a, b)
    assert deadlines.due_date(a) <= deadlines.due_date(b)
    assert deadlines.due_date(a, extended=True) <= deadlines.due_date(b, extended=True)


@FAST
@given(days)
def test_an_extension_is_never_shorter_and_never_past_either_reading_of_two_further_months(received):
    """Art. 12(3), the conservative reading: the extended due date is the earlier of three months
    from receipt and the first month's end plus two months, on a working day."""
    base, ext = deadlines.due_date(received), deadlines.due_date(received, extended=True)
    three_months = deadlines.add_months(received, 3)
    month_plus_two = deadlines.add_months(deadlines.add_months(received, 1), 2)
    assert ext >= base and deadlines.is_working_day(ext)
    assert ext == deadlines.next_working_day(min(three_months, month_plus_two))
    assert ext <= deadlines.next_working_day(three_months)
    assert deadlines.first_month_end(received) == base


@FAST
@given(days, st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=120))
def test_waiting_for_identity_only_ever_moves_the_deadline_later(received, asked_after, pause):
    asked = received + dt.timedelta(days=asked_after)
    got = asked + dt.timedelta(days=pause)
    plain = deadlines.due_date(received)
    paused = deadlines.due_date(received, id_requested_on=asked, id_received_on=got)
    assert paused >= plain and deadlines.is_working_day(paused)
    assert paused >= deadlines.add_months(received, 1) + dt.timedelta(days=pause)
    assert deadlines.paused_days(asked, got) == pause
    assert deadlines.paused_days(got, asked) == 0 and deadlines.paused_days(None, got) == 0


@FAST
@given(days, st.integers(min_value=0, max_value=36))
def test_add_months_keeps_the_day_or_clamps_to_the_month_end(day, months):
    out = deadlines.add_months(day, months)
    assert (out.year * 12 + out.month) - (day.year * 12 + day.month) == months
    assert out.day == day.day or (out.day < day.day and (out + dt.timedelta(days=1)).day == 1)


def test_deadline_edges_by_hand():
    # 31 January -> 28 February (2026 is not a leap year; 28.2.2026 is a Saturday -> Monday 2.3.)
    assert deadlines.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert deadlines.due_date(dt.date(2026, 1, 31)) == dt.date(2026, 3, 2)
    # received 6.11.2026 -> 6.12.2026 is Independence Day (Sunday) -> Monday 7.12.
    assert deadlines.due_date(dt.date(2026, 11, 6)) == dt.date(2026, 12, 7)
    # 24.11.2026 -> 24.12.2026 Christmas Eve, 25, 26 holidays, 27 Sunday -> Monday 28.12.
    assert deadlines.due_date(dt.date(2026, 11, 24)) == dt.date(2026, 12, 28)
