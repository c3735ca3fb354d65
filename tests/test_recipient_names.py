"""A recipient's name in Swedish and English beside its (Finnish) name (issue 18 §2): seeded as
unconfirmed proposals by `kp init`, edited with `kp notice set-recipient` (and the notice view),
printed by the notice of each language; an older register gains the columns with the seed's
names only where its Finnish name is still the seed's."""
from __future__ import annotations

import duckdb
import pytest

from kpcore import notice, seed
from kpcore.errors import ValidationFailed

SV_1 = seed.RECIPIENT_NAMES[1]["sv"]
EN_1 = seed.RECIPIENT_NAMES[1]["en"]
FI_1 = seed.RECIPIENTS[0][1]


def test_every_seeded_recipient_has_its_swedish_and_english_name_unconfirmed(reg):
    assert set(seed.RECIPIENT_NAMES) == {r[0] for r in seed.RECIPIENTS}
    with reg.read() as q:
        rows = q.sql("SELECT id, name, name_sv, name_en, sv_confirmed FROM recipient ORDER BY id").fetchall()
    assert rows and all(r[2] and r[3] and r[2] != r[1] and r[3] != r[1] for r in rows)
    assert all(r[4] is False for r in rows)  # proposals: the Swedish notice waits for the DPO


def test_each_notice_prints_the_name_of_its_language(reg):
    with reg.read() as q:
        fi, sv, en = (notice.notice_markdown(q, lang) for lang in ("fi", "sv", "en"))
    assert FI_1 in fi and SV_1 not in fi and EN_1 not in fi
    assert SV_1 in sv and FI_1 not in sv
    assert EN_1 in en and FI_1 not in en


def test_a_name_not_translated_is_printed_as_it_is(reg):
    notice.update_recipient(reg, "dpo", 1, {"name": "Microsoft Ireland Operations Ltd", "name_sv": "", "name_en": ""})
    with reg.read() as q:
        assert "Microsoft Ireland Operations Ltd" in notice.notice_markdown(q, "sv")
        assert "Microsoft Ireland Operations Ltd" in notice.notice_markdown(q, "en")


def test_set_recipient_names_from_the_command_line(reg, kp):
    res = kp("notice", "set-recipient", "2", "--name-sv", "CRM-leverantören", "--name-en", "The CRM vendor",
             db_path=reg.path)
    assert res.returncode == 0, res.stderr
    assert "name_sv" in res.stdout and "name_en" in res.stdout
    with reg.read() as q:
        row = q.sql("SELECT name_sv, name_en, sv_confirmed FROM recipient WHERE id = 2").fetchall()[0]
        assert row == ("CRM-leverantören", "The CRM vendor", True)  # the DPO wrote it: confirmed
        assert "CRM-leverantören" in notice.notice_markdown(q, "sv")


def test_a_name_on_two_lines_is_refused_and_nothing_changes(reg):
    with pytest.raises(ValidationFailed, match="name_sv"):
        notice.update_recipient(reg, "dpo", 1, {"name_sv": "Leverantör\nav e-post"})
    with pytest.raises(ValidationFailed, match="name_en"):
        notice.add_recipient(reg, "dpo", {"name": "X", "role_fi": "Käsittelijä", "role_en": "Processor",
                                          "name_en": "A\nB"}, ["sales_marketing"])
    with reg.read() as q:
        assert q.sql("SELECT name_sv FROM recipient WHERE id = 1").fetchall()[0][0] == SV_1
        assert q.sql("SELECT count(*) FROM recipient WHERE name = 'X'").fetchall()[0][0] == 0


def test_an_older_register_gains_the_names_where_its_finnish_name_is_the_seeds(reg, kp):
    from test_migrations import _make_release

    notice.update_recipient(reg, "test", 2, {"name": "Oma nimi"})
    _make_release(reg.path, 2)
    res = kp("migrate", db_path=reg.path)
    assert res.returncode == 0, res.stderr
    con = duckdb.connect(str(reg.path), read_only=True)
    try:
        got = dict((r[0], r[1:]) for r in con.execute("SELECT id, name_sv, name_en FROM recipient").fetchall())
    finally:
        con.close()
    assert got[1] == (SV_1, EN_1)
    assert got[2] == (None, None)  # reworded by the DPO: no proposal that would say something else


def test_the_demo_names_real_companies_without_the_seeds_translated_category(demo_reg):
    with demo_reg.read() as q:
        sv = notice.notice_markdown(q, "sv")
    assert SV_1 not in sv
