"""Every dashboard view renders without exception (AppTest), in Finnish, Swedish and English."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, app_test, shown

VIEWS = sorted(p.stem for p in (ROOT / "dashboard" / "views").glob("*.py") if p.stem != "__init__")


def test_the_views_are_the_ones_the_navigation_declares():
    app = (ROOT / "dashboard" / "app.py").read_text()
    for view in VIEWS:
        assert f'"views/{view}.py"' in app, view
    assert {"overview", "contacts", "requests", "processors", "notice", "compliance"} <= set(VIEWS)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize("view", VIEWS)
def test_view_renders_without_exception(view, lang, demo_reg):
    at = app_test(view, demo_reg.path, lang=lang)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, f"{view} shows no title"


def test_overview_shows_controller_dpo_and_counts(demo_reg):
    at = app_test("overview", demo_reg.path, lang="en")
    at.run()
    text = shown(" ".join(m.value for m in at.markdown))
    assert "KuntaPlus-projektipalvelu" in text and "Kivikaarenkatu 21" in text
    assert "pekka.vaatanen@kuntaplus.fi" in text
    people = next(m for m in at.metric if m.label == "People")
    with demo_reg.read() as q:
        n = q.value("count_contacts")
    assert people.value.replace(" ", "") == str(n)
