"""The dashboard's door: sign-in form, session timeout and sign-out.

`gate(reg)` runs at the top of every rerun (dashboard/app.py). Until a user has signed
in it shows only the sign-in form, nothing from the register, and stops the script.
A session already signed in (session state `user` and `role`, set only by this module,
or by a test) passes, unless it has been idle longer than KP_SESSION_MINUTES (default
30) or its user has since been disabled. Every sign-in, failure and sign-out is audited
by kpcore.auth.
"""
from __future__ import annotations

import os
import time

import streamlit as st

import ui
from kpcore import auth as core, safety
from kpcore.errors import KpError

L = ui.L


def timeout_seconds() -> float:
    try:
        return float(os.environ.get("KP_SESSION_MINUTES", "30")) * 60
    except ValueError:
        return 30 * 60


def _end_session(reason: str) -> None:
    name = st.session_state.get("user")
    for key in ("user", "role", "last_active"):
        st.session_state.pop(key, None)
    st.session_state["signed_out"] = reason
    if name:
        try:
            core.sign_out(ui.register(), name, reason=reason)
            ui.after_write()
        except KpError:
            pass  # a read-only register: the session still ends


def refresh() -> bool:
    """Whether a user is signed in now: ends a session idle longer than the timeout or
    whose user has been disabled since, and applies a changed role at once."""
    ss = st.session_state
    if not (ss.get("user") and ss.get("role")):
        return False
    now = time.time()
    idle = now - ss.get("last_active", now)
    try:
        u = ui.read(core.get_user, ss["user"])
    except KpError as exc:  # e.g. the file was replaced by one of an older schema
        ui.show_error(exc)
        st.stop()
    if idle > timeout_seconds():
        _end_session("timeout")
        return False
    if u is not None and u.disabled:
        _end_session("disabled")
        return False
    if u is not None:
        ss["role"] = u.role
    ss["last_active"] = now
    return True


def gate(reg) -> None:
    """Return when a signed-in user may go on; otherwise show the sign-in form and stop."""
    if refresh():
        _sidebar()
        return
    _form(reg)
    st.stop()


def _sidebar() -> None:
    with st.sidebar:
        role = L("tietosuojavastaava", "DPO") if ui.role() == "dpo" else L("lukija", "viewer")
        who = safety.md(ui.user())  # a user name is register text
        st.caption(L(f"Kirjautunut: **{who}** ({role})", f"Signed in: **{who}** ({role})"))
        if st.button(L("Kirjaudu ulos", "Sign out"), key="sign_out"):
            _end_session("user")
            st.rerun()


def _form(reg) -> None:
    st.title(L("KuntaPlus DPO – kirjaudu sisään", "KuntaPlus DPO – sign in"))
    reason = st.session_state.pop("signed_out", None)
    if reason == "timeout":
        st.info(L("Istunto päättyi, koska se oli käyttämättä liian kauan. Kirjaudu uudelleen.",
                  "Your session ended after a period of inactivity. Please sign in again."))
    elif reason == "disabled":
        st.warning(L("Käyttäjätunnuksesi on poistettu käytöstä.", "Your user account has been disabled."))
    elif reason == "user":
        st.success(L("Olet kirjautunut ulos.", "You have signed out."))
    try:
        any_users = ui.read(core.has_users)
    except KpError as exc:
        ui.show_error(exc)
        return
    if not any_users:
        st.warning(L(f"Rekisterissä ei ole vielä käyttäjiä. Lisää tietosuojavastaava komennolla "
                     f"`kp user add NIMI --role dpo --db {reg.path}`.",
                     f"The register has no users yet. Add the DPO with "
                     f"`kp user add NAME --role dpo --db {reg.path}`."))
        return
    with st.form("sign_in", clear_on_submit=False):
        name = st.text_input(L("Käyttäjätunnus", "User name"), key="sign_in_name", autocomplete="username")
        password = st.text_input(L("Salasana", "Password"), type="password", key="sign_in_password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button(L("Kirjaudu", "Sign in"), type="primary")
    if not submitted:
        return
    try:
        user = core.sign_in(reg, name, password)
    except core.SignInFailed as exc:
        ui.after_write()
        # Slow this browser session down too (names that are not users lock no account).
        fails = st.session_state["sign_in_failures"] = st.session_state.get("sign_in_failures", 0) + 1
        time.sleep(min(0.25 * 2 ** (fails - 1), 4.0))
        if exc.reason == "locked":
            st.error(L(f"Liian monta epäonnistunutta yritystä. Yritä uudelleen {exc.wait_seconds} sekunnin kuluttua.",
                       f"Too many failed attempts. Try again in {exc.wait_seconds} seconds."))
        else:
            st.error(L("Väärä käyttäjätunnus tai salasana.", "Wrong user name or password."))
            if exc.wait_seconds:
                st.caption(L(f"Seuraava yritys on mahdollinen {exc.wait_seconds} sekunnin kuluttua.",
                             f"The next attempt is possible in {exc.wait_seconds} seconds."))
        return
    except KpError as exc:
        ui.show_error(exc)
        return
    st.session_state.pop("sign_in_password", None)
    st.session_state.pop("sign_in_failures", None)
    st.session_state.update(user=user.name, role=user.role, last_active=time.time())
    ui.after_write()
    st.rerun()
