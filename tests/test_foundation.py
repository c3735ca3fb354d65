"""The register, its schema, the single owner of the file, and the `kp` command."""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import threading
import time

import duckdb
import pytest

from kpcore import db, seed, sqlfiles
from kpcore.errors import RegisterBusy, RegisterMissing, SchemaMismatch


class _Rollback(Exception):
    pass


QUERY_SAMPLES = {"lang": "fi", "email": "x@example.fi", "limit": 10, "offset": 0, "id": 1, "today": dt.date(2026, 11, 24),
                 "quarter": "2026Q3", "start": dt.date(2026, 7, 1), "end": dt.date(2026, 9, 30), "text": "x"}


def test_every_named_query_runs_on_a_fresh_schema(reg):
    """Each query must parse, bind and run. Only a write statement may stop at a constraint
    (a NULL placeholder meeting NOT NULL, a key that is not there): every other error fails,
    and so does a write that hits no constraint but another error. (On f5bb249 this test also
    let conversion and invalid-input errors of any query pass.)

    Each runs in its own transaction, rolled back, so none sees another's effects.
    """
    queries = sqlfiles.named_queries()
    assert len(queries) >= 5
    bad, ran = [], 0
    for name, sql in queries.items():
        params = {p: QUERY_SAMPLES.get(p) for p in sqlfiles.params_of(sql)}
        is_write = re.match(r"\s*(WITH\b.*?\)\s*)?(INSERT|UPDATE|DELETE)\b", re.sub(r"--[^\n]*", "", sql), re.I | re.S)
        try:
            with reg.write("test", "test.query") as w:
                try:
                    w.cursor.execute(sql, params).fetchall()
                    ran += 1
                except duckdb.ConstraintException as exc:
                    if not is_write or not re.search(r"NOT NULL|foreign key|Duplicate key|CHECK", str(exc), re.I):
                        raise
                raise _Rollback
        except _Rollback:
            pass
        except duckdb.Error as exc:
            bad.append(f"{name}: {exc}")
    assert not bad, "\n".join(bad)
    assert ran >= len(queries) - 25, f"only {ran} of {len(queries)} queries ran to the end"


def test_named_query_parser_refuses_duplicates():
    with pytest.raises(ValueError, match="twice"):
        sqlfiles.parse_named("-- name: a\nSELECT 1;\n-- name: a\nSELECT 2;")
    assert sqlfiles.parse_named("-- header\n-- name: a\nSELECT 1;\n-- name: b\nSELECT $x;") == {"a": "SELECT 1", "b": "SELECT $x"}


def test_init_holds_every_fact_of_the_seed_notice(reg):
    with reg.read() as q:
        c = q.one("controller")
        assert (c["name"], c["street"], c["postcode"], c["city"], c["email"], c["dpo_email"]) == (
            "KuntaPlus-projektipalvelu", "Kivikaarenkatu 21", "33400", "Tampere", "info@kuntaplus.fi",
            "pekka.vaatanen@kuntaplus.fi")
        cats = {}
        for row in q.all("purpose_categories"):
            cats.setdefault(row["purpose"], set()).add(row["category"])
        assert cats == {
            "sales_marketing": {"phone", "email", "name", "organisation", "title"},
            "expert_admin": {"phone", "email", "name", "organisation", "title"},
            "expert_user": {"email", "name", "organisation", "title"},  # group 2: no phone
            "web_analytics": {"ip_address", "browser", "site_usage"},
        }
        purposes = {p["key"]: p for p in q.all("purposes")}
        assert purposes["sales_marketing"]["name_fi"] == "Myynti ja markkinointi"
        assert "pääkäyttäjät" in purposes["expert_admin"]["group_fi"]
        assert "koulutuksiin osallistuvat" in purposes["expert_user"]["group_fi"]
        assert purposes["web_analytics"]["name_fi"] == "Verkkovierailujen analytiikka ja statistiikka"
        assert {s["key"] for s in q.all("sources")} == {"direct", "partner", "public"}
        fi = {s["key"]: s["body"] for s in q.all("statements", {"lang": "fi"})}
        en = {s["key"]: s["body"] for s in q.all("statements", {"lang": "en"})}
        assert set(fi) == set(en)
        assert "nykyisiä ja potentiaalisia asiakkaita" in fi["concerns"]
        assert "ei tiedä asiakkaiden salasanoja" in fi["processor_credentials"]
        assert "Asiakkaan pyytäessä" in fi["processor_role"]
        assert "arkaluonteisia henkilötietoja" in fi["special_categories"]
        assert fi["business_description"].startswith("KuntaPlus-projektipalvelu kouluttaa")
        role = {r[0] for r in q.sql("SELECT category FROM processor_role_category").fetchall()}
        assert role == {"name", "username", "email", "organisation", "title", "user_level", "access_rights"}


def test_schema_refuses_special_categories_and_credentials_everywhere(reg):
    with reg.read() as q:
        kinds = dict(q.sql("SELECT key, kind FROM data_category").fetchall())
    assert kinds["health"] == "special" and kinds["password"] == "credential"
    for stmt in ["INSERT INTO purpose_category (purpose, category) VALUES ('sales_marketing', 'health')",
                 "INSERT INTO purpose_category (purpose, category, category_kind) VALUES ('sales_marketing', 'health', 'special')",
                 "INSERT INTO processor_role_category (category) VALUES ('password')"]:
        with pytest.raises(duckdb.ConstraintException):
            with reg.write("test", "test.illegal") as w:
                w.sql(stmt)


def test_schema_constraints_refuse_illegal_states(reg):
    illegal = [
        "INSERT INTO contact (email, name, phone) VALUES ('a@b.fi', 'A', '0401234567')",  # not E.164
        "INSERT INTO contact (email, name) VALUES ('no-at-sign', 'A')",
        "INSERT INTO purpose (key, name_fi, name_en, subjects_fi, subjects_en, legal_basis, retention_fi, retention_en)"
        " VALUES ('x', 'x', 'x', 'x', 'x', 'because', 'x', 'x')",
        "INSERT INTO subject_request (type, received_on, due_on, status) VALUES ('access', DATE '2026-01-01', DATE '2026-02-02', 'refused')",
        "INSERT INTO controller (id, name, street, postcode, city, email, dpo_email) VALUES (2, 'x', 'x', 'x', 'x', 'a@b', 'a@b')",
    ]
    for stmt in illegal:
        with pytest.raises(duckdb.Error):
            with reg.write("test", "test.illegal") as w:
                w.sql(stmt)


def test_write_is_one_transaction_with_its_audit_event(reg):
    with reg.read() as q:
        before = q.value("register_counts")
        n_audit = q.sql("SELECT count(*) FROM audit_log").fetchall()[0][0]
    with pytest.raises(ZeroDivisionError):
        with reg.write("tester", "contact.add") as w:
            w.sql("INSERT INTO contact (email, name) VALUES ('a@b.fi', 'A')")
            1 / 0
    with reg.read() as q:
        assert q.sql("SELECT count(*) FROM contact").fetchall()[0][0] == 0
        assert q.sql("SELECT count(*) FROM audit_log").fetchall()[0][0] == n_audit
    with reg.write("tester", "contact.add", "contact", 1, {"count": 1}) as w:
        w.sql("INSERT INTO contact (email, name) VALUES ('a@b.fi', 'A')")
    with reg.read() as q:
        rows = q.sql("SELECT seq, actor, action, object_type, object_id, detail, prev_hash, hash FROM audit_log ORDER BY seq").fetchall()
    assert rows[-1][1:6] == ("tester", "contact.add", "contact", "1", '{"count": 1}')
    assert rows[-1][6] == rows[-2][7]  # chained
    assert before is not None


def test_a_write_without_audit_event_is_refused(reg):
    with pytest.raises(RuntimeError, match="audit"):
        with reg.write("tester") as w:
            w.sql("INSERT INTO contact (email, name) VALUES ('a@b.fi', 'A')")
    with reg.read() as q:
        assert q.value("count_contacts") == 0


def test_missing_register_gives_a_clear_message(tmp_path, kp):
    with pytest.raises(RegisterMissing, match="kp init"):
        with db.Register(tmp_path / "nope.duckdb").read():
            pass
    # every command that reads or writes the register says the same, plainly (on f5bb249 this
    # test ran an unknown command and checked argparse's exit code 2)
    missing = tmp_path / "nope.duckdb"
    csv_file = tmp_path / "x.csv"
    csv_file.write_text("email,name,purpose,source,collected_at\nx@x.fi,X,sales_marketing,public,2026-01-01\n")
    for args in (("contacts", "summary"), ("request", "list"), ("audit", "verify"), ("check",), ("record",),
                 ("import", "contacts", str(csv_file))):
        res = kp(*args, db_path=missing)
        assert res.returncode == 1, (args, res.returncode, res.stderr)
        assert "No register at" in res.stderr and "kp init" in res.stderr, (args, res.stderr)
        assert "Traceback" not in res.stderr + res.stdout, args
    assert not missing.exists()


def test_not_a_register_and_newer_schema_are_refused_clearly(tmp_path, reg):
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    with pytest.raises(SchemaMismatch, match="not a KuntaPlus register"):
        with db.Register(other).read():
            pass
    con = duckdb.connect(str(reg.path))
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(SchemaMismatch, match="newer"):
        with reg.read():
            pass


def test_another_process_holding_the_register_is_waited_for_then_reported(reg):
    holder = subprocess.Popen([sys.executable, "-c", (
        "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(float(sys.argv[2]))"),
        str(reg.path), "1.5"], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    t0 = time.monotonic()
    with db.Register(reg.path, wait_seconds=30).write("tester", "x.y") as w:  # waits, then succeeds
        w.sql("INSERT INTO contact (email, name) VALUES ('w@b.fi', 'W')")
    assert time.monotonic() - t0 > 0.3
    holder.wait()
    holder = subprocess.Popen([sys.executable, "-c", (
        "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(5)"),
        str(reg.path)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    try:
        with pytest.raises(RegisterBusy) as err:
            with db.Register(reg.path, wait_seconds=0.5).read():
                pass
        assert "in use by another program" in str(err.value)
        assert "IO Error" not in str(err.value)
    finally:
        holder.kill()


def test_threads_of_one_process_share_the_register(reg):
    errors = []

    def work(i):
        try:
            for j in range(5):
                with reg.write("t", "x.y") as w:
                    w.sql("INSERT INTO contact (email, name) VALUES (?, 'N')", [f"p{i}-{j}@b.fi"])
                with reg.read() as q:
                    q.value("count_contacts")
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert not errors
    with reg.read() as q:
        assert q.value("count_contacts") == 20


def test_stamp_changes_after_a_write_from_another_process(reg, kp):
    before = reg.stamp()
    time.sleep(0.05)
    with reg.write("t", "x.y") as w:
        w.sql("INSERT INTO contact (email, name) VALUES ('s@b.fi', 'S')")
    assert reg.stamp() != before


def test_data_stamp_ignores_audit_only_events_and_follows_every_data_write(reg, kp):
    """Issue 16 §6: viewing a person or a download (audit events only) keeps read caches."""
    fresh = reg.data_stamp()
    assert fresh[0] == "file"  # no data write yet: the file stamp decides
    with reg.write("t", "contact.add") as w:
        w.sql("INSERT INTO contact (email, name) VALUES ('s@b.fi', 'S')")
    after_data = reg.data_stamp()
    assert after_data[0] == "data" and after_data != fresh
    file_before = reg.stamp()
    reg.record("t", "person.view", "contact", 1)
    assert reg.stamp() != file_before  # the file did change ...
    assert reg.data_stamp() == after_data  # ... the data did not
    # A data write by another process moves it
    res = kp("request", "add", "--type", "access", "--email", "kysyja@example.fi", db_path=reg.path)
    assert res.returncode == 0, res.stderr
    assert reg.data_stamp() != after_data
    # A write that changes nothing but is not a bare record() still counts as a change
    settled = reg.data_stamp()
    with reg.write("t", "setting.touch"):
        pass
    assert reg.data_stamp() != settled


def test_a_failed_write_leaves_the_data_stamp(reg):
    with reg.write("t", "contact.add") as w:
        w.sql("INSERT INTO contact (email, name) VALUES ('s@b.fi', 'S')")
    before = reg.data_stamp()
    with pytest.raises(duckdb.Error):
        with reg.write("t", "contact.add") as w:
            w.sql("INSERT INTO contact (email, name) VALUES ('s@b.fi', 'S')")  # duplicate email
    assert reg.data_stamp() == before


def test_query_knows_when_it_read_the_audit_log(reg):
    with reg.read() as q:
        q.value("count_contacts")
        assert not q.reads_audit
        q.sql("SELECT count(*) FROM audit_log").fetchall()
        assert q.reads_audit
    with reg.read() as q:
        q.all("contact_person_audit", {"id": 1})
        assert q.reads_audit


def test_demo_is_deterministic_and_realistic(tmp_path):
    a = db.create(tmp_path / "a.duckdb")
    b = db.create(tmp_path / "b.duckdb")
    day = dt.date(2026, 11, 24)
    from kpcore import demo
    demo.populate(a, contacts=500, visits=1000, seed=7, today=day)
    demo.populate(b, contacts=500, visits=1000, seed=7, today=day)
    sql = "SELECT email, name, phone, organisation, title FROM contact ORDER BY id"
    with a.read() as qa, b.read() as qb:
        assert qa.sql(sql).fetchall() == qb.sql(sql).fetchall()
    with a.read() as q:
        statuses = {r[0] for r in q.sql("SELECT DISTINCT status FROM subject_request").fetchall()}
        assert statuses == {"received", "awaiting_identity", "in_progress", "extended", "completed", "refused"}
        assert q.sql("SELECT count(*) FROM subject_request WHERE status NOT IN ('completed','refused') AND due_on < ?",
                     [day]).fetchall()[0][0] >= 1
        assert q.sql("SELECT count(*) FROM processor_engagement WHERE agreement_signed_on IS NULL").fetchall()[0][0] >= 1
        assert {r[0] for r in q.sql("SELECT DISTINCT purpose FROM contact_purpose").fetchall()} == {
            "sales_marketing", "expert_admin", "expert_user"}
        assert {r[0] for r in q.sql("SELECT DISTINCT source FROM contact_purpose").fetchall()} == {"direct", "partner", "public"}
        orgs = [r[0] for r in q.sql("SELECT organisation FROM contact LIMIT 50").fetchall()]
        assert all(("kaupunki" in o or "kunta" in o) for o in orgs)
        # planted: a phone in a group-2-only contact
        assert q.sql("""SELECT count(*) FROM contact c WHERE phone IS NOT NULL AND NOT EXISTS (
                          SELECT 1 FROM contact_purpose cp WHERE cp.contact_id = c.id AND cp.purpose <> 'expert_user')""").fetchall()[0][0] >= 1
        assert q.sql("SELECT count(*) FROM contact WHERE name = 'Łukasz Żółć'").fetchall()[0][0] == 1
        assert q.sql("SELECT count(*) FROM web_visit").fetchall()[0][0] == 1000


def test_kp_init_and_db_selection(tmp_path, kp):
    path = tmp_path / "x.duckdb"
    res = kp("init", "--demo", "--contacts", "100", db_path=path)
    assert res.returncode == 0, res.stderr
    assert "100" in res.stderr or "10" in res.stderr
    again = kp("init", db_path=path)
    assert again.returncode != 0 and "exists already" in again.stderr and "Traceback" not in again.stderr
    env_path = tmp_path / "env.duckdb"
    assert kp("init", env={"KP_DB": str(env_path)}).returncode == 0
    assert env_path.is_file()


def test_kp_help_lists_the_commands(kp):
    res = kp("--help")
    assert res.returncode == 0
    for word in ("init", "serve"):
        assert word in res.stdout


def test_seed_module_has_finnish_and_english_for_every_statement():
    for key, (fi, en, _confirmed) in seed.STATEMENTS.items():
        assert fi.strip() and en.strip() and fi != en, key
