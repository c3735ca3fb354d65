"""The embedded TrueType fonts without parsing them in every process (issue 18 §5).

ReportLab's TTFont reads the whole font file and walks its character map and metrics in
Python (DejaVu Sans: ~6,000 glyphs) before the first PDF can be built: about 35 ms a face, two
faces in every `kp sar` or `kp notice`. What that parse yields (the face's tables: character
to glyph, widths, glyph offsets ...) is a pure function of the font file and the ReportLab
version, so it is kept next to the font, `fonts/<font>.ttf.face`, and read back (a few ms).

The kept face is used only when it was made from these very font bytes (SHA-256) by this
ReportLab version; otherwise the font is parsed as before, so a stale file costs time, never a
wrong PDF. `python -m kpcore.pdf.ttfcache` writes the files again (after a font or ReportLab
upgrade); tests/test_pdf_fontcache.py holds a face read back equal to a parsed one, and the
PDFs built from either byte for byte the same.
"""
from __future__ import annotations

import gc
import hashlib
import pickle
from pathlib import Path

import reportlab
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace

FORMAT = 1
SUFFIX = ".face"
# Not kept: the font's bytes (read from the font itself), its path (where it is now), and the
# scaling function ReportLab builds from unitsPerEm (made again by _scale).
_NOT_KEPT = ("_ttf_data", "filename", "_pdfScale")


def cache_path(font: Path) -> Path:
    return font.with_name(font.name + SUFFIX)


def _scale(units_per_em: int):
    """The face's _pdfScale as TTFontFile.extractInfo makes it."""
    if units_per_em == 1000:
        return lambda x: x
    mult = 1000 / units_per_em
    return lambda x: x * mult


def _stamp(data: bytes) -> dict:
    return {"format": FORMAT, "reportlab": reportlab.Version, "sha256": hashlib.sha256(data).hexdigest()}


def write(font: Path) -> Path:
    """Parse `font` with ReportLab and keep what the parse yields next to it."""
    data = font.read_bytes()
    face = TTFont(font.stem, str(font)).face
    kept = {k: v for k, v in face.__dict__.items() if k not in _NOT_KEPT}
    out = cache_path(font)
    out.write_bytes(pickle.dumps(_stamp(data) | {"face": kept}, protocol=4))
    return out


def load_face(font: Path) -> TTFontFace | None:
    """The face of `font` from its kept parse, or None when there is none for these font bytes
    and this ReportLab."""
    try:
        blob = cache_path(font).read_bytes()
        data = font.read_bytes()
    except OSError:
        return None
    enabled = gc.isenabled()
    gc.disable()  # ~20,000 small containers: the collector would walk them again and again
    try:
        kept = pickle.loads(blob)
    except Exception:  # a damaged file: parse the font instead
        return None
    finally:
        if enabled:
            gc.enable()
    if not isinstance(kept, dict) or {k: kept.get(k) for k in ("format", "reportlab", "sha256")} != _stamp(data):
        return None
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(kept["face"])
    face._ttf_data = data
    face.filename = str(font)
    face._pdfScale = _scale(face.unitsPerEm)
    return face


def ttfont(name: str, font: Path) -> TTFont:
    """TTFont(name, font) as ReportLab makes it, from the kept parse when there is one."""
    face = load_face(font)
    if face is None:
        return TTFont(name, str(font))
    # What TTFont.__init__ does once it has parsed the face (ReportLab 4-5);
    # tests/test_pdf_fontcache.py compares the two objects attribute by attribute.
    from fnmatch import fnmatch
    from weakref import WeakKeyDictionary

    from reportlab import rl_config
    from reportlab.pdfbase.ttfonts import unShapedFontGlob

    font_ = TTFont.__new__(TTFont)
    font_.fontName = name
    font_.face = face
    font_.encoding = TTEncoding()
    font_.state = WeakKeyDictionary()
    font_._asciiReadable = rl_config.ttfAsciiReadable
    font_.shapable = not any(fnmatch(name, g) for g in unShapedFontGlob)
    return font_


if __name__ == "__main__":
    for f in sorted((Path(__file__).resolve().parent / "fonts").glob("*.ttf")):
        print(write(f))
