"""Shared fixtures: a fresh register per test, a demo register, the CLI, a dashboard server."""
from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kpcore import auth, db, demo

ROOT = Path(__file__).resolve().parent.parent
# Cheap password hashes in tests: switched on in this process, and in the `kp` and dashboard
# processes the tests start through tests/cheap_hashes.py (KP_CMD); no environment variable
# can choose them (#15 §6). test_password_policy checks the real parameters.
auth.use_cheap_hashes_for_tests()
KP_CMD = [sys.executable, str(ROOT / "tests" / "cheap_hashes.py"), "kp"]
# kp speaks the terminal's language (KP_LANG, else the locale; Finnish by default, issue 18 §1). The
# tests read its messages in English unless they ask for another language (env={"KP_LANG": "fi"}).
os.environ["KP_LANG"] = "en"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(autouse=True)
def _environment_restored():
    """Whatever a test sets in os.environ (app_test sets KP_DB for the view it runs) is undone
    after it, so no later test reads another test's register (on f5bb249 KP_DB leaked)."""
    before = dict(os.environ)
    yield
    for k in set(os.environ) - set(before):
        del os.environ[k]
    for k, v in before.items():
        if os.environ.get(k) != v:
            os.environ[k] = v


@pytest.fixture
def reg(tmp_path) -> db.Register:
    """A new register holding only the company's facts."""
    return db.create(tmp_path / "register.duckdb")


@pytest.fixture
def demo_reg(tmp_path) -> db.Register:
    """A new register with a small deterministic demo."""
    r = db.create(tmp_path / "demo.duckdb")
    demo.populate(r, contacts=300, visits=3000, seed=1)
    return r


def run_kp(*args: str, db_path=None, input: str | None = None, env: dict | None = None, check: bool = False):
    """Run the `kp` command in a subprocess, as a user would."""
    cmd = [*KP_CMD, *args]
    if db_path is not None:
        cmd += ["--db", str(db_path)]
    full_env = dict(os.environ, **(env or {}))
    res = subprocess.run(cmd, capture_output=True, text=True, input=input, env=full_env, timeout=300)
    if check and res.returncode != 0:
        raise AssertionError(f"kp {' '.join(args)} failed ({res.returncode}):\n{res.stderr}")
    return res


@pytest.fixture
def kp():
    return run_kp


def free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The DPO that dashboard_server() adds to a register so that browser tests can sign in.
TEST_USER, TEST_PASSWORD = "test-dpo", "test-dpo-password"


class ServerURL(str):
    """The dashboard's base URL, also carrying the test DPO's sign-in (`.user`, `.password`)."""

    user = TEST_USER
    password = TEST_PASSWORD


def ensure_user(db_path: Path, name: str = TEST_USER, password: str = TEST_PASSWORD, role: str = "dpo") -> None:
    """Add a dashboard user to the register unless it is there already."""
    from kpcore import auth

    r = db.Register(db_path)
    with r.read() as q:
        if auth.get_user(q, name) is not None:
            return
    auth.add_user(r, name, role, password, actor="test")


@contextlib.contextmanager
def dashboard_server(db_path: Path, extra_env: dict | None = None):
    """`kp serve` on a free port; yields the base URL (a ServerURL) once /_stcore/health
    answers ok. The register gets the test DPO (TEST_USER / TEST_PASSWORD): sign in with
    sign_in(page)."""
    if Path(db_path).is_file():
        ensure_user(Path(db_path))
    port = free_port()
    env = dict(os.environ, **(extra_env or {}))
    proc = subprocess.Popen([*KP_CMD, "serve", "--db", str(db_path), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    url = ServerURL(f"http://127.0.0.1:{port}")
    try:
        deadline = time.time() + 60
        while True:
            try:
                if urllib.request.urlopen(url + "/_stcore/health", timeout=2).read().decode().strip() == "ok":
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                raise RuntimeError(f"dashboard did not start:\n{out[-3000:]}")
            time.sleep(0.3)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, 15)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)
        time.sleep(0.5)
        with contextlib.suppress(ProcessLookupError):  # also a Streamlit child still busy after `kp serve` ended
            os.killpg(proc.pid, 9)


@pytest.fixture
def browser():
    """A headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run the README's test command, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def wait_streamlit(page, timeout: float = 60.0, settle: float = 1.5) -> None:
    """Wait until Streamlit has finished running the script and the page has stopped changing.

    A click reaches the server a moment before the app says it is running again; on a
    loaded machine that gap can be long, so the page must stay idle and unchanged for
    `settle` seconds, judged by the app's own script state and its text.
    """
    deadline = time.time() + timeout
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout * 1000)
    app = page.locator('[data-testid="stApp"]')
    last, since = None, time.time()
    while time.time() < deadline:
        state = app.get_attribute("data-test-script-state") or ""
        busy = state in ("running", "rerunRequested", "initial") or \
            page.locator('[data-testid="stStatusWidget"]').count() > 0
        text = page.inner_text("body")
        if busy or text != last:
            last, since = text, time.time()
        elif time.time() - since >= settle:
            return
        time.sleep(0.25)


def sign_in(page, user: str = TEST_USER, password: str = TEST_PASSWORD, *, expect_ok: bool = True) -> None:
    """Fill in the dashboard's sign-in form (on the page that shows it) and wait."""
    wait_streamlit(page)
    page.wait_for_selector('input[type="password"]', timeout=30000)
    page.locator('[data-testid="stTextInput"] input:not([type="password"])').first.fill(user)
    page.locator('input[type="password"]').first.fill(password)
    page.locator('[data-testid="stFormSubmitButton"] button').first.click()
    wait_streamlit(page)
    if expect_ok:
        page.wait_for_selector('[data-testid="stSidebarNav"]', timeout=30000)
        wait_streamlit(page)


def app_test(view: str, db_path: Path, lang: str = "fi", session: dict | None = None):
    """An AppTest of one view script with the register (and optional session state) set.

    The session is signed in as a DPO (user 'test-dpo', role 'dpo') unless `session`
    says otherwise, e.g. {"role": "viewer"}.
    """
    from streamlit.testing.v1 import AppTest

    if str(ROOT / "dashboard") not in sys.path:  # `streamlit run app.py` puts it there too
        sys.path.insert(0, str(ROOT / "dashboard"))
    os.environ["KP_DB"] = str(db_path)
    at = AppTest.from_file(str(ROOT / "dashboard" / "views" / f"{view}.py"), default_timeout=30)
    at.session_state["lang"] = lang
    at.session_state["user"] = TEST_USER
    at.session_state["role"] = "dpo"
    for k, v in (session or {}).items():
        at.session_state[k] = v
    return at


def shown(markdown: str) -> str:
    """The text a Markdown element shows: kpcore.safety.md's backslash escapes and invisible
    word joiners removed (AppTest gives an element's Markdown source, not what renders)."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def nav_to(page, view: str) -> None:
    """Click the sidebar link of a view (by its url_path; the default view's link is '/')."""
    links = page.locator('[data-testid="stSidebarNav"] a')
    for i in range(links.count()):
        href = (links.nth(i).get_attribute("href") or "").rstrip("/")
        if href.endswith("/" + view) or (view == "overview" and href.count("/") == 2):
            links.nth(i).click()
            wait_streamlit(page)
            return
    raise AssertionError(f"no sidebar link to {view}")
