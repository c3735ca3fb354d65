"""`kp breach` case actions and `kp subprocessor` (issue 15), each with --json, and the PDFs
they write: read back as text and accepted by qpdf."""
from __future__ import annotations

import datetime as dt
import json
import subprocess

import pytest
from pypdf import PdfReader

from tests.test_breach_cases import engagements


def j(res):
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def pdf_text(path) -> str:
    assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0
    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


def test_controller_role_walk_facts_to_notified_and_letters(demo_reg, kp, tmp_path):
    db = demo_reg.path
    now = dt.datetime.now().replace(second=0, microsecond=0)
    aware = now - dt.timedelta(hours=80)
    res = kp("breach", "add", "--aware", f"{aware:%Y-%m-%d %H:%M}", "--description", "Asiakaslista lähti väärälle vastaanottajalle",
             "--how", "Sähköpostin automaattitäydennys", "--cause", "Inhimillinen virhe", "--subjects", "3",
             "--records", "3", "--data-categories", "email, name, phone", "--effects", "Huijausviestien riski",
             "--remedial-action", "Vastaanottaja poisti viestin", "--sensitive-details", "Vastaanottaja: x@kilpailija.example",
             "--breach-types", "confidentiality", db_path=db)
    assert res.returncode == 0, res.stderr
    bid = int(res.stdout.strip())
    a = j(kp("breach", "assess", str(bid), "--types", "confidentiality", "--data", "financial", "--identification",
             "maximum", "--consequences", "serious", "--justification", "Puhelinnumerot ja nimet ulkopuoliselle", "--json",
             db_path=db))
    assert a["level"] == "high" and a["suggested"] == "high"
    # 80 h after awareness without a reason: refused, nothing recorded
    bad = kp("breach", "notify", str(bid), "--json", db_path=db)
    assert bad.returncode == 1 and "Reason for delay (over 72 h): the notification came" in bad.stderr and "33(1)" in bad.stderr
    assert j(kp("breach", "case", str(bid), "--json", db_path=db))["notifications"] == []
    pdf = tmp_path / "notification-fi.pdf"
    n = j(kp("breach", "notify", str(bid), "--delay-reason", "Laajuus selvisi vasta viikonlopun jälkeen",
             "-o", str(pdf), "--json", db_path=db))
    assert n["version"] == 1 and n["clock"] == "late" and n["hours_after_awareness"] >= 80
    text = pdf_text(pdf)
    for part in ("Ilmoitus henkilötietojen tietoturvaloukkauksesta", "Viivästyksen syyt", "viikonlopun jälkeen",
                 "Korkea riski", "TURVAVIESTILLÄ", "Rekisteröityjen määrä"):
        assert part in text, part
    assert "kilpailija" not in text and "kilpailija" not in n["text"]
    secure = kp("breach", "notification", str(bid), "--secure", db_path=db)
    assert "x@kilpailija.example" in secure.stdout
    en = kp("breach", "notification", str(bid), "--version", "1", "--lang", "en", db_path=db)
    assert "Notification of a personal data breach" in en.stdout and "Reasons for the delay" in en.stdout
    s = j(kp("breach", "supplement", str(bid), "--note", "Vastaanottaja vahvisti poiston", "--json", db_path=db))
    assert s["version"] == 2 and "Vastaanottaja vahvisti poiston" in s["text"]
    # the people: letters in their language, then told
    with demo_reg.read() as q:
        ids = [r[0] for r in q.sql("SELECT id FROM contact ORDER BY id LIMIT 2").fetchall()]
    letters = tmp_path / "letters.pdf"
    d = j(kp("breach", "tell-people", str(bid), "--contacts", str(ids[0]), "--lang", "fi", "--draft", "--json", db_path=db))
    assert d["told"] == 0 and d["people"][0]["told_at"] is None
    j(kp("breach", "tell-people", str(bid), "--contacts", str(ids[1]), "--lang", "en", "--draft", "--json", db_path=db))
    j(kp("breach", "tell-people", str(bid), "-o", str(letters), "--draft", "--json", db_path=db))
    lt = pdf_text(letters)
    assert "Tietoturvaloukkaus, joka koskee henkilötietojasi" in lt and "A personal data breach concerning your data" in lt
    for part in ("Mitä tapahtui", "Mitä siitä voi seurata", "Mitä olemme tehneet", "Keneen voit ottaa yhteyttä",
                 "Who to contact", "tietosuoja@om.fi"):
        assert part in lt, part
    assert len(PdfReader(str(letters)).pages) == 2
    t = j(kp("breach", "tell-people", str(bid), "--channel", "letter", "--json", db_path=db))
    assert t["told"] == 2 and all(p["told_at"] for p in t["people"])
    c = j(kp("breach", "case", str(bid), "--json", db_path=db))
    assert c["subjects_informed_at"] and {k["kind"]: k["state"] for k in c["clocks"]}["people"] in ("late", "on_time")
    # audit: ids and counts only
    with demo_reg.read() as q:
        details = " ".join(r[0] or "" for r in q.sql("SELECT detail FROM audit_log").fetchall())
    assert "kilpailija" not in details and "Asiakaslista" not in details


def test_processor_fan_out_ack_and_subprocessor_change(reg, kp, tmp_path):
    db = reg.path
    e1, e2, e3 = engagements(reg, [24, 48, None])
    assert j(kp("breach", "terms", str(e3), "--objection-days", "14", "--json", db_path=db))["objection_days"] == 14
    now = dt.datetime.now().replace(second=0, microsecond=0)
    bid = int(kp("breach", "add", "--aware", f"{now - dt.timedelta(hours=2):%Y-%m-%d %H:%M}", "--description",
                 "Väärät oikeudet", db_path=db).stdout)
    out = tmp_path / "notices"
    r = j(kp("breach", "tell-controllers", str(bid), "--engagements", f"{e1},{e2},{e3}", "-o", str(out), "--json",
             db_path=db))
    assert sorted(r["told"]) == [e1, e2, e3] and len(r["controllers"]) == 3
    assert {c["engagement_id"]: c["limit_hours"] for c in r["controllers"]} == {e1: 24, e2: 48, e3: None}
    files = sorted(out.glob("*.pdf"))
    assert len(files) == 3
    text = pdf_text(out / f"breach-{bid}-engagement-{e2}-fi.pdf")
    assert "48 tunnin kuluessa" in text and "Kunta 2" in text and "Ilmoitus rekisterinpitäjälle" in text
    a = j(kp("breach", "ack", str(bid), "--engagement", str(e2), "--by", "Kunnan tietosuojavastaava", "--json", db_path=db))
    assert a["acknowledged"]
    c = j(kp("breach", "case", str(bid), "--json", db_path=db))
    assert {k["engagement_id"]: k["state"] for k in c["clocks"] if k["kind"] == "controller"} == \
        {e1: "on_time", e2: "on_time", e3: "on_time"}
    assert not j(kp("breach", "clocks", "--json", db_path=db))
    # as text in a Finnish terminal: the step, the risk and yes/no by their names, days as Finnish writes them
    text = kp("breach", "case", str(bid), db_path=db, env={"KP_LANG": "fi"}).stdout
    assert "vaihe: " in text and "notices" not in text and " None" not in text and " klo " in text, text
    assert "stage: " in kp("breach", "case", str(bid), db_path=db).stdout  # conftest's English terminal
    # sub-processor change: one objection
    ch = j(kp("subprocessor", "add", "--name", "Pilvi Oy", "--service", "Palvelinten ylläpito", "--effective",
              f"{(now + dt.timedelta(days=40)):%Y-%m-%d}", "--json", db_path=db))
    assert len(ch["notices"]) == 3
    cid = ch["id"]
    sent = j(kp("subprocessor", "notify", str(cid), "--json", db_path=db))
    assert sorted(sent["sent"]) == [e1, e2, e3] and "14 päivän kuluessa" in sent["notices"][str(e3)]
    o = j(kp("subprocessor", "object", str(cid), "--engagement", str(e1), "--text", "Ei EU:n ulkopuolelle", "--json",
             db_path=db))
    assert o["in_time"] is True
    show = j(kp("subprocessor", "show", str(cid), "--json", db_path=db))
    assert {n["engagement_id"]: n["state"] for n in show["notices"]} == {e1: "objected", e2: "window_open", e3: "window_open"}
    # as text, in the terminal's language: the states' names, not their codes (#16 §4)
    listed = kp("subprocessor", "list", db_path=db, env={"KP_LANG": "fi"}).stdout
    assert "Vastustusaika kulumassa: 2" in listed and "Vastustettu – ratkaistava: 1" in listed, listed
    shown = kp("subprocessor", "show", str(cid), db_path=db, env={"KP_LANG": "sv"}).stdout
    assert shown.count("Tid för invändning löper") == 2 and "window_open" not in shown, shown
    chk = json.loads(kp("check", "--json", db_path=db).stdout)  # exit 3: a high finding
    assert any(f["rule"] == "subprocessor_objection_open" for f in chk["findings"])
    j(kp("subprocessor", "outcome", str(cid), "--engagement", str(e1), "--outcome", "objection_resolved", "--json",
         db_path=db))
    chk = json.loads(kp("check", "--json", db_path=db).stdout)
    assert not any(f["rule"] == "subprocessor_objection_open" for f in chk["findings"])


@pytest.mark.parametrize("args", [["breach", "ack", "1", "--engagement", "1"], ["subprocessor", "show", "9"]])
def test_unknown_ids_are_clear_errors(reg, kp, args):
    res = kp(*args, db_path=reg.path)
    assert res.returncode == 1 and "Traceback" not in res.stderr
