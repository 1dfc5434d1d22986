"""Who may write what of an assignment: shared by the results, listing and crime services."""

from __future__ import annotations

from typing import Any

from shuangsuiji.common.errors import PermissionDenied
from shuangsuiji.directory.models import InspectorKind, Role
from shuangsuiji.plans.access import can_manage_task

from .models import FollowUp, FollowUpAction
from .selectors import Assignment, assignment_get


def officer_of(actor: Any, assignment: Assignment) -> Any:
    """The actor's Inspector when they are a law-enforcement member of the team; else refuse."""
    inspector = getattr(actor, "inspector", None)
    if inspector is None or not any(o.pk == inspector.pk for o in assignment.officers):
        raise PermissionDenied("只有本检查组的执法人员可以录入和确认检查结果")
    if inspector.kind != InspectorKind.LAW_ENFORCEMENT:
        raise PermissionDenied("专家不能录入或确认检查结果")
    return inspector


def visible(actor: Any, draw_id: int, entity_id: int) -> Assignment:
    assignment = assignment_get(actor=actor, draw_id=draw_id, entity_id=entity_id)
    if assignment is None:
        raise PermissionDenied("您无权查看或修改该检查任务")
    return assignment


def may_follow_up(actor: Any, assignment: Assignment) -> bool:
    """A team member, the office, or a department admin who sees the assignment."""
    return bool(
        assignment.includes(getattr(actor, "inspector", None))
        or actor.is_office_admin
        or actor.role == Role.DEPT_ADMIN
    )


def can_handle_follow_up(actor: Any, follow_up: FollowUp) -> bool:
    """The office, the owner department (谁管辖、谁负责), the department a 抄告 went to, or the
    task's managing department."""
    if actor.is_office_admin:
        return True
    if actor.department_id == follow_up.owner_department_id:
        return True
    if (
        follow_up.action == FollowUpAction.REFER_LISTING
        and actor.department_id == follow_up.recipient_department_id
    ):
        return True
    return bool(can_manage_task(actor, follow_up.result.draw.task.lead_department_id))
