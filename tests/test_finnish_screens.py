"""Finnish that is Finnish (issue 16 §4), checked on what every view puts on the screen (AppTest):

- no Streamlit English placeholder ("Choose an option", "Choose options") in a select box: every
  st.selectbox / st.multiselect gets its placeholder in the chosen language;
- every date input shows d.m.yyyy (DD.MM.YYYY) in Finnish;
- dates in tables and texts are 1.12.2026 in Finnish: no ISO date, no leading zero, no date
  column that Streamlit would draw as 2026-12-01 unless its column format is the Finnish one.

Each view is run as it opens, and the views that open one object (a person, a request, a breach)
are run with that object too.
"""
from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd
import pytest

from conftest import app_test, shown

ENGLISH_PLACEHOLDERS = {"", "Choose an option", "Choose options", "Choose or add an option", "Choose or add options",
                        "Add an option", "Add options", "No options to select"}
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
LEADING_ZERO = re.compile(r"(?<![\d.])(0\d\.\d{1,2}\.\d{4}|\d{1,2}\.0\d\.\d{4})\b")


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    from kpcore import db, demo

    r = db.create(tmp_path_factory.mktemp("fi") / "demo.duckdb")
    demo.populate(r, contacts=300, visits=3000, seed=1)
    with r.read() as q:
        person = q.sql("SELECT min(contact_id) FROM request_subject").fetchone()[0]
        request = q.sql("SELECT min(request_id) FROM request_subject").fetchone()[0]
    return r.path, {"person": person, "request": request}


SCREENS = [("overview", None), ("contacts", None), ("contacts", "person"), ("requests", None),
           ("requests", "request"), ("systems", None), ("marketing", None), ("processors", None), ("web", None),
           ("notice", None), ("compliance", None), ("breaches", None), ("breaches", "breach"), ("audit", None)]


def _run(demo_path, view, param, lang):
    path, ids = demo_path
    at = app_test(view, path, lang=lang)
    if param:
        at.query_params[param] = str(ids.get(param, 4))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(at) -> list[str]:
    out = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "title", "header", "subheader"):
        out += [shown(str(e.value)) for e in getattr(at, kind)]
    out += [f"{m.label} {m.value}" for m in at.metric]
    return out


def _cells(at):
    """(table, column, value) of every cell of every st.dataframe / st.table, and the column configs."""
    for i, df in enumerate(at.dataframe):
        frame, config = df.value, json.loads(df.proto.columns or "{}")
        yield i, frame, config
    for i, t in enumerate(at.table):
        yield f"table{i}", t.value, {}


@pytest.mark.parametrize("view,param", SCREENS)
def test_select_boxes_speak_the_chosen_language(demo_path, view, param):
    for lang in ("fi", "en"):
        at = _run(demo_path, view, param, lang)
        for w in list(at.selectbox) + list(at.multiselect):
            ph = w.proto.placeholder
            assert ph.strip(), (lang, view, w.label, "Streamlit would show its own English placeholder")
            if lang == "fi":
                assert ph not in ENGLISH_PLACEHOLDERS, (view, w.label, ph)


@pytest.mark.parametrize("view,param", SCREENS)
def test_finnish_dates_are_d_m_yyyy(demo_path, view, param):
    at = _run(demo_path, view, param, "fi")
    for w in at.date_input:
        assert w.proto.format == "DD.MM.YYYY", (view, w.label, w.proto.format)
    for text in _texts(at):
        assert not ISO.search(text), (view, text[:200])
        assert not LEADING_ZERO.search(text), (view, text[:200])
    for table, frame, config in _cells(at):
        for col in frame.columns:
            series = frame[col]
            if pd.api.types.is_datetime64_any_dtype(series) or any(
                    isinstance(v, (dt.date, dt.datetime, pd.Timestamp)) for v in series.head(50)):
                fmt = (config.get(str(col), {}).get("type_config") or {}).get("format", "")
                assert fmt.startswith("D.M.YYYY"), (view, table, col, "a date column Streamlit draws as ISO")
                continue
            for v in series.head(200):
                if isinstance(v, str):
                    assert not ISO.search(v), (view, table, col, v)
                    assert not LEADING_ZERO.search(v), (view, table, col, v)


def test_the_patterns_catch_what_they_are_for():
    assert ISO.search("avattu 2026-12-01") and not ISO.search("1.12.2026")
    for bad in ("01.12.2026", "1.02.2026", "01.12.2026 11:00"):
        assert LEADING_ZERO.search(bad), bad
    for good in ("1.12.2026", "21.11.2026", "5.12.2026 klo 11.00", "v. 2026"):
        assert not LEADING_ZERO.search(good), good
