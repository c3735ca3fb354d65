"""Legal deadlines of subject requests: Art. 12(3) GDPR, EDPB Guidelines 01/2022 §§157-164.

One month from receipt: the day of receipt does not count, the period ends on the same
day-number of the next month, or on that month's last day where it has no such day. A
deadline on a Saturday, Sunday or Finnish public holiday moves to the next working day.
Waiting for proof of identity (Art. 12(6)) moves the deadline later by the days the clock
was paused.

Extension, Art. 12(3): "That period may be extended by two further months where necessary".
Two readings exist: three months from receipt, or the end of the first month plus two
months. Month ends differ, so they part: received 31 May -> first month ends 30 June ->
plus two months 30 August, whereas three months from receipt is 31 August. The reading
that protects the person is the EARLIER of the two (EDPB Guidelines 01/2022 §§157-164 do
not settle it), so `due_date(extended=True)` takes the earlier, then moves it to a working
day. The first month's end used here is the calendar day, before any working-day move: a
Saturday month end moved to Monday must not lengthen the extension by two days.

Art. 14(3) notice: "within a reasonable period after obtaining the personal data, but at
the latest within one month" and, (b), "if the personal data are to be used for
communication with the data subject, at the latest at the time of the first communication".
`art14_due` counts the month as Art. 12(3) does (same day-number, clamped to the month's
last day; never "30 days") and takes the first communication when it comes earlier. It is
NOT moved to the next working day: sending a notice needs no office day, and the reading
that protects the person is the earlier date (Regulation 1182/71 would allow the move; we
do not take it). The SQL queries compute the same date (`collected_on + INTERVAL 1 MONTH`
clamps like `add_months`); tests/test_deadlines.py checks that both agree.
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


def extended_end(received_on: dt.date) -> dt.date:
    """Art. 12(3) "two further months": the earlier of three months from receipt and the
    first month's (calendar) end plus two months. 31 May -> 30 Jun -> 30 Aug, not 31 Aug."""
    return min(add_months(received_on, 3), add_months(add_months(received_on, 1), 2))


def due_date(received_on: dt.date, *, extended: bool = False,
             id_requested_on: dt.date | None = None, id_received_on: dt.date | None = None) -> dt.date:
    """The day the answer is due, after any extension and identity pause."""
    end = extended_end(received_on) if extended else add_months(received_on, 1)
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


def art14_due(collected_on: dt.date, first_communication_on: dt.date | None = None) -> dt.date:
    """Art. 14(3)(a)-(b): one calendar month from obtaining the data, or the first
    communication with the person if that comes first. Not moved to a working day."""
    month = add_months(collected_on, 1)
    if first_communication_on is not None and first_communication_on < month:
        return first_communication_on
    return month


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
