"""A task's result summary is data, said in the reader's language with real plurals (issue 18 §1)."""
from __future__ import annotations

import csv
import io
import json
import subprocess

import pytest

from kpcore import requests as reqs
from kpcore import sar, systems, tasks, workflow
from kpcore.connectors import summary
from kpcore.connectors.summary import Summary

S = Summary
CASES = [  # (summary, Finnish, Swedish, English)
    (S("imap_found_span", {"n": 4, "folders": 2, "first": "2026-03-01", "last": "2026-03-03"}),
     "4 viestiä 2 kansiossa, 2026-03-01–2026-03-03", "4 meddelanden i 2 mappar, 2026-03-01–2026-03-03",
     "4 messages in 2 folders, 2026-03-01–2026-03-03"),
    (S("imap_found", {"n": 1, "folders": 1}), "1 viesti 1 kansiossa", "1 meddelande i 1 mapp", "1 message in 1 folder"),
    (S("imap_none"), "ei viestejä", "inga meddelanden", "no messages"),
    (S("imap_no_address"), "ei sähköpostiosoitetta haettavaksi", "ingen e-postadress att söka efter",
     "no e-mail address to search for"),
    (S("imap_deleted", {"deleted": 1, "moved": 3}),
     "poistettu 1 viesti (siirretty roskakoriin 3, roskakori tyhjennetty)",
     "1 meddelande raderat (3 flyttade till papperskorgen, som tömdes)",
     "deleted 1 message (3 moved to the trash, which was emptied)"),
    (S("register_found", {"people": 1, "visits": 1}), "1 henkilö, 1 verkkokäynti", "1 person, 1 webbesök",
     "1 person, 1 web visit"),
    (S("register_found", {"people": 2, "visits": 5}), "2 henkilöä, 5 verkkokäyntiä", "2 personer, 5 webbesök",
     "2 people, 5 web visits"),
    (S("register_none"), "ei tietoja rekisterissä", "inga uppgifter i registret", "nothing in the register"),
    (S("register_erased", {"people": 1, "visits": 2}), "poistettu 1 henkilö, 2 käyntiä",
     "1 person raderad, 2 besök", "erased 1 person, 2 visits"),
    (S("register_objected", {"n": 1}), "suoramarkkinointi lopetettu, 1 käyttötarkoitus poistettu",
     "direktmarknadsföringen har upphört, 1 ändamål har tagits bort",
     "direct marketing stopped, 1 purpose link removed"),
    (S("table_found", {"n": 1, "file": "crm.csv"}), "1 rivi vientitiedostossa crm.csv", "1 rad i exportfilen crm.csv",
     "1 row in the export crm.csv"),
    (S("table_found", {"n": 3, "file": "crm.csv"}), "3 riviä vientitiedostossa crm.csv",
     "3 rader i exportfilen crm.csv", "3 rows in the export crm.csv"),
    (S("table_none", {"file": "crm.csv"}), "ei rivejä vientitiedostossa crm.csv", "inga rader i exportfilen crm.csv",
     "no rows in the export crm.csv"),
]


@pytest.mark.parametrize("s,fi,sv,en", CASES, ids=lambda v: getattr(v, "kind", None))
def test_every_summary_kind_in_each_language_with_its_plural(s, fi, sv, en):
    assert (s.render("fi"), s.render("sv"), s.render("en")) == (fi, sv, en)
    stored = {"method": "imap", **s.columns()}
    assert Summary.from_json(stored["summary_data"]) == s
    assert stored["summary"] == fi  # the plain column keeps the Finnish sentence
    assert [summary.text(stored, lang) for lang in ("fi", "sv", "en")] == [fi, sv, en]


def test_every_kind_has_a_case():
    assert {s.kind for s, *_ in CASES} == set(summary.MESSAGES)


# What older kpcore stored, verbatim from its f-strings, and how it reads now.
OLD = [
    ("4 viestiä 2 kansiossa 2026-03-01–2026-03-03 / 4 message(s) in 2 folder(s) 2026-03-01–2026-03-03",
     "4 meddelanden i 2 mappar, 2026-03-01–2026-03-03", "4 viestiä 2 kansiossa, 2026-03-01–2026-03-03"),
    ("1 viestiä 1 kansiossa / 1 message(s) in 1 folder(s)", "1 meddelande i 1 mapp", "1 viesti 1 kansiossa"),
    ("ei viestejä / no messages", "inga meddelanden", "ei viestejä"),
    ("ei sähköpostiosoitetta / no address", "ingen e-postadress att söka efter", "ei sähköpostiosoitetta haettavaksi"),
    ("poistettu 2 viestiä (siirretty roskakoriin 1 ja tyhjennetty) / deleted 2 message(s) (moved 1 to Trash and "
     "expunged)", "2 meddelanden raderade (1 flyttat till papperskorgen, som tömdes)",
     "poistettu 2 viestiä (siirretty roskakoriin 1, roskakori tyhjennetty)"),
    ("1 henkilö(ä), 0 verkkokäyntiä / 1 person(s), 0 web visit(s)", "1 person, 0 webbesök",
     "1 henkilö, 0 verkkokäyntiä"),
    ("ei tietoja rekisterissä / nothing in the register", "inga uppgifter i registret", "ei tietoja rekisterissä"),
    ("poistettu 1 henkilö(ä), 1 käyntiä / erased 1 person(s), 1 visit(s)", "1 person raderad, 1 besök",
     "poistettu 1 henkilö, 1 käynti"),
    ("suoramarkkinointi lopetettu, 2 käyttötarkoitusta poistettu / direct marketing stopped, 2 purpose link(s) removed",
     "direktmarknadsföringen har upphört, 2 ändamål har tagits bort",
     "suoramarkkinointi lopetettu, 2 käyttötarkoitusta poistettu"),
    ("1 riviä viennissä crm 2026.csv / 1 row(s) in the export crm 2026.csv", "1 rad i exportfilen crm 2026.csv",
     "1 rivi vientitiedostossa crm 2026.csv"),
    ("ei rivejä viennissä crm.csv / no rows in the export crm.csv", "inga rader i exportfilen crm.csv",
     "ei rivejä vientitiedostossa crm.csv"),
]


@pytest.mark.parametrize("old,sv,fi", OLD)
def test_a_summary_stored_by_older_code_is_said_again_in_the_readers_language(old, sv, fi):
    task = {"method": "imap", "summary": old, "summary_data": None}
    assert summary.text(task, "sv") == sv
    assert summary.text(task, "fi") == fi  # the wrong old plural ("1 riviä") is not repeated
    assert " / " not in summary.text(task, "en") and "(s)" not in summary.text(task, "en")


def test_an_unknown_old_two_language_sentence_gives_the_readers_half_and_swedish_a_count():
    task = {"method": "table", "summary": "60 viestiä / 60 messages", "summary_data": None, "match_count": None,
            "findings": None}
    assert [summary.text(task, lang) for lang in ("fi", "sv", "en")] == ["60 viestiä", "60 viestiä", "60 messages"]
    counted = {**task, "match_count": 60, "findings": json.dumps([{"subject": "x"}] * 60)}
    assert summary.text(counted, "sv") == "60 meddelanden"
    rows = {**task, "summary": "1 rivi / 1 row", "findings": [{"row": 2, "values": {}}]}
    assert summary.text(rows, "sv") == "1 rad"


def test_a_dpos_own_note_is_printed_as_written():
    note = {"method": "manual", "summary": "Kaksi tukipyyntöä / två ärenden, 1 riviä", "summary_data": None}
    assert {summary.text(note, lang) for lang in ("fi", "sv", "en")} == {note["summary"]}
    plain = {"method": "imap", "summary": "jotain muuta", "summary_data": None}
    assert summary.text(plain, "sv") == "jotain muuta"
    assert summary.text({"method": "imap", "summary": None, "summary_data": None}, "sv") == ""


def test_broken_or_unknown_data_falls_back_to_the_sentence():
    for data in ("{", "[]", json.dumps({"kind": "nope"}), json.dumps({"n": 1})):
        assert summary.text({"method": "table", "summary": "1 rivi / 1 row", "summary_data": data}, "en") == "1 row"
    with pytest.raises(ValueError):
        Summary("nope")


def _crm(reg, rows):
    path = reg.path.parent / "crm.csv"
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";")
    w.writerow(["Nimi", "Sähköposti"])
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    systems.add(reg, "t", {"name": "CRM-vienti", "kind": "crm", "connector": "table",
                           "settings": {"path": "crm.csv", "mapping": {"email": "Sähköposti", "name": "Nimi"}}},
                purposes=["sales_marketing"])


def _pdf_text(pdf: bytes, path) -> str:
    path.write_bytes(pdf)
    assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


def test_a_run_task_stores_data_and_every_view_says_it_in_its_language(reg, kp):
    """The table connector's run, the register's intake search: stored as data; the CLI (KP_LANG), the
    access report (its language) and the portable copy say it in one language with the right plural."""
    _crm(reg, [["Liisa Mäkelä", "liisa@example.fi"], ["Muu", "muu@example.fi"]])
    r = reqs.add(reg, "t", type="access", email="liisa@example.fi", name="Liisa Mäkelä")
    crm = next(t for t in _tasks(reg, r["id"]) if t["system_kind"] == "crm")
    done = workflow.run_task(reg, "t", crm["id"])
    assert json.loads(done["summary_data"]) == {"kind": "table_found", "n": 1, "file": "crm.csv"}
    assert done["summary"] == "1 rivi vientitiedostossa crm.csv"
    own = next(t for t in _tasks(reg, r["id"]) if t["system_kind"] == "register")
    assert json.loads(own["summary_data"]) == {"kind": "register_none"}

    out = {lang: kp("request", "tasks", str(r["id"]), db_path=reg.path, env={"KP_LANG": lang}, check=True).stdout
           for lang in ("fi", "sv", "en")}
    assert "1 rivi vientitiedostossa crm.csv" in out["fi"] and "ei tietoja rekisterissä" in out["fi"]
    assert "1 rad i exportfilen crm.csv" in out["sv"] and "inga uppgifter i registret" in out["sv"]
    assert "1 row in the export crm.csv" in out["en"] and "nothing in the register" in out["en"]
    assert "vientitiedostossa" not in out["sv"] + out["en"] and " / " not in out["sv"]

    with reg.read() as q:
        sv = _pdf_text(sar.report_pdf(q, "liisa@example.fi", request_id=r["id"], lang="sv"), reg.path.parent / "s.pdf")
        data = json.loads(sar.portability_json(q, "liisa@example.fi", request_id=r["id"]))
    assert "1 rad i exportfilen crm.csv" in sv and "rivi" not in sv
    assert next(s for s in data["systems"] if s["system"] == "CRM-vienti")["summary"] == "1 rivi vientitiedostossa crm.csv"


def test_the_registers_own_search_counts_in_finnish_singular(reg):
    with reg.write("t", "test.contact") as w:
        w.sql("INSERT INTO contact (email, name) VALUES ('kalle@example.fi', 'Kalle')")
    r = reqs.add(reg, "t", type="access", email="kalle@example.fi")
    own = next(t for t in _tasks(reg, r["id"]) if t["system_kind"] == "register")
    assert [summary.text(own, lang) for lang in ("fi", "sv", "en")] == [
        "1 henkilö, 0 verkkokäyntiä", "1 person, 0 webbesök", "1 person, 0 web visits"]


def _tasks(reg, request_id):
    with reg.read() as q:
        return tasks.for_request(q, request_id)


def test_a_refused_requests_tasks_say_why_in_the_readers_language(reg, kp):
    """Art. 12(5): a refused request's tasks are not applicable; the reason is a catalog message (older
    registers stored 'request refused / pyyntö hylätty'); a DPO's own reason is printed as written."""
    systems.add(reg, "t", {"name": "Paperiarkisto", "kind": "other", "connector": "manual",
                           "instructions_fi": "Etsi arkistosta"}, purposes=["sales_marketing"])
    r2 = reqs.add(reg, "t", type="access", email="kolmas@example.fi")
    reqs.refuse(reg, "t", r2["id"], reason="Ilmeisen perusteeton")
    na = [t for t in _tasks(reg, r2["id"]) if t["status"] == "not_applicable"]
    assert na and {t["na_reason"] for t in na} == {"request refused"}
    assert [summary.reason(na[0], lang) for lang in ("fi", "sv", "en")] == [
        "pyyntö hylättiin (12 artiklan 5 kohta)", "begäran avslogs (artikel 12.5)", "the request was refused (Art. 12(5))"]
    sv = kp("request", "tasks", str(r2["id"]), db_path=reg.path, env={"KP_LANG": "sv"}, check=True).stdout
    assert "begäran avslogs (artikel 12.5)" in sv and "request refused" not in sv
    old = {"na_reason": "request refused / pyyntö hylätty"}
    assert summary.reason(old, "sv") == "begäran avslogs (artikel 12.5)"
    assert summary.reason({"na_reason": "Ei käytössä / ej i bruk"}, "sv") == "Ei käytössä / ej i bruk"
