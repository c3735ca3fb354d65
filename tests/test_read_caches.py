"""Issue 16 §6, fast as a person feels it: what keeps the dashboard's reads warm.

- An audit-only write (a person viewed, a download, a sign-in) keeps ui.read's cache; a data
  write empties it.
- Reads over every contact are made once per data version (Query.per_version), also when two threads
  ask at once, and never from a write's uncommitted data.
- Reads of one register run side by side in one process; a write waits for them.
- ui.warm_reads makes exactly the reads the views make (else warming would fill the cache with
  entries no view hits).
Timings are measured in tests/bench/bench.py, never here."""
from __future__ import annotations

import threading
import time

from conftest import app_test

import readcount
from kpcore import compliance, db


def _script():
    import streamlit as st

    import readcount
    import ui

    st.markdown(str(ui.read(readcount.contacts)))
    do = st.session_state.get("do")
    if do == "view":  # what viewing a person writes: an audit event only
        ui.register().record("test-dpo", "person.view", "contact", 1)
        ui.after_write()
    elif do == "download":  # a download: the file is built on click and its event written then
        from kpcore import contacts as kc

        ui.lazy_file(kc.labels, audit=("contacts.export", "contact", None, {"rows": 0}))()
    elif do == "change":
        with ui.register().write("test-dpo", "contact.add") as w:
            w.sql("INSERT INTO contact (email, name) VALUES ('uusi@tampere.fi', 'Uusi')")
        ui.after_write()
    st.session_state["do"] = None


def test_an_audit_only_write_keeps_the_read_cache_and_a_data_write_empties_it(demo_reg):
    from streamlit.testing.v1 import AppTest

    app_test("overview", demo_reg.path)  # sets KP_DB and puts dashboard/ on sys.path
    import streamlit as st

    st.cache_data.clear()
    readcount.CALLS.clear()
    at = AppTest.from_function(_script, default_timeout=60)
    at.session_state["role"] = "dpo"
    at.run()
    first = at.markdown[0].value
    assert len(readcount.CALLS) == 1 and not at.exception
    for do in ("view", "download"):
        at.session_state["do"] = do
        at.run()
        at.run()  # the next click after the event
        assert len(readcount.CALLS) == 1, do  # still the cached value
        assert at.markdown[0].value == first
    with demo_reg.read() as q:
        assert q.sql("SELECT count(*) FROM audit_log WHERE action IN ('person.view', 'contacts.export')").fetchall()[0][0] == 2
    at.session_state["do"] = "change"
    at.run()
    at.run()
    assert len(readcount.CALLS) == 2  # the data changed: read again
    assert int(at.markdown[0].value) == int(first) + 1


def test_contact_findings_are_computed_once_per_data_version(demo_reg, monkeypatch):
    made = []
    real = compliance._contact_findings_now

    def counted(q, today):
        made.append(today)
        time.sleep(0.2)  # long enough for the second thread to ask meanwhile
        return real(q, today)

    monkeypatch.setattr(compliance, "_contact_findings_now", counted)
    db._memo.clear()
    results = []

    def read():
        with demo_reg.read() as q:
            results.append(compliance.findings(q))

    threads = [threading.Thread(target=read) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(made) == 1 and results[0] == results[1]  # the second waited for the first
    with demo_reg.read() as q:
        compliance.findings(q, now=None)
    assert len(made) == 1
    with demo_reg.write("t", "contact.add") as w:  # inside a write: computed from its own data, not kept
        w.sql("INSERT INTO contact (email, name) VALUES ('uusi@tampere.fi', 'Uusi')")
        compliance.findings(w)
        assert len(made) == 2
    with demo_reg.read() as q:
        after = compliance.findings(q)
    assert len(made) == 3  # a new data version: made again
    assert [f for f in after if f.rule == "contact_without_purpose"]  # ... and it sees the new person


def test_reads_run_side_by_side_and_a_write_waits_for_them(demo_reg):
    inside = threading.Barrier(2, timeout=20)
    order = []

    def read(name):
        with demo_reg.read() as q:
            q.sql("SELECT count(*) FROM contact").fetchall()
            inside.wait()  # both readers are in at once: neither waits for the other to finish
            time.sleep(0.3)
            order.append(f"{name} done")

    readers = [threading.Thread(target=read, args=(n,)) for n in ("a", "b")]
    for t in readers:
        t.start()
    time.sleep(0.1)
    with demo_reg.write("t", "contact.add") as w:
        order.append("write")
        w.sql("INSERT INTO contact (email, name) VALUES ('uusi@tampere.fi', 'Uusi')")
    for t in readers:
        t.join()
    assert order[-1] == "write" and sorted(order[:2]) == ["a done", "b done"]


def test_the_warm_reads_are_the_views_own_reads(demo_reg, monkeypatch):
    at = app_test("overview", demo_reg.path)
    import ui

    warm = []
    ui.warm_reads(lambda fn, *args: (warm.append((fn.__module__, fn.__qualname__, args)),
                                     ui._cached(fn.__module__, fn.__qualname__, str(demo_reg.path),
                                                demo_reg.data_stamp(), args)[0])[1], "fi")
    made = []
    real = ui.read

    def recording(fn, *args):
        made.append((fn.__module__, fn.__qualname__, args))
        return real(fn, *args)

    monkeypatch.setattr(ui, "read", recording)
    views = ("contacts", "requests", "systems", "marketing", "processors", "web", "notice", "compliance", "breaches")
    for view in views:
        at = app_test(view, demo_reg.path)
        at.run(timeout=120)
        assert not at.exception, (view, [e.value for e in at.exception])
    missing = [w for w in warm if w not in made]
    assert not missing, f"warmed but no view reads it so: {missing}"
    del at


def _background_script():
    import streamlit as st

    import readcount
    import ui

    do = st.session_state.get("do")
    if do == "view":
        ui.register().record("test-dpo", "person.view", "contact", 1)
        ui.after_write()
    elif do == "change":
        with ui.register().write("test-dpo", "contact.add") as w:
            w.sql("INSERT INTO contact (email, name) VALUES ('uusi2@tampere.fi', 'Uusi')")
        ui.after_write()
    st.session_state["do"] = None
    value, current = ui.background(readcount.contacts, wait=30)
    st.markdown(f"{value} {current}")


def test_a_background_result_stays_current_after_an_audit_only_write(demo_reg):
    """ui.background (the overview's findings, seconds on a 1M register) follows the data, as
    read() does: the sign-in's own audit event no longer makes it compute again."""
    from streamlit.testing.v1 import AppTest

    app_test("overview", demo_reg.path)
    readcount.CALLS.clear()
    at = AppTest.from_function(_background_script, default_timeout=60)
    at.session_state["role"] = "dpo"
    at.run()
    count, current = at.markdown[0].value.split()
    assert current == "True" and len(readcount.CALLS) == 1
    at.session_state["do"] = "view"
    at.run()
    assert at.markdown[0].value == f"{count} True" and len(readcount.CALLS) == 1  # not computed again
    at.session_state["do"] = "change"
    at.run()
    assert at.markdown[0].value == f"{int(count) + 1} True" and len(readcount.CALLS) == 2


def test_the_sign_in_page_modules_do_not_import_duckdb():
    """The sign-in form is drawn before anything imports DuckDB (issue 16 §6: first load to the
    sign-in form): the dashboard's ui and auth modules and kpcore.auth import without it."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    code = ("import sys; sys.path[:0] = [{root!r}, {dash!r}]; import ui, auth; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('duckdb', 'pandas', 'pyarrow')))")
    out = subprocess.run([sys.executable, "-c", code.format(root=str(root), dash=str(root / "dashboard"))],
                         capture_output=True, text=True, cwd=root, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]", out.stdout


def test_reads_ahead_of_need_run_at_a_lower_cpu_priority():
    """ui.warm, ui.background: their threads lower their own CPU priority (nice +10, inherited by
    DuckDB's workers they start), so the page's own run gets the cores first (issue 16 §6)."""
    import os

    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "dashboard"))
    import ui

    seen = {}

    def work():
        before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        ui._yield_cpu()
        seen["change"] = (before, os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    t = threading.Thread(target=work)
    t.start()
    t.join()
    before, after = seen["change"]
    assert after == min(before + 10, 19)
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before  # this thread unchanged
