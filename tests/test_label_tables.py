"""The label tables of kpcore (issue 18 §1): each entry is a catalog message translated into Finnish,
Swedish and English, and the Finnish is the wording the outputs have always printed; no table
carries an inline (Finnish, English) pair any more."""
from __future__ import annotations

import pytest

from kpcore import erasure, i18n, models, tasks

TABLES = {
    "request types": models.REQUEST_TYPES, "request statuses": models.REQUEST_STATUSES,
    "legal bases": models.LEGAL_BASES, "Art. 28 clauses": models.ART28_CLAUSES,
    "erasure grounds": erasure.GROUNDS, "erasure exceptions": erasure.EXCEPTIONS,
    "task actions": tasks.ACTIONS, "task statuses": tasks.STATUSES,
}


@pytest.mark.parametrize("name", list(TABLES))
def test_every_key_has_its_finnish_swedish_and_english(name):
    for key, message in TABLES[name].items():
        assert isinstance(message, str), f"{name}[{key}] is not a catalog message: {message!r}"
        texts = {lang: i18n.label(TABLES[name], key, lang) for lang in i18n.LANGS}
        assert all(texts.values()), (name, key, texts)
        assert texts["en"] == message  # the msgid is the English
        # Finnish and Swedish are translations, not the English fallen through
        assert texts["fi"] != texts["en"] and texts["sv"] != texts["en"], (name, key, texts)
        assert texts["fi"] != texts["sv"], (name, key, texts)


def test_finnish_word_for_word_as_before():
    assert models.request_type_text("access", "fi") == "Tarkastusoikeus (15 art.)"
    assert models.request_type_text("access", "sv") == "Rätt till tillgång (art. 15)"
    # "Received" as a request's status is not the "Saapunut" of other screens
    assert models.request_status_text("received", "fi") == "Vastaanotettu"
    assert models.request_status_text("received", "sv") == "Mottagen"
    assert models.request_status_text("extended", "fi") == "Määräaikaa jatkettu"
    assert models.legal_basis_text("legitimate_interests", "fi") == \
        "Rekisterinpitäjän oikeutettu etu (6 artiklan 1 kohdan f alakohta)"
    assert models.legal_basis_text("legitimate_interests", "sv") == \
        "Den personuppgiftsansvariges berättigade intresse (artikel 6.1 f i dataskyddsförordningen)"
    assert models.clause_text("security", "fi") == "Turvallisuustoimet, 32 art. (28(3)(c))"
    assert i18n.label(erasure.GROUNDS, "c", "fi") == (
        "17(1)(c): rekisteröity on vastustanut käsittelyä (21 artikla), eikä perusteltua syytä jatkaa ole "
        "tai kyse on suoramarkkinoinnista")
    assert i18n.label(erasure.GROUNDS, "a", "sv").startswith("17.1 a: uppgifterna är inte längre nödvändiga")
    # a task that is open is "Avoin"/"Öppen", not the button's "Avaa"/"Öppna"
    assert i18n.label(tasks.STATUSES, "open", "fi") == "Avoin"
    assert i18n.label(tasks.STATUSES, "open", "sv") == "Öppen"
    assert i18n.label(tasks.ACTIONS, "search", "fi") == "Haku"


def test_an_unknown_key_is_shown_as_it_is():
    assert models.request_type_text("telepathy", "sv") == "telepathy"
    assert i18n.label(tasks.STATUSES, None, "fi") == ""


# ---------------------------------------------------------------- the notice's completeness check

def test_notice_items_and_labels_in_three_languages():
    from kpcore import notice

    for n, key, title, req in notice.ITEMS:
        texts = {lang: i18n.gettext(title, lang) for lang in i18n.LANGS}
        assert len(set(texts.values())) == 3, (n, texts)
    assert notice.ITEMS[0][2] == "Controller and contact details"
    assert i18n.gettext(notice.ITEMS[7][2], "fi") == "Säilytysaika"
    for key in notice.STATEMENT_TEXT:
        assert len({notice.statement_text(key, lang) for lang in i18n.LANGS}) >= 2, key
    assert notice.statement_text("rights", "fi") == "Rekisteröidyn oikeudet"
    assert notice.statement_text("rights", "sv") == "Den registrerades rättigheter"
    assert set(notice.LABELS["sv"]) == set(notice.LABELS["fi"]) == set(notice.NOTICE_LABELS)
    assert notice.LABELS["fi"]["retention"] == "Säilytysaika" and notice.LABELS["sv"]["retention"] == "Lagringstid"
    assert notice.LABELS["fi"]["c_business_id"] == "Y-tunnus" and notice.LABELS["sv"]["c_business_id"] == "FO-nummer"
    assert notice.LANG_NAMES["fi"]["sv"] == "ruotsi" and notice.LANG_NAMES["sv"]["fi"] == "finska"


def test_completeness_details_in_the_readers_language(reg):
    """A fresh register: every purpose's basis is a proposal. The Finnish wording is as before;
    a Swedish reader gets Swedish details and titles, also for the Swedish notice's own gaps."""
    from kpcore import notice

    with reg.read() as q:
        fi = {r["item"]: r for r in notice.completeness(q, "fi")}
        sv_fi = {r["item"]: r for r in notice.completeness(q, "fi", "sv")}
        sv = {r["item"]: r for r in notice.completeness(q, "sv")}
        lines_sv = notice.blocking_lines(q, ["fi", "sv"], "sv")
        lines_fi = notice.blocking_lines(q, ["fi", "sv"], "fi")
    assert fi[3]["detail"].startswith("Oikeusperuste vahvistamatta: Myynti ja markkinointi")
    assert fi[3]["title_fi"] == "Käsittelyn tarkoitus ja oikeusperuste"
    # the Finnish notice's gap, told to a Swedish reader: Swedish words and the purposes' Swedish names
    assert sv_fi[3]["detail"].startswith("Rättslig grund inte bekräftad: Försäljning och marknadsföring")
    assert sv[3]["detail"].startswith("Rättslig grund inte bekräftad: Försäljning och marknadsföring")
    assert fi[4]["status"] == sv[4]["status"]
    line3 = next(x for x in lines_sv if x.startswith("3."))
    assert line3.startswith("3. Ändamålen med behandlingen och den rättsliga grunden – inte bekräftad (finska, svenska)")
    assert "vahvistamatta" not in " ".join(lines_sv) and "Käsittelyn" not in " ".join(lines_sv)
    assert next(x for x in lines_fi if x.startswith("3.")).startswith(
        "3. Käsittelyn tarkoitus ja oikeusperuste – vahvistamatta (suomi, ruotsi): Oikeusperuste vahvistamatta")
    # the Swedish notice's own gap (its recipients' Swedish roles), in the reader's language
    assert any("Ruotsinkielinen rooli ehdotettu" in x or "vastaanottajaa ehdotettu" in x for x in lines_fi)


def test_engagement_flags_and_marketing_texts_in_three_languages():
    from kpcore import marketing, processors

    for key, flag in processors.FLAGS.items():
        for fn in (flag.text, flag.short):
            texts = {lang: fn(lang) for lang in i18n.LANGS}
            assert len(set(texts.values())) == 3, (key, texts)
    assert processors.FLAGS["no_agreement"].text("fi") == "Ei allekirjoitettua käsittelysopimusta (28(3) art.)"
    assert processors.FLAGS["no_agreement"].short("sv") == "Inget avtal"
    for key in marketing.BASIS_TEXT:
        assert len({marketing.basis_text(key, lang) for lang in i18n.LANGS}) == 3, key
    assert marketing.basis_text("none", "fi") == "ei sähköistä suoramarkkinointia: vain puhelin tai posti"
    assert marketing.basis_text("none", "sv") == "ingen elektronisk direktmarknadsföring: endast telefon eller post"
    assert marketing.statement_text("fi").startswith("Sähköistä suoramarkkinointia (sähköposti, tekstiviesti)")
    assert marketing.statement_text("sv").startswith("Elektronisk direktmarknadsföring (e-post, textmeddelande)")
    assert marketing.statement_text("en").startswith("Electronic direct marketing (email, text message)")


def test_retention_sentences_from_the_catalogs_in_three_languages():
    import datetime as dt

    from kpcore import retention as R

    assert R.sentence("last_contact", 36, "fi", direct_marketing=True) == \
        "Kolme vuotta viimeisestä yhteydenotosta tai kunnes henkilö kieltää suoramarkkinoinnin."
    assert R.sentence("last_contact", 36, "sv", direct_marketing=True) == \
        "Tre år från den senaste kontakten eller tills personen invänder mot direktmarknadsföring."
    assert R.sentence("last_contact", 36, "en", direct_marketing=True) == \
        "Three years from the last contact, or until the person objects to direct marketing."
    assert R.sentence("collection", 14, "sv", ip_full_days=30) == \
        "14 månader från det att uppgifterna samlades in; fullständiga IP-adresser förkortas efter 30 dagar."
    assert R.sentence("contract_end", 12, "fi") == "Asiakassopimuksen voimassaoloaika ja yksi vuosi sen päättymisestä."
    assert R.sentence("contract_end", 132, "en") == "For the term of the customer agreement and 11 years after it ends."
    assert R.duration(1, "sv") == "en månad" and R.duration(12, "sv") == "ett år" and R.duration(2, "fi") == "2 kuukautta"
    assert R.sentence("nowhere", 12, "sv") == "Ingen lagringstid har fastställts."
    end = R.LinkEnd("p", "last_contact", 24, True, False, dt.date(2025, 3, 4), dt.date(2027, 3, 4))
    assert R.person_sentence(end, "fi") == "4.3.2027 asti (kaksi vuotta; viimeisin yhteydenotto 4.3.2025)."
    assert R.person_sentence(end, "sv") == "Till och med 4.3.2027 (två år från den senaste kontakten, 4.3.2025)."
    unknown = R.LinkEnd("p", "contract_end", 24, False, False, dt.date(2025, 3, 4), dt.date(2027, 3, 4))
    assert "Registret innehåller inte din organisations kundavtal" in R.person_sentence(unknown, "sv")
    assert R.visits_sentence(14, dt.date(2026, 1, 31), "en") == \
        "Each visit is deleted 14 months after it: the oldest recorded visit (31.1.2026) by 31.3.2027 at the latest."
    for anchor in R.ANCHORS:
        assert len({R.anchor_name(anchor, lang) for lang in i18n.LANGS}) == 3


def test_the_seed_takes_its_three_languages_from_the_catalogs():
    """kp init's facts: no inline (Finnish, English) pairs in kpcore/seed.py; each fact's Finnish,
    Swedish and English come from the catalogs, and the Finnish is the notice's wording."""
    import ast
    from pathlib import Path

    from kpcore import seed

    tree = ast.parse(Path(seed.__file__).read_text(encoding="utf-8"))
    tables = [n for n in tree.body if isinstance(n, ast.Assign)
              and n.targets[0].id in ("_CATEGORIES", "_PURPOSES", "_SOURCES", "_RECIPIENTS", "_STATEMENTS")]
    assert len(tables) == 5
    for node in tables:
        for const in ast.walk(node.value):
            if isinstance(const, ast.Constant) and isinstance(const.value, str):
                assert not any(ch in const.value for ch in "äöÄÖ") or "|" in const.value, const.value[:60]
    assert seed.CATEGORIES[0][2:4] == ("Puhelinnumero", "Phone number") and seed.CATEGORIES_SV["phone"] == "Telefonnummer"
    p = seed.PURPOSES[0]
    assert (p["name_fi"], p["name_sv"], p["name_en"]) == (
        "Myynti ja markkinointi", "Försäljning och marknadsföring", "Sales and marketing")
    assert p["group_fi"] is None and p["group_sv"] is None
    assert seed.STATEMENTS["title"] == ("MARKKINOINNIN JA ASIAKASPALVELUN TIETOSUOJASELOSTE",
                                        "PRIVACY NOTICE FOR MARKETING AND CUSTOMER SERVICE", True)
    assert seed.STATEMENTS_SV["title"] == "DATASKYDDSBESKRIVNING FÖR MARKNADSFÖRING OCH KUNDSERVICE"
    assert seed.SOURCES_SV["partner"] == ("Samarbetspartner", "från en samarbetspartner")
    assert seed.RECIPIENTS[0][1] == "Sähköposti- ja toimisto-ohjelmistopalvelun tarjoaja"


def test_tables_that_said_the_same_are_one_table():
    """`duplicates` and a scan for key -> message tables found the same labels kept in two or three
    modules (a translation fixed in one stayed wrong in the other: "Ei todennäköinen riski" beside
    "Ei todennäköisesti aiheuta riskiä" for the same breach). Each is one table now."""
    import ast
    from pathlib import Path

    from kpcore import breaches, processor_record, processors
    from kpcore.breach import risk
    from kpcore.notice import terms

    assert breaches.RISK_TEXT is risk.LEVEL_TEXT
    assert i18n.label(breaches.RISK_TEXT, "unlikely", "fi") == "Ei todennäköisesti aiheuta riskiä"
    for field, column in (("business_id", "business_id"), ("address", "address"), ("contact_name", "contact"),
                          ("contact_email", "contact_email"), ("dpo_name", "dpo"), ("dpo_email", "dpo_email")):
        assert processor_record.RECORD_COLUMNS[column] is processors.CUSTOMER_LABELS[field]
    root = Path(__file__).resolve().parent.parent
    # the views and the CLI read those tables and keep no copy of their own
    for path, copies in (("dashboard/views/processors.py", ('"Business ID"', '"DPO email"', '"Contact person"')),
                         ("dashboard/views/notice.py", ('"notice item state"',)),
                         ("kpcore/cli/notice.py", ('"notice status"', '"language"')),
                         ("kpcore/compliance.py", ('NP_("language"',))):
        text = (root / path).read_text(encoding="utf-8")
        for copy in copies:
            assert copy not in text, (path, copy)
    assert ast.parse((root / "kpcore/notice/terms.py").read_text(encoding="utf-8"))
    assert set(terms.ITEM_STATES) == {"present", "missing", "unconfirmed"}
    assert {lang: i18n.gettext(terms.ITEM_STATES["missing"], lang) for lang in i18n.LANGS} == {
        "fi": "puuttuu", "sv": "saknas", "en": "missing"}
