"""Web analytics: full IP addresses only for ip_full_days, then truncated; visits per day and page."""
from __future__ import annotations

import datetime as dt

from conftest import app_test, run_kp
from kpcore import web

TODAY = dt.date(2026, 11, 24)


def add_visits(reg, rows):
    with reg.write("test", "test.visits") as w:
        w.cursor.executemany("INSERT INTO web_visit (visited_at, ip, ip_truncated, user_agent, page) VALUES (?, ?, ?, 'UA', ?)",
                             rows)


def ips(reg):
    with reg.read() as q:
        return q.sql("SELECT ip, ip_truncated FROM web_visit ORDER BY visited_at").fetchall()


def at(days_ago, hour=12):
    return dt.datetime.combine(TODAY - dt.timedelta(days=days_ago), dt.time(hour))


def test_truncate_old_ips_v4_and_v6_and_keeps_recent(reg):
    add_visits(reg, [
        (at(100), "91.152.7.201", False, "/"),
        (at(40), "2001:db8:85a3:8d3:1319:8a2e:370:7348", False, "/tuki"),
        (at(35), "2001:db8::1", False, "/tuki"),
        (at(31), "10.1.2.3", False, "/"),
        (at(29), "85.76.1.99", False, "/palvelut"),   # within 30 days: kept
        (at(200), "193.1.2.0", True, "/"),            # already truncated: untouched
    ])
    with reg.write("test") as w:
        assert web.truncate_old_ips(w, today=TODAY) == 4
    assert ips(reg) == [("193.1.2.0", True), ("91.152.7.0", True), ("2001:db8:85a3::", True), ("2001:db8::", True),
                        ("10.1.2.0", True), ("85.76.1.99", False)]
    with reg.write("test", "test.noop") as w:
        assert web.truncate_old_ips(w, today=TODAY) == 0
    with reg.read() as q:
        ev = q.sql("SELECT detail FROM audit_log WHERE action = 'web.truncate_ips'").fetchall()
    assert ev == [('{"days": 30, "rows": 4}',)]


def test_truncation_follows_the_setting(reg):
    add_visits(reg, [(at(10), "91.152.7.201", False, "/"), (at(3), "91.152.7.202", False, "/")])
    with reg.write("test", "test.setting") as w:
        w.sql("UPDATE setting SET value = '7' WHERE key = 'ip_full_days'")
        assert web.truncate_old_ips(w, today=TODAY) == 1
    assert ips(reg) == [("91.152.7.0", True), ("91.152.7.202", False)]


def test_no_view_shows_a_full_ip_older_than_the_limit_even_before_the_job(reg):
    add_visits(reg, [(at(45), "91.152.7.201", False, "/"), (at(2), "85.76.1.99", False, "/tuki")])
    with reg.read() as q:
        data = web.analytics(q, TODAY - dt.timedelta(days=90), TODAY, today=TODAY)
    shown = {r["ip"] for r in data["recent"]}
    assert shown == {"91.152.7.0", "85.76.1.99"}
    assert data["ips"]["full_ips_too_old"] == 1
    assert {r["page"]: r["visits"] for r in data["per_page"]} == {"/": 1, "/tuki": 1}
    assert [r["visits"] for r in data["per_day"]] == [1, 1]


def test_cli_truncate_ips_dry_run_and_run(reg):
    add_visits(reg, [(dt.datetime.now() - dt.timedelta(days=60), "91.152.7.201", False, "/")])
    res = run_kp("web", "truncate-ips", "--dry-run", db_path=reg.path, check=True)
    assert "1 visits older than 30 days" in res.stdout
    assert ips(reg) == [("91.152.7.201", False)]
    res = run_kp("web", "truncate-ips", db_path=reg.path, check=True)
    assert "truncated the IP address of 1 visits" in res.stdout
    assert ips(reg) == [("91.152.7.0", True)]


def test_web_view_warns_of_old_full_ips_and_truncates(reg):
    add_visits(reg, [(dt.datetime.now() - dt.timedelta(days=60), "91.152.7.201", False, "/"),
                     (dt.datetime.now() - dt.timedelta(days=1), "85.76.1.99", False, "/tuki")])
    app = app_test("web", reg.path, lang="en")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("older than 30 days" in w.value for w in app.warning)
    app.button(key="w_truncate").click().run()
    assert not app.exception
    assert sorted(ips(reg)) == [("85.76.1.99", False), ("91.152.7.0", True)]
