"""Dates, numbers and units (kpcore.fmt), issue 16 §4: Finnish as a Finn writes it, every
figure with its unit, and a change whose arrow follows its sign."""
from __future__ import annotations

import datetime as dt

from kpcore import fmt, quarter


def test_dates_are_d_m_yyyy_in_finnish_and_iso_in_english():
    assert fmt.date(dt.date(2026, 3, 5)) == "5.3.2026"
    assert fmt.date(dt.datetime(2026, 12, 1, 14, 5)) == "1.12.2026"
    assert fmt.date(dt.date(2026, 3, 5), "en") == "2026-03-05"
    assert fmt.date(None) == "–"
    assert fmt.datetime(dt.datetime(2026, 12, 1, 9, 5)) == "1.12.2026 klo 09.05"
    assert fmt.datetime(dt.datetime(2026, 12, 1, 9, 5), "en") == "2026-12-01 09:05"


def test_dates_are_written_as_babel_writes_them_without_importing_it():
    """fmt.date writes its digits-only patterns itself (issue 18 §5): the same text as Babel's."""
    from babel.dates import format_date

    days = [dt.date(1, 1, 1), dt.date(9, 9, 9), dt.date(999, 12, 31), dt.date(1900, 2, 28), dt.date(2024, 2, 29),
            dt.date(9999, 12, 31)] + [dt.date(2026, 1, 1) + dt.timedelta(days=n) for n in range(0, 800, 7)]
    for lang in ("fi", "sv", "en"):
        for d in days:
            assert fmt.date(d, lang) == format_date(d, fmt._DATE[lang], locale=fmt.LOCALES[lang]), (lang, d)
        assert fmt.date(dt.datetime(2026, 12, 1, 23, 59), lang) == fmt.date(dt.date(2026, 12, 1), lang)
    assert fmt.date(dt.date(2026, 3, 5), "sv") == "5.3.2026"


def test_numbers_and_units():
    assert fmt.number(1234567) == "1 234 567" and fmt.number(1234567, "en") == "1,234,567"
    assert fmt.number(-3) == "−3"
    assert fmt.quantity(12.5, "days") == "12,5 pv" and fmt.quantity(12.5, "days", "en") == "12.5 d"
    assert fmt.quantity(75, "pct") == "75,0 %" and fmt.quantity(75, "pct", "en") == "75.0%"
    assert fmt.quantity(1500, "n") == "1 500"
    assert fmt.quantity(None, "days") == "–"


def test_changes_carry_sign_and_unit_and_percent_changes_are_points():
    assert fmt.change(4, "days") == "+4,0 pv"
    assert fmt.change(-2, "n") == "−2"
    assert fmt.change(25, "pct") == "+25,0 %-yks." and fmt.change(25, "pct", "en") == "+25.0 pp"
    assert fmt.change(0, "n") == "±0" and fmt.change(None, "n") == ""
    assert quarter.format_change(-1.5, "days", "en") == "−1.5 d"


def test_metric_delta_points_the_arrow_by_the_sign():
    """st.metric draws a down arrow only for a leading ASCII '-': a typographic minus would
    point a fall upwards."""
    assert fmt.metric_delta("−2") == "-2"
    assert fmt.metric_delta("+4,0 pv") == "+4,0 pv"
    assert fmt.metric_delta("±0") is None and fmt.metric_delta("") is None and fmt.metric_delta(None) is None
