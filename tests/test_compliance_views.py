"""The compliance and breach views (AppTest): what they show from the register, switching the
quarter, issuing a quarter, recording and updating a breach."""
from __future__ import annotations

import datetime as dt
import re

from conftest import app_test
from kpcore import quarter


def texts(at) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [e.value for e in at.info]
                    + [e.value for e in at.warning] + [e.value for e in at.error] + [e.value for e in at.success])


def test_compliance_view_lists_findings_and_switches_quarter(demo_reg):
    at = app_test("compliance", demo_reg.path, lang="en")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    body = texts(at)
    assert "Request not answered in time" in body and "(/requests?request=" in body
    assert "Engagement without a written agreement" in body and "(/processors?engagement=" in body
    assert "(/breaches?breach=" in body and "(/contacts?person=" in body
    high = next(m for m in at.metric if m.label == "High")
    assert int(high.value) > 0
    current = quarter.of_date(dt.date.today())
    sel = at.selectbox(key="quarter")
    assert sel.value == current  # opens on the quarter in progress (issue 16 §4)
    last = quarter.last_complete()
    sel.select(last).run()
    table = at.dataframe[0].value
    assert last in table.columns and quarter.previous(last) in table.columns
    older = quarter.previous(last)
    sel.select(older).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert older in table.columns and quarter.previous(older) in table.columns
    # only severities chosen are listed
    at.multiselect(key="finding_severities").set_value(["low"]).run()
    assert "Request not answered in time" not in texts(at)


def test_compliance_view_in_finnish_and_issuing_a_quarter(demo_reg):
    at = app_test("compliance", demo_reg.path, lang="fi")
    at.run()
    assert not at.exception
    assert "Pyyntöön ei ole vastattu määräajassa" in texts(at)
    at.selectbox(key="quarter").select(quarter.last_complete()).run()  # a complete quarter can be issued
    issue = at.button(key="issue")
    assert issue.disabled  # not before the figures are confirmed checked
    at.checkbox(key="issue_confirm").check().run()
    at.button(key="issue").click().run()
    assert not at.exception, [e.value for e in at.exception]
    with demo_reg.read() as q:
        assert [r["quarter"] for r in q.all("quarter_reports")] == [quarter.last_complete()]
    assert "julkaistu" in texts(at)


def test_breach_view_shows_the_clock_and_records_a_breach(demo_reg):
    at = app_test("breaches", demo_reg.path, lang="en", session={"breach_new_box": True})  # opened
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    assert "72-hour clock" in table.columns and len(table) == 5
    shown = " | ".join(table["72-hour clock"])
    for state in ("Notified in time (30 h)", "Customer told", "No notification needed", "Clock running",
                  "Processor role: tell the controller (33(2))"):
        assert state in shown, state
    aware = (dt.datetime.now() - dt.timedelta(hours=5)).strftime("%Y-%m-%d %H:%M")
    at.text_input(key="breach_add_aware_at").input(aware)
    at.text_area(key="breach_add_description").input("A laptop was left on a train")
    at.selectbox(key="breach_add_risk").select("risk")
    save = at.button(key="FormSubmitter:breach_add-Save")  # the new-breach form's (each breach has its own too)
    assert save.label == "Save"
    save.click().run()
    assert not at.exception, [e.value for e in at.exception]
    with demo_reg.read() as q:
        rows = q.sql("SELECT id, description, risk FROM breach ORDER BY id").fetchall()
    assert rows[-1][1:] == ("A laptop was left on a train", "risk")
    # aware 5 h ago: the running clocks list it, and the new breach opens
    assert re.search(r"Breach #6: Data Protection Ombudsman \(72 h\) · [-0-9: ]+ · 2 d 1[89] h left", texts(at))
    assert at.selectbox(key="breach_pick").value == 6
    assert re.search(r"Clock running: 6[67] h left", texts(at))


def test_breach_view_refuses_bad_input_with_the_field_named(demo_reg):
    at = app_test("breaches", demo_reg.path, lang="fi", session={"breach_new_box": True})
    at.run()
    at.text_input(key="breach_add_aware_at").input("eilen")
    at.button(key="FormSubmitter:breach_add-Tallenna").click().run()
    assert not at.exception
    assert any("Havaittu (tietoon):" in e.value for e in at.error), [e.value for e in at.error]  # named as its form names it
    with demo_reg.read() as q:
        assert q.sql("SELECT count(*) FROM breach").fetchall()[0][0] == 5


def test_breach_view_opens_the_linked_breach(demo_reg):
    at = app_test("breaches", demo_reg.path, lang="en")
    at.query_params["breach"] = "2"
    at.run()
    assert not at.exception
    assert at.selectbox(key="breach_pick").value == 2
    assert any(m.label == "Deadline (72 h)" for m in at.metric)


def test_views_on_an_empty_register(reg):
    for view, lang, expect in [("compliance", "en", "Quarterly overview"), ("breaches", "fi", "Ei kirjattuja loukkauksia.")]:
        at = app_test(view, reg.path, lang=lang)
        at.run()
        assert not at.exception, (view, [e.value for e in at.exception])
        shown = texts(at) + " ".join(s.value for s in at.subheader)
        assert expect in shown, view
