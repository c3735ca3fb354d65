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
