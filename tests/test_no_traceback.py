"""Issue #15 §4: no traceback, ever. A register busy with another program's long write, a full
disk and every other KpError reach the user as their plain message, in every view and in the
CLI; Streamlit's own error details are off outside development.

On f5bb249 the notice and processors views showed a traceback while another program wrote, and
`kp import` on a full disk printed one (DuckDB's "Failed to commit ... File too large").
"""
from __future__ import annotations

import resource
import signal
import subprocess
import sys

import pytest

from conftest import ROOT, app_test
from kpcore import db, serve
from kpcore.errors import RegisterBusy

VIEWS = ["overview", "contacts", "requests", "processors", "web", "notice", "compliance", "breaches", "audit"]
DEEP = [("contacts", "person", "1"), ("requests", "request", "1"), ("processors", "engagement", "1"),
        ("breaches", "breach", "1")]
BUSY = "The register is in use by another program (test). Try again when it has finished."


@pytest.fixture
def busy(monkeypatch):
    """Every open of any register fails as it does when another process holds the lock."""
    def refuse(self, writable):
        raise RegisterBusy(BUSY)

    monkeypatch.setattr(db.Register, "_connect", refuse)


def _check(at, where):
    at.run()
    assert not at.exception, f"{where}: {[e.value for e in at.exception]}"
    assert any(BUSY in e.value for e in at.error), f"{where}: the busy message is not shown"


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_shows_a_busy_register_plainly(tmp_path, busy, view):
    db_path = tmp_path / f"busy-{view}.duckdb"  # a path of its own: nothing cached from another test
    db_path.write_bytes(b"")
    _check(app_test(view, db_path, lang="en"), view)


@pytest.mark.parametrize("view,param,value", DEEP)
def test_every_deep_link_shows_a_busy_register_plainly(tmp_path, busy, view, param, value):
    db_path = tmp_path / f"busy-{view}-{param}.duckdb"
    db_path.write_bytes(b"")
    at = app_test(view, db_path, lang="en")
    at.query_params[param] = value
    _check(at, f"{view}?{param}={value}")


@pytest.mark.parametrize("mb,expected", [(None, 50), ("7", 7), ("0.5", 1)])
def test_streamlit_error_details_are_off_and_uploads_bounded(monkeypatch, mb, expected):
    if mb is None:
        monkeypatch.delenv("KP_IMPORT_MAX_MB", raising=False)
    else:
        monkeypatch.setenv("KP_IMPORT_MAX_MB", mb)
    cmd = serve.command(8501)
    assert cmd[cmd.index("--client.showErrorDetails") + 1] == "none"
    assert int(cmd[cmd.index("--server.maxUploadSize") + 1]) == expected  # the same limit as kp import


def _full_disk():
    """The child may write at most 4 KiB into any file: every bigger write fails as on a full disk."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_kp_import_on_a_full_disk_says_so_plainly(tmp_path):
    path = tmp_path / "r.duckdb"
    db.create(path)
    src = tmp_path / "in.csv"
    src.write_text("email,name,purpose,source,collected_at\n" + "".join(
        f"p{i}@x.fi,Person {i},sales_marketing,public,2026-01-05\n" for i in range(5000)), encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "kpcore.cli", "import", "contacts", str(src), "--db", str(path)],
                         capture_output=True, text=True, preexec_fn=_full_disk, cwd=ROOT, timeout=300)
    assert res.returncode == 1, res.stderr
    assert "Traceback" not in res.stderr and "The disk is full; nothing was saved" in res.stderr
    with db.Register(path).read() as q:
        assert q.sql("SELECT count(*) FROM contact").fetchall()[0][0] == 0


def test_kp_writing_a_file_to_a_full_disk_says_so_plainly(reg):
    res = subprocess.run([sys.executable, "-m", "kpcore.cli", "record", "--format", "pdf", "--out", "/dev/full",
                          "--db", str(reg.path)], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert "No space left on device" in res.stderr
