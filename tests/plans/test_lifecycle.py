"""Task lifecycle: every transition is a service with its rules, each refusal tested."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from shuangsuiji.common.errors import PermissionDenied, ServiceError
from shuangsuiji.common.models import AuditEntry
from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.directory.models import User
from shuangsuiji.plans import hooks, services
from shuangsuiji.plans.models import Task, TaskState
from shuangsuiji.plans.selectors import task_publication_due

from ..sampling import builders as b

pytestmark = pytest.mark.django_db


def _in(state: str) -> Task:
    n = Task.objects.count() + 1
    task = b.task([b.item(name=f"事项{n}")], code=f"LC2025-T{n}", publish=False)
    Task.objects.filter(pk=task.pk).update(state=state)
    task.refresh_from_db()
    return task


@pytest.fixture
def blocker() -> Iterator[list[str]]:
    reasons: list[str] = []

    def check(task: Task) -> list[str]:
        return list(reasons)

    hooks.register_completion_check(check)
    yield reasons
    hooks._COMPLETION_CHECKS.remove(check)


def test_publish_moves_a_draft_to_published_and_refuses_twice() -> None:
    task = _in(TaskState.DRAFT)
    services.task_publish(actor=SYSTEM, task=task)
    assert Task.objects.get(pk=task.pk).state == TaskState.PUBLISHED
    with pytest.raises(ServiceError, match="不能变为"):
        services.task_publish(actor=SYSTEM, task=task)


def test_a_draft_cannot_be_frozen_drawn_or_completed() -> None:
    task = _in(TaskState.DRAFT)
    for to in (TaskState.FROZEN, TaskState.DRAWN, TaskState.COMPLETED, TaskState.PUBLICIZED):
        with pytest.raises(ServiceError, match="当前为“草稿”"):
            services.task_transition(actor=SYSTEM, task=task, to=to)


def test_no_draw_before_freeze() -> None:
    task = _in(TaskState.PUBLISHED)
    with pytest.raises(ServiceError, match="不能变为“已抽取”"):
        services.task_transition(actor=SYSTEM, task=task, to=TaskState.DRAWN)


def test_start_moves_a_drawn_task_in_progress_only_from_drawn() -> None:
    with pytest.raises(ServiceError, match="不能变为“检查中”"):
        services.task_start(actor=SYSTEM, task=_in(TaskState.FROZEN))
    task = _in(TaskState.DRAWN)
    services.task_start(actor=SYSTEM, task=task)
    assert Task.objects.get(pk=task.pk).state == TaskState.IN_PROGRESS
    assert AuditEntry.objects.filter(action="task.start").exists()


def test_complete_records_the_date_and_audits(blocker: list[str]) -> None:
    task = _in(TaskState.IN_PROGRESS)
    services.task_complete(actor=SYSTEM, task=task, on=dt.date(2025, 9, 18))
    task.refresh_from_db()
    assert task.state == TaskState.COMPLETED and task.completed_on == dt.date(2025, 9, 18)
    assert AuditEntry.objects.get(action="task.complete").after["completed_on"] == "2025-09-18"


def test_complete_is_refused_while_a_registered_check_reports_reasons(
    blocker: list[str],
) -> None:
    task = _in(TaskState.IN_PROGRESS)
    blocker.extend(["3 个检查对象尚无已确认的检查结果", "检查组未确认"])
    with pytest.raises(ServiceError, match="尚不能完成：3 个检查对象尚无已确认的检查结果；检查组"):
        services.task_complete(actor=SYSTEM, task=task)
    assert Task.objects.get(pk=task.pk).state == TaskState.IN_PROGRESS
    # task_transition, which later stages call, applies the same checks
    with pytest.raises(ServiceError, match="尚不能完成"):
        services.task_transition(actor=SYSTEM, task=task, to=TaskState.COMPLETED)


def test_complete_is_refused_before_in_progress_and_before_the_window() -> None:
    with pytest.raises(ServiceError, match="不能变为“已完成”"):
        services.task_complete(actor=SYSTEM, task=_in(TaskState.DRAWN))
    with pytest.raises(ServiceError, match="早于检查开始日期"):
        services.task_complete(
            actor=SYSTEM, task=_in(TaskState.IN_PROGRESS), on=dt.date(2025, 1, 2)
        )


def test_no_publication_before_completion_then_publicized_on_is_recorded() -> None:
    task = _in(TaskState.IN_PROGRESS)
    with pytest.raises(ServiceError, match="不能变为“已公示”"):
        services.task_publicize(actor=SYSTEM, task=task)
    services.task_complete(actor=SYSTEM, task=task, on=dt.date(2025, 9, 18))
    with pytest.raises(ServiceError, match="早于任务完成日期"):
        services.task_publicize(actor=SYSTEM, task=task, on=dt.date(2025, 9, 1))
    services.task_publicize(actor=SYSTEM, task=task, on=dt.date(2025, 10, 9))
    task.refresh_from_db()
    assert task.state == TaskState.PUBLICIZED and task.publicized_on == dt.date(2025, 10, 9)


@pytest.mark.parametrize(
    "state",
    [
        TaskState.DRAFT,
        TaskState.PUBLISHED,
        TaskState.FROZEN,
        TaskState.DRAWN,
        TaskState.IN_PROGRESS,
        TaskState.COMPLETED,
    ],
)
def test_terminate_needs_a_reason_from_any_state_before_publication(state: str) -> None:
    task = _in(state)
    with pytest.raises(ServiceError, match="终止任务须说明原因"):
        services.task_terminate(actor=SYSTEM, task=task, reason="  ")
    services.task_terminate(actor=SYSTEM, task=task, reason="上级部署调整")
    task.refresh_from_db()
    assert task.state == TaskState.TERMINATED and task.termination_reason == "上级部署调整"
    assert AuditEntry.objects.get(action="task.terminate").reason == "上级部署调整"


def test_terminate_is_refused_after_publication_and_after_termination() -> None:
    for state in (TaskState.PUBLICIZED, TaskState.TERMINATED):
        with pytest.raises(ServiceError, match="不能变为“已终止”"):
            services.task_terminate(actor=SYSTEM, task=_in(state), reason="原因")


def test_other_department_admin_cannot_move_a_task(health_admin: User) -> None:
    task = _in(TaskState.IN_PROGRESS)
    with pytest.raises(PermissionDenied):
        services.task_complete(actor=health_admin, task=task)
    with pytest.raises(PermissionDenied):
        services.task_terminate(actor=health_admin, task=task, reason="x")


def test_publication_due_is_20_working_days_after_completion_across_guoqing() -> None:
    task = _in(TaskState.IN_PROGRESS)
    Task.objects.filter(pk=task.pk).update(window_start=dt.date(2025, 4, 1))
    services.task_complete(actor=SYSTEM, task=task, on=dt.date(2026, 9, 18))
    task.refresh_from_db()
    assert task_publication_due(task) == (dt.date(2026, 10, 22), "")


def test_publication_due_says_clearly_when_the_year_is_not_covered() -> None:
    task = _in(TaskState.IN_PROGRESS)
    Task.objects.filter(pk=task.pk).update(window_start=dt.date(2025, 4, 1))
    services.task_complete(actor=SYSTEM, task=task, on=dt.date(2027, 12, 10))
    task.refresh_from_db()
    due, error = task_publication_due(task)
    assert (due, error) == (None, "无法计算：2027年节假日未录入")
