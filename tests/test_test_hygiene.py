"""Issue #15 §7: the test suite itself must be able to fail. These run in file order: the first
test sets KP_DB the way app_test does, the second checks it is gone again."""
from __future__ import annotations

import os

from conftest import app_test

_BEFORE = os.environ.get("KP_DB")


def test_app_test_sets_kp_db(tmp_path):
    app_test("overview", tmp_path / "r.duckdb")
    assert os.environ["KP_DB"] == str(tmp_path / "r.duckdb")


def test_kp_db_does_not_leak_into_the_next_test():
    assert os.environ.get("KP_DB") == _BEFORE  # on f5bb249 the previous test's register was still set
