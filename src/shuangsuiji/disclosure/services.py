"""Writes of 一公开: requests to keep a result internal (依法依规不适合公开), and decisions."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from shuangsuiji.common.audit import audit_record
from shuangsuiji.common.errors import PermissionDenied, ServiceError
from shuangsuiji.directory.models import Role
from shuangsuiji.inspections.models import Result
from shuangsuiji.plans.models import Task

from .models import ExemptionState, ResultExemption


def _snapshot(e: ResultExemption) -> dict[str, Any]:
    return {"state": e.state, "reason": e.reason, "decision_note": e.decision_note}


def _audit(actor: Any, e: ResultExemption, action: str, before: Any, reason: str) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="result_exemption",
        object_id=e.pk,
        object_repr=f"{e.result.entity.name} · {e.result.item.name}",
        before=before,
        after=_snapshot(e),
        reason=reason,
    )


def may_request_exemption(actor: Any, result: Result, lead_department_id: Any = None) -> bool:
    """The office, or the admin of the item's department or of the task's lead department
    (谁管辖、谁负责). ``lead_department_id`` spares the lookup when the caller knows the task."""
    if actor.is_office_admin:
        return True
    if getattr(actor, "role", "") != Role.DEPT_ADMIN or not actor.department_id:
        return False
    if lead_department_id is None:
        task = Task.objects.only("lead_department_id").get(draws__pk=result.draw_id)
        lead_department_id = task.lead_department_id
    return actor.department_id in (result.item.department_id, lead_department_id)


@transaction.atomic
def exemption_request(*, actor: Any, result: Result, reason: str) -> ResultExemption:
    """Ask that one result stay off the public record; the office decides (seed 三(四)).

    A rejected request may be made again with a new reason; a pending or approved one may not.
    """
    if not may_request_exemption(actor, result):
        raise PermissionDenied("只有联席办或该事项所属部门、任务发起部门的管理员可以申请不予公开")
    reason = reason.strip()
    if not reason:
        raise ServiceError("申请不予公开必须说明理由和法律依据", field="reason")
    existing = ResultExemption.objects.select_for_update().filter(result=result).first()
    if existing is not None and existing.state != ExemptionState.REJECTED:
        raise ServiceError(f"该结果已有不予公开申请（{existing.get_state_display()}）")
    before = _snapshot(existing) if existing else None
    e = existing or ResultExemption(result=result)
    e.reason, e.state = reason, ExemptionState.REQUESTED
    e.requested_by = actor if getattr(actor, "pk", None) else None
    e.requested_by_name = actor.display_name
    e.requested_at = timezone.now()
    e.decided_by, e.decided_by_name, e.decided_at, e.decision_note = None, "", None, ""
    e.full_clean(exclude=["result"])
    e.save()
    _audit(actor, e, "result_exemption.request", before, reason)
    return e


@transaction.atomic
def exemption_decide(
    *, actor: Any, exemption: ResultExemption, approve: bool, note: str = ""
) -> ResultExemption:
    """The office approves (the result stays internal) or rejects (it is published) a request."""
    if not actor.is_office_admin:
        raise PermissionDenied("只有联席办管理员可以审批不予公开申请")
    e = ResultExemption.objects.select_for_update().get(pk=exemption.pk)
    if e.state != ExemptionState.REQUESTED:
        raise ServiceError(f"该申请已处理（{e.get_state_display()}），不能再次审批")
    note = note.strip()
    if not approve and not note:
        raise ServiceError("不予批准须填写审批意见", field="note")
    before = _snapshot(e)
    e.state = ExemptionState.APPROVED if approve else ExemptionState.REJECTED
    e.decided_by = actor if getattr(actor, "pk", None) else None
    e.decided_by_name = actor.display_name
    e.decided_at = timezone.now()
    e.decision_note = note
    e.save()
    _audit(actor, e, "result_exemption.decide", before, note)
    exemption.state = e.state
    return e
