"""Issue #10, retention and the access report: what the outputs say is what the register does.

Retention sentences come from one rule (kpcore.retention) in the notice, the Art. 30 record and
the access report; the report states this person's own end per purpose, the source in detail,
the named recipients, that it answers the request, the IP warning, and its sections are numbered
without gaps; the processor-role letter says "passed on" only once that was recorded."""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess

import duckdb
import pytest

from kpcore import contacts, migrations, notice, record, retention, sar
from kpcore import requests as reqs
from kpcore.errors import NotFound, Refused, ValidationFailed

D = dt.date
TODAY = D(2026, 11, 24)
IP = "91.152.34.77"


def text_of(pdf: bytes, tmp_path, name="out") -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", out)


# -- the rule's sentences ---------------------------------------------------------------------

SENTENCES = [  # anchor, months, direct marketing, fi, en
    ("last_contact", 36, True, "Kolme vuotta viimeisestä yhteydenotosta tai kunnes henkilö kieltää suoramarkkinoinnin.",
     "Three years from the last contact, or until the person objects to direct marketing."),
    ("contract_end", 24, False, "Asiakassopimuksen voimassaoloaika ja kaksi vuotta sen päättymisestä.",
     "For the term of the customer agreement and two years after it ends."),
    ("last_training_support", 24, False, "Kaksi vuotta viimeisestä koulutus- tai tukitapahtumasta.",
     "Two years from the last training or support event."),
    ("collection", 14, False, "14 kuukautta tietojen keräämisestä.", "14 months from when the data was collected."),
    ("collection", 12, False, "Yksi vuosi tietojen keräämisestä.", "One year from when the data was collected."),
    ("last_contact", 1, False, "Yksi kuukausi viimeisestä yhteydenotosta.", "One month from the last contact."),
    ("contract_end", 18, False, "Asiakassopimuksen voimassaoloaika ja 18 kuukautta sen päättymisestä.",
     "For the term of the customer agreement and 18 months after it ends."),
    ("last_contact", None, False, "Säilytysaikaa ei ole määritelty.", "No retention period has been set."),
]


@pytest.mark.parametrize("anchor,months,dm,fi,en", SENTENCES)
def test_retention_sentence_from_the_rule(anchor, months, dm, fi, en):
    assert retention.sentence(anchor, months, "fi", direct_marketing=dm) == fi
    assert retention.sentence(anchor, months, "en", direct_marketing=dm) == en


def test_web_analytics_sentence_includes_the_ip_truncation_setting(reg):
    with reg.write("t", "test.setting") as w:
        w.sql("UPDATE setting SET value = '14' WHERE key = 'ip_full_days'")
    with reg.read() as q:
        web = next(p for p in retention.with_sentences(q, q.all("notice_purposes")) if p["key"] == "web_analytics")
    assert web["retention_fi"].endswith("täydet IP-osoitteet lyhennetään 14 päivän kuluttua.")
    assert web["retention_en"].endswith("full IP addresses are truncated after 14 days.")


@pytest.mark.parametrize("days,text,anchor,months", [
    (1095, "Kolme vuotta viimeisestä yhteydenotosta, tai kunnes henkilö kieltää suoramarkkinoinnin.", "last_contact", 36),
    (730, "Asiakassopimuksen voimassaoloajan ja kaksi vuotta sen päättymisen jälkeen.", "contract_end", 24),
    (730, "Kaksi vuotta viimeisestä koulutuksesta tai tukitapahtumasta.", "last_training_support", 24),
    (425, "14 kuukautta; täydet IP-osoitteet lyhennetään 30 päivän kuluttua.", "collection", 14),
    (None, "Kunnes toisin päätetään.", "collection", None),
])
def test_legacy_free_text_converts_to_a_rule(days, text, anchor, months):
    assert retention.from_legacy(days, text) == (anchor, months)


def test_the_v2_part_converts_free_text_retention_to_rules():
    """An old register's purpose table (free text + days, no rule columns) gains the rule, and its
    sentences are regenerated from it; run twice, nothing changes the second time."""
    con = duckdb.connect()
    con.execute("CREATE TABLE purpose (key TEXT, retention_days INTEGER, retention_fi TEXT, retention_en TEXT, "
                "direct_marketing BOOLEAN)")
    con.execute("INSERT INTO purpose VALUES ('expert_admin', 730, 'Asiakassopimuksen voimassaoloajan ja kaksi vuotta "
                "sen päättymisen jälkeen.', 'x', false), ('sales_marketing', 1095, 'Kolme vuotta viimeisestä "
                "yhteydenotosta, tai kunnes henkilö kieltää suoramarkkinoinnin.', 'x', true)")
    for t in ("setting (key TEXT, value TEXT)", "contact (id INTEGER)", "contact_purpose (contact_id INTEGER)",
              "customer (id INTEGER)", "subject_request (id INTEGER)"):
        con.execute(f"CREATE TABLE {t}")

    class W:
        def sql(self, text, params=None):
            return con.execute(text, params or [])

    part = migrations._v2_retention_anchors_and_request_facts
    part(W())
    rows = con.execute("SELECT key, retention_anchor, retention_months, retention_fi FROM purpose ORDER BY key").fetchall()
    assert rows == [("expert_admin", "contract_end", 24, "Asiakassopimuksen voimassaoloaika ja kaksi vuotta sen päättymisestä."),
                    ("sales_marketing", "last_contact", 36,
                     "Kolme vuotta viimeisestä yhteydenotosta tai kunnes henkilö kieltää suoramarkkinoinnin.")]
    part(W())
    assert con.execute("SELECT key, retention_anchor, retention_months, retention_fi FROM purpose ORDER BY key").fetchall() == rows
    cols = {r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'contact_purpose'").fetchall()}
    assert {"last_contact_on", "first_communication_on", "source_detail"} <= cols


def test_notice_record_and_report_print_the_same_rule_sentence(reg, tmp_path):
    cid = _person(reg, "expert_admin")
    for lang, sentence in (("fi", "Asiakassopimuksen voimassaoloaika ja kaksi vuotta sen päättymisestä."),
                           ("en", "For the term of the customer agreement and two years after it ends.")):
        with reg.read() as q:
            texts = [text_of(notice.notice_pdf(q, lang, today=TODAY), tmp_path, "n"),
                     text_of(record.controller_record(q, "pdf", lang), tmp_path, "r"),
                     text_of(sar.report_pdf(q, "anna@tampere.fi", lang=lang, today=TODAY), tmp_path, "s")]
        for t in texts:
            assert sentence in t
    assert cid


# -- the access report, item by item ---------------------------------------------------------------

def _person(reg, purpose="sales_marketing", *, org="Tampereen kaupunki, Tilapalvelut", detail=None,
            last_contact=None, collected=D(2026, 3, 1)):
    with reg.write("t", "test.person") as w:
        cid = w.sql("INSERT INTO contact (email, name, organisation) VALUES ('anna@tampere.fi', 'Anna Aalto', ?) "
                    "RETURNING id", [org]).fetchall()[0][0]
        w.sql("INSERT INTO contact_purpose (contact_id, purpose, source, collected_on, notice_sent_on, source_detail, "
              "last_contact_on) VALUES (?, ?, 'partner', ?, ?, ?, ?)", [cid, purpose, collected, collected, detail,
                                                                       last_contact])
    notice.confirm_all(reg, "t")  # the notice's facts confirmed: reports need no acknowledgement (#10 §1)
    return cid


def _report(reg, tmp_path, lang, **kw):
    with reg.read() as q:
        return text_of(sar.report_pdf(q, "anna@tampere.fi", lang=lang, today=TODAY, **kw), tmp_path, lang)


def test_report_states_the_persons_own_end_while_the_contract_runs_and_after_it_ended(reg, tmp_path):
    _person(reg, "expert_admin")
    contacts.set_contract_end(reg, "dpo", "Tampereen kaupunki", None)
    fi, en = _report(reg, tmp_path, "fi"), _report(reg, tmp_path, "en")
    assert "Kaksi vuotta asiakassopimuksen päättymisestä. Organisaatiosi asiakassopimus on voimassa, joten " \
           "päättymispäivää ei vielä ole." in fi
    assert "Two years after the customer agreement ends. Your organisation's agreement is in force, so there is no " \
           "end date yet." in en
    contacts.set_contract_end(reg, "dpo", "Tampereen kaupunki", D(2026, 6, 30))
    fi, en = _report(reg, tmp_path, "fi"), _report(reg, tmp_path, "en")
    assert "30.6.2028 asti (kaksi vuotta; asiakassopimuksen päättyminen 30.6.2026)." in fi
    assert "Until 30.6.2028 (two years from the end of the customer agreement, 30.6.2026)." in en


def test_report_states_an_end_from_the_last_contact_and_an_unknown_anchor_honestly(reg, tmp_path):
    cid = _person(reg, "sales_marketing")
    fi, en = _report(reg, tmp_path, "fi"), _report(reg, tmp_path, "en")
    assert "Rekisterissä ei ole viimeisimmän yhteydenoton päivää, joten aika on laskettu toistaiseksi tietojen " \
           "keräämisestä (1.3.2026): 1.3.2029 asti." in fi
    assert "The register does not hold the date of the last contact, so the period is counted for now from " \
           "collection (1.3.2026): until 1.3.2029." in en
    assert "Tiedot poistetaan heti, jos kiellät suoramarkkinoinnin." in fi
    contacts.touch(reg, "dpo", cid, purpose="sales_marketing", on=D(2026, 9, 15), today=TODAY)
    fi, en = _report(reg, tmp_path, "fi"), _report(reg, tmp_path, "en")
    assert "15.9.2029 asti (kolme vuotta; viimeisin yhteydenotto 15.9.2026)." in fi
    assert "Until 15.9.2029 (three years from the last contact, 15.9.2026)." in en


def test_report_names_the_source_in_detail_and_the_recipients(reg, tmp_path):
    _person(reg, detail="Kuntaliiton tapahtuma 3/2026 <b>")
    with reg.read() as q:
        rows = sar.recipients_for_purposes(q, ["sales_marketing"])
    assert rows  # the register's actual recipients of the purpose, by name, in the report's language
    for lang, word in (("fi", "Yhteistyökumppani (Kuntaliiton tapahtuma 3/2026 <b>)"),
                       ("en", "Partner (Kuntaliiton tapahtuma 3/2026 <b>)")):
        text = _report(reg, tmp_path, lang)
        assert word in text
        names = [(r.get("name_en") if lang == "en" else None) or r["name"] for r in rows]
        assert all(n in text for n in names), names


def _numbers(text: str) -> list[int]:
    heads = ["Vahvistus käsittelystä", "Jäljennös tiedoistasi", "Käsittelyn tarkoitukset", "Käsiteltävät henkilötietoryhmät",
             "Mistä tiedot on saatu", "Tietojen vastaanottajat", "Siirrot EU:n", "Säilytysaika", "Verkkosivuston käynnit",
             "Pyyntösi", "Oikeutesi", "Oikeus valittaa", "Automaattinen päätöksenteko",
             "Confirmation of processing", "A copy of your data", "Purposes and legal basis", "Categories of personal",
             "Where the data came from", "Recipients of the data", "Transfers outside", "How long the data is kept",
             "Website visits", "Your requests", "Your rights", "Right to lodge", "Automated decision-making"]
    return [int(m.group(1)) for m in re.finditer(r"(\d{1,2})\. (?:" + "|".join(map(re.escape, heads)) + ")", text)]


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_sections_are_numbered_without_gaps_in_every_variant(reg, tmp_path, lang):
    _person(reg)
    plain = _numbers(_report(reg, tmp_path, lang))  # no visits section, no requests section
    assert plain == list(range(1, len(plain) + 1)) and len(plain) >= 11
    r = reqs.add(reg, "dpo", type="access", email="anna@tampere.fi", ip=IP, received_on=TODAY, today=TODAY)
    full = _numbers(_report(reg, tmp_path, lang, request_id=r["id"]))  # visits (unconfirmed) and requests
    assert full == list(range(1, len(plain) + 3))


@pytest.mark.parametrize("lang,warn,left_out,confirmed", [
    ("fi", "Sama IP-osoite voi olla usean ihmisen käytössä", "emme liitä tähän selvitykseen osoitteesta 91.152.34.77",
     "Olemme varmistaneet, että osoite on sinun käytössäsi."),
    ("en", "One IP address can be used by many people", "we therefore do not include the visits recorded from the "
     "address 91.152.34.77", "We have confirmed that the address is used by you.")])
def test_visits_by_ip_only_after_the_dpo_confirms_the_address(reg, tmp_path, lang, warn, left_out, confirmed):
    _person(reg)
    with reg.write("t", "test.visits") as w:
        w.sql("INSERT INTO web_visit (visited_at, ip, page) VALUES (TIMESTAMP '2026-11-10 08:15:00', ?, '/hinnasto')", [IP])
    r = reqs.add(reg, "dpo", type="access", email="anna@tampere.fi", ip=IP, received_on=TODAY, today=TODAY)
    before = _report(reg, tmp_path, lang, request_id=r["id"])
    assert warn in before and left_out.lower() in before.lower() and "/hinnasto" not in before
    with pytest.raises(Refused):
        reqs.confirm_ip(reg, "dpo", reqs.add(reg, "dpo", type="access", email="x@y.fi", today=TODAY)["id"], today=TODAY)
    r = reqs.confirm_ip(reg, "dpo", r["id"], on=TODAY, today=TODAY)
    assert r["ip_confirmed_on"] == TODAY and r["events"][-1]["action"] == "ip_confirmed"
    after = _report(reg, tmp_path, lang, request_id=r["id"])
    assert warn in after and confirmed in after and "/hinnasto" in after
    assert {"fi": "Kukin käynti poistetaan, kun käynnistä on kulunut 14 kuukautta: vanhin tallennettu käynti "
                  "(10.11.2026) viimeistään 10.1.2028.",
            "en": "Each visit is deleted 14 months after it: the oldest recorded visit (10.11.2026) by 10.1.2028 at "
                  "the latest."}[lang] in after


def test_a_report_that_answers_the_request_says_so_and_closes_it_at_once(reg, tmp_path):
    _person(reg)
    r = reqs.add(reg, "dpo", type="access", email="anna@tampere.fi", received_on=D(2026, 11, 2), today=D(2026, 11, 2))
    pdf = sar.generate(reg, "dpo", "anna@tampere.fi", lang="fi", request_id=r["id"], mark_answered=True, today=TODAY)
    fi = text_of(pdf, tmp_path)
    assert f"Tällä selvityksellä vastataan pyyntöösi nro {r['id']} 24.11.2026. Pyyntö on käsitelty (tila: Valmis)." in fi
    assert f"{r['id']} Tarkastusoikeus (15 art.) 2.11.2026 Valmis 24.11.2026" in fi  # the requests table agrees
    with reg.read() as q:
        now = reqs.get(q, r["id"], today=TODAY)
    assert (now["status"], now["answered_on"]) == ("completed", TODAY)
    assert [e["action"] for e in now["events"]][-2:] == ["report_built", "completed"]
    r2 = reqs.add(reg, "dpo", type="access", email="anna@tampere.fi", received_on=TODAY, today=TODAY)
    en = text_of(sar.generate(reg, "dpo", "anna@tampere.fi", lang="en", request_id=r2["id"], mark_answered=True,
                              today=TODAY), tmp_path)
    assert f"This report answers your request no. {r2['id']} on 24.11.2026. The request has been dealt with " \
           "(status: Completed)." in en


def test_a_report_cannot_answer_a_request_waiting_for_identity_and_nothing_is_written(reg):
    _person(reg)
    r = reqs.add(reg, "dpo", type="access", email="anna@tampere.fi", received_on=TODAY, today=TODAY)
    reqs.await_identity(reg, "dpo", r["id"], on=TODAY, today=TODAY)
    with reg.read() as q:
        before = q.sql("SELECT count(*) FROM audit_log").fetchall()
    with pytest.raises(Refused):
        sar.generate(reg, "dpo", "anna@tampere.fi", request_id=r["id"], mark_answered=True, today=TODAY)
    with reg.read() as q:
        assert q.sql("SELECT count(*) FROM audit_log").fetchall() == before
        assert reqs.get(q, r["id"])["status"] == "awaiting_identity"


def test_a_plain_report_does_not_claim_to_answer(reg, tmp_path):
    _person(reg)
    r = reqs.add(reg, "dpo", type="access", email="anna@tampere.fi", received_on=TODAY, today=TODAY)
    fi = text_of(sar.generate(reg, "dpo", "anna@tampere.fi", request_id=r["id"], today=TODAY), tmp_path)
    assert "Tällä selvityksellä vastataan" not in fi
    with reg.read() as q:
        assert reqs.get(q, r["id"])["status"] == "received"


def test_forwarding_needs_whom_and_a_date_not_in_the_future(reg):
    r = reqs.add(reg, "dpo", type="access", email="maija@nokia.fi", received_on=TODAY, today=TODAY)
    with pytest.raises(ValidationFailed, match="to whom"):
        reqs.record_forwarding(reg, "dpo", r["id"], to="  ", today=TODAY)
    with pytest.raises(ValidationFailed, match="future"):
        reqs.record_forwarding(reg, "dpo", r["id"], to="Nokia", on=TODAY + dt.timedelta(days=1), today=TODAY)
    with pytest.raises(NotFound):
        reqs.record_forwarding(reg, "dpo", 999, to="Nokia", today=TODAY)


# -- anchors: API edges and the CLI ---------------------------------------------------------------

def test_anchor_dates_move_only_the_right_way_and_refuse_bad_days(reg):
    cid = _person(reg)
    assert contacts.touch(reg, "dpo", cid, purpose="sales_marketing", on=D(2026, 9, 1), today=TODAY) == D(2026, 9, 1)
    assert contacts.touch(reg, "dpo", cid, purpose="sales_marketing", on=D(2026, 5, 1), today=TODAY) == D(2026, 9, 1)
    assert contacts.record_first_communication(reg, "dpo", cid, purpose="sales_marketing", on=D(2026, 6, 1),
                                               today=TODAY) == D(2026, 6, 1)
    assert contacts.record_first_communication(reg, "dpo", cid, purpose="sales_marketing", on=D(2026, 3, 5),
                                               today=TODAY) == D(2026, 3, 5)
    with pytest.raises(ValidationFailed, match="before the data was collected"):
        contacts.touch(reg, "dpo", cid, purpose="sales_marketing", on=D(2026, 2, 1), today=TODAY)
    with pytest.raises(ValidationFailed, match="future"):
        contacts.record_training(reg, "dpo", cid, on=TODAY + dt.timedelta(days=1), today=TODAY)
    with pytest.raises(NotFound):
        contacts.touch(reg, "dpo", cid, purpose="expert_user", on=TODAY, today=TODAY)
    with reg.read() as q:
        events = q.sql("SELECT detail FROM audit_log WHERE action LIKE 'contact.%'").fetchall()
    assert events and "anna" not in json.dumps(events).lower()


def test_cli_sets_anchors_contracts_and_request_facts(reg, kp):
    cid = _person(reg)
    p = reg.path
    assert kp("contacts", "touch", "Anna@Tampere.fi", "--purpose", "sales_marketing", "--on", "15.9.2026",
              db_path=p).returncode == 0
    res = kp("contacts", "first-communication", str(cid), "--purpose", "sales_marketing", "--on", "2026-03-10", db_path=p)
    assert res.returncode == 0 and "Art. 14 notice due 2026-03-10" in res.stdout
    assert kp("contacts", "training", "anna@tampere.fi", "--on", "2026-10-01", db_path=p).returncode == 0
    res = kp("customers", "contract", "Tampereen kaupunki", "--ends", "2026-06-30", db_path=p)
    assert res.returncode == 0 and "(new)" in res.stdout
    res = kp("customers", "list", "--json", db_path=p)
    assert json.loads(res.stdout)[0] | {"id": 0} == {"id": 0, "name": "Tampereen kaupunki", "contract_end": "2026-06-30",
                                                    "running": False, "people": 1}
    assert kp("contacts", "customer", "anna@tampere.fi", "--customer", "TAMPEREEN kaupunki", db_path=p).returncode == 0
    res = kp("contacts", "touch", "nobody@x.fi", "--purpose", "sales_marketing", "--on", "2026-01-01", db_path=p)
    assert res.returncode == 1 and "no such person" in res.stderr and "nobody" not in res.stderr
    with reg.read() as q:
        link = q.sql("SELECT last_contact_on, first_communication_on FROM contact_purpose").fetchall()[0]
        person = q.sql("SELECT last_training_on, customer_id FROM contact").fetchall()[0]
    assert link == (D(2026, 9, 15), D(2026, 3, 10)) and person[0] == D(2026, 10, 1) and person[1] is not None

    r = reqs.add(reg, "dpo", type="access", email="anna@tampere.fi", ip=IP, today=dt.date.today())
    res = kp("sar", "anna@tampere.fi", "--request", str(r["id"]), "-o", str(p.with_name("a.pdf")), db_path=p)
    assert res.returncode == 0 and "web visits are left out" in res.stderr
    assert kp("request", "confirm-ip", str(r["id"]), db_path=p).returncode == 0
    res = kp("sar", "anna@tampere.fi", "--request", str(r["id"]), "-o", str(p.with_name("a.pdf")), db_path=p)
    assert res.returncode == 0 and "left out" not in res.stderr
    res = kp("request", "forwarded", str(r["id"]), "--to", "Nokian kaupunki", "--json", db_path=p)
    assert res.returncode == 0 and json.loads(res.stdout)["forwarded_to"] == "Nokian kaupunki"


def test_import_columns_set_source_detail_and_anchor_dates(reg, tmp_path):
    from kpcore import imports

    f = tmp_path / "c.csv"
    f.write_text("Nimi;Sähköposti;Käyttötarkoitus;Lähde;Kerätty;Viimeisin yhteydenotto;Ensimmäinen yhteydenotto;"
                 "Lähteen tarkenne;Viimeisin koulutus\n"
                 "Anna Aalto;anna@tampere.fi;sales_marketing;partner;1.3.2026;15.6.2026;10.3.2026;Kuntaliitto;\n"
                 "Bertta Berg;bertta@tampere.fi;expert_user;public;2026-01-05;;;tampere.fi/yhteystiedot;2026-05-01\n",
                 encoding="utf-8")
    imports.import_file(reg, f, actor="t", today=TODAY)
    with reg.read() as q:
        links = q.sql("SELECT c.email, last_contact_on, first_communication_on, source_detail, c.last_training_on "
                      "FROM contact_purpose cp JOIN contact c ON c.id = cp.contact_id ORDER BY 1").fetchall()
    assert links == [("anna@tampere.fi", D(2026, 6, 15), D(2026, 3, 10), "Kuntaliitto", None),
                     ("bertta@tampere.fi", None, None, "tampere.fi/yhteystiedot", D(2026, 5, 1))]
    # a re-import only moves the last contact later and the first communication earlier; detail stays
    f.write_text("email;name;purpose;source;collected;last contact;first communication;source detail\n"
                 "anna@tampere.fi;Anna Aalto;sales_marketing;partner;1.3.2026;1.4.2026;5.3.2026;Toinen\n",
                 encoding="utf-8")
    imports.import_file(reg, f, actor="t", today=TODAY)
    with reg.read() as q:
        assert q.sql("SELECT last_contact_on, first_communication_on, source_detail FROM contact_purpose "
                     "WHERE source_detail = 'Kuntaliitto'").fetchall() == [(D(2026, 6, 15), D(2026, 3, 5), "Kuntaliitto")]
    f.write_text("email;name;purpose;source;collected;last contact\nc@x.fi;C;sales_marketing;partner;1.3.2026;1.2.2026\n",
                 encoding="utf-8")
    with pytest.raises(ValidationFailed) as exc:
        imports.import_file(reg, f, actor="t", today=TODAY)
    assert "last_contact: the date is before the data was collected" in str(exc.value)


# -- the dashboard: the person page's dates and the request page's IP and forwarding --------------

def _submit(at, form_id):
    next(b for b in at.button if getattr(b, "form_id", None) == form_id).click()
    return at.run()


def test_person_page_records_anchor_dates_and_the_contract(reg):
    from conftest import app_test

    cid = _person(reg, "expert_admin")
    at = app_test("contacts", reg.path, lang="fi")
    at.query_params["person"] = str(cid)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Säilytysajan laskentapäivä puuttuu" in w.value for w in at.warning)  # no customer: the DPO is asked
    at.text_input(key="contract_customer").input("Tampereen kaupunki")
    at.checkbox(key="contract_running").check()
    _submit(at, "person_contract")
    assert not at.exception, [e.value for e in at.exception]
    with reg.read() as q:
        keep = contacts.retention_of(q, cid, TODAY)
    assert keep["customer"]["name"] == "Tampereen kaupunki" and keep["customer"]["tied"]
    assert keep["purposes"]["expert_admin"]["running"]
    assert not any("laskentapäivä puuttuu" in w.value for w in at.warning)
    at.radio(key="anchor_what").set_value("first_communication")
    at.date_input(key="anchor_on").set_value(D(2026, 3, 4))
    _submit(at, "person_anchor")
    at.radio(key="anchor_what").set_value("source_detail")
    at.text_input(key="anchor_detail").input("tampere.fi/yhteystiedot")
    _submit(at, "person_anchor")
    assert not at.exception, [e.value for e in at.exception]
    with reg.read() as q:
        assert q.sql("SELECT first_communication_on, source_detail FROM contact_purpose").fetchall() == [
            (D(2026, 3, 4), "tampere.fi/yhteystiedot")]
    table = at.dataframe[0].value
    assert "tampere.fi/yhteystiedot" in set(table["Lähteen tarkenne"])
    assert any("sopimus on voimassa" in str(v) for v in table["Säilytys"])


def test_request_page_confirms_the_ip_and_records_the_forwarding(reg):
    from conftest import app_test

    r = reqs.add(reg, "dpo", type="access", email="maija@nokiankaupunki.fi", ip=IP, today=dt.date.today())
    at = app_test("requests", reg.path, lang="en")
    at.query_params["request"] = str(r["id"])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("One IP address can be used by many people" in w.value for w in at.warning)
    next(b for b in at.button if b.key == "confirm_ip").click()
    at.run()
    at.text_input(key="fwd_to").input("Nokian kaupunki, tietosuoja@nokiankaupunki.fi")
    _submit(at, "forwarded")
    assert not at.exception, [e.value for e in at.exception]
    with reg.read() as q:
        now = reqs.get(q, r["id"])
    assert now["ip_confirmed_on"] == dt.date.today() and now["forwarded_on"] == dt.date.today()
    assert now["forwarded_to"] == "Nokian kaupunki, tietosuoja@nokiankaupunki.fi"
    assert {"ip_confirmed", "passed_to_controller"} <= {e["action"] for e in now["events"]}


def test_a_request_from_the_person_counts_as_the_first_communication(reg):
    from kpcore import compliance

    cid = _person(reg)  # from a partner on 1.3.2026, notice recorded the same day
    with reg.write("t", "test.setup") as w:
        w.sql("UPDATE contact_purpose SET notice_sent_on = NULL, collected_on = ?", [TODAY - dt.timedelta(days=5)])
    with reg.read() as q:
        assert not [f for f in compliance.findings(q, TODAY) if f.rule == "art14_notice_overdue"]
    reqs.add(reg, "dpo", type="access", email="anna@tampere.fi", received_on=TODAY - dt.timedelta(days=2), today=TODAY)
    with reg.read() as q:
        assert q.sql("SELECT first_communication_on FROM contact_purpose WHERE contact_id = ?", [cid]).fetchall() == [
            (TODAY - dt.timedelta(days=2),)]
        found = [f for f in compliance.findings(q, TODAY) if f.rule == "art14_notice_overdue"]
    assert found and found[0].sample_ids == (cid,)  # the notice was due by the request, not a month later
