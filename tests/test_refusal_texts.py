"""Issue 18 §1 / #16 §4: the refusals of the register's rule modules (a form's field, a request's
date, a task's evidence ...) are catalog messages: `str(exc)` and `.reason` stay English (the CLI's
--json, the rejected-rows CSV and other tests read them), a Finnish or Swedish reader gets the whole
refusal, field names included, in their language."""
from __future__ import annotations

import datetime as dt

import pytest

from kpcore import contacts as kc
from kpcore import erasure, marketing, processors as P, requests as reqs, safety, tasks
from kpcore.errors import KpError, Refused, ValidationFailed

ENGAGEMENT = {"customer": "Kunta X", "system": "S", "vendor": "V", "service_fi": "Ylläpito",
              "starts_on": "2026-01-10", "ends_on": "2026-01-01"}


def test_a_processor_engagement_refusal_reads_in_finnish_and_swedish(reg):
    with pytest.raises(ValidationFailed) as caught:
        P.add_engagement(reg, "t", {**ENGAGEMENT, "authorisation": "maybe"})
    exc = caught.value
    assert [(p.field, p.reason) for p in exc.problems] == [
        ("authorisation", "must be one of general, specific"), ("ends_on", "is before starts_on")]
    assert str(exc) == ("2 problem(s); nothing was written\n  authorisation: must be one of general, specific\n"
                        "  ends_on: is before starts_on")
    assert exc.text("fi") == ("2 ongelmaa; mitään ei tallennettu\n  ennakkohyväksyntä: on oltava jokin seuraavista: "
                              "general, specific\n  päättymispäivä: on ennen alkamispäivää")
    assert exc.text("sv").splitlines()[1:] == ["  förhandstillstånd: ska vara något av följande: general, specific",
                                               "  slutdatum: är före startdatum"]


def test_a_date_in_a_refusal_is_written_the_readers_way(reg):
    eid = P.add_engagement(reg, "t", {**ENGAGEMENT, "ends_on": None})
    with pytest.raises(ValidationFailed) as caught:
        P.end_engagement(reg, "t", eid, ends_on=dt.date(2026, 1, 9), today=dt.date(2026, 2, 1))
    assert str(caught.value).endswith("ends_on: is before the engagement started (2026-01-10)")
    assert caught.value.text("fi").endswith("päättymispäivä: on ennen toimeksiannon alkua (10.1.2026)")
    assert caught.value.text("sv").endswith("slutdatum: är före uppdragets början (10.1.2026)")


def test_a_credential_refusal_names_the_field_in_the_readers_language(reg):
    with pytest.raises(Refused) as caught:
        P.add_engagement(reg, "t", {**ENGAGEMENT, "ends_on": None, "agreement_ref": "salasana: Kissa123"})
    exc = caught.value
    assert str(exc).startswith("agreement reference: this text appears to contain a password")
    assert exc.text("fi").startswith("sopimuksen tunnus: teksti näyttää sisältävän salasanan")
    assert exc.text("sv").startswith("avtalets referens: texten verkar innehålla ett lösenord")
    assert all("Kissa123" not in exc.text(lang) for lang in ("fi", "sv", "en"))  # never the secret


def test_a_one_line_field_reads_in_finnish(reg):
    with pytest.raises(ValidationFailed) as caught:
        P.add_engagement(reg, "t", {**ENGAGEMENT, "ends_on": None, "vendor": "V\nx"})
    assert caught.value.problems[0].reason == safety.ONE_LINE_REASON
    assert caught.value.problems[0].text("fi") == (
        "toimittaja: on yksirivinen: siinä ei saa olla rivinvaihtoa, sarkainta eikä muuta ohjausmerkkiä")


def test_a_request_refusal_reads_in_finnish_and_swedish(reg):
    with pytest.raises(ValidationFailed) as caught:
        reqs.add(reg, "t", type="access", email="not-an-address", received_on=dt.date(2026, 3, 2),
                 today=dt.date(2026, 3, 1))
    exc = caught.value
    assert str(exc) == ("The request was not recorded\n  email: is not an e-mail address\n"
                        "  received: is in the future")
    assert exc.text("fi") == ("Pyyntöä ei kirjattu\n  sähköposti: ei ole sähköpostiosoite\n"
                              "  vastaanottopäivä: on tulevaisuudessa")
    assert exc.text("sv") == ("Begäran registrerades inte\n  e-post: är inte en e-postadress\n"
                              "  mottagningsdatum: ligger i framtiden")


def test_a_request_date_refusal_puts_its_dates_in_the_readers_form(reg):
    r = reqs.add(reg, "t", type="access", email="a@example.fi", received_on=dt.date(2026, 3, 2),
                 today=dt.date(2026, 3, 5))
    with pytest.raises(ValidationFailed) as caught:
        reqs.await_identity(reg, "t", r["id"], on=dt.date(2026, 3, 1), today=dt.date(2026, 3, 5))
    exc = caught.value
    assert str(exc) == (f"request {r['id']}: not changed\n  on: 2026-03-01 is before the request was received "
                        "(2026-03-02)")
    assert exc.text("fi") == (f"pyyntö {r['id']}: ei muutettu\n  päivämäärä: 1.3.2026 on ennen pyynnön "
                              "vastaanottamista (2.3.2026)")
    assert exc.text("sv") == (f"begäran {r['id']}: inte ändrad\n  datum: 1.3.2026 är före mottagandet av "
                              "begäran (2.3.2026)")


def test_a_contact_refusal_reads_in_finnish_and_swedish(reg):
    with pytest.raises(ValidationFailed) as caught:
        kc.set_language(reg, "t", 1, "klingon")
    exc = caught.value
    assert exc.problems[0].reason == "unknown language (use fi, sv or en)"
    assert exc.text("fi").splitlines() == ["kieli: tuntematon kieli (käytä fi, sv tai en)",
                                           "  kieli: tuntematon kieli (käytä fi, sv tai en)"]
    assert exc.text("sv").splitlines()[0] == "språk: okänt språk (använd fi, sv eller en)"
    with pytest.raises(ValidationFailed) as caught:
        kc.set_contract_end(reg, "t", "  ", None)
    assert caught.value.problems[0].text("fi", with_row=False) == "asiakas: anna asiakasorganisaation nimi"


def test_a_task_refusal_reads_in_finnish_and_swedish(reg):
    with pytest.raises(ValidationFailed) as caught:
        tasks.record_manual(reg, "t", 7, checked_by=" ", found=False, summary="x", evidence="", count=-1)
    exc = caught.value
    assert str(exc) == ("task 7: not recorded\n  checked_by: say who checked\n  evidence: note the evidence "
                        "(a screenshot's name, a ticket number, ...)\n  count: cannot be negative")
    assert exc.text("fi") == ("tehtävä 7: ei kirjattu\n  tarkistaja: kerro, kuka tarkisti\n  todiste: kirjaa todiste "
                              "(kuvakaappauksen nimi, tiketin numero, ...)\n  määrä: ei voi olla negatiivinen")
    assert exc.text("sv").splitlines()[0] == "uppgift 7: inte registrerad"


def test_a_task_status_is_named_by_its_label():
    exc = Refused("task {id} is {status} already", id=3, status=tasks._status("not_applicable"))
    assert str(exc) == "task 3 is Not applicable already"
    assert exc.text("fi").startswith("tehtävän 3 tila on jo ") and "not_applicable" not in exc.text("fi")


def test_a_marketing_refusal_reads_in_finnish_and_swedish(reg):
    with pytest.raises(ValidationFailed) as caught:
        marketing.lift(reg, "t", "no address", purpose="sales_marketing", reason=" ")
    exc = caught.value
    assert str(exc) == ("Nothing was changed\n  email: not a valid email address\n"
                        "  reason: missing: say why the suppression ends (a new contract, new consent)")
    assert exc.text("fi") == ("Mitään ei muutettu\n  sähköposti: ei ole kelvollinen sähköpostiosoite\n"
                              "  syy: puuttuu: kerro, miksi esto päättyy (uusi sopimus, uusi suostumus)")
    assert exc.text("sv").splitlines()[0] == "Ingenting ändrades"
    with pytest.raises(ValidationFailed) as caught:
        marketing.opt_out_file(reg, "t", b"email\nok@example.fi\nbroken\n")
    assert caught.value.text("fi").splitlines()[1] == "  rivi 2, sähköposti: ei ole kelvollinen sähköpostiosoite"


def test_an_erasure_refusal_reads_in_finnish_and_swedish(reg):
    with pytest.raises(ValidationFailed) as caught:
        erasure.rectify(reg, "t", "a@example.fi", {"email": "bad", "shoe": "42"})
    exc = caught.value
    assert str(exc) == ("Nothing was changed\n  shoe: cannot be rectified here (fields: name, email, phone, "
                        "organisation, title)\n  email: is not an e-mail address")
    assert exc.text("fi") == ("Mitään ei muutettu\n  shoe: ei oikaistavissa tässä (kentät: name, email, phone, "
                              "organisation, title)\n  sähköposti: ei ole sähköpostiosoite")
    assert exc.text("sv").splitlines()[-1] == "  e-post: är inte en e-postadress"


def test_a_control_character_refusal_reads_in_finnish(reg):
    with pytest.raises(KpError) as caught:
        safety.refuse_control({"name": "a\x1bb"})
    assert caught.value.text("fi").splitlines()[0] == "mitään ei tallennettu"
    assert caught.value.text("fi").endswith("name: sisältää ohjausmerkin (NUL, ESC, BEL, ...; vain sarkain ja "
                                            "rivinvaihto ovat sallittuja)")


def test_a_system_refusal_reads_in_finnish_and_swedish(reg):
    from kpcore import systems

    with pytest.raises(ValidationFailed) as caught:
        systems.add(reg, "t", {"name": "X", "kind": "spaceship", "instructions_fi": "käsin"},
                    purposes=["sales_marketing", "astrology"])
    exc = caught.value
    assert str(exc).splitlines()[0] == "new system: not saved"
    assert exc.text("fi").splitlines()[:2] == ["uusi järjestelmä: ei tallennettu",
                                               "  laji: on oltava jokin seuraavista: " + ", ".join(systems.KINDS)]
    assert "  käyttötarkoitukset: tuntemattomat käyttötarkoitukset: astrology" in exc.text("fi").splitlines()
    assert exc.text("sv").splitlines()[0] == "nytt system: inte sparat"


def test_a_notice_edit_refusal_reads_in_finnish_and_swedish(reg):
    from kpcore import notice

    with pytest.raises(ValidationFailed) as caught:
        notice.update_controller(reg, "t", {"postcode": "3310", "email": "x"})
    exc = caught.value
    assert str(exc) == ("controller: nothing was changed.\n  email: is not an email address\n"
                        "  postcode: must be five digits (a Finnish postcode)")
    assert exc.text("fi") == ("rekisterinpitäjä: mitään ei muutettu.\n  sähköposti: ei ole sähköpostiosoite\n"
                              "  postinumero: on oltava viisi numeroa (suomalainen postinumero)")
    assert exc.text("sv").splitlines()[-1] == "  postnummer: måste vara fem siffror (ett finländskt postnummer)"
    with pytest.raises(KpError) as caught:
        notice.confirm_item(reg, "t", 99)
    assert caught.value.text("fi") == "kohtaa 99 ei ole; kohdat ovat 1–15"


def test_an_art19_refusal_reads_in_finnish_and_swedish(reg):
    from kpcore import art19

    with pytest.raises(ValidationFailed) as caught:
        art19.mark(reg, "t", 1, "3", on=dt.date(2026, 3, 2), today=dt.date(2026, 3, 1))
    assert str(caught.value) == "Nothing was changed\n  on: the date is in the future"
    assert caught.value.text("fi") == "Mitään ei muutettu\n  päivämäärä: päivämäärä on tulevaisuudessa"
    assert caught.value.text("sv").splitlines()[0] == "Ingenting ändrades"
    with pytest.raises(KpError) as caught:
        art19.mark(reg, "t", 999, "3")
    assert caught.value.text("sv") == "begäran 999: begäran finns inte i registret"
    exc = Refused("request {id}: no {kind} {ref} on its Art. 19 checklist", id=4, kind=art19._kind("recipient"), ref="3")
    assert str(exc) == "request 4: no recipient 3 on its Art. 19 checklist"
    assert exc.text("fi") == "pyyntö 4: sen 19 artiklan tarkistuslistalla ei ole kohtaa vastaanottaja 3"


def test_the_processor_record_refuses_a_language_in_finnish(reg):
    from kpcore import processor_record

    with reg.read() as q, pytest.raises(ValidationFailed) as caught:
        processor_record.record_data(q, "de")
    assert caught.value.problems[0].text("fi") == "kieli: on oltava fi, sv tai en"


def test_a_contact_date_refusal_is_a_forms_in_finnish_with_its_date(reg, tmp_path):
    from kpcore import imports

    data = tmp_path / "c.csv"
    data.write_text("name;email;purpose;source;collected_at\nAnna Aalto;anna@tampere.fi;sales_marketing;public;1.3.2026\n",
                    encoding="utf-8")
    imports.import_file(reg, data, actor="t", today=dt.date(2026, 3, 5))
    with reg.read() as q:
        (cid,) = q.sql("SELECT id FROM contact").fetchone()
    with pytest.raises(ValidationFailed) as caught:
        kc.touch(reg, "t", cid, purpose="sales_marketing", on=dt.date(2026, 3, 10), today=dt.date(2026, 3, 5))
    assert str(caught.value) == "1 problem(s); nothing was written\n  on: 2026-03-10 is in the future"
    assert caught.value.text("fi") == "1 ongelma; mitään ei tallennettu\n  päivämäärä: 10.3.2026 on tulevaisuudessa"
    assert caught.value.text("sv").splitlines()[-1] == "  datum: 10.3.2026 ligger i framtiden"
