"""Suppression: keyed hashes (HMAC with a key outside the register), the ledger, the migration."""
import os
import shutil

import duckdb
import pytest

from kpcore import db, keys, migrations, suppression


def test_suppressed_people_are_recognised_by_keyed_hash_only(reg):
    with reg.write("t", "suppression.add") as w:
        assert suppression.suppress(w, email="Matti.Meikalainen@Tampere.fi", phone="+358401234567", reason="erased") == 2
        assert suppression.suppress(w, email="matti.meikalainen@tampere.fi", phone=None, reason="erased") == 0
        suppression.suppress(w, email="olli@x.fi", phone=None, reason="objected", purpose="sales_marketing")
    with reg.read() as q:
        assert suppression.is_suppressed(q, email=" matti.meikalainen@tampere.fi ")
        assert suppression.is_suppressed(q, phone="+358 40 1234567")
        assert not suppression.is_suppressed(q, email="someone@else.fi")
        assert suppression.is_suppressed(q, email="olli@x.fi", purpose="sales_marketing")
        assert not suppression.is_suppressed(q, email="olli@x.fi", purpose="expert_user")
        stored = [r[0] for r in q.sql("SELECT hash FROM suppression").fetchall()]
        salt = q.sql("SELECT value FROM meta WHERE key = 'suppression_salt'").fetchall()[0][0]
        # the register alone (salt included) does not confirm a guessed address
        plain = q.sql("SELECT sha256(? || lower(trim(?)))", [salt, "Olli@X.fi "]).fetchall()[0][0]
        assert plain not in stored
        # DuckDB's SQL computes the same keyed hash, so imports check in SQL
        in_sql = q.sql(f"SELECT {suppression.sql_hash('lower(trim($v))')}",
                       {**suppression.sql_params(q), "v": "Olli@X.fi "}).fetchall()[0][0]
    assert in_sql in stored
    assert not any("matti" in h for h in stored)


def test_the_key_lives_outside_the_register_and_losing_it_is_explained(reg, monkeypatch):
    key_file = keys.key_path(reg.path, "suppression")
    assert key_file.is_file() and (key_file.stat().st_mode & 0o777) == 0o600
    with reg.write("t", "suppression.add") as w:
        suppression.suppress(w, email="a@b.fi", phone=None, reason="erased")
    data = reg.path.read_bytes()
    assert key_file.read_text().strip().encode() not in data
    # another key (a copy of the register elsewhere): the entry cannot be confirmed
    monkeypatch.setenv("KP_SUPPRESSION_KEY", "00" * 32)
    with reg.read() as q:
        assert not suppression.is_suppressed(q, email="a@b.fi")
    monkeypatch.delenv("KP_SUPPRESSION_KEY")
    key_file.rename(key_file.with_suffix(".lost"))
    with reg.read() as q, pytest.raises(keys.KeyMissing, match="suppression key is missing.*kp backup"):
        suppression.is_suppressed(q, email="a@b.fi")


def test_the_ledger_holds_keyed_hashes_only_and_lifts(reg):
    with reg.write("t", "suppression.add") as w:
        suppression.suppress(w, email="liisa@gmail.com", phone=None, reason="objected", purpose="sales_marketing")
    with reg.write("t", "suppression.lift") as w:
        assert suppression.lift(w, email="liisa@gmail.com", purpose="sales_marketing", reason="uusi suostumus") == 1
    path = suppression.ledger_path(reg.path)
    assert (path.stat().st_mode & 0o777) == 0o600
    assert "liisa" not in path.read_text()
    ops = [e["op"] for e in suppression.read_ledger(path)]
    assert ops == ["suppress", "lift"]
    with reg.read() as q:
        assert not suppression.is_suppressed(q, email="liisa@gmail.com", purpose="sales_marketing")
        assert q.sql("SELECT reason FROM suppression_lift").fetchall() == [("uusi suostumus",)]


def test_schema_1_salted_hashes_migrate_to_hmac_and_still_match(reg):
    import hashlib
    con = duckdb.connect(str(reg.path))
    con.execute("INSERT INTO meta VALUES ('suppression_salt', 'abc')")
    old = hashlib.sha256(b"abcold@x.fi").hexdigest()
    con.execute("INSERT INTO suppression (hash, kind, purpose, reason) VALUES (?, 'email', '*', 'erased')", [old])
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()
    migrations.migrate(reg)
    with reg.read() as q:
        assert suppression.is_suppressed(q, email="Old@x.fi")
        assert q.sql("SELECT hash FROM suppression").fetchall() != [(old,)]
    migrations.migrate(reg)  # idempotent: nothing hashed twice
    with reg.read() as q:
        assert suppression.is_suppressed(q, email="Old@x.fi")


def test_an_untouched_register_suppresses_nobody(reg):
    with reg.read() as q:
        assert not suppression.is_suppressed(q, email="a@b.fi")
