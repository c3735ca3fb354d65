"""What every PDF of the register shares: embedded DejaVu fonts, styles, page template.

Builders are pure functions returning bytes. Register text is markup-escaped with `esc`
before it reaches a Paragraph; `para`/`table` do that for you. Fonts are TrueType with
full Unicode coverage, embedded, so Łukasz Żółć prints as written.
"""
from __future__ import annotations

import datetime as dt
import io
from functools import lru_cache
from pathlib import Path
from html import escape as _html_escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (Flowable, KeepTogether, ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer,
                                Table, TableStyle)

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#616e7c")
ACCENT = colors.HexColor("#1d4e89")
RULE = colors.HexColor("#cbd2d9")
DANGER = colors.HexColor("#b42318")


@lru_cache(maxsize=1)
def register_fonts() -> None:
    from .ttfcache import ttfont  # the fonts as ReportLab parses them, kept parsed next to them (issue 18 §5)

    pdfmetrics.registerFont(ttfont(FONT, FONT_DIR / "DejaVuSans.ttf"))
    pdfmetrics.registerFont(ttfont(FONT_BOLD, FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13, textColor=INK, alignment=TA_LEFT,
                          spaceAfter=4)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, textColor=MUTED),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=6,
                                textColor=ACCENT),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10, leading=13, textColor=MUTED, spaceAfter=10),
        "h1": ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=12, leading=15, spaceBefore=10,
                             spaceAfter=4, textColor=ACCENT),
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=10, leading=13, spaceBefore=6,
                             spaceAfter=2),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11, spaceAfter=0),
        "cellhead": ParagraphStyle("cellhead", parent=base, fontName=FONT_BOLD, fontSize=8.5, leading=11,
                                   spaceAfter=0, textColor=colors.white),
    }


def esc(value) -> str:
    """Register text made safe for Paragraph markup; None becomes an empty string."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    text = _html_escape(str(value), quote=False)  # & < > as xml.sax.saxutils.escape, without its urllib
    # Control characters other than newline/tab would break the PDF text operators.
    text = "".join(ch if ch in "\n\t" or ord(ch) >= 32 else "\ufffd" for ch in text)
    # Beyond the Basic Multilingual Plane (emoji, ...) the embedded font has no glyphs and
    # ReportLab would print a wrong character: print the code point instead.
    if any(ord(ch) > 0xFFFF for ch in text):
        text = "".join(ch if ord(ch) <= 0xFFFF else f"[U+{ord(ch):04X}]" for ch in text)
    return text.replace("\n", "<br/>")


def plain(value) -> str:
    """Register text for a canvas string (drawString: no markup): control characters and
    characters beyond the embedded font (emoji) shown as esc() shows them, never a wrong glyph."""
    text = "" if value is None else str(value)
    text = "".join(ch if ord(ch) >= 32 else "\ufffd" for ch in text)
    return "".join(ch if ord(ch) <= 0xFFFF else f"[U+{ord(ch):04X}]" for ch in text)


class Cell(Paragraph):
    """A table cell's paragraph. A 10,000-character word must not make the table's automatic
    column widths collapse: its minimum width is capped, and the word itself is split over
    lines (ParagraphStyle.splitLongWords)."""

    def minWidth(self):
        return min(super().minWidth(), 35 * mm)


def para(text, style: str = "body") -> Paragraph:
    """A paragraph of plain register text (escaped)."""
    return Paragraph(esc(text), styles()[style])


def markup(text: str, style: str = "body") -> Paragraph:
    """A paragraph of trusted markup written by this program (parts from the register escaped by the caller)."""
    return Paragraph(text, styles()[style])


class _Bullets(Flowable):
    """Bulleted paragraphs as one flowable that splits into its paragraphs when it does not
    fit (ReportLab's ListFlowable fails to split a very long item in the middle of a page)."""

    def __init__(self, paragraphs: list):
        super().__init__()
        self.items = paragraphs

    def wrap(self, aw, ah):
        self._heights = [f.wrap(aw, ah)[1] + f.getSpaceAfter() for f in self.items]
        self.width, self.height = aw, sum(self._heights)
        return self.width, self.height

    def split(self, aw, ah):
        first, rest = self.items[0], self.items[1:]
        if first.wrap(aw, ah)[1] <= ah:  # the frame needs the first part to fit where it is
            return [first] + ([_Bullets(rest)] if rest else [])
        parts = first.split(aw, ah)
        return (parts + rest) if parts else []

    def draw(self):
        y = self.height
        for f, h in zip(self.items, self._heights):
            y -= h
            f.drawOn(self.canv, 0, y + f.getSpaceAfter())


def bullets(items, style: str = "body") -> Flowable:
    base = styles()[style]
    st = ParagraphStyle(f"{base.name}-bullet", parent=base, leftIndent=22, bulletIndent=12, bulletFontName=FONT)
    return _Bullets([Paragraph(esc(i), st, bulletText="•") for i in items])


def table_style(extra: list | None = None) -> TableStyle:
    """A TableStyle for hand-made tables: DejaVu in every cell (Table defaults to Helvetica)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP")] + (extra or []))


FRAME_WIDTH = A4[0] - 36 * mm  # build()'s margins: 18 mm each side
CELL_PADDING = 12  # Table's default LEFTPADDING + RIGHTPADDING, points
LONGEST_WORD = 60 * mm  # a longer "word" (hostile input, a URL) may still be split


def _cell_text(cell) -> tuple[str, str, float]:
    """(plain text, font, size) of a table cell."""
    if isinstance(cell, Paragraph):
        return cell.getPlainText(), cell.style.fontName, cell.style.fontSize
    return str(cell), FONT, 8.5


def fit_widths(data: list[list], preferred: list[float] | None = None, avail: float = FRAME_WIDTH) -> list[float]:
    """Column widths that keep the table inside the frame and break no word inside a cell.

    Each column is at least as wide as its longest word (up to LONGEST_WORD); the room left
    goes to the columns whose text would otherwise wrap, in proportion to their need. With
    `preferred` widths those are kept as far as the words allow: a column too narrow for a
    word takes the room from columns that have some to spare. Only when the longest words
    of all columns together are wider than the frame are they shrunk (and then split).
    """
    n = max(len(r) for r in data)
    least, natural = [0.0] * n, [0.0] * n
    for row in data:
        for i, cell in enumerate(row):
            text, font, size = _cell_text(cell)
            words = text.split() or [""]
            least[i] = max(least[i], min(LONGEST_WORD, max(pdfmetrics.stringWidth(w, font, size) for w in words)) + CELL_PADDING)
            natural[i] = max(natural[i], max(pdfmetrics.stringWidth(line, font, size) for line in text.split("\n"))
                             + CELL_PADDING)
    natural = [max(a, b) for a, b in zip(least, natural)]
    if sum(least) > avail:  # cannot be helped: shrink every column alike
        return [w * avail / sum(least) for w in least]
    if preferred is None:
        if sum(natural) <= avail:
            return natural
        spare, need = avail - sum(least), [b - a for a, b in zip(least, natural)]
        return [a + spare * d / sum(need) for a, d in zip(least, need)]
    widths = [float(w) for w in preferred]
    if sum(widths) > avail:
        widths = [w * avail / sum(widths) for w in widths]
    short = sum(max(0.0, a - w) for a, w in zip(least, widths))
    if short <= 0:
        return widths
    slack = [max(0.0, w - a) for a, w in zip(least, widths)]
    return [max(a, w - short * s / sum(slack)) if s else max(a, w) for a, w, s in zip(least, widths, slack)]


def table(header: list[str], rows: list[list], col_widths: list[float] | None = None,
          zebra: bool = True) -> Table:
    """A table of plain text cells (escaped), header repeated on every page. Its columns are
    sized by fit_widths: inside the margins, no word split inside a cell."""
    st = styles()
    data = [[Cell(esc(h), st["cellhead"]) for h in header]]
    data += [[c if hasattr(c, "wrapOn") else Cell(esc(c), st["cell"]) for c in row] for row in rows]
    # splitInRow: a row taller than a page (a very long value) continues on the next page
    t = Table(data, colWidths=fit_widths(data, col_widths), repeatRows=1, hAlign="LEFT", splitInRow=1)
    cmds = [("FONTNAME", (0, 0), (-1, -1), FONT), ("BACKGROUND", (0, 0), (-1, 0), ACCENT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE), ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    if zebra:
        cmds += [("BACKGROUND", (0, i), (-1, i), colors.HexColor("#f5f7fa")) for i in range(2, len(data), 2)]
    t.setStyle(TableStyle(cmds))
    return t


def key_values(pairs: list[tuple[str, object]], key_width: float = 55 * mm) -> Table:
    """Label/value rows (labels are ours, values are register text)."""
    st = styles()
    data = [[Cell(esc(k), st["cell"]), v if hasattr(v, "wrapOn") else Cell(esc(v), st["cell"])]
            for k, v in pairs]
    t = Table(data, colWidths=[key_width, None], hAlign="LEFT", splitInRow=1)
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                           ("TEXTCOLOR", (0, 0), (0, -1), MUTED)]))
    return t


def build(story: list, *, title: str, footer: str, lang: str = "fi", author: str = "KuntaPlus-projektipalvelu",
          mark: str | None = None) -> bytes:
    """Render an A4 document: the footer text and 'page N / M' on every page; returns PDF bytes.
    `mark` (e.g. "LUONNOS – ei julkaistu") is printed in red at the top of every page."""
    register_fonts()
    buf = io.BytesIO()
    from .. import i18n

    page_word = i18n.pgettext("pdf footer", "Page", lang)

    class FooterCanvas(Canvas):
        """Keeps each finished page until the end, when the page count is known, then adds
        the footer: one layout pass instead of two (a second pass over the same flowables
        also fails: platypus marks those it pushed to a later page)."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._kp_pages: list[dict] = []

        def showPage(self):
            self._kp_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._kp_pages)
            for state in self._kp_pages:
                self.__dict__.update(state)
                self.saveState()
                self.setFont(FONT, 7.5)
                self.setFillColor(MUTED)
                self.drawString(18 * mm, 10 * mm, plain(footer)[:150])
                self.drawRightString(A4[0] - 18 * mm, 10 * mm, f"{page_word} {self._pageNumber} / {total}")
                if mark:
                    self.setFont(FONT_BOLD, 10)
                    self.setFillColor(DANGER)
                    self.setStrokeColor(DANGER)
                    self.drawCentredString(A4[0] / 2, A4[1] - 11 * mm, mark[:90])
                    self.line(18 * mm, A4[1] - 12.8 * mm, A4[0] - 18 * mm, A4[1] - 12.8 * mm)
                self.restoreState()
                super().showPage()
            super().save()

    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm,
                            bottomMargin=18 * mm, title=title, author=author, lang=lang,
                            initialFontName=FONT)  # else each page starts in unembedded Helvetica
    doc.build(list(story), canvasmaker=FooterCanvas)
    return buf.getvalue()


__all__ = ["A4", "KeepTogether", "Spacer", "mm", "esc", "para", "markup", "bullets", "table", "key_values", "build",
           "styles"]
