"""`kp purge` at a terminal shows what would go and asks before deleting (issue 16 §3)."""
from __future__ import annotations

import os
import pty
import sys
import time

from conftest import ROOT


def _at_a_terminal(args: list[str], answer: str) -> tuple[int, str]:
    """Runs `kp ARGS` on a pseudo-terminal, answers the question, returns (exit code, output)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: kp, as a person at a terminal would run it
        os.chdir(ROOT)
        os.execvp(sys.executable, [sys.executable, "-m", "kpcore.cli", *args])
    out, answered, deadline = b"", False, time.time() + 120
    while time.time() < deadline:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
        if not answered and b"[y/N]" in out:
            os.write(fd, answer.encode() + b"\n")
            answered = True
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out.decode(errors="replace")


def _links(reg) -> int:
    with reg.read() as q:
        return q.sql("SELECT count(*) FROM contact_purpose").fetchone()[0]


def test_purge_at_a_terminal_asks_first_and_no_deletes_nothing(demo_reg):
    before = _links(demo_reg)
    code, out = _at_a_terminal(["purge", "--db", str(demo_reg.path), "--today", "2030-01-01"], "n")
    assert "would delete (dry run, nothing changed)" in out and "Delete these for good?" in out
    assert code == 1 and "nothing deleted" in out
    assert _links(demo_reg) == before
    code, out = _at_a_terminal(["purge", "--db", str(demo_reg.path), "--today", "2030-01-01"], "k")
    assert code == 0 and "deleted" in out.split("[y/N]")[1]
    assert _links(demo_reg) < before


def test_purge_with_yes_or_from_a_script_does_not_ask(demo_reg, kp):
    before = _links(demo_reg)
    code, out = _at_a_terminal(["purge", "--yes", "--db", str(demo_reg.path), "--today", "2030-01-01"], "n")
    assert code == 0 and "[y/N]" not in out and _links(demo_reg) < before
    res = kp("purge", "--today", "2031-01-01", db_path=demo_reg.path)  # no terminal: a cron job
    assert res.returncode == 0 and "[y/N]" not in res.stdout
