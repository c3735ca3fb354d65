"""The notice's completeness is worked out once per read-only unit of work (issue 18 §5: the access
report asked for it six times per `kp sar`), and never served stale or shared between callers."""
from __future__ import annotations

from kpcore import notice
from kpcore.notice import requirements


def _counting(monkeypatch):
    calls = []
    real = requirements.facts

    def facts(q, lang="fi"):
        calls.append(lang)
        return real(q, lang)
    monkeypatch.setattr(requirements, "facts", facts)
    return calls


def test_one_read_works_it_out_once_per_language(reg, monkeypatch):
    calls = _counting(monkeypatch)
    with reg.read() as q:
        first = notice.completeness(q, "fi")
        assert notice.completeness(q, "fi") == first
        notice.blocking_lines(q, ["fi"], "fi")
        notice.completeness(q, "en")
    assert calls == ["fi", "en"]


def test_callers_get_their_own_rows(reg):
    with reg.read() as q:
        rows = notice.completeness(q, "fi")
        rows[0]["blocking"] = True
        rows.clear()
        again = notice.completeness(q, "fi")
    assert len(again) == 15 and "blocking" not in again[0]


def test_a_new_read_and_a_writer_see_the_register_as_it_is_now(reg, monkeypatch):
    with reg.read() as q:
        before = {r["item"]: r for r in notice.completeness(q, "fi")}[1]
    assert before["status"] == "present"
    with reg.write("test", "test.blank") as w:
        w.sql("UPDATE controller SET street = ''")
        calls = _counting(monkeypatch)
        assert {r["item"]: r for r in notice.completeness(w, "fi")}[1]["status"] == "missing"
        notice.completeness(w, "fi")
        assert calls == ["fi", "fi"]  # a writer may change the facts between calls: no memo
    with reg.read() as q:
        assert {r["item"]: r for r in notice.completeness(q, "fi")}[1]["status"] == "missing"
