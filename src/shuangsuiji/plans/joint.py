"""Joint-check requests (seed 三(三)): “需联合开展检查的可书面报送检查事项清单”.

A department admin submits in writing the items it wants checked jointly; the office approves
(creating a joint task in the year's draft plan, or extending an existing task) or returns the
request with a reason. Each service is atomic and audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from shuangsuiji.common.audit import audit_record
from shuangsuiji.common.errors import PermissionDenied, ServiceError
from shuangsuiji.directory.models import Department, InspectionItem, ItemState, Role

from .models import JointRequest, JointRequestState, Plan, Task
from .planning import plan_task_add
from .services import task_update


def _audit(actor: Any, req: JointRequest, action: str, reason: str = "") -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="joint_request",
        object_id=req.pk,
        object_repr=str(req),
        after={
            "state": req.state,
            "items": sorted(req.items.values_list("id", flat=True)),
            "partners": sorted(req.partner_departments.values_list("id", flat=True)),
            "task": req.task.code if req.task else None,
        },
        reason=reason,
    )


@transaction.atomic
def joint_request_submit(
    *,
    actor: Any,
    items: Iterable[InspectionItem],
    partner_departments: Iterable[Department],
    window_start: dt.date,
    window_end: dt.date,
    note: str = "",
) -> JointRequest:
    """A department admin submits items for a joint check with the partners it proposes."""
    if getattr(actor, "role", None) != Role.DEPT_ADMIN or not actor.department_id:
        raise PermissionDenied("只有成员单位的部门管理员可以报送联合检查事项")
    items, partners = list(items), list(partner_departments)
    if not items:
        raise ServiceError("至少选择一项抽查事项", field="items")
    if not partners:
        raise ServiceError("至少建议一个配合部门", field="partner_departments")
    if any(p.pk == actor.department_id or p.is_office for p in partners):
        raise ServiceError("配合部门应为本部门以外的成员单位", field="partner_departments")
    if window_end < window_start:
        raise ServiceError("建议结束日期不能早于开始日期", field="window_end")
    departments = {actor.department_id, *(p.pk for p in partners)}
    years = {item.year for item in items}
    for item in items:
        if item.state != ItemState.PUBLISHED:
            raise ServiceError(f"抽查事项“{item.name}”尚未发布", field="items")
        if item.department_id not in departments:
            raise ServiceError(f"抽查事项“{item.name}”不属于本部门或建议的配合部门", field="items")
    if len(years) != 1:
        raise ServiceError("一次报送的抽查事项应属于同一年度清单", field="items")
    req = JointRequest.objects.create(
        department_id=actor.department_id,
        year=years.pop(),
        window_start=window_start,
        window_end=window_end,
        note=note.strip(),
        submitted_by_id=actor.pk,
    )
    req.items.set(items)
    req.partner_departments.set(partners)
    _audit(actor, req, "joint_request.submit")
    return req


def _decide(actor: Any, req: JointRequest) -> JointRequest:
    if not actor.is_office_admin:
        raise PermissionDenied("只有联席办管理员可以处理联合检查申请")
    locked = JointRequest.objects.select_for_update().get(pk=req.pk)
    if locked.state != JointRequestState.SUBMITTED:
        raise ServiceError(f"该申请{locked.get_state_display()}，不能再处理")
    return locked


@transaction.atomic
def joint_request_approve(
    *,
    actor: Any,
    request: JointRequest,
    plan: Plan | None = None,
    code: str = "",
    name: str = "",
    task: Task | None = None,
    reason: str = "",
) -> JointRequest:
    """The office approves: a new joint task in ``plan`` (``code``, ``name``), or ``task`` extended.

    The requesting department leads a new task; an extended task keeps its lead and gains the
    request's items and departments as partners. Either way the plan must still be a draft.
    """
    req = _decide(actor, request)
    items = list(req.items.all())
    partners = list(req.partner_departments.all())
    if task is not None:
        task = Task.objects.get(pk=task.pk)
        if task.year != req.year:
            raise ServiceError("所选任务与申请不属于同一年度")
        joined = {*task.partner_departments.all(), *partners, req.department}
        joined.discard(task.lead_department)
        task = task_update(
            actor=actor,
            task=task,
            changes={
                "items": [*task.items.all(), *(i for i in items if i not in task.items.all())],
                "partner_departments": sorted(joined, key=lambda d: d.pk),
            },
            reason=f"联合检查申请 #{req.pk}",
        )
    else:
        if plan is None:
            plan = Plan.objects.filter(year=req.year).first()
        if plan is None:
            raise ServiceError(f"{req.year}年度抽查计划尚未建立，请先编制计划")
        if not code.strip() or not name.strip():
            raise ServiceError("请填写新联合任务的编号和名称")
        task = plan_task_add(
            actor=actor,
            plan=plan,
            code=code,
            name=name,
            lead_department=req.department,
            partner_departments=partners,
            items=items,
            window_start=req.window_start,
            window_end=req.window_end,
            note=f"由联合检查申请 #{req.pk} 生成。{req.note}".strip(),
        )
    req.state = JointRequestState.APPROVED
    req.task = task
    req.decision_reason = reason.strip()
    req.decided_by_id = getattr(actor, "pk", None)
    req.decided_at = timezone.now()
    req.save()
    _audit(actor, req, "joint_request.approve", reason=reason.strip())
    return req


@transaction.atomic
def joint_request_return(*, actor: Any, request: JointRequest, reason: str) -> JointRequest:
    """The office returns the request to its department with a mandatory reason."""
    if not reason.strip():
        raise ServiceError("退回须说明原因", field="reason")
    req = _decide(actor, request)
    req.state = JointRequestState.RETURNED
    req.decision_reason = reason.strip()
    req.decided_by_id = getattr(actor, "pk", None)
    req.decided_at = timezone.now()
    req.save()
    _audit(actor, req, "joint_request.return", reason=reason.strip())
    return req
