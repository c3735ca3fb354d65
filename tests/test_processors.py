"""Processor engagements (Art. 28, 30(2)): flags from facts, the access log, no credentials,
the processor record, the CLI and the view."""
from __future__ import annotations

import datetime as dt
import json
import subprocess

import pytest

from conftest import app_test, run_kp
from kpcore import processor_record as PR
from kpcore import processors as P
from kpcore.errors import NotFound, Refused, ValidationFailed
from kpcore.models import ART28_CLAUSES

TODAY = dt.date(2026, 11, 24)
D = lambda days: TODAY - dt.timedelta(days=days)  # noqa: E731
ALL_YES = {k: True for k in ART28_CLAUSES}


def add(reg, **over):
    data = {"customer": "Oriveden kaupunki", "system": "Hankesalkku", "vendor": "Ohjelmistotalo Projekta Oy",
            "service_fi": "Pääkäyttäjätuki", "service_en": "Administrator support", "starts_on": D(100),
            "agreement_ref": "DPA-1", "agreement_signed_on": D(110), "authorisation": "general",
            "authorised_by": "Kaupunginhallitus", "authorised_on": D(110), "clauses": ALL_YES}
    data.update(over)
    return P.add_engagement(reg, "test", {k: v for k, v in data.items() if v is not None})


def flags(reg, eid, today=TODAY):
    with reg.read() as q:
        return next(r for r in P.engagements(q, today) if r["id"] == eid)["flags"]


def audit_rows(reg):
    with reg.read() as q:
        return q.sql("SELECT action, object_type, object_id, detail FROM audit_log ORDER BY seq").fetchall()


def counts(reg):
    with reg.read() as q:
        return q.sql("SELECT (SELECT count(*) FROM processor_engagement), (SELECT count(*) FROM processor_access),"
                     " (SELECT count(*) FROM customer), (SELECT count(*) FROM engagement_category),"
                     " (SELECT count(*) FROM audit_log)").fetchall()[0]


# -- engagements and customers ------------------------------------------------------------------

def test_a_complete_engagement_has_no_flags_and_holds_the_notice_categories(reg):
    eid = add(reg)
    assert flags(reg, eid) == []
    with reg.read() as q:
        rows = P.engagements(q, TODAY)
        e = P.engagement(q, eid, TODAY)
    row = rows[0]
    assert {"customer", "system", "vendor", "agreement_signed_on", "status", "flags"} <= set(row)
    assert (row["customer"], row["system"], row["vendor"], row["agreement_signed_on"], row["status"]) == (
        "Oriveden kaupunki", "Hankesalkku", "Ohjelmistotalo Projekta Oy", D(110), "active")
    assert {c["category"] for c in e["categories"]} == {
        "name", "username", "email", "organisation", "title", "user_level", "access_rights"}
    assert all(c["present"] is True for c in e["clauses"]) and len(e["clauses"]) == len(ART28_CLAUSES)


def test_the_customer_is_found_by_name_or_created_and_details_fill_gaps(reg):
    a = add(reg, customer="Nokian kaupunki", customer_dpo_email="tietosuoja@nokia.example")
    b = add(reg, customer="  nokian KAUPUNKI ", system="KuntaProjekti", customer_business_id="0153272-4")
    with reg.read() as q:
        cs = P.customers(q)
        e = P.engagement(q, b, TODAY)
    assert len(cs) == 1 and a != b
    assert (e["customer"], e["customer_dpo_email"], e["customer_business_id"]) == (
        "Nokian kaupunki", "tietosuoja@nokia.example", "0153272-4")
    P.update_customer(reg, "test", cs[0]["id"], {"dpo_name": "Tietosuojavastaava"})
    with reg.read() as q:
        c = P.customers(q)[0]
    assert (c["dpo_name"], c["dpo_email"]) == ("Tietosuojavastaava", "tietosuoja@nokia.example")


def test_required_fields_are_named_and_nothing_is_written(reg):
    before = counts(reg)
    with pytest.raises(ValidationFailed) as exc:
        P.add_engagement(reg, "test", {"customer": " ", "system": "", "vendor": "V", "service_fi": "S",
                                       "starts_on": "31.2.2026", "customer_dpo_email": "not-an-email"})
    text = str(exc.value)
    for field in ("customer:", "system:", "starts_on:", "customer dpo_email:"):
        assert field in text, text
    with pytest.raises(ValidationFailed, match="ends_on: is before starts_on"):
        add(reg, ends_on=D(200))
    with pytest.raises(ValidationFailed, match="clauses"):
        add(reg, clauses={"no_such_clause": True})
    with pytest.raises(ValidationFailed, match="agreement_signed_on: is in the future"):
        add(reg, agreement_signed_on=dt.date.today() + dt.timedelta(days=1))
    with pytest.raises(ValidationFailed, match="authorisation: must be one of general, specific"):
        add(reg, authorisation="verbal")
    assert counts(reg) == before


# -- flags appear and disappear ------------------------------------------------------------------

def test_no_agreement_flag_follows_the_signature(reg):
    eid = add(reg, agreement_signed_on=None)
    assert "no_agreement" in flags(reg, eid)
    P.update_engagement(reg, "test", eid, {"agreement_signed_on": D(5)})
    assert "no_agreement" not in flags(reg, eid)
    P.update_engagement(reg, "test", eid, {"agreement_signed_on": None})
    assert "no_agreement" in flags(reg, eid)


def test_missing_clauses_flag_follows_the_checklist(reg):
    eid = add(reg, clauses=None)
    assert "missing_clauses" in flags(reg, eid)  # nothing recorded
    P.set_clauses(reg, "test", eid, {k: True for k in list(ART28_CLAUSES)[:-1]})
    assert "missing_clauses" in flags(reg, eid)  # one not recorded
    with reg.read() as q:
        assert P.engagement(q, eid, TODAY)["missing_clauses"] == [list(ART28_CLAUSES)[-1]]
    P.set_clauses(reg, "test", eid, {list(ART28_CLAUSES)[-1]: True})
    assert "missing_clauses" not in flags(reg, eid)
    P.set_clauses(reg, "test", eid, {"audits": False})  # recorded as absent
    assert "missing_clauses" in flags(reg, eid)
    P.set_clauses(reg, "test", eid, {"audits": True})
    assert "missing_clauses" not in flags(reg, eid)
    P.set_clauses(reg, "test", eid, {"audits": None})  # answer forgotten
    assert "missing_clauses" in flags(reg, eid)
    with pytest.raises(ValidationFailed, match="unknown clause"):
        P.set_clauses(reg, "test", eid, {"bogus": True})


def test_expired_flag_follows_the_end_date_and_the_status(reg):
    eid = add(reg, ends_on=D(10))
    assert "expired" in flags(reg, eid)
    assert "expired" not in flags(reg, eid, today=D(10))  # the last day itself is still inside
    P.update_engagement(reg, "test", eid, {"ends_on": D(-30)})  # extended into the future
    assert "expired" not in flags(reg, eid)
    P.update_engagement(reg, "test", eid, {"ends_on": D(10)})
    assert "expired" in flags(reg, eid)
    P.end_engagement(reg, "test", eid, ends_on=D(10), decision="delete", decided_on=D(5), today=TODAY)
    assert flags(reg, eid) == []


def test_access_without_ticket_is_flagged_until_the_reference_is_recorded(reg):
    eid = add(reg)
    P.log_access(reg, "test", eid, reason="Käyttäjän lisäys", staff="Laura Kivelä", ticket_ref="TUKI-1",
                 accessed_at=dt.datetime.combine(D(3), dt.time(10)))
    assert "access_without_ticket" not in flags(reg, eid)
    aid = P.log_access(reg, "test", eid, reason="Virheselvitys", staff="Laura Kivelä", ticket_ref="   ",
                       accessed_at=dt.datetime.combine(D(2), dt.time(10)))
    assert "access_without_ticket" in flags(reg, eid)
    with reg.read() as q:
        log = P.engagement(q, eid, TODAY)["accesses"]
    assert [(a["id"], a["without_ticket"]) for a in log][0] == (aid, True)
    assert log[1]["without_ticket"] is False
    P.set_access_ticket(reg, "test", aid, "TUKI-2")
    assert "access_without_ticket" not in flags(reg, eid)


def test_access_outside_the_engagement_is_flagged(reg):
    eid = add(reg, starts_on=D(100))
    P.log_access(reg, "test", eid, reason="Tuki", staff="Mikko Rinne", ticket_ref="T-1",
                 accessed_at=dt.datetime.combine(D(100), dt.time(9)))  # the first day is inside
    assert "access_outside_engagement" not in flags(reg, eid)
    P.log_access(reg, "test", eid, reason="Tuki", staff="Mikko Rinne", ticket_ref="T-2",
                 accessed_at=dt.datetime.combine(D(120), dt.time(9)))  # before it started
    assert "access_outside_engagement" in flags(reg, eid)
    P.update_engagement(reg, "test", eid, {"starts_on": D(130)})  # the start date was wrong
    assert "access_outside_engagement" not in flags(reg, eid)
    P.end_engagement(reg, "test", eid, ends_on=D(50), decision="return", decided_on=D(50), today=TODAY)
    P.log_access(reg, "test", eid, reason="Tuki", staff="Mikko Rinne", ticket_ref="T-3",
                 accessed_at=dt.datetime.combine(D(20), dt.time(9)))  # after it ended
    assert "access_outside_engagement" in flags(reg, eid)
    planned = add(reg, status="planned", starts_on=D(1))
    P.log_access(reg, "test", planned, reason="Tuki", staff="Mikko Rinne", ticket_ref="T-4",
                 accessed_at=dt.datetime.combine(TODAY, dt.time(0, 1)))
    assert "access_outside_engagement" in flags(reg, planned)  # not yet active
    P.update_engagement(reg, "test", planned, {"status": "active"})
    assert "access_outside_engagement" not in flags(reg, planned)


def test_ended_without_decision_is_flagged_until_the_decision_is_recorded(reg):
    eid = add(reg)
    P.end_engagement(reg, "test", eid, ends_on=D(5), today=TODAY)
    assert flags(reg, eid) == ["ended_without_decision"]
    with pytest.raises(ValidationFailed, match="decided_on: the decision and its date go together"):
        P.end_engagement(reg, "test", eid, decision="delete", today=TODAY)
    P.end_engagement(reg, "test", eid, decision="delete", decided_on=D(1), today=TODAY)  # later; end date kept
    assert flags(reg, eid) == []
    with reg.read() as q:
        e = P.engagement(q, eid, TODAY)
    assert (e["status"], e["ends_on"], e["end_decision"], e["end_decision_on"]) == ("ended", D(5), "delete", D(1))


def test_end_refuses_bad_dates_and_unknown_engagements(reg):
    eid = add(reg)
    with pytest.raises(ValidationFailed, match="ends_on: is required"):
        P.end_engagement(reg, "test", eid, today=TODAY)
    with pytest.raises(ValidationFailed, match="ends_on: is before the engagement started"):
        P.end_engagement(reg, "test", eid, ends_on=D(300), today=TODAY)
    with pytest.raises(ValidationFailed, match="ends_on: is in the future"):
        P.end_engagement(reg, "test", eid, ends_on=D(-3), today=TODAY)
    with pytest.raises(NotFound, match="engagement 999"):
        P.end_engagement(reg, "test", 999, ends_on=D(1), today=TODAY)
    with pytest.raises(NotFound):
        P.log_access(reg, "test", 999, reason="x", staff="y", ticket_ref="t")
    assert flags(reg, eid) == []


def test_an_access_in_the_future_is_refused(reg):
    eid = add(reg)
    before = counts(reg)
    with pytest.raises(ValidationFailed, match="accessed_at: is in the future"):
        P.log_access(reg, "test", eid, reason="Tuki", staff="x", ticket_ref="T",
                     accessed_at=dt.datetime.now() + dt.timedelta(days=1))
    with pytest.raises(ValidationFailed, match="accessed_at: is not a date and time"):
        P.log_access(reg, "test", eid, reason="Tuki", staff="x", ticket_ref="T", accessed_at="eilen")
    with pytest.raises(ValidationFailed, match="reason: is required"):
        P.log_access(reg, "test", eid, reason=" ", staff="x", ticket_ref="T")
    assert counts(reg) == before
    aid = P.log_access(reg, "test", eid, reason="Tuki", staff="x", ticket_ref="T", accessed_at="24.11.2026 9.05",
                       now=dt.datetime(2026, 11, 24, 12))
    with reg.read() as q:
        assert P.engagement(q, eid, TODAY)["accesses"][0]["accessed_at"] == dt.datetime(2026, 11, 24, 9, 5)
    assert aid


# -- no credentials anywhere -------------------------------------------------------------------

@pytest.mark.parametrize("category", ["password", "salasana", "Password hash", "PIN-koodi"])
def test_a_credential_category_is_refused_in_plain_words(reg, category):
    before = counts(reg)
    with pytest.raises(Refused, match="no place for passwords"):
        add(reg, categories=["email", category])
    assert counts(reg) == before
    eid = add(reg)
    with pytest.raises(Refused, match="credential"):
        P.update_engagement(reg, "test", eid, {"categories": ["name", category]})
    with reg.read() as q:
        assert len(P.engagement(q, eid, TODAY)["categories"]) == 7


def test_the_schema_itself_cannot_link_a_credential(reg):
    eid = add(reg)
    import duckdb
    with pytest.raises(duckdb.Error):
        with reg.write("test", "test.bypass") as w:
            w.sql("INSERT INTO engagement_category (engagement_id, category, category_kind) VALUES (?, 'password', 'credential')", [eid])


def test_special_categories_and_unknown_categories_are_refused(reg):
    with pytest.raises(Refused, match="Art. 9"):
        add(reg, categories=["terveystiedot"])
    with pytest.raises(ValidationFailed, match="unknown data category 'shoe size'"):
        add(reg, categories=["email", "shoe size"])
    eid = add(reg, categories=["Sähköpostiosoite", "käyttäjätunnus", "email"])  # names and aliases resolve
    with reg.read() as q:
        assert [c["category"] for c in P.engagement(q, eid, TODAY)["categories"]] == ["email", "username"]


@pytest.mark.parametrize("text", ["salasana: Kesä2026!", "password=hunter2", "Tunnus matti, PWD : abc", "pin: 1234"])
def test_a_secret_in_free_text_is_refused_and_not_repeated(reg, text):
    eid = add(reg)
    before = counts(reg)
    for kwargs in ({"reason": text}, {"reason": "Tuki", "action": text}, {"reason": "Tuki", "ticket_ref": text}):
        with pytest.raises(Refused) as exc:
            P.log_access(reg, "test", eid, staff="Laura Kivelä", **{"ticket_ref": "T", **kwargs})
        assert text.split(":")[-1].split("=")[-1].strip() not in str(exc.value)
    with pytest.raises(Refused):
        add(reg, security_fi=text)
    assert counts(reg) == before


def test_mentioning_a_password_without_one_is_allowed(reg):
    eid = add(reg)
    P.log_access(reg, "test", eid, reason="Käyttäjän salasanan nollaus asiakkaan pyynnöstä", staff="x",
                 ticket_ref="T-9", action="Reset the user's password; the vendor sent the new one to the user")
    assert flags(reg, eid) == []


# -- audit --------------------------------------------------------------------------------------

def test_every_change_is_audited_with_ids_only(reg):
    eid = add(reg, customer="Łukasz Żółćin kunta", customer_dpo_email="dpo@zolc.example",
              customer_contact_name="Łukasz Żółć")
    aid = P.log_access(reg, "test", eid, reason="Käyttäjän lisäys", staff="Laura Kivelä", ticket_ref="TUKI-77")
    P.set_clauses(reg, "test", eid, {"audits": False})
    P.update_engagement(reg, "test", eid, {"agreement_location": "M-Files"})
    P.end_engagement(reg, "test", eid, ends_on=dt.date.today(), decision="delete", decided_on=dt.date.today())
    rows = audit_rows(reg)
    actions = [r[0] for r in rows]
    for a in ("customer.create", "engagement.create", "engagement.access", "engagement.clauses",
              "engagement.update", "engagement.end"):
        assert a in actions, actions
    assert ("engagement.access", "processor_access", str(aid)) in [r[:3] for r in rows]
    text = json.dumps(rows, default=str)
    for secret in ("Łukasz", "Żółć", "Laura", "Kivelä", "TUKI-77", "Käyttäjän", "dpo@zolc", "M-Files"):
        assert secret not in text


# -- the Art. 30(2) record ---------------------------------------------------------------------

def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "record.pdf"
    path.write_bytes(data)
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_the_processor_record_names_every_controller_in_both_languages(demo_reg, tmp_path):
    eid = add(demo_reg, customer="Łukasz Żółćin kunta", customer_dpo_name="Łukasz Żółć",
              customer_dpo_email="dpo@zolc.example", transfers_fi="Varmuuskopiot Norjaan (ETA)",
              transfers_en="Backups to Norway (EEA)")
    P.end_engagement(demo_reg, "test", eid, ends_on=dt.date.today())
    with demo_reg.read() as q:
        customers = [c["name"] for c in P.customers(q)]
        fi = pdf_text(PR.record_pdf(q, "fi"), tmp_path)
        en = pdf_text(PR.record_pdf(q, "en"), tmp_path)
    assert len(customers) == 6
    for name in customers:
        assert name in fi and name in en, name
    assert "Seloste käsittelytoimista käsittelijänä" in fi and "30 artiklan 2 kohta" in fi
    assert "Record of processing activities as a processor" in en and "Article 30(2)" in en
    for text in (fi, en):
        assert "Kivikaarenkatu 21" in text and "pekka.vaatanen@kuntaplus.fi" in text
        assert "Łukasz Żółć" in text and "dpo@zolc.example" in text
        assert "tietosuoja@tampere.fi" in text
    assert "Backups to Norway (EEA)" in en and "Varmuuskopiot Norjaan (ETA)" in fi
    assert "No transfers outside the EU/EEA" in en and "Ei siirtoja EU:n/ETA:n ulkopuolelle" in fi
    assert "two-factor authentication" in en and "kaksivaiheinen tunnistautuminen" in fi
    assert "Käyttäjätunnus" in fi and "Username" in en  # categories of processing, in the record's language
    assert "ei allekirjoitettua sopimusta" in fi and "no signed agreement" in en
    assert "technical and organisational security measures (art. 32)" in " ".join(en.lower().split())


def test_the_processor_record_in_swedish(demo_reg, tmp_path):
    """Issue 18 §2: the Art. 30(2) record in Swedish (PDF, CSV, XLSX): every label from the catalogs,
    the statements, data categories and the engagements' own texts (service, data subjects,
    security measures: the demo writes them in Swedish too) in Swedish."""
    with demo_reg.read() as q:
        customers = [c["name"] for c in P.customers(q)]
        sv = pdf_text(PR.record_pdf(q, "sv"), tmp_path)
        header, rows = PR.record_rows(q, "sv")
        csv = PR.record_csv(q, "sv").decode("utf-8-sig")
        xlsx = PR.record_xlsx(q, "sv")
    for name in customers:
        assert name in sv, name
    flat = " ".join(sv.split())
    for e in ("Register över behandling som personuppgiftsbiträde", "Artikel 30.2 i dataskyddsförordningen",
              "1. Personuppgiftsbiträdet och dess dataskyddsombud", "2. Behandlingens art",
              "3. Personuppgiftsansvariga för vars räkning vi behandlar uppgifter", "Personuppgiftsbiträdesavtal (art.",
              "4. Allmän beskrivning av de tekniska och organisatoriska säkerhetsåtgärderna (art. 32)",
              "Inga överföringar utanför EU/EES.", "Användarnamn", "Sida 1 /", "Kivikaarenkatu 21",
              "Huvudanvändar- och användarstöd samt utbildning i projekthanteringssystemet",
              "Användare av kundens system", "Personliga användarkonton, tvåstegsautentisering"):
        assert e in flat, e
    for word in ("Seloste", "Käsittelijä ", "Rekisterinpitäjät", "Yhteyshenkilö", "Tietosuojavastaava ", "Toimeksianto",
                 "allekirjoitettu", "Voimassaolo", "Sivu", "Record of", "Controllers", "Engagement", "Page", "signed",
                 "Pääkäyttäjä- ja käyttötuki", "Asiakkaan järjestelmän käyttäjät", "kaksivaiheinen", "two-factor"):
        assert word not in flat, word
    assert all(r[header.index("Behandlingens art och ändamål")].startswith("Huvudanvändar-") for r in rows if r[7])
    assert header[0] == "Personuppgiftsansvarig (kund)" and csv.splitlines()[0].startswith("Personuppgiftsansvarig (kund);")
    from openpyxl import load_workbook
    import io

    assert load_workbook(io.BytesIO(xlsx)).active.title == "Register 30.2"


def test_an_engagement_keeps_its_texts_in_swedish_and_the_swedish_record_reads_them(reg, tmp_path):
    """Issue 18 §2: service, data subjects, transfers and security measures in Swedish beside Finnish
    and English; the Swedish record prints the Swedish, the Finnish and English records their own."""
    eid = add(reg, service_sv="Huvudanvändarstöd", subjects_fi="Hankkeiden vastuuhenkilöt",
              subjects_en="Project owners", subjects_sv="Projektansvariga", transfers_fi="Varmuuskopiot Norjaan",
              transfers_en="Backups to Norway", transfers_sv="Säkerhetskopior till Norge",
              security_fi="Kaksivaiheinen tunnistautuminen", security_en="Two-factor authentication",
              security_sv="Tvåstegsautentisering")
    with reg.read() as q:
        e = P.engagement(q, eid, TODAY)
        texts = {lang: " ".join(pdf_text(PR.record_pdf(q, lang), tmp_path).split()) for lang in ("fi", "sv", "en")}
        sv_rows = PR.record_rows(q, "sv")[1]
    assert (e["service_sv"], e["subjects_sv"], e["transfers_sv"], e["security_sv"]) == (
        "Huvudanvändarstöd", "Projektansvariga", "Säkerhetskopior till Norge", "Tvåstegsautentisering")
    sv_words = ("Huvudanvändarstöd", "Projektansvariga", "Säkerhetskopior till Norge", "Tvåstegsautentisering")
    fi_words = ("Pääkäyttäjätuki", "Hankkeiden vastuuhenkilöt", "Varmuuskopiot Norjaan", "Kaksivaiheinen tunnistautuminen")
    en_words = ("Administrator support", "Project owners", "Backups to Norway", "Two-factor authentication")
    for lang, own in (("sv", sv_words), ("fi", fi_words), ("en", en_words)):
        others = [w for words in (sv_words, fi_words, en_words) if words is not own for w in words]
        assert all(w in texts[lang] for w in own), lang
        assert not any(w in texts[lang] for w in others), lang
    assert set(sv_words) <= set(sv_rows[0])
    P.update_engagement(reg, "test", eid, {"service_sv": "Utbildning"})  # only the Swedish changes
    with reg.read() as q:
        e = P.engagement(q, eid, TODAY)
    assert (e["service_fi"], e["service_sv"], e["service_en"]) == ("Pääkäyttäjätuki", "Utbildning", "Administrator support")


def test_an_engagement_without_swedish_is_read_in_finnish_in_swedish(reg, tmp_path):
    """A Swedish text not written stays empty (a copy of the Finnish would pass for a translation) and
    the Swedish record reads the Finnish, as the dashboard (ui.pick) and the record's statements do.
    The default data subjects come in all three languages from the catalogs."""
    eid = add(reg, security_fi="Henkilökohtaiset tunnukset", security_en="Personal accounts")
    with reg.read() as q:
        e = P.engagement(q, eid, TODAY)
        sv = " ".join(pdf_text(PR.record_pdf(q, "sv"), tmp_path).split())
    assert (e["service_sv"], e["transfers_sv"], e["security_sv"]) == (None, None, None)
    assert (e["subjects_fi"], e["subjects_sv"], e["subjects_en"]) == (
        "Asiakkaan järjestelmän käyttäjät", "Användare av kundens system", "Users of the customer's system")
    assert P.text_in(e, "service", "sv") == "Pääkäyttäjätuki" and P.text_in(e, "service", "en") == "Administrator support"
    assert "Pääkäyttäjätuki" in sv and "Henkilökohtaiset tunnukset" in sv and "Användare av kundens system" in sv
    assert "Administrator support" not in sv and "Personal accounts" not in sv
    # only Swedish given: it stands for the Finnish and English until they are written (service is required)
    only_sv = add(reg, customer="Pargas stad", service_fi=None, service_en=None, service_sv="Stöd åt huvudanvändare")
    with reg.read() as q:
        e = P.engagement(q, only_sv, TODAY)
    assert (e["service_fi"], e["service_sv"], e["service_en"]) == ("Stöd åt huvudanvändare",) * 3


def test_the_swedish_texts_are_checked_as_the_others(reg):
    """A credential or a control character in a Swedish text is refused, naming the field; nothing is saved."""
    before = counts(reg)
    with pytest.raises(Refused, match=r"security measures \(Swedish\)"):  # the field by its name (issue 18 §1)
        add(reg, security_fi="Tunnukset", security_sv="lösenord ok, password: hunter2")
    with pytest.raises(ValidationFailed, match="service_sv"):
        add(reg, service_sv="Stöd\x1b[31m")
    with pytest.raises(ValidationFailed, match="transfers_sv: is longer than"):
        add(reg, transfers_fi="Ei siirtoja", transfers_sv="x" * (P.TEXT_LIMIT + 1))
    assert counts(reg) == before


def test_the_record_lays_out_whatever_the_page_breaks(reg, tmp_path):
    """Headings kept with what follows and tables split over pages, laid out twice for 'page N / M'."""
    for n in range(1, 9):
        add(reg, customer=f"Kunta {n % 3}", system=f"Järjestelmä {n}", service_fi="Pääkäyttäjätuki " * (n % 4 * 12 + 1),
            security_fi="Henkilökohtaiset tunnukset. " * (n * 3))
        with reg.read() as q:
            data = PR.record_pdf(q, "fi" if n % 2 else "en")
    text = pdf_text(data, tmp_path)
    assert "Järjestelmä 8" in text and "Page 1 / " in text and "Page 1 / 1" not in text


def test_the_record_of_an_empty_register_says_so(reg, tmp_path):
    with reg.read() as q:
        text = pdf_text(PR.record_pdf(q, "en"), tmp_path)
    assert "holds no customers" in text and "KuntaPlus-projektipalvelu" in text


def test_record_rows_for_spreadsheets_keep_register_text_as_text(reg):
    add(reg, customer="=HYPERLINK(\"http://x\")", agreement_ref="+123")
    with reg.read() as q:
        header, rows = PR.record_rows(q, "en")
        xlsx = PR.record_xlsx(q, "en")
        csv = PR.record_csv(q, "fi").decode("utf-8-sig")
    assert header[0] == "Controller (customer)" and rows[0][0].startswith("=HYPERLINK")
    import io

    from openpyxl import load_workbook
    ws = load_workbook(io.BytesIO(xlsx)).active
    assert ws["A2"].value == rows[0][0] and ws["A2"].data_type == "s"
    assert csv.splitlines()[0].startswith("Rekisterinpitäjä (asiakas);")


# -- CLI --------------------------------------------------------------------------------------

def test_cli_add_access_clause_end_and_list(reg, tmp_path):
    path = reg.path
    res = run_kp("processor", "add", "--customer", "Oriveden kaupunki", "--system", "Hankesalkku", "--vendor",
                 "Projekta Oy", "--service", "Pääkäyttäjätuki", "--starts-on", "1.10.2026",
                 "--customer-dpo-email", "tietosuoja@orivesi.example", "--json", db_path=path, check=True)
    eid = json.loads(res.stdout)["id"]
    assert json.loads(res.stdout)["flags"] == ["no_agreement", "missing_clauses"]
    run_kp("processor", "update", str(eid), "--agreement-signed-on", "2026-09-30", "--agreement-ref", "DPA-9",
           db_path=path, check=True)
    run_kp("processor", "clause", str(eid), "all", "yes", db_path=path, check=True)
    res = run_kp("processor", "access", str(eid), "--reason", "Virheselvitys", "--by", "Mikko Rinne",
                 "--at", "2026-10-02T10:15", "--action", "Korjattiin oikeudet", db_path=path)
    assert res.returncode == 0 and "flagged" in res.stderr
    listed = json.loads(run_kp("processor", "list", "--json", db_path=path, check=True).stdout)
    e = next(x for x in listed if x["id"] == eid)
    assert (e["customer"], e["system"], e["vendor"], e["agreement_signed_on"]) == (
        "Oriveden kaupunki", "Hankesalkku", "Projekta Oy", "2026-09-30")
    assert e["flags"] == ["access_without_ticket"]
    run_kp("processor", "access", str(eid), "--ticket", "TUKI-5", "--reason", "Käyttäjän lisäys", db_path=path,
           check=True)
    shown = json.loads(run_kp("processor", "show", str(eid), "--json", db_path=path, check=True).stdout)
    assert [a["ticket_ref"] for a in shown["accesses"]][-1] is None and len(shown["accesses"]) == 2
    assert shown["accesses"][-1]["staff"] == "Mikko Rinne"
    assert shown["accesses"][-1]["accessed_at"].startswith("2026-10-02T10:15")
    run_kp("processor", "clause", str(eid), "audits", "no", db_path=path, check=True)
    run_kp("processor", "end", str(eid), "--on", dt.date.today().isoformat(), db_path=path, check=True)
    e = next(x for x in json.loads(run_kp("processor", "list", "--json", db_path=path, check=True).stdout)
             if x["id"] == eid)
    assert e["status"] == "ended"
    assert e["flags"] == ["missing_clauses", "access_without_ticket", "ended_without_decision"]
    assert e["missing_clauses"] == ["audits"]


def test_cli_refusals_are_plain_and_change_nothing(reg):
    path = reg.path
    before = counts(reg)
    res = run_kp("processor", "add", "--customer", "X", "--system", "S", "--vendor", "V", "--service", "T",
                 "--category", "email,salasana", db_path=path)
    assert res.returncode == 1 and "Traceback" not in res.stderr and "credential" in res.stderr
    res = run_kp("processor", "access", "1", "--ticket", "T", "--reason", "r", db_path=path)
    assert res.returncode == 1 and "engagement 1: no such processor engagement" in res.stderr
    res = run_kp("processor", "end", "1", "--on", "31.2.2026", db_path=path)
    assert res.returncode == 1 and "end date: is not a date" in res.stderr  # the field's name, in the CLI's language
    assert counts(reg) == before


def test_cli_writes_the_processor_record(demo_reg, tmp_path):
    out = tmp_path / "record-en.pdf"
    run_kp("record", "--processor", "--lang", "en", "-o", str(out), db_path=demo_reg.path, check=True)
    text = pdf_text(out.read_bytes(), tmp_path)
    assert "Nokian kaupunki" in text and "Record of processing activities as a processor" in text
    csv_out = tmp_path / "record.csv"
    run_kp("record", "--processor", "--format", "csv", "-o", str(csv_out), db_path=demo_reg.path, check=True)
    assert "Nokian kaupunki" in csv_out.read_text(encoding="utf-8-sig")
    assert ("record.processor.export", "processor_record") in [r[:2] for r in audit_rows(demo_reg)]


# -- the view -----------------------------------------------------------------------------------

def test_view_lists_engagements_with_their_flags(demo_reg):
    at = app_test("processors", demo_reg.path, lang="en")
    at.run()
    assert not at.exception
    table = at.dataframe[0].value
    assert set(table["Customer"]) >= {"Nokian kaupunki", "Tampereen kaupunki"}
    nokia = table[table["Customer"] == "Nokian kaupunki"].iloc[0]
    assert list(nokia["Findings"]) == ["No agreement", "Clauses missing", "Access without a request"]
    assert [b.label for b in at.get("download_button")] == ["Download PDF", "Download Excel"]


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_view_deep_link_opens_the_engagement_and_the_checklist_clears_a_flag(reg, lang):
    eid = add(reg, clauses={k: True for k in list(ART28_CLAUSES)[1:]})
    at = app_test("processors", reg.path, lang=lang)
    at.query_params["engagement"] = str(eid)
    at.run()
    assert not at.exception
    assert at.title[0].value == "Oriveden kaupunki — Hankesalkku"
    assert len(at.warning) == 1 and P.FLAGS["missing_clauses"].text(lang) in at.warning[0].value
    at.radio(key="clause_subject_duration").set_value("yes")
    at.button[[b.label for b in at.button].index("Tallenna tarkistuslista" if lang == "fi" else "Save checklist")].click()
    at.run()
    assert not at.exception
    assert flags(reg, eid, dt.date.today()) == []
    assert len(at.warning) == 0 and len(at.success) >= 1


def test_view_edits_the_swedish_texts_and_shows_them_in_swedish(reg):
    """Issue 18 §2: the edit form has a Swedish field beside the Finnish and English one; the
    engagement's page in Swedish shows the Swedish text, or the Finnish one where none is written."""
    from conftest import shown

    eid = add(reg, security_fi="Kaksivaiheinen tunnistautuminen", security_en="Two-factor authentication")
    at = app_test("processors", reg.path, lang="sv")
    at.query_params["engagement"] = str(eid)
    at.run()
    assert not at.exception
    details = lambda: " ".join(shown(m.value) for m in at.markdown)  # noqa: E731
    assert "Pääkäyttäjätuki" in details() and "Kaksivaiheinen tunnistautuminen" in details()  # none in Swedish yet
    assert at.text_area(key="proc_edit_service_sv").label == "Behandlingens art och ändamål (svenska)"
    assert at.text_area(key="proc_edit_service_sv").value == ""
    at.text_area(key="proc_edit_service_sv").set_value("Stöd åt huvudanvändare")
    at.text_area(key="proc_edit_sec_sv").set_value("Tvåstegsautentisering")
    at.text_input(key="proc_edit_tr_sv").set_value("Inga")
    _click(at, "Spara")
    assert not at.exception and not at.error
    with reg.read() as q:
        e = P.engagement(q, eid)
    assert (e["service_fi"], e["service_sv"], e["service_en"]) == ("Pääkäyttäjätuki", "Stöd åt huvudanvändare",
                                                                   "Administrator support")
    assert (e["security_sv"], e["transfers_sv"], e["transfers_fi"]) == ("Tvåstegsautentisering", "Inga", "Inga")
    assert "Stöd åt huvudanvändare" in details() and "Tvåstegsautentisering" in details()
    assert "Pääkäyttäjätuki" not in details() and "Kaksivaiheinen" not in details()


def test_view_deep_link_to_a_missing_engagement_says_so(reg):
    at = app_test("processors", reg.path, lang="en")
    at.query_params["engagement"] = "42"
    at.run()
    assert not at.exception
    assert "engagement 42: no such processor engagement" in at.error[0].value
    assert any(b.label.endswith("All engagements") for b in at.button)


def _click(at, label):
    at.button[[b.label for b in at.button].index(label)].click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def test_view_adds_an_engagement_and_opens_it(reg):
    at = app_test("processors", reg.path, lang="en", session={"proc_new_box": True})  # the form opened
    at.run()
    at.text_input(key="proc_add_newcust").set_value("Pirkkalan kunta")
    at.text_input(key="proc_add_c_dpo_email").set_value("tietosuoja@pirkkala.example")
    at.text_input(key="proc_add_system").set_value("Hankesalkku")
    at.text_input(key="proc_add_vendor").set_value("Projekta Oy")
    _click(at, "Add engagement")
    assert "service: is required" in at.error[0].value  # refused in plain words, nothing written
    with reg.read() as q:
        assert P.engagements(q) == []
    at.text_area(key="proc_add_service_fi").set_value("Pääkäyttäjätuki")
    _click(at, "Add engagement")
    with reg.read() as q:
        (row,) = P.engagements(q)
    assert at.query_params["engagement"] == [str(row["id"])] or at.query_params["engagement"] == str(row["id"])
    assert at.title[0].value == "Pirkkalan kunta — Hankesalkku"
    assert row["flags"] == ["no_agreement", "missing_clauses"]
    with reg.read() as q:
        e = P.engagement(q, row["id"])
    assert e["customer_dpo_email"] == "tietosuoja@pirkkala.example" and len(e["categories"]) == 7


def test_view_refuses_an_engagement_in_finnish_on_a_finnish_screen(reg):
    """Issue 18 §1, #16 §4: a refused form reads in the screen's language, field names included."""
    at = app_test("processors", reg.path, lang="fi", session={"proc_new_box": True})  # the form opened
    at.run()
    at.text_input(key="proc_add_newcust").set_value("Pirkkalan kunta")
    at.text_input(key="proc_add_c_dpo_email").set_value("ei osoite")
    at.text_input(key="proc_add_system").set_value("Hankesalkku")
    at.text_input(key="proc_add_vendor").set_value("Projekta Oy")
    _click(at, "Lisää toimeksianto")
    assert at.error[0].value.splitlines() == ["2 ongelmaa; mitään ei tallennettu", "  palvelu: on pakollinen",
                                              "  asiakkaan tietosuojavastaavan sähköposti: ei ole sähköpostiosoite"]
    with reg.read() as q:
        assert P.engagements(q) == []


def test_view_ends_an_engagement_only_when_confirmed(reg):
    eid = add(reg)
    at = app_test("processors", reg.path, lang="fi")
    at.query_params["engagement"] = str(eid)
    at.run()
    _click(at, "Päätä toimeksianto")
    assert "Vahvista ensin" in at.error[0].value
    assert flags(reg, eid, dt.date.today()) == []
    at.checkbox(key="end_confirm").check()
    _click(at, "Päätä toimeksianto")
    assert flags(reg, eid, dt.date.today()) == ["ended_without_decision"]
    assert any("Päättynyt ilman päätöstä" in w.value for w in at.warning)
    at.selectbox(key="end_decision").set_value("delete")
    _click(at, "Tallenna päättymistiedot")
    assert flags(reg, eid, dt.date.today()) == []
