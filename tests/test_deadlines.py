"""Art. 12(3) deadlines, case by case (expected days worked out by hand from the calendar)."""
from __future__ import annotations

import datetime as dt

import pytest

from kpcore import deadlines

D = dt.date

# (case, received, extended, identity asked, identity arrived, expected due date)
CASES = [
    ("same day-number next month", D(2026, 9, 15), False, None, None, D(2026, 10, 15)),          # Thu
    ("31 August -> 30 September", D(2026, 8, 31), False, None, None, D(2026, 9, 30)),
    ("31 January -> 28 February, a Saturday -> Monday 2 March", D(2026, 1, 31), False, None, None, D(2026, 3, 2)),
    ("31 January -> 28 February (a Friday)", D(2025, 1, 31), False, None, None, D(2025, 2, 28)),
    ("leap year: 31 January -> 29 February", D(2024, 1, 31), False, None, None, D(2024, 2, 29)),
    ("leap year: 29 February -> 29 March (Good Friday) -> Tuesday 2 April", D(2024, 2, 29), False, None, None,
     D(2024, 4, 2)),
    ("ends on a Saturday -> Monday", D(2026, 10, 7), False, None, None, D(2026, 11, 9)),
    ("ends on a Sunday -> Monday", D(2026, 10, 1), False, None, None, D(2026, 11, 2)),
    ("Easter: 5 April is Easter Sunday, 6 April Easter Monday", D(2026, 3, 5), False, None, None, D(2026, 4, 7)),
    ("Independence Day, Monday 6 December 2027", D(2027, 11, 6), False, None, None, D(2027, 12, 7)),
    ("Midsummer Eve (Fri) and Midsummer Day (Sat)", D(2026, 5, 19), False, None, None, D(2026, 6, 22)),
    ("Christmas Eve, Christmas Day, St Stephen's Day, Sunday", D(2026, 11, 24), False, None, None, D(2026, 12, 28)),
    ("New Year's Day on a Friday", D(2026, 12, 1), False, None, None, D(2027, 1, 4)),
    ("year end: 31 December -> 31 January, a Saturday", D(2025, 12, 31), False, None, None, D(2026, 2, 2)),
    ("extension: three months, on a working day", D(2026, 3, 5), True, None, None, D(2026, 6, 5)),
    ("extension ending on Midsummer Eve", D(2026, 3, 19), True, None, None, D(2026, 6, 22)),
    ("extension: 30 November -> 28 February, a Sunday", D(2026, 11, 30), True, None, None, D(2027, 3, 1)),
    ("identity pause 3rd -> 13th: ten days later", D(2026, 10, 2), False, D(2026, 10, 3), D(2026, 10, 13),
     D(2026, 11, 12)),
    ("identity pause moving the end onto a Sunday", D(2026, 9, 1), False, D(2026, 9, 3), D(2026, 9, 13),
     D(2026, 10, 12)),
    ("identity asked, not yet arrived: no pause counted yet", D(2026, 9, 15), False, D(2026, 9, 16), None,
     D(2026, 10, 15)),
    ("extension and identity pause together", D(2026, 3, 5), True, D(2026, 3, 6), D(2026, 3, 9), D(2026, 6, 8)),
]


@pytest.mark.parametrize("case,received,extended,asked,arrived,expected", CASES, ids=[c[0] for c in CASES])
def test_due_date(case, received, extended, asked, arrived, expected):
    assert deadlines.due_date(received, extended=extended, id_requested_on=asked, id_received_on=arrived) == expected
    assert deadlines.is_working_day(expected)


def test_paused_days_counts_the_days_between_asked_and_arrived():
    assert deadlines.paused_days(D(2026, 10, 3), D(2026, 10, 13)) == 10
    assert deadlines.paused_days(D(2026, 10, 3), None) == 0
    assert deadlines.paused_days(None, None) == 0


# (case, received, decided on, identity asked, arrived, allowed)
EXTENSIONS = [
    ("inside the first month", D(2026, 3, 5), D(2026, 3, 20), None, None, True),
    ("on the last day of the first month (moved past Easter)", D(2026, 3, 5), D(2026, 4, 7), None, None, True),
    ("the day after the first month", D(2026, 3, 5), D(2026, 4, 8), None, None, False),
    ("long after the first month", D(2026, 3, 5), D(2026, 5, 20), None, None, False),
    ("first month lengthened by an identity pause", D(2026, 10, 2), D(2026, 11, 12), D(2026, 10, 3), D(2026, 10, 13),
     True),
    ("after the paused first month", D(2026, 10, 2), D(2026, 11, 13), D(2026, 10, 3), D(2026, 10, 13), False),
    ("before the request was received", D(2026, 3, 5), D(2026, 3, 4), None, None, False),
]


@pytest.mark.parametrize("case,received,on,asked,arrived,allowed", EXTENSIONS, ids=[c[0] for c in EXTENSIONS])
def test_extension_only_within_the_first_month(case, received, on, asked, arrived, allowed):
    assert deadlines.extension_allowed(received, on, asked, arrived) is allowed


def test_clock_days_left_overdue_and_paused():
    due = D(2026, 12, 10)
    assert deadlines.clock(due, status="in_progress", today=D(2026, 12, 3)) == {"days_left": 7, "overdue": False,
                                                                                "paused": False}
    assert deadlines.clock(due, status="received", today=D(2026, 12, 11))["overdue"] is True
    assert deadlines.clock(due, status="received", today=D(2026, 12, 10))["overdue"] is False  # due today
    paused = deadlines.clock(due, status="awaiting_identity", id_requested_on=D(2026, 11, 30), today=D(2027, 1, 30))
    assert paused == {"days_left": 10, "overdue": False, "paused": True}
    assert deadlines.clock(due, status="completed", today=D(2027, 1, 30))["days_left"] is None
