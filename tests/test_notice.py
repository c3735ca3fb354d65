"""The privacy notice: generated from the register, complete under Art. 13/14, fi and en."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import subprocess
from pathlib import Path

import pytest

from kpcore import notice, sqlfiles
from kpcore.errors import NotFound, Refused, ValidationFailed
from kpcore.models import legal_basis_text

SEED_NOTICE = Path(__file__).parent / "data" / "seed_notice_fi.txt"
TODAY = dt.date(2026, 11, 24)


def pdf_text(data: bytes, tmp_path: Path) -> str:
    """pdftotext of the PDF with the page footers removed and whitespace normalised."""
    f = tmp_path / "n.pdf"
    f.write_bytes(data)
    text = subprocess.run(["pdftotext", str(f), "-"], capture_output=True, text=True, check=True).stdout
    footer = re.compile(r"(Sivu|Page) \d+ / \d+|· (Tietosuojaseloste|Privacy notice) ·|^(LUONNOS – ei julkaistu|DRAFT – not published)$")
    lines = [ln for ln in text.replace("\f", "\n").splitlines() if not footer.search(ln)]
    return norm(" ".join(lines).replace("•", " "))


def norm(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s*[-–]\s*", "-", text)  # the seed writes "yhteyshenkilöt- ryhmä 1", the register "– ryhmä 1"


def seed_lines() -> list[str]:
    """Every heading, paragraph, list item and contact line of the current notice, in order."""
    out = []
    for line in SEED_NOTICE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("- "):
            line = line[2:]
        out.append(norm(line).rstrip(":"))
    return out


def test_seed_copy_is_the_whole_notice():
    lines = seed_lines()
    assert lines[0] == "MARKKINOINNIN JA ASIAKASPALVELUN TIETOSUOJASELOSTE"
    assert len(lines) >= 50 and lines[-1].endswith("pekka.vaatanen@kuntaplus.fi")


def test_finnish_pdf_holds_every_fact_of_the_seed_notice_in_its_order(reg, tmp_path):
    with reg.read() as q:
        text = pdf_text(notice.notice_pdf(q, "fi", today=TODAY), tmp_path)
    pos = 0
    for line in seed_lines():
        found = text.find(line, pos)
        assert found >= 0, f"not found (in order) in the Finnish PDF: {line!r}"
        pos = found + len(line)


def test_source_sentence_reproduces_the_original(reg):
    with reg.read() as q:
        md = notice.notice_markdown(q, "fi", today=TODAY)
    assert ("Henkilötiedot on saatu ensisijaisesti yhteydenottojen yhteydessä (sähköpostit, puhelut), "
            "yhteistyökumppanilta tai julkisista lähteistä, kuten kaupunkien web-sivustoilla julkaistuista "
            "yhteystiedoista.") in md


def expected_facts(q, lang: str) -> dict[int, list[str]]:
    """For each LEGAL.md item, the register facts the notice must print (read from the register)."""
    f = notice.facts(q, lang)
    st = {k: v["body"] for k, v in f["statements"].items()}
    c = f["controller"]
    purposes = f["purposes"]
    return {
        1: [c["name"], c["street"], c["postcode"], c["city"], c["email"]],
        2: [c["dpo_email"]],
        3: [p[f"name_{lang}"] for p in purposes] + [legal_basis_text(p["legal_basis"], lang) for p in purposes],
        4: [p[f"legitimate_interest_{lang}"] for p in purposes if p["legal_basis"] == "legitimate_interests"],
        5: [cat for p in purposes for cat in p[f"categories_{lang}"]],
        6: [r.get(f"name_{lang}") or r["name"] for r in f["recipients"]] + [r[f"role_{lang}"] for r in f["recipients"]],
        7: [st["transfers_none"]],
        8: [p[f"retention_{lang}"] for p in purposes],
        9: [st["rights"]],
        10: [st["consent_withdrawal"]],
        11: [st["complaint"], "Lintulahdenkuja 4", "PL 800, 00531 Helsinki", "tietosuoja@om.fi", "566 6700"],
        12: [p[f"provision_{lang}"] for p in purposes],
        13: [s[f"description_{lang}"] for s in f["sources"]],
        14: [st["automated_decisions"]],
        15: [st["direct_marketing_objection"]],
    }


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_every_legal_item_is_in_the_notice(reg, tmp_path, lang):
    with reg.read() as q:
        text = pdf_text(notice.notice_pdf(q, lang, today=TODAY), tmp_path)
        facts = expected_facts(q, lang)
        check = notice.completeness(q, lang)
        html_text = notice.notice_html(q, lang, today=TODAY)
        md = notice.notice_markdown(q, lang, today=TODAY)
        purposes = q.all("notice_purposes")
    assert [r["item"] for r in check] == list(range(1, 16))
    assert not [r for r in check if r["status"] == "missing"]
    for item, values in facts.items():
        assert values, item
        for v in values:
            assert norm(v) in text, f"item {item} ({lang}): {v!r} not in the PDF"
    # the version's date, and the consent-based purpose named under withdrawal
    assert notice.fmt_date(TODAY, lang) in text
    assert ("24.11.2026" if lang == "fi" else "24 November 2026") in text
    sections = notice._sections_of(md)
    consent = [p[f"name_{lang}"] for p in purposes if p["legal_basis"] == "consent"]
    marketing = [p[f"name_{lang}"] for p in purposes if p["direct_marketing"]]
    assert consent and all(n in sections[notice.LABELS[lang]["consent"]] for n in consent)
    assert marketing and all(n in sections[notice.LABELS[lang]["direct_marketing"]] for n in marketing)
    assert "<h2>" in html_text and f'lang="{lang}"' in html_text


def test_a_changed_retention_shows_in_the_next_notice(reg, tmp_path):
    with reg.read() as q:
        before = pdf_text(notice.notice_pdf(q, "fi", today=TODAY), tmp_path)
    old = "Kolme vuotta viimeisestä yhteydenotosta tai kunnes henkilö kieltää suoramarkkinoinnin."
    assert norm(old) in before
    notice.update_purpose(reg, "dpo", "sales_marketing", {"retention_months": 18})
    with reg.read() as q:
        after_fi = pdf_text(notice.notice_pdf(q, "fi", today=TODAY), tmp_path)
        after_en = pdf_text(notice.notice_pdf(q, "en", today=TODAY), tmp_path)
        row = q.one("notice_purpose", {"key": "sales_marketing"})
        event = q.sql("SELECT action, object_id, detail FROM audit_log ORDER BY seq DESC LIMIT 1").fetchall()[0]
    assert norm("18 kuukautta viimeisestä yhteydenotosta tai kunnes henkilö kieltää suoramarkkinoinnin.") in after_fi
    assert norm(old) not in after_fi
    assert norm("18 months from the last contact, or until the person objects to direct marketing.") in after_en
    assert row["retention_months"] == 18 and row["retention_confirmed"]  # the DPO set it: confirmed
    assert row["retention_fi"].startswith("18 kuukautta")  # the stored sentence follows the rule
    assert event[0] == "notice.purpose.update" and event[1] == "sales_marketing"
    assert "retention_months" in event[2]
    notice.update_purpose(reg, "dpo", "sales_marketing", {"retention_anchor": "contract_end", "retention_months": 24})
    with reg.read() as q:
        after_fi = pdf_text(notice.notice_pdf(q, "fi", today=TODAY), tmp_path)
    assert norm("Asiakassopimuksen voimassaoloaika ja kaksi vuotta sen päättymisestä tai kunnes") in after_fi


def test_pdf_opens_and_embeds_every_font(reg, tmp_path):
    for lang in ("fi", "en"):
        with reg.read() as q:
            data = notice.notice_pdf(q, lang, today=TODAY)
        f = tmp_path / f"{lang}.pdf"
        f.write_bytes(data)
        assert data.startswith(b"%PDF")
        check = subprocess.run(["qpdf", "--check", str(f)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        fonts = subprocess.run(["pdffonts", str(f)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
        assert fonts, "no fonts listed"
        for line in fonts:
            assert line.split()[-5] == "yes", f"font not embedded: {line}"
        info = subprocess.run(["pdfinfo", str(f)], capture_output=True, text=True, check=True).stdout
        assert "A4" in info or "595.276 x 841.89" in info
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        text = subprocess.run(["pdftotext", str(f), "-"], capture_output=True, text=True).stdout
        word = "Sivu" if lang == "fi" else "Page"
        assert f"{word} {pages} / {pages}" in text and f"{word} 1 / {pages}" in text


def test_check_reports_unconfirmed_on_a_fresh_register_and_none_after_confirming(reg):
    with reg.read() as q:
        rows = notice.completeness(q, "fi")
    status = {r["item"]: r["status"] for r in rows}
    # proposed by the project: bases, retention, recipients, rights, ...
    assert {3, 4, 6, 7, 8, 9, 10, 12, 14, 15} <= {n for n, s in status.items() if s == "unconfirmed"}
    assert status[1] == status[11] == status[13] == "present"  # the seed notice states these
    assert {r["requirement"] for r in rows} == {"M", "C"}
    assert {r["item"]: r["requirement"] for r in rows}[13] == "M"  # partner and public sources: Art. 14
    for r in rows:
        assert set(r) == {"item", "key", "title_fi", "title_sv", "title_en", "requirement", "applies", "status", "detail"}
        assert r["detail"]

    notice.confirm_item(reg, "dpo", 8)
    with reg.read() as q:
        assert {r["item"]: r["status"] for r in notice.completeness(q, "en")}[8] == "present"
    notice.confirm_all(reg, "dpo")
    for lang in ("fi", "en"):
        with reg.read() as q:
            rows = notice.completeness(q, lang)
        assert [r for r in rows if r["status"] != "present"] == [], lang


def test_check_reports_a_missing_mandatory_item_and_publish_refuses(reg, kp):
    with reg.write("test", "test.break") as w:
        w.sql("DELETE FROM statement WHERE key = 'rights' AND lang = 'en'")
    with reg.read() as q:
        fi = {r["item"]: r for r in notice.completeness(q, "fi")}
        en = {r["item"]: r for r in notice.completeness(q, "en")}
    assert fi[9]["status"] == "unconfirmed" and en[9]["status"] == "missing" and en[9]["requirement"] == "M"
    res = kp("notice", "--check", "--json", db_path=reg.path)
    assert res.returncode == 1
    out = json.loads(res.stdout)
    assert {(lang, b["item"], b["status"]) for lang, part in out["langs"].items() for b in part["blocking"]} >= {
        ("en", 9, "missing"), ("fi", 9, "unconfirmed")}
    notice.confirm_all(reg, "dpo")
    assert kp("notice", "--check", "--lang", "fi", db_path=reg.path).returncode == 0  # fi alone is publishable
    assert kp("notice", "--check", "--lang", "en", db_path=reg.path).returncode == 1  # en still lacks item 9
    with pytest.raises(Refused, match="Rights"):
        notice.publish(reg, "dpo", langs=["en"], ui_lang="en")
    with reg.read() as q:
        assert notice.versions(q) == []


def test_html_and_markdown_escape_register_text(reg, tmp_path):
    evil = '<script>alert("x")</script> & <b>lihava</b> *tähti* [linkki](http://x)'
    notice.set_statement(reg, "dpo", "business_description", "fi", evil)
    with reg.read() as q:
        html_doc = notice.notice_html(q, "fi", today=TODAY)
        md = notice.notice_markdown(q, "fi", today=TODAY)
        text = pdf_text(notice.notice_pdf(q, "fi", today=TODAY), tmp_path)
    assert "<script>" not in html_doc and "<b>lihava" not in html_doc
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;lihava&lt;/b&gt;" in html_doc
    assert "\\<script\\>" in md and "\\*tähti\\*" in md and "\\[linkki\\]" in md
    assert norm('<script>alert("x")</script> & <b>lihava</b>') in text  # printed as written


def test_publish_versions_and_diff(reg):
    notice.confirm_all(reg, "dpo")
    first = notice.publish(reg, "dpo", today=TODAY)
    assert [(r["lang"], r["version"], r["published"], r["date"]) for r in first] == [
        ("fi", 1, True, TODAY), ("en", 1, True, TODAY)]
    assert first[0]["unconfirmed"] == []
    with reg.read() as q:
        rows = notice.versions(q)
        assert {(r["lang"], r["version"]) for r in rows} == {("fi", 1), ("en", 1)}
        v1 = q.one("notice_version_get", {"lang": "fi", "version": 1})
        assert v1["content_hash"] == hashlib.sha256(v1["content"].encode()).hexdigest()
        assert "Versio 1, päivätty 24.11.2026" in v1["content"] and "Luonnos" not in v1["content"]
        doc = notice.document(q, "fi", today=TODAY + dt.timedelta(days=5))
        assert not doc.draft and doc.version == 1 and doc.date == TODAY  # unchanged: shows the published version
        assert q.value("notice_setting", {"key": "notice_version_date"}) == TODAY.isoformat()

    again = notice.publish(reg, "dpo", today=TODAY)
    assert [r["published"] for r in again] == [False, False]

    notice.update_purpose(reg, "dpo", "expert_user", {"retention_months": 12})
    with reg.read() as q:
        doc = notice.document(q, "fi", today=TODAY)
        assert doc.draft and doc.version == 2
        d = notice.diff_versions(q, "fi", 1, None)
    assert "-Säilytysaika: Kaksi vuotta viimeisestä koulutus- tai tukitapahtumasta.\\" in d["diff"]
    assert "+Säilytysaika: Yksi vuosi viimeisestä koulutus- tai tukitapahtumasta.\\" in d["diff"]
    assert d["changed"] == ["Henkilötietojen käyttötarkoitus ja käsiteltävät henkilötiedot"]

    res = notice.publish(reg, "dpo", today=TODAY + dt.timedelta(days=1))
    # the rule changed: both languages' sentences follow it (and one facts fingerprint covers both)
    assert [(r["lang"], r["version"], r["published"]) for r in res] == [("fi", 2, True), ("en", 2, True)]
    with reg.read() as q:
        d = notice.diff_versions(q, "fi", 1, 2)
        assert "+*Versio 2, päivätty 25.11.2026*" in d["diff"]
        with pytest.raises(NotFound):
            notice.diff_versions(q, "fi", 1, 7)
        events = q.sql("SELECT object_id, detail FROM audit_log WHERE action = 'notice.publish' ORDER BY seq").fetchall()
    assert [e[0] for e in events] == ["fi:1", "en:1", "fi:2", "en:2"]


def test_invalid_edits_are_refused_and_change_nothing(reg):
    def snapshot():
        with reg.read() as q:
            return (q.one("notice_controller"), q.all("notice_purposes"), q.all("notice_recipients"),
                    q.sql("SELECT count(*) FROM audit_log").fetchall())

    before = snapshot()
    with pytest.raises(ValidationFailed, match="legitimate_interest_en"):
        notice.update_purpose(reg, "dpo", "web_analytics", {"legal_basis": "legitimate_interests",
                                                            "legitimate_interest_fi": "Sivuston kehittäminen."})
    with pytest.raises(ValidationFailed, match="retention_months"):
        notice.update_purpose(reg, "dpo", "web_analytics", {"retention_months": "-3"})
    with pytest.raises(ValidationFailed, match="retention_anchor"):
        notice.update_purpose(reg, "dpo", "web_analytics", {"retention_anchor": "forever"})
    with pytest.raises(ValidationFailed, match="legal_basis"):
        notice.update_purpose(reg, "dpo", "web_analytics", {"legal_basis": "because"})
    with pytest.raises(ValidationFailed, match="cannot be changed"):  # generated from the rule, never typed
        notice.update_purpose(reg, "dpo", "web_analytics", {"retention_fi": "Ikuisesti."})
    with pytest.raises(ValidationFailed, match="cannot be changed"):
        notice.update_purpose(reg, "dpo", "web_analytics", {"name_fi": "x"})
    with pytest.raises(NotFound):
        notice.update_purpose(reg, "dpo", "no_such", {"retention_months": 3})
    with pytest.raises(ValidationFailed) as exc:
        notice.update_controller(reg, "dpo", {"email": "not-an-email", "postcode": "334"})
    assert {p.field for p in exc.value.problems} == {"email", "postcode"}
    assert "not-an-email" not in str(exc.value)  # messages name fields, not values
    with pytest.raises(ValidationFailed, match="safeguard_fi"):
        notice.add_recipient(reg, "dpo", {"name": "Mailer Inc.", "role_fi": "Käsittelijä", "role_en": "Processor",
                                          "country": "US"}, ["sales_marketing"])
    with pytest.raises(ValidationFailed, match="unknown purpose"):
        notice.add_recipient(reg, "dpo", {"name": "X", "role_fi": "a", "role_en": "b"}, ["nope"])
    with pytest.raises(ValidationFailed, match="must not be empty"):
        notice.set_statement(reg, "dpo", "rights", "fi", "  ")
    with pytest.raises(NotFound):
        notice.set_statement(reg, "dpo", "no_such_key", "fi", "teksti")
    assert snapshot() == before


def test_recipient_outside_the_eea_is_a_transfer_with_its_safeguard(reg, tmp_path):
    rid = notice.add_recipient(reg, "dpo", {
        "name": "Mailer Inc.", "role_fi": "Käsittelijä: uutiskirjeet", "role_en": "Processor: newsletters",
        "country": "us", "safeguard_fi": "EU:n vakiosopimuslausekkeet", "safeguard_en": "EU standard contractual clauses"},
        ["sales_marketing"])
    with reg.read() as q:
        rows = {r["item"]: r for r in notice.completeness(q, "en")}
        md = notice.notice_markdown(q, "en", today=TODAY)
    assert rows[7]["status"] == "present"
    transfers = md.split("## Transfers outside the EU/EEA")[1].split("## ")[0]
    assert "Mailer Inc. (US) – safeguard: EU standard contractual clauses" in transfers
    assert "not transferred" not in transfers
    notice.update_recipient(reg, "dpo", rid, {"country": "SE", "safeguard_fi": None, "safeguard_en": None},
                            purposes=["sales_marketing", "expert_admin"])
    with reg.read() as q:
        r = q.one("notice_recipient", {"id": rid})
        assert not r["outside_eea"]
        assert [x["purpose"] for x in q.all("notice_recipient_purposes", {"id": rid})] == ["expert_admin", "sales_marketing"]
    notice.remove_recipient(reg, "dpo", rid)
    with reg.read() as q:
        assert q.one("notice_recipient", {"id": rid}) is None
        assert "Mailer Inc." not in notice.notice_markdown(q, "fi")
        acts = [a for (a,) in q.sql("SELECT action FROM audit_log WHERE object_type = 'recipient' ORDER BY seq").fetchall()]
    assert acts == ["notice.recipient.add", "notice.recipient.update", "notice.recipient.unlink", "notice.recipient.remove"]


def test_controller_edit_shows_in_the_notice(reg):
    notice.update_controller(reg, "dpo", {"street": "Hämeenkatu 1", "dpo_name": "Pekka Väätänen", "phone": "+358 3 123 4567"})
    with reg.read() as q:
        md = notice.notice_markdown(q, "fi")
        event = q.sql("SELECT detail FROM audit_log ORDER BY seq DESC LIMIT 1").fetchall()[0][0]
    assert "Osoite: Hämeenkatu 1, 33400 Tampere" in md and "Tietosuojavastaava: Pekka Väätänen" in md
    assert "Väätänen" not in event and "dpo_name" in event


def test_notice_queries_never_read_people(reg):
    """The notice is about rules, not people: it must stay fast on a million contacts."""
    for name, sql in sqlfiles.named_queries().items():
        if name.startswith("notice_"):
            assert not re.search(r"\b(contact|contact_purpose|web_visit)\b", sql), name


def test_cli_writes_every_format_and_publishes(reg, kp, tmp_path):
    out = tmp_path / "seloste.pdf"
    assert kp("notice", "-o", str(out), db_path=reg.path).returncode == 0
    assert out.read_bytes().startswith(b"%PDF")
    res = kp("notice", "--lang", "en", "--format", "html", "-o", "-", db_path=reg.path)
    assert res.returncode == 0 and "<!DOCTYPE html>" in res.stdout and "Your rights" in res.stdout
    res = kp("notice", "--format", "md", "-o", "-", db_path=reg.path)
    assert res.stdout.startswith("**LUONNOS – ei julkaistu**\n\n# MARKKINOINNIN JA ASIAKASPALVELUN TIETOSUOJASELOSTE")
    res = kp("notice", "--check", db_path=reg.path)
    assert res.returncode == 1 and "vahvistamatta" in res.stdout and "unconfirmed" in res.stdout
    res = kp("notice", "set-purpose", "web_analytics", "--retention-anchor", "collection", "--retention-months", "13",
             db_path=reg.path)
    assert res.returncode == 0, res.stderr
    res = kp("notice", "publish", db_path=reg.path, env={"KP_LANG": "fi"})
    assert res.returncode == 1 and "3. Käsittelyn tarkoitus ja oikeusperuste – vahvistamatta" in res.stderr
    line8 = next(ln for ln in res.stderr.splitlines() if "8. Säilytysaika" in ln)
    assert "Myynti ja markkinointi" in line8 and "Verkkovierailujen" not in line8  # set-purpose confirmed that one
    assert kp("notice", "confirm", "--all", db_path=reg.path).returncode == 0
    res = kp("notice", "publish", db_path=reg.path)
    assert res.returncode == 0 and "published fi version 1" in res.stdout
    res = kp("notice", "versions", "--json", db_path=reg.path)
    assert {(r["lang"], r["version"]) for r in json.loads(res.stdout)} == {("fi", 1), ("en", 1)}
    res = kp("notice", "set-controller", "--email", "nope", db_path=reg.path)
    assert res.returncode == 1 and "email: is not an email address" in res.stderr and "Traceback" not in res.stderr
    assert kp("notice", "confirm", "--all", db_path=reg.path).returncode == 0
    res = kp("notice", "--check", "--json", db_path=reg.path)
    out = json.loads(res.stdout)
    assert res.returncode == 0 and out["publishable"] is True
    assert {r["status"] for part in out["langs"].values() for r in part["items"]} == {"present"}
