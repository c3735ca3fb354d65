"""Issue #16 §4 (no English on a Finnish screen) and issue #18 §1 (every text in the catalogs):
a KpError raised with a catalog message reads in the screen's or terminal's language; its
parameters are put in after translation; `str(exc)` stays the English text."""
from __future__ import annotations

import functools

import duckdb
import pytest

from conftest import app_test
from kpcore import db, i18n, models
from kpcore.imports import reasons as import_reasons  # noqa: F401 (adds the import reasons' translator)
from kpcore.errors import KpError, Problem, RegisterBusy, SchemaMismatch, ValidationFailed, invalid

SCHEMA = "{path} has schema version {found}; this kpcore needs {known}. Back it up (copy the file) and run: kp migrate --db {path}"


def test_text_translates_first_then_fills_parameters():
    exc = SchemaMismatch(SCHEMA, path="/x/r.duckdb", found=2, known=4)
    english = ("/x/r.duckdb has schema version 2; this kpcore needs 4. Back it up (copy the file) and run: "
               "kp migrate --db /x/r.duckdb")
    assert str(exc) == english and exc.text("en") == english
    # the Finnish sentence puts the path in another place than the English one
    assert exc.text("fi") == ("Rekisterin /x/r.duckdb skeemaversio on 2; tämä kpcore tarvitsee version 4. "
                              "Varmuuskopioi se (kopioi tiedosto) ja suorita: kp migrate --db /x/r.duckdb")
    assert exc.text("sv") == ("/x/r.duckdb har schemaversion 2; denna kpcore behöver version 4. "
                              "Säkerhetskopiera den (kopiera filen) och kör: kp migrate --db /x/r.duckdb")
    assert exc.text(None) == english


def test_a_parameter_is_not_read_as_a_message_nor_as_a_format():
    # a path that looks like a placeholder or a catalog message is put in as it is, in every language
    exc = db.RegisterMissing("No register at {path}. Create one with: kp init --db {path}", path="{known}")
    assert exc.text("fi") == "Polussa {known} ei ole rekisteriä. Luo rekisteri komennolla: kp init --db {known}"


def test_a_plain_message_reads_the_same_in_every_language():
    exc = KpError("something odd about {braces} happened")  # an f-string raise, not converted
    assert {exc.text(lang) for lang in i18n.LANGS} == {str(exc)}
    exc = KpError()
    assert exc.text("fi") == str(exc) == ""


def test_a_message_replaced_after_raising_is_shown_as_replaced():
    exc = invalid([Problem(0, "email", "not an address")], "The form was refused")
    assert exc.text("fi") == str(exc) == "The form was refused\n  email: not an address"
    exc.args = ("something else",)
    assert exc.text("fi") == "something else"


def test_a_problem_made_of_a_catalog_message_reads_in_every_language():
    # issue 18 §1: a form's or a row's reason is a catalog message; its values are put in after
    p = Problem.of(0, "on", "the date is in the future", label="name")
    assert str(p) == "file, on: the date is in the future"
    assert p.text("fi") == "tiedosto, nimi: päivämäärä on tulevaisuudessa"
    assert p.text("sv", with_row=False) == "namn: datumet är i framtiden"
    # a plain reason that is a catalog message is translated too; an import's reason with its values
    assert Problem(2, "email", "missing").text("fi") == "rivi 2, email: puuttuu"
    assert Problem(2, "name", "longer than 200 characters").reason_in("sv") == "längre än 200 tecken"
    # a reason no catalog knows reads as given, in every language
    assert {Problem(1, "x", "odd {thing}").reason_in(lang) for lang in i18n.LANGS} == {"odd {thing}"}


def test_validation_failed_reads_in_the_screen_language_and_keeps_english_str():
    exc = ValidationFailed([Problem(3, "email", "missing"), Problem(0, "file", "the file is empty")])
    assert str(exc) == "2 problem(s); nothing was written\n  row 3, email: missing\n  file, file: the file is empty"
    assert exc.text("fi") == ("2 ongelmaa; mitään ei tallennettu\n  rivi 3, email: puuttuu\n"
                              "  tiedosto, file: tiedosto on tyhjä")
    one = invalid([Problem.of(0, "on", "the date is in the future", label="name")], "{n} problem; nothing was written", n=1)
    assert str(one) == "1 problem; nothing was written\n  on: the date is in the future"
    assert one.text("sv") == "1 problem; ingenting sparades\n  namn: datumet är i framtiden"
    many = ValidationFailed([Problem(i + 1, "email", "missing") for i in range(203)])
    assert many.text("fi").splitlines()[-1] == "  ... ja 3 muuta"


def test_a_translation_that_does_not_fit_its_parameters_falls_back_to_english(monkeypatch):
    monkeypatch.setattr(i18n, "gettext", lambda message, lang: "Rekisteri {polku} on varattu")
    exc = RegisterBusy("The register {path} is busy", path="r.duckdb")
    assert exc.text("fi") == "The register r.duckdb is busy"


def test_exit_code_and_subclass_survive_parameters():
    exc = RegisterBusy("The register {path} is busy", path="r.duckdb")
    assert isinstance(exc, KpError) and exc.exit_code == 75 and exc.params == {"path": "r.duckdb"}


@pytest.fixture
def locked(monkeypatch):
    """Every open of a register meets another program's lock, as DuckDB reports it; no waiting."""
    def refuse(*args, **kwargs):
        raise duckdb.IOException('IO Error: Could not set lock on file "x": Conflicting lock is held')

    monkeypatch.setattr(db.duckdb, "connect", refuse)
    monkeypatch.setenv("KP_WAIT_SECONDS", "0")


@pytest.mark.parametrize("lang,expected", [
    ("fi", "on toisen ohjelman käytössä (esimerkiksi pitkä tuonti). Odotettiin 0 s; yritä uudelleen"),
    ("sv", "används av ett annat program (till exempel en lång import). Väntade 0 s; försök på nytt"),
    ("en", "is in use by another program (for example a long import). Waited 0 s; try again"),
])
def test_a_busy_register_is_shown_in_the_screens_language(tmp_path, locked, lang, expected):
    db_path = tmp_path / f"busy-{lang}.duckdb"
    db_path.write_bytes(b"")
    at = app_test("overview", db_path, lang=lang)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = [e.value for e in at.error]
    assert any(expected in text and str(db_path) in text for text in shown), shown


@pytest.mark.parametrize("lang,expected", [
    ("fi", "kp: Polussa {p} ei ole rekisteriä. Luo rekisteri komennolla: kp init --db {p}"),
    ("sv", "kp: Det finns inget register i {p}. Skapa ett med: kp init --db {p}"),
    ("en", "kp: No register at {p}. Create one with: kp init --db {p}"),
])
def test_the_cli_prints_a_kperror_in_its_language(kp, tmp_path, lang, expected):
    missing = tmp_path / "none.duckdb"
    res = kp("audit", "verify", db_path=missing, env={"KP_LANG": lang})
    assert res.returncode == 1
    assert res.stderr.strip() == expected.format(p=missing)


def test_backup_and_restore_refusals_read_in_finnish_and_swedish(reg, tmp_path):
    from kpcore import backup

    full = tmp_path / "full"
    full.mkdir()
    (full / "x").write_text("x")
    with pytest.raises(KpError) as caught:
        backup.backup(reg, full)
    assert str(caught.value) == f"{full} is not empty; give a new or empty folder for the backup."
    assert caught.value.text("fi") == f"{full} ei ole tyhjä; anna varmuuskopiolle uusi tai tyhjä kansio."
    assert caught.value.text("sv") == f"{full} är inte tom; ange en ny eller tom mapp för säkerhetskopian."
    with pytest.raises(KpError) as caught:
        backup.restore(full, tmp_path / "new.duckdb")
    assert caught.value.text("fi") == (f"Kansiossa {full} ei ole tiedostoa manifest.json: se ei ole komennolla "
                                       "`kp backup` tehty täydellinen varmuuskopio.")


def test_a_refused_request_change_reads_in_finnish(reg):
    from kpcore import requests as reqs
    from kpcore.errors import NotFound

    with pytest.raises(NotFound) as caught:
        reqs.start(reg, "test", 999)
    assert str(caught.value) == "request 999: no such request"
    assert caught.value.text("fi") == "pyyntö 999: pyyntöä ei ole rekisterissä"
    assert caught.value.text("sv") == "begäran 999: begäran finns inte i registret"


def test_a_status_is_shown_by_its_label_in_the_readers_language():
    from kpcore.errors import Refused

    exc = Refused("request {id} is {status}; a closed request cannot be changed", id=7,
                  status=functools.partial(models.request_status_text, "completed"))
    assert str(exc) == "request 7 is Completed; a closed request cannot be changed"
    assert "completed" not in exc.text("fi") and models.request_status_text("completed", "fi") in exc.text("fi")
    assert exc.text("fi").startswith("pyynnön 7 tila on ")
    assert models.request_status_text("completed", "sv") in exc.text("sv")


# -- the library's remaining refusals, converted to catalog messages (issue 18 §1) ----------------
def _refusal(call):
    with pytest.raises(KpError) as caught:
        call()
    return caught.value


def test_library_refusals_read_in_finnish_and_swedish(reg, tmp_path, monkeypatch):
    from kpcore import auth, fmt, keys, notice, record
    from kpcore.imports import max_file_bytes
    from kpcore.serve import serve

    exc = _refusal(lambda: auth.check_role("admin"))
    assert str(exc) == "role: must be one of dpo, viewer"
    assert exc.text("fi") == "rooli: on oltava jokin näistä: dpo, viewer"
    assert exc.text("sv") == "roll: ska vara en av: dpo, viewer"

    exc = _refusal(lambda: fmt.parse_date("31.2.2026", "--on"))
    assert str(exc) == "--on: '31.2.2026' is not a date (use 2026-11-24 or 24.11.2026)"
    assert exc.text("fi") == "--on: '31.2.2026' ei ole päivämäärä (käytä muotoa 24.11.2026 tai 2026-11-24)"
    assert exc.text("sv") == "--on: '31.2.2026' är inte ett datum (använd 24.11.2026 eller 2026-11-24)"

    with reg.read() as q:
        exc = _refusal(lambda: record.controller_record(q, fmt="docx"))
        assert exc.text("fi") == "muoto: 'docx' ei ole tuettu (käytä muotoa pdf, xlsx tai csv)"
        exc = _refusal(lambda: notice.version_content(q, "fi", 7))
        assert str(exc) == "notice version 7 (fi) has not been published"
        assert exc.text("fi") == "selosteen versiota 7 (fi) ei ole julkaistu"
        assert exc.text("sv") == "beskrivningens version 7 (fi) har inte publicerats"

    monkeypatch.delenv("KP_SUPPRESSION_KEY", raising=False)
    lost = tmp_path / "lost.duckdb"
    exc = _refusal(lambda: keys.get(lost, "suppression"))
    assert isinstance(exc, keys.KeyMissing)
    assert exc.text("fi").startswith(f"Rekisterin avain suppression puuttuu: sitä ei ole tiedostossa "
                                     f"{keys.key_path(lost, 'suppression')} eikä ympäristömuuttujassa KP_SUPPRESSION_KEY.")
    assert "kp backup" in exc.text("sv") and exc.text("sv").startswith("Registrets nyckel suppression saknas")

    monkeypatch.setenv("KP_IMPORT_MAX_MB", "lots")
    exc = _refusal(max_file_bytes)
    assert exc.text("fi") == "KP_IMPORT_MAX_MB:n on oltava megatavujen määrä, ei 'lots'"

    exc = _refusal(lambda: serve(db.Register(lost)))
    assert exc.text("sv") == f"Det finns inget register i {lost}. Skapa först ett med: kp init --demo --db {lost}"


def test_user_refusals_read_in_finnish_and_swedish(reg):
    from kpcore import auth

    auth.add_user(reg, "pekka", "dpo", "pekan-pitka-salasana")
    exc = _refusal(lambda: auth.add_user(reg, "pekka", "viewer", "toinen-pitka-salasana"))
    assert str(exc) == "user pekka exists already (use `kp user passwd pekka` to change the password)"
    assert exc.text("fi") == "käyttäjä pekka on jo olemassa (vaihda salasana komennolla `kp user passwd pekka`)"
    exc = _refusal(lambda: auth.set_disabled(reg, "nobody"))
    assert (exc.text("fi"), exc.text("sv")) == ("käyttäjää nobody ei ole", "användaren nobody finns inte")
    exc = _refusal(lambda: auth.sign_in(reg, "pekka", "väärä"))
    assert exc.text("fi") == "Väärä käyttäjätunnus tai salasana." and str(exc) == "Wrong user name or password."


@pytest.mark.parametrize("lang,expected", [
    ("fi", "kp: anna yksi SÄHKÖPOSTI tai --file TIEDOSTO"),
    ("sv", "kp: ange en E-POST eller --file FIL"),
    ("en", "kp: give one EMAIL or --file FILE"),
])
def test_a_cli_refusal_prints_in_the_terminals_language(kp, reg, lang, expected):
    res = kp("contacts", "opt-out", db_path=reg.path, env={"KP_LANG": lang})
    assert res.returncode == 1 and res.stderr.strip() == expected


def test_a_cli_refusal_with_parameters_prints_in_finnish(kp, reg):
    res = kp("erase", "someone@example.org", "--exception", "nonsense", db_path=reg.path, env={"KP_LANG": "fi"})
    assert res.returncode == 1
    assert res.stderr.strip() == "kp: --exception nonsense: anna muodossa KOODI:KÄYTTÖTARKOITUS[,KÄYTTÖTARKOITUS]"
    res = kp("user", "disable", "nobody", db_path=reg.path, env={"KP_LANG": "sv"})
    assert res.returncode == 1 and res.stderr.strip() == "kp: användaren nobody finns inte"


# -- what `kp audit verify` finds, in the terminal's language (issue 18 §1) -------------------------
def test_audit_verify_findings_read_in_finnish_and_swedish(reg, kp):
    import pickle

    from kpcore import audit
    from kpcore.errors import Said

    for n in range(3):
        reg.record("test", "test.event", "thing", str(n))
    with reg.write("test", "test.tamper", "thing", None) as w:  # an edit behind the register's back
        w.sql("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2")
    with reg.read() as q:
        found = audit.verify(q).problems
    edited = next(p for p in found if p.startswith("event 2:"))
    assert edited == "event 2: its content does not match its hash (the event was edited)"  # English str
    assert edited.text("fi") == "tapahtuma 2: sisältö ei vastaa tiivistettä (tapahtumaa on muokattu)"
    assert edited.text("sv") == "händelse 2: innehållet stämmer inte med hashen (händelsen har redigerats)"
    assert pickle.loads(pickle.dumps(edited)).text("fi") == edited.text("fi")  # the dashboard's cache keeps it

    res = kp("audit", "verify", db_path=reg.path, env={"KP_LANG": "fi"})
    assert res.returncode == 1 and "AUDITOINTILOKI VAURIOITUNUT" in res.stderr
    assert "  tapahtuma 2: sisältö ei vastaa tiivistettä (tapahtumaa on muokattu)" in res.stderr.splitlines()
    assert "event 2" not in res.stderr

    nested = Said("anchor log: {problem}", problem=Said("line {n} is malformed", n=3).text)
    assert (str(nested), nested.text("fi"), nested.text("sv")) == (
        "anchor log: line 3 is malformed", "ankkuriloki: rivi 3 on virheellinen", "ankarlogg: rad 3 har fel form")
