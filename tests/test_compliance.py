"""Each compliance finding appears on a register built to have it and disappears when its
cause is fixed; edges of every rule (a day before / on / after a limit) are checked."""
from __future__ import annotations

import datetime as dt
import json
import sys

import pytest

from kpcore import compliance, deadlines
from kpcore.models import ART28_CLAUSES

TODAY = dt.date(2026, 11, 24)
NOW = dt.datetime(2026, 11, 24, 12, 0)


def rules(reg, today=TODAY, now=NOW, **kw) -> list:
    with reg.read() as q:
        return compliance.findings(q, today, now=now, include_notice=False, **kw)


def of_rule(reg, rule, **kw):
    return [f for f in rules(reg, **kw) if f.rule == rule]


def setup(reg, sql: str, params=None):
    with reg.write("test", "test.setup") as w:
        return w.sql(sql, params or []).fetchall()


def add_contact(reg, email, *, phone=None, links=(("expert_user", "direct", TODAY, TODAY),), organisation="Org"):
    with reg.write("test", "test.setup") as w:
        cid = w.sql("INSERT INTO contact (email, name, phone, organisation, title) VALUES (?, 'Testi Henkilö', ?, ?, 'T')"
                    " RETURNING id", [email, phone, organisation]).fetchall()[0][0]
        for purpose, source, collected, notice in links:
            w.sql("INSERT INTO contact_purpose (contact_id, purpose, source, collected_on, notice_sent_on) VALUES (?, ?, ?, ?, ?)",
                  [cid, purpose, source, collected, notice])
    return cid


def add_request(reg, *, due, status="in_progress", received=None, extended_on=None, reason=None, answered=None):
    received = received or due - dt.timedelta(days=30)
    return setup(reg, """INSERT INTO subject_request (type, received_on, status, due_on, extended_on, extension_reason, answered_on)
                         VALUES ('access', ?, ?, ?, ?, ?, ?) RETURNING id""",
                 [received, status, due, extended_on, reason, answered])[0][0]


# -- requests ---------------------------------------------------------------------------------

def test_overdue_and_due_soon_requests_and_their_edges(reg):
    late = add_request(reg, due=TODAY - dt.timedelta(days=1))
    today_due = add_request(reg, due=TODAY)
    week = add_request(reg, due=TODAY + dt.timedelta(days=7))
    add_request(reg, due=TODAY + dt.timedelta(days=8))  # not yet a finding
    add_request(reg, due=TODAY - dt.timedelta(days=20), status="awaiting_identity")  # clock paused: left out
    found = {(f.rule, f.object_id) for f in rules(reg)}
    assert ("request_overdue", str(late)) in found
    assert ("request_due_soon", str(today_due)) in found and ("request_due_soon", str(week)) in found
    assert {r for r, _ in found} == {"request_overdue", "request_due_soon"}
    assert len(found) == 3
    f = of_rule(reg, "request_overdue")[0]
    assert (f.severity, f.article, f.object_type, f.link) == ("high", "12(3)", "request", f"/requests?request={late}")
    assert "1 day late" in f.text_en and "myöhässä 1 pv" in f.text_fi
    # answered: the finding goes
    setup(reg, "UPDATE subject_request SET status = 'completed', answered_on = ? WHERE id = ?", [TODAY, late])
    assert not of_rule(reg, "request_overdue")


def test_extension_without_reason(reg):
    rid = add_request(reg, due=TODAY + dt.timedelta(days=40), status="extended", extended_on=TODAY - dt.timedelta(days=3))
    blank = add_request(reg, due=TODAY + dt.timedelta(days=40), status="extended", extended_on=TODAY, reason="   ")
    got = {f.object_id for f in of_rule(reg, "extension_without_reason")}
    assert got == {str(rid), str(blank)}
    setup(reg, "UPDATE subject_request SET extension_reason = 'Useita järjestelmiä' WHERE id IN (?, ?)", [rid, blank])
    assert not of_rule(reg, "extension_without_reason")


# -- contacts ---------------------------------------------------------------------------------

def test_phone_on_a_person_whose_purposes_do_not_allow_it(reg):
    ok = add_contact(reg, "a@x.fi", phone=None)
    bad = add_contact(reg, "b@x.fi", phone="+358401111111")
    admin = add_contact(reg, "c@x.fi", phone="+358402222222",
                        links=(("expert_user", "direct", TODAY, TODAY), ("expert_admin", "direct", TODAY, TODAY)))
    found = of_rule(reg, "category_not_allowed")
    assert len(found) == 1
    f = found[0]
    assert (f.count, f.sample_ids, f.link, f.severity, f.article) == (1, (bad,), f"/contacts?person={bad}", "high", "5(1)(c)")
    assert "Phone number" in f.text_en and "Puhelinnumero" in f.text_fi
    assert ok not in f.sample_ids and admin not in f.sample_ids
    # a second purpose that allows phone fixes it
    setup(reg, "INSERT INTO contact_purpose (contact_id, purpose, source, collected_on) VALUES (?, 'sales_marketing', 'direct', ?)",
          [bad, TODAY])
    assert not of_rule(reg, "category_not_allowed")


def test_many_people_give_one_finding_per_category_with_a_count(reg):
    with reg.write("test", "test.setup") as w:
        w.sql("""INSERT INTO contact (id, email, name, phone) SELECT i, 'p' || i || '@x.fi', 'N', '+35840' || (1000000 + i)
                 FROM range(1, 501) t(i)""")
        w.sql("INSERT INTO contact_purpose (contact_id, purpose, source, collected_on) SELECT i, 'expert_user', 'direct', ?"
              " FROM range(1, 501) t(i)", [TODAY])
    found = of_rule(reg, "category_not_allowed")
    assert len(found) == 1 and found[0].count == 500
    assert found[0].sample_ids == tuple(range(1, 11))
    assert "500 people" in found[0].text_en


def test_person_without_any_purpose(reg):
    cid = add_contact(reg, "lonely@x.fi", links=())
    f = of_rule(reg, "contact_without_purpose")
    assert len(f) == 1 and f[0].sample_ids == (cid,)
    setup(reg, "INSERT INTO contact_purpose (contact_id, purpose, source, collected_on) VALUES (?, 'expert_user', 'direct', ?)",
          [cid, TODAY])
    assert not of_rule(reg, "contact_without_purpose")


def test_past_retention_edges(reg):
    # expert_user: two years from the last training; trained exactly 24 months ago is still kept today
    on_limit = add_contact(reg, "limit@x.fi", links=(("expert_user", "direct", TODAY - dt.timedelta(days=900), None),))
    past = add_contact(reg, "past@x.fi", links=(("expert_user", "direct", TODAY - dt.timedelta(days=900), None),))
    setup(reg, "UPDATE contact SET last_training_on = ? WHERE id = ?", [deadlines.add_months(TODAY, -24), on_limit])
    setup(reg, "UPDATE contact SET last_training_on = ? WHERE id = ?",
          [deadlines.add_months(TODAY, -24) - dt.timedelta(days=1), past])
    found = of_rule(reg, "past_retention")
    assert len(found) == 1 and found[0].sample_ids == (past,) and on_limit not in found[0].sample_ids
    assert "Two years from the last training or support event." in found[0].text_en and found[0].article == "5(1)(e)"
    assert not of_rule(reg, "retention_anchor_unknown")
    setup(reg, "DELETE FROM contact_purpose WHERE contact_id = ?", [past])
    setup(reg, "DELETE FROM contact WHERE id = ?", [past])
    assert not of_rule(reg, "past_retention")


def test_unknown_anchor_is_flagged_medium_then_high_once_past_the_end_counted_from_collection(reg):
    recent = add_contact(reg, "recent@x.fi", links=(("sales_marketing", "direct", TODAY - dt.timedelta(days=40), None),))
    f = of_rule(reg, "retention_anchor_unknown")
    assert len(f) == 1 and f[0].severity == "medium" and f[0].sample_ids == (recent,)
    assert "the date of the last contact" in f[0].text_en and "viimeisimmän yhteydenoton päivä" in f[0].text_fi
    old = add_contact(reg, "old@x.fi", links=(("sales_marketing", "direct", TODAY - dt.timedelta(days=1200), None),))
    f = of_rule(reg, "retention_anchor_unknown")
    assert f[0].severity == "high" and f[0].count == 2 and f[0].sample_ids[0] == old
    assert not of_rule(reg, "past_retention")  # unknown: never counted as deletable
    setup(reg, "UPDATE contact_purpose SET last_contact_on = collected_on")
    assert not of_rule(reg, "retention_anchor_unknown")
    assert of_rule(reg, "past_retention")[0].sample_ids == (old,)


def test_contacts_of_a_customer_whose_contract_runs_are_never_past_retention(reg):
    cid = add_contact(reg, "admin@x.fi", links=(("expert_admin", "direct", TODAY - dt.timedelta(days=4000), None),))
    setup(reg, "UPDATE contact SET organisation = 'Testikunta, Tekninen toimi' WHERE id = ?", [cid])
    assert of_rule(reg, "retention_anchor_unknown")[0].sample_ids == (cid,)  # no customer: ask
    setup(reg, "INSERT INTO customer (name) VALUES ('Testikunta')")  # in force
    assert not of_rule(reg, "retention_anchor_unknown") and not of_rule(reg, "past_retention")
    setup(reg, "UPDATE customer SET contract_end = ?", [TODAY - dt.timedelta(days=800)])
    assert of_rule(reg, "past_retention")[0].sample_ids == (cid,)


def test_art14_notice_overdue_edges(reg):
    # one calendar month: collected on the same day-number last month is due today (not yet overdue)
    in_time = add_contact(reg, "intime@x.fi", links=(("expert_admin", "partner", deadlines.add_months(TODAY, -1), None),))
    late = add_contact(reg, "late@x.fi", links=(("expert_admin", "partner",
                                                 deadlines.add_months(TODAY, -1) - dt.timedelta(days=1), None),))
    add_contact(reg, "direct@x.fi", links=(("expert_admin", "direct", TODAY - dt.timedelta(days=400), None),))  # Art. 13
    sent = add_contact(reg, "sent@x.fi", links=(("expert_admin", "public", TODAY - dt.timedelta(days=200),
                                                 TODAY - dt.timedelta(days=190)),))
    found = of_rule(reg, "art14_notice_overdue")
    assert len(found) == 1
    assert found[0].sample_ids == (late,) and in_time not in found[0].sample_ids and sent not in found[0].sample_ids
    assert found[0].article == "14(3)(a)" and "Partner" in found[0].text_en
    setup(reg, "UPDATE contact_purpose SET notice_sent_on = ? WHERE contact_id = ?", [TODAY, late])
    assert not of_rule(reg, "art14_notice_overdue")


def test_art14_first_communication_makes_the_notice_due_earlier(reg):
    cid = add_contact(reg, "mailed@x.fi", links=(("sales_marketing", "partner", TODAY - dt.timedelta(days=10), None),))
    assert not of_rule(reg, "art14_notice_overdue")  # the month has not passed
    setup(reg, "UPDATE contact_purpose SET first_communication_on = ? WHERE contact_id = ?",
          [TODAY - dt.timedelta(days=2), cid])  # a marketing email two days ago, no notice recorded
    assert of_rule(reg, "art14_notice_overdue")[0].sample_ids == (cid,)


# -- processor engagements ------------------------------------------------------------------------

def add_engagement(reg, *, signed=None, ends=None, status="active", decision=None):
    with reg.write("test", "test.setup") as w:
        cust = w.sql("INSERT INTO customer (name) VALUES ('Testikunta ' || nextval('customer_id_seq')) RETURNING id").fetchall()[0][0]
        return w.sql("""INSERT INTO processor_engagement (customer_id, system, vendor, service_fi, service_en,
                          agreement_signed_on, starts_on, ends_on, status, end_decision, end_decision_on)
                        VALUES (?, 'Järjestelmä', 'Toimittaja', 'Tuki', 'Support', ?, DATE '2025-01-01', ?, ?, ?, ?)
                        RETURNING id""",
                     [cust, signed, ends, status, decision, ends if decision else None]).fetchall()[0][0]


def test_engagement_without_agreement_then_missing_clauses_then_complete(reg):
    eid = add_engagement(reg)
    f = of_rule(reg, "engagement_without_agreement")
    assert [x.object_id for x in f] == [str(eid)] and f[0].link == f"/processors?engagement={eid}"
    setup(reg, "UPDATE processor_engagement SET agreement_signed_on = DATE '2025-01-01' WHERE id = ?", [eid])
    assert not of_rule(reg, "engagement_without_agreement")
    # signed, but no clause is recorded as present: all of Art. 28(3) is missing
    miss = of_rule(reg, "engagement_missing_clauses")
    assert len(miss) == 1 and miss[0].count == len(ART28_CLAUSES)
    with reg.write("test", "test.setup") as w:
        for clause in ART28_CLAUSES:
            w.sql("INSERT INTO agreement_clause VALUES (?, ?, ?)", [eid, clause, clause != "audits"])
    miss = of_rule(reg, "engagement_missing_clauses")
    assert miss[0].count == 1 and "Information and audits" in miss[0].text_en
    setup(reg, "UPDATE agreement_clause SET present = true WHERE engagement_id = ?", [eid])
    assert not of_rule(reg, "engagement_missing_clauses")


def test_ended_engagement_needs_a_return_or_delete_decision(reg):
    eid = add_engagement(reg, signed=dt.date(2025, 1, 1), ends=dt.date(2026, 9, 1), status="ended")
    assert [f.object_id for f in of_rule(reg, "engagement_ended_without_decision")] == [str(eid)]
    # an ended engagement is not asked for a signature any more
    assert not of_rule(reg, "engagement_without_agreement")
    setup(reg, "UPDATE processor_engagement SET end_decision = 'delete', end_decision_on = DATE '2026-09-05' WHERE id = ?", [eid])
    assert not of_rule(reg, "engagement_ended_without_decision")


def test_access_without_a_customer_request(reg):
    eid = add_engagement(reg, signed=dt.date(2025, 1, 1))
    with reg.write("test", "test.setup") as w:
        w.sql("INSERT INTO processor_access (engagement_id, accessed_at, staff, ticket_ref, reason) VALUES (?, ?, 'S', 'T-1', 'r')",
              [eid, dt.datetime(2026, 3, 1, 10)])
        aid = w.sql("INSERT INTO processor_access (engagement_id, accessed_at, staff, ticket_ref, reason) VALUES (?, ?, 'S', NULL, 'r')"
                    " RETURNING id", [eid, dt.datetime(2026, 3, 2, 10)]).fetchall()[0][0]
    f = of_rule(reg, "access_without_request")
    assert len(f) == 1 and f[0].count == 1 and f[0].sample_ids == (aid,)
    setup(reg, "UPDATE processor_access SET ticket_ref = 'T-2' WHERE id = ?", [aid])
    assert not of_rule(reg, "access_without_request")


def test_engagement_findings_count_in_the_readers_grammar(reg):
    """One access, one clause: the singular in every language ("1 åtkomst", "1 käsittelykerta",
    "1 ehto"), not the plural the old "access(es)" message gave ("1 åtkomster", "1 käsittelykertaa")."""
    eid = add_engagement(reg, signed=dt.date(2025, 1, 1))
    with reg.write("test", "test.setup") as w:
        for clause in ART28_CLAUSES:
            w.sql("INSERT INTO agreement_clause VALUES (?, ?, ?)", [eid, clause, clause != "audits"])
        w.sql("INSERT INTO processor_access (engagement_id, accessed_at, staff, ticket_ref, reason) VALUES (?, ?, 'S', NULL, 'r')",
              [eid, dt.datetime(2026, 3, 2, 10)])
        w.sql("INSERT INTO processor_access (engagement_id, accessed_at, staff, ticket_ref, reason) VALUES (?, ?, 'S', 'T', 'r')",
              [eid, dt.datetime(2020, 3, 2, 10)])  # before the engagement started
    (ticket,) = of_rule(reg, "access_without_request")
    (outside,) = of_rule(reg, "access_outside_engagement")
    (clauses,) = of_rule(reg, "engagement_missing_clauses")
    assert "has 1 access without a customer request" in ticket.text("en")
    assert "finns 1 åtkomst utan kundens begäran" in ticket.text("sv")
    assert "1 käsittelykerta ilman asiakkaan pyyntöä" in ticket.text("fi")
    assert "finns 1 åtkomst utanför" in outside.text("sv") and "1 käsittelykerta sen" in outside.text("fi")
    assert "puuttuu 1 ehto:" in clauses.text("fi") and "lacks 1 clause:" in clauses.text("en")
    with reg.write("test", "test.setup") as w:
        w.sql("INSERT INTO processor_access (engagement_id, accessed_at, staff, ticket_ref, reason) VALUES (?, ?, 'S', NULL, 'r')",
              [eid, dt.datetime(2026, 3, 3, 10)])
    (ticket,) = of_rule(reg, "access_without_request")
    assert "finns 2 åtkomster utan" in ticket.text("sv") and "2 käsittelykertaa ilman" in ticket.text("fi")


# -- breaches -------------------------------------------------------------------------------------

def add_breach(reg, **fields):
    cols = {"aware_at": NOW - dt.timedelta(hours=100), "description": "d", **fields}
    return setup(reg, f"INSERT INTO breach ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) RETURNING id",
                 list(cols.values()))[0][0]


def test_breach_not_notified_within_72_hours_without_reason(reg):
    unnotified = add_breach(reg, notify=True, decision_reason="r")
    late = add_breach(reg, notify=True, decision_reason="r", aware_at=NOW - dt.timedelta(hours=200),
                      authority_notified_at=NOW - dt.timedelta(hours=200 - 73))
    add_breach(reg, notify=True, decision_reason="r", aware_at=NOW - dt.timedelta(hours=200),
               authority_notified_at=NOW - dt.timedelta(hours=200 - 71))  # in time
    add_breach(reg, notify=False, decision_reason="unlikely: encrypted")  # no duty to notify
    found = {f.object_id: f for f in of_rule(reg, "breach_late_without_reason")}
    assert set(found) == {str(unnotified), str(late)}
    assert found[str(late)].link == f"/breaches?breach={late}" and found[str(late)].article == "33(1)"
    assert "73 hours" in found[str(late)].text_en
    setup(reg, "UPDATE breach SET delay_reason = 'Selvitys kesti viikonlopun yli' WHERE id IN (?, ?)", [unnotified, late])
    assert not of_rule(reg, "breach_late_without_reason")


def test_breach_clock_running_and_the_processor_role(reg):
    with reg.write("test", "test.setup") as w:
        cust = w.sql("INSERT INTO customer (name) VALUES ('Asiakas') RETURNING id").fetchall()[0][0]
    running = add_breach(reg, aware_at=NOW - dt.timedelta(hours=60))
    proc = add_breach(reg, aware_at=NOW - dt.timedelta(hours=10), processor_role=True, customer_id=cust)
    f = of_rule(reg, "breach_clock_running")
    # the processor-role breach is judged by 33(2) toward the controller, not by the 33(1) clock
    assert {x.object_id for x in f} == {str(running)}
    assert next(x for x in f if x.object_id == str(running)).severity == "high"  # 12 h left
    due = of_rule(reg, "breach_controller_due")  # no limit recorded: 24 h target for "without undue delay"
    assert [(x.object_id, x.article, x.severity) for x in due] == [(f"{proc}:", "33(2)", "medium")]
    assert "14 h" in due[0].text_en
    setup(reg, "UPDATE breach SET customer_informed_at = ? WHERE id = ?", [NOW - dt.timedelta(hours=9), proc])
    assert not of_rule(reg, "breach_controller_overdue") and not of_rule(reg, "breach_controller_told_late")
    assert {x.object_id for x in of_rule(reg, "breach_clock_running")} == {str(running)}


def test_breach_decision_without_reason_and_high_risk_not_told(reg):
    bid = add_breach(reg, notify=True, risk="high", authority_notified_at=NOW - dt.timedelta(hours=90))
    assert [f.object_id for f in of_rule(reg, "breach_decision_without_reason")] == [str(bid)]
    assert [f.object_id for f in of_rule(reg, "breach_subjects_not_told")] == [str(bid)]
    setup(reg, "UPDATE breach SET decision_reason = 'Laaja vuoto', subjects_informed_at = ? WHERE id = ?", [NOW, bid])
    assert not of_rule(reg, "breach_decision_without_reason") and not of_rule(reg, "breach_subjects_not_told")


# -- the privacy notice (kpcore.notice.completeness, issue 6) ---------------------------------------

def _notice_findings(reg):
    with reg.read() as q:
        return {(f.rule, f.object_id, f.severity) for f in compliance.findings(q, TODAY, now=NOW)
                if f.object_type == "notice"}


def _expected(reg):
    """The findings kpcore.notice.completeness itself implies: missing M = high, missing C =
    medium; unconfirmed and blocking publication (notice.blocking) = high once people are held,
    else medium; unconfirmed and blocking nothing = low (the real module: on f5bb249 this test
    replaced it by a fake)."""
    from kpcore import notice

    with reg.read() as q:
        items = notice.completeness(q, lang="fi")
        people = bool(q.value("finding_people_held"))
    blocking = {i["item"] for i in notice.blocking(items)}
    rule = {"missing": "notice_item_missing", "unconfirmed": "notice_item_unconfirmed"}
    return {(rule[i["status"]], i["key"], (("high" if people else "medium") if i["item"] in blocking else "low")
             if i["status"] == "unconfirmed" else ("high" if i["requirement"] == "M" else "medium"))
            for i in items if i["status"] in rule}


def test_notice_items_missing_or_unconfirmed(reg):
    fresh = _expected(reg)
    assert {r for r, _, _ in fresh} == {"notice_item_unconfirmed"}  # the seed proposes, the DPO confirms
    assert _notice_findings(reg) == fresh
    # the controller's street removed: item 1 becomes missing (mandatory: high)
    setup(reg, "UPDATE controller SET street = ''")
    now = _notice_findings(reg)
    assert ("notice_item_missing", "controller", "high") in now and now == _expected(reg)
    with reg.read() as q:
        found = [f for f in compliance.findings(q, TODAY, now=NOW) if f.object_id == "controller"]
    assert found[0].link == "/notice" and "Puuttuu: street" in found[0].text_fi
    assert "Missing: street" in found[0].text_en


def test_a_broken_notice_module_is_an_error_not_a_clean_register(reg, monkeypatch):
    import kpcore

    monkeypatch.setitem(sys.modules, "kpcore.notice", None)  # `from . import notice` now raises ImportError
    monkeypatch.delattr(kpcore, "notice", raising=False)
    with reg.read() as q, pytest.raises(ImportError):
        compliance.findings(q, TODAY, now=NOW)


# -- the whole list -----------------------------------------------------------------------------------

REQUIRED_IN_DEMO = {"request_overdue", "request_due_soon", "extension_without_reason", "category_not_allowed",
                    "past_retention", "art14_notice_overdue", "engagement_without_agreement",
                    "engagement_missing_clauses", "engagement_ended_without_decision", "access_without_request",
                    "breach_clock_running", "breach_controller_due", "subprocessor_objection_open"}


def test_the_demo_register_has_every_finding(demo_reg):
    with demo_reg.read() as q:
        items = compliance.findings(q)
    got = {f.rule for f in items}
    assert REQUIRED_IN_DEMO <= got, REQUIRED_IN_DEMO - got
    assert got & {"notice_item_missing", "notice_item_unconfirmed"}
    # most severe first, each with every field the issue asks for
    order = [compliance.SEVERITIES.index(f.severity) for f in items]
    assert order == sorted(order)
    for f in items:
        assert f.rule in compliance.RULES and f.article and f.text_fi and f.text_en and f.link.startswith("/")
        assert f.object_type in ("request", "contact", "engagement", "breach", "notice", "subprocessor_change")


def test_a_clean_register_has_no_findings_but_the_notice(reg):
    assert rules(reg) == []


def test_kp_check_json_and_exit_status(demo_reg, reg, kp):
    res = kp("check", "--json", db_path=demo_reg.path)
    data = json.loads(res.stdout)
    assert res.returncode == compliance.HIGH_EXIT_CODE == 3
    assert data["summary"]["by_severity"]["high"] > 0
    first = data["findings"][0]
    assert {"severity", "rule", "article", "object_type", "object_id", "link", "text_fi", "text_en"} <= set(first)
    res = kp("check", "--lang", "en", db_path=demo_reg.path)
    assert "Request not answered in time" in res.stdout and "/requests?request=" in res.stdout
    clean = kp("check", "--json", db_path=reg.path)
    highs = [f for f in json.loads(clean.stdout)["findings"] if f["severity"] == "high"]
    assert clean.returncode == (3 if highs else 0)


def test_kp_check_on_a_missing_register_says_so(tmp_path, kp):
    res = kp("check", db_path=tmp_path / "none.duckdb")
    assert res.returncode == 1 and "No register" in res.stderr and "Traceback" not in res.stderr


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_summary_counts(demo_reg, lang):
    with demo_reg.read() as q:
        items = compliance.findings(q)
    s = compliance.summary(items)
    assert s["total"] == len(items) == sum(s["by_severity"].values()) == sum(s["by_rule"].values())
    assert all(f.text(lang) for f in items)
