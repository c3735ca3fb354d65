"""Contacts by purpose and source, search, the person page, Art. 14 dates, export, CLI and view."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from conftest import app_test, run_kp, shown
from kpcore import contacts as kc
from kpcore import imports
from kpcore import deadlines
from kpcore.errors import ValidationFailed

TODAY = dt.date.today()
D = lambda days: (TODAY - dt.timedelta(days=days)).isoformat()  # noqa: E731

ROWS = [
    f"Anna Aalto;anna@tampere.fi;040 111 2222;Tampereen kaupunki;PM;sales_marketing;public;{D(60)}",
    f"Anna Aalto;anna@tampere.fi;;Tampereen kaupunki;PM;expert_admin;direct;{D(50)}",
    f"Bertta Berg;bertta@hel.fi;;Helsingin kaupunki;;expert_user;partner;{D(10)}",
    f"Cecilia Ceder;cecilia@hel.fi;+358 50 333 4444;Helsingin kaupunki;;sales_marketing;partner;{D(40)}",
    f"Łukasz Żółć;lukasz@espoo.fi;;Espoon kaupunki;;expert_user;direct;{D(5)}",
    f"Rauha Rajoitettu;rauha@hel.fi;;Helsingin kaupunki;;sales_marketing;public;{D(45)}",
]


@pytest.fixture
def filled(reg):
    data = ("name;email;phone;organisation;title;purpose;source;collected_at\n" + "\n".join(ROWS) + "\n").encode()
    imports.import_file(reg, data, actor="test")
    with reg.write("test", "test.restrict") as w:
        w.sql("UPDATE contact SET restricted = true WHERE email = 'rauha@hel.fi'")
    return reg


def ids(reg) -> dict[str, int]:
    with reg.read() as q:
        return dict(q.sql("SELECT email, id FROM contact").fetchall())


def test_purpose_by_source_matrix_counts_links(filled):
    with filled.read() as q:
        m = {(r["purpose"], r["source"]): r["contacts"] for r in kc.by_purpose_source(q)}
    assert len(m) == 4 * 3  # every purpose x source, zeros included
    assert m[("sales_marketing", "public")] == 2 and m[("sales_marketing", "partner")] == 1
    assert m[("expert_admin", "direct")] == 1 and m[("expert_user", "partner")] == 1
    assert m[("expert_user", "direct")] == 1 and m[("web_analytics", "direct")] == 0
    assert sum(m.values()) == 6


def test_table_filters_and_search_and_restricted_people_left_out(filled):
    with filled.read() as q:
        assert kc.table(q, kc.Filters())["people"] == 4  # Rauha is restricted
        assert kc.table(q, kc.Filters())["restricted"] == 1
        t = kc.table(q, kc.Filters(purpose="sales_marketing"))
        assert (t["people"], t["links"]) == (2, 2)
        assert kc.table(q, kc.Filters(source="partner"))["people"] == 2
        assert kc.table(q, kc.Filters(organisation="helsingin"))["people"] == 2
        assert kc.table(q, kc.Filters(collected_from=TODAY - dt.timedelta(days=45)))["links"] == 3
        assert kc.table(q, kc.Filters(collected_to=TODAY - dt.timedelta(days=45)))["links"] == 2
        assert [r["name"] for r in kc.table(q, kc.Filters(text="żółć"))["rows"]] == ["Łukasz Żółć"]
        assert {r["email"] for r in kc.table(q, kc.Filters(text="040 111 22"))["rows"]} == {"anna@tampere.fi"}
        assert {r["email"] for r in kc.table(q, kc.Filters(text="+358503334444"))["rows"]} == {"cecilia@hel.fi"}
        assert kc.table(q, kc.Filters(text="RAUHA"))["people"] == 0


def test_csv_export_is_what_the_table_shows_without_restricted_people(filled):
    with filled.read() as q:
        body, n = kc.export_csv(q, kc.Filters(source="public"))
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert n == len(rows) == 1
    assert rows[0]["email"] == "anna@tampere.fi" and rows[0]["purpose"] == "sales_marketing"
    assert "rauha" not in body.decode("utf-8-sig")


def test_find_includes_purpose_links_and_marks_restricted(filled):
    with filled.read() as q:
        found = kc.find(q, "anna")
        assert [p["email"] for p in found] == ["anna@tampere.fi"]
        assert {(l["purpose"], l["source"]) for l in found[0]["purposes"]} == {
            ("sales_marketing", "public"), ("expert_admin", "direct")}
        assert kc.find(q, "rauha")[0]["restricted"] is True
        assert kc.find(q, "  ") == []


def test_person_page_data(filled):
    cid = ids(filled)["anna@tampere.fi"]
    filled.record("test", "person.view", "contact", cid)
    with filled.write("test", "test.request") as w:
        rid = w.sql("INSERT INTO subject_request (type, received_on, due_on) VALUES ('access', current_date, current_date + 30) RETURNING id").fetchall()[0][0]
        w.sql("INSERT INTO request_subject VALUES (?, ?)", [rid, cid])
    with filled.read() as q:
        p = kc.person(q, cid)
        assert kc.person(q, 999999) is None and kc.person(q, "x") is None
    assert p["name"] == "Anna Aalto" and p["phone"] == "+358401112222"
    links = {l["purpose"]: l for l in p["links"]}
    assert links["sales_marketing"]["source"] == "public"
    assert links["sales_marketing"]["collected_on"] == TODAY - dt.timedelta(days=60)
    assert links["sales_marketing"]["notice_due_on"] == deadlines.add_months(TODAY - dt.timedelta(days=60), 1)
    assert links["expert_admin"]["notice_due_on"] is None  # from the person: Art. 13, no Art. 14 clock
    assert [r["id"] for r in p["requests"]] == [rid]
    assert [a["action"] for a in p["audit"]] == ["person.view"]


def test_art14_pending_lists_partner_and_public_sources_and_overdue(filled):
    with filled.read() as q:
        data = kc.art14_pending(q)
        overdue = kc.art14_pending(q, overdue_only=True)
    # anna public 60d, bertta partner 10d, cecilia partner 40d (rauha restricted, direct ones excluded)
    assert {r["email"] for r in data["rows"]} == {"anna@tampere.fi", "bertta@hel.fi", "cecilia@hel.fi"}
    assert (data["pending"], data["overdue"]) == (3, 2)
    assert {r["email"] for r in overdue["rows"]} == {"anna@tampere.fi", "cecilia@hel.fi"}


def test_record_notice_one_and_bulk_with_checks(filled):
    p = ids(filled)
    with filled.write("test") as w:
        assert kc.record_notice(w, [(p["bertta@hel.fi"], "expert_user")], TODAY) == 1
    with filled.read() as q:
        assert kc.art14_pending(q)["pending"] == 2
    before = filled.stamp()
    with pytest.raises(ValidationFailed) as exc:
        with filled.write("test") as w:
            kc.record_notice(w, [(p["anna@tampere.fi"], "sales_marketing"), (p["anna@tampere.fi"], "web_analytics"),
                                 (p["cecilia@hel.fi"], "sales_marketing")], TODAY - dt.timedelta(days=50))
    assert [(x.row, x.field) for x in exc.value.problems] == [(2, "contact/purpose"), (3, "notice_sent_on")]
    with pytest.raises(ValidationFailed, match="future"):
        with filled.write("test") as w:
            kc.record_notice(w, [(p["cecilia@hel.fi"], "sales_marketing")], TODAY + dt.timedelta(days=1), today=TODAY)
    with filled.read() as q:
        assert kc.art14_pending(q)["pending"] == 2  # nothing changed
    with filled.write("test") as w:
        assert kc.record_notice(w, [(p["anna@tampere.fi"], "sales_marketing"),
                                    (p["cecilia@hel.fi"], "sales_marketing")], TODAY) == 2
    with filled.read() as q:
        assert kc.art14_pending(q)["pending"] == 0
        assert kc.art14_pending(q)["late"] == 2  # anna (60 days) and cecilia (40 days); bertta was in time
        trail = [a["action"] for a in kc.person(q, p["cecilia@hel.fi"])["audit"]]
    assert trail == ["contact.notice_sent"]
    assert filled.stamp() != before


# ------------------------------------------------------------------ CLI


def test_cli_import_refuses_with_row_and_field_and_exit_code(reg, tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("nimi;sähköposti;puhelin;käyttötarkoitus;lähde\nMatti;matti@hel.fi;040 1234567;expert_user;direct\n"
                 "Maija;maija-at-hel.fi;;sales_marketing;direct\n", encoding="utf-8")
    res = run_kp("import", "contacts", str(f), db_path=reg.path)
    assert res.returncode == 1
    assert "row 1, phone: purpose expert_user does not allow phone number" in res.stderr
    assert "row 2, email: not a valid email address" in res.stderr
    assert "maija-at" not in res.stderr
    res = run_kp("import", "contacts", str(f), "--skip-invalid", "--json", db_path=reg.path)
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert (out["rows"], out["people"], out["rejected"]) == (2, 0, 2)
    assert out["rejected_csv"].endswith("bad.rejected.csv")


def test_cli_summary_and_find_json(filled):
    res = run_kp("contacts", "summary", "--json", db_path=filled.path, check=True)
    rows = json.loads(res.stdout)
    assert all(set(r) == {"purpose", "source", "contacts"} for r in rows)
    assert {"purpose": "sales_marketing", "source": "public", "contacts": 2} in rows
    res = run_kp("contacts", "find", "hel.fi", "--json", db_path=filled.path, check=True)
    found = json.loads(res.stdout)
    assert {p["email"] for p in found} == {"bertta@hel.fi", "cecilia@hel.fi", "rauha@hel.fi"}
    assert all(p["purposes"] for p in found)


def test_cli_notice_sent_one_and_all_pending(filled):
    p = ids(filled)
    res = run_kp("contacts", "notice-sent", "--contact", str(p["bertta@hel.fi"]), "--date", TODAY.strftime("%d.%m.%Y"),
                 db_path=filled.path, check=True)
    assert "1 purpose link" in res.stdout
    res = run_kp("contacts", "notice-sent", "--all-pending", "--source", "partner", "--date", TODAY.isoformat(),
                 db_path=filled.path, check=True)
    assert "1 purpose link" in res.stdout  # cecilia
    res = run_kp("contacts", "notice-sent", "--contact", "999999", "--purpose", "sales_marketing",
                 "--date", TODAY.isoformat(), db_path=filled.path)
    assert res.returncode == 1 and "no such purpose link" in res.stderr
    with filled.read() as q:
        assert kc.art14_pending(q)["pending"] == 1  # anna's public link is left


# ------------------------------------------------------------------ the view (AppTest)


def test_person_page_by_query_param_records_a_view(filled):
    cid = ids(filled)["lukasz@espoo.fi"]
    at = app_test("contacts", filled.path, lang="en")
    at.query_params["person"] = str(cid)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    text = shown(" ".join(m.value for m in at.markdown) + " ".join(s.value for s in at.subheader))
    assert "Łukasz Żółć" in text and "lukasz@espoo.fi" in text
    with filled.read() as q:
        trail = kc.person(q, cid)["audit"]
    assert [a["action"] for a in trail] == ["person.view"]
    assert trail[0]["detail"] is None


def test_view_shows_counts_and_filters_in_both_languages(filled):
    for lang, people_label, tab in (("fi", "Henkilöitä", "Henkilöt"), ("en", "People", "People")):
        at = app_test("contacts", filled.path, lang=lang, session={"contacts_tab": tab})
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        metric = next(m for m in at.metric if m.label == people_label)
        assert metric.value == "4"
        at.selectbox(key="f_purpose").set_value("expert_user").run()
        assert next(m for m in at.metric if m.label == people_label).value == "2"


def test_view_unknown_person_says_so(filled):
    at = app_test("contacts", filled.path, lang="fi")
    at.query_params["person"] = "424242"
    at.run()
    assert not at.exception
    assert any("424242" in e.value for e in at.error)


def test_people_rows_list_each_person_once_with_their_purposes(demo_reg):
    """Issue 16 §4: the people table has a person once per row, their purposes listed."""
    with demo_reg.read() as q:
        counts = kc.table(q, kc.Filters(), 0, 0)
        rows = kc.people(q, kc.Filters(), 10_000, 0)
        links = q.sql("SELECT c.id, count(*) FROM contact c JOIN contact_purpose cp ON cp.contact_id = c.id "
                      "WHERE NOT c.restricted GROUP BY c.id").fetchall()
        one = kc.people(q, kc.Filters(purpose="sales_marketing"), 10_000, 0)
        page2 = kc.people(q, kc.Filters(), 5, 5)
    assert len(rows) == counts["people"] == len({r["id"] for r in rows})
    assert {r["id"]: len(r["purposes"]) for r in rows} == dict(links)
    assert any(len(r["purposes"]) > 1 for r in rows)
    assert all(r["purposes"] == ["sales_marketing"] for r in one)
    assert [r["id"] for r in page2] == [r["id"] for r in rows[5:10]]  # paging is by person
