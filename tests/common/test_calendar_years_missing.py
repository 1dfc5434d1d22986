"""Which years the office is asked to enter: this year, and from 1 November the next one too.
The shipped calendar covers 2004-2026 (data migration); later years are entered by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from shuangsuiji.common.calendar import (
    CalendarNotCovered,
    calendar_gap_label,
    calendar_year_set,
    calendar_years_missing,
)
from shuangsuiji.directory.models import User

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.mark.parametrize(
    ("today", "missing"),
    [
        (D(2026, 1, 1), []),
        (D(2026, 10, 31), []),  # the day before the reminder starts
        (D(2026, 11, 1), [2027]),  # the first day of it
        (D(2026, 12, 31), [2027]),
        (D(2027, 1, 4), [2027]),  # the new year itself, still not entered
        (D(2027, 10, 31), [2027]),
        (D(2030, 11, 2), [2030, 2031]),  # both, this year first
    ],
)
def test_years_still_to_enter(today: dt.date, missing: list[int]) -> None:
    assert calendar_years_missing(today) == missing


def test_an_entered_next_year_is_no_longer_asked_for(office_admin: User) -> None:
    calendar_year_set(
        actor=office_admin,
        year=2027,
        rest_days=[(D(2027, 1, 1), "元旦")],
        work_days=[],
        notice="国办发明电〔2026〕X号",
    )
    assert calendar_years_missing(D(2026, 11, 1)) == []
    assert calendar_years_missing(D(2027, 11, 1)) == [2028]


def test_the_gap_reads_the_same_from_the_label_and_from_the_error() -> None:
    assert calendar_gap_label(2027) == "无法计算：2027年节假日未录入"
    assert CalendarNotCovered("x", year=2031).status_label == "无法计算：2031年节假日未录入"
