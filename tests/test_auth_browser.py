"""In a real browser: a viewer cannot open a person's page, and the DPO's audit view shows the attempt."""
from __future__ import annotations

import pytest

from conftest import dashboard_server, run_kp, sign_in, wait_streamlit
from kpcore import db

pytestmark = pytest.mark.browser


def test_a_viewer_cannot_open_a_persons_page_and_the_audit_view_shows_it(tmp_path, browser):
    path = tmp_path / "demo.duckdb"
    run_kp("init", "--demo", "--contacts", "200", db_path=path, check=True)  # users dpo/demo and viewer/viewer
    with db.Register(path).read() as q:
        pid, name, email = q.sql("SELECT id, name, email FROM contact ORDER BY id LIMIT 1").fetchall()[0]
    with dashboard_server(path) as url:
        viewer = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        viewer.goto(f"{url}/contacts?person={pid}&lang=en")
        wait_streamlit(viewer)
        body = viewer.inner_text("body")
        assert email not in body and "Password" in body  # nothing before sign-in
        sign_in(viewer, "viewer", "viewer")
        body = viewer.inner_text("body")
        assert "You are not allowed to see this" in body
        assert name not in body and email not in body
        nav = viewer.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "Audit log" not in nav and "Overview" in nav

        dpo = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        dpo.goto(f"{url}/audit?lang=en")
        sign_in(dpo, "dpo", "demo")
        dpo.locator('[data-testid="stSelectbox"]').filter(has_text="Action").first.click()
        dpo.get_by_role("option", name="Refused attempts", exact=True).click()
        wait_streamlit(dpo)
        assert "1 events match" in dpo.inner_text("body")
        grid = dpo.locator('[data-testid="stDataFrame"]').first
        grid.wait_for()
        # The grid draws on a canvas; its text is also in the table Streamlit renders for screen readers.
        cells = grid.locator('[role="gridcell"]').all_text_contents()
        assert {"viewer", "Refused attempt", "Person", str(pid)} <= set(cells), cells  # names, not codes
        assert email not in dpo.inner_text("body")
        assert dpo.locator('[data-testid="stException"]').count() == 0
        assert viewer.locator('[data-testid="stException"]').count() == 0
    # `kp init` and the dashboard ran through tests/cheap_hashes.py: cheap hashes made by the test
    # profile, and not upgraded at sign-in (a server on the production profile would upgrade them)
    with db.Register(path).read() as q:
        hashes = [h for (h,) in q.sql("SELECT password_hash FROM app_user WHERE name IN ('dpo', 'viewer')").fetchall()]
    assert len(hashes) == 2 and all(h.startswith("$argon2id$v=19$m=8,t=1,p=1$") for h in hashes), hashes
