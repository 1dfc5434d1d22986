"""The 20th working day across 春节 and 国庆 with 调休, against the State Council's notices.

The holiday tables below are written by hand from the notices for 2025 and 2026; each expected
due date is counted by hand from them (the count is in the comment) and counted again by a
plain table walk written here. The chinese-calendar package and the shipped calendar table
are only a cross-check of the tables, never the oracle.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import chinese_calendar
import pytest
import time_machine

from shuangsuiji.common.calendar import WorkCalendar, publication_due

pytestmark = pytest.mark.django_db
D = dt.date


def days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(n) for n in range((last - first).days + 1)]


@dataclass(frozen=True)
class Span:
    """A stretch of days fully described by a notice: every day in it that is not listed
    follows the weekday rule (Monday to Friday work, Saturday and Sunday rest)."""

    first: dt.date
    last: dt.date
    rest: frozenset[dt.date]  # days off, weekends inside a holiday included
    work: frozenset[dt.date]  # 调休: weekends worked

    def is_workday(self, day: dt.date) -> bool:
        assert self.first <= day <= self.last, f"{day} is outside the hand table"
        if day in self.work:
            return True
        return day not in self.rest and day.weekday() < 5


SPANS = {
    # 2025 notice — 春节: 1月28日（除夕，周二）至2月4日（初七，周二）放假调休，共8天；
    # 1月26日（周日）、2月8日（周六）上班. (元旦 1-1 is before the span.)
    "spring-2025": Span(
        D(2025, 1, 15),
        D(2025, 3, 10),
        rest=frozenset(days(D(2025, 1, 28), D(2025, 2, 4))),
        work=frozenset({D(2025, 1, 26), D(2025, 2, 8)}),
    ),
    # 2025 notice — 国庆节、中秋节: 10月1日（周三）至8日（周三）放假调休，共8天；
    # 9月28日（周日）、10月11日（周六）上班.
    "national-2025": Span(
        D(2025, 9, 15),
        D(2025, 11, 15),
        rest=frozenset(days(D(2025, 10, 1), D(2025, 10, 8))),
        work=frozenset({D(2025, 9, 28), D(2025, 10, 11)}),
    ),
    # 2026 notice — 春节: 2月15日（腊月二十八，周日）至23日（初七，周一）放假调休，共9天；
    # 2月14日（周六）、2月28日（周六）上班. (清明 4-4..4-6 is after the span.)
    "spring-2026": Span(
        D(2026, 2, 1),
        D(2026, 3, 31),
        rest=frozenset(days(D(2026, 2, 15), D(2026, 2, 23))),
        work=frozenset({D(2026, 2, 14), D(2026, 2, 28)}),
    ),
    # 2026 notice — 中秋节: 9月25日（周五）至27日（周日）放假，共3天；国庆节: 10月1日（周四）
    # 至7日（周三）放假调休，共7天；9月20日（周日）、10月10日（周六）上班.
    "national-2026": Span(
        D(2026, 9, 15),
        D(2026, 11, 15),
        rest=frozenset(days(D(2026, 9, 25), D(2026, 9, 27)) + days(D(2026, 10, 1), D(2026, 10, 7))),
        work=frozenset({D(2026, 9, 20), D(2026, 10, 10)}),
    ),
}


def twentieth_by_table(span: Span, start: dt.date) -> dt.date:
    """Walk the hand table: the 20th working day strictly after ``start``."""
    day, seen = start, 0
    while seen < 20:
        day += dt.timedelta(days=1)
        seen += span.is_workday(day)
    return day


@dataclass(frozen=True)
class Case:
    span: str
    start: dt.date
    kind: str  # what the start day is: "workday", "rest" or "make-up"
    due: dt.date


CASES = [
    # The worked check of the domain brief. From Friday 2026-09-18: 9-20 (Sun, 调休) 1, 21..24
    # 2..5, [9-25 中秋 off], 28..30 6..8, [10-01..07 off], 10-08 9, 10-09 10, 10-10 (Sat, 调休)
    # 11, 12..16 12..16, 19..22 17..20 → Thursday 10-22.
    Case("national-2026", D(2026, 9, 18), "workday", D(2026, 10, 22)),
    # Saturday 10-03 inside the holiday: 10-08 1, 09 2, 10 3, 12..16 4..8, 19..23 9..13,
    # 26..30 14..18, 11-02 19, 11-03 20. (find_workday(20, d) would answer 11-04.)
    Case("national-2026", D(2026, 10, 3), "rest", D(2026, 11, 3)),
    # Thursday 10-01, a weekday off: nothing counts until 10-08, the same 20 days → 11-03.
    Case("national-2026", D(2026, 10, 1), "rest", D(2026, 11, 3)),
    # Sunday 9-27, last day of 中秋: 28..30 1..3, 10-08 4, 09 5, 10 6, 12..16 7..11,
    # 19..23 12..16, 26..29 17..20 → 10-29.
    Case("national-2026", D(2026, 9, 27), "rest", D(2026, 10, 29)),
    # Sunday 9-20 is itself worked (调休); it does not count: 21..24 1..4, 28..30 5..7,
    # 10-08 8, 09 9, 10 10, 12..16 11..15, 19..23 16..20 → 10-23.
    Case("national-2026", D(2026, 9, 20), "make-up", D(2026, 10, 23)),
    # Saturday 10-10 worked: 12..16 1..5, 19..23 6..10, 26..30 11..15, 11-02..06 16..20 → 11-06.
    Case("national-2026", D(2026, 10, 10), "make-up", D(2026, 11, 6)),
    # Friday 2026-02-06: 09..13 1..5, 14 (Sat, 调休) 6, [15..23 off], 24..27 7..10,
    # 28 (Sat, 调休) 11, 3-02..06 12..16, 09..12 17..20 → 3-12.
    Case("spring-2026", D(2026, 2, 6), "workday", D(2026, 3, 12)),
    # Wednesday 2-18, 初二: 24..27 1..4, 28 5, 3-02..06 6..10, 09..13 11..15, 16..20 16..20
    # → 3-20. (find_workday(20, d) would answer 3-23.)
    Case("spring-2026", D(2026, 2, 18), "rest", D(2026, 3, 20)),
    # Saturday 2-14 worked: then 15..23 off, so the same count as from 2-18 → 3-20.
    Case("spring-2026", D(2026, 2, 14), "make-up", D(2026, 3, 20)),
    # Saturday 2-28 worked: 3-02..06 1..5, 09..13 6..10, 16..20 11..15, 23..27 16..20 → 3-27.
    Case("spring-2026", D(2026, 2, 28), "make-up", D(2026, 3, 27)),
    # Friday 2025-01-17: 20..24 1..5, 26 (Sun, 调休) 6, 27 7, [28..2-04 off], 2-05..07 8..10,
    # 08 (Sat, 调休) 11, 10..14 12..16, 17..20 17..20 → 2-20.
    Case("spring-2025", D(2025, 1, 17), "workday", D(2025, 2, 20)),
    # Saturday 1-25, a plain weekend: 26 1, 27 2, 2-05..07 3..5, 08 6, 10..14 7..11,
    # 17..21 12..16, 24..27 17..20 → 2-27.
    Case("spring-2025", D(2025, 1, 25), "rest", D(2025, 2, 27)),
    # Sunday 1-26 worked: 27 1, 2-05..07 2..4, 08 5, 10..14 6..10, 17..21 11..15,
    # 24..28 16..20 → 2-28.
    Case("spring-2025", D(2025, 1, 26), "make-up", D(2025, 2, 28)),
    # Friday 2025-09-19: 22..26 1..5, 28 (Sun, 调休) 6, 29..30 7..8, [10-01..08 off],
    # 09..10 9..10, 11 (Sat, 调休) 11, 13..17 12..16, 20..23 17..20 → 10-23.
    Case("national-2025", D(2025, 9, 19), "workday", D(2025, 10, 23)),
    # Saturday 10-04 inside the holiday: 09..10 1..2, 11 3, 13..17 4..8, 20..24 9..13,
    # 27..31 14..18, 11-03 19, 11-04 20 → 11-04.
    Case("national-2025", D(2025, 10, 4), "rest", D(2025, 11, 4)),
    # Sunday 9-28 worked: 29..30 1..2, 10-09..10 3..4, 11 5, 13..17 6..10, 20..24 11..15,
    # 27..31 16..20 → 10-31.
    Case("national-2025", D(2025, 9, 28), "make-up", D(2025, 10, 31)),
    # Saturday 10-11 worked: 13..17 1..5, 20..24 6..10, 27..31 11..15, 11-03..07 16..20 → 11-07.
    Case("national-2025", D(2025, 10, 11), "make-up", D(2025, 11, 7)),
]


def case_id(c: Case) -> str:
    return f"{c.start}-{c.kind}"


@pytest.fixture(autouse=True)
def pinned_day() -> object:
    # The answers do not depend on today; pin it anyway, after every date used here.
    with time_machine.travel(dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_publication_is_due_on_the_twentieth_working_day_strictly_after(case: Case) -> None:
    span = SPANS[case.span]
    # The start is the kind of day the case says: a rest day, or a weekend worked (调休).
    assert span.is_workday(case.start) == (case.kind != "rest")
    if case.kind != "rest":
        assert (case.start.weekday() >= 5) == (case.kind == "make-up")
    assert twentieth_by_table(span, case.start) == case.due  # the hand count agrees
    assert span.is_workday(case.due)
    assert publication_due(case.start) == case.due
    cal = WorkCalendar()
    assert cal.add_working_days(case.start, 20) == case.due
    assert cal.working_days_between(case.start, case.due) == 20
    # The day before the due date is the 19th working day or a rest day after it, never later.
    assert cal.working_days_between(case.start, case.due - dt.timedelta(days=1)) == 19


def test_cases_cover_every_span_and_every_kind_of_start() -> None:
    assert {c.span for c in CASES} == set(SPANS)
    for name in SPANS:
        assert {c.kind for c in CASES if c.span == name} >= {"rest", "make-up"}


@pytest.mark.parametrize("name", sorted(SPANS))
def test_hand_tables_match_the_package_and_the_shipped_calendar(name: str) -> None:
    span = SPANS[name]
    cal = WorkCalendar()
    checked = days(span.first, span.last)
    assert len(checked) > 50
    for day in checked:
        expected = span.is_workday(day)
        assert chinese_calendar.is_workday(day) == expected, day
        assert cal.is_workday(day) == expected, day
