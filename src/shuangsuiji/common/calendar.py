"""Working days, with China's public holidays and 调休 make-up working days.

Results are published within 20 working days of their forming (seed 三(四)). The days off and
the make-up working weekends follow the State Council's yearly notice: the system ships the
chinese-calendar package's years (data migration) and the office enters later years itself.
A date in a year nobody entered is an error, never a guess.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from .audit import audit_record
from .errors import PermissionDenied, ServiceError
from .models import CalendarDay, CalendarYear


class CalendarNotCovered(ServiceError):
    """The holidays of this year have not been entered yet."""

    def __init__(self, message: str, *, year: int) -> None:
        super().__init__(message)
        self.year = year

    @property
    def status_label(self) -> str:
        """What a page shows in place of a deadline it cannot compute."""
        return calendar_gap_label(self.year)


def calendar_gap_label(year: int) -> str:
    return f"无法计算：{year}年节假日未录入"


# The State Council publishes next year's holidays in the autumn; from this day on the office
# is reminded to enter them, before a deadline runs into a year the calendar lacks.
NEXT_YEAR_WARNING_FROM = (11, 1)


def calendar_years_missing(today: dt.date) -> list[int]:
    """Years the office should enter now and has not: this year, and from 1 November the next."""
    wanted = [today.year]
    if (today.month, today.day) >= NEXT_YEAR_WARNING_FROM:
        wanted.append(today.year + 1)
    entered = set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    return [y for y in wanted if y not in entered]


class WorkCalendar:
    """Answers for the years it is asked about, loading each year once per instance."""

    def __init__(self) -> None:
        self._years: dict[int, dict[dt.date, bool]] = {}

    def _year(self, year: int) -> dict[dt.date, bool]:
        if year not in self._years:
            if not CalendarYear.objects.filter(year=year).exists():
                raise CalendarNotCovered(
                    f"{year}年的法定节假日和调休安排尚未录入，无法计算工作日："
                    "请联席办管理员按国务院办公厅通知录入该年度安排",
                    year=year,
                )
            days = CalendarDay.objects.filter(date__year=year).values_list("date", "is_workday")
            self._years[year] = dict(days)
        return self._years[year]

    def is_workday(self, day: dt.date) -> bool:
        exceptions = self._year(day.year)
        if day in exceptions:
            return exceptions[day]
        return day.weekday() < 5

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th working day strictly after ``start`` (start itself never counts).

        domain.md: ``find_workday(20, d)`` is one day off when d is a rest day; counting
        strictly after the start date is right whatever kind of day the start is.
        """
        if count < 1:
            raise ServiceError("工作日数应至少为1")
        day, seen = start, 0
        while seen < count:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                seen += 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """How many working days lie in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            count += self.is_workday(day)
        return count


def publication_due(completed_on: dt.date) -> dt.date:
    """Results are public within 20 working days of the task's completion (seed 三(四))."""
    return WorkCalendar().add_working_days(completed_on, 20)


@transaction.atomic
def calendar_year_set(
    *,
    actor: Any,
    year: int,
    rest_days: Iterable[tuple[dt.date, str]],
    work_days: Iterable[tuple[dt.date, str]],
    notice: str,
    reason: str = "",
) -> CalendarYear:
    """The office enters (or corrects) one year's holidays and make-up working days.

    ``rest_days``: weekdays off (a holiday on a weekend needs no entry); ``work_days``:
    weekends worked (调休). Every other day follows the weekday rule.
    """
    if not actor.is_office_admin:
        raise PermissionDenied("只有联席办管理员可以录入节假日安排")
    if not notice.strip():
        raise ServiceError("请填写依据，如国务院办公厅关于该年部分节假日安排的通知文号")
    rest, work = list(rest_days), list(work_days)
    for day, _ in [*rest, *work]:
        if day.year != year:
            raise ServiceError(f"{day} 不在 {year} 年")
    for day, _ in rest:
        if day.weekday() >= 5:
            raise ServiceError(f"{day} 是周末，本就休息，无需录入为休息日")
    for day, _ in work:
        if day.weekday() < 5:
            raise ServiceError(f"{day} 是工作日，本就上班，无需录入为调休上班日")
    dates = [d for d, _ in [*rest, *work]]
    if len(set(dates)) != len(dates):
        raise ServiceError("同一日期不能重复录入")
    before_days = list(
        CalendarDay.objects.filter(date__year=year).values_list("date", "is_workday", "name")
    )
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=d, is_workday=False, name=n or "休息") for d, n in rest]
        + [CalendarDay(date=d, is_workday=True, name=n or "调休上班") for d, n in work]
    )
    entry, created = CalendarYear.objects.update_or_create(
        year=year,
        defaults={"source": "联席办录入", "notice": notice.strip(), "entered_by": actor},
    )
    audit_record(
        actor=actor,
        action="calendar.create" if created else "calendar.update",
        object_type="calendar",
        object_id=year,
        object_repr=f"{year}年节假日安排",
        before={"days": before_days} if not created else None,
        after={"rest": rest, "work": work, "notice": notice.strip()},
        reason=reason,
    )
    return entry
