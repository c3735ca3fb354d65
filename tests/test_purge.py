"""Retention by `kp purge`: per purpose, edges of the period, people who must stay, counts audited."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from kpcore import audit, purge

TODAY = dt.date(2026, 11, 24)


def _ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


@pytest.fixture
def people(reg):
    """Contacts with memberships at the edges of each purpose's period (sales 1095 d, expert 730 d)."""
    rows = {  # email: [(purpose, days ago)], restricted
        "keeps-expert@x.fi": ([("sales_marketing", 1096), ("expert_admin", 10)], False),
        "all-expired@x.fi": ([("expert_user", 731)], False),
        "edge@x.fi": ([("expert_user", 730), ("sales_marketing", 1095)], False),   # exactly at the limit: kept
        "in-request@x.fi": ([("expert_user", 900)], False),
        "restricted@x.fi": ([("sales_marketing", 2000)], True),
        "no-purpose@x.fi": ([], False),
        "two-expired@x.fi": ([("sales_marketing", 1200), ("expert_admin", 800)], False),
    }
    with reg.write("test", "test.setup") as w:
        for email, (links, restricted) in rows.items():
            w.sql("INSERT INTO contact (email, name, restricted) VALUES (?, 'N', ?)", [email, restricted])
            cid = w.sql("SELECT id FROM contact WHERE email = ?", [email]).fetchall()[0][0]
            for purpose, days in links:
                w.sql("INSERT INTO contact_purpose (contact_id, purpose, source, collected_on) VALUES (?, ?, 'direct', ?)",
                      [cid, purpose, _ago(days)])
        w.sql("INSERT INTO subject_request (type, received_on, due_on) VALUES ('access', ?, ?)", [_ago(5), _ago(-25)])
        w.sql("""INSERT INTO request_subject SELECT (SELECT max(id) FROM subject_request), id FROM contact
                 WHERE email = 'in-request@x.fi'""")
        w.sql("""INSERT INTO web_visit (visited_at, ip, page) VALUES
                 (TIMESTAMP '2025-09-01 10:00:00', '10.1.2.3', '/'), (TIMESTAMP '2025-09-24 00:00:00', '10.1.2.4', '/'),
                 (TIMESTAMP '2025-09-25 00:00:00', '10.1.2.5', '/'), (TIMESTAMP '2026-11-20 10:00:00', '10.1.2.6', '/')""")
    return reg


def _state(reg):
    with reg.read() as q:
        links = sorted(q.sql("SELECT c.email, cp.purpose FROM contact c JOIN contact_purpose cp ON cp.contact_id = c.id").fetchall())
        emails = sorted(r[0] for r in q.sql("SELECT email FROM contact").fetchall())
        visits = sorted(str(r[0]) for r in q.sql("SELECT visited_at FROM web_visit").fetchall())
        n_audit = q.sql("SELECT count(*) FROM audit_log").fetchall()[0][0]
    return links, emails, visits, n_audit


def test_dry_run_counts_exactly_what_the_purge_then_does(people):
    before = _state(people)
    dry = purge.purge(people, dry_run=True, today=TODAY)
    assert _state(people) == before  # nothing changed, not even the audit log
    real = purge.purge(people, today=TODAY)
    assert (dry.links, dry.contacts, dry.web_visits, dry.kept_for_request, dry.kept_restricted) == (
        real.links, real.contacts, real.web_visits, real.kept_for_request, real.kept_restricted)
    assert real.links == {"expert_admin": 1, "expert_user": 1, "sales_marketing": 2}
    assert real.contacts == 3  # all-expired, no-purpose, two-expired
    assert (real.kept_for_request, real.kept_restricted) == (1, 1)
    assert real.web_visits == 2  # 425 days: 2025-09-24 and older go


def test_purge_removes_exactly_what_is_past_each_period(people):
    purge.purge(people, today=TODAY)
    links, emails, visits, _ = _state(people)
    assert emails == ["edge@x.fi", "in-request@x.fi", "keeps-expert@x.fi", "restricted@x.fi"]
    assert links == [("edge@x.fi", "expert_user"), ("edge@x.fi", "sales_marketing"),
                     ("in-request@x.fi", "expert_user"), ("keeps-expert@x.fi", "expert_admin"),
                     ("restricted@x.fi", "sales_marketing")]
    assert visits == ["2025-09-25 00:00:00", "2026-11-20 10:00:00"]
    again = purge.purge(people, today=TODAY)  # idempotent
    assert (again.links, again.contacts, again.web_visits) == ({}, 0, 0)


def test_the_counts_are_audited_without_personal_data(people):
    purge.purge(people, today=TODAY)
    with people.read() as q:
        events = {e["action"]: e for e in audit.events(q, action="retention.")}
        assert audit.verify(q).ok
        everything = json.dumps([list(map(str, r)) for r in q.sql("SELECT * FROM audit_log").fetchall()])
    assert events["retention.purge"]["detail"]["links"] == {"expert_admin": 1, "expert_user": 1, "sales_marketing": 2}
    assert events["retention.purge"]["detail"]["web_visits"] == 2
    assert events["retention.purge_contacts"]["detail"]["contacts"] == 3
    assert "@x.fi" not in everything and "10.1.2" not in everything


def test_a_purpose_without_days_is_never_purged(people):
    with people.write("test", "test.setup") as w:
        w.sql("UPDATE purpose SET retention_days = NULL WHERE key IN ('sales_marketing', 'web_analytics')")
    res = purge.purge(people, today=TODAY)
    assert "sales_marketing" not in res.links and res.web_visits == 0


def test_kp_purge_cli(people, kp):
    res = kp("purge", "--dry-run", "--today", TODAY.isoformat(), db_path=people.path)
    assert res.returncode == 0, res.stderr
    assert "dry run" in res.stdout and "2 memberships of sales_marketing" in res.stdout
    assert "1 people a subject request concerns" in res.stdout and "restricted" in res.stdout
    res = kp("purge", "--json", "--today", TODAY.isoformat(), db_path=people.path)
    assert json.loads(res.stdout)["contacts"] == 3
    assert kp("purge", "--dry-run", db_path=people.path.with_name("missing.duckdb")).stderr.startswith("kp: No register")


def test_purge_truncates_old_full_ip_addresses_and_the_dry_run_counts_them(people):
    # the fixture's visits: two past retention (deleted), 2025-09-25 (kept, old: truncated), 2026-11-20 (recent: full)
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
