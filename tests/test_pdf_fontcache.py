"""The fonts' kept parse (kpcore.pdf.ttfcache, issue 18 §5) changes nothing in a PDF: a face read
back equals ReportLab's own parse, attribute by attribute, and a document built with either is the
same bytes. A kept parse that does not belong to the font's bytes (or is damaged) is not used."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kpcore.pdf import common, ttfcache

FONTS = sorted(common.FONT_DIR.glob("*.ttf"))
SCALE_SAMPLES = (0, 1, -240, 1000, 2048, 1234.5)


def test_both_fonts_are_kept_for_this_reportlab():
    assert [f.name for f in FONTS] == ["DejaVuSans-Bold.ttf", "DejaVuSans.ttf"]
    for font in FONTS:  # if this fails after a font or ReportLab upgrade: python -m kpcore.pdf.ttfcache
        assert ttfcache.load_face(font) is not None, font


def assert_same_font(kept: TTFont, parsed: TTFont) -> None:
    assert type(kept) is type(parsed)
    assert set(kept.__dict__) == set(parsed.__dict__)
    for k, v in parsed.__dict__.items():
        if k == "face":
            continue
        if k == "encoding":
            assert type(kept.encoding) is type(v) and kept.encoding.__dict__ == v.__dict__
        elif k == "state":
            assert type(kept.state) is type(v) and len(kept.state) == len(v) == 0
        else:
            assert kept.__dict__[k] == v, k
    assert type(kept.face) is type(parsed.face)
    assert set(kept.face.__dict__) == set(parsed.face.__dict__)
    for k, v in parsed.face.__dict__.items():
        if k == "_pdfScale":
            assert [kept.face._pdfScale(x) for x in SCALE_SAMPLES] == [v(x) for x in SCALE_SAMPLES]
        else:
            mine = kept.face.__dict__[k]
            assert type(mine) is type(v) and mine == v, k
            assert getattr(mine, "__dict__", None) == getattr(v, "__dict__", None), k  # TTFNameBytes.ustr


@pytest.mark.parametrize("font", FONTS, ids=lambda f: f.name)
def test_a_kept_font_is_the_font_reportlab_parses(font):
    assert_same_font(ttfcache.ttfont("KeptTest", font), TTFont("KeptTest", str(font)))


def test_a_document_is_the_same_bytes_with_kept_or_parsed_fonts(monkeypatch, tmp_path):
    monkeypatch.setattr(rl_config, "invariant", 1)  # no creation date or random document id
    story = [common.para("Rekisteröidyn oikeudet", "title"),
             common.para("Łukasz Żółć, Åsa Öberg, Čapek, Ελένη, Алёна – “quotes” € ½ ™ ﬁ \u00ad"),
             common.bullets(["Yksi: åäö ÅÄÖ", "Två: sjuksköterska", "Three: naïve café"]),
             common.table(["Nimi", "Arvo"], [["Åsa", "x" * 200], ["Żółć", "<b>not markup</b>"]] * 20),
             common.markup("<b>Lihavoitu</b> ja tavallinen")]

    def build() -> bytes:
        return common.build(story, title="Testi", footer="KuntaPlus – testi", lang="fi", mark="LUONNOS")

    common.register_fonts()
    kept = build()
    try:
        for name, file in ((common.FONT, "DejaVuSans.ttf"), (common.FONT_BOLD, "DejaVuSans-Bold.ttf")):
            pdfmetrics.registerFont(TTFont(name, str(common.FONT_DIR / file)))  # ReportLab's own parse
        parsed = build()
    finally:
        for name, file in ((common.FONT, "DejaVuSans.ttf"), (common.FONT_BOLD, "DejaVuSans-Bold.ttf")):
            pdfmetrics.registerFont(ttfcache.ttfont(name, common.FONT_DIR / file))
    assert kept == parsed
    path = tmp_path / "x.pdf"
    path.write_bytes(kept)
    assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Łukasz Żółć, Åsa Öberg, Čapek, Ελένη, Алёна" in text and "Lihavoitu" in text


def test_a_kept_parse_of_other_bytes_or_a_damaged_one_is_not_used(tmp_path):
    font = tmp_path / "DejaVuSans.ttf"
    shutil.copy(common.FONT_DIR / "DejaVuSans.ttf", font)
    assert ttfcache.load_face(font) is None  # none kept: parsed
    assert_same_font(ttfcache.ttfont("T", font), TTFont("T", str(font)))
    ttfcache.write(font)
    assert ttfcache.load_face(font) is not None
    # the bold face's parse under the regular face's name: another font's bytes
    shutil.copy(ttfcache.cache_path(common.FONT_DIR / "DejaVuSans-Bold.ttf"), ttfcache.cache_path(font))
    assert ttfcache.load_face(font) is None
    assert ttfcache.ttfont("T", font).face.name == TTFont("T", str(font)).face.name == b"DejaVuSans"
    ttfcache.cache_path(font).write_bytes(b"not a pickle")
    assert ttfcache.load_face(font) is None
    assert_same_font(ttfcache.ttfont("T", font), TTFont("T", str(font)))
