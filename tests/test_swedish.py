"""Issue 18: Swedish beside Finnish and English — the facts, their migration, the person's language,
and the Swedish outputs (notice, access report, letters)."""
from __future__ import annotations

import re

import duckdb
import pytest

from kpcore import migrations, notice, seed
from kpcore.errors import KpError, ValidationFailed

SV_COLUMNS = {t: [sv for _fi, sv in pairs] for t, (_k, pairs) in migrations.SWEDISH_COLUMNS.items()}


def _columns(path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute("SELECT table_name, column_name, data_type, is_nullable, column_default "
                           "FROM duckdb_columns() WHERE schema_name = 'main' ORDER BY table_name, column_index").fetchall()
    finally:
        con.close()
    out: dict[str, list[tuple]] = {}
    for t, *rest in rows:
        out.setdefault(t, []).append(tuple(rest))
    return out


def _old_schema() -> str:
    """sql/schema.sql as it was before issue 18: without the Swedish columns and contact.language."""
    from kpcore.sqlfiles import schema_sql

    lines = [ln for ln in schema_sql().splitlines()
             if not re.match(r"\s+(\w+_sv|sv_confirmed|language)\s+(TEXT|BOOLEAN)", ln)
             and not re.match(r"\s+name_en\s+TEXT,.*issue 18$", ln)]  # recipient.name_en came with issue 18
    text = re.sub(r"--[^\n]*", "", "\n".join(lines))
    return re.sub(r",\s*\)\s*;", "\n);", text)


def _make_pre_swedish(path, old_path) -> None:
    """A register as a kpcore before issue 18 wrote it (schema version 1, so the v2 parts run):
    the old schema, filled with the same rows (the columns it has), no Swedish statements."""
    src = duckdb.connect(str(path), read_only=True)
    tables = [r[0] for r in src.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()]
    data = {}
    for t in tables:
        cols = [r[0] for r in src.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                                          "ORDER BY column_index", [t]).fetchall()]
        data[t] = (cols, src.execute(f"SELECT * FROM {t}").fetchall())
    src.close()
    con = duckdb.connect(str(old_path))
    con.execute(_old_schema())
    order = re.findall(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)", _old_schema())
    for t in order:
        have = [r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                                          "ORDER BY column_index", [t]).fetchall()]
        cols, rows = data[t]
        keep = [i for i, c in enumerate(cols) if c in have]
        rows = [[r[i] for i in keep] for r in rows if not (t == "statement" and r[cols.index("lang")] == "sv")]
        if rows:
            con.executemany(f"INSERT INTO {t} ({', '.join(cols[i] for i in keep)}) VALUES "
                            f"({', '.join('?' * len(keep))})", rows)
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()


def test_a_new_register_carries_swedish_for_every_fact_as_unconfirmed_proposals(reg):
    with reg.read() as q:
        purposes = q.all("notice_purposes")
        assert all(p["name_sv"] and p["subjects_sv"] and p["provision_sv"] and p["retention_sv"] for p in purposes)
        assert not any(p["sv_confirmed"] for p in purposes)
        assert {p["key"]: p["name_sv"] for p in purposes}["sales_marketing"] == "Försäljning och marknadsföring"
        # the retention sentence is generated from the rule, in Swedish too
        assert {p["key"]: p["retention_sv"] for p in purposes}["sales_marketing"] == \
            "Tre år från den senaste kontakten eller tills personen invänder mot direktmarknadsföring."
        sources = q.all("notice_sources")
        assert all(s["name_sv"] and s["description_sv"] and not s["sv_confirmed"] for s in sources)
        recipients = q.all("notice_recipients")
        assert all(r["role_sv"] and not r["sv_confirmed"] for r in recipients)
        cats = q.sql("SELECT count(*) FILTER (WHERE name_sv IS NULL), count(*) FROM data_category").fetchall()[0]
        assert cats[0] == 0 and cats[1] == len(seed.CATEGORIES)
        st = {r["key"]: r for r in q.all("notice_statements", {"lang": "sv"})}
        assert set(st) == set(seed.STATEMENTS) and not any(r["confirmed"] for r in st.values())
        assert "Dataombudsmannens byrå" in st["complaint"]["body"]
        assert q.sql("SELECT retention_sv FROM it_system WHERE kind = 'register'").fetchall() == \
            [("Enligt ändamålens lagringstider",)]


def test_migration_adds_the_swedish_columns_and_ends_equal_to_a_new_register(reg, tmp_path):
    from kpcore import db

    fresh = _columns(reg.path)
    with reg.write("t", "t.setup") as w:  # a fact the DPO reworded keeps no seeded Swedish
        w.sql("UPDATE purpose SET provision_fi = 'Oma muotoilu.' WHERE key = 'expert_user'")
        w.sql("INSERT INTO contact (email, name) VALUES ('a@b.fi', 'A')")
    old_path = tmp_path / "old.duckdb"
    _make_pre_swedish(reg.path, old_path)
    old = db.Register(old_path)
    assert "name_sv" not in str(_columns(old_path)["purpose"])
    assert migrations.version_of(old) == 1
    assert migrations.migrate(old) == (1, db.SCHEMA_VERSION)
    assert _columns(old_path) == fresh
    with old.read() as q:
        p = {r["key"]: r for r in q.all("notice_purposes")}
        assert p["sales_marketing"]["name_sv"] == "Försäljning och marknadsföring"
        assert p["expert_user"]["provision_sv"] is None and p["expert_user"]["name_sv"]
        assert not any(r["sv_confirmed"] for r in p.values())
        assert p["web_analytics"]["retention_sv"].startswith("14 månader från det att uppgifterna samlades in")
        assert q.sql("SELECT language FROM contact").fetchall() == [(None,)]
        assert all(r["role_sv"] for r in q.all("notice_recipients"))
        assert q.all("notice_statements", {"lang": "sv"}) == []
    # idempotent: the part runs again without a change
    with old.write("t", "t.again") as w:
        migrations._v2_swedish(w)
    assert _columns(old_path) == fresh
    # the Swedish statements on request, unconfirmed, where the Finnish is still the original
    notice.set_statement(old, "dpo", "automated_decisions", "fi", "Oma muotoilu.")
    out = notice.propose_swedish(old, "dpo")
    assert out["skipped"] == ["automated_decisions"] and len(out["added"]) == len(seed.STATEMENTS_SV) - 1
    with old.read() as q:
        sv = {r["key"]: r for r in q.all("notice_statements", {"lang": "sv"})}
        assert "automated_decisions" not in sv and not any(r["confirmed"] for r in sv.values())
        missing = {r["item"]: r["status"] for r in notice.completeness(q, "sv")}
        assert missing[14] == "missing" and missing[9] == "unconfirmed"
    assert notice.propose_swedish(old, "dpo")["added"] == []  # twice: nothing more


def test_swedish_edits_confirm_the_swedish_and_bad_input_names_the_field(reg):
    notice.update_purpose(reg, "dpo", "sales_marketing", {"name_sv": "Försäljning"})
    with reg.read() as q:
        row = q.one("notice_purpose", {"key": "sales_marketing"})
        assert row["name_sv"] == "Försäljning" and row["sv_confirmed"]
        assert not q.one("notice_purpose", {"key": "expert_admin"})["sv_confirmed"]
    with pytest.raises(ValidationFailed, match="provision_sv"):
        notice.update_purpose(reg, "dpo", "expert_admin", {"provision_sv": "x\x01y"})
    with reg.read() as q:
        assert not q.one("notice_purpose", {"key": "expert_admin"})["sv_confirmed"]
    notice.update_source(reg, "dpo", "partner", {"description_sv": "från en partner"})
    notice.update_recipient(reg, "dpo", 1, {"role_sv": "Personuppgiftsbiträde: e-post"})
    notice.update_category(reg, "dpo", "phone", {"name_sv": "Telefon"})
    with pytest.raises(ValidationFailed, match="name_fi"):
        notice.update_category(reg, "dpo", "phone", {"name_fi": ""})
    with reg.read() as q:
        assert q.one("notice_source", {"key": "partner"})["sv_confirmed"]
        assert q.one("notice_recipient", {"id": 1})["sv_confirmed"]
        assert not q.one("notice_recipient", {"id": 2})["sv_confirmed"]
        assert q.sql("SELECT name_sv, name_fi FROM data_category WHERE key = 'phone'").fetchall() == \
            [("Telefon", "Puhelinnumero")]


def test_confirming_finnish_only_leaves_the_swedish_unconfirmed(reg):
    for item in (3, 6, 13):
        notice.confirm_item(reg, "dpo", item, "fi")
    with reg.read() as q:
        assert all(p["basis_confirmed"] and not p["sv_confirmed"] for p in q.all("notice_purposes"))
        assert all(r["confirmed"] and not r["sv_confirmed"] for r in q.all("notice_recipients"))
        assert not any(s["sv_confirmed"] for s in q.all("notice_sources"))
    counts = notice.confirm_item(reg, "dpo", 13, "sv")
    assert counts["sources"] == 3
    with reg.read() as q:
        assert all(s["sv_confirmed"] for s in q.all("notice_sources"))


def test_cli_sets_swedish_facts(reg, kp):
    res = kp("notice", "set-source", "public", "--name-sv", "Offentliga källor", "--description-sv",
             "från offentliga källor", db_path=reg.path)
    assert res.returncode == 0, res.stderr
    res = kp("notice", "set-purpose", "web_analytics", "--name-sv", "Webbanalys", db_path=reg.path)
    assert res.returncode == 0, res.stderr
    res = kp("notice", "set-category", "email", "--sv", "E-post", db_path=reg.path)
    assert res.returncode == 0, res.stderr
    res = kp("notice", "set-recipient", "3", "--role-sv", "Personuppgiftsbiträde: webbanalys", db_path=reg.path)
    assert res.returncode == 0, res.stderr
    res = kp("notice", "set-category", "nope", "--sv", "X", db_path=reg.path)
    assert res.returncode != 0 and "nope" in res.stderr and "Traceback" not in res.stderr
    with reg.read() as q:
        assert q.one("notice_source", {"key": "public"})["description_sv"] == "från offentliga källor"
        assert q.one("notice_purpose", {"key": "web_analytics"})["name_sv"] == "Webbanalys"
        assert q.one("notice_recipient", {"id": 3})["role_sv"] == "Personuppgiftsbiträde: webbanalys"


# ---------------------------------------------------------------- the person's language (§3)

def _import(reg, text: str, **kw):
    import datetime as dt

    from kpcore import imports

    return imports.import_file(reg, text.encode("utf-8"), actor="t", filename="people.csv",
                               today=dt.date(2026, 11, 24), **kw)


def _languages(reg) -> dict[str, str | None]:
    with reg.read() as q:
        return dict(q.sql("SELECT email, language FROM contact ORDER BY email").fetchall())


def test_an_import_reads_the_language_column_in_any_of_its_names(reg):
    _import(reg, "nimi;sähköposti;käyttötarkoitus;lähde;kieli\n"
                 "Anna;anna@porvoo.fi;sales_marketing;public;Svenska\n"
                 "Pekka;pekka@tampere.fi;sales_marketing;public;fi\n"
                 "Tom;tom@example.com;sales_marketing;public;EN\n"
                 "Eino;eino@tampere.fi;sales_marketing;public;\n")
    assert _languages(reg) == {"anna@porvoo.fi": "sv", "pekka@tampere.fi": "fi", "tom@example.com": "en",
                               "eino@tampere.fi": None}
    # a person already held keeps the language told; the file only fills a blank
    _import(reg, "name;email;purpose;source;språk\n"
                 "Anna;anna@porvoo.fi;sales_marketing;public;fi\n"
                 "Eino;eino@tampere.fi;sales_marketing;public;ruotsi\n")
    assert _languages(reg)["anna@porvoo.fi"] == "sv" and _languages(reg)["eino@tampere.fi"] == "sv"


def test_an_unknown_language_names_the_row_and_field_and_nothing_is_written(reg):
    with pytest.raises(ValidationFailed) as e:
        _import(reg, "name;email;purpose;source;language\n"
                     "Anna;anna@porvoo.fi;sales_marketing;public;sv\n"
                     "Bo;bo@porvoo.fi;sales_marketing;public;klingon\n")
    assert [(p.row, p.field) for p in e.value.problems] == [(2, "language")]
    assert "klingon" not in str(e.value)  # the value itself is not echoed
    assert _languages(reg) == {}


def test_output_language_explicit_wins_then_the_persons_then_finnish():
    from kpcore.contacts import output_language

    assert output_language(None) == "fi"
    assert output_language("sv") == "sv"
    assert output_language("sv", "en") == "en"
    assert output_language("xx") == "fi"


# ---------------------------------------------------------------- the Swedish notice (§2)

def _confirm_finnish_and_english(reg):
    for item in range(1, 16):
        notice.confirm_item(reg, "dpo", item, "fi")
        notice.confirm_item(reg, "dpo", item, "en")


def test_unconfirmed_swedish_blocks_only_the_swedish_notice(reg, kp):
    from kpcore.errors import Refused

    _confirm_finnish_and_english(reg)
    with reg.read() as q:
        assert notice.default_langs(q) == ["fi", "en"]
        assert not notice.blocking(notice.completeness(q, "fi"))
        sv = {r["item"]: r["status"] for r in notice.blocking(notice.completeness(q, "sv"))}
        assert sv[3] == sv[5] == sv[6] == sv[9] == sv[13] == "unconfirmed"
        lines = notice.blocking_lines(q, ["sv"], "fi")
        assert lines and all("(ruotsi)" in line for line in lines)
    res = notice.publish(reg, "dpo")  # default: fi and en; Swedish not yet published
    assert [(r["lang"], r["published"]) for r in res] == [("fi", True), ("en", True)]
    with pytest.raises(Refused, match="ruotsi"):
        notice.publish(reg, "dpo", langs=["sv"])
    res = kp("notice", "publish", "--lang", "sv", db_path=reg.path)
    assert res.returncode != 0 and ("(ruotsi)" in res.stderr or "(Swedish)" in res.stderr)
    res = kp("notice", "--check", "--lang", "sv", db_path=reg.path)
    assert res.returncode == 1
    # the DPO confirms the Swedish: then it is published, and from then on goes with fi and en
    for item in range(1, 16):
        notice.confirm_item(reg, "dpo", item, "sv")
    res = notice.publish(reg, "dpo", langs=["sv"])
    assert [(r["lang"], r["version"], r["published"]) for r in res] == [("sv", 1, True)]
    with reg.read() as q:
        assert notice.default_langs(q) == ["fi", "en", "sv"]
        assert notice.stale(q) == []
        assert not notice.document(q, "sv").draft
    # a Swedish text changes: only the Swedish version is out of date
    notice.update_purpose(reg, "dpo", "web_analytics", {"name_sv": "Webbanalys"})
    with reg.read() as q:
        assert [s["lang"] for s in notice.stale(q)] == ["sv"]
        assert notice.document(q, "sv").draft and not notice.document(q, "fi").draft
        from kpcore import compliance

        stale = [f for f in compliance.notice_findings(q) if f.rule == "notice_stale"]
        assert len(stale) == 1 and "(Swedish, version 1" in stale[0].text_en


def test_swedish_notice_in_three_formats(reg, kp, tmp_path):
    import subprocess

    for fmt in ("pdf", "html", "md"):
        out = tmp_path / f"n.{fmt}"
        res = kp("notice", "--lang", "sv", "--format", fmt, "-o", str(out), db_path=reg.path)
        assert res.returncode == 0, res.stderr
    md = (tmp_path / "n.md").read_text(encoding="utf-8")
    assert md.startswith("**UTKAST – inte publicerad**")
    assert "# DATASKYDDSBESKRIVNING FÖR MARKNADSFÖRING OCH KUNDSERVICE" in md
    assert "## Den registrerades rättigheter" in md and "Dataombudsmannens byrå" in md
    assert "Rättslig grund för behandlingen: Samtycke \\(artikel 6.1 a i dataskyddsförordningen\\)" in md or \
        "Rättslig grund för behandlingen: Samtycke (artikel 6.1 a i dataskyddsförordningen)" in md
    html = (tmp_path / "n.html").read_text(encoding="utf-8")
    assert '<html lang="sv">' in html and "Personuppgiftsansvarig och kontaktuppgifter" in html
    assert subprocess.run(["qpdf", "--check", str(tmp_path / "n.pdf")], capture_output=True).returncode == 0
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "n.pdf"), "-"], capture_output=True,
                          text=True).stdout
    assert "UTKAST – inte publicerad" in text and "Lagringstid: Tre år från den senaste kontakten" in text
    assert "Förbud mot direktmarknadsföring" in text
    with reg.read() as q:
        assert notice.file_name(notice.document(q, "sv"), "pdf") == "dataskyddsbeskrivning-sv-v1-utkast.pdf"


# ---------------------------------------------------------------- answers in the person's language (§3)

def _pdf_text(pdf: bytes, tmp_path, name: str) -> str:
    import subprocess

    path = tmp_path / name
    path.write_bytes(pdf)
    assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout


def _person(reg, email="anna@porvoo.fi", language=None):
    _import(reg, "name;email;purpose;source;language\n"
                 f"Anna Sundqvist;{email};sales_marketing;public;{language or ''}\n")
    notice.confirm_all(reg, "dpo")  # every fact confirmed, the Swedish too: the report needs no acknowledgement
    return email


def test_the_access_report_is_in_the_persons_language_unless_chosen(reg, tmp_path):
    from kpcore import requests, sar

    email = _person(reg, language="sv")
    r = requests.add(reg, "dpo", type="access", email=email)
    sv = _pdf_text(sar.generate(reg, "dpo", email, request_id=r["id"]), tmp_path, "sv.pdf")
    assert "Utredning om dina personuppgifter" in sv and "Rätt till tillgång (art. 15)" in sv
    assert "Dataombudsmannens byrå" in sv and "Den personuppgiftsansvariges berättigade intresse" in sv
    # the person's own retention end, in Swedish (no last-contact date imported: counted from collection)
    assert "Tre år (den senaste kontakten). Registret" in sv
    fi = _pdf_text(sar.generate(reg, "dpo", email, request_id=r["id"], lang="fi"), tmp_path, "fi.pdf")
    assert "Selvitys henkilötiedoistasi" in fi  # an explicit choice wins
    with reg.read() as q:
        assert requests.answer_language(q, r["id"]) == "sv"
        assert requests.answer_language(q, r["id"], explicit="en") == "en"


def test_a_person_without_a_language_gets_finnish_and_the_request_language_wins(reg, tmp_path):
    from kpcore import requests, sar

    email = _person(reg)
    r = requests.add(reg, "dpo", type="access", email=email)
    with reg.read() as q:
        assert requests.answer_language(q, r["id"]) == "fi"
        assert requests.answer_language(q, None, "nobody@example.com") == "fi"
    text = _pdf_text(sar.generate(reg, "dpo", email, request_id=r["id"]), tmp_path, "fi.pdf")
    assert "Selvitys henkilötiedoistasi" in text
    # the requester asks in Swedish: the request and the person take it
    r2 = requests.add(reg, "dpo", type="access", email=email, language="svenska")
    with reg.read() as q:
        assert requests.answer_language(q, r2["id"]) == "sv"
        assert q.sql("SELECT language FROM contact WHERE email = ?", [email]).fetchall() == [("sv",)]
    with pytest.raises(ValidationFailed, match="language"):
        requests.add(reg, "dpo", type="access", email=email, language="klingon")


def test_refusal_extension_and_erasure_letters_in_swedish(reg, tmp_path, kp):
    from kpcore import requests

    email = _person(reg, language="sv")
    r = requests.add(reg, "dpo", type="rectification", email=email)
    requests.extend(reg, "dpo", r["id"], reason="Begäran kräver utredning i flera system.")
    r2 = requests.add(reg, "dpo", type="objection", email=email)
    requests.refuse(reg, "dpo", r2["id"], reason="Begäran är uppenbart ogrundad.")
    with reg.read() as q:
        ext = _pdf_text(requests.letter_pdf(q, r["id"], "extension"), tmp_path, "ext.pdf")
        ref = _pdf_text(requests.letter_pdf(q, r2["id"], "refusal"), tmp_path, "ref.pdf")
        ext_fi = _pdf_text(requests.letter_pdf(q, r["id"], "extension", lang="fi"), tmp_path, "ext_fi.pdf")
    assert "Meddelande om förlängd svarstid" in ext and "artikel 12.3" in ext and "Rättelse (art. 16)" in ext
    assert "Beslut om din begäran" in ref and "Dataombudsmannens byrå" in ref and "Rättsmedel" in ref
    assert "Ilmoitus vastausajan pidentämisestä" in ext_fi
    # erasure: the letter is in the person's language although the person is gone when it is built
    r3 = requests.add(reg, "dpo", type="erasure", email=email)
    out = tmp_path / "erasure.pdf"
    res = kp("erase", email, "--request", str(r3["id"]), "--ground", "a", "--yes", "--letter", str(out),
             db_path=reg.path)
    assert res.returncode == 0, res.stderr
    text = _pdf_text(out.read_bytes(), tmp_path, "erasure2.pdf")
    assert "Svar på din begäran om radering" in text and "17.1 a: uppgifterna är inte längre nödvändiga" in text


def test_every_swedish_table_has_every_key_of_its_finnish_one():
    assert set(notice.LABELS["sv"]) == set(notice.LABELS["fi"])


# ---------------------------------------------------------------- breach letters (Art. 34) in Swedish

def test_breach_letters_go_in_each_persons_language(reg, tmp_path):
    import datetime as dt

    from kpcore import contacts
    from kpcore.breach import case, outputs
    from kpcore.breach.risk import Factors

    _import(reg, "name;email;purpose;source;language\n"
                 "Anna Sundqvist;anna@porvoo.fi;sales_marketing;public;sv\n"
                 "Eino Virtanen;eino@tampere.fi;sales_marketing;public;\n"
                 "Tom Smith;tom@example.com;sales_marketing;public;en\n")
    with reg.read() as q:
        ids = dict(q.sql("SELECT email, id FROM contact").fetchall())
    now = dt.datetime.now().replace(microsecond=0)
    bid = case.open_case(reg, "dpo", {"aware_at": now - dt.timedelta(hours=5), "description": "Nyhetsbrevet gick ut "
                                      "som en öppen lista", "data_categories": "e-post, namn", "effects": "Adresserna "
                                      "röjdes", "remedial_action": "Begäran om radering av meddelandet",
                                      "breach_types": "confidentiality"}, now=now - dt.timedelta(hours=4))
    case.assess(reg, "dpo", bid, Factors(("confidentiality",), True, "financial", "maximum", "serious", False, 3, 3),
                justification="Bankuppgifter", now=now)
    case.add_people(reg, "dpo", bid, [ids["anna@porvoo.fi"], ids["eino@tampere.fi"], ids["tom@example.com"]])
    case.add_people(reg, "dpo", bid, [ids["anna@porvoo.fi"]], lang="fi")  # already listed: unchanged
    with pytest.raises(ValidationFailed, match="lang"):
        case.add_people(reg, "dpo", bid, [ids["eino@tampere.fi"]], lang="de")
    with reg.read() as q:
        langs = {p["contact_id"]: p["lang"] for p in case.get_case(q, bid, now)["people"]}
        assert langs == {ids["anna@porvoo.fi"]: "sv", ids["eino@tampere.fi"]: "fi", ids["tom@example.com"]: "en"}
        text = _pdf_text(outputs.letter_pdf(q, bid, [ids["anna@porvoo.fi"]]), tmp_path, "breach-sv.pdf")
    assert "Personuppgiftsincident som gäller dina" in text and "personuppgiftsincident #" in text
    for item in ("Bästa Anna Sundqvist,", "1. Vad har hänt", "2. Vad det kan innebära för dig",
                 "3. Vad vi har gjort och vad du kan göra", "4. Vem du kan kontakta", "Dataombudsmannens byrå",
                 "Var försiktig med oväntade meddelanden"):
        assert item in text, item
    assert contacts.output_language(None) == "fi"


# ---------------------------------------------------------------- setting the language by hand

def test_the_person_page_and_the_cli_set_the_language(reg, kp):
    from conftest import app_test

    email = _person(reg)
    with reg.read() as q:
        cid = q.sql("SELECT id FROM contact WHERE email = ?", [email]).fetchall()[0][0]
    at = app_test("contacts", reg.path)
    at.query_params["person"] = str(cid)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    box = at.selectbox(key=f"person_lang_{cid}")
    assert box.value is None  # not told: Finnish is used
    box.set_value("sv")
    at.button[[b.label for b in at.button].index("Tallenna kieli")].click().run()
    assert not at.exception, [e.value for e in at.exception]
    with reg.read() as q:
        assert q.sql("SELECT language FROM contact WHERE id = ?", [cid]).fetchall() == [("sv",)]
        assert q.sql("SELECT count(*) FROM audit_log WHERE action = 'contact.language'").fetchall() == [(1,)]
    res = kp("contacts", "language", email, "en", db_path=reg.path)
    assert res.returncode == 0 and "language en" in res.stdout, res.stderr
    res = kp("contacts", "language", email, "klingon", db_path=reg.path)
    assert res.returncode != 0 and "language" in res.stderr and "Traceback" not in res.stderr
    res = kp("contacts", "language", email, "-", db_path=reg.path)
    assert res.returncode == 0 and "not told" in res.stdout
    with reg.read() as q:
        assert q.sql("SELECT language FROM contact WHERE id = ?", [cid]).fetchall() == [(None,)]
    res = kp("request", "add", "--type", "access", "--email", email, "--language", "sv", "--json", db_path=reg.path)
    assert res.returncode == 0, res.stderr
    with reg.read() as q:
        assert q.sql("SELECT language FROM contact WHERE id = ?", [cid]).fetchall() == [("sv",)]


def test_the_intake_form_records_the_language_and_the_report_defaults_to_it(reg):
    from conftest import app_test

    email = _person(reg)
    at = app_test("requests", reg.path, lang="en")
    at.run()
    at.text_input(key="in_email").input(email)
    assert at.selectbox(key="in_language").value is None  # not told unless chosen
    at.selectbox(key="in_language").set_value("sv")
    next(b for b in at.button if "Record the request" in b.label).click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    with reg.read() as q:
        rid, lang = q.sql("SELECT id, language FROM subject_request").fetchall()[0]
        assert lang == "sv"
        assert q.sql("SELECT language FROM contact WHERE email = ?", [email]).fetchall() == [("sv",)]
    at = app_test("requests", reg.path, lang="en")
    at.query_params["request"] = str(rid)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.radio(key=f"rep_lang_{rid}").value == "sv"  # the report's language follows the request's


def test_the_notice_view_offers_svenska_and_publishes_it_on_its_own(reg):
    from conftest import app_test

    for item in range(1, 16):  # Finnish and English confirmed, Swedish still proposals
        notice.confirm_item(reg, "dpo", item, "fi")
        notice.confirm_item(reg, "dpo", item, "en")
    at = app_test("notice", reg.path, lang="fi")
    at.run()
    assert "sv" in at.radio(key="notice_lang").options or "Svenska" in at.radio(key="notice_lang").options
    assert not at.button(key="publish").disabled  # fi and en: nothing blocks them
    at.radio(key="notice_lang").set_value("sv").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.button(key="publish").disabled  # the Swedish proposals block the Swedish notice only
    blocked = "\n".join(e.value for e in at.error)
    assert "ruotsi\\)" in blocked and "suomi" not in blocked  # Markdown-escaped parentheses
    for item in range(1, 16):
        notice.confirm_item(reg, "dpo", item, "sv")
    at.run()
    assert not at.button(key="publish").disabled
    at.button(key="publish").click().run()
    assert not at.exception, [e.value for e in at.exception]
    with reg.read() as q:
        assert {(r["lang"], r["version"]) for r in notice.versions(q)} == {("sv", 1)}


def test_nothing_held_answers_in_the_requests_language_and_unconfirmed_swedish_is_named(reg, tmp_path):
    from kpcore import requests, sar
    from kpcore.errors import Refused

    for item in range(1, 16):  # Finnish and English confirmed, the Swedish still proposals
        notice.confirm_item(reg, "dpo", item, "fi")
        notice.confirm_item(reg, "dpo", item, "en")
    r = requests.add(reg, "dpo", type="access", email="okand@example.com", language="sv")
    with pytest.raises(Refused, match="ruotsi"):  # a Swedish answer would state unconfirmed Swedish as fact
        sar.generate(reg, "dpo", "okand@example.com", request_id=r["id"])
    fi = _pdf_text(sar.generate(reg, "dpo", "okand@example.com", request_id=r["id"], lang="fi"), tmp_path, "fi.pdf")
    assert "Vastaus tietopyyntöösi" in fi
    text = _pdf_text(sar.generate(reg, "dpo", "okand@example.com", request_id=r["id"], allow_unconfirmed=True),
                     tmp_path, "sv.pdf")
    text = " ".join(text.split())  # lines joined: the words are what is checked
    assert "Svar på din begäran om tillgång" in text and "behandlar inga personuppgifter som gäller dig" in text
    assert "[OBEKRÄFTAT]" in text and "Obs.: avsnitt märkta [OBEKRÄFTAT]" in text


def test_the_swedish_gaps_name_purposes_sources_and_recipients_not_their_keys(reg):
    """The Swedish notice's completeness details name what is unconfirmed as the DPO knows it, in the
    reader's language (a Swedish reader: the Swedish names; a Finnish one: the Finnish), never by the
    register's keys or ids, as the other items' details do."""
    _confirm_finnish_and_english(reg)
    with reg.read() as q:
        purposes = q.sql("SELECT key, name_fi, name_sv FROM purpose ORDER BY sort").fetchall()
        recipients = q.sql("SELECT id, name FROM recipient WHERE NOT coalesce(sv_confirmed, false)").fetchall()
        for reader in ("sv", "fi"):
            rows = {r["item"]: r["detail"] for r in notice.completeness(q, "sv", reader)}
            for key, name_fi, name_sv in purposes:
                assert (name_sv if reader == "sv" else name_fi) in rows[5], (reader, key)
                assert not re.search(rf"\b{key}\b", rows[5]), (reader, key, rows[5])
            assert not re.search(r"^0 |(recipient|mottagare|vastaanottaja) \d", rows[6]), rows[6]
            assert "partner" not in rows[13] and "public" not in rows[13], rows[13]
    assert recipients and "Försäljning och marknadsföring" in {r[2] for r in purposes}
    # the Swedish of every recipient confirmed but one's: that one is named, by its name
    notice.confirm_item(reg, "dpo", 6, "sv")
    rid, name = recipients[0]
    with reg.write("test", "test.setup") as w:
        w.sql("UPDATE recipient SET sv_confirmed = false WHERE id = ?", [rid])
    with reg.read() as q:
        rows = {r["item"]: r for r in notice.completeness(q, "sv", "fi")}
    assert rows[6]["status"] == "unconfirmed" and rows[6]["detail"].endswith(": " + name), rows[6]


def test_the_notice_editor_in_swedish_reads_the_swedish_facts(reg):
    """The notice's editor on a Swedish screen: a purpose's retention sentence ("The notice says")
    in Swedish, and each source headed by its Swedish name with its fields labelled in Swedish (not
    the source's Finnish and English names as labels)."""
    from conftest import app_test, shown

    at = app_test("notice", reg.path, lang="sv",  # the two sections opened (ui.lazy_expander)
                  session={"notice_sec_purposes": True, "notice_sec_sources": True})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    captions = " ".join(shown(c.value) for c in at.caption)
    with reg.read() as q:
        purposes = notice.facts(q, "sv")["purposes"]
        sources = q.sql("SELECT key, name_fi, name_en, name_sv FROM source").fetchall()
    for p in purposes:
        assert "Dataskyddsbeskrivningen säger: " + p["retention_sv"] in captions, p["key"]
        assert p["retention_fi"] not in captions, p["key"]
    labels = {t.label for t in at.text_input}
    markdown = " ".join(shown(m.value) for m in at.markdown)
    for key, name_fi, name_en, name_sv in sources:
        assert f"{name_fi} (fi)" not in labels and f"{name_en} (en)" not in labels, key
        assert at.text_input(key=f"src_fi_{key}").label == "Beskrivning (fi)"
        assert f"**{name_sv}**" in markdown, key
