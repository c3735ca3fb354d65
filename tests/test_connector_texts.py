"""Issue 18 §1 (every user-facing text a catalog message; no English on a Finnish or Swedish screen)
for the connectors of issue 14: a connector's failures (a refused login, a server that is down, a
missing export file, bad settings) and its connection test's result read in the reader's language,
on the terminal (`kp system test`, KP_LANG) and on the Systems view; `str(exc)` stays English (the
task's stored error, --json). Real Dovecot as in tests/test_imap.py (tests/dovecot.py)."""
from __future__ import annotations

import pytest

import dovecot
from conftest import app_test
from kpcore import connectors, systems
from kpcore.errors import Problem, ValidationFailed

needs_dovecot = pytest.mark.skipif(not dovecot.available(), reason="needs /usr/sbin/dovecot (dovecot-imapd) and root")

REFUSED = {
    "en": "the server refused the login of the account in the settings; check the user and the password",
    "fi": "palvelin hylkäsi asetuksissa olevan käyttäjätunnuksen kirjautumisen; tarkista käyttäjätunnus ja salasana",
    "sv": "servern nekade inloggningen för kontot i inställningarna; kontrollera användarnamnet och lösenordet",
}
DOWN = {
    "en": "the server is not answering (connection refused); the task stays open, try again later",
    "fi": "palvelin ei vastaa (yhteyspyyntö hylättiin); tehtävä jää avoimeksi, yritä myöhemmin uudelleen",
    "sv": "servern svarar inte (anslutningen nekades); uppgiften förblir öppen, försök på nytt senare",
}
SYSTEM = {"en": "system", "fi": "järjestelmä", "sv": "system"}


@pytest.fixture(scope="module")
def server():
    s = dovecot.DovecotServer()
    s.add("INBOX", s.message(subject="Tarjous", sender="liisa.makela@tampere.fi", to="myynti@kuntaplus.fi"))
    s.add("Lähetetyt", s.message(subject="Vs: Tarjous", sender="myynti@kuntaplus.fi", to="liisa.makela@tampere.fi"))
    s.start()
    yield s
    s.stop()


def _mailbox(reg, settings: dict, monkeypatch, password: str = dovecot.PASSWORD) -> dict:
    s = systems.add(reg, "t", {"name": "Sähköposti", "kind": "mailbox", "connector": "imap", "settings": settings},
                    purposes=["sales_marketing"])
    monkeypatch.setenv(f"KP_SYSTEM_{s['id']}_PASSWORD", password)
    return s


def _where(s: dict, settings: dict, lang: str) -> str:
    return f"{SYSTEM[lang]} {s['id']} ({settings['host']}:{settings['port']}): "


def _down(reg, monkeypatch) -> tuple[dict, dict]:
    """A mailbox on a loopback port nothing listens on (no Dovecot needed)."""
    settings = {"host": "localhost", "port": dovecot._free_port(), "tls": "ssl", "user": "tietosuoja"}
    return _mailbox(reg, settings, monkeypatch), settings


@needs_dovecot
def test_a_refused_login_reads_in_finnish_and_swedish_and_stays_english_in_str(reg, server, monkeypatch):
    settings = server.settings()
    s = _mailbox(reg, settings, monkeypatch, password="väärä-salasana")
    conn = connectors.for_system(s, connectors.Context(reg.path))
    with pytest.raises(connectors.ConnectorError) as caught:
        conn.test()
    exc = caught.value
    for lang in ("fi", "sv", "en"):
        assert exc.text(lang) == _where(s, settings, lang) + REFUSED[lang]
    assert str(exc) == _where(s, settings, "en") + REFUSED["en"]  # as before: the stored error, the tests
    assert "väärä-salasana" not in exc.text("fi") + str(exc)  # the password is never a parameter


def test_a_server_that_is_down_reads_in_finnish_and_swedish(reg, monkeypatch):
    s, settings = _down(reg, monkeypatch)
    with pytest.raises(connectors.ConnectorError) as caught:
        connectors.for_system(s, connectors.Context(reg.path)).test()
    assert caught.value.text("fi") == _where(s, settings, "fi") + DOWN["fi"]
    assert caught.value.text("sv") == _where(s, settings, "sv") + DOWN["sv"]
    assert str(caught.value) == _where(s, settings, "en") + DOWN["en"]


def test_an_unknown_host_and_a_missing_password_are_said_in_finnish(reg, monkeypatch):
    settings = {"host": "ei-ole-olemassa.invalid", "port": 993, "user": "u"}
    s = _mailbox(reg, settings, monkeypatch)
    with pytest.raises(connectors.ConnectorError) as caught:
        connectors.for_system(s, connectors.Context(reg.path)).test()
    assert caught.value.text("fi") == (_where(s, settings, "fi") + "palvelimen nimeä ei tunneta (DNS); tarkista "
                                       "host-asetus; tehtävä jää avoimeksi")
    monkeypatch.delenv(f"KP_SYSTEM_{s['id']}_PASSWORD")
    with pytest.raises(connectors.ConnectorError) as caught:
        connectors.for_system(s, connectors.Context(reg.path)).test()
    path = connectors.connectors_file(reg.path)
    example = '{"%s": {"password": "..."}}' % s["id"]
    assert str(caught.value) == (f"system {s['id']}: no password; set the environment variable KP_SYSTEM_{s['id']}"
                                 f"_PASSWORD or add {example} to {path} (mode 600)")
    assert caught.value.text("fi") == (f"järjestelmä {s['id']}: salasanaa ei ole; aseta ympäristömuuttuja "
                                       f"KP_SYSTEM_{s['id']}_PASSWORD tai lisää {example} tiedostoon {path} "
                                       "(oikeudet 600)")
    path.write_text("[]")
    path.chmod(0o600)
    with pytest.raises(connectors.ConnectorError) as caught:  # valid JSON, but not the object it must be
        connectors.for_system(s, connectors.Context(reg.path)).test()
    assert caught.value.text("sv") == f"{path} är inte giltig JSON"


def test_the_table_connectors_failures_and_test_read_in_finnish_and_swedish(reg):
    system = {"id": 9, "name": "CRM", "connector": "table", "allow_delete": False,
              "settings": {"path": "crm.csv", "mapping": {"email": "Sähköposti", "name": "Nimi"}}}
    conn = connectors.for_system(system, connectors.Context(reg.path))
    with pytest.raises(connectors.ConnectorError) as caught:
        conn.test()
    missing = reg.path.parent / "crm.csv"
    assert str(caught.value) == f"system 9: the export file {missing} does not exist"
    assert caught.value.text("fi") == f"järjestelmä 9: vientitiedostoa {missing} ei ole"
    assert caught.value.text("sv") == f"system 9: exportfilen {missing} finns inte"
    missing.write_text("Sähköposti;Puhelin\nliisa.makela@tampere.fi;0401234567\n", encoding="utf-8")
    with pytest.raises(connectors.ConnectorError) as caught:
        conn.test()
    assert caught.value.text("fi") == "järjestelmä 9: viennissä ei ole mapping-asetuksessa nimettyjä sarakkeita 'Nimi'"
    system["settings"]["mapping"] = {"email": "Sähköposti"}
    status = connectors.for_system(system, connectors.Context(reg.path)).test()
    assert str(status) == "crm.csv: 1 row, columns found: Sähköposti"
    assert status.text("fi") == "crm.csv: 1 rivi, löydetyt sarakkeet: Sähköposti"
    assert status.text("sv") == "crm.csv: 1 rad, hittade kolumner: Sähköposti"
    missing.write_text("Sähköposti\na@b.fi\nc@d.fi\n", encoding="utf-8")
    assert status.__class__ is connectors.Status
    assert connectors.for_system(system, connectors.Context(reg.path)).test().text("fi") == (
        "crm.csv: 2 riviä, löydetyt sarakkeet: Sähköposti")
    with pytest.raises(connectors.ConnectorError) as caught:
        conn.delete(connectors.Person(emails=("a@b.fi",)))
    assert caught.value.text("sv").startswith("system 9: en exportfil kan inte radera uppgifterna i källsystemet")
    with pytest.raises(connectors.ConnectorError) as caught:
        connectors.for_system({"id": 4, "connector": "manual"}, connectors.Context(reg.path))
    assert caught.value.text("fi") == "järjestelmässä 4 pyyntö toteutetaan käsin; kirjaa tarkistuksen tulos"


def test_the_registers_own_test_counts_in_the_readers_language(reg):
    status = connectors.for_system({"id": 1, "connector": "register"}, connectors.Context(reg.path)).test()
    assert str(status) == f"register {reg.path.name}: 0 contacts"
    assert status.text("fi") == f"rekisteri {reg.path.name}: 0 yhteyshenkilöä"
    assert status.text("sv") == f"registret {reg.path.name}: 0 kontaktpersoner"


def test_refused_connector_settings_are_catalog_messages_in_finnish_and_swedish(reg):
    # kpcore.systems refuses a system with these reasons as Problems of the field "settings"; a plain
    # Problem whose reason is a catalog message reads in the reader's language (kpcore.errors)
    reasons = connectors.check_settings("imap", {"user": "u", "tls": "sometimes", "port": 0})
    assert reasons == ['an IMAP connector needs "host"', "tls must be one of ssl, starttls, none",
                       "port must be a number 1-65535"]
    fi = [Problem(0, "settings", r).reason_in("fi") for r in reasons]
    assert fi == ['IMAP-liitin tarvitsee asetuksen "host"', "tls-asetuksen on oltava jokin seuraavista: ssl, "
                  "starttls, none", "portin on oltava luku väliltä 1–65535"]
    sv = [Problem(0, "settings", r).reason_in("sv") for r in reasons]
    assert sv == ['en IMAP-koppling behöver "host"', "tls ska vara något av: ssl, starttls, none",
                  "porten ska vara ett tal mellan 1 och 65535"]
    every = (connectors.check_settings("imap", {"host": "mail.example.fi", "tls": "none", "folders": "INBOX"})
             + connectors.check_settings("table", {}) + connectors.check_settings("table", {"path": "a.csv",
                                                                                        "mapping": {"sotu": "S"}})
             + connectors.check_settings("table", {"path": "a.csv", "mapping": {"email": "E", "sotu": "S"}})
             + connectors.check_settings("imap", []))
    assert connectors.check_settings("imap", {"host": "h", "user": "u", "timeout": "20"}) == [
        "timeout must be a number of seconds, at most 600"]
    assert connectors.check_settings("imap", {"host": "h", "user": "u", "timeout": 0.5}) == []
    every += connectors.check_settings("imap", {"host": "h", "user": "u", "timeout": 601})
    assert len(every) == 9
    for reason in every:  # each one has its own Finnish and Swedish text
        assert Problem(0, "settings", reason).reason_in("fi") != reason
        assert Problem(0, "settings", reason).reason_in("sv") not in (reason, Problem(0, "s", reason).reason_in("fi"))
    with pytest.raises(ValidationFailed) as caught:  # the register refuses them: English str, Finnish text
        systems.add(reg, "t", {"name": "Posti", "kind": "mailbox", "connector": "imap",
                               "settings": {"user": "u", "tls": "sometimes", "port": 0}}, purposes=["sales_marketing"])
    assert "  settings: tls must be one of ssl, starttls, none" in str(caught.value).splitlines()
    assert caught.value.text("fi").splitlines()[1:] == ["  liittimen asetukset: " + r for r in fi]
    assert caught.value.text("sv").splitlines()[1:] == ["  anslutningens inställningar: " + r for r in sv]


def test_the_systems_view_refuses_bad_connector_settings_in_finnish(reg):
    at = app_test("systems", reg.path, lang="fi")
    at.run()
    form = [w for w in at.text_input if w.label == "Nimi"][0]
    form.input("Posti")
    next(b for b in at.selectbox if b.label == "Pyynnöt toteutetaan").set_value("imap")
    next(a for a in at.text_area if a.label.startswith("Liittimen asetukset")).input('{"user": "u", "port": 0}')
    next(m for m in at.multiselect if m.label == "Käyttötarkoitukset").select("sales_marketing")
    next(b for b in at.button if b.label == "Tallenna").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = "\n".join(_shown(e) for e in at.error)
    assert 'IMAP-liitin tarvitsee asetuksen "host"' in shown and "portin on oltava luku väliltä 1–65535" in shown, shown
    assert "IMAP connector" not in shown and "must be" not in shown
    with reg.read() as q:
        assert [x["kind"] for x in systems.list_systems(q)] == ["register"]  # nothing was saved


@needs_dovecot
@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_kp_system_test_speaks_the_terminals_language(reg, server, monkeypatch, kp, lang):
    settings = server.settings()
    s = _mailbox(reg, settings, monkeypatch)
    env = {"KP_LANG": lang, f"KP_SYSTEM_{s['id']}_PASSWORD": dovecot.PASSWORD}
    res = kp("system", "test", str(s["id"]), db_path=reg.path, env=env)
    assert res.returncode == 0, res.stderr
    n = connectors.for_system(s, connectors.Context(reg.path)).test().params["n"]  # INBOX, Lähetetyt, Dovecot's own
    assert n >= 2
    works = {"fi": f"kirjautuminen toimii, {n} kansiota", "sv": f"inloggningen fungerar, {n} mappar"}[lang]
    assert res.stdout.strip() == _where(s, settings, lang) + works
    res = kp("system", "test", str(s["id"]), db_path=reg.path, env={**env, f"KP_SYSTEM_{s['id']}_PASSWORD": "väärä"})
    assert res.returncode == 1 and res.stderr.strip() == "kp: " + _where(s, settings, lang) + REFUSED[lang]
    port = dovecot._free_port()
    systems.update(reg, "t", s["id"], {"settings": {**settings, "port": port}})
    res = kp("system", "test", str(s["id"]), db_path=reg.path, env=env)
    assert res.returncode == 1
    assert res.stderr.strip() == "kp: " + _where(s, {**settings, "port": port}, lang) + DOWN[lang]


def test_kp_system_test_in_english_keeps_the_english_text(reg, monkeypatch, kp):
    s, settings = _down(reg, monkeypatch)
    res = kp("system", "test", str(s["id"]), db_path=reg.path, env={"KP_LANG": "en"})
    assert res.returncode == 1 and res.stderr.strip() == "kp: " + _where(s, settings, "en") + DOWN["en"]


def _test_button(reg, lang: str, system_id: int):
    at = app_test("systems", reg.path, lang=lang)
    at.run()
    at.selectbox(key="system_pick").select(system_id)
    at.run()
    at.button(key="system_test").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _shown(element) -> str:
    from conftest import shown

    return shown(element.value)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_systems_view_shows_a_connector_failure_in_the_screens_language(reg, monkeypatch, lang):
    s, settings = _down(reg, monkeypatch)
    at = _test_button(reg, lang, s["id"])
    errors = [_shown(e) for e in at.error]
    assert errors == [_where(s, settings, lang) + DOWN[lang]], errors
    assert not at.success


def test_the_systems_view_shows_the_connection_test_in_finnish(reg):
    at = _test_button(reg, "fi", 1)  # the register's own system
    assert [_shown(e) for e in at.success] == [f"rekisteri {reg.path.name}: 0 yhteyshenkilöä"]


# -- a failed run stored with the task: said in the reader's language where the task is shown ---------

def _failed_task(reg, monkeypatch) -> tuple[dict, dict, int]:
    """A request whose mailbox task's run failed (nothing listens on the port): the task stays open."""
    from kpcore import requests as reqs
    from kpcore import tasks, workflow

    s, settings = _down(reg, monkeypatch)
    r = reqs.add(reg, "t", type="access", email="liisa.makela@tampere.fi")
    with reg.read() as q:
        task = [t for t in tasks.for_request(q, r["id"]) if t["system_kind"] == "mailbox"][0]
    with pytest.raises(connectors.ConnectorError):
        workflow.run_task(reg, "t", task["id"])
    with reg.read() as q:
        task = tasks.get(q, task["id"])
    return {**s, "settings": settings}, task, r["id"]


def test_a_stored_failure_reads_in_finnish_and_swedish_and_stays_english_in_error(reg, monkeypatch):
    from kpcore.connectors import summary

    s, task, _ = _failed_task(reg, monkeypatch)
    assert task["status"] == "open"
    assert task["error"] == _where(s, s["settings"], "en") + DOWN["en"]  # the stored text, --json: as before
    assert summary.error(task, "fi") == _where(s, s["settings"], "fi") + DOWN["fi"]
    assert summary.error(task, "sv") == _where(s, s["settings"], "sv") + DOWN["sv"]
    assert "liisa" not in task["error_data"]  # ids, host and port only
    # a failure stored by an older kpcore (no data) or data that is not this kpcore's message: as written
    assert summary.error({**task, "error_data": None}, "fi") == task["error"]
    odd = '{"msgid": "{host.__class__}", "params": {"host": "x"}}'
    assert summary.error({**task, "error_data": odd}, "fi") == task["error"]
    assert summary.error({**task, "error_data": "not json"}, "sv") == task["error"]
    other = task["error_data"].replace(str(s["settings"]["port"]), "1")  # data that does not say the stored text
    assert summary.error({**task, "error_data": other}, "fi") == task["error"]


def test_the_request_page_shows_the_stored_failure_in_finnish(reg, monkeypatch):
    s, task, rid = _failed_task(reg, monkeypatch)
    at = app_test("requests", reg.path, lang="fi")
    at.query_params["request"] = str(rid)
    at.run()
    at.selectbox(key="task_pick").select(task["id"])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    warnings = [_shown(w) for w in at.warning]
    assert _where(s, s["settings"], "fi") + DOWN["fi"] in warnings, warnings
    assert not any("not answering" in w for w in warnings)
    table = at.dataframe[0].value
    assert _where(s, s["settings"], "fi") + DOWN["fi"] in " ".join(map(str, table.to_numpy().ravel()))


def test_kp_request_tasks_and_run_tasks_say_the_failure_in_finnish(reg, monkeypatch, kp):
    s, task, rid = _failed_task(reg, monkeypatch)
    env = {"KP_LANG": "fi", f"KP_SYSTEM_{s['id']}_PASSWORD": "x"}
    shown = kp("request", "tasks", str(rid), db_path=reg.path, env=env, check=True).stdout
    assert "viimeisin ajo epäonnistui: " + _where(s, s["settings"], "fi") + DOWN["fi"] in shown
    assert f"tehtävä {task['id']}: Haku järjestelmässä Sähköposti [imap] – Avoin (viimeisin ajo" in shown
    sv = kp("request", "tasks", str(rid), db_path=reg.path, env={**env, "KP_LANG": "sv"}, check=True).stdout
    assert f"{task['id']}: Sökning" in sv and "Öppen" in sv and DOWN["sv"] in sv
    res = kp("request", "run-tasks", str(rid), db_path=reg.path, env=env)
    assert res.returncode == 3
    assert f"tehtävä {task['id']}: Haku, järjestelmä {s['id']}" in res.stderr  # the progress line
    assert f"  tehtävä {task['id']}: " + _where(s, s["settings"], "fi") + DOWN["fi"] in res.stdout.splitlines()
    res = kp("request", "run-tasks", str(rid), "--task", str(task["id"]), db_path=reg.path, env=env)
    assert res.returncode == 3 and res.stderr.strip().splitlines()[-1] == "kp: " + _where(s, s["settings"], "fi") + DOWN["fi"]
    res = kp("request", "run-tasks", str(rid), "--json", db_path=reg.path, env=env)
    assert _where(s, s["settings"], "en") + DOWN["en"] in res.stdout  # --json keeps the English text


def test_the_demos_failed_mailbox_task_reads_in_finnish(demo_reg):
    from kpcore.connectors import summary

    with demo_reg.read() as q:
        rows = q.sql("SELECT error, error_data FROM request_task WHERE error IS NOT NULL").fetchall()
    assert rows
    for error, data in rows:
        task = {"error": error, "error_data": data}
        assert summary.error(task, "fi").startswith("järjestelmä ") and "salasanaa ei ole" in summary.error(task, "fi")
        assert "inget lösenord" in summary.error(task, "sv") and "no password" in error


@pytest.mark.parametrize("lang,kind,how,retention", [
    ("fi", "(Sähköposti)", "pyynnöt toteutetaan: IMAP-postilaatikko", "säilytysaika: Viestit poistetaan"),
    ("sv", "(E-post)", "begäranden verkställs: IMAP-postlåda", "lagringstid: Meddelandena raderas"),
    ("en", "(Mailbox)", "requests carried out: IMAP mailbox", "retention: Messages are deleted"),
])
def test_kp_system_show_names_kind_connector_and_retention_in_the_terminals_language(demo_reg, kp, lang, kind, how,
                                                                                   retention):
    with demo_reg.read() as q:
        mailbox = next(s for s in systems.list_systems(q) if s["kind"] == "mailbox")
    lines = kp("system", "show", str(mailbox["id"]), db_path=demo_reg.path, env={"KP_LANG": lang},
               check=True).stdout.splitlines()
    assert lines[0].endswith(kind)
    assert any(line.strip().startswith(how) for line in lines), lines
    assert any(line.strip().startswith(retention) for line in lines), lines


@needs_dovecot
def test_an_untrusted_certificate_reads_in_finnish_and_swedish(reg, server, monkeypatch):
    settings = server.settings()
    del settings["cafile"]  # Dovecot's self-signed certificate is not trusted without it
    s = _mailbox(reg, settings, monkeypatch)
    with pytest.raises(connectors.ConnectorError) as caught:
        connectors.for_system(s, connectors.Context(reg.path)).test()
    reason = caught.value.params["reason"]
    assert reason == "CERTIFICATE_VERIFY_FAILED"
    assert caught.value.text("fi") == (_where(s, settings, "fi") + f"TLS-yhteys epäonnistui ({reason}); tarkista "
                                       "varmenne tai cafile-asetus")
    assert caught.value.text("sv") == (_where(s, settings, "sv") + f"TLS-anslutningen misslyckades ({reason}); "
                                       "kontrollera certifikatet eller inställningen cafile")


def test_a_server_that_never_answers_times_out_in_finnish(reg, monkeypatch):
    import socket

    with socket.socket() as silent:  # accepts the connection (backlog) and never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        settings = {"host": "127.0.0.1", "port": silent.getsockname()[1], "tls": "none", "user": "u", "timeout": 1}
        s = _mailbox(reg, settings, monkeypatch)
        with pytest.raises(connectors.ConnectorError) as caught:
            connectors.for_system(s, connectors.Context(reg.path)).test()
    assert caught.value.text("fi") == _where(s, settings, "fi") + ("palvelin ei vastannut 1 sekunnissa; tehtävä jää "
                                                                    "avoimeksi")
    assert caught.value.text("sv") == _where(s, settings, "sv") + "servern svarade inte inom 1 s; uppgiften förblir öppen"
    assert str(caught.value) == _where(s, settings, "en") + "the server did not answer in 1 s; the task stays open"
