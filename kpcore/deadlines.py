"""Legal deadlines of subject requests: Art. 12(3) GDPR, EDPB Guidelines 01/2022 §§157-164.

One month from receipt: the day of receipt does not count, the period ends on the same
day-number of the next month, or on that month's last day where it has no such day. A
deadline on a Saturday, Sunday or Finnish public holiday moves to the next working day.
An extension makes it three months from receipt, counted the same way. Waiting for proof
of identity (Art. 12(6)) moves the deadline later by the days the clock was paused.
"""
from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day-number `months` later, clamped to the month's last day (31 Jan -> 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=64)
def _finnish_holidays(year: int) -> frozenset[dt.date]:
    import holidays  # imported on first use: keeps `kp` start-up light

    return frozenset(holidays.country_holidays("FI", years=year).keys())


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _finnish_holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def paused_days(id_requested_on: dt.date | None, id_received_on: dt.date | None) -> int:
    """Days the clock stood still waiting for identity (asked on 3rd, arrived 13th: 10)."""
    if id_requested_on is None or id_received_on is None:
        return 0
    return max(0, (id_received_on - id_requested_on).days)


def due_date(received_on: dt.date, *, extended: bool = False,
             id_requested_on: dt.date | None = None, id_received_on: dt.date | None = None) -> dt.date:
    """The day the answer is due, after any extension and identity pause."""
    end = add_months(received_on, 3 if extended else 1)
    end += dt.timedelta(days=paused_days(id_requested_on, id_received_on))
    return next_working_day(end)


def first_month_end(received_on: dt.date, id_requested_on: dt.date | None = None,
                    id_received_on: dt.date | None = None) -> dt.date:
    """The last day on which an extension may still be decided and told (Art. 12(3))."""
    return due_date(received_on, id_requested_on=id_requested_on, id_received_on=id_received_on)


def extension_allowed(received_on: dt.date, on: dt.date, id_requested_on: dt.date | None = None,
                      id_received_on: dt.date | None = None) -> bool:
    """Art. 12(3): an extension must be decided and told within the first month (pause included)."""
    return received_on <= on <= first_month_end(received_on, id_requested_on, id_received_on)


def days_left(due_on: dt.date, today: dt.date | None = None) -> int:
    """Negative when overdue."""
    return (due_on - (today or dt.date.today())).days


def clock(due_on: dt.date, *, status: str, id_requested_on: dt.date | None = None,
          id_received_on: dt.date | None = None, today: dt.date | None = None) -> dict:
    """How a request stands against its deadline today: days left, overdue, paused.

    While proof of identity is awaited the clock stands still (Art. 12(6)): the days left are
    those that were left on the day identity was asked for, and the request is not overdue.
    `days_left` is None for an answered request.
    """
    today = today or dt.date.today()
    if status in ("completed", "refused"):
        return {"days_left": None, "overdue": False, "paused": False}
    if status == "awaiting_identity" and id_requested_on is not None and id_received_on is None:
        # Days that were left when the clock stopped; they stay left until identity arrives.
        return {"days_left": (due_on - id_requested_on).days, "overdue": False, "paused": True}
    left = days_left(due_on, today)
    return {"days_left": left, "overdue": left < 0, "paused": False}
