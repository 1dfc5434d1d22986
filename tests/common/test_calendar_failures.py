"""Entering or correcting a year's holidays fails partway without leaving anything: the old days,
the old notice and the audit chain stand as they were."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from shuangsuiji.common.calendar import WorkCalendar, calendar_year_set
from shuangsuiji.common.models import AuditChainHead, AuditEntry, CalendarDay, CalendarYear
from shuangsuiji.directory.models import User

from ..failures import (
    AuditWrite,
    FailurePoint,
    InjectedFailure,
    Service,
    SqlWrite,
    check_nothing_remains,
    failure_cases,
)

pytestmark = pytest.mark.django_db
D = dt.date
WRITES = frozenset({CalendarDay, CalendarYear, AuditEntry, AuditChainHead})


def enter_2027(office: User) -> Callable[[], Any]:
    return lambda: calendar_year_set(
        actor=office,
        year=2027,
        rest_days=[(D(2027, 1, 1), "元旦")],
        work_days=[],
        notice="国办发明电〔2026〕X号",
    )


def correct_2027(office: User) -> Callable[[], Any]:
    enter_2027(office)()
    return lambda: calendar_year_set(
        actor=office,
        year=2027,
        rest_days=[(D(2027, 2, d), "春节") for d in (8, 9, 10, 11, 12)],
        work_days=[(D(2027, 2, 6), "调休上班（春节）")],
        notice="国办发明电〔2026〕Y号",
        reason="更正春节安排",
    )


SERVICES: dict[str, Service] = {
    "calendar_create": Service(
        enter_2027,
        WRITES,
        (SqlWrite(CalendarDay, "INSERT"), SqlWrite(CalendarYear), AuditWrite("calendar.create")),
    ),
    "calendar_update": Service(
        correct_2027,
        WRITES,
        (
            SqlWrite(CalendarDay, "DELETE"),
            SqlWrite(CalendarDay, "INSERT"),
            SqlWrite(CalendarYear, "UPDATE"),
            AuditWrite("calendar.update"),
        ),
    ),
}


@pytest.mark.parametrize(("name", "point"), failure_cases(SERVICES))
def test_failed_calendar_entry_leaves_nothing(
    name: str, point: FailurePoint, office_admin: User
) -> None:
    service = SERVICES[name]
    check_nothing_remains(service.setup(office_admin), point, set(service.writes))


def test_a_failed_correction_keeps_the_year_as_first_entered(office_admin: User) -> None:
    correct = correct_2027(office_admin)
    with AuditWrite("calendar.update").armed(), pytest.raises(InjectedFailure):
        correct()
    cal = WorkCalendar()
    assert not cal.is_workday(D(2027, 1, 1))
    assert cal.is_workday(D(2027, 2, 8))
    assert CalendarYear.objects.get(year=2027).notice == "国办发明电〔2026〕X号"
