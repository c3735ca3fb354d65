"""The breach page (AppTest): a processor-role breach's controllers told and acknowledged, a late
notification refused with its field named, and a sub-processor objection resolved."""
from __future__ import annotations

import datetime as dt

from conftest import app_test
from kpcore.breach import case, subprocessors


def texts(at) -> str:
    return " ".join(str(x.value) for x in list(at.markdown) + list(at.success) + list(at.error) + list(at.warning)
                    + list(at.info) + list(at.caption))


def test_processor_breach_every_controller_told_then_acknowledged(demo_reg):
    at = app_test("breaches", demo_reg.path, lang="en")
    at.query_params["breach"] = "5"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="breach_pick").value == 5
    assert not any(m.label == "Deadline (72 h)" for m in at.metric)  # 33(1) is the controllers' clock here
    clocks = at.dataframe[1].value
    assert len(clocks) == 2 and all(w.startswith("Controller: ") and w.endswith(" · Hankesalkku") for w in clocks["To whom"])
    assert sorted(clocks["Limit"]) == ["24 h", "without undue delay (target 24 h)"]
    running, told = sorted(clocks["Status"])
    assert told == "done in time" and running in ("17 h left", "18 h left")  # aware 6 h ago, 24 h target
    at.button(key="FormSubmitter:tell_5-Record the notice to every controller").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "1 notice(s) recorded." in texts(at)
    with demo_reg.read() as q:
        c = case.get_case(q, 5)
    assert all(r["notified_at"] for r in c["controllers"]) and c["customer_informed_at"] is not None
    at.text_input(key="ack_by_5").input("Kunnan tietosuojavastaava")
    at.button(key="FormSubmitter:ack_5-Record acknowledgement").click().run()
    assert not at.exception and "Acknowledgement recorded." in texts(at)
    with demo_reg.read() as q:
        assert sum(1 for r in case.get_case(q, 5)["controllers"] if r["ack_at"]) == 1


def late_notification(demo_reg, lang: str):
    """The breach page in `lang` after breach 4's notification was submitted 90 h after awareness
    without the reasons for the delay (Art. 33(1))."""
    at = app_test("breaches", demo_reg.path, lang=lang)
    at.query_params["breach"] = "4"
    at.run()
    late = dt.datetime.now()  # breach 4 was aware 20 h ago; moved 70 h back, a notice now comes 90 h after
    with demo_reg.write("test", "test.setup") as w:
        w.sql("UPDATE breach SET aware_at = aware_at - INTERVAL 70 HOUR, occurred_at = occurred_at - INTERVAL 70 HOUR "
              "WHERE id = 4")
    at.run()
    at.text_input(key="notify_at_4").input(f"{late:%Y-%m-%d %H:%M}")
    next(b for b in at.button if getattr(b, "form_id", None) == "notify_4").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_late_notification_refused_in_the_page_with_the_field_named(demo_reg):
    at = late_notification(demo_reg, "en")
    assert any("Reason for delay (over 72 h): the notification came" in e.value and "33(1)" in e.value for e in at.error)
    with demo_reg.read() as q:
        assert case.get_case(q, 4)["notifications"] == []
    at.text_input(key="notify_delay_4").input("Laajuus selvisi vasta asiakkaan selvityksestä")
    at.button(key="FormSubmitter:notify_4-Record notification").click().run()
    assert not at.exception and "Notification recorded (version 1)." in texts(at)


def test_subprocessor_objection_resolved_from_the_page(demo_reg):
    at = app_test("breaches", demo_reg.path, lang="fi", session={"breach_sub_box": True})  # opened
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Vastustettu – ratkaistava" in " ".join(" ".join(map(str, df.value.to_numpy().ravel())) for df in at.dataframe)
    with demo_reg.read() as q:
        ch = subprocessors.changes(q)[0]
    objected = next(n for n in ch["notices"] if n["state"] == "objected")
    at.selectbox(key=f"sub_obj_e_{ch['id']}").select(objected["engagement_id"])
    at.selectbox(key=f"sub_obj_o_{ch['id']}").select("objection_resolved")
    at.button(key=f"FormSubmitter:sub_obj_{ch['id']}-Kirjaa").click().run()
    assert not at.exception and "Kirjattu." in texts(at)
    with demo_reg.read() as q:
        n = next(n for n in subprocessors.change(q, ch["id"])["notices"] if n["engagement_id"] == objected["engagement_id"])
    assert n["state"] == "closed" and n["outcome"] == "objection_resolved"


def test_a_viewer_sees_the_clocks_but_no_forms_or_names(demo_reg):
    at = app_test("breaches", demo_reg.path, lang="en", session={"role": "viewer"})
    at.query_params["breach"] = "4"
    at.run()
    assert not at.exception
    assert not [b for b in at.button if b.label]  # no form, no action
    assert "Data Protection Ombudsman (72 h)" in " ".join(str(x.value) for x in list(at.warning) + list(at.error))
