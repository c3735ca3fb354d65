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
    # "two further months" (Art. 12(3)), the earlier reading: min(3 months from receipt, first month's end + 2 months)
    ("extension: 31 May -> 30 Jun -> 30 Aug (Sunday) -> Mon 31 Aug; not 31 Aug as the base", D(2026, 5, 31), True,
     None, None, D(2026, 8, 31)),
    ("extension: 31 May 2027 -> 30 Jun -> 30 Aug (Mon), not 31 Aug", D(2027, 5, 31), True, None, None, D(2027, 8, 30)),
    ("extension: 31 Mar -> 30 Apr -> 30 Jun, not 1 Jul", D(2027, 3, 31), True, None, None, D(2027, 6, 30)),
    ("extension: 30 Nov 2027 -> 30 Dec -> 29 Feb 2028 (leap): both readings agree", D(2027, 11, 30), True, None, None,
     D(2028, 2, 29)),
    ("extension: 31 Dec 2026 -> 31 Jan -> 31 Mar 2027 (Wed)", D(2026, 12, 31), True, None, None, D(2027, 3, 31)),
    ("extension: 29 Nov 2026 -> 29 Dec -> 28 Feb 2027 (Sun) -> Mon 1 Mar", D(2026, 11, 29), True, None, None,
     D(2027, 3, 1)),
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


# Art. 14(3): (case, collected, first communication, expected due). One calendar month as in
# Art. 12(3) (never 30 days), or the first communication if earlier; not moved to a working day.
ART14 = [
    ("one month: 5 March -> 5 April (Easter Sunday: not moved)", D(2026, 3, 5), None, D(2026, 4, 5)),
    ("31 January -> 28 February, not 2 March (30 days)", D(2026, 1, 31), None, D(2026, 2, 28)),
    ("leap: 31 January 2028 -> 29 February", D(2028, 1, 31), None, D(2028, 2, 29)),
    ("1 February -> 1 March, not 3 March (30 days)", D(2026, 2, 1), None, D(2026, 3, 1)),
    ("31 August -> 30 September", D(2026, 8, 31), None, D(2026, 9, 30)),
    ("31 July -> 31 August, not 30 August (30 days)", D(2026, 7, 31), None, D(2026, 8, 31)),
    ("first communication (a marketing email) earlier: due then", D(2026, 3, 5), D(2026, 3, 10), D(2026, 3, 10)),
    ("first communication on the day of collection", D(2026, 3, 5), D(2026, 3, 5), D(2026, 3, 5)),
    ("first communication after the month: the month still rules", D(2026, 3, 5), D(2026, 5, 1), D(2026, 4, 5)),
]


@pytest.mark.parametrize("case,collected,first,expected", ART14, ids=[c[0] for c in ART14])
def test_art14_due(case, collected, first, expected):
    assert deadlines.art14_due(collected, first) == expected


def test_the_sql_art14_due_date_is_the_same_as_the_python_rule(reg):
    """Every day of two years (leap year included), with and without a first communication."""
    days = [D(2027, 1, 1) + dt.timedelta(days=i) for i in range(731)]
    with reg.read() as q:
        rows = q.sql("""SELECT d, f, least(CAST(d + INTERVAL 1 MONTH AS DATE), coalesce(f, DATE '9999-12-31'))
                        FROM (SELECT unnest($1) AS d, unnest($2) AS f)""",
                     [days, [None if i % 3 else d + dt.timedelta(days=i % 40) for i, d in enumerate(days)]]).fetchall()
    assert [r[2] for r in rows] == [deadlines.art14_due(d, f) for d, f, _ in rows]


def test_extension_is_never_later_than_three_months_nor_than_first_month_plus_two():
    for i in range(800):
        received = D(2026, 1, 1) + dt.timedelta(days=i)
        end = deadlines.extended_end(received)
        assert end <= deadlines.add_months(received, 3)
        assert end <= deadlines.add_months(deadlines.add_months(received, 1), 2)
        assert end in (deadlines.add_months(received, 3), deadlines.add_months(deadlines.add_months(received, 1), 2))
