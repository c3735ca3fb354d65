"""Breach cases (issue 15): the clocks, risk levels, notification in phases, the processor's
fan-out to controllers, sub-processor changes and the Cybersecurity Act clocks."""
from __future__ import annotations

import datetime as dt

import pytest

from kpcore import breaches, compliance, quarter
from kpcore.breach import case, controllers, subprocessors, texts
from kpcore.breach.risk import Factors, score, suggest
from kpcore.breach.timing import add_hours, add_month, hours_between
from kpcore.errors import Refused, ValidationFailed

FRIDAY_2330 = dt.datetime(2026, 11, 20, 23, 30)  # a Friday
assert FRIDAY_2330.weekday() == 4


def engagements(reg, limits: list[int | None]) -> list[int]:
    """One customer per engagement, each agreement with its breach-notice limit (hours)."""
    ids = []
    with reg.write("test", "test.setup") as w:
        for i, _ in enumerate(limits):
            cid = w.sql("INSERT INTO customer (name, contact_email, dpo_email) VALUES (?, ?, ?) RETURNING id",
                        [f"Kunta {i + 1}", f"it{i + 1}@kunta.example", f"tietosuoja{i + 1}@kunta.example"]).fetchall()[0][0]
            eid = w.sql("""INSERT INTO processor_engagement (customer_id, system, vendor, service_fi, service_en, starts_on,
                           agreement_ref, authorisation) VALUES (?, ?, 'Projekta Oy', 'Tuki', 'Support', DATE '2025-01-01', ?, 'general')
                           RETURNING id""", [cid, f"Hankesalkku {i + 1}", f"DPA-{i + 1}"]).fetchall()[0][0]
            ids.append(eid)
    for eid, hours in zip(ids, limits):
        controllers.set_terms(reg, "dpo", eid, breach_notice_hours=hours)
    return ids


def new_case(reg, aware=FRIDAY_2330, **extra) -> int:
    facts = {"aware_at": aware, "occurred_at": aware - dt.timedelta(hours=3),
             "description": "Uutiskirje lähti avoimena listana", "how": "Väärä lähetystapa", "cause": "Inhimillinen virhe",
             "data_categories": "email, name", "approx_subjects": 240, "approx_records": 240,
             "subject_categories": "Markkinoinnin vastaanottajat", "effects": "Osoitteet paljastuivat",
             "remedial_action": "Viestin poistopyyntö", "measures_planned": "Lähetystyökalu", **extra}
    return case.open_case(reg, "dpo", facts, now=aware + dt.timedelta(hours=1))


# -- clocks -----------------------------------------------------------------------------------

def test_awareness_friday_2330_the_72_hours_run_through_the_weekend(reg):
    bid = new_case(reg)
    sat = FRIDAY_2330 + dt.timedelta(hours=20)
    with reg.read() as q:
        c = case.get_case(q, bid, sat)
    omb = next(x for x in c["clocks"] if x["kind"] == "ombudsman")
    assert omb["due"] == dt.datetime(2026, 11, 23, 23, 30)  # Monday 23:30: weekend hours count
    assert omb["state"] == "running" and omb["hours_left"] == pytest.approx(52)
    with reg.read() as q:
        late = case.get_case(q, bid, dt.datetime(2026, 11, 24, 0, 30))
    assert next(x for x in late["clocks"] if x["kind"] == "ombudsman")["state"] == "overdue"


def test_clock_counts_real_hours_across_the_dst_change():
    aware = dt.datetime(2026, 10, 23, 23, 30)  # Friday; clocks go back on Sunday 25 Oct 04:00
    assert add_hours(aware, 72) == dt.datetime(2026, 10, 26, 22, 30)
    assert hours_between(aware, dt.datetime(2026, 10, 26, 22, 30)) == 72
    assert add_month(dt.datetime(2026, 1, 31, 10, 0)) == dt.datetime(2026, 2, 28, 10, 0)


def test_notification_at_80_hours_without_reason_is_refused_with_reason_accepted(reg):
    bid = new_case(reg)
    sent = FRIDAY_2330 + dt.timedelta(hours=80)
    with pytest.raises(ValidationFailed, match="delay_reason") as exc:
        case.notify(reg, "dpo", bid, sent_at=sent, now=sent)
    assert "Art. 33(1)" in str(exc.value.problems[0])
    with reg.read() as q:
        assert q.value("breach_notification_count", {"id": bid}) == 0
        assert breaches.get(q, bid)["authority_notified_at"] is None
    # the same through the plain breach update
    with pytest.raises(ValidationFailed, match="delay_reason"):
        breaches.update(reg, "dpo", bid, {"authority_notified_at": sent}, now=sent)
    assert case.notify(reg, "dpo", bid, sent_at=sent, delay_reason="Laajuus selvisi vasta maanantaina", now=sent) == 1
    with reg.read() as q:
        c = case.get_case(q, bid, sent)
    assert c["clock"]["state"] == "late" and c["delay_reason"].startswith("Laajuus")
    assert "Viivästyksen syyt" in c["notifications"][0]["content_fi"]
    # exactly 72 h is in time and needs no reason
    bid2 = new_case(reg)
    case.notify(reg, "dpo", bid2, sent_at=FRIDAY_2330 + dt.timedelta(hours=72), now=sent)


def test_phased_notification_versions_and_dates(reg):
    bid = new_case(reg, sensitive_details="Haavoittuvuus CVE-2026-0001 palvelimella x")
    t1 = FRIDAY_2330 + dt.timedelta(hours=10)
    assert case.notify(reg, "dpo", bid, sent_at=t1, kind="preliminary", reference="TSV/123/2026", now=t1) == 1
    with pytest.raises(Refused, match="supplement"):
        case.notify(reg, "dpo", bid, sent_at=t1, now=t1)
    with pytest.raises(ValidationFailed, match="note"):
        case.supplement(reg, "dpo", bid, note=" ", sent_at=t1 + dt.timedelta(days=1), now=t1 + dt.timedelta(days=2))
    with pytest.raises(ValidationFailed, match="before version 1"):
        case.supplement(reg, "dpo", bid, note="x", sent_at=t1 - dt.timedelta(hours=1), now=t1 + dt.timedelta(days=2))
    case.set_facts(reg, "dpo", bid, {"approx_subjects": 260}, now=t1 + dt.timedelta(days=2))
    v2 = case.supplement(reg, "dpo", bid, note="Henkilömäärä tarkentui", sent_at=t1 + dt.timedelta(days=2),
                         now=t1 + dt.timedelta(days=2))
    assert v2 == 2
    with reg.read() as q:
        c = case.get_case(q, bid, t1 + dt.timedelta(days=2))
    v = c["notifications"]
    assert [(n["version"], n["kind"]) for n in v] == [(1, "preliminary"), (2, "supplement")]
    assert "240" in v[0]["content_fi"] and "260" in v[1]["content_fi"]  # each version frozen as sent
    assert "TSV/123/2026" in v[1]["content_fi"] and "Henkilömäärä tarkentui" in v[1]["content_fi"]
    for n in v:  # sensitive details never in the e-form text, only marked
        assert "CVE-2026-0001" not in n["content_fi"] + n["content_en"]
        assert "TURVAVIESTILLÄ" in n["content_fi"] and "SECURE MESSAGE" in n["content_en"]
    assert c["clock"]["state"] == "on_time"



def _pdf_text(data: bytes, tmp_path, name: str) -> str:
    import subprocess

    path = tmp_path / name
    path.write_bytes(data)
    assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


# Finnish and English words of the notification that must not stand in its Swedish text
NOT_SWEDISH = ("Ilmoitus", "Rekisterinpitäjä", "Tietosuojavaltuutet", "Vastaanottaja", "Päivätty", "Toimenpiteet", "ei vielä",
               "arvio", "kyllä", "LUONNOS", "Sivu", "Notification", "Controller", "Ombudsman", "Measures", "approx",
               "DRAFT", "Page", "Version as sent", "breach", "loukkaus")


def test_the_notification_in_swedish_frozen_as_sent(reg, tmp_path):
    """Issue 18 §2: the Ombudsman notification in Swedish: the draft, the version frozen when sent
    (content_sv beside content_fi/en) and its PDF; every label Swedish, the case's facts as written."""
    from kpcore.breach import outputs

    bid = new_case(reg, sensitive_details="Haavoittuvuus CVE-2026-0001 palvelimella x")
    t1 = FRIDAY_2330 + dt.timedelta(hours=10)
    with reg.read() as q:
        draft = outputs.notification(q, bid, lang="sv", now=t1)
        draft_pdf = _pdf_text(outputs.notification(q, bid, lang="sv", now=t1, fmt="pdf"), tmp_path, "draft.pdf")
    case.notify(reg, "dpo", bid, sent_at=t1, kind="preliminary", reference="TSV/123/2026", now=t1)
    with reg.read() as q:
        sent = case.get_case(q, bid, t1)["notifications"][0]
        text = outputs.notification(q, bid, lang="sv", version=1)
        pdf = _pdf_text(outputs.notification(q, bid, lang="sv", version=1, fmt="pdf"), tmp_path, "sent.pdf")
    assert text == sent["content_sv"]
    assert "Mottagare: Dataombudsmannens byrå" in text
    for t in (draft, text, pdf, draft_pdf):
        t = " ".join(t.split())
        for e in ("Anmälan om personuppgiftsincident", "Dataombudsmannens byrå, PB 800, 00531 Helsingfors",
                  "1. Anmälan", "2. Personuppgiftsansvarig", "3. Tidpunkt och upptäckt", "5. Berörda personer och uppgifter",
                  "8. Information till de registrerade (art. 34)", "10. Känsliga uppgifter", "KÄNSLIGA UPPGIFTER SKICKAS SEPARAT",
                  "Uutiskirje lähti avoimena listana", "240 (uppskattning)", "21.11.2026 kl. 09.30"):
            assert e in t, e
        assert "CVE-2026-0001" not in t
        for word in NOT_SWEDISH:
            assert word not in t, word
    assert "Preliminär anmälan" in text and "TSV/123/2026" in text
    assert "UTKAST – ännu inte skickad" in draft_pdf and "Skickad version" in pdf and "Sida 1 /" in pdf
    assert "Detta dokument innehåller inga känsliga uppgifter" in " ".join(pdf.split())


def test_a_version_frozen_before_swedish_prints_its_finnish_and_says_so(reg, tmp_path):
    from kpcore.breach import outputs

    bid = new_case(reg)
    t1 = FRIDAY_2330 + dt.timedelta(hours=10)
    case.notify(reg, "dpo", bid, sent_at=t1, kind="preliminary", now=t1)
    with reg.write("test", "test.old") as w:  # as a register written before issue 18 keeps it
        w.sql("UPDATE breach_notification SET content_sv = NULL")
    with reg.read() as q:
        text = outputs.notification(q, bid, lang="sv", version=1)
        fi = case.get_case(q, bid, t1)["notifications"][0]["content_fi"]
        pdf = _pdf_text(outputs.notification(q, bid, lang="sv", version=1, fmt="pdf"), tmp_path, "old.pdf")
    assert text == fi
    assert "Skickad version (texten sparades endast på finska)" in pdf and "Ilmoitus henkilötietojen" in pdf


# -- risk ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("f,level", [
    (Factors(("availability",), False, "basic", "negligible", "minor", False, 10, 10), "unlikely"),   # 0.5
    (Factors(("confidentiality",), False, "basic", "maximum", "minor", False, 240, 240), "unlikely"),  # 1.25
    (Factors(("confidentiality",), False, "behavioural", "maximum", "minor", False, 50, 50), "risk"),  # 2.25
    (Factors(("confidentiality",), True, "financial", "maximum", "minor", False, 5, 5), "high"),  # 3.75
    (Factors(("confidentiality",), False, "basic", "maximum", "serious", False, 5, 5), "high"),  # consequences
    (Factors(("confidentiality",), False, "basic", "maximum", "significant", False, 5, 5), "risk"),
    (Factors(("confidentiality",), False, "basic", "maximum", "minor", True, 5, 5), "risk"),  # vulnerable: one up
    (Factors(("confidentiality",), False, "basic", "maximum", "minor", False, 1000, 1000), "risk"),  # number
    (Factors(("confidentiality",), False, "basic", "maximum", "minor", False, 999, 9999), "unlikely"),
])
def test_risk_levels_from_the_edpb_factors(f, level):
    assert suggest(f)[0] == level


def test_assessment_requires_justification_and_drives_the_decision(reg):
    bid = new_case(reg)
    f = Factors(("confidentiality",), False, "basic", "maximum", "minor", False, 240, 240)
    assert score(f) == 1.25
    with pytest.raises(ValidationFailed, match="justification"):
        case.assess(reg, "dpo", bid, f, justification=" ")
    with pytest.raises(ValidationFailed, match="assess it first"):
        case.decide(reg, "dpo", bid, notify=False, reason="pieni")
    r = case.assess(reg, "dpo", bid, f, level="risk", justification="Osoitteet laajalle joukolle")
    assert r == {"level": "risk", "suggested": "unlikely", "score": 1.25, "reasons": ["score:1.25"]}
    with pytest.raises(ValidationFailed, match="must be notified"):
        case.decide(reg, "dpo", bid, notify=False, reason="pieni")
    case.assess(reg, "dpo", bid, f, justification="Tarkennettu: vain nimiä ja osoitteita")
    case.decide(reg, "dpo", bid, notify=False, reason="Ei todennäköistä riskiä")
    with reg.read() as q:
        c = case.get_case(q, bid, FRIDAY_2330)
    assert c["risk"] == "unlikely" and len(c["assessments"]) == 2 and c["notify"] is False
    assert next(x for x in c["clocks"] if x["kind"] == "ombudsman")["state"] == "not_required"
    assert case.stage(c) == "done"
    with pytest.raises(Refused, match="decided not to be notified"):
        case.notify(reg, "dpo", bid, sent_at=FRIDAY_2330 + dt.timedelta(hours=2), now=FRIDAY_2330 + dt.timedelta(hours=3))


def test_high_risk_people_told_each_in_their_language_or_exempted(demo_reg):
    reg = demo_reg
    now = dt.datetime.now().replace(microsecond=0)
    bid = new_case(reg, aware=now - dt.timedelta(hours=5), breach_types="confidentiality")
    case.assess(reg, "dpo", bid, Factors(("confidentiality",), True, "financial", "maximum", "serious", False, 3, 3),
                justification="Pankkitilitietoja", now=now)
    with reg.read() as q:
        ids = [r[0] for r in q.sql("SELECT id FROM contact ORDER BY id LIMIT 3").fetchall()]
        c = case.get_case(q, bid, now)
    assert next(x for x in c["clocks"] if x["kind"] == "people")["state"] == "running"
    case.add_people(reg, "dpo", bid, ids[:2], lang="fi")
    case.add_people(reg, "dpo", bid, ids[2:], lang="en")
    with pytest.raises(ValidationFailed, match="contact_id"):
        case.add_people(reg, "dpo", bid, [10 ** 9])
    assert case.tell_people(reg, "dpo", bid, at=now, channel="email", contact_ids=ids[:1], now=now) == 1
    with reg.read() as q:
        assert breaches.get(q, bid)["subjects_informed_at"] is None  # one still untold
    assert case.tell_people(reg, "dpo", bid, at=now, channel="letter", now=now) == 2
    with reg.read() as q:
        c = case.get_case(q, bid, now)
    assert c["subjects_informed_at"] == now and all(p["told_at"] == now for p in c["people"])
    assert [p["lang"] for p in c["people"]] == ["fi", "fi", "en"]
    assert next(x for x in c["clocks"] if x["kind"] == "people")["state"] == "on_time"
    with reg.read() as q:
        controller = q.one("controller")
    person = c["people"][2]
    letter = texts.letter_text(c, person, controller, "en")
    for item in ("What happened", "What this may mean", "What we have done", "Who to contact", controller["dpo_email"]):
        assert item in letter
    # Art. 34(3) instead
    bid2 = new_case(reg, aware=now - dt.timedelta(hours=5))
    case.assess(reg, "dpo", bid2, Factors(("confidentiality",), True, "financial", "maximum", "serious", False, 3, 3),
                justification="x", now=now)
    with pytest.raises(ValidationFailed, match="ground"):
        case.exempt_people(reg, "dpo", bid2, ground="d", reason="x")
    case.exempt_people(reg, "dpo", bid2, ground="a", reason="Levy oli salattu (AES-256), avain ei vuotanut")
    with reg.read() as q:
        c2 = case.get_case(q, bid2, now)
        rules = {f.rule for f in compliance.findings(q) if f.object_id == str(bid2) or f.object_id == bid2}
    assert next(x for x in c2["clocks"] if x["kind"] == "people")["state"] == "not_required"
    assert "breach_subjects_not_told" not in rules


# -- the processor's side ----------------------------------------------------------------------

def test_processor_breach_over_three_engagements_with_different_limits(reg):
    e24, e48, eundue = engagements(reg, [24, 48, None])
    aware = FRIDAY_2330
    bid = breaches.add(reg, "dpo", {"aware_at": aware, "description": "Väärät oikeudet tukitehtävässä",
                                    "risk": "risk"}, now=aware)
    rows = controllers.link_engagements(reg, "dpo", bid, [e24, e48, eundue], now=aware)
    assert [r["limit_hours"] for r in rows] == [24, 48, None]
    assert [r["due_at"] for r in rows] == [add_hours(aware, 24), add_hours(aware, 48), add_hours(aware, 24)]
    with pytest.raises(Refused, match="processor role"):
        case.notify(reg, "dpo", bid, sent_at=aware + dt.timedelta(hours=1), now=aware + dt.timedelta(hours=1))
    t = aware + dt.timedelta(hours=30)
    with reg.read() as q:
        c = case.get_case(q, bid, t)
        found = [f for f in compliance.findings(q, now=t) if f.object_type == "breach" and f.object_id.split(":")[0] == str(bid)]
    states = {x["engagement_id"]: x["state"] for x in c["clocks"] if x["kind"] == "controller"}
    assert states == {e24: "overdue", e48: "running", eundue: "overdue"}
    assert not any(x["kind"] == "ombudsman" for x in c["clocks"])  # 33(1) is the controllers' duty
    assert sorted((f.rule, f.object_id) for f in found) == sorted([
        ("breach_controller_overdue", f"{bid}:{e24}"), ("breach_controller_due", f"{bid}:{e48}"),
        ("breach_controller_overdue", f"{bid}:{eundue}")])  # and nothing by Art. 33(1)
    assert all(f.article == "33(2)" for f in found)
    # one action tells everybody not yet told
    told = controllers.tell(reg, "dpo", bid, at=t, now=t)
    assert sorted(told) == sorted([e24, e48, eundue])
    controllers.ack(reg, "dpo", bid, e48, at=t + dt.timedelta(hours=1), by="Kunta 2 tietosuojavastaava",
                    now=t + dt.timedelta(hours=2))
    with reg.read() as q:
        c = case.get_case(q, bid, t + dt.timedelta(hours=2))
        br = quarter.compute(q, "2026Q4", dt.date(2026, 12, 31))["breaches"]
    assert (br["processor_role"], br["controller_role"], br["controllers_told_in_time"], br["controllers_told_late"],
            br["rule_not_met"], br["notifiable"]) == (1, 0, 1, 2, 1, 0)
    got = {x["engagement_id"]: x["state"] for x in c["clocks"] if x["kind"] == "controller"}
    assert got == {e24: "late", e48: "on_time", eundue: "late"}
    assert c["customer_informed_at"] == t
    acks = {r["engagement_id"]: r["ack_at"] for r in c["controllers"]}
    assert acks[e48] == t + dt.timedelta(hours=1) and acks[e24] is None
    notice = texts.controller_text(c, next(r for r in c["controllers"] if r["engagement_id"] == e48),
                                   {"name": "KuntaPlus", "dpo_name": "Pekka", "dpo_email": "p@k.fi"}, "fi")
    assert "48 tunnin kuluessa" in notice and "DPA-2" in notice and "Rekisteröityjen määrä" in notice


def test_ack_before_notice_is_refused(reg):
    (e1,) = engagements(reg, [12])
    bid = breaches.add(reg, "dpo", {"aware_at": FRIDAY_2330, "description": "x"}, now=FRIDAY_2330)
    controllers.link_engagements(reg, "dpo", bid, [e1], now=FRIDAY_2330)
    with pytest.raises(Refused, match="not been told"):
        controllers.ack(reg, "dpo", bid, e1, at=FRIDAY_2330 + dt.timedelta(hours=1), now=FRIDAY_2330 + dt.timedelta(hours=2))


def test_subprocessor_change_with_one_objection(reg):
    e1, e2, e3 = engagements(reg, [24, 24, 24])
    controllers.set_terms(reg, "dpo", e1, objection_days=30)
    controllers.set_terms(reg, "dpo", e2, objection_days=14)
    today = dt.date(2026, 11, 2)
    cid = subprocessors.add_change(reg, "dpo", subprocessor="Pilvi Oy", replaces="Vanha Hosting Oy",
                                   service_fi="Palvelinten ylläpito", service_en="Server hosting",
                                   effective_on=dt.date(2026, 12, 15))
    sent = subprocessors.send_notices(reg, "dpo", cid, on=today, today=today)
    assert sorted(sent) == [e1, e2, e3]
    with reg.read() as q:
        ch = subprocessors.change(q, cid, today)
    windows = {n["engagement_id"]: (n["window_days"], n["objection_due"]) for n in ch["notices"]}
    assert windows == {e1: (30, dt.date(2026, 12, 2)), e2: (14, dt.date(2026, 11, 16)), e3: (30, dt.date(2026, 12, 2))}
    assert subprocessors.object_to(reg, "dpo", cid, e2, on=dt.date(2026, 11, 10), text="Tiedot eivät saa lähteä EU:sta",
                                   today=dt.date(2026, 11, 10)) is True
    with pytest.raises(ValidationFailed, match="outcome"):
        subprocessors.record_outcome(reg, "dpo", cid, e1, outcome="objection_resolved")
    day = dt.date(2026, 12, 3)
    with reg.read() as q:
        ch = subprocessors.change(q, cid, day)
        found = [f for f in compliance.findings(q, now=dt.datetime(2026, 12, 3, 9)) if f.rule.startswith("subprocessor")]
    states = {n["engagement_id"]: n["state"] for n in ch["notices"]}
    assert states == {e1: "no_objection", e2: "objected", e3: "no_objection"}
    assert [f.object_id for f in found if f.rule == "subprocessor_objection_open"] == [f"{cid}:{e2}"]
    subprocessors.record_outcome(reg, "dpo", cid, e2, outcome="objection_resolved", on=day,
                                 note="Palvelimet sovittiin pidettäväksi Suomessa", today=day)
    with reg.read() as q:
        ch = subprocessors.change(q, cid, day)
        n1 = next(n for n in ch["notices"] if n["engagement_id"] == e1)
        text = subprocessors.notice_text(ch, n1, q.one("controller"), "fi")
    assert {n["engagement_id"]: n["state"] for n in ch["notices"]}[e2] == "closed"
    assert "30 päivän kuluessa" in text and "2.12.2026" in text and "Pilvi Oy" in text


# -- NIS2 ----------------------------------------------------------------------------------------

def test_nis2_clocks_only_where_in_scope_and_significant(reg):
    bid = new_case(reg)
    t = FRIDAY_2330 + dt.timedelta(hours=10)
    case.set_nis2(reg, "dpo", bid, significant=True, now=t)
    with reg.read() as q:
        assert not case.get_case(q, bid, t)["nis2"]  # out of scope by default
    case.set_company_nis2(reg, "dpo", True)
    with reg.read() as q:
        c = case.get_case(q, bid, t)
    n = {x["kind"]: x for x in c["clocks"] if x["kind"].startswith("nis2")}
    assert n["nis2_early_warning"]["due"] == dt.datetime(2026, 11, 21, 23, 30)
    assert n["nis2_notification"]["due"] == dt.datetime(2026, 11, 23, 23, 30)
    assert n["nis2_final_report"]["due"] == dt.datetime(2026, 12, 23, 23, 30)
    assert n["nis2_early_warning"]["hours_left"] == pytest.approx(14)
    notified = FRIDAY_2330 + dt.timedelta(hours=50)
    case.set_nis2(reg, "dpo", bid, early_warning_at=FRIDAY_2330 + dt.timedelta(hours=30),
                  notification_at=notified, now=notified)
    with reg.read() as q:
        c = case.get_case(q, bid, notified)
        rows = case.running(q, notified)
    n = {x["kind"]: x for x in c["clocks"] if x["kind"].startswith("nis2")}
    assert n["nis2_early_warning"]["state"] == "late" and n["nis2_notification"]["state"] == "on_time"
    assert n["nis2_final_report"]["due"] == add_month(notified) and n["nis2_final_report"]["state"] == "running"
    assert [r["kind"] for r in rows if r["breach_id"] == bid] == ["ombudsman", "nis2_final_report"]
    # an engagement marked in scope brings a processor-role breach into scope though the company is not
    case.set_company_nis2(reg, "dpo", False)
    (e1,) = engagements(reg, [24])
    controllers.set_terms(reg, "dpo", e1, nis2_in_scope=True)
    b2 = breaches.add(reg, "dpo", {"aware_at": FRIDAY_2330, "description": "x"}, now=FRIDAY_2330)
    controllers.link_engagements(reg, "dpo", b2, [e1], now=FRIDAY_2330)
    case.set_nis2(reg, "dpo", b2, significant="yes", now=t)
    with reg.read() as q:
        assert case.get_case(q, b2, t)["nis2"]
        assert not case.get_case(q, bid, t)["nis2"]


def test_running_clocks_rows_for_the_overview(reg):
    from kpcore import overview

    bid = new_case(reg)
    t = FRIDAY_2330 + dt.timedelta(hours=2)
    with reg.read() as q:
        rows = overview.running_clocks(q, now=t)
    assert len(rows) == 1
    r = rows[0]
    assert r["due"] == dt.datetime(2026, 11, 23, 23, 30) and r["link"] == f"/breaches?breach={bid}"
    assert r["time_left"] == dt.timedelta(hours=70) and r["what"].startswith(f"Loukkaus #{bid}")
