"""The access report and the refusal, extension and erasure letters take their texts from the
translation catalogs (issue 18 §1-2): the builders translate with the gettext they are given, the
Swedish report and letters carry no Finnish or English text of their own, the Finnish and English
stay as they were, and no (Finnish, English) pair is left in their modules."""
from __future__ import annotations

import ast
import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from kpcore import i18n, requests as reqs, sar
from kpcore.errors import Refused
from kpcore.pdf import letters
from kpcore.pdf import sar as sar_pdf

D = dt.date
TODAY = D(2026, 11, 24)
IP = "91.152.34.77"
MODULES = ("kpcore/sar.py", "kpcore/pdf/sar.py", "kpcore/pdf/letters.py")


def text_of(pdf: bytes, tmp_path, name: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0, name
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", out)


@pytest.fixture
def person(reg):
    """One person in two purposes, with visits from an address, an extended access request and a
    report's worth of system results (#12) besides."""
    with reg.write("t", "test.person") as w:
        cid = w.sql("INSERT INTO contact (email, name, phone, organisation) VALUES ('anna@porvoo.fi', "
                    "'Anna Sundqvist', '+358401234567', 'Borgå stad') RETURNING id").fetchall()[0][0]
        w.sql("INSERT INTO contact_purpose (contact_id, purpose, source, collected_on, notice_sent_on) VALUES "
              "(?, 'sales_marketing', 'public', DATE '2026-05-04', DATE '2026-05-20'), "
              "(?, 'expert_admin', 'direct', DATE '2026-07-01', NULL)", [cid, cid])
        w.sql("INSERT INTO web_visit SELECT TIMESTAMP '2026-11-01' + INTERVAL (i) MINUTE, ?, i % 2 = 0, 'Firefox', "
              "'/blogi' FROM range(120) t(i)", [IP])
    r = reqs.add(reg, "dpo", type="access", email="anna@porvoo.fi", name="Anna Sundqvist", ip=IP,
                 received_on=D(2026, 10, 20), today=D(2026, 10, 20))
    reqs.extend(reg, "dpo", r["id"], reason="Begäran kräver utredning i flera system.", on=D(2026, 11, 2),
                today=D(2026, 11, 2))
    reqs.confirm_ip(reg, "dpo", r["id"], on=D(2026, 11, 3), today=D(2026, 11, 3))
    return r["id"]


def _build(data, **kw):
    sar.task_words(data.get("systems") or [])  # as sar.collect does for the tasks it reads
    return sar_pdf.build(data, **kw)


def _data(reg, request_id):
    with reg.read() as q:
        data = sar.collect(q, "anna@porvoo.fi", request_id=request_id, today=TODAY)
    at = dt.datetime(2026, 11, 5, 9, 30)
    data["systems"] = [
        {"system_name": "Posti", "processor_name": None, "processor_country": None, "status": "done", "found": True,
         "summary": "60 viestiä / 60 messages", "checked_at": at, "na_reason": None,
         "findings": [{"date": "2026-10-01T10:00", "folder": "INBOX", "subject": f"Offert {i}",
                       "correspondents": ["a@b.fi"]} for i in range(60)]},
        {"system_name": "Taulukko", "processor_name": "Infrasoft Oy", "processor_country": "FI", "status": "done",
         "found": True, "summary": "1 rivi / 1 row", "checked_at": at, "na_reason": None,
         "findings": [{"row": 2, "values": {"namn": "Anna"}}]},
        {"system_name": "CRM", "processor_name": "Acme", "processor_country": None, "status": "open", "found": False,
         "summary": None, "checked_at": None, "na_reason": None, "findings": []},
        {"system_name": "Arkiv", "processor_name": None, "processor_country": None, "status": "not_applicable",
         "found": False, "summary": None, "checked_at": None, "na_reason": "—", "findings": []},
        {"system_name": "Tom", "processor_name": None, "processor_country": None, "status": "done", "found": False,
         "summary": None, "checked_at": at, "na_reason": None, "findings": []},
    ]
    return data


def _letters(reg, request_id, lang, tmp_path) -> dict[str, str]:
    with reg.read() as q:
        req = reqs.get(q, request_id, today=TODAY)
        controller = q.one("controller")
        statements = {r["key"]: r["body"] for r in q.all("sar_statements", {"lang": lang})}
    return {
        "extension": text_of(letters.extension_notice(controller, req, lang=lang, today=TODAY), tmp_path, "ext"),
        "refusal": text_of(letters.refusal_letter(controller, {**req, "refusal_reason": "—"}, statements, lang=lang,
                                                  today=TODAY), tmp_path, "ref"),
        "erasure": text_of(letters.erasure_letter(controller, req, ground="—", kept=[], lang=lang, today=TODAY),
                           tmp_path, "era"),
        "partial": text_of(letters.erasure_letter(controller, req, ground="—", kept=[("X", "Y")], lang=lang,
                                                  today=TODAY), tmp_path, "era2"),
    }


def _own_texts() -> list[str]:
    """Every catalog message of the report and the letters (English msgids with their context)."""
    return [*sar_pdf.T.values(), *sar_pdf.TS.values(), *letters.T.values()]


def _lines(text: str) -> list[str]:
    """A message's fixed parts (between its placeholders), long enough to be told apart from data."""
    return [p.strip() for p in re.split(r"\{\w+\}", text) if len(p.strip()) >= 12]


def test_every_text_is_a_catalog_message_with_a_context_and_translated_in_each_language():
    for msg in _own_texts():
        assert getattr(msg, "context", None) == "reply to a request", msg
        fi, sv, en = (i18n.gettext(msg, lang) for lang in ("fi", "sv", "en"))
        assert en == msg and fi and sv, msg
        assert set(re.findall(r"\{(\w+)\}", sv)) == set(re.findall(r"\{(\w+)\}", msg)) == \
            set(re.findall(r"\{(\w+)\}", fi)), msg


def test_the_builders_translate_with_the_gettext_they_are_given(reg, person, tmp_path):
    """A builder's own texts come from the caller's translator (here one marking each text), not from
    a table of languages of its own."""
    def marked(message):
        return "«" + i18n.gettext(message, "en") + "»"

    data = _data(reg, person)
    text = text_of(_build(data, lang="en", gettext=marked), tmp_path, "marked")
    assert "«Your personal data: access report»" in text and "«Your data in the company's systems»" in text
    assert "«No data was found.»" in text and "Your personal data" not in text.replace("«Your personal data", "")
    with reg.read() as q:
        req = reqs.get(q, person, today=TODAY)
        controller = q.one("controller")
    ext = text_of(letters.extension_notice(controller, req, lang="en", today=TODAY, gettext=marked), tmp_path, "ext")
    assert "«Notice: the time to answer is extended»" in ext and "«Kind regards»" in ext


def test_the_swedish_report_and_letters_carry_no_finnish_or_english_text_of_their_own(reg, person, tmp_path):
    data = _data(reg, person)
    with reg.read() as q:
        none = sar.report_pdf(q, "nobody@example.fi", lang="sv", ip="1.2.3.4", today=TODAY)
    texts = {"report": text_of(_build(data, lang="sv"), tmp_path, "sv"), "none": text_of(none, tmp_path, "none"),
             **_letters(reg, person, "sv", tmp_path)}
    report = texts["report"]
    for sv in ("Utredning om dina personuppgifter", "Dina uppgifter i företagets system", "Kontrollen pågår ännu.",
               "De 50 första av 60 anges; alla finns i JSON/CSV-kopian.", "Förlängd 2.11.2026; motivering:",
               "Besök på webbplatsen från IP-adressen 91.152.34.77", "Rätt till tillgång (art. 15)",
               "Grund för elektronisk marknadsföring:", "Med vänliga hälsningar"):
        assert sv in report, sv
    assert "Meddelande om förlängd svarstid" in texts["extension"]
    assert "Svar på din begäran om radering" in texts["erasure"] and "Uppgifter som bevaras" in texts["partial"]
    found = []
    for msg in _own_texts():
        sv = i18n.gettext(msg, "sv")
        for lang in ("fi", "en"):
            other = i18n.gettext(msg, lang)
            if other == sv:
                continue
            for part in _lines(other):
                found += [f"{name}: {lang} {part!r}" for name, text in texts.items() if part in text]
    assert found == []


def test_finnish_and_english_stay_word_for_word(reg, person, tmp_path):
    """Sentences as the (Finnish, English) tables printed them before the catalogs."""
    fi, en = _letters(reg, person, "fi", tmp_path), _letters(reg, person, "en", tmp_path)
    assert ("Saimme pyyntösi 20.10.2026. Vastausaikaa pidennetään tietosuoja-asetuksen 12 artiklan 3 kohdan nojalla "
            "kahdella lisäkuukaudella. Vastaamme viimeistään 20.1.2027.") in fi["extension"]
    assert ("We received your request on 20.10.2026. Under Article 12(3) GDPR the time to answer is extended by two "
            "further months. We will answer by 20.1.2027 at the latest.") in en["extension"]
    assert "Ystävällisin terveisin KuntaPlus-projektipalvelu, tietosuojavastaava" in fi["refusal"]
    assert "Kind regards KuntaPlus-projektipalvelu, data protection officer" in en["refusal"]
    assert "Pyynnön numero" in fi["erasure"] and "Säilytetyt tiedot ja säilyttämisen peruste X: Y" in fi["partial"]
    data = _data(reg, person)
    fi_report = text_of(_build(data, lang="fi"), tmp_path, "fi")
    en_report = text_of(_build(data, lang="en"), tmp_path, "en")
    assert ("Verkkovierailujen analytiikkaan on tallennettu 120 käyntiä antamastasi IP-osoitteesta "
            "(1.11.2026 00:00 – 1.11.2026 01:59).") in fi_report
    assert "Pidennetty 2.11.2026; perustelu: Begäran" in fi_report and "Luettelossa 50 ensimmäistä 60:stä" in fi_report
    assert "Web visit analytics holds 120 visits from the IP address you gave (1.11.2026 00:00 – 1.11.2026 01:59)." \
        in en_report
    assert "Sähköisen markkinoinnin peruste: Myynti ja markkinointi: ei kirjattu: sähköistä markkinointia ei " \
           "lähetetä." in fi_report
    assert "Basis for electronic marketing: Sales and marketing: not recorded: no electronic marketing is sent." \
        in en_report


def test_the_refusal_to_build_an_unconfirmed_report_speaks_the_users_language(reg, person):
    words = {"fi": "Tarkastusraporttia ei luotu: nämä pakolliset tiedot ovat vahvistamatta",
             "en": "The access report was not built: these mandatory facts are not confirmed",
             "sv": "Utredningen om tillgång skapades inte: dessa obligatoriska uppgifter är inte bekräftade"}
    for lang, text in words.items():
        with pytest.raises(Refused, match=text):
            sar.generate(reg, "dpo", "anna@porvoo.fi", request_id=person, today=TODAY, ui_lang=lang)


def _pairs(path: Path) -> list[str]:
    """Inline language pairs: a tuple of two or more texts of several words, or `"…" if lang == "fi" else "…"`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple):
            texts = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if len([t for t in texts if " " in t.strip()]) >= 2:
                found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)[:80]}")
        if isinstance(node, ast.IfExp) and "lang" in ast.unparse(node.test) and all(
                isinstance(x, ast.Constant) and isinstance(x.value, str) and " " in x.value
                for x in (node.body, node.orelse)):
            found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)[:80]}")
    return found


def test_no_inline_language_pair_is_left_in_the_report_and_letter_modules(tmp_path):
    assert [p for m in MODULES for p in _pairs(ROOT / m)] == []
    planted = tmp_path / "planted.py"  # the check finds both forms
    planted.write_text('T = {"a": ("Nimi on", "The name")}\nx = "Hei maailma" if lang == "fi" else "Hello world"\n')
    assert len(_pairs(planted)) == 2


def test_one_visit_is_counted_in_the_singular(reg, person, tmp_path):
    """The count of visits is a plural message: '1 käynti', '1 visit'; Swedish 'besök' either way."""
    data = _data(reg, person)
    assert data["visit_stats"]["total"] == 120
    at = data["visits"][0]["visited_at"]
    one = {**data, "visits": data["visits"][:1], "visit_stats": {"total": 1, "first_at": at, "last_at": at}}
    when = f"({at.day}.{at.month}.{at.year} {at:%H:%M} – {at.day}.{at.month}.{at.year} {at:%H:%M})"
    words = {"fi": f"on tallennettu 1 käynti antamastasi IP-osoitteesta {when}.",
             "en": f"Web visit analytics holds 1 visit from the IP address you gave {when}.",
             "sv": f"I analysen av webbesök har 1 besök från den IP-adress du uppgav registrerats {when}."}
    for lang, sentence in words.items():
        text = text_of(_build(one, lang=lang), tmp_path, lang)
        assert text.count(sentence) == 2, lang  # in the sources and in the visits' own section
        assert "1 käyntiä" not in text and "1 visits" not in text


def test_the_systems_section_is_numbered_in_line_with_the_others(reg, person, tmp_path):
    """Sections are numbered 1, 2, 3, ... as printed: the systems' results (#12) too (it had no number,
    between '9.' and '10.')."""
    text = text_of(_build(_data(reg, person), lang="fi"), tmp_path, "fi")
    heads = re.findall(r"(\d{1,2})\. (Verkkosivuston käynnit|Tietosi yrityksen järjestelmissä|Pyyntösi)", text)
    assert [h for _, h in heads] == ["Verkkosivuston käynnit", "Tietosi yrityksen järjestelmissä", "Pyyntösi"]
    assert [int(n) for n, _ in heads] == [9, 10, 11]


def test_a_found_items_time_reads_as_the_reports_other_times(reg, person, tmp_path):
    """A message's ISO date from the mail connector is written 1.10.2026 10:00 (its own clock time),
    as every other time of the report; a date the connector could not give stays as it is."""
    data = _data(reg, person)
    data["systems"][0]["findings"][0]["date"] = "2026-10-02T08:05:00+03:00"
    data["systems"][0]["findings"][1]["date"] = "tuntematon"
    for lang in ("fi", "sv", "en"):
        text = text_of(_build(data, lang=lang), tmp_path, lang)
        assert "2.10.2026 08:05 INBOX Offert 0" in text and "tuntematon INBOX Offert 1" in text
        assert "1.10.2026 10:00 INBOX Offert 2" in text and "2026-10-01" not in text


def test_a_connectors_summary_is_in_the_reports_language(reg, person, tmp_path):
    """A connector stores its summary 'suomeksi / in English': Finnish and English print their half, Swedish
    counts the found messages or rows in Swedish (it printed the English); a DPO's note stays as written."""
    data = _data(reg, person)
    data["systems"][0]["match_count"] = 60
    data["systems"][2] = {**data["systems"][1], "system_name": "Paperi", "summary": "Kansio arkistossa, 2 sivua"}
    found = {lang: text_of(_build(data, lang=lang), tmp_path, lang) for lang in ("fi", "sv", "en")}
    assert "Löytyi: 60 viestiä Tarkistettu" in found["fi"] and "Löytyi: 1 rivi Tarkistettu" in found["fi"]
    assert "Found: 60 messages Checked" in found["en"] and "Found: 1 row Checked" in found["en"]
    assert "Hittades: 60 meddelanden Kontrollerat" in found["sv"] and "Hittades: 1 rad Kontrollerat" in found["sv"]
    assert "messages" not in found["sv"] and "row" not in found["sv"]
    for text in found.values():
        assert "Kansio arkistossa, 2 sivua" in text


def test_recipients_are_named_in_the_reports_language(reg, person, tmp_path):
    """A recipient's Swedish and English name (issue 18 §2) is what the report of that language prints,
    as its notice does; Finnish prints the name."""
    from kpcore import seed

    fi_name, names = seed.RECIPIENTS[1][1], seed.RECIPIENT_NAMES[2]
    data = _data(reg, person)
    text = {lang: text_of(_build(data, lang=lang), tmp_path, lang) for lang in ("fi", "sv", "en")}
    assert fi_name in text["fi"] and names["sv"] not in text["fi"]
    assert names["sv"] in text["sv"] and fi_name not in text["sv"]
    assert names["en"] in text["en"] and fi_name not in text["en"]
