"""Breach clocks in the person's words in every language (issue 18 §1): the clock names, the time
left and the undue-delay limit come from the catalogs, so a Swedish screen shows Swedish (it
showed "17 h left" and Finnish clock names before)."""
from __future__ import annotations

import pytest

from kpcore.breach import clocks
from kpcore.breach.timing import left_text


CLOCK_NAMES_FI = {  # the Finnish the clock names had in their (fi, en) table, kept by the catalog
    "ombudsman": "Tietosuojavaltuutettu (72 h)", "controller": "Rekisterinpitäjä", "people": "Rekisteröidyt (34 art.)",
    "nis2_early_warning": "Kyberturvallisuuskeskus: varhainen varoitus (24 h)",
    "nis2_notification": "Kyberturvallisuuskeskus: ilmoitus (72 h)",
    "nis2_final_report": "Kyberturvallisuuskeskus: loppuraportti (1 kk)",
}


@pytest.mark.parametrize("kind", sorted(clocks.KIND_TEXT))
def test_every_clock_name_is_the_catalogs_in_each_language(kind):
    fi, en = CLOCK_NAMES_FI[kind], clocks.KIND_TEXT[kind]
    clock = {"kind": kind}
    assert clocks.label(clock, "fi") == fi
    assert clocks.label(clock, "en") == en
    sv = clocks.label(clock, "sv")
    assert sv and sv != en and sv != fi


@pytest.mark.parametrize("hours,fi,sv,en", [
    (53, "2 vrk 5 h jäljellä", "2 dygn 5 h kvar", "2 d 5 h left"),
    (-3, "3 h myöhässä", "3 h för sent", "3 h overdue"),
    (0.5, "30 min jäljellä", "30 min kvar", "30 min left"),
    (-49, "2 vrk 1 h myöhässä", "2 dygn 1 h för sent", "2 d 1 h overdue"),
])
def test_time_left_in_each_language(hours, fi, sv, en):
    assert [left_text(hours, lang) for lang in ("fi", "sv", "en")] == [fi, sv, en]


def test_the_undue_delay_limit_in_each_language():
    clock = {"limit": clocks.UNDUE}
    texts = [clocks.limit_text(clock, lang) for lang in ("fi", "sv", "en")]
    assert texts[0].startswith("viipymättä (tavoite ") and texts[1].startswith("utan onödigt dröjsmål (mål ")
    assert texts[2].startswith("without undue delay (target ")
    assert len({t.split("(")[1] for t in texts} - {f"tavoite {clocks.UNDUE_DELAY_HOURS} h)"}) == 2


def test_a_running_clock_is_named_in_all_three_languages(demo_reg):
    from kpcore.breach import case

    with demo_reg.read() as q:
        rows = case.running(q)
    assert rows
    for r in rows:
        assert r["what_fi"].startswith(f"Loukkaus #{r['breach_id']}: ")
        assert r["what_sv"].startswith(f"Incident #{r['breach_id']}: ")
        assert r["what_en"].startswith(f"Breach #{r['breach_id']}: ")
