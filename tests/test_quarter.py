"""Quarterly figures from a small register built by hand, the expected numbers counted by hand
(see the comments), the frozen snapshot, and the report PDF carrying those figures."""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess

import pytest

from kpcore import breaches, quarter
from kpcore.errors import KpError, Refused
from kpcore.models import ART28_CLAUSES

TODAY = dt.date(2026, 11, 24)
D = dt.date
T = dt.datetime


def build(reg) -> None:
    """Q3 2026 = 1.7.-30.9., Q2 = 1.4.-30.6. Expected figures are in test_figures_by_hand."""
    with reg.write("test", "test.setup") as w:
        req = """INSERT INTO subject_request (type, received_on, status, due_on, answered_on) VALUES (?, ?, ?, ?, ?)"""
        w.sql(req, ["access", D(2026, 7, 5), "completed", D(2026, 8, 5), D(2026, 7, 25)])    # r1 Q3, on time, 20 d
        w.sql(req, ["access", D(2026, 8, 20), "completed", D(2026, 9, 21), D(2026, 9, 25)])  # r2 Q3, late, 36 d
        w.sql(req, ["erasure", D(2026, 9, 10), "in_progress", D(2026, 10, 12), None])         # r3 open, not overdue
        w.sql(req, ["erasure", D(2026, 6, 10), "completed", D(2026, 7, 10), D(2026, 7, 15)])  # r4 Q2 in, Q3 closed late, 35 d
        w.sql(req, ["objection", D(2026, 8, 1), "in_progress", D(2026, 9, 1), None])          # r5 open and overdue at Q3 end
        w.sql(req, ["access", D(2026, 10, 2), "received", D(2026, 11, 2), None])              # r6 Q4: not counted

        def person(email, created, links):
            cid = w.sql("INSERT INTO contact (email, name, created_at) VALUES (?, 'N', ?) RETURNING id",
                        [email, created]).fetchall()[0][0]
            for purpose, source, collected, notice in links:
                w.sql("INSERT INTO contact_purpose (contact_id, purpose, source, collected_on, notice_sent_on, created_at)"
                      " VALUES (?, ?, ?, ?, ?, ?)", [cid, purpose, source, collected, notice, created])
        person("c1@x.fi", T(2026, 7, 10), [("sales_marketing", "public", D(2026, 7, 1), D(2026, 7, 20))])
        person("c2@x.fi", T(2026, 8, 15), [("expert_user", "direct", D(2026, 8, 15), D(2026, 8, 15)),
                                           ("expert_admin", "partner", D(2026, 8, 1), None)])
        person("c3@x.fi", T(2026, 5, 1), [("sales_marketing", "partner", D(2026, 4, 20), D(2026, 6, 10))])

        cust = w.sql("INSERT INTO customer (name) VALUES ('Testikunta') RETURNING id").fetchall()[0][0]

        def engagement(starts, ends, status, signed, decision_on=None):
            return w.sql("""INSERT INTO processor_engagement (customer_id, system, vendor, service_fi, service_en,
                              agreement_signed_on, starts_on, ends_on, status, end_decision, end_decision_on)
                            VALUES (?, 'S', 'V', 'Tuki', 'Support', ?, ?, ?, ?, ?, ?) RETURNING id""",
                         [cust, signed, starts, ends, status, "delete" if decision_on else None, decision_on]).fetchall()[0][0]
        e1 = engagement(D(2025, 1, 1), None, "active", D(2025, 1, 1))
        engagement(D(2026, 8, 1), None, "active", None)                                  # e2 new in Q3, no agreement
        e3 = engagement(D(2024, 1, 1), D(2026, 9, 15), "ended", D(2024, 1, 1))           # ended in Q3, no decision
        engagement(D(2024, 1, 1), D(2026, 5, 1), "ended", D(2024, 1, 1), D(2026, 5, 10))  # e4 ended in Q2, decided
        for clause in ART28_CLAUSES:
            w.sql("INSERT INTO agreement_clause VALUES (?, ?, true)", [e1, clause])
            w.sql("INSERT INTO agreement_clause VALUES (?, ?, ?)", [e3, clause, clause != "audits"])
        acc = "INSERT INTO processor_access (engagement_id, accessed_at, staff, ticket_ref, reason) VALUES (?, ?, 'S', ?, 'r')"
        w.sql(acc, [e1, T(2026, 7, 3, 10), "T-1"])
        w.sql(acc, [e1, T(2026, 8, 3, 10), None])
        w.sql(acc, [e3, T(2026, 5, 5, 10), "T-2"])
    add = lambda **f: breaches.add(reg, "test", {"description": "d", "decision_reason": "r", **f})  # noqa: E731
    add(aware_at=T(2026, 7, 10, 8), notify=True, authority_notified_at=T(2026, 7, 12, 8))          # b1 48 h: met
    with reg.write("test", "test.setup") as w:  # b2 96 h, no reason: carried over (kpcore now refuses it, 33(1))
        w.sql("INSERT INTO breach (aware_at, description, decision_reason, notify, authority_notified_at) VALUES "
              "(?, 'd', 'r', true, ?)", [T(2026, 8, 10, 8), T(2026, 8, 14, 8)])
    add(aware_at=T(2026, 9, 1, 8), notify=False, risk="unlikely")                                   # b3 not required: met
    add(aware_at=T(2026, 9, 20, 8), notify=True, authority_notified_at=T(2026, 9, 25, 8),
        delay_reason="Asiakas ilmoitti vasta perjantaina")                                         # b4 late with reason


@pytest.fixture
def hand(reg):
    build(reg)
    return reg


def test_quarters():
    assert quarter.bounds("2026Q3") == (D(2026, 7, 1), D(2026, 9, 30))
    assert quarter.bounds("2026q1") == (D(2026, 1, 1), D(2026, 3, 31))
    assert quarter.bounds("2025Q4") == (D(2025, 10, 1), D(2025, 12, 31))
    assert quarter.previous("2026Q1") == "2025Q4"
    assert quarter.last_complete(D(2026, 11, 24)) == "2026Q3"
    assert quarter.last_complete(D(2026, 10, 1)) == "2026Q3"
    assert quarter.last_complete(D(2026, 9, 30)) == "2026Q2"
    assert quarter.parse_quarter("2026-Q3") == "2026Q3"
    with pytest.raises(KpError, match="not a quarter"):
        quarter.parse_quarter("2026Q5")


def test_figures_by_hand(hand):
    with hand.read() as q:
        rep = quarter.report(q, "2026Q3", TODAY)
    f, p = rep["current"]["figures"], rep["previous"]["figures"]
    assert rep["previous"]["quarter"] == "2026Q2" and rep["complete"]
    # requests: received r1 r2 (access), r3 (erasure), r5 (objection); closed r1 r2 r4; on time r1 only
    t = f["requests"]["total"]
    assert (t["received"], t["closed"], t["on_time"], t["open_at_end"], t["overdue_at_end"]) == (4, 3, 1, 2, 1)
    assert t["median_days"] == 35.0  # median of 20, 36, 35
    # on time r1 of closed r1 r2 r4 and of r5, open past its due date at the end: 1 of 4
    assert f["requests"]["on_time_pct"] == 25.0
    assert f["requests"]["by_type"]["access"] == {"received": 2, "closed": 2, "on_time": 1, "median_days": 28.0,
                                                  "open_at_end": 0, "overdue_at_end": 0}
    assert f["requests"]["by_type"]["erasure"]["received"] == 1 and f["requests"]["by_type"]["erasure"]["closed"] == 1
    assert f["requests"]["by_type"]["objection"]["overdue_at_end"] == 1
    # Q2: r4 received, still open at 30.6. (due 10.7.: not overdue)
    tp = p["requests"]["total"]
    assert (tp["received"], tp["closed"], tp["open_at_end"], tp["overdue_at_end"]) == (1, 0, 1, 0)
    assert p["requests"]["on_time_pct"] is None
    # contacts: c1, c2 added in Q3 with three links; c3 in Q2
    c = f["contacts"]
    assert (c["people_added"], c["links_added"]) == (2, 3)
    assert c["added_by_purpose"] == {"sales_marketing": 1, "expert_user": 1, "expert_admin": 1}
    assert c["added_by_source"] == {"public": 1, "direct": 1, "partner": 1}
    assert (p["contacts"]["people_added"], p["contacts"]["links_added"]) == (1, 1)
    # Art. 14: Q3 sent c1 (19 days: in time); c2's partner link collected 1.8. unsent at 30.9. -> overdue
    assert f["art14"] == {"sent": 1, "sent_late": 0, "overdue_at_end": 1}
    # Q2: c3 sent 10.6., 51 days after collection -> late
    assert p["art14"] == {"sent": 1, "sent_late": 1, "overdue_at_end": 0}
    # engagements (see build)
    assert f["processors"] == {"active_at_end": 2, "new": 1, "ended": 1, "without_agreement": 1, "missing_clauses": 0,
                               "ended_without_decision": 1, "accesses": 2, "accesses_without_request": 1}
    assert p["processors"] == {"active_at_end": 2, "new": 0, "ended": 1, "without_agreement": 0, "missing_clauses": 1,
                               "ended_without_decision": 0, "accesses": 1, "accesses_without_request": 0}
    # breaches: b1 met, b2 not met, b3 not required (met), b4 late with a reason
    b = f["breaches"]
    assert (b["total"], b["notifiable"], b["notified"], b["rule_met"], b["late_with_reason"], b["rule_not_met"]) == \
        (4, 3, 3, 2, 1, 1)
    assert [x["met"] for x in b["list"]] == ["met", "not_met", "met", "late_with_reason"]
    assert [x["hours_taken"] for x in b["list"]] == [48.0, 96.0, None, 120.0]
    assert p["breaches"]["total"] == 0
    # the comparison beside the previous quarter
    cmp = {r["key"]: r for r in rep["comparison"]}
    assert (cmp["requests.total.received"]["value"], cmp["requests.total.received"]["previous"],
            cmp["requests.total.received"]["change"]) == (4, 1, 3)
    assert cmp["processors.missing_clauses"]["change"] == -1
    # today-only figures are not compared with a live previous quarter
    assert cmp["findings.by_severity.high"]["previous"] is None


def test_erasures_counted_from_the_audit_log(reg):
    reg.record("test", "person.erase", "contact", 11, {"contacts": 2, "links": 3, "contact_ids": [11, 12]})
    reg.record("test", "person.erase", "request", 5, {"contacts": 0, "links": 0, "contact_ids": []})  # nothing held
    reg.record("test", "person.erase", "contact", 13)  # an event without counts: one person
    reg.record("test", "person.view", "contact", 14)
    today = dt.date.today()
    with reg.read() as q:
        f = quarter.compute(q, quarter.of_date(today), today)
        prev = quarter.compute(q, quarter.previous(quarter.of_date(today)), today)
    assert (f["contacts"]["erased"], f["contacts"]["erasure_events"]) == (3, 3)
    assert f["contacts"]["erasures_by_action"] == {"person.erase": 3}
    assert prev["contacts"]["erased"] == 0


def test_a_real_erasure_is_counted(reg):
    from kpcore import erasure  # a plain import: a missing module is a failure, not a skip
    with reg.write("test", "test.setup") as w:
        w.sql("INSERT INTO contact (email, name) VALUES ('poisto@x.fi', 'N')")
    erasure.erase(reg, "dpo", "poisto@x.fi", ground="a", compact_file=False)
    today = dt.date.today()
    with reg.read() as q:
        assert quarter.compute(q, quarter.of_date(today), today)["contacts"]["erased"] == 1


def test_a_quarter_in_progress_counts_up_to_today(hand):
    with hand.read() as q:
        f = quarter.compute(q, "2026Q4", TODAY)
    assert f["as_of"] == "2026-11-24"
    # r3 (due 12.10.) and r6 (due 2.11.) open on 24.11. and overdue; r5 too
    assert f["requests"]["total"]["received"] == 1
    assert (f["requests"]["total"]["open_at_end"], f["requests"]["total"]["overdue_at_end"]) == (3, 3)


def test_issued_quarter_is_frozen_and_the_next_compares_against_it(hand):
    fig = quarter.issue(hand, "dpo", "2026Q2", TODAY)
    assert fig["requests"]["total"]["received"] == 1
    # later a late-registered Q2 request is added: live Q2 figures change, the issued ones do not
    with hand.write("test", "test.setup") as w:
        w.sql("INSERT INTO subject_request (type, received_on, status, due_on) VALUES ('access', ?, 'received', ?)",
              [D(2026, 6, 1), D(2026, 7, 1)])
    with hand.read() as q:
        assert quarter.compute(q, "2026Q2", TODAY)["requests"]["total"]["received"] == 2
        rep = quarter.report(q, "2026Q3", TODAY)
        assert rep["previous"]["issued_at"] is not None
        assert rep["previous"]["figures"]["requests"]["total"]["received"] == 1
        assert quarter.figures(q, "2026Q2", TODAY)["figures"] == fig
        cmp = {r["key"]: r for r in rep["comparison"]}
        assert cmp["requests.total.received"]["previous"] == 1
        assert cmp["findings.by_severity.high"]["previous"] is not None  # compared with what was reported
        event = q.sql("SELECT actor, object_type, object_id, detail FROM audit_log WHERE action = 'quarter.issue'").fetchall()
    assert event == [("dpo", "quarter", "2026Q2", None)]
    with pytest.raises(Refused, match="issued already"):
        quarter.issue(hand, "dpo", "2026Q2", TODAY)
    with pytest.raises(Refused, match="has not ended"):
        quarter.issue(hand, "dpo", "2026Q4", TODAY)
    with hand.read() as q:
        assert [r["quarter"] for r in q.all("quarter_reports")] == ["2026Q2"]


def pdf_text(data: bytes, tmp_path, name="r.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_report_pdf_carries_the_figures_in_english(hand, tmp_path):
    with hand.read() as q:
        text = pdf_text(quarter.report_pdf(q, "2026Q3", "en", TODAY), tmp_path)
    assert "Quarterly data-protection report Q3 2026" in text and "2026-07-01 – 2026-09-30" in text
    assert re.search(r"Requests received\s+4\s+1\s+\+3", text), text[:2000]
    assert re.search(r"Answered on time\s+25\.0%", text)  # r5 open past its due date counts as late
    assert re.search(r"Days to answer, median\s+35\.0 d", text)
    assert re.search(r"Overdue at quarter end\s+1\s+0\s+\+1", text)
    assert re.search(r"People added\s+2\s+1\s+\+1", text)
    assert re.search(r"Art\. 14 notices overdue \(at end\)\s+1\s+0", text)
    assert re.search(r"Active without an agreement\s+1\s+0\s+\+1", text)
    assert re.search(r"72-hour rule met\s+2\s+0\s+\+2", text)
    assert re.search(r"Access\s+2\s+2\s+1\s+28\.0", text)  # the requests-by-type table
    assert "NOT met" in text and re.search(r"late, reason\s+recorded", text)
    assert "Requests received by type" in text and "Purpose links added by purpose" in text  # chart titles


def test_report_pdf_in_finnish(hand, tmp_path):
    with hand.read() as q:
        text = pdf_text(quarter.report_pdf(q, "2026Q3", "fi", TODAY), tmp_path)
    assert "Tietosuojan neljännesvuosiraportti 3/2026" in text
    assert re.search(r"Pyyntöjä vastaanotettu\s+4\s+1\s+\+3", text)
    assert re.search(r"Vastattu määräajassa\s+25,0 %", text)
    assert "1.7.2026 – 30.9.2026" in text  # d.m.yyyy, no leading zeros
    assert re.search(r"72 tunnin sääntö täyttyi\s+2\s+0\s+\+2", text)
    assert "EI täyttynyt" in text


def test_report_pdf_in_swedish(hand, tmp_path):
    """Issue 18 §2: the report in Swedish, its words from the catalogs; none of the Finnish or
    English report words left."""
    with hand.read() as q:
        text = pdf_text(quarter.report_pdf(q, "2026Q3", "sv", TODAY), tmp_path)
    assert "Kvartalsrapport om dataskyddet 3/2026" in text and "1.7.2026 – 30.9.2026" in text
    for heading in ("Nyckeltal", "De registrerades begäranden (art. 12–22)", "Personer och information (art. 13–14)",
                    "Verksamhet som personuppgiftsbiträde (art. 28)", "Personuppgiftsincidenter (art. 33–34)",
                    "Dataskyddsbeskrivningens fullständighet (art. 13–14)", "Öppna iakttagelser"):
        assert heading in text, heading
    assert re.search(r"Mottagna begäranden\s+4\s+1\s+\+3", text)
    assert re.search(r"Besvarade i tid\s+25,0 %", text)
    assert re.search(r"72-timmarsregeln uppfylld\s+2\s+0\s+\+2", text)
    assert "INTE uppfylld" in text and "Sida 1 /" in text
    # the notice's gaps by their Swedish titles
    assert "Ändamålen med behandlingen och den rättsliga grunden" in text and "oikeusperuste" not in text
    for word in ("neljännes", "Pyyntöjä", "Yhteensä", "Havaittu", "loukkau", "Muutos", "Mittari", "kyllä", "Sivu",
                 "Quarterly", "Requests", "Total", "breach", "Figure", "Change", "Page", "Key figures", "Received"):
        assert not re.search(rf"\b{word}\b", text), word


def test_report_pdf_rejects_an_unknown_language(hand):
    with hand.read() as q, pytest.raises(KpError, match="lang"):
        quarter.report_pdf(q, "2026Q3", "de", TODAY)


def test_kp_report_writes_the_pdf_issues_and_prints_json(hand, kp, tmp_path):
    out = tmp_path / "q.pdf"
    res = kp("report", "--quarter", "2026Q3", "--lang", "en", "-o", str(out), db_path=hand.path)
    assert res.returncode == 0, res.stderr
    assert "Quarterly data-protection report Q3 2026" in pdf_text(out.read_bytes(), tmp_path, "x.pdf")
    res = kp("report", "--quarter", "2026Q3", "--json", db_path=hand.path)
    data = json.loads(res.stdout)
    assert data["current"]["figures"]["requests"]["total"]["received"] == 4 and data["current"]["issued_at"] is None
    res = kp("report", "--quarter", "2026Q3", "--issue", "-o", str(out), db_path=hand.path)
    assert res.returncode == 0 and "issued 2026Q3" in res.stderr
    res = kp("report", "--quarter", "2026Q3", "--issue", "-o", str(out), db_path=hand.path)
    assert res.returncode == 1 and "issued already" in res.stderr
    res = kp("report", "--quarter", "2026Q9", db_path=hand.path)
    assert res.returncode == 1 and "not a quarter" in res.stderr
    with hand.read() as q:
        actions = [r[0] for r in q.sql("SELECT action FROM audit_log ORDER BY seq").fetchall()]
    assert actions.count("report.export") == 2 and actions.count("quarter.issue") == 1


def test_demo_report_pdf_opens(demo_reg, tmp_path):
    with demo_reg.read() as q:
        text = pdf_text(quarter.report_pdf(q, None, "fi"), tmp_path)
    assert "Tietosuojan neljännesvuosiraportti" in text and "Avoimet havainnot" in text
