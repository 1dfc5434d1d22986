"""Task services: who may create and change tasks, and what a task may contain."""

from __future__ import annotations

import pytest

from shuangsuiji.common.errors import PermissionDenied, ServiceError
from shuangsuiji.common.models import AuditEntry
from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.directory.models import User
from shuangsuiji.plans import services
from shuangsuiji.plans.access import scope_tasks
from shuangsuiji.plans.models import Task, TaskState

from ..sampling import builders as b

pytestmark = pytest.mark.django_db


def test_lead_department_admin_creates_a_joint_task_with_audit(market_admin: User) -> None:
    items = [b.item(name="甲"), b.item(department=b.health(), name="乙")]
    task = b.task(items, partners=[b.health()], actor=market_admin, publish=False)
    assert task.state == TaskState.DRAFT and task.created_by == market_admin
    assert task.department_ids()[0] == b.market().pk and task.is_joint
    entry = AuditEntry.objects.get(action="task.create")
    assert entry.actor == market_admin and entry.object_id == "LC2025-SCJG-001"
    services.task_publish(actor=market_admin, task=task)
    assert Task.objects.get(pk=task.pk).state == TaskState.PUBLISHED


def test_other_department_admin_and_inspectors_cannot_create_or_change(
    health_admin: User, market_inspector: User
) -> None:
    for actor in (health_admin, market_inspector):
        with pytest.raises(PermissionDenied):
            b.task([b.item()], actor=actor, code=f"T-{actor.pk}")
    task = b.task([b.item(name="甲")], publish=False)
    with pytest.raises(PermissionDenied):
        services.task_update(actor=health_admin, task=task, changes={"name": "改"})


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"state": "draft"}, "尚未发布"),
        ({"year": 2026}, "与任务年度不符"),
        ({"department": "health"}, "不是本任务的发起或配合部门"),
    ],
)
def test_items_must_be_published_of_the_year_and_of_the_task_departments(
    kwargs: dict[str, object], message: str
) -> None:
    if kwargs.pop("department", None):
        kwargs["department"] = b.health()
    item = b.item(**kwargs)
    if kwargs.get("state") == "draft":
        item.state = "draft"
        item.save()
    with pytest.raises(ServiceError, match=message):
        b.task([item])


def test_lead_cannot_be_a_partner_and_a_frozen_task_cannot_change() -> None:
    with pytest.raises(ServiceError, match="不能同时是配合部门"):
        b.task([b.item()], partners=[b.market()])
    b.entities(2)
    b.officers(2)
    task = b.task([b.item(ratio_cap=None, category="key")])
    b.freeze_and_draw(task)
    with pytest.raises(ServiceError, match="不能再修改"):
        services.task_update(actor=SYSTEM, task=task, changes={"name": "改"})


def test_tasks_are_scoped_to_lead_and_partner_departments(
    office_admin: User, market_admin: User, health_admin: User, market_inspector: User
) -> None:
    market_only = b.task([b.item(name="甲")], code="T-1")
    joint = b.task(
        [b.item(name="乙"), b.item(department=b.health(), name="丙")],
        code="T-2",
        partners=[b.health()],
    )

    def visible(user: User) -> set[str]:
        return set(scope_tasks(Task.objects.all(), user).values_list("code", flat=True))

    assert visible(office_admin) == {market_only.code, joint.code}
    assert visible(market_admin) == {market_only.code, joint.code}
    assert visible(market_inspector) == {market_only.code, joint.code}
    assert visible(health_admin) == {joint.code}
