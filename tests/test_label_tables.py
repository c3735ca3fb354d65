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
