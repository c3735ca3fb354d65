"""Issue #15 §6: lock-out and back-off are the same whether or not the user exists. On f5bb249
a known name got "wait N s" after three failures while an unknown one never did, so the
messages told an attacker which names are accounts."""
from __future__ import annotations

import datetime as dt

import pytest

from kpcore import auth


def _attempts(reg, name: str, n: int, start: dt.datetime) -> list[tuple[str, int]]:
    seen = []
    now = start
    for _ in range(n):
        with pytest.raises(auth.SignInFailed) as err:
            auth.sign_in(reg, name, "wrong password here", now=now)
        seen.append((str(err.value), err.value.wait_seconds))
        now += dt.timedelta(seconds=1)  # the next try comes before any wait has passed
    return seen


def test_known_and_unknown_names_get_the_same_messages_and_waits(reg):
    auth.add_user(reg, "pekka", "dpo", "oikea-salasana-123")
    start = dt.datetime(2026, 12, 1, 10, 0, 0)
    known = _attempts(reg, "pekka", 14, start)
    unknown = _attempts(reg, "ei-ketaan", 14, start)
    assert known == unknown
    assert any("Too many failed attempts" in m for m, _ in known)  # the back-off is really there
    assert known[-1][1] > 0
