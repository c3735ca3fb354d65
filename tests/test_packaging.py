"""A normal `pip install .` (not editable) gives a working `kp` and a working dashboard."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import ROOT, free_port, sign_in, wait_streamlit


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    target = tmp_path_factory.mktemp("site")
    res = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(ROOT)],
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-2000:]
    return target


def _env(target):
    # PYTHONPATH puts the installed copy ahead of the checkout's editable install
    return dict(os.environ, PYTHONPATH=str(target))


def test_installed_copy_carries_sql_fonts_and_dashboard(installed):
    pkg = installed / "kpcore"
    for rel in ["sql/schema.sql", "sql/queries/base.sql", "pdf/fonts/DejaVuSans.ttf", "dashboard/app.py",
                "dashboard/ui.py", "dashboard/auth.py", "dashboard/views/overview.py", "dashboard/views/audit.py",
                "dashboard/icon.png", "locale/fi/LC_MESSAGES/kp.mo", "locale/sv/LC_MESSAGES/kp.mo",
                "locale/en/LC_MESSAGES/kp.mo"]:
        assert (pkg / rel).is_file(), rel
    assert (installed / "bin" / "kp").is_file()


@pytest.mark.browser
def test_installed_kp_creates_a_register_and_serves_the_dashboard(installed, tmp_path, browser):
    env = _env(installed)
    code = ("import kpcore, kpcore.sqlfiles, kpcore.serve; print(kpcore.__file__); "
            "print(kpcore.sqlfiles.sql_dir()); print(kpcore.serve.dashboard_dir())")
    where = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, check=True)
    assert all(line.startswith(str(installed)) for line in where.stdout.split()), where.stdout
    db_path = tmp_path / "r.duckdb"
    res = subprocess.run([str(installed / "bin" / "kp"), "init", "--demo", "--contacts", "50", "--db", str(db_path)],
                         capture_output=True, text=True, env=env, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    port = free_port()
    proc = subprocess.Popen([str(installed / "bin" / "kp"), "serve", "--db", str(db_path), "--port", str(port)],
                            env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        first = proc.stdout.readline().decode()
        assert f"http://127.0.0.1:{port}" in first
        for _ in range(100):
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                pass
            time.sleep(0.3)
        else:  # on f5bb249 the loop ended quietly and the test went on against no server
            pytest.fail(f"the installed dashboard did not answer /_stcore/health (exit code {proc.poll()})")
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/?lang=en")
        wait_streamlit(page)
        assert "Kivikaarenkatu" not in page.inner_text("body")  # nothing before sign-in
        sign_in(page, "dpo", "demo")  # the documented demo user of `kp init --demo`
        assert "Kivikaarenkatu 21" in page.inner_text("body")
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=10)
