"""Older registers: a clear refusal, then `kp migrate` upgrades in one transaction, keeping every row."""
from __future__ import annotations

import duckdb
import pytest

from kpcore import audit, auth, db, migrations
from kpcore.errors import KpError, SchemaMismatch


def _make_version_0(path) -> dict[str, list]:
    """Turn a current register into what a version-0 kpcore wrote: no users table, web
    visits without ip_truncated, no schema_version row. Returns every table's rows."""
    con = duckdb.connect(str(path))
    con.execute("DROP TABLE app_user")
    con.execute("ALTER TABLE web_visit DROP COLUMN ip_truncated")
    con.execute("DELETE FROM meta WHERE key = 'schema_version'")
    tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
    rows = {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall())) for t in tables}
    con.close()
    return rows


def test_an_older_register_is_refused_with_the_command_that_fixes_it(demo_reg, kp):
    _make_version_0(demo_reg.path)
    with pytest.raises(SchemaMismatch, match="kp migrate"):
        with demo_reg.read():
            pass
    res = kp("audit", "verify", db_path=demo_reg.path)
    assert res.returncode == 1 and "schema version 0" in res.stderr and "kp migrate" in res.stderr
    assert "Traceback" not in res.stderr


def test_kp_migrate_keeps_every_row(demo_reg, kp):
    old = _make_version_0(demo_reg.path)
    assert migrations.version_of(demo_reg) == 0
    res = kp("migrate", db_path=demo_reg.path)
    assert res.returncode == 0, res.stderr
    assert f"from schema version 0 to {db.SCHEMA_VERSION}" in res.stderr
    assert migrations.version_of(demo_reg) == db.SCHEMA_VERSION
    con = duckdb.connect(str(demo_reg.path), read_only=True)
    try:
        for t, rows in old.items():
            if t == "audit_log":
                continue
            if t == "web_visit":  # gained ip_truncated = false for every visit
                now = con.execute("SELECT visited_at, ip, user_agent, page FROM web_visit").fetchall()
                assert sorted(map(repr, now)) == rows
                assert con.execute("SELECT count(*) FROM web_visit WHERE ip_truncated").fetchall() == [(0,)]
                continue
            if t == "meta":
                continue
            assert sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall())) == rows, t
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall() == [(str(db.SCHEMA_VERSION),)]
    finally:
        con.close()
    with demo_reg.read() as q:
        assert audit.verify(q).ok
        assert audit.events(q, action="register.migrate")[0]["detail"] == {"from": 0, "to": db.SCHEMA_VERSION, "steps": db.SCHEMA_VERSION}
        assert q.value("count_contacts") > 300
    auth.add_user(demo_reg, "pekka", "dpo", "salasana-pitka-1")  # the new table works
    assert kp("migrate", db_path=demo_reg.path).stderr.startswith("the register is at schema version")


def test_steps_run_in_order_in_one_transaction_and_a_failure_leaves_the_register_as_it_was(reg):
    ran = []

    def step(n, fail=False):
        def run(w):
            ran.append(n)
            w.sql(f"CREATE TABLE step_{n} (x INTEGER)")
            if fail:
                raise RuntimeError("step failed")
        return run

    steps = {0: step(0), 1: step(1), 2: step(2, fail=True)}
    con = duckdb.connect(str(reg.path))
    con.execute("DELETE FROM meta WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(RuntimeError, match="step failed"):
        migrations.migrate(reg, target=3, steps=steps)
    assert ran == [0, 1, 2]
    assert migrations.version_of(reg) == 0
    con = duckdb.connect(str(reg.path), read_only=True)
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'step_%'").fetchall() == [(0,)]
    con.close()
    ran.clear()
    assert migrations.migrate(reg, target=2, steps=steps) == (0, 2)
    assert ran == [0, 1] and migrations.version_of(reg) == 2
    with pytest.raises(KpError, match="No migration from schema version 3 to 4"):
        migrations.migrate(reg, target=4, steps={2: step(2)})
    assert migrations.version_of(reg) == 2


def test_a_step_that_loses_rows_is_refused(reg):
    with reg.write("t", "t.setup") as w:
        w.sql("INSERT INTO contact (email, name) VALUES ('a@b.fi', 'A')")
    con = duckdb.connect(str(reg.path))
    con.execute("DELETE FROM meta WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(KpError, match="row counts"):
        migrations.migrate(reg, target=1, steps={0: lambda w: w.sql("DELETE FROM contact")})
    assert migrations.version_of(reg) == 0


def test_a_newer_register_is_not_touched(reg, kp):
    con = duckdb.connect(str(reg.path))
    con.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    con.close()
    res = kp("migrate", db_path=reg.path)
    assert res.returncode == 1 and "newer" in res.stderr and "Traceback" not in res.stderr
    assert migrations.version_of(reg) == 7


def _columns(con) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for t, c, ty in con.execute("SELECT table_name, column_name, data_type FROM information_schema.columns "
                                "WHERE table_schema = 'main' ORDER BY table_name, column_name").fetchall():
        out.setdefault(t, []).append((c, ty))
    return out


def _make_release(path, version: int) -> dict[str, int]:
    """Turn a current register into what a released kpcore wrote: version 1 = the first release
    (f5bb249), version 2 = the second (db23f7a), version 3 = the third (ccdcdaa). A file made from that release's
    sql/schema.sql (kept as tests/data/schema_release_v<N>.sql) holding the register's rows in
    the columns that release had. (DuckDB cannot drop a column other tables refer to, so the file is rebuilt, tables
    in creation order for their foreign keys.) Returns every table's row count."""
    import os
    from pathlib import Path

    old_file = Path(str(path) + ".release")
    con = duckdb.connect(str(old_file))
    con.execute((Path(__file__).parent / "data" / f"schema_release_v{version}.sql").read_text(encoding="utf-8"))
    old = _columns(con)
    con.execute(f"ATTACH '{path}' AS cur (READ_ONLY)")
    order = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
                                       "ORDER BY table_oid").fetchall()]
    for t in order:
        cols = ", ".join(c for c, _ in old[t])
        con.execute(f"INSERT INTO main.{t} ({cols}) SELECT {cols} FROM cur.{t}")
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(version)])
    counts = {t: con.execute(f"SELECT count(*) FROM main.{t}").fetchall()[0][0] for t in old}
    con.execute("DETACH cur")
    con.close()
    os.replace(old_file, path)
    Path(str(path) + ".wal").unlink(missing_ok=True)
    return counts


@pytest.mark.parametrize("version", [1, 2, 3])
def test_a_register_of_an_earlier_release_gains_every_later_column(demo_reg, kp, tmp_path, version):
    """A register made by an earlier release (the previous one is at version 2 but lacks what
    this round added: Swedish facts, the person's language, ...) is refused with the command
    that fixes it, and `kp migrate` brings it to a fresh register's schema keeping every row."""
    counts = _make_release(demo_reg.path, version)
    with pytest.raises(SchemaMismatch, match="kp migrate"):
        with demo_reg.read():
            pass
    res = kp("migrate", db_path=demo_reg.path)
    assert res.returncode == 0, res.stderr
    fresh = db.create(tmp_path / "fresh.duckdb")
    con = duckdb.connect(str(fresh.path), read_only=True)
    want = _columns(con)
    con.close()
    con = duckdb.connect(str(demo_reg.path), read_only=True)
    try:
        assert _columns(con) == want
        for t, n in counts.items():
            if t not in ("audit_log", "meta"):
                assert con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] == n, t
    finally:
        con.close()
    with demo_reg.read() as q:
        assert audit.verify(q).ok
        # an engagement's Swedish texts (issue 18 §2): the default data subjects get the catalog's
        # Swedish as a new engagement does; texts written before stay NULL, read as the Finnish
        assert q.sql("SELECT DISTINCT subjects_sv, service_sv, transfers_sv, security_sv "
                     "FROM processor_engagement").fetchall() == [("Användare av kundens system", None, None, None)]
