"""Erased stays erased (#11): a restored backup re-applies later erasures, opt-outs and lifts."""
from __future__ import annotations

import pytest

from kpcore import backup, erasure, imports, keys, marketing, suppression
from kpcore.errors import KpError


def _people(reg):
    with reg.read() as q:
        return {r[0]: sorted(r[1]) for r in q.sql(
            "SELECT c.email, list(cp.purpose) FILTER (WHERE cp.purpose IS NOT NULL) FROM contact c "
            "LEFT JOIN contact_purpose cp ON cp.contact_id = c.id GROUP BY c.email").fetchall()}


@pytest.fixture
def populated(reg, tmp_path):
    data = ("nimi;sähköposti;käyttötarkoitus;lähde;organisaatio\n"
            "Eero;eero@tampere.fi;sales_marketing;public;T\nEero;eero@tampere.fi;expert_admin;direct;T\n"
            "Outi;outi@tampere.fi;sales_marketing;public;T\nOuti;outi@tampere.fi;expert_admin;direct;T\n"
            "Pysyvä;pysyva@tampere.fi;expert_admin;direct;T\n").encode()
    imports.import_file(reg, data, actor="t")
    marketing.opt_out(reg, "t", "vanha@tampere.fi")   # before the backup, then lifted after it
    return reg


def test_backup_erase_restore_the_person_stays_erased_and_suppressed(populated, tmp_path, kp):
    reg = populated
    m = backup.backup(reg, tmp_path / "bk")
    assert m["keys"] == ["audit", "suppression"] and (tmp_path / "bk" / "suppression.key").stat().st_mode & 0o777 == 0o600
    erasure.erase(reg, "dpo", "eero@tampere.fi", ground="a", compact_file=False)
    marketing.opt_out(reg, "dpo", "outi@tampere.fi")
    marketing.lift(reg, "dpo", "vanha@tampere.fi", purpose="sales_marketing", reason="uusi suostumus")
    new = tmp_path / "restored.duckdb"
    res = kp("restore", str(tmp_path / "bk"), "--db", str(new))
    assert res.returncode == 0, res.stderr
    assert "1 person(s) erased again" in res.stderr
    from kpcore.db import Register
    restored = Register(new)
    people = _people(restored)
    assert "eero@tampere.fi" not in people
    assert people["outi@tampere.fi"] == ["expert_admin"]          # opted out of marketing only
    assert people["pysyva@tampere.fi"] == ["expert_admin"]
    with restored.read() as q:
        assert suppression.is_suppressed(q, email="eero@tampere.fi")
        assert suppression.is_suppressed(q, email="outi@tampere.fi", purpose="sales_marketing")
        assert not suppression.is_suppressed(q, email="vanha@tampere.fi", purpose="sales_marketing")
        raw = q.sql("SELECT count(*) FROM subject_request WHERE requester_email = 'eero@tampere.fi'").fetchall()
    assert raw == [(0,)]
    assert keys.key_path(new, "suppression").is_file()
    again = imports.import_file(restored, b"nimi;email;purpose;source\nEero;eero@tampere.fi;expert_admin;direct\n",
                                actor="t")
    assert again.suppressed == 1 and again.people == 0


def test_restore_refuses_when_the_ledger_is_gone(populated, tmp_path):
    backup.backup(populated, tmp_path / "bk")
    suppression.ledger_path(populated.path).rename(tmp_path / "elsewhere.ledger")
    with pytest.raises(KpError, match="--ledger"):
        backup.restore(tmp_path / "bk", tmp_path / "r1.duckdb")
    assert not (tmp_path / "r1.duckdb").exists()
    m = backup.restore(tmp_path / "bk", tmp_path / "r2.duckdb", ledger=tmp_path / "elsewhere.ledger")
    assert m["reapplied"]["ledger"].endswith("elsewhere.ledger")
    backup.restore(tmp_path / "bk", tmp_path / "r3.duckdb", without_ledger=True)


def test_the_key_is_separate_and_a_backup_without_it_is_explained(populated, tmp_path):
    backup.backup(populated, tmp_path / "bk")
    (tmp_path / "bk" / "suppression.key").unlink()
    with pytest.raises(KpError, match="suppression key"):
        backup.restore(tmp_path / "bk", tmp_path / "r.duckdb")
    assert not (tmp_path / "r.duckdb").exists()


def test_purge_removes_rejected_rows_files_after_30_days(reg, tmp_path):
    import datetime as dt

    from kpcore import purge
    f = tmp_path / "in.csv"
    f.write_text("nimi;sähköposti;käyttötarkoitus;lähde\nA;a@x.fi;nonsense;public\nB;b@x.fi;expert_admin;direct\n")
    imports.import_file(reg, f, actor="t", skip_invalid=True)
    rej = tmp_path / "in.rejected.csv"
    assert rej.is_file() and rej.stat().st_mode & 0o777 == 0o600
    today = dt.date.today()
    assert purge.purge(reg, today=today + dt.timedelta(days=30)).rejected_files == 0
    assert rej.is_file()
    dry = purge.purge(reg, today=today + dt.timedelta(days=31), dry_run=True)
    assert dry.rejected_files == 1 and rej.is_file()
    assert purge.purge(reg, today=today + dt.timedelta(days=31)).rejected_files == 1
    assert not rej.exists()
    with reg.read() as q:
        assert q.sql("SELECT count(*) FROM rejected_file").fetchall() == [(0,)]
