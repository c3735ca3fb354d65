"""Importing contacts: real files, validation, minimisation, suppression, one transaction."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kpcore import imports, suppression
from kpcore.addresses import normalise_phone
from kpcore.errors import ValidationFailed
from kpcore.imports.arrays import trim

DATA = Path(__file__).resolve().parent / "data"
HEADER = "name;email;phone;organisation;title;purpose;source;collected_at\n"
TODAY = dt.date(2026, 11, 24)


def csv_bytes(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return (header + "".join(r + "\n" for r in rows)).encode(encoding)


def state(reg) -> dict:
    """What an import may change: people, links and the audit log."""
    with reg.read() as q:
        return {"people": q.sql("SELECT id, email, name, phone, organisation, title FROM contact ORDER BY id").fetchall(),
                "links": q.sql("SELECT * FROM contact_purpose ORDER BY contact_id, purpose").fetchall(),
                "audit": q.sql("SELECT count(*) FROM audit_log").fetchall()[0][0]}


def people(reg) -> dict[str, dict]:
    with reg.read() as q:
        rows = q.sql("""SELECT c.email, c.name, c.phone, c.organisation, c.title,
                               list(cp.purpose ORDER BY cp.purpose) AS purposes,
                               list(cp.source ORDER BY cp.purpose) AS sources,
                               list(cp.collected_on ORDER BY cp.purpose) AS collected
                        FROM contact c LEFT JOIN contact_purpose cp ON cp.contact_id = c.id GROUP BY ALL""").fetchall()
    return {r[0]: {"name": r[1], "phone": r[2], "organisation": r[3], "title": r[4], "purposes": r[5],
                   "sources": r[6], "collected": r[7]} for r in rows}


def run(reg, data, **kw):
    return imports.import_file(reg, data, actor="test", today=TODAY, **kw)


# ------------------------------------------------------------------ real files


def test_finnish_excel_csv_windows_1252_semicolons(reg):
    raw = (DATA / "finnish_excel.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the fixture really is Windows-1252
    res = run(reg, DATA / "finnish_excel.csv")
    assert (res.rows, res.people, res.new_links, res.rejected) == (3, 3, 3, 0)
    got = people(reg)
    ake = got["ake.jaaskelainen@tampere.fi"]
    assert ake["name"] == "Pörröinen Åke-Jääskeläinen"
    assert ake["phone"] == "+358401234567"
    assert ake["purposes"] == ["sales_marketing"] and ake["sources"] == ["public"]
    assert ake["collected"] == [dt.date(2025, 11, 24)]
    marta = got["marta.ohman@porvoo.fi"]  # purpose by Finnish name written with a hyphen, not the en dash
    assert marta["purposes"] == ["expert_user"] and marta["sources"] == ["partner"]
    assert marta["collected"] == [dt.date(2026, 2, 1)]
    assert got["vaino.aijala@kangasala.fi"]["title"] == "Budjetti 5 000 €"
    assert got["vaino.aijala@kangasala.fi"]["phone"] == "+358507654321"


def test_xlsx_with_date_cells_numeric_phone_and_non_latin_names(reg):
    res = run(reg, DATA / "contacts.xlsx")
    assert (res.rows, res.people, res.rejected) == (2, 2, 0)  # the blank row is not a row
    assert res.ignored_columns == ("Notes",)
    got = people(reg)
    assert got["lukasz.zolc@espoo.fi"]["name"] == "Łukasz Żółć"
    assert got["lukasz.zolc@espoo.fi"]["phone"] == "+358401234567"
    assert got["lukasz.zolc@espoo.fi"]["collected"] == [dt.date(2026, 5, 4)]
    assert got["alexandros.p@espoo.fi"]["name"] == "Αλέξανδρος Παπαδόπουλος"
    assert got["alexandros.p@espoo.fi"]["purposes"] == ["expert_user"]


@pytest.mark.parametrize("encoding,bom,delimiter", [
    ("utf-8", b"", ","), ("utf-8", b"\xef\xbb\xbf", ";"), ("utf-8", b"", "\t"), ("cp1252", b"", ","),
    ("utf-16", b"", "\t"),
])
def test_encodings_and_delimiters_are_detected(reg, encoding, bom, delimiter):
    header = delimiter.join(["Nimi", "Sähköposti", "Käyttötarkoitus", "Lähde", "Hankittu"])
    row = delimiter.join(["Jörö Åström", "joro@hel.fi", "sales_marketing", "direct", "3.4.2026"])
    data = bom + (header + "\r\n" + row + "\r\n").encode(encoding)
    res = run(reg, data)
    assert res.people == 1
    assert people(reg)["joro@hel.fi"]["name"] == "Jörö Åström"


def test_quoted_fields_with_delimiters_and_newlines(reg):
    data = csv_bytes('"Virtanen; Matti";matti@hel.fi;;"Helsinki;\nKaupunki";;sales_marketing;direct;')
    res = run(reg, data)
    assert res.people == 1
    assert people(reg)["matti@hel.fi"]["organisation"] == "Helsinki;\nKaupunki"


def test_markup_characters_are_data_kept_exactly(reg):
    names = ["<b>Bold</b> Person", "Tom & Jerry", "  Spaced  Name ", "<script>alert(1)</script>", "Łukasz Żółć"]
    rows = [f"{n};p{i}@hel.fi;;;;expert_user;direct;2026-01-01" for i, n in enumerate(names)]
    run(reg, csv_bytes(*rows))
    got = people(reg)
    assert [got[f"p{i}@hel.fi"]["name"] for i in range(len(names))] == names


def test_first_and_last_name_columns_are_joined(reg):
    data = csv_bytes("Anna;Mäkinen;anna@hel.fi;sales_marketing;direct",
                     header="etunimi;sukunimi;sähköposti;käyttötarkoitus;lähde\n")
    run(reg, data)
    assert people(reg)["anna@hel.fi"]["name"] == "Anna Mäkinen"


# ------------------------------------------------------------------ validation


def test_every_bad_row_is_listed_and_nothing_is_written(reg):
    before = state(reg)
    data = csv_bytes(
        "Ok Person;ok@hel.fi;;;;sales_marketing;direct;2026-01-01",
        "No At;not-an-email;;;;sales_marketing;direct;",
        ";blank.name@hel.fi;;;;sales_marketing;direct;",
        "Bad Phone;bp@hel.fi;12;;;sales_marketing;direct;",
        "Bad Purpose;pu@hel.fi;;;;astrology;direct;",
        "Bad Source;so@hel.fi;;;;sales_marketing;rumour;",
        "Bad Date;da@hel.fi;;;;sales_marketing;direct;31.02.2026",
        "Future;fu@hel.fi;;;;sales_marketing;direct;1.1.2030",
        "No Email;;;;;sales_marketing;direct;",
    )
    with pytest.raises(ValidationFailed) as exc:
        run(reg, data)
    got = {(p.row, p.field) for p in exc.value.problems}
    assert got == {(2, "email"), (3, "name"), (4, "phone"), (5, "purpose"), (6, "source"), (7, "collected_at"),
                   (8, "collected_at"), (9, "email")}
    message = str(exc.value)
    assert "row 4, phone: not a valid phone number" in message
    assert "nothing was written" in message
    for secret in ("not-an-email", "bp@hel.fi", "Bad Phone", "12;"):
        assert secret not in message  # no personal data in the message
    assert state(reg) == before


def test_phone_in_a_group_2_row_is_refused(reg):
    before = state(reg)
    data = csv_bytes("Eve User;eve@hel.fi;040 765 4321;;;expert_user;direct;",
                     "Adam Admin;adam@hel.fi;040 765 4322;;;expert_admin;direct;")
    with pytest.raises(ValidationFailed) as exc:
        run(reg, data)
    assert [(p.row, p.field) for p in exc.value.problems] == [(1, "phone")]
    assert "expert_user does not allow phone number" in exc.value.problems[0].reason
    assert state(reg) == before


def test_contacts_cannot_be_put_in_web_analytics(reg):
    with pytest.raises(ValidationFailed) as exc:
        run(reg, csv_bytes("Web Person;web@hel.fi;;;;web_analytics;direct;"))
    assert {p.field for p in exc.value.problems} >= {"email", "name"}


@pytest.mark.parametrize("column,what", [
    ("Terveystiedot", "Health data"), ("Allergies", "Health data"), ("health_info", "Health data"),
    ("Uskonto", "Religious"), ("Ammattiliitto", "Trade-union"), ("Ethnic origin", "ethnic"),
    ("Puolue", "Political"), ("Seksuaalinen suuntautuminen", "orientation"), ("DNA", "Genetic"),
    ("Sormenjälki", "Biometric"), ("Salasana", "Password"), ("password_hash", "Password"), ("PIN", "Password"),
])
def test_special_category_and_credential_columns_refuse_the_file(reg, column, what):
    before = state(reg)
    data = csv_bytes("Ok Person;ok@hel.fi;;sales_marketing;direct;x",
                     header=f"name;email;phone;purpose;source;{column}\n")
    with pytest.raises(ValidationFailed) as exc:
        run(reg, data)
    [problem] = exc.value.problems
    assert problem.row == 0 and problem.field == column
    assert what.lower() in problem.reason.lower()
    assert "Remove the column" in problem.reason
    assert state(reg) == before


def test_missing_required_columns_are_named(reg):
    with pytest.raises(ValidationFailed) as exc:
        run(reg, b"nimi;puhelin\nMatti;0401234567\n")
    assert {p.field for p in exc.value.problems} == {"email", "purpose", "source"}


def test_rows_with_a_wrong_number_of_fields_refuse_the_file(reg):
    with pytest.raises(ValidationFailed) as exc:
        run(reg, csv_bytes("A;a@hel.fi;;;;sales_marketing;direct;", "B;b@hel.fi;;;;sales_marketing;direct;;extra"))
    assert [(p.row, p.field) for p in exc.value.problems] == [(2, "row")]
    assert state(reg)["people"] == []


def test_empty_file_is_refused(reg):
    with pytest.raises(ValidationFailed, match="empty"):
        run(reg, b"  \n")


# ------------------------------------------------------------------ merging


def test_duplicate_email_merges_into_one_person_with_two_links(reg):
    data = csv_bytes("Matti Virtanen;Matti.Virtanen@Hel.fi;0401234567;Helsinki;;sales_marketing;public;1.3.2026",
                     "Matti V.;matti.virtanen@hel.fi ;;;PM;expert_user;direct;2.3.2026",
                     "Matti again;MATTI.VIRTANEN@HEL.FI;;;;sales_marketing;partner;5.3.2026")
    res = run(reg, data)
    assert (res.rows, res.people, res.new_links, res.merged) == (3, 1, 2, 2)
    p = people(reg)["matti.virtanen@hel.fi"]
    assert p["name"] == "Matti Virtanen" and p["phone"] == "+358401234567" and p["title"] == "PM"
    assert p["purposes"] == ["expert_user", "sales_marketing"]
    assert p["sources"] == ["direct", "public"]  # the first row of a purpose wins
    # a second import of the same file adds nothing
    res = run(reg, data)
    assert (res.people, res.new_links, res.merged) == (0, 0, 3)


def test_a_person_in_the_register_keeps_their_data_and_gains_a_link(reg):
    run(reg, csv_bytes("Anna A;anna@hel.fi;;Org;;sales_marketing;direct;"))
    res = run(reg, csv_bytes("Other Name;anna@hel.fi;0401112223;Other org;Title;expert_admin;partner;"))
    assert (res.people, res.new_links, res.merged) == (0, 1, 1)
    p = people(reg)["anna@hel.fi"]
    assert (p["name"], p["organisation"]) == ("Anna A", "Org")  # not overwritten
    assert (p["phone"], p["title"]) == ("+358401112223", "Title")  # blanks filled
    assert p["purposes"] == ["expert_admin", "sales_marketing"]


# ------------------------------------------------------------------ suppression and restriction


def test_a_suppressed_person_is_refused_and_counted(reg):
    with reg.write("test", "test.suppress") as w:
        suppression.suppress(w, email="erased@hel.fi", phone=None, reason="erased")
        suppression.suppress(w, email=None, phone="+358409998887", reason="erased")
        suppression.suppress(w, email="objector@hel.fi", phone=None, reason="objected", purpose="sales_marketing")
    data = csv_bytes("Erased Person;Erased@Hel.fi;;;;expert_user;direct;",
                     "Phone Erased;new.address@hel.fi;040 999 8887;;;sales_marketing;direct;",
                     "Objector;objector@hel.fi;;;;sales_marketing;public;",
                     "Objector;objector@hel.fi;;;;expert_user;direct;",
                     "Fine Person;fine@hel.fi;;;;sales_marketing;public;")
    res = run(reg, data)
    assert (res.rows, res.suppressed, res.people, res.new_links, res.rejected) == (5, 3, 2, 2, 0)
    got = people(reg)
    assert "erased@hel.fi" not in got and "new.address@hel.fi" not in got
    assert got["objector@hel.fi"]["purposes"] == ["expert_user"]  # objected to marketing only
    assert set(got) == {"objector@hel.fi", "fine@hel.fi"}


def test_restricted_person_gets_no_new_links(reg):
    run(reg, csv_bytes("Rita R;rita@hel.fi;;;;sales_marketing;direct;"))
    with reg.write("test", "test.restrict") as w:
        w.sql("UPDATE contact SET restricted = true WHERE email = 'rita@hel.fi'")
    res = run(reg, csv_bytes("Rita R;rita@hel.fi;;;;expert_user;direct;"))
    assert (res.restricted, res.new_links) == (1, 0)
    assert people(reg)["rita@hel.fi"]["purposes"] == ["sales_marketing"]


# ------------------------------------------------------------------ modes and audit


def test_skip_invalid_imports_valid_rows_and_writes_rejected_csv(reg, tmp_path):
    src = tmp_path / "in.csv"
    src.write_bytes(csv_bytes("Good;good@hel.fi;;;;sales_marketing;direct;",
                              "Bad;bad-email;;;;sales_marketing;direct;",
                              "Phone;ph@hel.fi;0401234567;;;expert_user;direct;"))
    res = run(reg, src, skip_invalid=True)
    assert (res.rows, res.people, res.rejected) == (3, 1, 2)
    assert res.rejected_csv == str(tmp_path / "in.rejected.csv")
    text = Path(res.rejected_csv).read_bytes().decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("row;name;email")
    assert lines[1].startswith("2;Bad;bad-email") and "email: not a valid email address" in lines[1]
    assert lines[2].startswith("3;Phone;ph@hel.fi;0401234567") and "does not allow phone number" in lines[2]
    assert set(people(reg)) == {"good@hel.fi"}


def test_dry_run_reports_and_writes_nothing(reg, tmp_path):
    before = state(reg)
    src = tmp_path / "in.csv"
    src.write_bytes(csv_bytes("A;a@hel.fi;;;;sales_marketing;direct;", "B;b@hel.fi;;;;sales_marketing;direct;",
                              "B;b@hel.fi;;;;expert_user;direct;", "bad;x;;;;sales_marketing;direct;"))
    res = run(reg, src, dry_run=True, skip_invalid=True)
    assert (res.rows, res.people, res.new_links, res.merged, res.rejected, res.dry_run) == (4, 2, 3, 1, 1, True)
    assert res.rejected_csv is None and not (tmp_path / "in.rejected.csv").exists()
    assert state(reg) == before


def test_the_import_is_audited_without_personal_data(reg):
    run(reg, csv_bytes("Salainen Nimi;salainen@hel.fi;0401234567;;;sales_marketing;direct;"), filename="salainen.csv")
    with reg.read() as q:
        ev = q.sql("SELECT action, object_type, object_id, detail FROM audit_log ORDER BY seq DESC LIMIT 1").fetchall()[0]
    assert ev[:2] == ("contacts.import", "import")
    detail = json.loads(ev[3])
    assert (detail["people"], detail["new_links"], detail["rows"]) == (1, 1, 1)
    blob = json.dumps(ev)
    for secret in ("Salainen", "salainen", "040", "358"):
        assert secret not in blob


# ------------------------------------------------------------------ the fast paths agree with the validators


def test_fast_email_path_agrees_with_email_validator():
    import pyarrow as pa
    from email_validator import EmailNotValidError, validate_email

    samples = ["a@b.fi", "first.last@sub.example.com", "x+tag@hel.fi", "a..b@hel.fi", ".a@hel.fi", "a.@hel.fi",
               "a@-hel.fi", "a@hel-.fi", "a@hel.f", "a@hel.123", "a@localhost", "a@x.local", "a@x.test",
               "a" * 64 + "@hel.fi", "a" * 65 + "@hel.fi", "a@" + "b" * 63 + ".fi", "a@" + "b" * 64 + ".fi",
               "a@b", "@hel.fi", "a@@hel.fi", "a b@hel.fi", "ä@hel.fi", "a@hälä.fi", "o'brien@hel.fi",
               "a@hel..fi", "{x}@hel.fi", "a@h_l.fi", "a@" + ".".join(["b" * 60] * 5) + ".fi"]
    import random
    rnd = random.Random(3)
    def part(chars, n):
        return "".join(rnd.choice(chars) for _ in range(rnd.randint(1, n)))
    samples += [part("ab.-_+'{}0ä ", 8) + rnd.choice(["@", "@@", ""]) + part("ab-0._", 10)
                + rnd.choice([".fi", ".f", "", ".local", ".c0m"]) for _ in range(3000)]
    fast = imports.simple_emails(pa.array(samples)).to_pylist()
    for s, ok in zip(samples, fast):
        if ok:  # whatever the fast path accepts, email-validator accepts and normalises to the same
            try:
                assert validate_email(s, check_deliverability=False).normalized.lower() == s, s
            except EmailNotValidError:
                pytest.fail(f"fast path accepted {s!r}, email-validator refuses it")
    assert sum(fast) >= 10  # the check above ran on real acceptances


def test_fast_phone_path_agrees_with_phonenumbers():
    import random

    import pyarrow as pa

    rnd = random.Random(7)
    samples = []
    for _ in range(3000):
        digits = "".join(rnd.choice("0123456789") for _ in range(rnd.randint(3, 12)))
        prefix = rnd.choice(["0", "+358", "00358", "+358 ", "0", "", "+46", "(0)"])
        samples.append(prefix + digits)
    samples += ["040 123 4567", "+358 40 123 4567", "(09) 310 1691", "050-765 4321", "0800 123 456", "112",
                "+358 (0)40 123 4567", "040 123 4567 ext 5"]
    got = imports.normalise_phones(pa.array(samples)).to_pylist()
    for s, e164 in zip(samples, got):
        assert e164 == normalise_phone(s), s
    assert sum(1 for g in got if g) > 300


def test_fast_phone_path_keeps_blank_and_odd_numbers_in_their_rows():
    """normalise_phones works on the given numbers only and puts each result back in its own row:
    blanks stay None, numbers only phonenumbers can read (a '+46' one) come from it, in place."""
    import pyarrow as pa

    samples = ["", "040 123 4567", "", "+46 8 123 456 78", "abc", "050-765 4321", "", "0800 123 456"] * 3
    got = imports.normalise_phones(pa.array(samples)).to_pylist()
    assert got == [normalise_phone(s) if s else None for s in samples]
    assert got[1] == "+358401234567" and got[3] == "+46812345678" and got[4] is None
    assert imports.normalise_phones(pa.array(["", ""])).to_pylist() == [None, None]
    assert imports.normalise_phones(pa.array([], pa.string())).to_pylist() == []


def test_the_whole_column_control_scan_finds_what_the_per_value_check_finds():
    """imports.control_mask answers a clean column from one scan of its text end to end: it must
    give exactly the per-value regular expression's answer, also for a slice of a column (Arrow
    offsets not starting at 0) and at the edges of the range (U+0080..U+009F, DEL, CR)."""
    import re

    import pyarrow as pa
    import pyarrow.compute as pc

    values = ["Matti", "", "a\tb", "line\nbreak", "bell\x07", "\x1b[31m", "del\x7f", "c1\x85", "c1\x9f",
              "nbsp\xa0", "Åsa Öhman", "cr\r", "ok 😀"]
    pattern = re.compile(imports.CONTROL_PATTERN)
    arr = pa.array(values * 2)
    for sub in (arr, arr.slice(2, 5), arr.slice(9, 4), arr.slice(0, 2), arr.slice(3, 0)):
        got = pc.fill_null(pa.array(imports.control_mask(sub)), False).to_pylist()
        assert got == [bool(pattern.search(v)) for v in sub.to_pylist()], sub.to_pylist()
    clean = pa.array(["Matti", "Anna", "tab\tis fine"] * 100)
    assert not any(imports.control_mask(clean))


def test_trimming_is_skipped_only_where_nothing_could_be_trimmed():
    """imports.arrays.trim gives pc.utf8_trim_whitespace's answer for every Unicode blank at either end,
    in a column of otherwise plain values and in a slice."""
    import sys

    import pyarrow as pa
    import pyarrow.compute as pc

    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    trimmed = pc.utf8_trim_whitespace(pa.array(["x" + ch for ch in chars])).to_pylist()
    blanks = [ch for ch, t in zip(chars, trimmed) if t == "x"]
    assert {" ", "\t", "\xa0", "\u3000", "\u2009"} <= set(blanks)
    plain = ["Matti", "Anna", "x"]
    for b in blanks:
        for values in (plain + [b + "Sari"], plain + ["Sari" + b], plain + [b]):
            arr = pa.array(values)
            assert trim(arr).to_pylist() == pc.utf8_trim_whitespace(arr).to_pylist(), repr(b)
            assert trim(arr.slice(1)).to_pylist() == pc.utf8_trim_whitespace(arr.slice(1)).to_pylist()
    untouched = pa.array(plain * 10 + ["", "Öhman", "Mäki ä"])
    assert trim(untouched).to_pylist() == untouched.to_pylist()


def test_when_the_rejected_rows_cannot_be_kept_nothing_is_imported(reg, tmp_path):
    from kpcore.errors import KpError

    src = tmp_path / "in.csv"
    src.write_bytes(csv_bytes("Good;good@hel.fi;;;;sales_marketing;direct;", "Bad;bad-email;;;;sales_marketing;direct;"))
    (tmp_path / "in.rejected.csv").mkdir()  # something in the way that cannot be overwritten
    before = state(reg)
    with pytest.raises(KpError, match="nothing was imported"):
        run(reg, src, skip_invalid=True)
    assert state(reg) == before


def test_an_import_in_its_own_process_does_not_load_pandas_and_leaves_pyarrow_as_it_was(reg, tmp_path):
    """imports.without_pandas (used by `kp import contacts`): pyarrow would import pandas (0.4 s of
    CPU) on its first conversion of a Python value. Inside, the import runs and pandas stays out;
    after it pyarrow finds pandas again, so a later pandas conversion in the process is unchanged."""
    import subprocess
    import sys

    src = tmp_path / "c.csv"
    src.write_bytes(csv_bytes("Liisa;liisa@tampere.fi;040 123 4567;Tampere;;sales_marketing;public;2026-01-02"))
    code = f"""
import os, sys
from kpcore import imports
from kpcore.db import Register
with imports.own_process():
    assert "MIMALLOC_PURGE_DELAY" not in os.environ  # read by the allocator as pyarrow loaded, then given back
    r = imports.import_file(Register({str(reg.path)!r}), {str(src)!r}, actor="t")
    inside = "pandas" in sys.modules
    try:
        import pandas
        blocked = False
    except ImportError:
        blocked = True
import pyarrow as pa, pandas as pd
arr = pa.array(pd.Series([1.0, None]))
print(r.people, inside, blocked, arr.null_count, "pandas" in sys.modules)
"""
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parents[1])
    assert res.stdout.split() == ["1", "False", "True", "1", "True"], res.stderr[-2000:]
    # in a process that already has pandas (the dashboard) nothing is changed
    import pandas  # noqa: F401
    hooks = list(sys.meta_path)
    with imports.without_pandas():
        assert sys.meta_path == hooks


def test_every_import_reason_is_a_catalog_message_shown_in_the_screens_language(reg):
    """Issue 18 §3: an import's reasons come from catalog messages (kpcore.imports.reasons), so a
    Swedish screen shows them in Swedish and a Finnish one in Finnish, with the same values (a
    column name, a number) filled in; the English Problem.reason stays as it was."""
    from kpcore import i18n
    from kpcore.imports import reasons

    samples = {"limit": "500", "bytes": "131070", "length": "40000", "category": "health data / terveystiedot",
               "other": "'Sähköposti'", "field": "email", "expected": "8", "found": "9", "utf8": "2",
               "purpose": "expert_user", "names": "email / e-mail / sähköposti", "error": "BadZipFile",
               "size": "61.0", "part": "xl/sharedStrings.xml", "ratio": "1000", "columns": "201", "rows": "3",
               "problems": "4"}
    for message in reasons.REASONS:
        english = reasons.reason(message, **{k: v for k, v in samples.items() if "{" + k + "}" in message})
        for lang in i18n.LANGS:
            want = i18n.gettext(message, lang).format(**{k: v for k, v in samples.items() if "{" + k + "}" in message})
            assert reasons.reason_text(english, lang) == want, (message, lang)
        assert reasons.reason_text(english, "en") == english
        assert reasons.reason_text(english, "sv") != english, message  # translated, not passed through
    assert reasons.reason_text("someone else's reason", "sv") == "someone else's reason"
    assert imports.reason_fi("missing") == "puuttuu"

    bad = csv_bytes("Liisa;liisa@;040 123;Tampere;;nope;public;2999-01-01",
                    ";;;;;sales_marketing;;24.11.2026")
    with pytest.raises(ValidationFailed) as err:
        imports.import_file(reg, bad, actor="t", today=TODAY)
    got = {(p.row, p.field): p.reason for p in err.value.problems}
    assert got[(1, "email")] == "not a valid email address"  # English as before
    assert reasons.reason_text(got[(1, "email")], "sv") == "är inte en giltig e-postadress"
    assert reasons.reason_text(got[(1, "collected_at")], "fi") == "päivämäärä on tulevaisuudessa"
    for p in err.value.problems:
        assert reasons.reason_text(p.reason, "sv") != p.reason, p.reason


def test_utf8_is_judged_as_python_judges_it_and_a_bad_cell_after_a_bom_is_refused(reg):
    """kpcore.filetext.is_utf8 (Arrow's validator) stands in for bytes.decode('utf-8') in the
    encoding detection, and the parsed cells are checked with it instead of inside Arrow's CSV
    reader: both must give the same answers (overlong forms, surrogates, beyond U+10FFFF, cut
    sequences), and a file whose BOM says UTF-8 but whose cell is not is still unreadable."""
    import random

    from kpcore.filetext import is_utf8

    def decodes(b):
        try:
            b.decode("utf-8")
            return True
        except UnicodeDecodeError:
            return False

    rnd = random.Random(5)
    cases = [b"", b"\xed\xa0\x80", b"\xc0\x80", b"\xf4\x90\x80\x80", b"\xe0\x80\x80", b"\xef\xbf\xbf", b"\xc3\xa4",
             b"a\xc3", b"\x00"]
    pieces = [b"a", b"\x80", b"\xbf", b"\xc3", b"\xe2\x82", b"\xf0\x9f\x98", b"\xed", b"\xf4", b"\xff", b"\xc3\xa4"]
    cases += [b"".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 6))) for _ in range(5000)]
    for b in cases:
        assert is_utf8(b) == decodes(b), b
    header = "name;email;purpose;source\n".encode()
    bad = b"\xef\xbb\xbf" + header + b"Liisa;liisa@tampere.fi;sales_marketing;public\nP\xe4ivi;paivi@tampere.fi;sales_marketing;public\n"
    with pytest.raises(ValidationFailed) as err:
        imports.import_file(reg, bad, actor="t", filename="x.csv")
    assert [(p.row, p.field, p.reason) for p in err.value.problems] == [
        (0, "file", "not a readable CSV file (check its character encoding, quotes and line breaks)")]
    quoted = b"\xef\xbb\xbf" + header + b'"Liisa\nLine";liisa@tampere.fi;sales_marketing;public\n'
    assert imports.import_file(reg, quoted, actor="t", filename="x.csv").people == 1
