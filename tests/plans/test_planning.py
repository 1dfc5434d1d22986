"""The annual plan: drafted, approved and published by the office; amendments are versions."""

from __future__ import annotations

import pytest

from shuangsuiji.common.errors import PermissionDenied, ServiceError
from shuangsuiji.common.models import AuditEntry
from shuangsuiji.directory.models import InspectionItem, User
from shuangsuiji.plans import planning, services
from shuangsuiji.plans.models import Plan, PlanState, Task, TaskState

from ..sampling import builders as b

pytestmark = pytest.mark.django_db


def _add(plan: Plan, actor: User, code: str = "LC2025-JH-001", **kw: object) -> Task:
    n = InspectionItem.objects.count()
    return planning.plan_task_add(
        actor=actor,
        plan=plan,
        code=code,
        name=kw.pop("name", "营业执照规范使用检查"),
        lead_department=b.market(),
        partner_departments=kw.pop("partners", [b.health()]),
        items=kw.pop("items", None)
        or [b.item(name=f"{code}-{n}"), b.item(department=b.health(), name=f"{code}-{n}乙")],
        window_start=b.WINDOW[0],
        window_end=b.WINDOW[1],
    )


def test_office_drafts_approves_and_publishes_a_plan_with_a_joint_task(
    office_admin: User,
) -> None:
    plan = planning.plan_create(actor=office_admin, year=2025)
    assert plan.title == "栾川县2025年部门联合“双随机、一公开”抽查计划"
    task = _add(plan, office_admin)
    assert task.plan == plan and task.is_joint and task.state == TaskState.DRAFT
    planning.plan_approve(actor=office_admin, plan=plan)
    planning.plan_publish(actor=office_admin, plan=plan)
    plan.refresh_from_db()
    assert plan.state == PlanState.PUBLISHED
    assert Task.objects.get(pk=task.pk).state == TaskState.PUBLISHED
    version = plan.versions.get()
    assert version.version == 1 and version.tasks[0]["code"] == "LC2025-JH-001"
    actions = list(
        AuditEntry.objects.filter(object_type="plan")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["plan.create", "plan.approve", "plan.publish"]


def test_only_the_office_creates_approves_publishes_and_amends(
    office_admin: User, market_admin: User
) -> None:
    with pytest.raises(PermissionDenied):
        planning.plan_create(actor=market_admin, year=2025)
    plan = planning.plan_create(actor=office_admin, year=2025)
    _add(plan, office_admin)
    with pytest.raises(PermissionDenied):
        planning.plan_approve(actor=market_admin, plan=plan)
    planning.plan_approve(actor=office_admin, plan=plan)
    with pytest.raises(PermissionDenied):
        planning.plan_publish(actor=market_admin, plan=plan)
    planning.plan_publish(actor=office_admin, plan=plan)
    with pytest.raises(PermissionDenied):
        planning.plan_amend(actor=market_admin, plan=plan, reason="调整")


def test_plan_rules_one_per_year_tasks_needed_and_approval_before_publication(
    office_admin: User,
) -> None:
    plan = planning.plan_create(actor=office_admin, year=2025)
    with pytest.raises(ServiceError, match="已存在"):
        planning.plan_create(actor=office_admin, year=2025)
    with pytest.raises(ServiceError, match="还没有任务"):
        planning.plan_approve(actor=office_admin, plan=plan)
    _add(plan, office_admin)
    with pytest.raises(ServiceError, match="须先审批"):
        planning.plan_publish(actor=office_admin, plan=plan)


def test_a_published_plan_is_immutable_until_amended_with_a_reason(office_admin: User) -> None:
    plan = planning.plan_create(actor=office_admin, year=2025)
    task = _add(plan, office_admin)
    planning.plan_approve(actor=office_admin, plan=plan)
    planning.plan_publish(actor=office_admin, plan=plan)
    with pytest.raises(ServiceError, match="不能再增改任务"):
        _add(plan, office_admin, code="LC2025-JH-002")
    with pytest.raises(ServiceError, match="不能再增改任务"):
        services.task_update(actor=office_admin, task=task, changes={"name": "改名"})
    with pytest.raises(ServiceError, match="须说明原因"):
        planning.plan_amend(actor=office_admin, plan=plan, reason=" ")
    planning.plan_amend(actor=office_admin, plan=plan, reason="增加游泳场馆卫生检查")
    plan.refresh_from_db()
    assert plan.version == 2 and plan.state == PlanState.DRAFT
    _add(plan, office_admin, code="LC2025-JH-002", name="游泳场馆卫生检查")
    planning.plan_approve(actor=office_admin, plan=plan)
    planning.plan_publish(actor=office_admin, plan=plan)
    v2, v1 = plan.versions.all()
    assert (v1.version, len(v1.tasks), v1.reason) == (1, 1, "")
    assert (v2.version, len(v2.tasks), v2.reason) == (2, 2, "增加游泳场馆卫生检查")


def test_amend_is_refused_for_a_draft_plan(office_admin: User) -> None:
    plan = planning.plan_create(actor=office_admin, year=2025)
    with pytest.raises(ServiceError, match="只有已发布的计划可以修订"):
        planning.plan_amend(actor=office_admin, plan=plan, reason="x")


def test_existing_tasks_of_the_year_can_be_attached_to_a_draft_plan(office_admin: User) -> None:
    task = b.task([b.item()], publish=False)
    plan = planning.plan_create(actor=office_admin, year=2025)
    planning.plan_task_attach(actor=office_admin, plan=plan, task=task)
    assert Task.objects.get(pk=task.pk).plan == plan
    other = planning.plan_create(actor=office_admin, year=2026)
    with pytest.raises(ServiceError, match="不符"):
        planning.plan_task_attach(actor=office_admin, plan=other, task=task)
