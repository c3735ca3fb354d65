"""Clock arithmetic for breach deadlines, in Finnish time.

Register times are naive local times (Europe/Helsinki, as the DPO types them). Statutory
clocks run in real hours: 72 hours from awareness is 72 elapsed hours even across the
October DST change (the wall clock then shows 71 h later), so sums go through UTC.
"""
from __future__ import annotations

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")
UTC = dt.timezone.utc


def _utc(t: dt.datetime) -> dt.datetime:
    return (t.replace(tzinfo=HELSINKI) if t.tzinfo is None else t).astimezone(UTC)


def add_hours(t: dt.datetime, hours: float) -> dt.datetime:
    """The local time `hours` real hours after local time t."""
    return (_utc(t) + dt.timedelta(hours=hours)).astimezone(HELSINKI).replace(tzinfo=None)


def hours_between(start: dt.datetime, end: dt.datetime) -> float:
    """Real hours from start to end (negative when end is earlier)."""
    return (_utc(end) - _utc(start)).total_seconds() / 3600


def add_month(t: dt.datetime) -> dt.datetime:
    """The same time one calendar month later (31 Jan -> 28/29 Feb): the NIS2 final report's month."""
    year, month = (t.year + 1, 1) if t.month == 12 else (t.year, t.month + 1)
    return t.replace(year=year, month=month, day=min(t.day, calendar.monthrange(year, month)[1]))


def left_text(hours: float, lang: str = "fi") -> str:
    """'2 vrk 5 h jäljellä' / '2 d 5 h kvar' / '3 h overdue' in the chosen language (catalog messages)."""
    from .. import i18n

    over = hours < 0
    h = abs(hours)
    days, rest = divmod(int(round(h)), 24)
    if days:
        span = i18n.gettext(i18n.N_("{days} d {hours} h"), lang).format(days=days, hours=rest)
    elif h >= 1:
        span = f"{h:.0f} h"
    else:
        span = f"{h * 60:.0f} min"
    message = i18n.N_("{span} overdue") if over else i18n.N_("{span} left")
    return i18n.gettext(message, lang).format(span=span)
