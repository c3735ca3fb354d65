"""`kp serve`: prints its URL, serves the register, and stops whole when told to."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.request

from conftest import free_port, run_kp


def _healthy(port: int) -> bool:
    try:
        return urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).read() == b"ok"
    except OSError:
        return False


def test_sigterm_stops_the_dashboard_and_leaves_no_server_behind(tmp_path):
    path = tmp_path / "r.duckdb"
    run_kp("init", db_path=path, check=True)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kpcore.cli", "serve", "--db", str(path), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert f"http://127.0.0.1:{port}" in proc.stdout.readline()
        deadline = time.time() + 60
        while not _healthy(port):
            assert time.time() < deadline, "dashboard never answered"
            time.sleep(0.3)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
        time.sleep(0.5)
        assert not _healthy(port), "a Streamlit server outlived kp serve"
    finally:
        if proc.poll() is None:
            proc.kill()


def test_serve_without_a_register_says_how_to_make_one(tmp_path):
    res = run_kp("serve", db_path=tmp_path / "none.duckdb")
    assert res.returncode != 0
    assert "kp init" in res.stderr and "Traceback" not in res.stderr


def test_the_server_runs_no_full_garbage_collection_after_every_script_run():
    """Streamlit's default gc.collect(2) after each run held the GIL 0.1-0.5 s on a 1M register
    (issue 16 §6): the run's last messages and every rerun waited for it."""
    from kpcore import serve

    cmd = serve.command(8501)
    assert cmd[cmd.index("--runner.postScriptGC") + 1] == "false"


def test_the_server_is_started_through_kpcore_serve_which_preloads_then_hands_over_to_streamlit():
    """The first browser's first runs no longer import DuckDB, pandas or the favicon's image
    libraries while a person waits (issue 16 §6): `kp serve` starts Streamlit through
    `python -m kpcore.serve`, which imports them first and then runs Streamlit's own command line."""
    from kpcore import serve

    cmd = serve.command(8501)
    assert cmd[1:4] == ["-m", "kpcore.serve", "run"] and cmd[4].endswith("app.py")
    code = ("import sys; from kpcore import serve; serve.preload(); "
            "print([m for m in serve.PRELOAD if m not in sys.modules]); "
            "import streamlit.delta_generator as dg; print(dg._use_warning_has_been_displayed)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "[]", out  # every listed module is there (a misspelt one would be missing)
    assert out[1] == "True"
    # after the preload, Streamlit's own command line: `python -m kpcore.serve version` is `streamlit version`
    res = subprocess.run([sys.executable, "-m", "kpcore.serve", "version"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0 and "Streamlit, version" in res.stdout, res.stdout + res.stderr


def test_a_new_server_visits_its_own_sign_in_page_once_before_anyone_comes(tmp_path):
    """kpcore.serve.warm_up: the first person after a (re)start does not pay for the server's first
    session, script run and opening of the register (issue 16 §6). The visit runs the sign-in
    page as a browser without a cookie would: nobody is signed in, nothing is audited."""
    from kpcore import audit, db

    path = tmp_path / "r.duckdb"
    run_kp("init", "--demo", "--contacts", "50", db_path=path, check=True)
    run_kp("user", "add", "pekka", "--role", "dpo", db_path=path, input="salasana-pitka-1\n", check=True)
    with db.Register(path).read() as q:
        events = audit.verify(q).events
    log = tmp_path / "timing.log"
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kpcore.cli", "serve", "--db", str(path), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=dict(__import__("os").environ, KP_TIMING_LOG=str(log)))
    try:
        deadline = time.time() + 60
        while not (log.is_file() and "sign-in" in log.read_text()):
            assert time.time() < deadline and proc.poll() is None, "the server never ran its sign-in page"
            time.sleep(0.2)
        assert _healthy(port)  # no browser has been here: the run was the server's own visit
        time.sleep(1.0)
        assert [line.split()[1] for line in log.read_text().splitlines()] == ["sign-in"]  # once
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
    with db.Register(path).read() as q:
        res = audit.verify(q)
    assert res.ok and res.events == events  # drawing the sign-in form records nothing


def test_warm_up_gives_up_quietly_where_no_server_answers():
    from kpcore import serve

    t0 = time.time()
    assert serve.warm_up(free_port(), timeout=1.0) is False
    assert time.time() - t0 < 5
    assert serve._port(["run", "app.py", "--server.port", "8765"]) == 8765
    assert serve._port(["run", "app.py"]) is None and serve._port(["--server.port", "x"]) is None
