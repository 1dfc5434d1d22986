"""plans refuses to complete a task while an assigned entity lacks a confirmed result."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from shuangsuiji.common.errors import ServiceError
from shuangsuiji.directory.models import User
from shuangsuiji.inspections import services
from shuangsuiji.plans import services as plan_services
from shuangsuiji.plans.models import TaskState

from .builders import DAY, confirm_every_result

pytestmark = pytest.mark.django_db


def test_task_completes_only_when_every_entity_has_a_confirmed_result(
    drawn: Any, market_admin: User
) -> None:
    plan_services.task_start(actor=market_admin, task=drawn.task)
    on = dt.date(2025, 10, 31)
    with pytest.raises(ServiceError, match="未录入或未经两名执法人员确认"):
        plan_services.task_complete(actor=market_admin, task=drawn.task, on=on)
    confirm_every_result(drawn)
    plan_services.task_complete(actor=market_admin, task=drawn.task, on=on)
    drawn.task.refresh_from_db()
    assert drawn.task.state == TaskState.COMPLETED
    # A completed task takes no more results.
    with pytest.raises(ServiceError, match="不能再录入"):
        services.result_save(
            actor=drawn.users[0],
            draw_id=drawn.draw.pk,
            entity_id=drawn.entity.pk,
            item=drawn.task.items.get(),
            method="onsite",
            inspected_on=DAY,
            category="F",
        )


def test_checks_and_reminders_are_registered_with_plans() -> None:
    from shuangsuiji.inspections.checks import completion_blockers, reminders_due
    from shuangsuiji.plans import hooks

    assert reminders_due in hooks.reminder_sources()
    assert completion_blockers in hooks._COMPLETION_CHECKS
