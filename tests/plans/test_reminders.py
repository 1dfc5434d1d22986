"""Reminders: plans' sources, the registry, per-day idempotency and the remind command."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from shuangsuiji.common.errors import PermissionDenied
from shuangsuiji.directory.models import User
from shuangsuiji.plans import hooks, reminders
from shuangsuiji.plans.models import Task, TaskState

from ..sampling import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def plans_sources_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests count plans' own reminders; later stages' sources (e.g. 追责 escalations,
    tested in tests/oversight) would add messages about the same tasks."""
    own = [s for s in hooks._REMINDER_SOURCES if s.__module__.startswith("shuangsuiji.plans")]
    monkeypatch.setattr(hooks, "_REMINDER_SOURCES", own)


def _task(state: str, **fields: object) -> Task:
    n = Task.objects.count() + 1
    task = b.task([b.item(name=f"事项{n}")], code=f"LC2025-R{n}", publish=False)
    Task.objects.filter(pk=task.pk).update(state=state, **fields)
    task.refresh_from_db()
    return task


def test_window_closing_within_5_working_days_is_announced_to_the_lead_department() -> None:
    task = _task(TaskState.DRAWN, window_end=dt.date(2025, 10, 31))
    # Friday 2025-10-24 → Friday 10-31 is 5 working days
    sent = reminders.remind_send(day=dt.date(2025, 10, 24))
    assert [(m.subject, m.department_id) for m in sent] == [
        (f"task:{task.pk}:window", b.market().pk)
    ]
    assert "还剩5个工作日" in sent[0].text
    assert reminders.remind_send(day=dt.date(2025, 10, 23)) == []  # 6 working days
    assert not reminders.window_reminders(dt.date(2025, 11, 3))  # window over


def test_a_second_run_on_the_same_day_sends_nothing() -> None:
    _task(TaskState.IN_PROGRESS, window_end=dt.date(2025, 10, 31))
    assert len(reminders.remind_send(day=dt.date(2025, 10, 27))) == 1
    assert reminders.remind_send(day=dt.date(2025, 10, 27)) == []
    assert len(reminders.remind_send(day=dt.date(2025, 10, 28))) == 1


def test_publication_due_soon_and_overdue_go_to_the_lead_department_and_the_office(
    office: object,
) -> None:
    # completed Friday 2026-09-18: due 2026-10-22 (国庆 and 调休 in between)
    task = _task(TaskState.COMPLETED, completed_on=dt.date(2026, 9, 18))
    sent = reminders.remind_send(day=dt.date(2026, 10, 15))
    assert {m.kind for m in sent} == {"publication"} and len(sent) == 2
    assert "应于2026-10-22前公示（还剩5个工作日）" in sent[0].text
    late = reminders.remind_send(day=dt.date(2026, 10, 26))
    assert {m.kind for m in late} == {"overdue"} and "已逾期2个工作日" in late[0].text
    Task.objects.filter(pk=task.pk).update(state=TaskState.PUBLICIZED)
    assert reminders.publication_reminders(dt.date(2026, 10, 27)) == []


def test_the_rest_day_after_the_due_day_is_already_overdue(office: object) -> None:
    # completed Friday 2025-10-31: due Friday 11-28 (no holiday in November 2025); Saturday
    # 11-29 is past the due date though no working day has gone by since.
    _task(TaskState.COMPLETED, completed_on=dt.date(2025, 10, 31))
    on_due = reminders.publication_reminders(dt.date(2025, 11, 28))
    assert {m.kind for m in on_due} == {"publication"}
    assert "应于2025-11-28前公示（还剩0个工作日）" in on_due[0].text
    saturday = reminders.publication_reminders(dt.date(2025, 11, 29))
    assert {m.kind for m in saturday} == {"overdue"} and len(saturday) == 2
    assert "已逾期（不足1个工作日）" in saturday[0].text


def test_an_uncovered_year_yields_a_calendar_reminder_to_the_office(office: object) -> None:
    _task(TaskState.COMPLETED, completed_on=dt.date(2026, 12, 20))
    sent = reminders.remind_send(day=dt.date(2026, 12, 21))
    assert [m.subject for m in sent] == ["calendar:2027"]
    assert "2027年的法定节假日和调休安排尚未录入" in sent[0].text


@pytest.fixture
def extra_source(market_inspector: User) -> Iterator[None]:
    def results_missing(day: dt.date) -> list[hooks.Reminder]:
        return [
            hooks.Reminder(
                subject="result:1", kind="results", text="结果未录入", user_id=market_inspector.pk
            )
        ]

    hooks.register_reminder_source(results_missing)
    yield
    hooks._REMINDER_SOURCES.remove(results_missing)


def test_later_stages_add_reminder_sources(market_inspector: User, extra_source: None) -> None:
    sent = reminders.remind_send(day=dt.date(2025, 5, 6))
    assert [(m.text, m.user) for m in sent] == [("结果未录入", market_inspector)]


def test_messages_are_scoped_and_marked_read(
    market_admin: User, health_admin: User, market_inspector: User
) -> None:
    _task(TaskState.DRAWN, window_end=dt.date(2025, 10, 31))
    (message,) = reminders.remind_send(day=dt.date(2025, 10, 27))
    assert reminders.message_unread_count(user=market_inspector) == 1
    assert reminders.message_list(user=health_admin).count() == 0
    with pytest.raises(PermissionDenied):
        reminders.message_mark_read(actor=health_admin, message=message)
    reminders.message_mark_read(actor=market_admin, message=message)
    assert reminders.message_unread_count(user=market_inspector) == 0


def test_remind_command_prints_what_it_sent_and_checks_the_date() -> None:
    _task(TaskState.DRAWN, window_end=dt.date(2025, 10, 31))
    out = StringIO()
    call_command("remind", "--date", "2025-10-27", stdout=out)
    assert "检查期限将于2025-10-31截止" in out.getvalue() and "共发送 1 条提醒" in out.getvalue()
    out = StringIO()
    call_command("remind", "--date", "2025-10-27", stdout=out)
    assert "共发送 0 条提醒" in out.getvalue()
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("remind", "--date", "27.10.2025")
