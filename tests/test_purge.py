"""Retention by `kp purge`: per purpose, edges of the period, people who must stay, counts audited."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from kpcore import audit, purge

TODAY = dt.date(2026, 11, 24)


def _ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


D = dt.date


@pytest.fixture
def people(reg):
    """Contacts at the edges of each purpose's rule, today 24.11.2026:
    sales 36 months from the last contact, expert group 1 24 months from the customer
    contract's end, group 2 24 months from the last training, web 14 months from the visit."""
    customers = {  # name: contract_end (None: in force)
        "Tampereen kaupunki": None, "Oriveden kaupunki": D(2030, 1, 1),
        "Vanha kunta": D(2024, 11, 23), "Juuri kunta": D(2024, 11, 24)}
    # email: organisation, restricted, last training, [(purpose, collected, last contact)]
    rows = {
        "sales-old@x.fi": (None, False, None, [("sales_marketing", D(2022, 1, 1), D(2023, 11, 23))]),
        "sales-edge@x.fi": (None, False, None, [("sales_marketing", D(2020, 1, 1), D(2023, 11, 24))]),
        "sales-recent@x.fi": (None, False, None, [("sales_marketing", D(2015, 1, 1), D(2025, 1, 1))]),
        "sales-unknown@x.fi": (None, False, None, [("sales_marketing", D(2020, 1, 1), None)]),
        "running-null@x.fi": ("Tampereen kaupunki", False, None, [("expert_admin", D(2010, 1, 1), None)]),
        "running-future@x.fi": ("oriveden KAUPUNKI ", False, None, [("expert_admin", D(2012, 1, 1), None)]),
        "ended@x.fi": ("Vanha kunta", False, None, [("expert_admin", D(2015, 1, 1), None)]),
        "ended-edge@x.fi": ("Juuri kunta", False, None, [("expert_admin", D(2015, 1, 1), None)]),
        "no-customer@x.fi": ("Tuntematon Oy", False, None, [("expert_admin", D(2020, 1, 1), None)]),
        "trained-old@x.fi": (None, False, D(2024, 11, 23), [("expert_user", D(2020, 1, 1), None)]),
        "trained-edge@x.fi": (None, False, D(2024, 11, 24),
                              [("expert_user", D(2020, 1, 1), None), ("sales_marketing", D(2020, 1, 1), D(2023, 1, 1))]),
        "training-unknown-new@x.fi": (None, False, None, [("expert_user", D(2026, 1, 1), None)]),
        "in-request@x.fi": (None, False, D(2020, 1, 1), [("expert_user", D(2019, 1, 1), None)]),
        "restricted@x.fi": (None, True, None, [("sales_marketing", D(2015, 1, 1), D(2016, 1, 1))]),
        "no-purpose@x.fi": (None, False, None, []),
    }
    with reg.write("test", "test.setup") as w:
        for name, end in customers.items():
            w.sql("INSERT INTO customer (name, contract_end) VALUES (?, ?)", [name, end])
        for email, (org, restricted, trained, links) in rows.items():
            w.sql("INSERT INTO contact (email, name, organisation, restricted, last_training_on) VALUES (?, 'N', ?, ?, ?)",
                  [email, org, restricted, trained])
            cid = w.sql("SELECT id FROM contact WHERE email = ?", [email]).fetchall()[0][0]
            for purpose, collected, last in links:
                w.sql("INSERT INTO contact_purpose (contact_id, purpose, source, collected_on, last_contact_on) "
                      "VALUES (?, ?, 'direct', ?, ?)", [cid, purpose, collected, last])
        w.sql("INSERT INTO subject_request (type, received_on, due_on) VALUES ('access', ?, ?)", [_ago(5), _ago(-25)])
        w.sql("""INSERT INTO request_subject SELECT (SELECT max(id) FROM subject_request), id FROM contact
                 WHERE email = 'in-request@x.fi'""")
        # 14 months from the visit: 23.9.2025 ended 23.11.2026 (gone), 24.9.2025 ends today (kept)
        w.sql("""INSERT INTO web_visit (visited_at, ip, page) VALUES
                 (TIMESTAMP '2025-09-01 10:00:00', '10.1.2.3', '/'), (TIMESTAMP '2025-09-23 23:59:00', '10.1.2.4', '/'),
                 (TIMESTAMP '2025-09-24 00:00:00', '10.1.2.5', '/'), (TIMESTAMP '2026-11-20 10:00:00', '10.1.2.6', '/')""")
    return reg


def _state(reg):
    with reg.read() as q:
        links = sorted(q.sql("SELECT c.email, cp.purpose FROM contact c JOIN contact_purpose cp ON cp.contact_id = c.id").fetchall())
        emails = sorted(r[0] for r in q.sql("SELECT email FROM contact").fetchall())
        visits = sorted(str(r[0]) for r in q.sql("SELECT visited_at FROM web_visit").fetchall())
        n_audit = q.sql("SELECT count(*) FROM audit_log").fetchall()[0][0]
    return links, emails, visits, n_audit


EXPECTED_LINKS = {"expert_admin": 1, "expert_user": 1, "sales_marketing": 2}  # ended, trained-old, sales-old + trained-edge's


def test_dry_run_counts_exactly_what_the_purge_then_does(people):
    before = _state(people)
    dry = purge.purge(people, dry_run=True, today=TODAY)
    assert _state(people) == before  # nothing changed, not even the audit log
    real = purge.purge(people, today=TODAY)
    assert dry.as_dict() | {"dry_run": None} == real.as_dict() | {"dry_run": None}
    assert real.links == EXPECTED_LINKS
    assert real.contacts == 4  # sales-old, ended, trained-old, no-purpose
    assert (real.kept_for_request, real.kept_restricted) == (1, 1)
    assert real.running_contract == 2
    assert real.kept_unknown_anchor == {"expert_admin": 1, "sales_marketing": 1}
    assert real.web_visits == 2


def test_purge_removes_exactly_what_is_past_each_anchored_period(people):
    purge.purge(people, today=TODAY)
    links, emails, visits, _ = _state(people)
    assert links == [
        ("ended-edge@x.fi", "expert_admin"),          # contract ended 24.11.2024: kept through today
        ("in-request@x.fi", "expert_user"),           # past, but a request concerns the person
        ("no-customer@x.fi", "expert_admin"),         # anchor unknown: kept, the DPO is asked
        ("restricted@x.fi", "sales_marketing"),       # Art. 18
        ("running-future@x.fi", "expert_admin"),      # contract runs to 2030 (matched by name, case aside)
        ("running-null@x.fi", "expert_admin"),        # contract in force, collected in 2010
        ("sales-edge@x.fi", "sales_marketing"),       # last contact 24.11.2023 + 36 months = today
        ("sales-recent@x.fi", "sales_marketing"),     # collected 2015, but contacted in 2025
        ("sales-unknown@x.fi", "sales_marketing"),    # no last contact: past the end counted from collection, asked
        ("trained-edge@x.fi", "expert_user"),         # trained 24.11.2024 + 24 months = today
        ("training-unknown-new@x.fi", "expert_user"),  # counted from collection (1.1.2026): not yet due
    ]
    assert "no-purpose@x.fi" not in emails and "ended@x.fi" not in emails and "trained-edge@x.fi" in emails
    assert visits == ["2025-09-24 00:00:00", "2026-11-20 10:00:00"]
    again = purge.purge(people, today=TODAY)  # idempotent
    assert (again.links, again.contacts, again.web_visits) == ({}, 0, 0)


def test_a_running_contract_keeps_its_contacts_until_it_ends_then_24_months(people):
    with people.write("test", "test.setup") as w:
        w.sql("UPDATE customer SET contract_end = DATE '2026-06-30' WHERE name = 'Tampereen kaupunki'")
    assert purge.purge(people, dry_run=True, today=TODAY).running_contract == 1
    assert purge.purge(people, dry_run=True, today=D(2028, 6, 30)).links["expert_admin"] == 2  # Tampere: end day
    later = purge.purge(people, dry_run=True, today=D(2028, 7, 1))  # 30.6.2026 + 24 months = 30.6.2028
    # by 1.7.2028: Vanha kunta, Juuri kunta and Tampere have ended more than 24 months before; Orivesi runs
    assert later.links["expert_admin"] == 3 and later.running_contract == 1


def test_recording_the_anchor_releases_a_link_kept_for_an_unknown_anchor(people):
    from kpcore import contacts
    with people.read() as q:
        cid = q.sql("SELECT id FROM contact WHERE email = 'sales-unknown@x.fi'").fetchall()[0][0]
    contacts.touch(people, "test", cid, purpose="sales_marketing", on=D(2020, 1, 1), today=TODAY)
    res = purge.purge(people, today=TODAY)
    assert res.kept_unknown_anchor == {"expert_admin": 1} and res.links["sales_marketing"] == 3


def test_the_counts_are_audited_without_personal_data(people):
    purge.purge(people, today=TODAY)
    with people.read() as q:
        events = {e["action"]: e for e in audit.events(q, action="retention.")}
        assert audit.verify(q).ok
        everything = json.dumps([list(map(str, r)) for r in q.sql("SELECT * FROM audit_log").fetchall()])
    assert events["retention.purge"]["detail"]["links"] == EXPECTED_LINKS
    assert events["retention.purge"]["detail"]["web_visits"] == 2
    assert events["retention.purge_contacts"]["detail"]["contacts"] == 4
    assert "@x.fi" not in everything and "10.1.2" not in everything


def test_a_purpose_without_a_period_is_never_purged(people):
    with people.write("test", "test.setup") as w:
        w.sql("UPDATE purpose SET retention_months = NULL WHERE key IN ('sales_marketing', 'web_analytics')")
    res = purge.purge(people, today=TODAY)
    assert "sales_marketing" not in res.links and res.web_visits == 0


def test_kp_purge_cli(people, kp):
    res = kp("purge", "--dry-run", "--today", TODAY.isoformat(), db_path=people.path)
    assert res.returncode == 0, res.stderr
    assert "dry run" in res.stdout and "2 memberships of sales_marketing" in res.stdout
    assert "1 people a subject request concerns" in res.stdout and "restricted" in res.stdout
    assert "2 memberships of customers whose contract still runs" in res.stdout
    assert "kept, ask the DPO: 1 memberships of expert_admin" in res.stdout
    res = kp("purge", "--json", "--today", TODAY.isoformat(), db_path=people.path)
    out = json.loads(res.stdout)
    assert out["contacts"] == 4 and out["running_contract"] == 2
    assert out["kept_unknown_anchor"] == {"expert_admin": 1, "sales_marketing": 1}
    assert kp("purge", "--dry-run", db_path=people.path.with_name("missing.duckdb")).stderr.startswith("kp: No register")


def test_purge_truncates_old_full_ip_addresses_and_the_dry_run_counts_them(people):
    # the fixture's visits: two past retention (deleted), 2025-09-24 (kept, old: truncated), 2026-11-20 (recent: full)
    with people.write("test", "test.setup") as w:
        w.sql("INSERT INTO web_visit (visited_at, ip, page) VALUES (TIMESTAMP '2026-09-01 08:00:00', '2001:db8:1:2::7', '/')")
    dry = purge.purge(people, dry_run=True, today=TODAY)
    assert dry.ips_truncated == 2
    with people.read() as q:
        assert q.sql("SELECT count(*) FROM web_visit WHERE ip_truncated").fetchall()[0][0] == 0  # dry: untouched
    res = purge.purge(people, today=TODAY)
    assert res.ips_truncated == 2 and res.web_visits == 2
    with people.read() as q:
        ips = sorted(q.sql("SELECT ip, ip_truncated FROM web_visit").fetchall())
        events = [e["action"] for e in audit.events(q, action="web.")]
    assert ips == [("10.1.2.0", True), ("10.1.2.6", False), ("2001:db8:1::", True)]
    assert events == ["web.truncate_ips"]
