"""Sessions that a reload or a second tab continues, and that end everywhere at once
(kpcore.sessions, dashboard/auth.py): sign-out, idle timeout, a disabled user, a new password."""
from __future__ import annotations

import time

import pytest

from conftest import dashboard_server, sign_in, wait_streamlit
from kpcore import auth, db
from kpcore.sessions import SessionStore, digest, session_user

ROW = {"name": "anna", "role": "dpo", "disabled": False, "pw_tag": "t1"}


def test_a_session_goes_on_while_used_and_ends_after_the_idle_timeout():
    s = SessionStore()
    tok = s.create("anna", "t1", now=1000.0)
    assert s.check(tok, ROW, 60, now=1059.0) == (s.get(tok), None)   # activity at 1059
    assert s.check(tok, ROW, 60, now=1118.0)[1] is None              # 59 s after the last activity
    assert s.check(tok, ROW, 60, now=1178.5)[1] == "timeout"        # 60.5 s idle
    assert s.check(tok, ROW, 60, now=1179.0)[1] == "timeout"        # ended stays ended


def test_a_check_without_touch_does_not_count_as_activity():
    s = SessionStore()
    tok = s.create("anna", "t1", now=0.0)
    for t in (20.0, 40.0, 59.0):
        assert s.check(tok, ROW, 60, now=t, touch=False)[1] is None
    assert s.check(tok, ROW, 60, now=61.0, touch=False)[1] == "timeout"


def test_sign_out_disable_and_new_password_end_every_tab_with_their_reason():
    s = SessionStore()
    a = s.create("anna", "t1")
    s.revoke(a, "user")
    assert s.check(a, ROW, 60)[1] == "user"
    b = s.create("anna", "t1")
    assert s.check(b, {**ROW, "disabled": True}, 60)[1] == "disabled"
    assert s.check(b, ROW, 60)[1] == "disabled"  # re-enabling does not revive an ended session
    c = s.create("anna", "t1")
    assert s.check(c, {**ROW, "pw_tag": "t2"}, 60)[1] == "password"
    d = s.create("anna", "t1")
    assert s.check(d, None, 60)[1] == "disabled"  # the user is gone
    e, f = s.create("anna", "t1"), s.create("bert", "t9")
    assert s.revoke_user("anna", "password") == 1 and s.open_sessions("bert") == 1


def test_only_the_first_to_see_the_end_audits_it_and_tokens_are_kept_only_as_digests():
    s = SessionStore()
    tok = s.create("anna", "t1")
    assert not s.claim(tok)              # still open
    s.revoke(tok)
    assert s.claim(tok) and not s.claim(tok)
    assert tok not in repr(s._by_digest) and digest(tok) in s._by_digest
    for bad in (None, "", "x" * 500, 42, "nonexistent"):
        assert s.check(bad, ROW, 60) == (None, "none")
    assert len(tok) >= 40 and s.create("anna", "t1") != tok


def test_a_new_password_changes_the_digest_the_session_is_checked_against(reg):
    auth.add_user(reg, "anna", "dpo", "first-long-password-1")
    with reg.read() as q:
        before = session_user(q, "anna")
    auth.set_password(reg, "anna", "second-long-password-2")
    with reg.read() as q:
        after = session_user(q, "anna")
        assert session_user(q, "nobody") is None
    assert before["pw_tag"] != after["pw_tag"] and before["role"] == "dpo" and not after["disabled"]


# -- in a real browser ---------------------------------------------------------------------
def _signed_out(page, timeout: float = 30) -> str:
    """Waits (without clicking anything) until the page shows the sign-in form; its text."""
    page.wait_for_selector('input[type="password"]', timeout=timeout * 1000)
    wait_streamlit(page)
    return page.inner_text("body")


@pytest.mark.browser
def test_reload_and_a_second_tab_stay_signed_in_and_signing_out_ends_both(tmp_path, browser, kp):
    path = tmp_path / "demo.duckdb"
    kp("init", "--demo", "--contacts", "200", db_path=path, check=True)
    with dashboard_server(path, {"KP_SESSION_CHECK_SECONDS": "2"}) as url:
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        a = ctx.new_page()
        a.goto(f"{url}/?lang=en")
        sign_in(a)
        cookie = [c for c in ctx.cookies() if c["name"] == "kp_session"]
        assert cookie and cookie[0]["sameSite"] == "Strict" and len(cookie[0]["value"]) >= 40
        assert cookie[0]["value"] not in a.url
        a.reload()
        wait_streamlit(a)
        a.wait_for_selector('[data-testid="stSidebarNav"]', timeout=30000)
        assert "Today's work" in a.inner_text("body") and a.locator('input[type="password"]').count() == 0
        b = ctx.new_page()
        b.goto(f"{url}/requests?lang=en")
        wait_streamlit(b)
        b.wait_for_selector('[data-testid="stSidebarNav"]', timeout=30000)
        assert "Queue by due date" in b.inner_text("body")
        # another browser (no cookie) is not signed in
        other = browser.new_context().new_page()
        other.goto(f"{url}/requests?lang=en")
        assert "Queue by due date" not in _signed_out(other)

        a.get_by_role("button", name="Sign out").click()
        assert "You have signed out." in _signed_out(a)
        text = _signed_out(b)  # no click in b: its timer notices
        assert "Queue by due date" not in text and "Today's work" not in text
        b.reload()
        assert "Queue by due date" not in _signed_out(b)
        with db.Register(path).read() as q:
            ends = q.sql("SELECT count(*) FROM audit_log WHERE action = 'auth.signout'").fetchone()[0]
        assert ends == 1  # one session, one end


@pytest.mark.browser
def test_a_new_password_or_disabling_ends_the_users_open_tabs_at_once(tmp_path, browser, kp):
    path = tmp_path / "demo.duckdb"
    kp("init", "--demo", "--contacts", "200", db_path=path, check=True)
    reg = db.Register(path)
    auth.add_user(reg, "anna", "dpo", "annan-pitka-salasana-1")
    with dashboard_server(path, {"KP_SESSION_CHECK_SECONDS": "2"}) as url:
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        a = ctx.new_page()
        a.goto(f"{url}/?lang=en")
        sign_in(a, "anna", "annan-pitka-salasana-1")
        b = ctx.new_page()
        b.goto(f"{url}/compliance?lang=en")
        wait_streamlit(b)
        b.wait_for_selector('[data-testid="stSidebarNav"]', timeout=30000)
        auth.set_password(reg, "anna", "annan-uusi-salasana-22", actor="test")  # as `kp user passwd` would
        for page in (a, b):
            assert "Your password was changed" in _signed_out(page)
        sign_in(a, "anna", "annan-uusi-salasana-22")
        b.reload()
        wait_streamlit(b)
        b.wait_for_selector('[data-testid="stSidebarNav"]', timeout=30000)
        auth.set_disabled(reg, "anna", actor="test")
        for page in (a, b):
            assert "has been disabled" in _signed_out(page)
        with reg.read() as q:
            reasons = [r[0] for r in q.sql("SELECT detail->>'reason' FROM audit_log WHERE action = 'auth.signout' "
                                           "ORDER BY seq").fetchall()]
        assert reasons == ["password", "disabled"]


@pytest.mark.browser
def test_the_idle_timeout_hides_the_data_without_a_click(tmp_path, browser, kp):
    path = tmp_path / "demo.duckdb"
    kp("init", "--demo", "--contacts", "200", db_path=path, check=True)
    with dashboard_server(path, {"KP_SESSION_MINUTES": "0.5", "KP_SESSION_CHECK_SECONDS": "2"}) as url:
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        page.goto(f"{url}/?lang=en")
        started = time.time()
        sign_in(page)
        assert "Kivikaarenkatu" in page.inner_text("body")
        text = _signed_out(page, timeout=90)
        assert time.time() - started >= 30  # not at once: after the 30 s without activity
        assert "inactivity" in text and "Kivikaarenkatu" not in text and "Today's work" not in text
        page.reload()
        assert "Kivikaarenkatu" not in _signed_out(page)
