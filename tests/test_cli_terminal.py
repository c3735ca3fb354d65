"""Issue #15 §1: the CLI never prints a raw escape sequence to a terminal. A person stored with
ESC and BEL in the name (as an older tool could have left it) is shown by
`kp contacts find` on a real pseudo-terminal with the control characters as <U+001B>, <U+0007>.
On f5bb249 the terminal received the raw ESC sequence."""
from __future__ import annotations

import os
import pty
import subprocess
import sys

from conftest import ROOT


def _on_a_terminal(args) -> str:
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "kpcore.cli", *args], stdout=slave, stderr=slave, cwd=ROOT)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=120)
    os.close(master)
    return out.decode("utf-8", errors="replace")


def test_kp_contacts_find_on_a_terminal_shows_escapes_as_text(reg):
    with reg.write("test", "test.hostile") as w:
        w.sql("INSERT INTO contact (email, name, organisation) VALUES ('evil@x.fi', ?, ?)",
              ["Evil\x1b[2J\x1b]0;pwned\x07Name\u202e", "Org\x1b[31m"])
    out = _on_a_terminal(["contacts", "find", "evil", "--db", str(reg.path)])
    assert "Evil<U+001B>[2J<U+001B>]0;pwned<U+0007>Name<U+202E>" in out, out
    assert "\x1b" not in out and "\x07" not in out
    # a pipe or a log gets the same safe text (one policy, kpcore.cli._TerminalSafe): the escape
    # would act later, in `less -R` or a terminal showing the log
    piped = subprocess.run([sys.executable, "-m", "kpcore.cli", "contacts", "find", "evil", "--db", str(reg.path)],
                           capture_output=True, text=True, cwd=ROOT)
    assert "Evil<U+001B>[2J" in piped.stdout and "\x1b" not in piped.stdout + piped.stderr


def test_json_output_keeps_the_data_exact(reg):
    """Machine output is not rewritten: JSON writes the control characters as \\u001b itself,
    and a bidi override stays the character it is (a program reads it, not a person)."""
    import json

    with reg.write("test", "test.hostile") as w:
        w.sql("INSERT INTO contact (email, name, organisation) VALUES ('evil@x.fi', ?, ?)",
              ["Evil\x1b[2J\u202eName", "Org"])
    res = subprocess.run([sys.executable, "-m", "kpcore.cli", "contacts", "find", "evil", "--json", "--db", str(reg.path)],
                         capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    assert "\x1b" not in res.stdout and "\\u001b" in res.stdout
    assert json.loads(res.stdout)[0]["name"] == "Evil\x1b[2J\u202eName"
