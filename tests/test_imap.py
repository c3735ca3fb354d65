"""The IMAP connector against a real Dovecot (tests/dovecot.py): findings, not found, a hostile
subject, a refused login, a server that is down, TLS with a self-signed certificate, and deletion."""
from __future__ import annotations

import datetime as dt
import imaplib
import json
import ssl
import subprocess

import pytest

import dovecot
from kpcore import connectors, sar, systems, tasks, workflow
from kpcore import requests as reqs

pytestmark = pytest.mark.skipif(not dovecot.available(), reason="needs /usr/sbin/dovecot (dovecot-imapd) and root")

LIISA = "liisa.makela@tampere.fi"
HOSTILE = '=HYPERLINK("http://evil.example/x") <b>lihava</b> \x1b[31mpunainen'
FI = dt.timezone(dt.timedelta(hours=2))


@pytest.fixture(scope="module")
def server():
    s = dovecot.DovecotServer()
    m = s.message
    s.add("INBOX", m(subject="Tarjouspyyntö: projektinhallinnan koulutus", sender=f"Liisa Mäkelä <{LIISA}>",
                     to="myynti@kuntaplus.fi", date=dt.datetime(2026, 3, 2, 10, 15, tzinfo=FI)))
    s.add("INBOX", m(subject="Kokousmuistio", sender="Matti Virtanen <matti.virtanen@hel.fi>", to="tuki@kuntaplus.fi",
                     cc=f"{LIISA}, Pekka <pekka.vaatanen@kuntaplus.fi>", date=dt.datetime(2026, 4, 9, 8, 0, tzinfo=FI)))
    s.add("INBOX", m(subject=HOSTILE, sender=LIISA, to="myynti@kuntaplus.fi",
                     date=dt.datetime(2026, 5, 20, 12, 0, tzinfo=FI)))
    s.add("INBOX", m(subject="Laskutus", sender="kirjanpito@kuntaplus.fi", to="myynti@kuntaplus.fi",
                     body=f"Lähetä lasku osoitteeseen {LIISA}", date=dt.datetime(2026, 6, 1, 9, 0, tzinfo=FI)))
    s.add("INBOX", m(subject="Uutiskirje", sender="uutiset@example.fi", to="myynti@kuntaplus.fi"))
    s.add("Lähetetyt", m(subject="Vs: Tarjouspyyntö: projektinhallinnan koulutus", sender="myynti@kuntaplus.fi",
                         to=f"Liisa Mäkelä <{LIISA}>", date=dt.datetime(2026, 3, 3, 14, 30, tzinfo=FI)))
    s.start()
    yield s
    s.stop()


def _mailbox(reg, server, monkeypatch, *, allow_delete=False, password=dovecot.PASSWORD, **settings):
    s = systems.add(reg, "t", {"name": "Sähköposti", "kind": "mailbox", "connector": "imap",
                               "settings": server.settings(**settings), "allow_delete": allow_delete},
                    purposes=["sales_marketing", "expert_admin", "expert_user"])
    monkeypatch.setenv(f"KP_SYSTEM_{s['id']}_PASSWORD", password)
    return s


def _task(reg, rid, kind="mailbox"):
    with reg.read() as q:
        return [t for t in tasks.for_request(q, rid) if t["system_kind"] == kind][0]


def test_the_search_finds_from_to_and_cc_in_every_folder_over_tls(reg, server, monkeypatch):
    _mailbox(reg, server, monkeypatch)
    r = reqs.add(reg, "t", type="access", email=LIISA.upper())
    t = workflow.run_task(reg, "t", _task(reg, r["id"])["id"])
    assert t["status"] == "done" and t["found"] and t["match_count"] == 4
    by_subject = {m["subject"]: m for m in t["findings"]}
    assert set(by_subject) == {"Tarjouspyyntö: projektinhallinnan koulutus", "Kokousmuistio", HOSTILE,
                               "Vs: Tarjouspyyntö: projektinhallinnan koulutus"}
    sent = by_subject["Vs: Tarjouspyyntö: projektinhallinnan koulutus"]
    assert sent["folder"] == "Lähetetyt" and sent["date"].startswith("2026-03-03T14:30")
    assert sent["correspondents"] == ["myynti@kuntaplus.fi"]
    meeting = by_subject["Kokousmuistio"]
    assert meeting["correspondents"] == ["Matti Virtanen <matti.virtanen@hel.fi>", "tuki@kuntaplus.fi",
                                         "Pekka <pekka.vaatanen@kuntaplus.fi>"]
    assert "Laskutus" not in by_subject  # body search is off by default
    assert "4 viestiä 2 kansiossa" in t["summary"]


def test_the_body_search_is_optional(reg, server, monkeypatch):
    _mailbox(reg, server, monkeypatch, body=True)
    r = reqs.add(reg, "t", type="access", email=LIISA)
    t = workflow.run_task(reg, "t", _task(reg, r["id"])["id"])
    assert t["match_count"] == 5 and "Laskutus" in {m["subject"] for m in t["findings"]}


def test_not_found(reg, server, monkeypatch):
    _mailbox(reg, server, monkeypatch)
    r = reqs.add(reg, "t", type="access", email="ei.ketaan@example.fi")
    t = workflow.run_task(reg, "t", _task(reg, r["id"])["id"])
    assert t["status"] == "done" and not t["found"] and t["match_count"] == 0 and t["findings"] == []


def test_a_hostile_address_cannot_inject_imap_commands(reg, server, monkeypatch):
    s = _mailbox(reg, server, monkeypatch)
    conn = connectors.for_system(_system(reg, s["id"]), connectors.Context(reg.path))
    res = conn.search(connectors.Person(emails=('x" OR ALL "',)))
    assert res.count == 0  # the quote is escaped: a search for that odd text, not for every message
    with pytest.raises(connectors.ConnectorError, match="line break"):
        conn.search(connectors.Person(emails=("a@b.fi\r\nA1 DELETE INBOX",)))


def _system(reg, sid):
    with reg.read() as q:
        return systems.find(q, sid)


def test_a_hostile_subject_is_data_in_the_report_the_copy_and_the_terminal(reg, server, monkeypatch, kp, tmp_path):
    s = _mailbox(reg, server, monkeypatch)
    r = reqs.add(reg, "t", type="access", email=LIISA)
    tid = _task(reg, r["id"])["id"]
    res = kp("request", "run-tasks", str(r["id"]), db_path=reg.path,
             env={f"KP_SYSTEM_{s['id']}_PASSWORD": dovecot.PASSWORD})
    assert res.returncode == 0, res.stderr + res.stdout
    with reg.read() as q:
        assert tasks.get(q, tid)["match_count"] == 4
        pdf = sar.report_pdf(q, LIISA, request_id=r["id"], lang="fi")
        csv_text = sar.portability_csv(q, LIISA, request_id=r["id"]).decode("utf-8-sig")
        data = json.loads(sar.portability_json(q, LIISA, request_id=r["id"]))
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    assert "<b>lihava</b>" in text and "Lähetetyt" in text and "Sähköposti" in text
    assert "\x1b" not in text
    assert "'=HYPERLINK" in csv_text
    assert HOSTILE in [m["subject"] for m in data["systems"][0]["items"]]
    shown = kp("request", "tasks", str(r["id"]), db_path=reg.path, check=True).stdout
    assert "\x1b" not in shown


def test_a_refused_login_and_a_server_that_is_down_leave_the_task_open_with_a_clear_message(reg, server, monkeypatch):
    _mailbox(reg, server, monkeypatch, password="väärä")
    r = reqs.add(reg, "t", type="access", email=LIISA)
    tid = _task(reg, r["id"])["id"]
    with pytest.raises(connectors.ConnectorError, match="refused the login") as exc:
        workflow.run_task(reg, "t", tid)
    assert LIISA not in str(exc.value)
    with reg.read() as q:
        t = tasks.get(q, tid)
    assert t["status"] == "open" and "refused the login" in t["error"]
    port = dovecot._free_port()  # nothing listens there
    systems.update(reg, "t", "Sähköposti", {"settings": {**server.settings(), "port": port}})
    with pytest.raises(connectors.ConnectorError, match="not answering"):
        workflow.run_task(reg, "t", tid)
    with reg.read() as q:
        t = tasks.get(q, tid)
        assert t["status"] == "open" and "not answering" in t["error"] and "stays open" in t["error"]


def test_tls_is_checked_against_the_certificate(reg, server, monkeypatch):
    settings = server.settings()
    del settings["cafile"]  # the self-signed certificate is not trusted without it
    s = systems.add(reg, "t", {"name": "Posti", "kind": "mailbox", "connector": "imap", "settings": settings},
                    purposes=["sales_marketing"])
    monkeypatch.setenv(f"KP_SYSTEM_{s['id']}_PASSWORD", dovecot.PASSWORD)
    conn = connectors.for_system(_system(reg, s["id"]), connectors.Context(reg.path))
    with pytest.raises(connectors.ConnectorError, match="TLS"):
        conn.test()


def test_erasure_moves_to_trash_and_expunges_only_when_allowed(reg, monkeypatch):
    srv = dovecot.DovecotServer()
    m = srv.message
    srv.add("INBOX", m(subject="Poistettava 1", sender=LIISA, to="myynti@kuntaplus.fi"))
    srv.add("INBOX", m(subject="Säilyvä", sender="muu@example.fi", to="myynti@kuntaplus.fi"))
    srv.add("Lähetetyt", m(subject="Poistettava 2", sender="myynti@kuntaplus.fi", to=LIISA))
    srv.start()
    try:
        s = _mailbox(reg, srv, monkeypatch, allow_delete=False)
        r = reqs.add(reg, "t", type="erasure", email=LIISA)
        assert _task(reg, r["id"])["method"] == "manual"  # not allowed: the DPO deletes by hand
        tasks.not_applicable(reg, "t", _task(reg, r["id"])["id"], reason="testi")
        systems.update(reg, "t", s["id"], {"allow_delete": True})
        r2 = reqs.add(reg, "t", type="erasure", email=LIISA)
        t = _task(reg, r2["id"])
        assert t["method"] == "imap"
        t = workflow.run_task(reg, "t", t["id"])
        assert t["status"] == "done" and t["match_count"] == 2
        ctx = ssl.create_default_context(cafile=str(srv.cert))
        c = imaplib.IMAP4_SSL("localhost", srv.tls_port, ssl_context=ctx)
        c.login(dovecot.USER, dovecot.PASSWORD)
        left = {}
        for folder in ("INBOX", "L&AOQ-hetetyt", "Trash"):
            c.select(folder, readonly=True)
            left[folder] = len(c.search(None, "ALL")[1][0].split())
        c.logout()
        assert left == {"INBOX": 1, "L&AOQ-hetetyt": 0, "Trash": 0}
    finally:
        srv.stop()
