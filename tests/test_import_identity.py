"""The import's results are fixed facts, whatever makes it fast (issue 17 §3).

Tricky files (odd and invalid emails, Unicode names, bad and future dates, control characters,
duplicates, suppressed and restricted people, formula-looking cells, odd phones, marketing bases,
blank lines, an XLSX twin) are imported into a register that already holds people, suppression
entries and a restricted person; every outcome is compared with tests/data/import_identity.json:
the counts, each problem (row, field, reason) in order, the refusal without skipping, the
rejected-rows file byte for byte, the marketing classification row by row, and the register's
contacts and purpose links afterwards.

The JSON was written by the row-by-row-checked import as it was before the bulk SQL
validation (commit fad18ec): regenerate only on purpose, with KP_REGEN_IDENTITY=1, and review
the diff — a changed line is a changed result for the DPO.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest

from kpcore import db, imports, suppression
from kpcore.errors import ValidationFailed

GOLDEN = Path(__file__).parent / "data" / "import_identity.json"
TODAY = dt.date(2026, 11, 30)

HEADER = ["nimi", "sähköposti", "puhelin", "organisaatio", "titteli", "käyttötarkoitus", "lähde", "hankittu"]
ROWS = [
    # plain, merged across purposes and case
    ["Anna Aalto", "anna@tampere.fi", "040 111 2222", "Tampereen kaupunki", "PM", "sales_marketing", "public", "01.10.2026"],
    ["Anna Aalto", "ANNA@Tampere.FI", "", "Tampereen kaupunki", "PM", "expert_admin", "direct", "2026-10-02"],
    ["Anna Toinen", "anna@tampere.fi", "", "", "", "expert_admin", "direct", "03.10.2026"],  # same link twice
    # Unicode names and markup-looking text
    ["Łukasz Żółć", "lukasz@espoo.fi", "", "Espoon kaupunki", "", "expert_user", "partner", "5.10.2026"],
    ["Åsa Öhman-Ärlig", "asa@vantaa.fi", "+358 50 333 4444", "Vantaan kaupunki", "Rehtori", "Myynti ja markkinointi",
     "Julkiset lähteet", "2026-09-01"],
    ["李小龙 <b>&amp;</b>", "li@hel.fi", "", "", "", "expert_user", "direct", ""],
    ["  Spaced Name  ", " spaced@hel.fi ", " 09 310 1691 ", "  Helsinki ", " ", "expert_admin", "direct", " 2026-11-01 "],
    # formula-looking cells (data, kept; neutralised only on the way out)
    ["=HYPERLINK(\"http://x\")", "formula@hel.fi", "", "@SUM(A1)", "-1+2", "sales_marketing", "partner", "2026-11-11"],
    ["+Plus", "plus+tag@hel.fi", "", "\tTabbed", "", "expert_user", "direct", "2026-11-12"],
    # odd but valid emails: through the slow validator
    ["Quoted", "\"john doe\"@hel.fi", "", "", "", "expert_user", "direct", "2026-11-12"],
    ["Idn", "user@äänekoski.fi", "", "", "", "expert_user", "direct", "2026-11-12"],
    ["Unicode Local", "jörg@hel.fi", "", "", "", "expert_user", "direct", "2026-11-12"],
    ["Sub Domain", "x.y-z_w@mail.sub.kunta.fi", "", "", "", "expert_user", "direct", "2026-11-12"],
    ["Long Tld", "a@b.museum", "", "", "", "expert_user", "direct", "2026-11-12"],
    # invalid emails
    ["Bad1", "maija-at-hel.fi", "", "", "", "expert_user", "direct", "2026-11-12"],
    ["Bad2", "a..b@hel.fi", "", "", "", "expert_user", "direct", "2026-11-12"],
    ["Bad3", "test@example.test", "", "", "", "expert_user", "direct", "2026-11-12"],
    ["Bad4", ("x" * 65) + "@hel.fi", "", "", "", "expert_user", "direct", "2026-11-12"],
    ["Bad5", "trailing.@hel.fi", "", "", "", "expert_user", "direct", "2026-11-12"],
    ["Bad6", "no@tld", "", "", "", "expert_user", "direct", "2026-11-12"],
    ["Bad7", "", "", "", "", "expert_user", "direct", "2026-11-12"],
    # dates
    ["Date1", "d1@hel.fi", "", "", "", "expert_user", "direct", "31.02.2026"],
    ["Date2", "d2@hel.fi", "", "", "", "expert_user", "direct", "2026-13-01"],
    ["Date3", "d3@hel.fi", "", "", "", "expert_user", "direct", "yesterday"],
    ["Date4", "d4@hel.fi", "", "", "", "expert_user", "direct", "01.12.2026"],  # future
    ["Date5", "d5@hel.fi", "", "", "", "expert_user", "direct", "1899-12-31"],
    ["Date6", "d6@hel.fi", "", "", "", "expert_user", "direct", "1.1.2026"],
    ["Date7", "d7@hel.fi", "", "", "", "expert_user", "direct", "2026-11-30"],  # today
    # control characters
    ["Esc\x1b[31mName", "ctl1@hel.fi", "", "", "", "expert_user", "direct", "2026-11-12"],
    ["Bel", "ctl2@hel.fi", "", "Org\x07", "", "expert_user", "direct", "2026-11-12"],
    ["Tab\tand newline\nok", "ctl3@hel.fi", "", "", "", "expert_user", "direct", "2026-11-12"],
    ["Del", "ctl4@hel.fi\x7f", "", "", "", "expert_user", "direct", "2026-11-12"],
    # phones
    ["Phone1", "p1@hel.fi", "040-123 4567", "", "", "sales_marketing", "public", "2026-11-12"],
    ["Phone2", "p2@hel.fi", "+46 8 123 456 78", "", "", "sales_marketing", "public", "2026-11-12"],
    ["Phone3", "p3@hel.fi", "12", "", "", "sales_marketing", "public", "2026-11-12"],
    ["Phone4", "p4@hel.fi", "(09) 310 1691", "", "", "sales_marketing", "public", "2026-11-12"],
    ["Phone5", "p5@hel.fi", "040 1234567", "", "", "expert_user", "direct", "2026-11-12"],  # minimisation
    # purposes, sources, lengths
    ["Purp", "pu1@hel.fi", "", "", "", "no such purpose", "direct", "2026-11-12"],
    ["Purp", "pu2@hel.fi", "", "", "", "", "direct", "2026-11-12"],
    ["Src", "s1@hel.fi", "", "", "", "expert_user", "somewhere", "2026-11-12"],
    ["Src", "s2@hel.fi", "", "", "", "EXPERT_USER", "", "2026-11-12"],
    ["N" * 501, "long@hel.fi", "", "", "", "expert_user", "direct", "2026-11-12"],
    ["", "noname@hel.fi", "", "", "", "expert_user", "direct", "2026-11-12"],
    ["Web", "web@hel.fi", "", "", "", "web_analytics", "direct", "2026-11-12"],
    # suppression and restriction
    ["Erased", "Erased@Hel.fi", "", "", "", "expert_user", "direct", "2026-11-12"],
    ["Erased Phone", "ephone@hel.fi", "+358 40 999 8887", "", "", "sales_marketing", "public", "2026-11-12"],
    ["Objector", "objector@hel.fi", "", "", "", "sales_marketing", "public", "2026-11-12"],
    ["Objector", "objector@hel.fi", "", "", "", "expert_admin", "direct", "2026-11-12"],
    ["Restricted", "rauha@hel.fi", "", "", "", "expert_admin", "direct", "2026-11-12"],
    # a person already in the register: keeps their data, gains a link
    ["Known Other", "known@hel.fi", "040 777 6666", "New Org", "New Title", "expert_user", "direct", "2026-11-12"],
    # personal (free-mail) address in direct marketing
    ["Gmail", "someone@gmail.com", "", "", "", "sales_marketing", "public", "2026-11-12"],
    ["Gmail Work", "someone@gmail.com", "", "", "", "expert_user", "direct", "2026-11-12"],
    # blank line in the middle
    ["", "", "", "", "", "", "", ""],
    ["Last", "last@hel.fi", "", "", "", "expert_user", "direct", "2026-11-12"],
]
MARKETING_HEADER = ["nimi", "sähköposti", "käyttötarkoitus", "lähde", "hankittu", "markkinointiperuste",
                    "suostumuspäivä", "suostumuskanava", "suostumusteksti", "suostumustapa", "viimeisin yhteydenotto",
                    "ensimmäinen yhteydenotto", "viimeisin koulutus", "lähteen tarkenne"]
MARKETING_ROWS = [
    ["M1", "m1@gmail.com", "sales_marketing", "public", "2026-10-01", "suostumus", "2026-10-01", "web", "v1", "lomake",
     "", "", "", ""],
    ["M2", "m2@gmail.com", "sales_marketing", "public", "2026-10-01", "", "2026-10-01", "", "", "", "", "", "", ""],
    ["M3", "m3@hel.fi", "sales_marketing", "public", "2026-10-01", "", "", "", "", "", "2026-11-01", "2026-10-05",
     "2026-11-02", "Kuntamessut"],
    ["M4", "m4@hel.fi", "sales_marketing", "public", "2026-10-01", "asiakas", "", "", "", "", "2026-09-01", "", "", ""],
    ["M5", "m5@hel.fi", "sales_marketing", "public", "2026-10-01", "what", "", "", "", "", "", "2026-12-24", "", ""],
    ["M6", "m6@gmail.com", "sales_marketing", "public", "2026-10-01", "ei", "", "", "", "", "", "", "31.13.2026", ""],
    ["M7", "m7@hel.fi", "expert_admin", "direct", "2026-10-01", "consent", "", "", "", "", "", "", "", ""],
    ["M8", "m8@hel.fi", "sales_marketing", "public", "2026-10-01", "consent", "2027-01-01", "x" * 501, "v", "h",
     "", "", "", ""],
]


def _csv(header, rows) -> bytes:
    out = io.StringIO()
    import csv
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows([header] + rows)
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def _xlsx(header, rows) -> bytes:
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append([None if v == "" else v.replace("\x1b", "").replace("\x07", "").replace("\x7f", "") for v in r])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


FILES = {
    "tricky.csv": lambda: _csv(HEADER, ROWS),
    "tricky.xlsx": lambda: _xlsx(HEADER, ROWS),
    "split_names.csv": lambda: _csv(["etunimi", "sukunimi", "email", "purpose", "source"],
                                    [["Matti", "Meikäläinen", "matti@hel.fi", "expert_user", "direct"],
                                     ["", "Vain Suku", "vain@hel.fi", "expert_user", "direct"],
                                     [" ", " ", "tyhja@hel.fi", "expert_user", "direct"],
                                     ["Ünï", "Cødé", "UNI@HEL.FI", "expert_admin", "Contacts with us"]]),
    "marketing.csv": lambda: _csv(MARKETING_HEADER, MARKETING_ROWS),
    "all_good.csv": lambda: _csv(HEADER, [r for r in ROWS[:9]]),
}


def _register(tmp_path: Path) -> db.Register:
    reg = db.create(tmp_path / "identity.duckdb")
    with reg.write("test", "test.setup") as w:
        w.sql("INSERT INTO contact (email, name, phone, organisation) VALUES "
              "('known@hel.fi', 'Known Person', NULL, 'Old Org'), ('rauha@hel.fi', 'Rauha', NULL, NULL)")
        w.sql("UPDATE contact SET restricted = true WHERE email = 'rauha@hel.fi'")
        w.sql("INSERT INTO contact_purpose (contact_id, purpose, source, collected_on) "
              "SELECT id, 'expert_admin', 'direct', DATE '2026-01-01' FROM contact WHERE email = 'known@hel.fi'")
        suppression.suppress(w, email="erased@hel.fi", phone=None, reason="erased")
        suppression.suppress(w, email=None, phone="+358409998887", reason="erased")
        suppression.suppress(w, email="objector@hel.fi", phone=None, reason="objected", purpose="sales_marketing")
    return reg


def _result(res: imports.ImportResult) -> dict:
    return {"summary": {k: v for k, v in res.summary().items() if k != "rejected_csv"},
            "problems": [[p.row, p.field, p.reason] for p in res.problems],
            "classified_rows": [list(r) for r in res.classified_rows],
            "rejected_data": None if res.rejected_data is None else res.rejected_data.decode("utf-8"),
            "imported_rows": res.imported_rows}


def _register_state(reg: db.Register) -> dict:
    with reg.read() as q:
        contacts = q.sql("SELECT email, name, phone, organisation, title, last_training_on::TEXT, restricted "
                         "FROM contact ORDER BY email").fetchall()
        links = q.sql("SELECT c.email, cp.purpose, cp.source, cp.collected_on::TEXT, cp.last_contact_on::TEXT, "
                      "cp.first_communication_on::TEXT, cp.source_detail, cp.marketing_basis, cp.consent_on::TEXT, "
                      "cp.consent_channel, cp.consent_wording, cp.consent_how "
                      "FROM contact_purpose cp JOIN contact c ON c.id = cp.contact_id ORDER BY 1, 2").fetchall()
        order = q.sql("SELECT email FROM contact ORDER BY id").fetchall()
    return {"contacts": [list(r) for r in contacts], "links": [list(r) for r in links],
            "insert_order": [r[0] for r in order]}


def outcomes(tmp_path: Path, name: str) -> dict:
    data = FILES[name]()
    out: dict = {}
    reg = _register(tmp_path / name)
    try:
        imports.import_file(reg, data, actor="test", filename=name, today=TODAY)
        out["strict"] = {"imported": True}
    except ValidationFailed as exc:
        out["strict"] = {"refused": [[p.row, p.field, p.reason] for p in exc.problems]}
    out["strict_state"] = _register_state(reg)
    out["dry_run"] = _result(imports.import_file(reg, data, actor="test", filename=name, today=TODAY,
                                                 dry_run=True, skip_invalid=True))
    out["skip"] = _result(imports.import_file(reg, data, actor="test", filename=name, today=TODAY, skip_invalid=True))
    out["skip_state"] = _register_state(reg)
    out["again"] = _result(imports.import_file(reg, data, actor="test", filename=name, today=TODAY, skip_invalid=True))
    return out


@pytest.mark.parametrize("name", sorted(FILES))
def test_import_outcomes_are_the_recorded_ones(tmp_path, name):
    got = json.loads(json.dumps(outcomes(tmp_path, name), default=str))
    golden = json.loads(GOLDEN.read_text(encoding="utf-8")) if GOLDEN.exists() else {}
    if os.environ.get("KP_REGEN_IDENTITY") == "1":
        golden[name] = got
        GOLDEN.write_text(json.dumps(golden, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    want = golden[name]
    for part in want:  # part by part, so a failure says which outcome changed
        assert got[part] == want[part], part
    assert set(got) == set(want)


def test_the_recorded_outcomes_cover_the_hard_cases():
    """The golden file is not vacuous: it holds refusals, skips, merges, suppressions and bases."""
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    tricky = golden["tricky.csv"]
    reasons = {p[2] for p in tricky["strict"]["refused"]}
    assert {"not a valid email address", "missing", "the date is in the future", "the date is before 1900",
            "not a date (use 2026-11-24 or 24.11.2026)", "not a valid phone number", "longer than 500 characters",
            imports.CONTROL_REASON} <= reasons
    s = tricky["skip"]["summary"]
    assert s["rejected"] > 10 and s["people"] > 10 and s["merged"] >= 2 and s["suppressed"] >= 3 and s["restricted"] == 1
    assert golden["all_good.csv"]["strict"] == {"imported": True}
    assert golden["marketing.csv"]["skip"]["classified_rows"]
    assert golden["tricky.xlsx"]["skip"]["summary"]["rows"] == s["rows"]


def test_lengths_count_characters_not_bytes(tmp_path):
    """The byte-length shortcut never refuses a text of allowed length written in multi-byte letters."""
    reg = db.create(tmp_path / "len.duckdb")
    rows = [["ä" * 500, "a1@hel.fi", "", "Ö" * 500, "€" * 500, "expert_user", "direct", "2026-11-12"],
            ["ä" * 501, "a2@hel.fi", "", "", "", "expert_user", "direct", "2026-11-12"],
            ["Ok", "a3@hel.fi", "", "", "€" * 501, "expert_user", "direct", "2026-11-12"]]
    res = imports.import_file(reg, _csv(HEADER, rows), actor="test", today=TODAY, skip_invalid=True, dry_run=True)
    assert [(p.row, p.field, p.reason) for p in res.problems] == [
        (2, "name", "longer than 500 characters"), (3, "title", "longer than 500 characters")]
    cell = imports.MAX_CELL
    big = _csv(HEADER, [["x", "a4@hel.fi", "", "ä" * cell, "", "expert_user", "direct", "2026-11-12"]])
    res = imports.import_file(reg, big, actor="test", today=TODAY, skip_invalid=True, dry_run=True)
    assert [(p.row, p.field) for p in res.problems] == [(1, "organisation")]  # over 500, but not over MAX_CELL
    with pytest.raises(ValidationFailed) as exc:
        imports.import_file(reg, _csv(HEADER, [["x", "a5@hel.fi", "", "ä" * (cell + 1), "", "expert_user", "direct",
                                                "2026-11-12"]]), actor="test", today=TODAY, dry_run=True)
    assert (exc.value.problems[0].row, exc.value.problems[0].field) == (1, "organisation")
    assert f"a cell of {cell + 1} characters" in exc.value.problems[0].reason
