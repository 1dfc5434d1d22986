"""Working days across 春节 and 国庆 with 调休, and a year the package does not know."""

from __future__ import annotations

import datetime as dt

import pytest

from shuangsuiji.common.audit import audit_verify
from shuangsuiji.common.calendar import (
    CalendarNotCovered,
    WorkCalendar,
    calendar_year_set,
    publication_due,
)
from shuangsuiji.common.errors import PermissionDenied, ServiceError
from shuangsuiji.common.models import AuditEntry, CalendarYear
from shuangsuiji.directory.models import User

pytestmark = pytest.mark.django_db
D = dt.date


def test_worked_check_from_the_domain_brief() -> None:
    """From Friday 2026-09-18 the 20th working day is 2026-10-22."""
    assert publication_due(D(2026, 9, 18)) == D(2026, 10, 22)


def test_national_day_2026_with_make_up_days() -> None:
    cal = WorkCalendar()
    assert cal.is_workday(D(2026, 9, 20))  # Sunday, 调休上班
    assert not cal.is_workday(D(2026, 10, 1))
    assert not cal.is_workday(D(2026, 10, 7))
    assert cal.is_workday(D(2026, 10, 10))  # Saturday, 调休上班
    assert cal.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)


def test_spring_festival_2026_with_make_up_days() -> None:
    cal = WorkCalendar()
    assert cal.is_workday(D(2026, 2, 14))  # Saturday worked
    assert not cal.is_workday(D(2026, 2, 16))
    assert not cal.is_workday(D(2026, 2, 23))
    assert cal.is_workday(D(2026, 2, 28))  # Saturday worked
    # From Friday 2026-02-13: 14 (Sat, worked), 24, 25, 26, 27, 28 (Sat, worked) …
    assert cal.add_working_days(D(2026, 2, 13), 6) == D(2026, 2, 28)
    assert cal.add_working_days(D(2026, 2, 13), 7) == D(2026, 3, 2)


def test_counting_starts_strictly_after_a_rest_day() -> None:
    cal = WorkCalendar()
    # Saturday 2026-10-03 is in the holiday: the first working day after it is 10-08.
    assert cal.add_working_days(D(2026, 10, 3), 1) == D(2026, 10, 8)
    assert cal.working_days_between(D(2026, 9, 18), D(2026, 10, 22)) == 20


def test_2027_is_an_error_until_the_office_enters_it(office_admin: User) -> None:
    with pytest.raises(CalendarNotCovered, match="2027年的法定节假日和调休安排尚未录入"):
        publication_due(D(2026, 12, 15))
    calendar_year_set(
        actor=office_admin,
        year=2027,
        rest_days=[(D(2027, 1, 1), "元旦"), *[(D(2027, 2, d), "春节") for d in (8, 9, 10, 11, 12)]],
        work_days=[(D(2027, 2, 6), "调休上班（春节）")],
        notice="国办发明电〔2026〕X号",
    )
    # From Tuesday 2026-12-15: 12 working days to the end of 2026, then 1-1 is off.
    assert publication_due(D(2026, 12, 15)) == D(2027, 1, 13)
    cal = WorkCalendar()
    assert cal.is_workday(D(2027, 2, 6)) and not cal.is_workday(D(2027, 2, 10))
    assert CalendarYear.objects.get(year=2027).source == "联席办录入"
    assert AuditEntry.objects.filter(action="calendar.create").count() == 1
    assert audit_verify().ok


def test_only_the_office_enters_a_year_and_bad_days_are_refused(
    office_admin: User, market_admin: User
) -> None:
    with pytest.raises(PermissionDenied):
        calendar_year_set(actor=market_admin, year=2027, rest_days=[], work_days=[], notice="x")
    with pytest.raises(ServiceError, match="是周末"):
        calendar_year_set(
            actor=office_admin,
            year=2027,
            rest_days=[(D(2027, 1, 2), "")],
            work_days=[],
            notice="x",
        )
    with pytest.raises(ServiceError, match="不在 2027 年"):
        calendar_year_set(
            actor=office_admin,
            year=2027,
            rest_days=[(D(2026, 12, 31), "")],
            work_days=[],
            notice="x",
        )
    with pytest.raises(ServiceError, match="依据"):
        calendar_year_set(actor=office_admin, year=2027, rest_days=[], work_days=[], notice=" ")


def test_shipped_years_cover_the_package_range() -> None:
    years = set(CalendarYear.objects.values_list("year", flat=True))
    assert {2004, 2025, 2026} <= years
    assert 2027 not in years
