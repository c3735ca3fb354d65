"""Issue 18 §1 and issue 16 §4 for the breach part: every refusal of kpcore.breaches, kpcore.breach.*
and `kp breach` is a catalog message. `str(exc)` and each problem's `.reason` stay the English text
(--json, tests); `exc.text("fi"/"sv")` gives the summary, each field by the name its form shows and
each reason in Finnish or Swedish, the values (ids, hours, versions) put in after translation."""
from __future__ import annotations

import datetime as dt

import pytest

from test_breach_views import late_notification
from kpcore import breaches, i18n
from kpcore.breach import case, controllers, outputs, risk, subprocessors
from kpcore.errors import KpError, NotFound, Refused, ValidationFailed

NOW = dt.datetime(2026, 11, 25, 12, 0)


def refusal(call) -> KpError:
    with pytest.raises(KpError) as caught:
        call()
    return caught.value


def no_english_left(text: str) -> None:
    for word in ("problem(s)", "nothing was saved", "is required", "must be", "Breach #", "breach #"):
        assert word not in text, (word, text)


@pytest.fixture
def breach(reg) -> int:
    return breaches.add(reg, "dpo", {"aware_at": "2026-11-20 09:00", "description": "d", "risk": "high"}, now=NOW)


def test_breaches_module_refusals_read_in_finnish_and_swedish(reg, breach):
    exc = refusal(lambda: breaches.add(reg, "dpo", {"aware_at": "huomenna", "approx_subjects": "-3",
                                                     "colour": "red"}, now=NOW))
    assert isinstance(exc, ValidationFailed)
    # English as before: the field codes and reasons the CLI's --json and the tests read
    assert str(exc).splitlines() == [
        "4 problem(s) in the breach; nothing was saved",
        "  aware_at: not a date and time (use 2026-11-20 09:30 or 20.11.2026 9.30)",
        "  approx_subjects: must not be negative",
        "  colour: is not a field of a breach",
        "  description: is required"]
    assert [p.reason for p in exc.problems][-1] == "is required"
    assert exc.text("fi").splitlines() == [
        "Tietoturvaloukkauksen tiedoissa on virheitä (4); mitään ei tallennettu",
        "  Havaittu (tietoon): ei ole päivämäärä ja kellonaika (käytä muotoa 20.11.2026 9.30 tai 2026-11-20 09:30)",
        "  Henkilöitä (arvio): ei saa olla negatiivinen",
        "  colour: ei ole tietoturvaloukkauksen kenttä",  # not a field: no name of its own, named as given
        "  Mitä tapahtui: on pakollinen"]
    assert exc.text("sv").splitlines()[0] == ("Uppgifterna om personuppgiftsincidenten innehåller fel (4); "
                                              "ingenting sparades")
    assert "  Vad som hände: är obligatoriskt" in exc.text("sv").splitlines()
    # a breach is one record: no "row"/"file" word in any language
    assert "tiedosto," not in exc.text("fi") and "fil," not in exc.text("sv") and "file," not in exc.text("en")

    late = refusal(lambda: breaches.update(reg, "dpo", breach, {"authority_notified_at": "2026-11-24 10:00"},
                                           now=NOW))
    assert late.problems[0].reason == ("the notification came 97 h after awareness: give the reasons for the delay "
                                       "(Art. 33(1))")
    assert late.text("fi").splitlines() == [
        f"Tietoturvaloukkauksen #{breach} tiedoissa on virheitä (1); mitään ei tallennettu",
        "  Viivästyksen syy (yli 72 h): ilmoitus tehtiin 97 h sen jälkeen, kun loukkaus tuli tietoon: "
        "kirjaa viivästyksen syyt (33 artiklan 1 kohta)"]
    assert late.text("sv").splitlines()[1] == ("  Orsak till förseningen (över 72 h): anmälan gjordes 97 h efter att "
                                               "incidenten blev känd: ange skälen till förseningen (art. 33.1)")
    missing = refusal(lambda: breaches.update(reg, "dpo", 999, {}))
    assert isinstance(missing, NotFound) and str(missing) == "No breach #999 in the register."
    assert missing.text("fi") == "Rekisterissä ei ole tietoturvaloukkausta #999."


def test_case_refusals_read_in_finnish_and_swedish(reg, breach):
    exc = refusal(lambda: case.decide(reg, "dpo", breach, notify=False, reason=""))
    assert str(exc).splitlines()[1:] == [
        "  reason: the decision needs its reason (Art. 33(5))",
        "  notify: the breach is assessed 'High risk': it must be notified (Art. 33(1))"]
    # the risk level is put in in the reader's language
    assert exc.text("fi").splitlines() == [
        "Ilmoituspäätöksen tiedoissa on virheitä (2); mitään ei tallennettu",
        "  Päätöksen perustelu: päätökselle on kirjattava perustelu (33 artiklan 5 kohta)",
        "  Ilmoitetaanko valvontaviranomaiselle: loukkauksen riski on arvioitu tasolle ”Korkea riski”: "
        "siitä on ilmoitettava (33 artiklan 1 kohta)"]
    assert exc.text("sv").splitlines()[2] == ("  Ska tillsynsmyndigheten underrättas: incidenten har bedömts som "
                                              "”Hög risk”: den ska anmälas (art. 33.1)")

    facts = refusal(lambda: case.set_facts(reg, "dpo", breach, {"breach_types": "leak", "ongoing": "maybe"}, now=NOW))
    assert facts.text("fi").splitlines()[1:] == [
        "  Loukkauksen tyyppi: 'leak' ei ole mikään seuraavista: confidentiality, integrity, availability",
        "  Onko loukkaus yhä käynnissä: käytä kyllä tai ei (yes / no, ja / nej)"]

    not_yet = refusal(lambda: case.supplement(reg, "dpo", breach, note="lisätieto", now=NOW))
    assert isinstance(not_yet, Refused)
    assert not_yet.text("fi") == (f"Tietoturvaloukkauksesta #{breach} ei ole vielä ilmoitettu; ensimmäinen "
                                  "ilmoitus tehdään komennolla kp breach notify.")
    assert not_yet.text("sv") == (f"Personuppgiftsincident #{breach} har inte anmälts ännu; den första anmälan "
                                  "görs med kp breach notify.")

    ground_c = refusal(lambda: case.exempt_people(reg, "dpo", breach, ground="c", reason=" "))
    assert ground_c.text("sv").splitlines()[1] == ("  Motivering: ange varför grunden är tillämplig och var det "
                                                   "offentliga meddelandet gjordes")

    control = refusal(lambda: case.decide(reg, "dpo", breach, notify=True, reason="ok\x1b[2J"))
    assert control.text("fi").splitlines() == [
        f"tietoturvaloukkaus #{breach}: mitään ei tallennettu",
        "  Perustelu: sisältää ohjausmerkin (NUL, ESC, BEL, ...; vain sarkain ja rivinvaihto ovat sallittuja)"]


def test_risk_factor_refusals_read_in_finnish_and_swedish(reg, breach):
    factors = risk.Factors(breach_types=(), malicious=False, data_nature="x", identification="negligible",
                           consequences="limited", vulnerable=False, people=-1)
    exc = refusal(lambda: case.assess(reg, "dpo", breach, factors, justification=""))
    assert "  breach_types: name at least one: confidentiality, integrity, availability" in str(exc).splitlines()
    fi = exc.text("fi").splitlines()
    assert fi[0] == "Riskiarvion tiedoissa on virheitä (5); mitään ei tallennettu"
    assert "  Loukkauksen tyyppi: nimeä vähintään yksi: confidentiality, integrity, availability" in fi
    assert "  Perustelu: tietosuojavastaavan perustelu on pakollinen (33 artiklan 5 kohta)" in fi
    assert "  Motivering: dataskyddsombudets motivering är obligatorisk (art. 33.5)" in exc.text("sv").splitlines()
    no_english_left(exc.text("fi"))


def test_controller_refusals_read_in_finnish_and_swedish(reg, breach):
    exc = refusal(lambda: controllers.link_engagements(reg, "dpo", breach, [77]))
    assert str(exc) == "1 problem(s); nothing was saved\n  engagements: no engagement #77 in the register"
    assert exc.text("fi") == ("Tiedoissa on virheitä (1); mitään ei tallennettu\n"
                              "  Toimeksiannot, joita loukkaus koskee: toimeksiantoa #77 ei ole rekisterissä")
    assert exc.text("sv") == ("Uppgifterna innehåller fel (1); ingenting sparades\n"
                              "  Uppdrag som incidenten berör: uppdrag #77 finns inte i registret")
    unlisted = refusal(lambda: controllers.ack(reg, "dpo", breach, 5))
    assert unlisted.text("fi") == f"Tietoturvaloukkaukseen #{breach} ei liity toimeksiantoa #5."
    assert unlisted.text("sv") == f"Personuppgiftsincident #{breach} gäller inte uppdrag #5."
    none = refusal(lambda: controllers.tell(reg, "dpo", breach, now=NOW))
    assert none.text("fi").startswith(f"Tietoturvaloukkaukseen #{breach} ei ole liitetty toimeksiantoja; liitä ne ensin")


def test_subprocessor_refusals_read_in_finnish_and_swedish(reg):
    exc = refusal(lambda: subprocessors.add_change(reg, "dpo", subprocessor=" ", service_fi="",
                                                   effective_on="2026-12-31"))
    assert str(exc).splitlines()[1:3] == ["  subprocessor: is required",
                                          "  service_fi: say what the sub-processor does"]
    assert exc.text("fi").splitlines()[:3] == [
        f"Alikäsittelijän muutoksen tiedoissa on virheitä ({len(exc.problems)}); mitään ei tallennettu",
        "  Alikäsittelijä: on pakollinen", "  Tehtävä: kerro, mitä alikäsittelijä tekee"]
    assert exc.text("sv").splitlines()[1:3] == ["  Underbiträde: är obligatoriskt", "  Uppgift: ange vad underbiträdet gör"]
    # a date the shared date reader refuses is named by this form's label too
    bad_day = refusal(lambda: subprocessors.add_change(reg, "dpo", subprocessor="Pilvi Oy", service_fi="Palvelin",
                                                       effective_on="32.13.2026"))
    assert str(bad_day).splitlines()[1] == "  effective_on: is not a date (use 2026-11-24 or 24.11.2026)"
    assert bad_day.text("fi").splitlines()[1] == "  Voimaan: ei ole päivämäärä (käytä muotoa 24.11.2026 tai 2026-11-24)"
    with reg.read() as q:
        missing = refusal(lambda: subprocessors.change(q, 42))
    assert missing.text("fi") == "Alikäsittelijän muutosta #42 ei ole rekisterissä."
    assert missing.text("sv") == "Byte av underbiträde #42 finns inte i registret."


def test_output_refusals_read_in_finnish_and_swedish(reg, breach):
    with reg.read() as q:
        exc = refusal(lambda: outputs.letter_pdf(q, breach))
        version = refusal(lambda: outputs.notification(q, breach, version=3))
    assert exc.text("fi") == (f"Tietoturvaloukkaukseen #{breach} ei ole merkitty ketään, jolle kirjoittaa "
                              "(kp breach tell-people ID --contacts ...).")
    assert version.text("sv") == f"Anmälan om personuppgiftsincident #{breach} har ingen version 3."


def test_every_breach_refusal_message_has_its_translations():
    """The catalogs hold fi/sv/en for the labels the refusals name fields by."""
    for label in breaches.LABELS.values():
        assert i18n.gettext(label, "fi") != label or label in ("Risk",), label
        assert i18n.gettext(label, "sv") != label or label in ("Person",), label


def test_kp_breach_refusal_in_the_terminals_language(kp, reg, breach):
    res = kp("breach", "decide", str(breach), "--notify", "no", "--reason", "pieni", db_path=reg.path,
             env={"KP_LANG": "fi"})
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert "Ilmoitetaanko valvontaviranomaiselle: loukkauksen riski on arvioitu tasolle ”Korkea riski”" in res.stderr
    no_english_left(res.stderr)
    res = kp("breach", "tell-people", str(breach), "--contacts", "1,x", db_path=reg.path, env={"KP_LANG": "sv"})
    assert res.returncode == 1 and "'1,x' är inte" in res.stderr, res.stderr


def test_a_refused_breach_form_reads_in_finnish_on_a_finnish_screen(demo_reg):
    at = late_notification(demo_reg, "fi")
    shown = " ".join(e.value for e in at.error)
    assert "Viivästyksen syy (yli 72 h): ilmoitus tehtiin" in shown and "(33 artiklan 1 kohta)" in shown, shown
    assert "Tietoturvaloukkauksen #4 tiedoissa on virheitä (1); mitään ei tallennettu" in shown, shown
    no_english_left(shown)
    assert "delay_reason" not in shown and "the notification came" not in shown
    # the new-breach form (opened: its section is drawn only when open): a bad time and no description,
    # both named as the form names them
    at.session_state["breach_new_box"] = True
    at.run()
    at.text_input(key="breach_add_aware_at").input("huomenna")
    next(b for b in at.button if getattr(b, "form_id", None) == "breach_add").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = " ".join(e.value for e in at.error)
    assert "Havaittu (tietoon): ei ole päivämäärä ja kellonaika" in shown and "Mitä tapahtui: on pakollinen" in shown
    no_english_left(shown)
