"""Dates, numbers and units as a Finnish, Swedish or English reader expects them: one place
for the dashboard, the PDFs and the CLI, formatted by Babel for the locale (issue #16 §1).

Finnish: 1.12.2026, 1 234 567, 12,5 pv, 75,0 %, +4,0 %-yks., −3 (a real minus sign).
Swedish (Finland's conventions, Babel's sv_FI): 1.12.2026, 1 234 567, 12,5 d, 75,0 %.
English: 2026-12-01, 1,234,567, 12.5 d, 75.0%, +4.0 pp, −3.

Babel separates digit groups with a no-break space; it is written here as a plain space, as
before, so that PDF text, CSV cells and the tests read the same. Babel is imported on the
first call only (the command line's start-up stays light). Units are catalog messages.
"""
from __future__ import annotations

import datetime as dt

from . import i18n

MINUS = "\u2212"
# The Babel locale for each language: Swedish as written in Finland (d.M.y, 9.05).
LOCALES = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_GB"}
_DATE = {"fi": "d.M.y", "sv": "d.M.y", "en": "yyyy-MM-dd"}
# These date patterns are digits only (no month or day names): written as Babel writes them, without
# importing Babel (~15 ms of every `kp sar`, issue 18 §5). tests/test_fmt.py compares them with Babel.
_DIGITS = {"d.M.y": lambda d: f"{d.day}.{d.month}.{d.year}",
           "yyyy-MM-dd": lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}"}
_DATETIME = {"fi": "d.M.y 'klo' HH.mm", "sv": "d.M.y 'kl.' HH.mm", "en": "yyyy-MM-dd HH:mm"}
KINDS = ("days", "pct", "pp", "hours", "n")


def _locale(lang: str) -> str:
    return LOCALES[i18n.check(lang)]


def unit(kind: str, lang: str = "fi") -> str:
    """The unit written after a figure of this kind ('' for a count: its label says what)."""
    if kind not in KINDS:
        raise KeyError(kind)
    if kind == "days":
        return i18n.pgettext("unit", "d", lang)
    if kind == "pp":
        return i18n.pgettext("unit", "pp", lang)
    if kind == "hours":
        return i18n.pgettext("unit", "h", lang)
    return "%" if kind == "pct" else ""


def date(d: dt.date | dt.datetime | None, lang: str = "fi") -> str:
    """1.12.2026 in Finnish and Swedish, 2026-12-01 in English; '–' for no date."""
    if d is None:
        return "–"
    if isinstance(d, dt.datetime):
        d = d.date()
    pattern = _DATE[i18n.check(lang)]
    if pattern in _DIGITS:
        return _DIGITS[pattern](d)
    from babel.dates import format_date

    return format_date(d, pattern, locale=_locale(lang))


def datetime(t: dt.datetime | None, lang: str = "fi") -> str:
    """1.12.2026 klo 14.05 in Finnish, 1.12.2026 kl. 14.05 in Swedish, 2026-12-01 14:05 in English."""
    if t is None:
        return "–"
    from babel.dates import format_datetime

    return format_datetime(t, _DATETIME[i18n.check(lang)], tzinfo=t.tzinfo, locale=_locale(lang))


def number(value, lang: str = "fi", decimals: int = 0) -> str:
    """1 234 567 / 1,234,567; with decimals 12,5 / 12.5."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    s = format_decimal(abs(value), pattern, locale=_locale(lang)).replace("\xa0", " ").replace("\u202f", " ")
    return (MINUS if value < 0 else "") + s


def percent(value, lang: str = "fi", decimals: int = 1) -> str:
    """75,0 % / 75.0% (value in per cent, not a fraction), by the locale's percent pattern."""
    from babel.core import Locale
    from babel.numbers import format_percent

    loc = Locale.parse(_locale(lang))
    pattern = loc.percent_formats[None].pattern.replace("#,##0", "#,##0" + ("." + "0" * decimals if decimals else ""))
    s = format_percent(abs(value) / 100, pattern, locale=loc).replace("\xa0", " ").replace("\u202f", " ")
    return (MINUS if value < 0 else "") + s


def quantity(value, kind: str, lang: str = "fi") -> str:
    """A figure with its unit: '12,5 pv', '75,0 %', '1 234'; '–' when unknown."""
    if value is None:
        return "–"
    if kind == "pct":
        return percent(value, lang)
    text = number(value, lang, 0 if kind == "n" else 1)
    u = unit(kind, lang)
    return f"{text} {u}" if u else text


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
    """A change for st.metric, whose arrow follows a leading ASCII '-': '−2' -> '-2'.
    '±0' and '' mean no change and show no arrow."""
    if not text or text == "±0":
        return None
    return "-" + text[1:] if text.startswith(MINUS) else text


def parse_date(text: str, field: str = "date") -> dt.date:
    """A date as people type it: ISO (2026-11-24) or Finnish (24.11.2026). The one reader of
    dates for the CLI and the library (kpcore.processors)."""
    from .errors import KpError

    text = text.strip()
    try:
        if "." in text:
            d, m, y = text.rstrip(".").split(".")
            return dt.date(int(y), int(m), int(d))
        return dt.date.fromisoformat(text)
    except ValueError:
        raise KpError(i18n.N_("{field}: {text} is not a date (use 2026-11-24 or 24.11.2026)"), field=field,
                      text=repr(text)) from None
