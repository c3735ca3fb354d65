"""Every PDF the register prints, laid out with care (issue 16 §8): no word split in the middle
inside a table cell or a chart label ("Asiantuntijapalveluide|n"), nothing outside the
margins, at two data sizes. Read back with `pdftotext -bbox` (word boxes), checked by qpdf."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
from html import unescape

import pytest

from kpcore import db, demo

MARGIN = 18 * 72 / 25.4  # kpcore.pdf.common.build(): 18 mm on each side
SLACK = 1.0  # points


def words(pdf: bytes, tmp_path, name: str) -> list[tuple[int, float, float, float, str]]:
    """(page, xMin, xMax, yMin, word) of every word; also checks the file with qpdf."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0, name
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    found, page = [], 0
    for line in out.splitlines():
        if "<page " in line:
            page += 1
            width = float(re.search(r'width="([\d.]+)"', line).group(1))
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*)</word>', line)
        if m:
            found.append((page, float(m.group(1)), float(m.group(3)), float(m.group(2)), unescape(m.group(4))))
    assert found and width > 500, name
    return found


def vocabulary(q) -> set[str]:
    """Words the register's own names and our labels use (6 letters or more)."""
    from kpcore.models import REQUEST_STATUSES, REQUEST_TYPES, request_status_text, request_type_text

    texts = []
    for sql in ("SELECT name_fi, name_en, name_sv FROM purpose", "SELECT name_fi, name_en, name_sv FROM source",
                "SELECT name_fi, name_en, name_sv FROM data_category", "SELECT name, role_fi, role_en, role_sv FROM recipient"):
        texts += [str(v) for row in q.sql(sql).fetchall() for v in row if v]
    texts += [fn(k, lang) for table, fn in ((REQUEST_TYPES, request_type_text), (REQUEST_STATUSES, request_status_text))
              for k in table for lang in ("fi", "en")]
    texts += ["Yhteistyökumppani", "Käsittelyjä", "Toimeksiannot", "Asiakkaalle", "Ilmoitusaika", "vastaanotettu",
              "päivämäärä", "Vastaanottaja", "Käyttötarkoitus", "Käsittelijä", "Rekisteröityjen",
              # Swedish labels (issue 18)
              "Personuppgiftsansvarig", "personuppgiftsbiträde", "Personuppgiftsincidenter", "Dataskyddsombud",
              "underrättad", "underrättade", "begäranden", "Behandlade", "Försenade", "Samarbetspartner",
              "Ändamålskopplingar", "Dataskyddsbeskrivningens", "Tidsfristen", "anmälningspliktiga", "Iakttagelser",
              "Personuppgiftsbiträdesavtal", "Underbiträde", "Programvaruleverantör", "Kategorier", "registrerade"]
    return {w for t in texts for w in re.findall(r"[A-Za-zÅÄÖåäöÜüéÉ]{6,}", t)}


def split_words(found, vocab: set[str]) -> list[str]:
    """Vocabulary words printed in two pieces: a head (maybe hyphenated) ending a line and the
    tail beginning the next line of the same cell (below, not to the right of the head). The
    tail must be the whole next word: "person" ending a line above "such" is prose, not a split."""
    bad = []
    for i, (page, x0, _, y0, w) in enumerate(found):
        head = w.rstrip("-")
        if len(head) < 3 or head in vocab:
            continue
        for v in vocab:
            if v.startswith(head) and v != head:
                tail = v[len(head):]
                if any(p == page and 0 < y - y0 < 20 and x <= x0 + 1 and nxt.rstrip(".,;:)»”'") == tail
                       for p, x, _, y, nxt in found[i + 1:i + 60]):
                    bad.append(f"{head}|{tail}")
    return sorted(set(bad))


def outside(found, page_width: float = 595.2756) -> list[str]:
    return [f"p{p}: {w!r} at {x0:.0f}–{x1:.0f} pt" for p, x0, x1, _, w in found
            if x0 < MARGIN - SLACK or x1 > page_width - MARGIN + SLACK]


def every_pdf(path) -> dict[str, bytes]:
    """Notice, access report, Art. 30 records, quarterly report and letters, fi and en; the Art. 30
    records, the quarterly report and the breach notifications also in Swedish."""
    from kpcore import notice, quarter, record, requests, sar
    from kpcore.pdf import letters
    from kpcore.pdf.notice import build_notice
    from kpcore.processor_record import record_pdf

    reg = db.Register(path)
    out = {}
    with reg.read() as q:
        # the person with the most purpose links and a request
        email, rid = q.sql("""SELECT c.email, max(rs.request_id) FROM contact c JOIN contact_purpose cp ON cp.contact_id = c.id
                              LEFT JOIN request_subject rs ON rs.contact_id = c.id
                              GROUP BY c.email ORDER BY count(DISTINCT cp.purpose) DESC, max(rs.request_id) NULLS LAST, c.email
                              LIMIT 1""").fetchall()[0]
        any_request = q.sql("SELECT min(id) FROM subject_request").fetchall()[0][0]
        this_quarter = quarter.of_date(dt.date.today())
        for lang in ("fi", "en"):
            out[f"notice-{lang}"] = build_notice(notice.document(q, lang))
            out[f"sar-{lang}"] = sar.report_pdf(q, email, lang=lang, request_id=rid)
            out[f"record-{lang}"] = record.controller_record(q, fmt="pdf", lang=lang)
            out[f"processor-record-{lang}"] = record_pdf(q, lang=lang)
            out[f"quarter-{lang}"] = quarter.report_pdf(q, this_quarter, lang)
            out[f"quarter-prev-{lang}"] = quarter.report_pdf(q, quarter.previous(this_quarter), lang)
            req = requests.get(q, any_request)
            controller = q.one("controller")
            out[f"extension-{lang}"] = letters.extension_notice(controller, {
                **req, "extended_on": req.get("extended_on") or dt.date.today(),
                "extension_reason": req.get("extension_reason") or "Pyyntöjä on saapunut poikkeuksellisen paljon; "
                "Asiantuntijapalveluiden yhteyshenkilöiden tiedot kootaan kolmesta järjestelmästä."}, lang=lang)
            req["refusal_reason"] = req.get("refusal_reason") or (
                "Pyyntö on ilmeisen perusteeton (12 artiklan 5 kohta), koska samaa tietoa on pyydetty kolme kertaa "
                "kuukauden aikana ja Asiantuntijapalveluiden yhteyshenkilöt – ryhmä 1 -tiedot on jo toimitettu.")
            statements = {r["key"]: r["body"] for r in q.all("sar_statements", {"lang": lang})}
            out[f"refusal-{lang}"] = letters.refusal_letter(controller, req, statements, lang=lang)
            from kpcore.breach import outputs as breach_outputs  # issue 15: notification, controller notices
            out[f"breach-notification-{lang}"] = breach_outputs.notification_pdf(q, 1, lang, 1)
            out[f"breach-draft-{lang}"] = breach_outputs.notification_pdf(q, 4, lang, None)
            out[f"breach-controllers-{lang}"] = breach_outputs.controller_notice_pdf(q, 5, None, lang)
        # issue 18 §2: the Swedish record, processor record, quarterly report and notifications
        from kpcore.breach import outputs as breach_outputs
        out["record-sv"] = record.controller_record(q, fmt="pdf", lang="sv")
        out["processor-record-sv"] = record_pdf(q, lang="sv")
        out["quarter-sv"] = quarter.report_pdf(q, this_quarter, "sv")
        out["quarter-prev-sv"] = quarter.report_pdf(q, quarter.previous(this_quarter), "sv")
        out["breach-draft-sv"] = breach_outputs.notification_pdf(q, 4, "sv", None)
        out["breach-controllers-sv"] = breach_outputs.controller_notice_pdf(q, 5, None, "sv")
    return out


@pytest.fixture(scope="module", params=[40, 1500], ids=["40-contacts", "1500-contacts"])
def pdfs(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("pdfs") / "r.duckdb"
    r = db.create(path)
    demo.populate(r, contacts=request.param, visits=10 * request.param, seed=3)
    with r.read() as q:
        vocab = vocabulary(q)
    return every_pdf(path), vocab


def test_no_word_is_split_and_nothing_crosses_the_margins(pdfs, tmp_path):
    docs, vocab = pdfs
    problems = []
    for name, pdf in docs.items():
        found = words(pdf, tmp_path, name)
        problems += [f"{name}: split {s}" for s in split_words(found, vocab)]
        problems += [f"{name}: outside the margins: {s}" for s in outside(found)]
        problems += [f"{name}: cut short: {w}" for *_, w in found if len(w) > 1 and w.endswith("…")]
    assert problems == [], "\n".join(problems)


def test_the_checks_catch_what_they_must(tmp_path):
    """A table forced too narrow splits a word, a too-wide one crosses the margin: both caught."""
    from reportlab.platypus import Table

    from kpcore.pdf import common as c

    st = c.styles()
    narrow = Table([[c.Cell("Asiantuntijapalveluiden yhteyshenkilöt", st["cell"]), "x"]], colWidths=[30 * c.mm, 10 * c.mm])
    wide = Table([[c.Cell("Vasen", st["cell"]), c.Cell("Oikea", st["cell"])]], colWidths=[150 * c.mm, 60 * c.mm])
    found = words(c.build([narrow], title="t", footer="f"), tmp_path, "narrow")
    assert split_words(found, {"Asiantuntijapalveluiden"})
    assert outside(words(c.build([wide], title="t", footer="f"), tmp_path, "wide"))


def test_fit_widths_keeps_words_whole_inside_the_frame():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from kpcore.pdf import common as c

    st = c.styles()
    head = ["Käyttötarkoitus", "Yhteydenotot", "Yhteistyökumppani", "Julkiset lähteet", "Yhteensä"]
    rows = [["Asiantuntijapalveluiden yhteyshenkilöt – ryhmä 1", "3", "3", "2", "8"]] * 3
    data = [[c.Cell(h, st["cellhead"]) for h in head]] + [[c.Cell(x, st["cell"]) for x in r] for r in rows]
    widths = c.fit_widths(data)
    assert sum(widths) <= c.FRAME_WIDTH + 0.01
    assert widths[0] >= stringWidth("Asiantuntijapalveluiden", c.FONT, 8.5) + c.CELL_PADDING
    assert widths[2] >= stringWidth("Yhteistyökumppani", c.FONT_BOLD, 8.5) + c.CELL_PADDING
    # preferred widths too narrow for a word: the room comes from a column with some to spare
    widths = c.fit_widths(data, [40 * c.mm, 20 * c.mm, 10 * c.mm, 50 * c.mm, 50 * c.mm])
    assert widths[2] >= stringWidth("Yhteistyökumppani", c.FONT_BOLD, 8.5) + c.CELL_PADDING
    assert sum(widths) <= c.FRAME_WIDTH + 0.01
    # preferred widths wider than the frame are brought inside it
    assert sum(c.fit_widths(data, [100 * c.mm] * 5)) <= c.FRAME_WIDTH + 0.01
    # a hostile 10,000-letter word cannot push the table off the page
    huge = data + [[c.Cell("x" * 10_000, st["cell"]), c.Cell("1", st["cell"]), c.Cell("1", st["cell"]),
                    c.Cell("1", st["cell"]), c.Cell("1", st["cell"])]]
    assert sum(c.fit_widths(huge)) <= c.FRAME_WIDTH + 0.01
