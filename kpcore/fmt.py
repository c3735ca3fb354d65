"""Dates, numbers and units as a Finnish (or English) reader expects them: one place for the
dashboard, the PDFs and the CLI, so that a later move of texts to message catalogues has one
module to follow.

Finnish: 1.12.2026, 1 234 567, 12,5 pv, 75,0 %, +4,0 %-yks., −3 (a real minus sign).
English: 2026-12-01, 1,234,567, 12.5 d, 75.0%, +4.0 pp, −3.
"""
from __future__ import annotations

import datetime as dt

# kind -> (Finnish unit, English unit); "n" is a count and carries none (its label says what).
UNITS = {"days": ("pv", "d"), "pct": ("%", "%"), "pp": ("%-yks.", "pp"), "hours": ("h", "h"), "n": ("", "")}
MINUS = "\u2212"


def date(d: dt.date | dt.datetime | None, lang: str = "fi") -> str:
    """1.12.2026 in Finnish, 2026-12-01 in English; '–' for no date."""
    if d is None:
        return "–"
    if isinstance(d, dt.datetime):
        d = d.date()
    return f"{d.day}.{d.month}.{d.year}" if lang == "fi" else d.isoformat()


def datetime(t: dt.datetime | None, lang: str = "fi") -> str:
    """1.12.2026 klo 14.05 in Finnish, 2026-12-01 14:05 in English."""
    if t is None:
        return "–"
    return f"{date(t, 'fi')} klo {t:%H.%M}" if lang == "fi" else f"{t:%Y-%m-%d %H:%M}"


def number(value, lang: str = "fi", decimals: int = 0) -> str:
    """1 234 567 / 1,234,567; with decimals 12,5 / 12.5."""
    s = f"{abs(value):,.{decimals}f}"
    if lang == "fi":
        s = s.replace(",", " ").replace(".", ",")
    return (MINUS if value < 0 else "") + s


def quantity(value, kind: str, lang: str = "fi") -> str:
    """A figure with its unit: '12,5 pv', '75,0 %', '1 234'; '–' when unknown."""
    if value is None:
        return "–"
    decimals = 0 if kind == "n" else 1
    unit = UNITS[kind][0 if lang == "fi" else 1]
    text = number(value, lang, decimals)
    if not unit:
        return text
    return f"{text}%" if unit == "%" and lang == "en" else f"{text} {unit}"


def change(value, kind: str, lang: str = "fi") -> str:
    """A change with its sign and unit: '+4,0 pv', '−2', '±0'; a percentage's change is in
    percentage points. '' when there is nothing to compare with."""
    if value is None:
        return ""
    if value == 0:
        return "±0"
    body = quantity(abs(value), "pp" if kind == "pct" else kind, lang)
    return ("+" if value > 0 else MINUS) + body


def metric_delta(text: str | None) -> str | None:
    """A change for st.metric, whose arrow follows a leading ASCII '-' only: '−2' -> '-2'.
    '±0' and '' mean no change and show no arrow."""
    if not text or text == "±0":
        return None
    return "-" + text[1:] if text.startswith(MINUS) else text
