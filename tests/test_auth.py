"""Users, passwords, lockout, roles, and the dashboard's sign-in gate."""
from __future__ import annotations

import datetime as dt
import os
import sys
import time

import pytest

from conftest import ROOT, app_test
from kpcore import audit, auth
from kpcore.errors import KpError, NotFound, Refused


def _all_audit_text(reg) -> str:
    with reg.read() as q:
        rows = q.sql("SELECT * FROM audit_log").fetchall()
    return "\n".join(" ".join(str(v) for v in r) for r in rows)


def _events(reg, action):
    with reg.read() as q:
        return audit.events(q, action=action, limit=1000)


def test_passwords_are_stored_only_as_argon2_hashes(reg):
    auth.add_user(reg, "pekka", "dpo", "Salainen-123")
    with reg.read() as q:
        stored = q.sql("SELECT password_hash FROM app_user WHERE name = 'pekka'").fetchall()[0][0]
        listed = auth.list_users(q)
    assert stored.startswith("$argon2id$") and "Salainen-123" not in stored
    assert listed == [{"name": "pekka", "role": "dpo", "disabled": False, "failed_count": 0, "locked_until": None,
                       "created_at": listed[0]["created_at"]}]
    auth.add_user(reg, "other", "viewer", "Salainen-123")
    with reg.read() as q:
        hashes = [r[0] for r in q.sql("SELECT password_hash FROM app_user").fetchall()]
    assert hashes[0] != hashes[1]  # salted


# The real argon2 parameters, the upgrade of cheap hashes and the test-only cheap profile:
# tests/test_password_policy.py.


def test_user_names_roles_and_passwords_are_checked(reg):
    for name in ["", "Pekka", "a b", "x" * 65, "<script>", "'; DROP TABLE app_user; --", "-x"]:
        with pytest.raises(KpError, match="user name"):
            auth.add_user(reg, name, "dpo", "password-pitka-1")
    with pytest.raises(KpError, match="role"):
        auth.add_user(reg, "pekka", "admin", "password-pitka-1")
    with pytest.raises(KpError, match="password"):
        auth.add_user(reg, "pekka", "dpo", "abc")
    with pytest.raises(KpError, match="line breaks"):
        auth.add_user(reg, "pekka", "dpo", "abcd\nefg")
    auth.add_user(reg, "pekka", "dpo", "password-pitka-1")
    with pytest.raises(Refused, match="exists already"):
        auth.add_user(reg, "pekka", "viewer", "password-pitka-1")
    with pytest.raises(NotFound):
        auth.set_password(reg, "nobody", "password-pitka-1")
    with reg.read() as q:
        assert [u["name"] for u in auth.list_users(q)] == ["pekka"]


def test_every_sign_in_is_audited_and_no_password_reaches_the_log(reg):
    auth.add_user(reg, "pekka", "dpo", "oikea-salasana")
    assert auth.sign_in(reg, "pekka", "oikea-salasana") == auth.User("pekka", "dpo")
    with pytest.raises(auth.SignInFailed) as err:
        auth.sign_in(reg, "pekka", "väärä-salasana")
    assert err.value.reason == "bad_password" and "väärä" not in str(err.value)
    with pytest.raises(auth.SignInFailed) as err:
        auth.sign_in(reg, "oikea-salasana-kirjoitettu-väärään-kenttään", "x")
    assert err.value.reason == "unknown_user"
    ok = _events(reg, "auth.signin")
    assert [(e["actor"], e["action"], e["object_id"]) for e in reversed(ok)] == [
        ("pekka", "auth.signin", "pekka"), ("pekka", "auth.signin_failed", "pekka"),
        ("unknown-user", "auth.signin_failed", None)]
    assert ok[1]["detail"]["reason"] == "bad_password" and ok[0]["detail"]["reason"] == "unknown_user"
    text = _all_audit_text(reg)
    assert "oikea-salasana" not in text and "väärä" not in text and "$argon2" not in text
    with reg.read() as q:
        assert audit.verify(q).ok


def test_failures_slow_down_then_lock_and_a_new_password_lifts_it(reg):
    auth.add_user(reg, "pekka", "dpo", "oikea-salasana")
    t0 = dt.datetime(2026, 11, 24, 12, 0, 0)
    waits = []
    for i in range(auth.LOCK_AFTER):
        now = t0 + dt.timedelta(hours=i)  # far enough apart that no wait is pending
        with pytest.raises(auth.SignInFailed) as err:
            auth.sign_in(reg, "pekka", f"wrong-{i}", now=now)
        waits.append(err.value.wait_seconds)
    assert waits[:auth.SLOW_AFTER - 1] == [0] * (auth.SLOW_AFTER - 1)
    assert waits[auth.SLOW_AFTER - 1:auth.LOCK_AFTER - 1] == sorted(waits[auth.SLOW_AFTER - 1:auth.LOCK_AFTER - 1])
    assert 0 < waits[auth.SLOW_AFTER - 1] < waits[auth.LOCK_AFTER - 2] <= auth.MAX_SLOW_SECONDS
    assert waits[-1] == auth.LOCK_MINUTES * 60
    last = t0 + dt.timedelta(hours=auth.LOCK_AFTER - 1)
    # locked: even the right password is refused until the lock ends, and that is audited
    with pytest.raises(auth.SignInFailed) as err:
        auth.sign_in(reg, "pekka", "oikea-salasana", now=last + dt.timedelta(minutes=5))
    assert err.value.reason == "locked" and 0 < err.value.wait_seconds <= 10 * 60 + 1
    assert _events(reg, "auth.locked")
    assert auth.sign_in(reg, "pekka", "oikea-salasana", now=last + dt.timedelta(minutes=auth.LOCK_MINUTES, seconds=1))
    with reg.read() as q:
        assert q.sql("SELECT failed_count, locked_until FROM app_user").fetchall() == [(0, None)]
    # slowed down: during the wait after the third failure the right password is refused too
    for i in range(auth.SLOW_AFTER):
        with pytest.raises(auth.SignInFailed):
            auth.sign_in(reg, "pekka", "wrong", now=t0 + dt.timedelta(days=2, hours=i))
    with pytest.raises(auth.SignInFailed) as err:
        auth.sign_in(reg, "pekka", "oikea-salasana", now=t0 + dt.timedelta(days=2, hours=auth.SLOW_AFTER - 1))
    assert err.value.reason == "locked"
    auth.set_password(reg, "pekka", "uusi-salasana-1")  # lifts the lock
    assert auth.sign_in(reg, "pekka", "uusi-salasana-1", now=t0 + dt.timedelta(days=2, hours=auth.SLOW_AFTER - 1))


def test_a_sign_in_with_nothing_to_reset_keeps_the_read_caches(reg):
    """Issue 16 §6: a sign-in is an audit event; only when it resets a failure count or a lock (or
    upgrades the hash) does the data change, so the dashboard's cached reads survive it."""
    auth.add_user(reg, "pekka", "dpo", "oikea-salasana")
    before, file_before = reg.data_stamp(), reg.stamp()
    assert auth.sign_in(reg, "pekka", "oikea-salasana")
    assert reg.stamp() != file_before and reg.data_stamp() == before  # the event went in, the data did not move
    assert _events(reg, "auth.signin")
    with pytest.raises(auth.SignInFailed):
        auth.sign_in(reg, "pekka", "väärä")
    failed = reg.data_stamp()
    assert failed != before  # the failure count is data
    assert auth.sign_in(reg, "pekka", "oikea-salasana")
    assert reg.data_stamp() != failed  # ... and resetting it too
    with reg.read() as q:
        assert q.sql("SELECT failed_count, locked_until FROM app_user").fetchall() == [(0, None)]


def test_a_disabled_user_cannot_sign_in(reg):
    auth.add_user(reg, "viivi", "viewer", "salasana-pitka-1")
    auth.set_disabled(reg, "viivi")
    with pytest.raises(auth.SignInFailed) as err:
        auth.sign_in(reg, "viivi", "salasana-pitka-1")
    assert err.value.reason == "disabled" and "disabled" not in str(err.value)  # no hint which part failed
    auth.set_disabled(reg, "viivi", False)
    assert auth.sign_in(reg, "viivi", "salasana-pitka-1").role == "viewer"


def test_roles_permissions():
    assert auth.allowed("dpo", "read.person") and auth.allowed("dpo", "export") and auth.allowed("dpo", "change")
    assert auth.allowed("viewer", "read.summary")
    for p in ("read.person", "export", "change", "audit"):
        assert not auth.allowed("viewer", p) and not auth.allowed(None, p)


# -- the CLI ----------------------------------------------------------------------------
def test_kp_user_commands(reg, kp):
    res = kp("user", "add", "pekka", "--role", "dpo", db_path=reg.path, input="salasana-pitka-1\n")
    assert res.returncode == 0, res.stderr
    assert kp("user", "add", "viivi", "--role", "viewer", db_path=reg.path, input="salasana-pitka-2\n").returncode == 0
    listed = kp("user", "list", db_path=reg.path)
    assert "pekka" in listed.stdout and "viewer" in listed.stdout and "salasana" not in listed.stdout
    assert "$argon2" not in listed.stdout
    assert auth.sign_in(reg, "pekka", "salasana-pitka-1")
    assert kp("user", "disable", "viivi", db_path=reg.path).returncode == 0
    with pytest.raises(auth.SignInFailed):
        auth.sign_in(reg, "viivi", "salasana-pitka-2")
    assert kp("user", "passwd", "pekka", db_path=reg.path, input="uusi-salasana-1\n").returncode == 0
    assert auth.sign_in(reg, "pekka", "uusi-salasana-1")
    for args, needle in [(("user", "add", "Bad Name", "--role", "dpo"), "user name"),
                         (("user", "add", "x", "--role", "root"), "invalid choice"),
                         (("user", "disable", "nobody"), "no user nobody"),
                         (("user", "add", "pekka", "--role", "dpo"), "exists already")]:
        res = kp(*args, db_path=reg.path, input="salasana-pitka-1\n")
        assert res.returncode != 0 and needle in res.stderr and "Traceback" not in res.stderr, (args, res.stderr)
    res = kp("user", "add", "empty", "--role", "dpo", db_path=reg.path, input="")
    assert res.returncode == 1 and "standard input" in res.stderr
    actions = [e["action"] for e in reversed(_events(reg, "user."))]
    assert actions == ["user.add", "user.add", "user.disable", "user.passwd"]
    assert all(e["actor"].startswith("cli") for e in _events(reg, "user."))


def test_kp_init_demo_creates_the_documented_demo_users(tmp_path, kp):
    path = tmp_path / "demo.duckdb"
    res = kp("init", "--demo", "--contacts", "50", db_path=path)
    assert res.returncode == 0, res.stderr
    assert "dpo / demo" in res.stderr and "viewer / viewer" in res.stderr
    from kpcore import db
    r = db.Register(path)
    assert auth.sign_in(r, "dpo", "demo").role == "dpo"
    assert auth.sign_in(r, "viewer", "viewer").role == "viewer"


# -- the dashboard gate ----------------------------------------------------------------
def _app(db_path, lang="en", session=None):
    from streamlit.testing.v1 import AppTest

    if str(ROOT / "dashboard") not in sys.path:
        sys.path.insert(0, str(ROOT / "dashboard"))
    os.environ["KP_DB"] = str(db_path)
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=30)
    at.session_state["lang"] = lang
    for k, v in (session or {}).items():
        at.session_state[k] = v
    return at


def _page_text(at) -> str:
    parts = [m.value for m in at.markdown] + [t.value for t in at.title] + [str(m.value) for m in at.metric]
    parts += [e.value for e in at.error] + [e.value for e in at.info] + [e.value for e in at.warning]
    parts += [c.value for c in at.caption] + [s.value for s in at.success]
    return "\n".join(parts)


def _sign_in(at, name, password):
    at.text_input(key="sign_in_name").input(name)
    at.text_input(key="sign_in_password").input(password)
    at.button[0].click()
    return at.run()


def test_the_dashboard_shows_nothing_from_the_register_before_sign_in(demo_reg):
    auth.add_user(demo_reg, "pekka", "dpo", "oikea-salasana")
    at = _app(demo_reg.path).run()
    assert not at.exception
    text = _page_text(at)
    assert "sign in" in text and "Kivikaarenkatu" not in text and "KuntaPlus-projektipalvelu" not in text
    assert not at.metric and not at.dataframe
    _sign_in(at, "pekka", "väärä")
    assert "Wrong user name or password." in _page_text(at) and "Kivikaarenkatu" not in _page_text(at)
    _sign_in(at, "pekka", "oikea-salasana")
    assert not at.exception
    assert at.session_state["user"] == "pekka" and at.session_state["role"] == "dpo"
    assert "Kivikaarenkatu 21" in _page_text(at) and "Signed in: **pekka** (DPO)" in _page_text(at)
    # sign out
    at.button(key="sign_out").click().run()
    assert "You have signed out." in _page_text(at) and "Kivikaarenkatu" not in _page_text(at)
    assert [e["action"] for e in reversed(_events(demo_reg, "auth."))] == [
        "auth.signin_failed", "auth.signin", "auth.signout"]


def test_an_idle_session_times_out_and_a_disabled_user_is_signed_out(demo_reg):
    auth.add_user(demo_reg, "pekka", "dpo", "oikea-salasana")
    at = _app(demo_reg.path, session={"user": "pekka", "role": "dpo", "last_active": time.time() - 31 * 60}).run()
    text = _page_text(at)
    assert "inactivity" in text and "Kivikaarenkatu" not in text
    assert _events(demo_reg, "auth.signout")[0]["detail"] == {"reason": "timeout"}
    at = _app(demo_reg.path, session={"user": "pekka", "role": "dpo", "last_active": time.time() - 60}).run()
    assert "Kivikaarenkatu 21" in _page_text(at)
    auth.set_disabled(demo_reg, "pekka")
    at.run()
    assert "disabled" in _page_text(at) and "Kivikaarenkatu" not in _page_text(at)


def test_a_register_without_users_says_how_to_add_one(reg):
    at = _app(reg.path, lang="fi").run()
    assert "kp user add" in _page_text(at) and not at.text_input


def test_a_viewer_does_not_get_the_audit_view_and_a_direct_attempt_is_audited(demo_reg):
    auth.add_user(demo_reg, "viivi", "viewer", "salasana-pitka-1")
    at = _app(demo_reg.path)
    at.run()
    _sign_in(at, "viivi", "salasana-pitka-1")
    assert at.session_state["role"] == "viewer" and "Kivikaarenkatu 21" in _page_text(at)  # the overview is allowed
    view = app_test("audit", demo_reg.path, lang="en", session={"user": "viivi", "role": "viewer"}).run()
    assert not view.exception
    assert "You are not allowed" in _page_text(view) and not view.dataframe
    denied = _events(demo_reg, "access.denied")
    assert denied[0]["actor"] == "viivi" and denied[0]["detail"] == {"page": "audit", "required": "dpo", "role": "viewer"}
    app = (ROOT / "dashboard" / "app.py").read_text()
    assert 'if ui.can("audit")' in app


def test_the_audit_view_filters_and_verifies(demo_reg):
    auth.add_user(demo_reg, "pekka", "dpo", "oikea-salasana")
    with pytest.raises(auth.SignInFailed):
        auth.sign_in(demo_reg, "pekka", "väärä")
    at = app_test("audit", demo_reg.path, lang="en").run()
    assert not at.exception
    df = at.dataframe[0].value
    # actions and object types by their names, not their codes (issue 16 §4)
    assert set(df["Action"]) >= {"Failed sign-in", "User added", "Demo data created", "Register created"}
    at.selectbox(key="audit_action").set_value("auth.").run()
    df = at.dataframe[0].value
    assert list(df["Action"]) == ["Failed sign-in"] and list(df["Actor"]) == ["pekka"]
    at.selectbox(key="audit_action").set_value("—").run()
    at.selectbox(key="audit_object_type").set_value("app_user").run()
    assert set(at.dataframe[0].value["Object"]) == {"User"}
    old = dt.date.today() - dt.timedelta(days=400)
    at.date_input(key="audit_period").set_value((old, old + dt.timedelta(days=1))).run()
    assert "No events match" in _page_text(at)
    at.button(key="audit_verify").click().run()
    assert "The log is intact" in _page_text(at)


def _try_a_write():
    import streamlit as st

    import ui
    from kpcore.errors import KpError

    try:
        with ui.register().write(ui.user(), "test.change") as w:
            w.sql("INSERT INTO contact (email, name) VALUES ('v@x.fi', 'V')")
        st.success("written")
    except KpError as exc:
        st.error(str(exc))
    ui.register().record(ui.user(), "test.looked")


@pytest.mark.parametrize("role, written", [("viewer", False), ("dpo", True)])
def test_a_viewer_session_cannot_change_the_register_even_through_a_stray_button(reg, role, written):
    from streamlit.testing.v1 import AppTest

    if str(ROOT / "dashboard") not in sys.path:
        sys.path.insert(0, str(ROOT / "dashboard"))
    os.environ["KP_DB"] = str(reg.path)
    at = AppTest.from_function(_try_a_write, default_timeout=30)
    at.session_state["lang"] = "en"
    at.session_state["user"] = "viivi"
    at.session_state["role"] = role
    at.run()
    assert not at.exception
    if written:
        assert [s.value for s in at.success] == ["written"]
    else:
        assert [e.value for e in at.error] == ["A viewer cannot change the register."]
    with reg.read() as q:
        assert q.value("count_contacts") == (1 if written else 0)
        assert audit.events(q, action="test.looked")[0]["actor"] == "viivi"  # audit events still go in


def test_failed_sign_ins_slow_the_browser_session_down_even_for_unknown_names(reg):
    auth.add_user(reg, "pekka", "dpo", "salasana-pitka-1")
    at = _app(reg.path).run()
    t0 = time.monotonic()
    for name in ("eve1", "eve2", "eve3"):  # none of them is a user: no account gets locked
        _sign_in(at, name, "guess")
    assert time.monotonic() - t0 >= 0.25 + 0.5 + 1.0  # each failure waits twice as long as the last
    assert at.session_state["sign_in_failures"] == 3
    _sign_in(at, "pekka", "salasana-pitka-1")
    assert at.session_state["user"] == "pekka" and "sign_in_failures" not in at.session_state
