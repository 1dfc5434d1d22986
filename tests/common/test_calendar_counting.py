"""Working-day counting at its edges: (start, end] both ways, weekends, the count's lower bound
and a year nobody entered. Every date below was counted by hand on a 2026 calendar: March 2026
has no holiday; 国庆 2026 is 10-01 to 10-07 off, with Sunday 09-20 and Saturday 10-10 worked."""

from __future__ import annotations

import datetime as dt

import pytest

from shuangsuiji.common.calendar import CalendarNotCovered, WorkCalendar
from shuangsuiji.common.errors import ServiceError

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 3, 6), True),  # Friday
        (D(2026, 3, 7), False),  # Saturday
        (D(2026, 3, 8), False),  # Sunday
        (D(2026, 3, 9), True),  # Monday
    ],
)
def test_a_plain_week_works_monday_to_friday(day: dt.date, expected: bool) -> None:
    assert WorkCalendar().is_workday(day) is expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 3, 2), D(2026, 3, 2), 0),  # the same day: (d, d] is empty
        (D(2026, 3, 2), D(2026, 3, 3), 1),  # Monday to Tuesday: Tuesday counts
        (D(2026, 3, 2), D(2026, 3, 6), 4),  # Tue, Wed, Thu, Fri
        (D(2026, 3, 6), D(2026, 3, 9), 1),  # over a weekend: only Monday
        (D(2026, 3, 6), D(2026, 3, 8), 0),  # ending on Sunday
        (D(2026, 3, 7), D(2026, 3, 13), 5),  # from a Saturday: Mon to Fri
        (D(2026, 9, 30), D(2026, 10, 8), 1),  # the whole 国庆 week off, then Thursday
        (D(2026, 9, 18), D(2026, 9, 21), 2),  # Sunday 09-20 worked, Monday 09-21
    ],
)
def test_working_days_between_counts_after_start_up_to_and_including_end(
    start: dt.date, end: dt.date, expected: int
) -> None:
    assert WorkCalendar().working_days_between(start, end) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 3, 6), D(2026, 3, 2), -4),
        (D(2026, 3, 3), D(2026, 3, 2), -1),
        (D(2026, 10, 8), D(2026, 9, 30), -1),
    ],
)
def test_an_end_before_the_start_counts_negative(
    start: dt.date, end: dt.date, expected: int
) -> None:
    assert WorkCalendar().working_days_between(start, end) == expected


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (D(2026, 3, 2), 1, D(2026, 3, 3)),  # Monday: the next day
        (D(2026, 3, 6), 1, D(2026, 3, 9)),  # Friday: over the weekend to Monday
        (D(2026, 3, 2), 5, D(2026, 3, 9)),  # Tue-Fri is 4, Monday the 5th
        (D(2026, 3, 7), 2, D(2026, 3, 10)),  # Saturday: Monday, Tuesday
    ],
)
def test_add_working_days_lands_on_the_counted_day(
    start: dt.date, count: int, expected: dt.date
) -> None:
    assert WorkCalendar().add_working_days(start, count) == expected


@pytest.mark.parametrize("count", [0, -1])
def test_fewer_than_one_working_day_is_refused(count: int) -> None:
    with pytest.raises(ServiceError) as caught:
        WorkCalendar().add_working_days(D(2026, 3, 2), count)
    assert str(caught.value) == "工作日数应至少为1"


def test_a_year_nobody_entered_names_the_year_and_what_to_do() -> None:
    with pytest.raises(CalendarNotCovered) as caught:
        WorkCalendar().is_workday(D(2030, 3, 4))
    assert caught.value.year == 2030
    assert str(caught.value) == (
        "2030年的法定节假日和调休安排尚未录入，无法计算工作日："
        "请联席办管理员按国务院办公厅通知录入该年度安排"
    )


def test_one_calendar_answers_the_same_day_twice_from_its_loaded_year() -> None:
    cal = WorkCalendar()
    assert cal.is_workday(D(2026, 10, 10)) is True  # Saturday, 调休上班
    assert cal.is_workday(D(2026, 10, 10)) is True
    assert cal.is_workday(D(2026, 10, 1)) is False
