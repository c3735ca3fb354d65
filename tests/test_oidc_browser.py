"""Sign-in with the company's identity provider (OpenID Connect through st.login), tested for real:
Chromium, the dashboard and an OpenID provider (oidc-provider-mock) on loopback. The role comes
from the register's user with that email; a reload keeps the session; sign-out ends it and a
reload does not sign in again from the same provider sign-in; an unknown account gets nothing; the
language chosen before the round trip (?lang=en) is the language after it."""
from __future__ import annotations

import contextlib
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import dashboard_server, free_port, wait_streamlit
from kpcore import auth, db

pytestmark = pytest.mark.browser


@contextlib.contextmanager
def oidc_provider(*users: dict):
    """oidc-provider-mock on a free loopback port with these users; stopped at the end."""
    port = free_port()
    cmd = [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)]
    for u in users:
        cmd += ["--user-claims", json.dumps(u)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/.well-known/openid-configuration", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError(f"OpenID provider did not start: {proc.stderr.read().decode()[-2000:]}")
                time.sleep(0.3)
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, 15)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)


def _signed_in_as(page) -> str:
    page.wait_for_selector('[data-testid="stSidebarNav"]', timeout=30000)
    wait_streamlit(page)
    return page.locator('[data-testid="stSidebar"]').inner_text()


def test_sign_in_with_the_company_identity_provider(tmp_path, browser, kp):
    path = tmp_path / "demo.duckdb"
    kp("init", "--demo", "--contacts", "200", db_path=path, check=True)
    reg = db.Register(path)
    auth.add_user(reg, "anna", "viewer", "annan-pitka-salasana-1")
    auth.set_email(reg, "anna", "Anna.Analyytikko@KuntaPlus.fi")
    with oidc_provider({"sub": "anna-123", "email": "anna.analyytikko@kuntaplus.fi", "email_verified": True},
                       {"sub": "eve-9", "email": "eve@example.com"}) as idp:
        secrets_file = tmp_path / "secrets.toml"
        secrets_file.write_text(
            "[auth]\n"
            'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_hex(32)}"\n'
            'client_id = "kp-dashboard"\n'
            'client_secret = "kp-dashboard-secret"\n'
            f'server_metadata_url = "{idp}/.well-known/openid-configuration"\n')
        with dashboard_server(path, {"KP_SECRETS": str(secrets_file)}) as url:
            ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = ctx.new_page()
            page.goto(f"{url}/?lang=en")
            wait_streamlit(page)
            page.get_by_role("button", name="Sign in with your company account").click()
            page.wait_for_url(f"{idp}/**", timeout=30000)  # at the provider
            page.get_by_role("button", name="anna-123").click()
            page.wait_for_url(f"{url}/**", timeout=30000)  # back in the dashboard
            side = _signed_in_as(page)  # the way back from the provider keeps the chosen language
            assert "Signed in: anna (viewer)" in side  # the register's role: viewer
            assert "Today's work" in page.inner_text("body") and "lang=en" in page.url
            page.reload()
            assert "anna" in _signed_in_as(page)  # a reload keeps the session
            assert "Today's work" in page.inner_text("body")  # ... and the language
            page.get_by_role("button", name="Sign out").click()
            page.wait_for_selector('input[type="password"]', timeout=30000)
            page.reload()
            wait_streamlit(page)
            page.wait_for_selector('input[type="password"]', timeout=30000)  # not signed in again by itself
            assert page.locator('[data-testid="stSidebarNav"]').count() == 0

            # an account that is not a user of the register gets nothing
            other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
            other.goto(f"{url}/?lang=en")
            wait_streamlit(other)
            other.get_by_role("button", name="Sign in with your company account").click()
            other.wait_for_url(f"{idp}/**", timeout=30000)
            other.get_by_role("button", name="eve-9").click()
            other.wait_for_url(f"{url}/**", timeout=30000)
            wait_streamlit(other)
            other.wait_for_selector('input[type="password"]', timeout=30000)
            assert "Your company account is not a user of this register" in other.inner_text("body")
            assert other.locator('[data-testid="stSidebarNav"]').count() == 0
    with reg.read() as q:
        rows = q.sql("SELECT actor, action, detail FROM audit_log WHERE action LIKE 'auth.%' ORDER BY seq").fetchall()
    oidc = [(a, act, json.loads(d)) for a, act, d in rows if d and json.loads(d).get("channel") == "oidc"]
    assert [(a, act) for a, act, _ in oidc] == [("anna", "auth.signin"), ("unknown-user", "auth.signin_failed")]
    assert "eve" not in json.dumps(rows)  # no personal data of the stranger in the trail


def test_kp_user_email_links_a_company_account(reg, kp):
    auth.add_user(reg, "anna", "dpo", "annan-pitka-salasana-1")
    auth.add_user(reg, "bert", "viewer", "bertin-pitka-salasana-1")
    res = kp("user", "email", "anna", "Anna@KuntaPlus.fi", db_path=reg.path)
    assert res.returncode == 0 and "anna@kuntaplus.fi" not in res.stderr.lower()
    with reg.read() as q:
        assert auth.user_by_email(q, "ANNA@kuntaplus.fi").name == "anna"
    res = kp("user", "email", "bert", "anna@kuntaplus.fi", db_path=reg.path)
    assert res.returncode != 0 and "another user" in res.stderr
    assert kp("user", "email", "anna", "not-an-email", db_path=reg.path).returncode != 0
    assert kp("user", "email", "anna", db_path=reg.path).returncode == 0
    with reg.read() as q:
        assert auth.user_by_email(q, "anna@kuntaplus.fi") is None
