"""Issue #15 §6: the register, its WAL, backups, exports and rejected-rows files are created
0600 whatever the umask. On f5bb249 `kp init` made a 0644 register and the rejected rows of an
import were written 0644 beside the source file."""
from __future__ import annotations

import os
import stat

import pytest

from kpcore import db, imports


def _mode(p) -> int:
    return stat.S_IMODE(os.stat(p).st_mode)


@pytest.fixture
def lax_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_kp_init_import_backup_and_exports_are_0600(tmp_path, kp, lax_umask):
    path = tmp_path / "r.duckdb"
    assert kp("init", db_path=path).returncode == 0
    src = tmp_path / "in.csv"
    src.write_text("email,name,purpose,source,collected_at\nok@x.fi,Ok,sales_marketing,public,2026-01-05\n"
                   "bad,Bad,sales_marketing,public,2026-01-05\n", encoding="utf-8")
    res = kp("import", "contacts", str(src), "--skip-invalid", db_path=path)
    assert res.returncode == 0, res.stderr
    out = tmp_path / "record.xlsx"
    assert kp("record", "--format", "xlsx", "--out", str(out), db_path=path).returncode == 0
    res = kp("backup", str(tmp_path / "bk"), db_path=path)
    assert res.returncode == 0, res.stderr
    made = [path, tmp_path / "in.rejected.csv", out] + [p for p in (tmp_path / "bk").rglob("*") if p.is_file()]
    if (tmp_path / "r.duckdb.wal").exists():
        made.append(tmp_path / "r.duckdb.wal")
    assert len(made) > 4
    assert {str(p.relative_to(tmp_path)): oct(_mode(p)) for p in made if _mode(p) & 0o077} == {}


def test_the_library_creates_the_register_and_its_wal_0600(tmp_path, lax_umask):
    reg = db.create(tmp_path / "r.duckdb")
    assert _mode(reg.path) == 0o600
    with reg.write("t", "t.x") as w:
        w.sql("INSERT INTO contact (email, name) VALUES ('a@x.fi', 'A')")
        wal = tmp_path / "r.duckdb.wal"
        assert not wal.exists() or _mode(wal) == 0o600
    (tmp_path / "plain.txt").write_text("x")
    assert _mode(tmp_path / "plain.txt") == 0o644  # the process's umask is given back


def test_the_rejected_rows_file_of_the_library_is_0600(reg, tmp_path, lax_umask):
    src = tmp_path / "in.csv"
    src.write_text("email,name,purpose,source,collected_at\nok@x.fi,Ok,sales_marketing,public,2026-01-05\n"
                   "bad,Bad,sales_marketing,public,2026-01-05\n", encoding="utf-8")
    res = imports.import_file(reg, src, actor="t", skip_invalid=True)
    assert _mode(res.rejected_csv) == 0o600


def test_kp_in_process_leaves_the_callers_umask_as_it_was(reg):
    """kp makes its own files 0600 by setting umask 077 for the command; a program calling
    kpcore.cli.main() in its own process gets its umask back (a left-behind 077 once made the
    test suite's Dovecot unable to read its password file)."""
    import os

    from kpcore import cli

    old = os.umask(0o022)
    try:
        assert cli.main(["audit", "verify", "--db", str(reg.path)]) == 0
        try:
            cli.main(["nosuch"])
        except SystemExit:
            pass
        assert os.umask(0o022) == 0o022
    finally:
        os.umask(old)
