"""Every request in every system of the map (#12): tasks, their states, the close rule, the report."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess

import pytest

from kpcore import connectors, erasure, sar, systems, tasks
from kpcore import requests as reqs
from kpcore.errors import Refused, ValidationFailed


def _person(q, purpose):
    return q.sql("SELECT c.id, c.email, c.phone, c.name FROM contact c JOIN contact_purpose cp ON cp.contact_id = c.id "
                 "WHERE cp.purpose = ? AND c.phone IS NOT NULL ORDER BY c.id LIMIT 1", [purpose]).fetchall()[0]


def _crm_file(reg, rows, name="crm.csv"):
    path = reg.path.parent / name
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";")
    w.writerow(["Nimi", "Sähköposti", "Puhelin", "Muistiinpano"])
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def test_a_fresh_register_checks_itself_at_intake_and_the_request_closes(reg):
    r = reqs.add(reg, "t", type="access", email="ei.ketaan@example.fi")
    with reg.read() as q:
        ts = tasks.for_request(q, r["id"])
    assert [(t["system_kind"], t["status"], t["found"]) for t in ts] == [("register", "done", False)]
    reqs.close(reg, "t", r["id"])


def test_access_gets_a_task_in_every_system_of_the_persons_purposes_and_cannot_close_while_one_is_open(demo_reg):
    with demo_reg.read() as q:
        cid, email, phone, name = _person(q, "expert_user")
        purposes = {r[0] for r in q.sql("SELECT purpose FROM contact_purpose WHERE contact_id = ?", [cid]).fetchall()}
        expected = {s["name"] for s in systems.list_systems(q) if set(s["purposes"]) & purposes}
    r = reqs.add(demo_reg, "t", type="access", email=email)
    with demo_reg.read() as q:
        ts = tasks.for_request(q, r["id"])
    assert {t["system_name"] for t in ts} == expected and all(t["action"] == "search" for t in ts)
    assert "Matomo-verkkoanalytiikka" not in expected  # no IP given, not in the analytics purpose
    with pytest.raises(Refused, match="open task"):
        reqs.close(demo_reg, "t", r["id"])
    open_ = [t for t in ts if t["status"] == "open"]
    with pytest.raises(ValidationFailed, match="reason"):
        tasks.not_applicable(demo_reg, "t", open_[0]["id"], reason="  ")
    with pytest.raises(ValidationFailed, match="evidence"):
        tasks.record_manual(demo_reg, "t", open_[0]["id"], checked_by="Pekka", found=False, summary="ei", evidence="")
    with pytest.raises(ValidationFailed, match="future"):
        tasks.record_manual(demo_reg, "t", open_[0]["id"], checked_by="Pekka", found=False, summary="ei", evidence="x",
                            checked_at=dt.datetime.now() + dt.timedelta(days=2))
    for t in open_[:-1]:
        tasks.record_manual(demo_reg, "t", t["id"], checked_by="Pekka Väätänen", found=False,
                            summary="Ei löytynyt", evidence="haku 1.12.")
    with pytest.raises(Refused, match="1 open task"):
        reqs.close(demo_reg, "t", r["id"])
    tasks.not_applicable(demo_reg, "t", open_[-1]["id"], reason="Järjestelmä poistunut käytöstä")
    with pytest.raises(Refused, match="Not applicable already"):
        tasks.not_applicable(demo_reg, "t", open_[-1]["id"], reason="again")
    assert reqs.close(demo_reg, "t", r["id"])["status"] == "completed"
    with pytest.raises(Refused):  # a closed request's tasks stay as they are
        tasks.record_manual(demo_reg, "t", open_[0]["id"], checked_by="x", found=True, summary="x", evidence="x")


def test_an_unknown_person_is_searched_for_everywhere_and_an_objection_only_in_marketing_systems(demo_reg):
    r = reqs.add(demo_reg, "t", type="access", email="tuntematon.henkilo@example.fi")
    o = reqs.add(demo_reg, "t", type="objection", email="tuntematon.henkilo@example.fi")
    with demo_reg.read() as q:
        every = {s["name"] for s in systems.list_systems(q)}
        marketing = {s["name"] for s in systems.list_systems(q) if s["marketing"]}
        assert {t["system_name"] for t in tasks.for_request(q, r["id"])} == every
        ot = tasks.for_request(q, o["id"])
    assert {t["system_name"] for t in ot} == marketing and "Zendesk-tukipalvelu" not in marketing
    assert {(t["action"], t["method"]) for t in ot if t["system_kind"] != "register"} == {("stop_marketing", "manual")}
    assert [t["method"] for t in ot if t["system_kind"] == "register"] == ["register"]


def test_a_refused_request_closes_its_tasks_as_not_applicable(demo_reg):
    r = reqs.add(demo_reg, "t", type="access", email="toistuva@example.fi")
    reqs.refuse(demo_reg, "t", r["id"], reason="Ilmeisen perusteeton")
    with demo_reg.read() as q:
        assert {t["status"] for t in tasks.for_request(q, r["id"])} <= {"not_applicable", "done"}
        assert tasks.open_count(q, r["id"]) == 0


def test_erasure_makes_deletion_tasks_and_the_register_one_is_done_by_kp_erase(demo_reg, kp):
    with demo_reg.read() as q:
        _, email, _, _ = _person(q, "sales_marketing")
    r = reqs.add(demo_reg, "t", type="erasure", email=email)
    with demo_reg.read() as q:
        ts = {t["system_kind"]: t for t in tasks.for_request(q, r["id"])}
    assert {t["action"] for t in ts.values()} == {"delete"}
    assert ts["register"]["method"] == "register"
    assert ts["mailbox"]["method"] == "manual"  # the demo mailbox does not allow the connector to delete
    assert ts["crm"]["method"] == "manual"       # an export cannot delete at its source
    res = kp("erase", email, "--request", str(r["id"]), "--ground", "a", "--yes", db_path=demo_reg.path)
    assert res.returncode == 0, res.stderr
    with demo_reg.read() as q:
        t = tasks.get(q, ts["register"]["id"])
        assert t["status"] == "done" and t["found"]
        assert reqs.get(q, r["id"])["status"] != "completed"  # the other systems are still to do
    res = kp("request", "close", str(r["id"]), db_path=demo_reg.path)
    assert res.returncode != 0 and "open task" in res.stderr
    for kind in ("mailbox", "crm", "helpdesk"):
        if kind in ts:
            res = kp("request", "task-done", str(ts[kind]["id"]), "--by", "Pekka Väätänen", "--found", "yes",
                     "--summary", "Poistettu", "--evidence", "Poistokuittaus", db_path=demo_reg.path)
            assert res.returncode == 0, res.stderr
    # the tasks are done; Art. 19 still asks that each recipient is told before the request closes
    res = kp("request", "close", str(r["id"]), db_path=demo_reg.path)
    assert res.returncode != 0 and "kp request tell" in res.stderr
    with demo_reg.read() as q:
        checklist = reqs.get(q, r["id"])["art19"]
    assert checklist
    for it in checklist:
        res = kp("request", "tell", str(r["id"]), str(it["ref"]), "--kind", it["kind"], db_path=demo_reg.path)
        assert res.returncode == 0, res.stderr
    assert kp("request", "close", str(r["id"]), db_path=demo_reg.path).returncode == 0


def test_the_table_connector_finds_by_email_phone_and_name_and_the_report_includes_it(reg, kp):
    _crm_file(reg, [["Liisa Mäkelä", "LIISA.MAKELA@tampere.fi", "", "=HYPERLINK(\"http://evil\")"],
                    ["Toinen Ihminen", "toinen@example.fi", "040 123 4567", "puhelinnumerolla"],
                    ["liisa  mäkelä", "", "", "nimellä"],
                    ["Joku Muu", "muu@example.fi", "+358409999999", ""]])
    systems.add(reg, "t", {"name": "CRM-vienti", "kind": "crm", "connector": "table",
                           "settings": {"path": "crm.csv", "mapping": {"email": "Sähköposti", "phone": "Puhelin",
                                                                       "name": "Nimi"}}},
                purposes=["sales_marketing"])
    r = reqs.add(reg, "t", type="access", email="liisa.makela@tampere.fi", name="Liisa Mäkelä",
                 phone="+358401234567")
    res = kp("request", "run-tasks", str(r["id"]), db_path=reg.path)
    assert res.returncode == 0, res.stderr
    with reg.read() as q:
        t = [t for t in tasks.for_request(q, r["id"]) if t["system_kind"] == "crm"][0]
    assert t["status"] == "done" and t["match_count"] == 3
    assert [(f["row"], f["matched_by"]) for f in t["findings"]] == [(2, ["email", "name"]), (3, ["phone"]), (4, ["name"])]
    with reg.read() as q:
        data = json.loads(sar.portability_json(q, "liisa.makela@tampere.fi", request_id=r["id"]))
        csv_text = sar.portability_csv(q, "liisa.makela@tampere.fi", request_id=r["id"]).decode("utf-8-sig")
        pdf = sar.report_pdf(q, "liisa.makela@tampere.fi", request_id=r["id"], lang="fi")
    crm = [s for s in data["systems"] if s["system"] == "CRM-vienti"][0]
    assert len(crm["items"]) == 3 and crm["items"][0]["values"]["Muistiinpano"].startswith("=HYPERLINK")
    assert "'=HYPERLINK" in csv_text and "\n=HYPERLINK" not in csv_text and ",=HYPERLINK" not in csv_text
    text = _pdf_text(pdf, reg.path.parent / "r.pdf")
    assert "CRM-vienti" in text and "Tietosi yrityksen järjestelmissä" in text and "3 riviä" in text


def test_a_connector_failure_keeps_the_task_open_with_a_clear_message(reg, kp):
    systems.add(reg, "t", {"name": "CRM-vienti", "kind": "crm", "connector": "table",
                           "settings": {"path": "puuttuu.csv", "mapping": {"email": "Sähköposti"}}},
                purposes=["sales_marketing"])
    r = reqs.add(reg, "t", type="access", email="liisa.makela@tampere.fi")
    res = kp("request", "run-tasks", str(r["id"]), db_path=reg.path)
    assert res.returncode == 3 and "puuttuu.csv does not exist" in res.stdout and "liisa" not in res.stdout
    with reg.read() as q:
        t = [t for t in tasks.for_request(q, r["id"]) if t["system_kind"] == "crm"][0]
        assert t["status"] == "open" and "does not exist" in t["error"]
        ev = q.sql("SELECT detail FROM audit_log WHERE action = 'request.task.failed'").fetchall()
        assert ev and "liisa" not in ev[0][0]


def test_the_demo_shows_tasks_in_every_state(demo_reg):
    with demo_reg.read() as q:
        rows = q.sql("SELECT status, method = 'manual', error IS NOT NULL, checked_by FROM request_task").fetchall()
    states = {(s, manual, err) for s, manual, err, _ in rows}
    assert ("done", False, False) in states      # a connector found it
    assert ("done", True, False) in states       # checked by hand, with evidence
    assert ("open", False, True) in states       # a connector run failed: open, with its error
    assert ("open", False, False) in states      # a connector task not yet run
    assert ("open", True, False) in states       # a task by hand to do
    assert any(s == "not_applicable" for s, *_ in rows)


def test_secrets_come_from_the_environment_or_a_private_file_only(reg, monkeypatch):
    system = {"id": 7, "name": "Posti", "settings": {}}
    ctx = connectors.Context(reg.path)
    with pytest.raises(connectors.ConnectorError, match="KP_SYSTEM_7_PASSWORD"):
        connectors.secret(system, ctx)
    f = connectors.connectors_file(reg.path)
    f.write_text(json.dumps({"7": {"password": "salainen"}}))
    f.chmod(0o644)
    with pytest.raises(connectors.ConnectorError, match="readable by others"):
        connectors.secret(system, ctx)
    f.chmod(0o600)
    assert connectors.secret(system, ctx) == "salainen"
    monkeypatch.setenv("KP_SYSTEM_7_PASSWORD", "ympäristöstä")
    assert connectors.secret(system, ctx) == "ympäristöstä"


def _pdf_text(pdf: bytes, path) -> str:
    path.write_bytes(pdf)
    assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout


def test_erasure_module_still_closes_a_request_with_no_other_systems(reg):
    r = reqs.add(reg, "t", type="erasure", email="joku@example.fi")
    erasure.erase(reg, "t", "joku@example.fi", request_id=r["id"], ground="a", compact_file=False)
    with reg.read() as q:
        assert reqs.get(q, r["id"])["status"] == "completed"


def test_an_objection_applied_in_the_register_completes_its_task_there(demo_reg, kp):
    with demo_reg.read() as q:
        _, email, _, _ = _person(q, "sales_marketing")
    o = reqs.add(demo_reg, "t", type="objection", email=email)
    with demo_reg.read() as q:
        ts = {t["system_kind"]: t for t in tasks.for_request(q, o["id"])}
    assert ts["register"]["method"] == "register" and ts["crm"]["method"] == "manual"
    res = kp("request", "run-tasks", str(o["id"]), "--task", str(ts["register"]["id"]), db_path=demo_reg.path)
    assert res.returncode == 0, res.stderr
    with demo_reg.read() as q:
        t = tasks.get(q, ts["register"]["id"])
        left = q.sql("SELECT count(*) FROM contact_purpose cp JOIN contact c ON c.id = cp.contact_id "
                     "WHERE c.email = ? AND cp.purpose = 'sales_marketing'", [email]).fetchall()[0][0]
    assert t["status"] == "done" and t["found"] and left == 0


def test_the_table_connector_reads_xlsx_and_names_a_missing_column(reg):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Contact name", "E-mail", "Mobile"])
    ws.append(["Liisa Mäkelä", "liisa.makela@tampere.fi", "0401234567"])
    ws.append(["Other", "other@example.fi", None])
    wb.save(reg.path.parent / "newsletter.xlsx")
    system = {"id": 9, "name": "Uutiskirje", "connector": "table", "allow_delete": False,
              "settings": {"path": "newsletter.xlsx", "mapping": {"email": "E-mail", "phone": "Mobile"}}}
    conn = connectors.for_system(system, connectors.Context(reg.path))
    res = conn.search(connectors.Person(phones=("+358401234567",)))
    assert res.count == 1 and res.items[0]["row"] == 2 and res.items[0]["matched_by"] == ["phone"]
    system["settings"]["mapping"]["name"] = "Nimi"
    with pytest.raises(connectors.ConnectorError, match="'Nimi'"):
        connectors.for_system(system, connectors.Context(reg.path)).search(connectors.Person(emails=("x@y.fi",)))
    with pytest.raises(connectors.ConnectorError, match="cannot erase"):
        conn.delete(connectors.Person(emails=("x@y.fi",)))
