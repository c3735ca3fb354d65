"""The breach register (Art. 33): every field, validation that names the field and saves
nothing, audit events without contents, the 72-hour clock, and the `kp breach` commands."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from kpcore import breaches
from kpcore.errors import NotFound, ValidationFailed

NOW = dt.datetime(2026, 11, 24, 12, 0)
SECRET = "Matti Meikäläisen sähköposti matti@example.fi vuoti"


def counts(reg):
    with reg.read() as q:
        return (q.sql("SELECT count(*) FROM breach").fetchall()[0][0], q.sql("SELECT count(*) FROM audit_log").fetchall()[0][0])


def add_customer(reg) -> int:
    with reg.write("test", "test.setup") as w:
        return w.sql("INSERT INTO customer (name) VALUES ('Nokian kaupunki') RETURNING id").fetchall()[0][0]


def test_every_field_is_recorded_and_read_back(reg):
    cust = add_customer(reg)
    data = {
        "occurred_at": "20.11.2026 7.30", "aware_at": "2026-11-20 09:00", "description": SECRET,
        "data_categories": "email, name", "approx_subjects": "12", "approx_records": 40, "effects": "Phishing risk",
        "remedial_action": "Message recalled", "risk": "high", "notify": "kyllä", "decision_reason": "High risk",
        "authority_notified_at": "2026-11-21T10:15", "delay_reason": None, "subjects_informed_at": "2026-11-22 08:00",
        "processor_role": "yes", "customer_id": str(cust), "customer_informed_at": "2026-11-20 11:00",
    }
    bid = breaches.add(reg, "dpo", data, now=NOW)
    with reg.read() as q:
        b = breaches.get(q, bid, NOW)
    assert b["occurred_at"] == dt.datetime(2026, 11, 20, 7, 30) and b["aware_at"] == dt.datetime(2026, 11, 20, 9, 0)
    assert (b["description"], b["approx_subjects"], b["approx_records"], b["risk"], b["notify"]) == (SECRET, 12, 40, "high", True)
    assert b["authority_notified_at"] == dt.datetime(2026, 11, 21, 10, 15)
    assert b["processor_role"] is True and b["customer_id"] == cust and b["customer_name"] == "Nokian kaupunki"
    assert b["customer_informed_at"] == dt.datetime(2026, 11, 20, 11, 0)
    # processor role: judged by Art. 33(2) (the customer told), not by the 72 hours of 33(1)
    assert b["clock"]["state"] == "customer_told"
    assert breaches.clock({**b, "processor_role": False}, NOW)["hours_taken"] == pytest.approx(25.25)
    assert set(breaches.FIELDS) <= set(b)
    with reg.read() as q:
        ev = q.sql("SELECT action, object_type, object_id, detail FROM audit_log WHERE action LIKE 'breach.%'").fetchall()
    assert ev[0][:3] == ("breach.add", "breach", str(bid))
    assert "matti" not in ev[0][3].lower() and "Phishing" not in ev[0][3]
    assert "description" in json.loads(ev[0][3])["fields"]


@pytest.mark.parametrize("data, field", [
    ({"description": "d"}, "aware_at"),
    ({"aware_at": "2026-11-20 09:00"}, "description"),
    ({"aware_at": "eilen", "description": "d"}, "aware_at"),
    ({"aware_at": "2026-11-20 09:00", "description": "d", "occurred_at": "2026-11-21 09:00"}, "occurred_at"),
    ({"aware_at": "2026-11-20 09:00", "description": "d", "authority_notified_at": "2026-11-19 09:00"}, "authority_notified_at"),
    ({"aware_at": "2026-11-20 09:00", "description": "d", "risk": "medium"}, "risk"),
    ({"aware_at": "2026-11-20 09:00", "description": "d", "notify": "maybe"}, "notify"),
    ({"aware_at": "2026-11-20 09:00", "description": "d", "notify": "no"}, "decision_reason"),
    ({"aware_at": "2026-11-20 09:00", "description": "d", "approx_subjects": "-4"}, "approx_subjects"),
    ({"aware_at": "2026-11-20 09:00", "description": "d", "approx_records": "paljon"}, "approx_records"),
    ({"aware_at": "2026-11-20 09:00", "description": "d", "processor_role": True}, "customer_id"),
    ({"aware_at": "2026-11-20 09:00", "description": "d", "processor_role": True, "customer_id": 999}, "customer_id"),
    ({"aware_at": "2026-11-20 09:00", "description": "d", "customer_informed_at": "2026-11-21 09:00"}, "customer_informed_at"),
    ({"aware_at": "2027-01-01 09:00", "description": "d"}, "aware_at"),
    ({"aware_at": "2026-11-20 09:00", "description": "d", "colour": "red"}, "colour"),
])
def test_bad_input_names_the_field_and_saves_nothing(reg, data, field):
    before = counts(reg)
    with pytest.raises(ValidationFailed) as exc:
        breaches.add(reg, "dpo", data, now=NOW)
    assert field in [p.field for p in exc.value.problems]
    assert f"{field}:" in str(exc.value) and "file," not in str(exc.value)
    assert counts(reg) == before


def test_update_changes_only_what_is_given_and_audits_the_field_names(reg):
    bid = breaches.add(reg, "dpo", {"aware_at": NOW - dt.timedelta(hours=30), "description": SECRET}, now=NOW)
    with reg.read() as q:
        assert breaches.get(q, bid, NOW)["clock"]["state"] == "running"
    changed = breaches.update(reg, "dpo", bid, {"notify": True, "decision_reason": "Risk to people",
                                                "authority_notified_at": NOW - dt.timedelta(hours=2)}, now=NOW)
    assert sorted(changed) == ["authority_notified_at", "decision_reason", "notify"]
    with reg.read() as q:
        b = breaches.get(q, bid, NOW)
        ev = q.sql("SELECT object_id, detail FROM audit_log WHERE action = 'breach.update'").fetchall()
    assert b["description"] == SECRET and b["clock"]["state"] == "on_time"
    assert ev == [(str(bid), json.dumps({"fields": ["authority_notified_at", "decision_reason", "notify"]}))]
    # clearing a field with '' and refusing a bad change
    assert breaches.update(reg, "dpo", bid, {"decision_reason": "", "notify": ""}, now=NOW) == ["decision_reason", "notify"]
    before = counts(reg)
    with pytest.raises(ValidationFailed, match="authority_notified_at"):
        breaches.update(reg, "dpo", bid, {"authority_notified_at": NOW - dt.timedelta(hours=40)}, now=NOW)
    assert counts(reg) == before
    with pytest.raises(NotFound):
        breaches.update(reg, "dpo", 999, {"risk": "high"}, now=NOW)


def test_the_72_hour_clock():
    aware = dt.datetime(2026, 11, 20, 9, 0)
    c = breaches.clock({"aware_at": aware}, aware + dt.timedelta(hours=70))
    assert (c["state"], c["hours_left"], c["deadline"]) == ("running", 2.0, dt.datetime(2026, 11, 23, 9, 0))
    assert breaches.clock_text(c, "en") == "Clock running: 2 h left" and "jäljellä" in breaches.clock_text(c, "fi")
    c = breaches.clock({"aware_at": aware}, aware + dt.timedelta(hours=75))
    assert (c["state"], c["hours_over"]) == ("overdue", 3.0)
    assert breaches.clock({"aware_at": aware, "authority_notified_at": aware + dt.timedelta(hours=72)})["state"] == "on_time"
    late = breaches.clock({"aware_at": aware, "authority_notified_at": aware + dt.timedelta(hours=73)})
    assert (late["state"], late["hours_taken"]) == ("late", 73.0)
    assert breaches.clock({"aware_at": aware, "notify": False}, aware + dt.timedelta(days=9))["state"] == "not_required"
    told = {"aware_at": aware, "processor_role": True, "customer_informed_at": aware + dt.timedelta(hours=3)}
    assert breaches.clock(told, aware + dt.timedelta(days=9))["state"] == "customer_told"


def test_dates_in_finnish_and_iso():
    assert breaches.parse_datetime("24.11.2026 9.05") == dt.datetime(2026, 11, 24, 9, 5)
    assert breaches.parse_datetime("24.11.2026") == dt.datetime(2026, 11, 24)
    assert breaches.parse_datetime("2026-11-24T09:05") == dt.datetime(2026, 11, 24, 9, 5)
    with pytest.raises(ValueError):
        breaches.parse_datetime("24/11/2026")


def test_kp_breach_add_list_update_show(reg, kp):
    cust = add_customer(reg)
    res = kp("breach", "add", "--aware", "2026-11-20 09:00", "--description", SECRET, "--risk", "risk",
             "--processor-role", "yes", "--customer", str(cust), db_path=reg.path)
    assert res.returncode == 0, res.stderr
    bid = int(res.stdout.strip())
    rows = json.loads(kp("breach", "list", "--json", db_path=reg.path).stdout)
    # Processor role: no Ombudsman clock of our own (Art. 33(2): the duty is toward the controller).
    assert [r["id"] for r in rows] == [bid] and rows[0]["clock"]["state"] == "processor"
    assert rows[0]["customer_name"] == "Nokian kaupunki"
    res = kp("breach", "update", str(bid), "--customer-informed", "20.11.2026 10.00", db_path=reg.path)
    assert res.returncode == 0 and "customer_informed_at changed" in res.stderr
    rows = json.loads(kp("breach", "list", "--json", db_path=reg.path).stdout)
    assert rows[0]["customer_informed_at"].startswith("2026-11-20T10:00") and rows[0]["clock"]["state"] == "customer_told"
    text = kp("breach", "list", db_path=reg.path).stdout
    assert f"#{bid}" in text and "Customer told" in text and "processor role" in text
    show = kp("breach", "show", str(bid), db_path=reg.path).stdout
    assert SECRET in show and "Customer told" in show
    # in a Finnish terminal: the risk's name, days, yes/no and the clock in Finnish (#16 §4, issue 18 §1)
    fi = kp("breach", "list", db_path=reg.path, env={"KP_LANG": "fi"}).stdout
    assert "Asiakkaalle ilmoitettu" in fi and "Customer told" not in fi, fi
    show = kp("breach", "show", str(bid), db_path=reg.path, env={"KP_LANG": "fi"}).stdout
    assert "20.11.2026 klo 10.00" in show and "Kyllä" in show and "True" not in show, show
    assert kp("breach", "list", "--lang", "sv", db_path=reg.path).stdout.count("Kunden underrättad") == 1
    bad = kp("breach", "add", "--aware", "huomenna", "--description", "x", db_path=reg.path)
    assert bad.returncode == 1 and "Became aware: not a date" in bad.stderr and "Traceback" not in bad.stderr
    assert kp("breach", "update", "999", "--risk", "high", db_path=reg.path).returncode == 1
    assert "nothing to change" in kp("breach", "update", str(bid), db_path=reg.path).stderr
    with reg.read() as q:
        details = [r[0] or "" for r in q.sql("SELECT detail FROM audit_log").fetchall()]
    assert not any("matti" in d.lower() for d in details)


@pytest.mark.parametrize("text,value", [("kyllä", True), ("ja", True), ("Yes", True), ("ei", False), ("nej", False),
                                        ("no", False)])
def test_yes_and_no_in_finnish_swedish_and_english(text, value):
    assert breaches._bool(text) is value


def test_neither_yes_nor_no_is_refused():
    with pytest.raises(ValueError, match="ja / nej"):
        breaches._bool("kanske")
