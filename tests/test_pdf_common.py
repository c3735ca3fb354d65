"""The shared PDF base: embedded Unicode fonts, escaped register text, page numbers."""
from __future__ import annotations

import subprocess

from kpcore.pdf import common


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_unicode_markup_and_control_characters_print_as_written(tmp_path):
    story = [common.para("Łukasz Żółć <b>bold?</b> & Čapek \x07"),
             common.table(["Nimi", "Arvo"], [["Åsa", "<script>alert(1)</script>"]] * 60)]
    data = common.build(story, title="Testi", footer="KuntaPlus – testi", lang="fi")
    text = pdf_text(data, tmp_path)
    assert "Łukasz Żółć <b>bold?</b> & Čapek" in text
    assert "<script>alert(1)</script>" in text
    assert "Sivu 1 / 2" in text and "Sivu 2 / 2" in text
    fonts = subprocess.run(["pdffonts", str(tmp_path / "x.pdf")], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes " in r for r in rows), fonts  # every font embedded
    assert "Helvetica" not in fonts
    assert subprocess.run(["qpdf", "--check", str(tmp_path / "x.pdf")], capture_output=True).returncode == 0
