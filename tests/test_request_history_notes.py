"""Issue #16 §4 (no English on a Finnish screen): the notes the program writes in a request's
history read in the reader's language, a day as that language writes it; the DPO's own notes
and the stored English stay as written."""
from __future__ import annotations

import datetime as dt

from kpcore import request_history, requests as reqs
from kpcore.request_history import note_text

D = dt.date


def test_a_request_history_reads_in_finnish_and_swedish(reg):
    r = reqs.add(reg, "dpo", type="access", email="a@b.fi", received_on=D(2026, 10, 2), today=D(2026, 10, 2))
    reqs.await_identity(reg, "dpo", r["id"], on=D(2026, 10, 3), today=D(2026, 10, 20))
    reqs.identity_received(reg, "dpo", r["id"], on=D(2026, 10, 13), today=D(2026, 10, 20))
    r = reqs.close(reg, "dpo", r["id"], on=D(2026, 10, 20), note="vastattu postitse", today=D(2026, 10, 20))
    events = [(e["action"], e["note"]) for e in r["events"]]
    # stored as written, in English (older registers and --json read it)
    assert events[:3] == [("received", "matched 0"), ("identity_requested", "asked 2026-10-03"),
                          ("identity_received", "arrived 2026-10-13; paused 10 days")]
    fi = [note_text(a, n, "fi") for a, n in events]
    sv = [note_text(a, n, "sv") for a, n in events]
    assert fi == ["rekisteristä löytyi 0 henkilöä", "pyydetty 3.10.2026",
                  "saapui 13.10.2026; määräaika oli pysähdyksissä 10 päivää", "vastattu postitse"]
    assert sv == ["0 personer hittades i registret", "begärt 3.10.2026",
                  "inkom 13.10.2026; tidsfristen stod stilla i 10 dagar", "vastattu postitse"]
    assert [note_text(a, n, "en") for a, n in events][:3] == [n for _, n in events][:3]


def test_every_note_the_program_writes_has_a_translation_that_keeps_its_values():
    samples = {"received": ("matched 2", ["2"]), "identity_requested": ("asked 2026-01-31", ["31.1.2026"]),
               "identity_received": ("arrived 2026-02-02; paused 5 days", ["2.2.2026", "5"]),
               "ip_confirmed": ("confirmed 2026-03-01", ["1.3.2026"]),
               "passed_to_controller": ("on 2026-03-02", ["2.3.2026"]), "person_linked": ("contact 17", ["17"]),
               "erased": ("1 person(s), 3 link(s)", ["1", "3"]),
               "erased_partly": ("2 link(s); kept: customer_relationship", ["2", "customer_relationship"]),
               "objection_applied": ("4 link(s) removed", ["4"])}
    assert set(samples) == set(request_history.NOTES)
    for action, (note, values) in samples.items():
        for lang in ("fi", "sv"):
            text = note_text(action, note, lang)
            assert text != note and all(v in text for v in values), (action, lang, text)
            assert "link(s)" not in text and "person(s)" not in text, (action, lang, text)


def test_a_note_of_another_shape_or_action_is_shown_as_written():
    assert note_text("received", "something else", "fi") == "something else"
    assert note_text("completed", "matched 3", "fi") == "matched 3"  # the DPO's own words
    assert note_text("received", None, "fi") == ""
