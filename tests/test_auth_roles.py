"""What a viewer sees in each view: summaries, never a person's page, an export of personal
data or a control that changes anything; and each refused page is audited."""
from __future__ import annotations

import pytest

from conftest import app_test, shown
from kpcore import audit

VIEWER = {"user": "viivi", "role": "viewer"}
WRITE_WORDS = ("Save", "Tallenna", "Record", "Kirjaa", "Import", "Tuo", "Publish", "Julkaise", "Confirm", "Vahvista",
               "Truncate", "Lyhennä", "Add", "Lisää", "Erase", "Poista", "Log access", "Prepare CSV", "End", "Issue")


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [t.value for t in at.title] + [c.value for c in at.caption]
    parts += [e.value for e in at.error] + [e.value for e in at.info] + [e.value for e in at.warning]
    parts += [str(m.value) for m in at.metric] + [h.value for h in at.header] + [h.value for h in at.subheader]
    for df in at.dataframe:
        parts.append(df.value.to_string())
    return shown("\n".join(parts))


def _secrets(demo_reg, n=50) -> list[str]:
    """Personal data a summary must not show: people's emails, requesters' names, visitors' IPs."""
    with demo_reg.read() as q:
        out = [r[0] for r in q.sql("SELECT email FROM contact ORDER BY id LIMIT ?", [n]).fetchall()]
        out += [r[0] for r in q.sql("SELECT requester_name FROM subject_request WHERE requester_name IS NOT NULL").fetchall()]
        out += [r[0] for r in q.sql("SELECT ip FROM web_visit ORDER BY visited_at DESC LIMIT ?", [n]).fetchall()]
    return out


def _denied(reg):
    with reg.read() as q:
        return audit.events(q, action="access.denied")


def _writing_controls(at) -> list[str]:
    labels = [b.label for b in at.button] + [getattr(d, "label", "") for d in at.get("download_button")]
    return [lb for lb in labels if any(w in lb for w in WRITE_WORDS)]


@pytest.mark.parametrize("view", ["overview", "contacts", "requests", "processors", "notice", "web", "compliance",
                                  "breaches"])
def test_a_viewer_sees_summaries_without_personal_data_or_controls_that_change(view, demo_reg):
    at = app_test(view, demo_reg.path, lang="en", session=VIEWER).run()
    assert not at.exception, [e.value for e in at.exception]
    text = _texts(at)
    leaked = [e for e in _secrets(demo_reg) if e in text]
    assert not leaked, leaked[:3]
    assert not _writing_controls(at), _writing_controls(at)
    assert not at.get("file_uploader")
    assert not _denied(demo_reg)  # these pages are allowed: nothing refused


@pytest.mark.parametrize("view", ["contacts", "requests", "web"])
def test_the_same_views_show_the_dpo_personal_data_and_controls(view, demo_reg):
    """The other side of the viewer test: it would notice a leak."""
    session = {"contacts_tab": "People"} if view == "contacts" else {}  # its tabs render only when open
    at = app_test(view, demo_reg.path, lang="en", session=session).run()
    assert not at.exception
    text = _texts(at)
    assert [e for e in _secrets(demo_reg) if e in text] and _writing_controls(at)


def test_the_dpo_sees_the_people_and_the_controls(demo_reg):
    at = app_test("contacts", demo_reg.path, lang="en").run()
    assert not at.exception and len(at.tabs) == 4
    viewer = app_test("contacts", demo_reg.path, lang="en", session=VIEWER).run()
    assert len(viewer.tabs) == 0 and "As a viewer you see the summaries." in _texts(viewer)


@pytest.mark.parametrize("view, param, object_type", [("contacts", "person", "contact"), ("requests", "request", "request")])
def test_a_viewer_is_refused_a_persons_page_and_the_attempt_is_audited(view, param, object_type, demo_reg):
    with demo_reg.read() as q:
        if view == "contacts":
            oid, secret = q.sql("SELECT id, email FROM contact ORDER BY id LIMIT 1").fetchall()[0]
        else:
            oid, secret = q.sql("SELECT id, requester_email FROM subject_request WHERE requester_email IS NOT NULL"
                                " ORDER BY id LIMIT 1").fetchall()[0]
    at = app_test(view, demo_reg.path, lang="en", session=VIEWER)
    at.query_params[param] = str(oid)
    at.run()
    assert not at.exception
    assert any("You are not allowed" in e.value for e in at.error)
    assert secret not in _texts(at)
    denied = _denied(demo_reg)
    assert [(d["actor"], d["object_type"], d["object_id"]) for d in denied] == [("viivi", object_type, str(oid))]
    with demo_reg.read() as q:  # and no "viewed" event: nothing was shown
        assert not [e for e in audit.events(q, actor="viivi") if e["action"] != "access.denied"]
    dpo = app_test(view, demo_reg.path, lang="en")
    dpo.query_params[param] = str(oid)
    dpo.run()
    assert not dpo.exception and secret in _texts(dpo)


def test_a_hostile_link_stays_out_of_the_audit_log(demo_reg):
    at = app_test("contacts", demo_reg.path, lang="en", session=VIEWER)
    at.query_params["person"] = "<script>alert(1)</script>'; DROP TABLE contact; --"
    at.run()
    assert not at.exception and any("You are not allowed" in e.value for e in at.error)
    assert [(d["object_type"], d["object_id"]) for d in _denied(demo_reg)] == [("contact", None)]
