"""Publication's 20th working day is the last day on time: the portal (task list, task page,
public API), the dashboard's 按期公示 and the 追责 flags agree on it and on the day after."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from shuangsuiji.directory.models import User
from shuangsuiji.oversight import flags
from shuangsuiji.oversight.statistics import dashboard
from shuangsuiji.plans import services as plan_services
from shuangsuiji.plans.models import Task

from .builders import Publicized, completed_task

pytestmark = pytest.mark.django_db
D = dt.date
SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Case:
    completed_on: dt.date
    due: dt.date  # the 20th working day strictly after completed_on, counted by hand
    day_after: dt.date
    late_by: int  # working days in (due, day_after]
    late_label: str


CASES = [
    # Friday 2025-10-31. November 2025 has no public holiday (国庆 ended 10-08, its make-up
    # Saturday was 10-11): 11-03..07 → 5, 10..14 → 10, 17..21 → 15, 24..28 → 20. The day after
    # is Saturday 11-29, a rest day: late, by 0 working days, which the label says in words.
    Case(D(2025, 10, 31), D(2025, 11, 28), D(2025, 11, 29), 0, "已逾期（不足 1 个工作日）"),
    # Tuesday 2025-10-28: 10-29, 30, 31 → 3, 11-03..07 → 8, 10..14 → 13, 17..21 → 18, 24 → 19,
    # 25 → 20. The day after, Wednesday 11-26, is the 21st working day: late by 1.
    Case(D(2025, 10, 28), D(2025, 11, 25), D(2025, 11, 26), 1, "已逾期 1 个工作日"),
]


@pytest.fixture(params=CASES, ids=lambda c: f"completed-{c.completed_on}")
def case(request: pytest.FixtureRequest) -> Case:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def done(case: Case) -> Publicized:
    """A 已完成 task of 2025 (window 2025-04-01..10-31) with the case's completion date."""
    p = completed_task(n_entities=2)
    if case.completed_on != p.task.completed_on:
        # Completed earlier within the window than the builder's day: same results, same rule.
        Task.objects.filter(pk=p.task.pk).update(completed_on=case.completed_on)
        p.task.refresh_from_db()
    return p


def on(day: dt.date) -> time_machine.travel:
    return time_machine.travel(dt.datetime.combine(day, dt.time(10), SHANGHAI), tick=False)


@pytest.fixture
def portal() -> Client:
    return Client(HTTP_HOST="localhost")


@dataclass
class Seen:
    """What each reader says about the task on the pinned day."""

    list_html: str
    page_html: str
    api: dict[str, object]
    dashboard: dict[str, object]
    flags: list[flags.Flag]


def seen(client: Client, p: Publicized, office_admin: User) -> Seen:
    listing = client.get("/public/tasks/")
    page = client.get(f"/public/tasks/{p.task.code}/")
    api = client.get(f"/api/v1/tasks/{p.task.code}")
    assert listing.status_code == page.status_code == api.status_code == 200
    figure = dashboard(actor=office_admin, year=2025).figure("publication")
    assert figure.total is not None
    found = flags.flag_list(actor=office_admin, kind="publication")
    return Seen(
        listing.content.decode(),
        page.content.decode(),
        {k: api.json()["publication"][k] for k in ("code", "label", "due")},
        figure.total.values,
        found,
    )


def status_span(code: str, label: str) -> str:
    return f'<span class="pub-status pub-status-{code}">{label}</span>'


def due_note(due: dt.date) -> str:
    return f"应于 {due:%Y-%m-%d} 前公示"


@pytest.fixture
def later(case: Case, done: Publicized) -> Iterator[None]:
    """Read a fortnight after the due day: only the publication date decides."""
    with on(case.due + dt.timedelta(days=14)):
        yield


def test_published_on_the_due_day_is_on_time_everywhere(
    case: Case, done: Publicized, portal: Client, office_admin: User, later: None
) -> None:
    plan_services.task_publicize(actor=done.admin, task=done.task, on=case.due)
    s = seen(portal, done, office_admin)
    for html in (s.list_html, s.page_html):
        assert status_span("on_time", "按时公示") in html
        assert due_note(case.due) in html
    assert s.api == {"code": "on_time", "label": "按时公示", "due": case.due.isoformat()}
    assert (s.dashboard["on_time"], s.dashboard["late"], s.dashboard["on_time_rate"]) == (1, 0, 1.0)
    assert s.flags == []


def test_published_the_day_after_is_late_everywhere(
    case: Case, done: Publicized, portal: Client, office_admin: User, later: None
) -> None:
    plan_services.task_publicize(actor=done.admin, task=done.task, on=case.day_after)
    s = seen(portal, done, office_admin)
    for html in (s.list_html, s.page_html):
        assert status_span("late", "逾期公示") in html
        assert due_note(case.due) in html
    assert s.api == {"code": "late", "label": "逾期公示", "due": case.due.isoformat()}
    assert (s.dashboard["on_time"], s.dashboard["late"], s.dashboard["on_time_rate"]) == (0, 1, 0.0)
    assert [(f.since, f.age, f.department) for f in s.flags] == [
        (case.due, case.late_by, done.task.lead_department)
    ]
    assert f"实际于{case.day_after:%Y-%m-%d}公示" in s.flags[0].explanation


def test_unpublished_on_the_due_day_is_still_due_everywhere(
    case: Case, done: Publicized, portal: Client, office_admin: User
) -> None:
    with on(case.due):
        s = seen(portal, done, office_admin)
    # (due, due] holds no working day: nothing left but the day itself.
    label = "待公示（剩 0 个工作日）"
    for html in (s.list_html, s.page_html):
        assert status_span("due", label) in html
        assert due_note(case.due) in html
    assert s.api == {"code": "due", "label": label, "due": case.due.isoformat()}
    assert (s.dashboard["pending"], s.dashboard["overdue"]) == (1, 0)
    assert s.dashboard["on_time_rate"] is None  # nothing decided yet
    assert s.flags == []


def test_unpublished_the_day_after_is_overdue_everywhere(
    case: Case, done: Publicized, portal: Client, office_admin: User
) -> None:
    with on(case.day_after):
        s = seen(portal, done, office_admin)
    label = case.late_label
    for html in (s.list_html, s.page_html):
        assert status_span("overdue", label) in html
        assert due_note(case.due) in html
    assert s.api == {"code": "overdue", "label": label, "due": case.due.isoformat()}
    assert (s.dashboard["pending"], s.dashboard["overdue"], s.dashboard["on_time_rate"]) == (
        0,
        1,
        0.0,
    )
    assert [(f.since, f.age) for f in s.flags] == [(case.due, case.late_by)]
    assert "至今未公示" in s.flags[0].explanation
