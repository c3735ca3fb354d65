"""The dashboard's door: sign-in, the session that a reload or a second tab continues, the
idle timeout and sign-out.

`gate(reg)` runs at the top of every rerun (dashboard/app.py). Until a user has signed in
it shows only the sign-in form, nothing from the register, and stops the script.

Sessions (kpcore.sessions): a sign-in opens a server-side session whose random token the
browser keeps in the cookie `kp_session`; a reload or another tab presents it and goes on
signed in. Every rerun checks the session, and it ends in every tab at once on sign-out,
after KP_SESSION_MINUTES (default 30) without activity in any tab, or when the user has been
disabled or the password changed (by `kp user`, from any process). A timer in the page
(st.fragment run_every KP_SESSION_CHECK_SECONDS, default 15) checks without counting as
activity, so an idle or ended session hides the page's data without waiting for a click.

The cookie is written by a script in the page (Streamlit has no way to send a Set-Cookie
header from the app), so it is SameSite=Strict but cannot be HttpOnly; the README's
"Sessions" section gives the threat model. Every sign-in, failure and sign-out is audited
by kpcore.auth.
"""
from __future__ import annotations

import json
import os
import time

import streamlit as st

import ui
from kpcore import auth as core, safety
from kpcore.errors import KpError
from kpcore.sessions import SessionStore, session_user
from kpcore.shell import SESSION_COOKIE

_ = ui._
COOKIE = SESSION_COOKIE  # kpcore/shell.py: the page's first form is not shown where it is set


def timeout_seconds() -> float:
    try:
        return float(os.environ.get("KP_SESSION_MINUTES", "30")) * 60
    except ValueError:
        return 30 * 60


def check_seconds() -> float:
    try:
        return max(1.0, float(os.environ.get("KP_SESSION_CHECK_SECONDS", "15")))
    except ValueError:
        return 15.0


@st.cache_resource
def store() -> SessionStore:
    """The server's sessions (one store per dashboard process, shared by every tab)."""
    return SessionStore()


def _cookie() -> str | None:
    try:
        value = st.context.cookies.get(COOKIE)
    except Exception:  # noqa: BLE001 - no browser connection (AppTest)
        return None
    return value if isinstance(value, str) else None


def _set_cookie(token: str | None) -> None:
    """Writes (or with None, deletes) the session cookie in the browser."""
    value = json.dumps(f"{COOKIE}={token or ''}; Path=/; SameSite=Strict"
                       + ("" if token else "; Max-Age=0"))
    st.html(f"<script>document.cookie = {value} + (location.protocol === 'https:' ? '; Secure' : '');</script>",
            unsafe_allow_javascript=True)


def _user_row(name: str) -> dict | None:
    try:
        return ui.read(session_user, name)
    except KpError as exc:  # e.g. the file was replaced by one of an older schema
        ui.show_error(exc)
        st.stop()


def _audit_end(name: str | None, reason: str) -> None:
    if not name:
        return
    try:
        core.sign_out(ui.register(), name, reason=reason)
        ui.after_write()
    except KpError:
        pass  # a read-only register: the session still ends


def _clear(reason: str | None) -> None:
    for key in ("user", "role", "last_active", "_kp_token"):
        st.session_state.pop(key, None)
    if reason:
        st.session_state["signed_out"] = reason


def _end_session(reason: str) -> None:
    """Ends this tab's session, and with it every tab's (sign-out, or a legacy timeout)."""
    ss = st.session_state
    token, name = ss.get("_kp_token"), ss.get("user")
    if token:
        store().revoke(token, reason)
        if store().claim(token):
            _audit_end(name, reason)
        if reason == "user":
            ss["_clear_cookie"] = True
    else:
        _audit_end(name, reason)
    _clear(reason)


def refresh() -> bool:
    """Whether a user is signed in now: continues this tab's session or the browser's (a
    reload, another tab), ends one that has timed out, was signed out elsewhere, or whose user
    has been disabled or has a new password, and applies a changed role at once."""
    ss = st.session_state
    token = ss.get("_kp_token")
    from_cookie = False
    if token is None and not (ss.get("user") and ss.get("role")):
        token, from_cookie = _cookie(), True
        if not token or store().get(token) is None or store().get(token).ended:
            if _oidc_sign_in():  # just back from the company's identity provider
                return True
        if not token:
            return False
    if token is not None:
        s = store().get(token)
        row = _user_row(s.user) if s is not None else None
        s, reason = store().check(token, row, timeout_seconds())
        if reason:
            if s is not None and store().claim(token):
                _audit_end(s.user, reason)
            shown = reason if (not from_cookie or reason in ("timeout", "disabled", "password")) else None
            _clear(None if reason == "none" else shown)
            return False
        ss.update(user=s.user, role=row["role"], _kp_token=token, last_active=time.time())
        return True
    # A session set up in session state without a token (the test suite's AppTests).
    now = time.time()
    if now - ss.get("last_active", now) > timeout_seconds():
        _end_session("timeout")
        return False
    row = _user_row(ss["user"])
    if row is not None and row["disabled"]:
        _end_session("disabled")
        return False
    if row is not None:
        ss["role"] = row["role"]
    ss["last_active"] = now
    return True


# -- the company's identity provider (OpenID Connect through st.login) ----------------------------
OIDC_FRESH_SECONDS = 300  # an ID token older than this opens no session: sign in at the provider again


def oidc_configured() -> bool:
    """Whether .streamlit/secrets.toml has an [auth] section (see the README)."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all
        return False


def _oidc_sign_in() -> bool:
    """Opens a session for a user who has just signed in at the identity provider.

    The provider's email (when it says the email is verified, or says nothing about it) is
    looked up in the register's users (`kp user email NAME EMAIL`); the role is the register's.
    Streamlit keeps the provider's sign-in in its own cookie for long, so only a fresh one
    (issued within OIDC_FRESH_SECONDS) opens a session, and each only once: after sign-out,
    timeout or a new password, a reload does not sign anyone in again by itself."""
    if not oidc_configured():
        return False
    try:
        info = st.user.to_dict() if st.user.is_logged_in else {}
    except Exception:  # noqa: BLE001 - auth not usable (e.g. Authlib missing): local passwords only
        return False
    if not info:
        return False
    iat, email = info.get("iat"), (info.get("email") or "").strip().lower()
    if not isinstance(iat, (int, float)) or time.time() - iat > OIDC_FRESH_SECONDS:
        return False
    if not store().first_use(f"{info.get('iss')}|{info.get('sub')}|{iat}|{info.get('nonce')}"):
        return False
    reg = ui.register()
    user = ui.read(core.user_by_email, email) if email and info.get("email_verified", True) is not False else None
    if user is None or user.disabled:
        try:
            reg.record("unknown-user", "auth.signin_failed", "app_user", user.name if user else None,
                       {"reason": "disabled" if user else "unknown_account", "channel": "oidc"})
            ui.after_write()
        except KpError:
            pass
        st.session_state["signed_out"] = "oidc_unknown"
        return False
    try:
        reg.record(user.name, "auth.signin", "app_user", user.name, {"role": user.role, "channel": "oidc"})
        ui.after_write()
    except KpError as exc:
        ui.show_error(exc)
        return False
    row = _user_row(user.name)
    token = store().create(user.name, row["pw_tag"] if row else None, channel="oidc")
    st.session_state.update(user=user.name, role=user.role, last_active=time.time(), _kp_token=token)
    return True


def gate(reg=None) -> None:
    """Return when a signed-in user may go on; otherwise show the sign-in form and stop."""
    if refresh():
        _sidebar()
        return
    _form(reg)
    st.stop()


@st.fragment(run_every=check_seconds())
def _watch() -> None:
    """Every few seconds, without counting as activity: has the session ended (idle timeout,
    signed out in another tab, user disabled, new password)? Then the whole page reruns and
    shows the sign-in form instead of the data."""
    ss = st.session_state
    token = ss.get("_kp_token")
    if token:
        s = store().get(token)
        row = _user_row(s.user) if s is not None else None
        _unused, reason = store().check(token, row, timeout_seconds(), touch=False)
    elif ss.get("user"):
        reason = "timeout" if time.time() - ss.get("last_active", time.time()) > timeout_seconds() else None
    else:
        reason = "none"
    if reason:
        st.rerun(scope="app")


def _sidebar() -> None:
    with st.sidebar:
        role = _("DPO") if ui.role() == "dpo" else _("viewer")
        who = safety.md(ui.user())  # a user name is register text
        st.caption(_("Signed in: **{who}** ({role})").format(who=who, role=role))
        if st.button(_("Sign out"), key="sign_out"):
            _end_session("user")
            st.rerun()
        if st.session_state.get("_kp_token"):
            _set_cookie(st.session_state["_kp_token"])
        _watch()


def _form(reg=None) -> None:
    """The sign-in form. It is drawn before anything opens the register (or imports DuckDB), so
    that a new browser sees it at once; whether the register has users at all is asked after,
    and without users the form is replaced by the message that says how to add one."""
    if st.session_state.pop("_clear_cookie", False):
        _set_cookie(None)
    st.title(_("KuntaPlus DPO – sign in"))
    reason = st.session_state.pop("signed_out", None)
    if reason == "timeout":
        st.info(_("Your session ended after a period of inactivity. Please sign in again."))
    elif reason == "disabled":
        st.warning(_("Your user account has been disabled."))
    elif reason == "password":
        st.info(_("Your password was changed, so the session ended. Sign in with the new password."))
    elif reason == "user":
        st.success(_("You have signed out."))
    elif reason == "oidc_unknown":
        st.error(_("Your company account is not a user of this register, or the user is disabled. Ask the DPO to link your email to a user: `kp user email NAME ADDRESS`."))
    place = st.empty()
    with place.container():
        if oidc_configured():
            if st.button(_("Sign in with your company account"), type="primary",
                         key="sign_in_oidc", icon=":material/badge:"):
                st.login()
            st.caption(_("or with a local user name:"))
        with st.form("sign_in", clear_on_submit=False):
            name = st.text_input(_("User name"), key="sign_in_name", autocomplete="username")
            password = st.text_input(_("Password"), type="password", key="sign_in_password",
                                     autocomplete="current-password")
            submitted = st.form_submit_button(_("Sign in"), type="primary")
    if submitted and name and password:
        _warm_overview()  # beside the password check: nothing is shown before it succeeds
    reg = reg or ui.register()
    try:
        any_users = ui.read(core.has_users)
    except KpError as exc:
        place.empty()
        ui.show_error(exc)
        return
    if not any_users:
        place.empty()
        st.warning(_("The register has no users yet. Add the DPO with `kp user add NAME --role dpo --db {path}`.").format(path=reg.path))
        return
    if not submitted:
        _warm_overview(gently=True)  # while the person types: the form is drawn, nothing more is shown
        return
    try:
        user = core.sign_in(reg, name, password)
    except core.SignInFailed as exc:
        ui.after_write()
        # Slow this browser session down too (names that are not users lock no account).
        fails = st.session_state["sign_in_failures"] = st.session_state.get("sign_in_failures", 0) + 1
        time.sleep(min(0.25 * 2 ** (fails - 1), 4.0))
        if exc.reason == "locked":
            st.error(_("Too many failed attempts. Try again in {wait_seconds} seconds.").format(wait_seconds=exc.wait_seconds))
        else:
            st.error(_("Wrong user name or password."))
            if exc.wait_seconds:
                st.caption(_("The next attempt is possible in {wait_seconds} seconds.").format(wait_seconds=exc.wait_seconds))
        return
    except KpError as exc:
        ui.show_error(exc)
        return
    ui.after_write()
    start(user.name, user.role)


def _warm_overview(gently: bool = False) -> None:
    """Once the form is drawn (while the person types) and again beside argon2's check of the
    password (deliberately slow; it releases the GIL), the overview's first reads fill the
    shared read cache in a server thread, so the signed-in user's first page does not wait for
    them after the check (issue 16 §6: sign-in to the overview ≤ 1 s on the 1M register).
    Nothing reaches any browser before its password is right: the cache is the server's. It is
    per data version, so neither a reload of the form nor repeated attempts read anything
    again: a visitor without a password can make the server read the overview once per change
    of the register, no more. `gently`: at a lowered CPU priority, so that the browser drawing the
    form comes first (ui._yield_cpu)."""
    ui.warm_first_page(gently)


def start(name: str, role: str, channel: str = "password") -> None:
    """Opens the session of a user who has just proved who they are, and reruns."""
    row = _user_row(name)
    token = store().create(name, row["pw_tag"] if row else None, channel=channel)
    st.session_state.pop("sign_in_password", None)
    st.session_state.pop("sign_in_failures", None)
    st.session_state.update(user=name, role=role, last_active=time.time(), _kp_token=token)
    st.rerun()
