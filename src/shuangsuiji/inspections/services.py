"""Writes of results, confirmations and follow-ups. Atomic, each with its audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from shuangsuiji.common.audit import audit_record
from shuangsuiji.common.errors import PermissionDenied, ServiceError
from shuangsuiji.directory.models import Department, InspectionItem, InspectorKind, Method, Role
from shuangsuiji.directory.services import _full_clean, snapshot
from shuangsuiji.plans.access import can_manage_task
from shuangsuiji.plans.models import TaskState

from .evidence import removes_stored_files_on_error, store_evidence
from .models import (
    FollowUp,
    FollowUpAction,
    ReferenceKind,
    Result,
    ResultCategory,
    ResultConfirmation,
)
from .selectors import Assignment, assignment_get

# Results may be recorded while the task is drawn or under inspection.
RECORDABLE = {TaskState.DRAWN, TaskState.IN_PROGRESS}


def _officer_of(actor: Any, assignment: Assignment) -> Any:
    """The actor's Inspector when they are a law-enforcement member of the team; else refuse."""
    inspector = getattr(actor, "inspector", None)
    if inspector is None or not any(o.pk == inspector.pk for o in assignment.officers):
        raise PermissionDenied("只有本检查组的执法人员可以录入和确认检查结果")
    if inspector.kind != InspectorKind.LAW_ENFORCEMENT:
        raise PermissionDenied("专家不能录入或确认检查结果")
    return inspector


def _visible(actor: Any, draw_id: int, entity_id: int) -> Assignment:
    assignment = assignment_get(actor=actor, draw_id=draw_id, entity_id=entity_id)
    if assignment is None:
        raise PermissionDenied("您无权查看或修改该检查任务")
    return assignment


@removes_stored_files_on_error
@transaction.atomic
def result_save(
    *,
    actor: Any,
    draw_id: int,
    entity_id: int,
    item: InspectionItem,
    method: str,
    inspected_on: dt.date,
    category: str,
    findings: str = "",
    agency: str = "",
    reference_kind: str = "",
    reference: str = "",
    files: Iterable[Any] = (),
) -> Result:
    """Record or change the result of one item (seed 三(三)); a change clears confirmations.

    A delegated check names the agency and stays the item's department's responsibility
    (谁委托、谁负责); a result that relies on another department's conclusion, a court document
    or a professional body's finding names it.
    """
    assignment = _visible(actor, draw_id, entity_id)
    inspector = _officer_of(actor, assignment)
    task = assignment.task
    if task.state not in RECORDABLE:
        raise ServiceError(f"任务{task.get_state_display()}，不能再录入检查结果")
    if not task.items.filter(pk=item.pk).exists():
        raise ServiceError("该事项不属于本抽查任务")
    if method not in Method.values:
        raise ServiceError("请选择检查方式", field="method")
    if category not in ResultCategory.values:
        raise ServiceError("请选择检查结果", field="category")
    if reference_kind not in ReferenceKind.values:
        raise ServiceError("未知的结论来源", field="reference_kind")
    if inspected_on > timezone.localdate():
        raise ServiceError("检查日期不能晚于今天", field="inspected_on")
    if method != Method.DELEGATED:
        agency = ""
    files = list(files)
    existing = (
        Result.objects.select_for_update()
        .filter(draw_id=draw_id, entity_id=entity_id, item=item)
        .first()
    )
    before = snapshot(existing) if existing else None
    result = existing or Result(draw_id=draw_id, entity_id=entity_id, item=item)
    result.method = method
    result.agency = agency.strip()
    result.inspected_on = inspected_on
    result.category = category
    result.findings = findings.strip()
    result.reference_kind = reference_kind
    result.reference = reference.strip() if reference_kind else ""
    result.recorded_by = inspector
    _full_clean(result, exclude=["draw", "entity", "item", "recorded_by"])
    result.save()
    cleared = 0
    if existing is not None:
        cleared, _ = ResultConfirmation.objects.filter(result=result).delete()
    stored = store_evidence(uploads=files, actor=actor, result=result)
    audit_record(
        actor=actor,
        action="result.update" if existing else "result.create",
        object_type="result",
        object_id=result.pk,
        object_repr=f"{assignment.entity.name} · {item.name}"[:255],
        before=before,
        after={
            **snapshot(result),
            "confirmations_cleared": cleared,
            "evidence": [{"name": e.original_name, "sha256": e.sha256} for e in stored],
        },
    )
    return result


@transaction.atomic
def result_confirm(*, actor: Any, result: Result) -> ResultConfirmation:
    """One law-enforcement member of the team confirms the result; two make it count."""
    assignment = _visible(actor, result.draw_id, result.entity_id)
    inspector = _officer_of(actor, assignment)
    if assignment.task.state not in RECORDABLE:
        raise ServiceError(f"任务{assignment.task.get_state_display()}，不能再确认检查结果")
    if ResultConfirmation.objects.filter(result=result, inspector=inspector).exists():
        raise ServiceError("您已确认过该结果")
    confirmation = ResultConfirmation.objects.create(result=result, inspector=inspector)
    audit_record(
        actor=actor,
        action="result.confirm",
        object_type="result",
        object_id=result.pk,
        object_repr=f"{assignment.entity.name} · {result.item.name}"[:255],
        after={"inspector": inspector.certificate_no},
    )
    return confirmation


def can_handle_follow_up(actor: Any, follow_up: FollowUp) -> bool:
    """The office, the owner department (谁管辖、谁负责), or the task's managing department."""
    if actor.is_office_admin:
        return True
    if actor.department_id == follow_up.owner_department_id:
        return True
    return bool(can_manage_task(actor, follow_up.result.draw.task.lead_department_id))


@transaction.atomic
def follow_up_create(
    *,
    actor: Any,
    result: Result,
    action: str,
    owner_department: Department | None = None,
    due_on: dt.date,
    correction_deadline: dt.date | None = None,
    recipient_department: Department | None = None,
    notified_on: dt.date | None = None,
    note: str = "",
) -> FollowUp:
    """Open a 后续处置 for a result (seed 三(四)); the owner defaults to the item's department."""
    assignment = _visible(actor, result.draw_id, result.entity_id)
    if not (
        assignment.includes(getattr(actor, "inspector", None))
        or actor.is_office_admin
        or actor.role == Role.DEPT_ADMIN
    ):
        raise PermissionDenied("只有检查组成员或管理员可以登记后续处置")
    if action not in FollowUpAction.values:
        raise ServiceError("请选择处置方式", field="action")
    if not result.has_problem and action != FollowUpAction.NONE:
        raise ServiceError("该结果未发现问题，无需后续处置")
    follow_up = FollowUp(
        result=result,
        action=action,
        owner_department=owner_department or result.item.department,
        due_on=due_on,
        correction_deadline=correction_deadline if action == FollowUpAction.CORRECTION else None,
        recipient_department=recipient_department if action == FollowUpAction.NOTIFY else None,
        notified_on=notified_on if action == FollowUpAction.NOTIFY else None,
        note=note.strip(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _full_clean(follow_up, exclude=["result", "created_by"])
    follow_up.save()
    audit_record(
        actor=actor,
        action="followup.create",
        object_type="follow_up",
        object_id=follow_up.pk,
        object_repr=str(follow_up)[:255],
        after=snapshot(follow_up),
    )
    return follow_up


@removes_stored_files_on_error
@transaction.atomic
def follow_up_close(
    *,
    actor: Any,
    follow_up: FollowUp,
    closure_note: str,
    closed_on: dt.date | None = None,
    recheck_on: dt.date | None = None,
    recheck_note: str = "",
    files: Iterable[Any] = (),
) -> FollowUp:
    """Close a follow-up with a note and evidence; 责令改正 needs its re-check recorded."""
    locked = (
        FollowUp.objects.select_for_update()
        .select_related("result__draw__task")
        .get(pk=follow_up.pk)
    )
    if not can_handle_follow_up(actor, locked):
        raise PermissionDenied("只有负责部门或联席办可以办结该后续处置")
    if locked.status == FollowUp.Status.CLOSED:
        raise ServiceError("该后续处置已办结")
    if not closure_note.strip():
        raise ServiceError("请填写办结说明", field="closure_note")
    if locked.action == FollowUpAction.CORRECTION and not (recheck_on or locked.recheck_on):
        raise ServiceError("责令改正须在复查后办结，请填写复查日期", field="recheck_on")
    before = snapshot(locked)
    locked.status = FollowUp.Status.CLOSED
    locked.closure_note = closure_note.strip()
    locked.closed_on = closed_on or timezone.localdate()
    if recheck_on:
        locked.recheck_on = recheck_on
        locked.recheck_note = recheck_note.strip()
    _full_clean(locked)
    locked.save()
    stored = store_evidence(uploads=files, actor=actor, follow_up=locked)
    audit_record(
        actor=actor,
        action="followup.close",
        object_type="follow_up",
        object_id=locked.pk,
        object_repr=str(locked)[:255],
        before=before,
        after={
            **snapshot(locked),
            "evidence": [{"name": e.original_name, "sha256": e.sha256} for e in stored],
        },
    )
    follow_up.status = locked.status
    return locked
