"""Issue #10 §1: nothing unconfirmed goes out as fact. Publishing is refused while a mandatory
item is missing or unconfirmed; `--check` exits 0 only for a publishable notice; a draft carries
its mark on every page of every format; a change of the facts behind the published version
makes it "out of date" until the next version is published."""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess

import pytest

from kpcore import compliance, notice, overview
from kpcore.errors import Refused

TODAY = dt.date(2026, 11, 24)
MARK = {"fi": "LUONNOS – ei julkaistu", "en": "DRAFT – not published"}


def pdf_pages(data: bytes, tmp_path) -> list[str]:
    f = tmp_path / "n.pdf"
    f.write_bytes(data)
    assert subprocess.run(["qpdf", "--check", str(f)], capture_output=True).returncode == 0
    text = subprocess.run(["pdftotext", "-layout", str(f), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    return [p for p in pages if p.strip()]


def versions(reg) -> set:
    with reg.read() as q:
        return {(r["lang"], r["version"]) for r in notice.versions(q)}


# --------------------------------------------------------------------- publishing

def test_publish_is_refused_while_anything_is_unconfirmed_then_allowed(reg):
    with pytest.raises(Refused) as exc:
        notice.publish(reg, "dpo", today=TODAY, ui_lang="fi")
    text = str(exc.value)
    assert text.startswith("Selostetta ei julkaistu")
    # each blocking item named once, in Finnish, with the notice languages it blocks
    assert "9. Rekisteröidyn oikeudet – vahvistamatta (suomi, englanti)" in text
    assert "3. Käsittelyn tarkoitus ja oikeusperuste – vahvistamatta" in text
    assert text.count("9. Rekisteröidyn oikeudet") == 1
    assert versions(reg) == set()
    with pytest.raises(Refused) as exc:
        notice.publish(reg, "dpo", today=TODAY, ui_lang="en")
    assert "9. Rights of the data subject – not confirmed (Finnish, English)" in str(exc.value)

    # confirming all but one item still refuses, naming only that item
    for item in notice.ITEM_KEYS:
        if item != 14:
            notice.confirm_item(reg, "dpo", item)
    with pytest.raises(Refused) as exc:
        notice.publish(reg, "dpo", today=TODAY, ui_lang="en")
    assert re.findall(r"^\s*(\d+)\. ", str(exc.value), re.M) == ["14"]
    # a language confirmed alone is not enough for that language either
    notice.confirm_item(reg, "dpo", 14, lang="fi")
    assert [r["lang"] for r in notice.publish(reg, "dpo", langs=["fi"], today=TODAY)] == ["fi"]
    with pytest.raises(Refused, match="14"):
        notice.publish(reg, "dpo", langs=["en"], today=TODAY)
    notice.confirm_item(reg, "dpo", 14)
    res = notice.publish(reg, "dpo", today=TODAY)
    assert [(r["lang"], r["version"], r["published"]) for r in res] == [("fi", 1, False), ("en", 1, True)]


def test_an_applicable_optional_item_blocks_and_an_inapplicable_one_does_not(reg):
    notice.confirm_all(reg, "dpo")
    # item 10 (consent withdrawal) applies: web analytics rests on consent
    notice.set_statement(reg, "dpo", "consent_withdrawal", "en", "Withdraw it any time.", confirm=False)
    with reg.read() as q:
        rows = {r["item"]: r for r in notice.completeness(q, "en")}
        assert rows[10]["requirement"] == "C" and rows[10]["applies"]
        assert [r["item"] for r in notice.blocking(notice.completeness(q, "en"))] == [10]
    with pytest.raises(Refused, match="10. Withdrawing consent"):
        notice.publish(reg, "dpo", ui_lang="en")
    # once no purpose rests on consent, item 10 does not apply and blocks nothing
    notice.update_purpose(reg, "dpo", "web_analytics", {"legal_basis": "legitimate_interests",
                                                        "legitimate_interest_fi": "Sivuston kehittäminen.",
                                                        "legitimate_interest_en": "Improving the site."})
    with reg.read() as q:
        rows = {r["item"]: r for r in notice.completeness(q, "en")}
        assert not rows[10]["applies"] and notice.blocking(list(rows.values())) == []
    assert notice.publish(reg, "dpo", ui_lang="en")[1]["published"]


def test_check_exit_codes_and_json_say_which_and_why(reg, kp):
    # fresh register: nothing missing, much unconfirmed -> 1
    res = kp("notice", "--check", "--json", db_path=reg.path)
    out = json.loads(res.stdout)
    assert res.returncode == 1 and out["publishable"] is False
    fi = out["langs"]["fi"]
    assert fi["publishable"] is False
    assert {b["item"] for b in fi["blocking"]} == {3, 4, 6, 7, 8, 9, 10, 12, 14, 15}
    assert all(b["status"] == "unconfirmed" and b["why"] for b in fi["blocking"])
    assert {r["item"] for r in fi["items"] if r["blocking"]} == {b["item"] for b in fi["blocking"]}
    res = kp("notice", "--check", db_path=reg.path, env={"KP_LANG": "en"})
    assert res.returncode == 1 and "cannot be published" in res.stderr and "9. Rights of the data subject" in res.stderr

    # all confirmed -> 0
    notice.confirm_all(reg, "dpo")
    res = kp("notice", "--check", "--json", db_path=reg.path)
    assert res.returncode == 0 and json.loads(res.stdout)["publishable"] is True
    assert kp("notice", "--check", db_path=reg.path).returncode == 0

    # one mandatory item missing -> 1, and says it is missing
    with reg.write("test", "test.break") as w:
        w.sql("DELETE FROM statement WHERE key = 'complaint' AND lang = 'fi'")
    res = kp("notice", "--check", "--json", "--lang", "fi", db_path=reg.path)
    out = json.loads(res.stdout)
    assert res.returncode == 1 and list(out["langs"]) == ["fi"]
    assert [(b["item"], b["status"]) for b in out["langs"]["fi"]["blocking"]] == [(11, "missing")]
    assert "puuttuu" in out["langs"]["fi"]["blocking"][0]["why"]
    assert kp("notice", "--check", "--lang", "en", db_path=reg.path).returncode == 0


def test_cli_publish_refuses_then_publishes(reg, kp):
    res = kp("notice", "publish", db_path=reg.path, env={"KP_LANG": "fi"})
    assert res.returncode == 1 and "Selostetta ei julkaistu" in res.stderr and "Traceback" not in res.stderr
    assert "15. Suoramarkkinointikielto" in res.stderr
    assert versions(reg) == set()
    assert kp("notice", "confirm", "--all", db_path=reg.path).returncode == 0
    res = kp("notice", "publish", db_path=reg.path)
    assert res.returncode == 0 and "published fi version 1" in res.stdout and "published en version 1" in res.stdout


# --------------------------------------------------------------------- the draft mark

@pytest.mark.parametrize("lang", ["fi", "en"])
def test_draft_mark_on_every_pdf_page_and_in_html_and_markdown(reg, tmp_path, lang):
    # a long statement makes the notice run over several pages
    notice.set_statement(reg, "dpo", "business_description", lang, " ".join(["Pitkä kuvaus toiminnasta."] * 350),
                         confirm=False)
    with reg.read() as q:
        pages = pdf_pages(notice.notice_pdf(q, lang, today=TODAY), tmp_path)
        html_doc = notice.notice_html(q, lang, today=TODAY)
        md = notice.notice_markdown(q, lang, today=TODAY)
    assert len(pages) >= 3
    for i, page in enumerate(pages, 1):
        assert MARK[lang] in page.splitlines()[0], f"page {i} has no draft mark at its top"
    assert html_doc.count(MARK[lang]) == 2 and 'class="kp-draft"' in html_doc
    # the first thing in the page's main landmark: the print style repeats it at the top of every page
    assert re.search(r"<main>\s*<p class=\"kp-draft\"", html_doc) and "main>.kp-draft:first-child{position:fixed" in html_doc
    assert md.startswith(f"**{MARK[lang]}**") and md.rstrip().endswith(f"**{MARK[lang]}**")


def test_published_version_has_no_mark_until_a_fact_changes(reg, tmp_path):
    notice.confirm_all(reg, "dpo")
    with reg.read() as q:
        assert MARK["fi"] in notice.notice_markdown(q, "fi", today=TODAY)  # confirmed, but not yet published
    notice.publish(reg, "dpo", today=TODAY)
    with reg.read() as q:
        for lang in ("fi", "en"):
            pages = pdf_pages(notice.notice_pdf(q, lang, today=TODAY), tmp_path)
            assert not any(MARK[lang] in p for p in pages)
            assert MARK[lang] not in notice.notice_html(q, lang, today=TODAY)
            assert MARK[lang] not in notice.notice_markdown(q, lang, today=TODAY)
    notice.update_recipient(reg, "dpo", 3, {"name": "Matomo-palvelu Oy"})
    with reg.read() as q:
        for lang in ("fi", "en"):
            doc = notice.document(q, lang, today=TODAY)
            assert doc.draft and doc.version == 2
            assert all(MARK[lang] in p for p in pdf_pages(notice.notice_pdf(q, lang, today=TODAY), tmp_path))


# --------------------------------------------------------------------- the stale notice

def stale_findings(q) -> list:
    return [f for f in compliance.findings(q, TODAY) if f.rule == "notice_stale"]


def test_stale_appears_when_a_fact_changes_and_goes_when_republished(reg):
    notice.confirm_all(reg, "dpo")
    with reg.read() as q:
        assert notice.stale(q) == [] and stale_findings(q) == []  # nothing published: not stale (not published)
    notice.publish(reg, "dpo", today=TODAY)
    with reg.read() as q:
        assert notice.stale(q) == [] and stale_findings(q) == []
        assert overview.overview(q)["notice_stale"] == []

    # the retention rule purge applies changes: the published notice no longer says what is done
    notice.update_purpose(reg, "dpo", "sales_marketing", {"retention_months": 24})
    with reg.read() as q:
        assert [s["lang"] for s in notice.stale(q)] == ["fi", "en"]
        found = stale_findings(q)
        assert [f.object_id for f in found] == ["fi:1", "en:1"] and {f.severity for f in found} == {"high"}
        assert "ei ole enää ajan tasalla" in found[0].text_fi and "out of date" in found[0].text_en
        assert [s["version"] for s in overview.overview(q)["notice_stale"]] == [1, 1]
        assert notice.document(q, "fi", today=TODAY).draft
    res = notice.publish(reg, "dpo", today=TODAY)
    assert [(r["lang"], r["version"], r["published"]) for r in res] == [("fi", 2, True), ("en", 2, True)]
    with reg.read() as q:
        assert notice.stale(q) == [] and stale_findings(q) == []


@pytest.mark.parametrize("change", [
    lambda reg: notice.update_controller(reg, "dpo", {"street": "Hämeenkatu 1"}),
    lambda reg: notice.update_purpose(reg, "dpo", "expert_admin", {"legal_basis": "contract"}),
    lambda reg: notice.add_recipient(reg, "dpo", {"name": "Postituspalvelu Oy", "role_fi": "Käsittelijä",
                                                  "role_en": "Processor"}, ["sales_marketing"]),
    lambda reg: notice.remove_recipient(reg, "dpo", 4),
    lambda reg: notice.update_source(reg, "dpo", "partner", {"publicly_available": True}),
], ids=["controller", "basis", "recipient-added", "recipient-removed", "source"])
def test_each_kind_of_fact_makes_the_notice_stale(reg, change):
    notice.confirm_all(reg, "dpo")
    notice.publish(reg, "dpo", today=TODAY)
    change(reg)
    with reg.read() as q:
        assert notice.stale(q), "the published notice should be out of date"


def test_confirming_alone_changes_no_fact(reg):
    notice.confirm_all(reg, "dpo")
    with reg.read() as q:
        before = notice.facts_fingerprint(q)
    notice.confirm_all(reg, "dpo")
    with reg.write("test", "test.unconfirm") as w:
        w.sql("UPDATE statement SET confirmed = false WHERE key = 'rights'")
    with reg.read() as q:
        assert notice.facts_fingerprint(q) == before


def test_fact_tables_is_the_one_list_to_extend(reg, monkeypatch):
    """Another table (a systems map, say) joins the fingerprint by one entry in FACT_TABLES."""
    with reg.write("test", "test.table") as w:
        w.sql("CREATE TABLE extra_fact (key TEXT, value TEXT)")
        w.sql("INSERT INTO extra_fact VALUES ('a', 'one')")
    with reg.read() as q:
        plain = notice.facts_fingerprint(q)
    monkeypatch.setattr(notice.current, "FACT_TABLES", notice.FACT_TABLES + [("extra_fact", ("key", "value"))])
    with reg.read() as q:
        first = notice.facts_fingerprint(q)
    with reg.write("test", "test.table") as w:
        w.sql("UPDATE extra_fact SET value = 'two'")
    with reg.read() as q:
        assert first != plain and notice.facts_fingerprint(q) != first


# --------------------------------------------------------------------- compliance severity

def notice_rule_severities(q) -> dict:
    return {f.object_id: f.severity for f in compliance.findings(q, TODAY) if f.rule == "notice_item_unconfirmed"}


def test_unconfirmed_mandatory_item_is_high_once_people_are_held(reg):
    with reg.read() as q:
        empty = notice_rule_severities(q)
    assert empty and set(empty.values()) == {"medium"}
    with reg.write("test", "test.person") as w:
        w.sql("INSERT INTO contact (email, name) VALUES ('anna@example.fi', 'Anna')")
    with reg.read() as q:
        held = notice_rule_severities(q)
    assert set(held) == set(empty) and set(held.values()) == {"high"}
