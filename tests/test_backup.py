"""`kp backup` / `kp restore`: a round trip brings every table back exactly."""
from __future__ import annotations

import json

import duckdb
import pytest

from kpcore import audit, auth, backup, db
from kpcore.errors import KpError, SchemaMismatch

HOSTILE = "<b>x</b> '; DROP TABLE contact; -- \u202eevil\u202c 😀 \x07" + "é" * 10_000


def _tables(path) -> list[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1").fetchall()]
    finally:
        con.close()


def _content(path, table) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
        return con.execute(f"SELECT * FROM {table} ORDER BY {', '.join(f'{c}::TEXT' for c in cols)}").fetchall()
    finally:
        con.close()


def test_round_trip_is_exact_for_every_table(demo_reg, tmp_path, kp):
    auth.add_user(demo_reg, "pekka", "dpo", "salasana-pitka-1")
    with demo_reg.write("test", "test.hostile") as w:  # values that stress Parquet and text handling
        w.sql("INSERT INTO contact (email, name, organisation, title) VALUES ('h@x.fi', ?, ?, NULL)", [HOSTILE, "Ω\n\t\r"])
        w.sql("INSERT INTO quarter_report (quarter, figures) VALUES ('2026Q3', '{\"a\": [1, 2.5, null]}')")
    res = kp("backup", str(tmp_path / "bk"), db_path=demo_reg.path)
    assert res.returncode == 0, res.stderr
    manifest = json.loads((tmp_path / "bk" / "manifest.json").read_text())
    assert set(manifest["tables"]) == set(_tables(demo_reg.path))
    assert manifest["tables"]["contact"]["rows"] > 300 and manifest["tables"]["web_visit"]["rows"] == 3000

    new = tmp_path / "restored.duckdb"
    res = kp("restore", str(tmp_path / "bk"), "--db", str(new))
    assert res.returncode == 0, res.stderr
    assert _tables(new) == _tables(demo_reg.path)
    for t in _tables(demo_reg.path):
        if t == "audit_log":
            continue
        assert _content(new, t) == _content(demo_reg.path, t), t
    # the audit log: every event of the snapshot, then the restore itself
    original, restored = _content(demo_reg.path, "audit_log"), _content(new, "audit_log")
    tip = manifest["audit_tip"]["seq"]
    by_seq = lambda rows: sorted(rows, key=lambda r: r[0])  # noqa: E731
    assert by_seq(restored)[:tip] == by_seq(original)[:tip]
    assert [r[3] for r in by_seq(restored)[tip:]] == ["register.restore"]
    assert [r[3] for r in by_seq(original)[tip:]] == ["register.backup"]
    with db.Register(new).read() as q:
        assert audit.verify(q).ok
        hostile = q.sql("SELECT name, organisation FROM contact WHERE email = 'h@x.fi'").fetchall()[0]
    assert hostile == (HOSTILE, "Ω\n\t\r")
    # sequences continue where they were: the next contact gets the next id in both
    ids = []
    for path in (demo_reg.path, new):
        with db.Register(path).write("test", "test.next") as w:
            w.sql("INSERT INTO contact (email, name) VALUES ('next@x.fi', 'N')")
            ids.append(w.sql("SELECT id FROM contact WHERE email = 'next@x.fi'").fetchall()[0][0])
    assert ids[0] == ids[1]
    assert auth.sign_in(db.Register(new), "pekka", "salasana-pitka-1")  # users come back too


def test_restore_refuses_damage_and_never_overwrites(demo_reg, tmp_path):
    backup.backup(demo_reg, tmp_path / "bk")
    with pytest.raises(KpError, match="exists already"):
        backup.restore(tmp_path / "bk", demo_reg.path)
    with pytest.raises(KpError, match="not empty"):
        backup.backup(demo_reg, tmp_path / "bk")
    with pytest.raises(KpError, match="no manifest.json"):
        backup.restore(tmp_path, tmp_path / "x.duckdb")
    # a changed table file is noticed before anything is written
    (tmp_path / "bk" / "contact.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(KpError, match="contact.parquet has changed"):
        backup.restore(tmp_path / "bk", tmp_path / "x.duckdb")
    assert not (tmp_path / "x.duckdb").exists()


def test_a_backup_of_another_schema_version_is_refused(demo_reg, tmp_path):
    backup.backup(demo_reg, tmp_path / "bk")
    m = json.loads((tmp_path / "bk" / "manifest.json").read_text())
    m["schema_version"] = 99
    (tmp_path / "bk" / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(SchemaMismatch, match="schema version 99"):
        backup.restore(tmp_path / "bk", tmp_path / "x.duckdb")
    assert not (tmp_path / "x.duckdb").exists()


def _as_release_3(directory) -> None:
    """Make a backup look like one the third release (schema version 3) wrote: without the
    columns version 4 added, its meta saying 3, the manifest's hashes matching."""
    import hashlib
    from pathlib import Path

    d = Path(directory)
    m = json.loads((d / "manifest.json").read_text())
    drop = {"recipient": ("name_sv", "name_en"), "breach_notification": ("content_sv",)}
    con = duckdb.connect()
    for table, cols in [*drop.items(), ("meta", ())]:
        file = d / m["tables"][table]["file"]
        src = f"read_parquet('{file}')"
        names = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall() if r[0] not in cols]
        sql = f"SELECT {', '.join(names)} FROM {src}"
        if table == "meta":
            sql = (f"SELECT key, CASE WHEN key = 'schema_version' THEN '3' ELSE value END AS value "
                   f"FROM {src}")
        con.execute(f"COPY ({sql}) TO '{file}.new' (FORMAT parquet)")
        Path(f"{file}.new").replace(file)
        m["tables"][table]["sha256"] = hashlib.sha256(file.read_bytes()).hexdigest()
    con.close()
    m["schema_version"] = 3
    (d / "manifest.json").write_text(json.dumps(m))


def test_a_backup_of_the_previous_release_is_restored_and_migrated(demo_reg, tmp_path, kp):
    """A DPO who upgraded can still restore yesterday's backup: its tables are read by column
    name, its audit chain checked as it was, and the register migrated to this version."""
    from kpcore import migrations

    backup.backup(demo_reg, tmp_path / "bk")
    _as_release_3(tmp_path / "bk")
    want = {t: len(_content(demo_reg.path, t)) for t in ("contact", "recipient", "breach_notification", "audit_log")}
    backup.restore(tmp_path / "bk", tmp_path / "x.duckdb")
    restored = db.Register(tmp_path / "x.duckdb")
    assert migrations.version_of(restored) == db.SCHEMA_VERSION
    with restored.read() as q:  # opens without "run kp migrate"
        assert audit.verify(q).ok
        assert [e["detail"]["from"] for e in audit.events(q, action="register.migrate")] == [3]
        # the seeded recipients got their Swedish names back as proposals by the migration
        assert q.sql("SELECT count(*) FROM recipient WHERE name_sv IS NOT NULL").fetchall()[0][0] > 0
    for t in ("contact", "recipient", "breach_notification"):
        assert len(_content(restored.path, t)) == want[t], t
    res = kp("audit", "verify", db_path=restored.path)
    assert res.returncode == 0, res.stdout + res.stderr


def test_a_backup_older_than_the_anchor_log_is_refused_with_the_way_out(demo_reg, tmp_path):
    backup.backup(demo_reg, tmp_path / "bk")
    m = json.loads((tmp_path / "bk" / "manifest.json").read_text())
    m["schema_version"] = 2
    (tmp_path / "bk" / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(SchemaMismatch, match="kp migrate"):
        backup.restore(tmp_path / "bk", tmp_path / "x.duckdb")
    assert not (tmp_path / "x.duckdb").exists()


def test_a_tampered_audit_log_in_a_backup_is_not_restored(demo_reg, tmp_path):
    backup.backup(demo_reg, tmp_path / "bk")
    f = tmp_path / "bk" / "audit_log.parquet"
    con = duckdb.connect()
    con.execute(f"COPY (SELECT * REPLACE ('mallory' AS actor) FROM read_parquet('{f}')) TO '{tmp_path}/a.parquet' (FORMAT parquet)")
    con.close()
    (tmp_path / "a.parquet").replace(f)
    m = json.loads((tmp_path / "bk" / "manifest.json").read_text())
    m["tables"]["audit_log"]["sha256"] = backup._sha256(f)  # even with the manifest fixed up
    (tmp_path / "bk" / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(KpError, match="audit log does not match"):
        backup.restore(tmp_path / "bk", tmp_path / "x.duckdb")
    assert not (tmp_path / "x.duckdb").exists() and not list(tmp_path.glob(".x.duckdb*"))


def test_backup_and_restore_through_the_cli_say_what_they_did(demo_reg, tmp_path, kp):
    res = kp("backup", str(tmp_path / "bk"), db_path=demo_reg.path)
    assert "tables" in res.stderr and "rows" in res.stderr
    res = kp("restore", str(tmp_path / "nothing-here"), "--db", str(tmp_path / "n.duckdb"))
    assert res.returncode == 1 and "not a complete backup" in res.stderr and "Traceback" not in res.stderr
    with demo_reg.read() as q:
        assert audit.events(q, action="register.backup")[0]["detail"]["tables"] == len(backup._tables_in_schema_order())


# -- #15 §5: the audit trail's anchor log travels with the backup -----------------------------------
def _anchor_lines(path) -> list[str]:
    from kpcore import anchor

    return anchor.log_path(path).read_text(encoding="ascii").splitlines()


def test_the_anchor_log_is_copied_into_the_backup_and_restored_so_verify_passes(demo_reg, tmp_path, kp):
    import os
    import stat

    from kpcore import anchor

    auth.add_user(demo_reg, "pekka", "dpo", "salasana-pitka-1")  # one more write session anchored
    before = _anchor_lines(demo_reg.path)
    assert len(before) >= 2
    res = kp("backup", str(tmp_path / "bk"), db_path=demo_reg.path)
    assert res.returncode == 0, res.stderr
    copy = tmp_path / "bk" / "audit-anchor.log"
    assert copy.read_text(encoding="ascii").splitlines() == before  # beside the key files
    assert (tmp_path / "bk" / "audit.key").is_file()
    assert stat.S_IMODE(os.stat(copy).st_mode) == 0o600
    manifest = json.loads((tmp_path / "bk" / "manifest.json").read_text())
    assert manifest["anchor_log"]["lines"] == len(before)

    new = tmp_path / "restored.duckdb"
    res = kp("restore", str(tmp_path / "bk"), "--db", str(new))
    assert res.returncode == 0, res.stderr
    restored = _anchor_lines(new)
    assert restored[:len(before)] == before  # the whole history comes back, then the restore's own anchor
    assert stat.S_IMODE(os.stat(anchor.log_path(new)).st_mode) == 0o600
    res = kp("audit", "verify", db_path=new)
    assert res.returncode == 0, res.stdout + res.stderr
    with db.Register(new).read() as q:
        v = audit.verify(q)
    assert v.ok and v.anchored_seq == v.tip_seq


def test_a_restored_register_without_its_anchor_log_is_reported(demo_reg, tmp_path, kp):
    from kpcore import anchor

    backup.backup(demo_reg, tmp_path / "bk")
    new = tmp_path / "restored.duckdb"
    backup.restore(tmp_path / "bk", new)
    anchor.log_path(new).unlink()
    res = kp("audit", "verify", db_path=new)
    assert res.returncode != 0 and "Traceback" not in res.stderr
    out = res.stdout + res.stderr
    assert "restored.duckdb.audit-anchor.log is missing" in out


def test_a_backup_whose_anchor_log_was_lost_is_not_restored_silently(demo_reg, tmp_path):
    backup.backup(demo_reg, tmp_path / "bk")
    (tmp_path / "bk" / "audit-anchor.log").unlink()
    with pytest.raises(KpError, match="audit-anchor.log"):
        backup.restore(tmp_path / "bk", tmp_path / "x.duckdb")
    assert not (tmp_path / "x.duckdb").exists()
    # an anchor log edited in the backup fails its seal
    backup.backup(demo_reg, tmp_path / "bk2")
    log = tmp_path / "bk2" / "audit-anchor.log"
    lines = log.read_text(encoding="ascii").splitlines()
    seq, digest, at, mac = lines[-1].split("\t")
    log.write_text("\n".join(lines[:-1] + [f"{seq}\t{'0' * len(digest)}\t{at}\t{mac}"]) + "\n", encoding="ascii")
    with pytest.raises(KpError, match="anchor"):
        backup.restore(tmp_path / "bk2", tmp_path / "y.duckdb")
    assert not (tmp_path / "y.duckdb").exists()
