"""Joint-check requests (seed 三(三)): submitted by a department, decided by the office."""

from __future__ import annotations

import pytest

from shuangsuiji.common.errors import PermissionDenied, ServiceError
from shuangsuiji.directory.models import Department, InspectionItem, User
from shuangsuiji.plans import joint, planning
from shuangsuiji.plans.models import JointRequest, JointRequestState, Plan

from ..sampling import builders as b

pytestmark = pytest.mark.django_db


def _submit(actor: User) -> JointRequest:
    n = InspectionItem.objects.count()
    return joint.joint_request_submit(
        actor=actor,
        items=[b.item(department=b.health(), name=f"游泳场馆卫生{n}"), b.item(name=f"营业执照{n}")],
        partner_departments=[b.market()],
        window_start=b.WINDOW[0],
        window_end=b.WINDOW[1],
        note="进一次门、查多项事",
    )


def test_department_admin_submits_and_office_approves_into_a_new_joint_task(
    health_admin: User, office_admin: User
) -> None:
    req = _submit(health_admin)
    assert req.state == JointRequestState.SUBMITTED and req.year == 2025
    plan = planning.plan_create(actor=office_admin, year=2025)
    req = joint.joint_request_approve(
        actor=office_admin, request=req, code="LC2025-LH-001", name="游泳场馆联合检查"
    )
    task = req.task
    assert req.state == JointRequestState.APPROVED and req.decided_by == office_admin
    assert task is not None and task.plan == plan
    assert task.lead_department == b.health() and list(task.partner_departments.all()) == [
        b.market()
    ]
    assert task.items.count() == 2


def test_approval_can_extend_an_existing_task(health_admin: User, office_admin: User) -> None:
    existing = b.task([b.item(name="年报")], publish=False)
    req = joint.joint_request_approve(
        actor=office_admin, request=_submit(health_admin), task=existing
    )
    existing.refresh_from_db()
    assert req.task == existing and existing.items.count() == 3
    assert list(existing.partner_departments.all()) == [b.health()]


def test_office_returns_with_a_reason_and_cannot_decide_twice(
    health_admin: User, office_admin: User
) -> None:
    req = _submit(health_admin)
    with pytest.raises(ServiceError, match="退回须说明原因"):
        joint.joint_request_return(actor=office_admin, request=req, reason="")
    joint.joint_request_return(actor=office_admin, request=req, reason="事项已在计划任务中")
    req.refresh_from_db()
    assert req.state == JointRequestState.RETURNED and req.decision_reason == "事项已在计划任务中"
    with pytest.raises(ServiceError, match="不能再处理"):
        joint.joint_request_approve(actor=office_admin, request=req, code="X", name="Y")


def test_only_department_admins_submit_and_only_the_office_decides(
    office_admin: User, health_admin: User, market_inspector: User
) -> None:
    for actor in (office_admin, market_inspector):
        with pytest.raises(PermissionDenied):
            _submit(actor)
    req = _submit(health_admin)
    with pytest.raises(PermissionDenied):
        joint.joint_request_return(actor=health_admin, request=req, reason="x")


def test_submission_rules(health_admin: User) -> None:
    with pytest.raises(ServiceError, match="至少建议一个配合部门"):
        joint.joint_request_submit(
            actor=health_admin,
            items=[b.item(department=b.health())],
            partner_departments=[],
            window_start=b.WINDOW[0],
            window_end=b.WINDOW[1],
        )
    safety = Department.objects.get(name="县应急管理局")
    with pytest.raises(ServiceError, match="不属于本部门或建议的配合部门"):
        joint.joint_request_submit(
            actor=health_admin,
            items=[b.item(name="他部门事项")],
            partner_departments=[safety],
            window_start=b.WINDOW[0],
            window_end=b.WINDOW[1],
        )


def test_approval_needs_the_years_plan(health_admin: User, office_admin: User) -> None:
    req = _submit(health_admin)
    assert not Plan.objects.exists()
    with pytest.raises(ServiceError, match="计划尚未建立"):
        joint.joint_request_approve(actor=office_admin, request=req, code="X", name="Y")
