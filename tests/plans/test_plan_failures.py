"""Task publish, plan publish, a joint request approved into a new task, and task completion
fail partway without leaving anything: no task state, plan version or audit entry remains.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from shuangsuiji.common.models import AuditChainHead, AuditEntry
from shuangsuiji.directory.models import Role, User
from shuangsuiji.plans import joint, planning
from shuangsuiji.plans import services as tasks
from shuangsuiji.plans.models import JointRequest, Plan, PlanVersion, Task

from ..conftest import make_user
from ..failures import (
    AuditWrite,
    FailurePoint,
    Service,
    SqlWrite,
    check_nothing_remains,
    failure_cases,
    on_fixture_day,
)
from ..inspections.builders import confirm_every_result, drawn_task
from ..sampling import builders as b

pytestmark = pytest.mark.django_db

AUDIT = (AuditEntry, AuditChainHead)


@pytest.fixture(autouse=True)
def fixture_day() -> Iterator[None]:
    with on_fixture_day():
        yield


def task_publish_case(office: User) -> Callable[[], Any]:
    pk = b.task([b.item()], publish=False).pk
    return lambda: tasks.task_publish(actor=office, task=Task.objects.get(pk=pk))


def plan_publish_case(office: User) -> Callable[[], Any]:
    """An approved plan with two draft tasks, published with it."""
    plan = planning.plan_create(actor=office, year=2025)
    for n in (1, 2):
        planning.plan_task_add(
            actor=office,
            plan=plan,
            code=f"LC2025-SCJG-00{n}",
            name=f"计划内任务{n}",
            lead_department=b.market(),
            items=[b.item(name=f"计划事项{n}")],
            window_start=b.WINDOW[0],
            window_end=b.WINDOW[1],
        )
    planning.plan_approve(actor=office, plan=plan)
    return lambda: planning.plan_publish(actor=office, plan=Plan.objects.get(pk=plan.pk))


def joint_approve_case(office: User) -> Callable[[], Any]:
    planning.plan_create(actor=office, year=2025)
    health_admin = make_user("health_admin", b.health(), Role.DEPT_ADMIN)
    req = joint.joint_request_submit(
        actor=health_admin,
        items=[b.item(department=b.health(), name="游泳场馆卫生"), b.item(name="营业执照")],
        partner_departments=[b.market()],
        window_start=b.WINDOW[0],
        window_end=b.WINDOW[1],
    )
    return lambda: joint.joint_request_approve(
        actor=office,
        request=JointRequest.objects.get(pk=req.pk),
        code="LC2025-LH-001",
        name="游泳场馆联合检查",
    )


def task_complete_case(office: User) -> Callable[[], Any]:
    """Under inspection, every drawn entity's result confirmed by two officers."""
    drawn = drawn_task(n_entities=2)
    tasks.task_start(actor=office, task=drawn.task)
    confirm_every_result(drawn)
    return lambda: tasks.task_complete(actor=office, task=Task.objects.get(pk=drawn.task.pk))


SERVICES: dict[str, Service] = {
    "task_publish": Service(
        task_publish_case,
        frozenset({Task, *AUDIT}),
        (SqlWrite(Task, "UPDATE"), AuditWrite("task.publish")),
    ),
    "plan_publish": Service(
        plan_publish_case,
        frozenset({Task, Plan, PlanVersion, *AUDIT}),
        (
            SqlWrite(Task, "UPDATE", nth=2),  # the second task, after the first is published
            AuditWrite("task.publish", nth=2),
            SqlWrite(Plan, "UPDATE"),
            SqlWrite(PlanVersion),  # the last row
            AuditWrite("plan.publish"),  # the last write
        ),
    ),
    "joint_request_approve": Service(
        joint_approve_case,
        frozenset(
            {Task, Task.items.through, Task.partner_departments.through, JointRequest, *AUDIT}
        ),
        (
            SqlWrite(Task),
            SqlWrite(Task.items.through),
            AuditWrite("task.create"),
            SqlWrite(JointRequest, "UPDATE"),
            AuditWrite("joint_request.approve"),  # the last write
        ),
    ),
    "task_complete": Service(
        task_complete_case,
        frozenset({Task, *AUDIT}),
        (SqlWrite(Task, "UPDATE"), AuditWrite("task.complete")),
    ),
}


@pytest.mark.parametrize(("name", "point"), failure_cases(SERVICES))
def test_failed_plan_write_leaves_nothing(
    name: str, point: FailurePoint, office_admin: User
) -> None:
    service = SERVICES[name]
    check_nothing_remains(service.setup(office_admin), point, set(service.writes))
