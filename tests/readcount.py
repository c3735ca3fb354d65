"""A read that counts how often it is really computed (tests/test_read_caches.py): ui.read caches
by module and name, so it lives in a module of its own."""
CALLS: list[int] = []


def contacts(q) -> int:
    CALLS.append(1)
    return q.sql("SELECT count(*) FROM contact").fetchall()[0][0]
