"""Issue #10 §1 and §4 in the access report and the notice: an unconfirmed proposal is never
stated as fact (warning, acknowledgement, marked passages), and the right to object (Art. 21(4))
stands under its own heading for every purpose based on Art. 6(1)(f), with portability stated as
applying to consent or contract only."""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess

import pytest

from kpcore import notice, sar
from kpcore.errors import Refused

TODAY = dt.date(2026, 11, 24)
MARK = {"fi": "[VAHVISTAMATTA]", "en": "[NOT CONFIRMED]"}
OBJECTION = {"fi": "Oikeus vastustaa käsittelyä", "en": "Right to object"}


def text_of(pdf: bytes, tmp_path) -> str:
    f = tmp_path / "r.pdf"
    f.write_bytes(pdf)
    assert subprocess.run(["qpdf", "--check", str(f)], capture_output=True).returncode == 0
    out = subprocess.run(["pdftotext", str(f), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", out)


@pytest.fixture
def anna(reg):
    """Anna: sales and marketing (6(1)(f)) from a public source; her own web visits (consent)."""
    with reg.write("t", "test.person") as w:
        cid = w.sql("INSERT INTO contact (email, name) VALUES ('anna@tampere.fi', 'Anna Virtanen') RETURNING id"
                    ).fetchall()[0][0]
        w.sql("INSERT INTO contact_purpose (contact_id, purpose, source, collected_on) VALUES "
              "(?, 'sales_marketing', 'public', DATE '2026-05-04')", [cid])
        w.sql("INSERT INTO web_visit VALUES (TIMESTAMP '2026-11-10 08:15:00', '91.152.34.77', false, 'Firefox', '/')")
    return cid


def test_report_is_refused_until_acknowledged_then_marks_the_unconfirmed_passages(reg, anna, tmp_path):
    with pytest.raises(Refused) as exc:
        sar.generate(reg, "dpo", "anna@tampere.fi", lang="fi", today=TODAY)
    assert "--allow-unconfirmed" in str(exc.value) and "9. Rekisteröidyn oikeudet" in str(exc.value)
    with reg.read() as q:
        assert q.value("count_contacts") == 1
        assert not q.sql("SELECT 1 FROM audit_log WHERE action = 'sar.report'").fetchall()

    for lang in ("fi", "en"):
        text = text_of(sar.generate(reg, "dpo", "anna@tampere.fi", lang=lang, today=TODAY, allow_unconfirmed=True,
                                    ip="91.152.34.77"), tmp_path)
        m = re.escape(MARK[lang])
        # the note at the top, and each unconfirmed passage marked where it is stated
        assert ("merkinnällä [VAHVISTAMATTA] merkityt kohdat ovat ehdotuksia" if lang == "fi"
                else "passages marked [NOT CONFIRMED] are proposals") in text
        basis = "Rekisterinpitäjän oikeutettu etu" if lang == "fi" else "Legitimate interests"
        assert re.search(re.escape(basis) + r"[^\[]{0,80}" + m, text), "legal basis not marked"
        retention = "Kolme vuotta viimeisestä yhteydenotosta" if lang == "fi" else "Three years from the last contact"
        assert re.search(re.escape(retention) + r"[^\[]{0,80}" + m, text), "retention not marked"
        rights = "vastaamme viimeistään" if lang == "fi" else "We answer within one month"
        assert re.search(re.escape(rights) + r".{0,400}?" + m, text, re.I), "rights statement not marked"
        assert len(re.findall(m, text)) >= 6
        # the complaint statement is confirmed in the seed: never marked
        complaint = "tietosuoja.fi." if lang == "fi" else "tietosuoja.fi."
        assert not re.search(re.escape(complaint) + r"\s*" + m, text)

    notice.confirm_all(reg, "dpo")
    for lang in ("fi", "en"):
        text = text_of(sar.generate(reg, "dpo", "anna@tampere.fi", lang=lang, today=TODAY), tmp_path)
        assert MARK[lang] not in text


def test_kp_sar_warns_and_needs_the_flag(reg, anna, kp, tmp_path):
    out = tmp_path / "sar.pdf"
    res = kp("sar", "anna@tampere.fi", "-o", str(out), db_path=reg.path, env={"KP_LANG": "en"})
    assert res.returncode == 1 and "--allow-unconfirmed" in res.stderr and not out.exists()
    assert "3. Purposes and the legal basis of each – not confirmed" in res.stderr
    res = kp("sar", "anna@tampere.fi", "--allow-unconfirmed", "-o", str(out), db_path=reg.path, env={"KP_LANG": "fi"})
    assert res.returncode == 0, res.stderr
    assert "varoitus: nämä pakolliset tiedot ovat vahvistamatta" in res.stderr
    assert MARK["fi"] in text_of(out.read_bytes(), tmp_path)
    with reg.read() as q:
        detail = json.loads(q.sql("SELECT detail FROM audit_log WHERE action = 'sar.report'").fetchall()[0][0])
    assert detail["unconfirmed_items"] >= 1


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_report_states_the_right_to_object_apart_and_portability_with_its_condition(reg, anna, tmp_path, lang):
    notice.confirm_all(reg, "dpo")
    text = text_of(sar.generate(reg, "dpo", "anna@tampere.fi", lang=lang, today=TODAY, ip="91.152.34.77",
                                ip_confirmed=True), tmp_path)
    rights = re.search(r"\d+\. " + ("Oikeutesi" if lang == "fi" else "Your rights"), text).start()
    head = text.index(OBJECTION[lang], rights)
    body = text[head:head + 900]
    assert ("6 artiklan 1 kohdan f alakohta" if lang == "fi" else "Article 6(1)(f)") in body
    # her 6(1)(f) purpose named under the heading; her consent-based web analytics is not
    assert ("Myynti ja markkinointi" if lang == "fi" else "Sales and marketing") in body
    assert ("Koskee käyttötarkoituksia: Myynti ja markkinointi." if lang == "fi"
            else "Applies to the purposes: Sales and marketing.") in body
    portability = ("suostumukseesi tai sopimukseen" if lang == "fi" else "based on your consent or on a contract")
    assert portability in text[rights:head]
    assert ("Siirto-oikeus koskee käyttötarkoituksia: Verkkovierailujen analytiikka ja statistiikka." if lang == "fi"
            else "Portability applies to the purposes: Web visit analytics and statistics.") in text


def test_report_without_a_legitimate_interest_purpose_has_no_objection_heading(reg, tmp_path):
    notice.confirm_all(reg, "dpo")
    with reg.write("t", "test.person") as w:
        cid = w.sql("INSERT INTO contact (email, name) VALUES ('ville@tampere.fi', 'Ville') RETURNING id").fetchall()[0][0]
        w.sql("INSERT INTO contact_purpose (contact_id, purpose, source, collected_on) VALUES "
              "(?, 'expert_user', 'direct', DATE '2026-05-04')", [cid])
    notice.update_purpose(reg, "dpo", "expert_user", {"legal_basis": "contract"})
    text = text_of(sar.generate(reg, "dpo", "ville@tampere.fi", lang="fi", today=TODAY), tmp_path)
    assert OBJECTION["fi"] not in text
    assert "Siirto-oikeus koskee käyttötarkoituksia: Asiantuntijapalveluiden yhteyshenkilöt – ryhmä 2." in text


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_notice_has_the_objection_section_for_every_legitimate_interest_purpose(reg, lang):
    with reg.read() as q:
        doc = notice.document(q, lang, today=TODAY)
        purposes = q.all("notice_purposes")
    sections = {s.key: s for s in doc.sections}
    assert sections["objection"].title == OBJECTION[lang]
    keys = [s.key for s in doc.sections]
    assert keys.index("objection") == keys.index("rights") + 1  # its own section, right after the rights
    said = " ".join(b.text for b in sections["objection"].blocks)
    li = [p[f"name_{lang}"] for p in purposes if p["legal_basis"] == "legitimate_interests"]
    assert len(li) == 3 and all(n in said for n in li)
    assert all(p[f"name_{lang}"] not in said for p in purposes if p["legal_basis"] == "consent")
    rights = " ".join(b.text for b in sections["rights"].blocks)
    assert ("suostumukseesi tai sopimukseen" if lang == "fi" else "consent or on a contract") in rights


def test_completeness_checks_both_and_fails_when_either_is_gone(reg, monkeypatch):
    notice.confirm_all(reg, "dpo")
    with reg.read() as q:
        row = {r["item"]: r for r in notice.completeness(q, "en")}[9]
    assert row["status"] == "present" and "right to object under its own heading (3 purposes)" in row["detail"]
    original = notice._compose

    def without(section_key):
        def compose(*args, **kwargs):
            n = original(*args, **kwargs)
            return notice.Notice(**{**n.__dict__, "sections": tuple(s for s in n.sections if s.key != section_key)})
        return compose

    monkeypatch.setattr(notice.requirements, "_compose", without("objection"))
    with reg.read() as q:
        row = {r["item"]: r for r in notice.completeness(q, "fi")}[9]
    assert row["status"] == "missing" and "21 art. 4 kohta" in row["detail"] and "Myynti ja markkinointi" in row["detail"]

    def rights_without_portability(*args, **kwargs):
        n = original(*args, **kwargs)
        cut = tuple(notice.Section(s.key, s.title, s.blocks[:1], s.items, s.facts) if s.key == "rights" else s
                    for s in n.sections)
        return notice.Notice(**{**n.__dict__, "sections": cut})

    monkeypatch.setattr(notice.requirements, "_compose", rights_without_portability)
    with reg.read() as q:
        row = {r["item"]: r for r in notice.completeness(q, "en")}[9]
    assert row["status"] == "missing" and "Portability is not stated as applying to consent or contract" in row["detail"]
    monkeypatch.setattr(notice.requirements, "_compose", original)
    # a purpose moved to 6(1)(f) is named under the heading at once (the check stays present)
    notice.update_purpose(reg, "dpo", "web_analytics", {"legal_basis": "legitimate_interests",
                                                        "legitimate_interest_fi": "Sivuston kehittäminen.",
                                                        "legitimate_interest_en": "Improving the site."})
    with reg.read() as q:
        row = {r["item"]: r for r in notice.completeness(q, "fi")}[9]
        said = [s for s in notice.document(q, "fi", today=TODAY).sections if s.key == "objection"][0]
    assert row["status"] == "present" and "(4 käyttötarkoitusta)" in row["detail"]
    assert "Verkkovierailujen analytiikka ja statistiikka" in said.blocks[1].text


def test_requests_view_warns_and_needs_the_checkbox_before_the_report(reg, anna):
    from conftest import app_test
    from kpcore import requests as reqs

    rid = reqs.add(reg, "dpo", type="access", email="anna@tampere.fi", received_on=TODAY, today=TODAY)["id"]
    at = app_test("requests", reg.path, lang="en")
    at.query_params["request"] = str(rid)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    warning = "\n".join(w.value for w in at.warning)
    assert "Mandatory facts of the notice are not confirmed" in warning and "9\\. Rights of the data subject" in warning
    box = [c for c in at.checkbox if c.key == "rep_allow_unconfirmed"]
    assert len(box) == 1 and not box[0].value
    assert at.get("download_button")[0].proto.disabled
    box[0].check()
    at.run()
    assert not at.get("download_button")[0].proto.disabled

    notice.confirm_all(reg, "dpo")
    at.run()
    assert not [c for c in at.checkbox if c.key == "rep_allow_unconfirmed"]
    assert "Mandatory facts" not in "\n".join(w.value for w in at.warning)
