"""Writes of results, confirmations and follow-ups. Atomic, each with its audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from shuangsuiji.common.audit import audit_record
from shuangsuiji.common.errors import PermissionDenied, ServiceError
from shuangsuiji.common.validation import full_clean, snapshot
from shuangsuiji.directory.models import Department, InspectionItem, Method
from shuangsuiji.plans.models import TaskState

from . import crime, listings, rules
from .access import can_handle_follow_up as can_handle_follow_up
from .access import may_follow_up
from .access import officer_of as _officer_of
from .access import visible as _visible
from .evidence import removes_stored_files_on_error, store_evidence
from .models import (
    FollowUp,
    FollowUpAction,
    ReferenceKind,
    Result,
    ResultCategory,
    ResultConfirmation,
    TransferTo,
)

# Results may be recorded while the task is drawn or under inspection.
RECORDABLE = {TaskState.DRAWN, TaskState.IN_PROGRESS}
OFFENCE_MAX = 100


def suspicion(suspected_crime: bool, suspected_offence: str) -> str:
    """The offence of a ticked 涉嫌犯罪 box, refused when it names none; "" when unticked."""
    offence = suspected_offence.strip()
    if not suspected_crime:
        return ""
    if not offence:
        raise ServiceError("勾选涉嫌犯罪的，须填写涉嫌罪名", field="suspected_offence")
    if len(offence) > OFFENCE_MAX:
        raise ServiceError(f"涉嫌罪名不能超过{OFFENCE_MAX}字", field="suspected_offence")
    return offence


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
    sub_categories: str | list[str] = "",
    suspected_crime: bool = False,
    suspected_offence: str = "",
    files: Iterable[Any] = (),
) -> Result:
    """Record or change the result of one item (seed 三(三)); a change clears confirmations.

    A delegated check names the agency and stays the item's department's responsibility
    (谁委托、谁负责); a result that relies on another department's conclusion, a court document
    or a professional body's finding names it. A (发现问题待后续处理) names the categories it
    pairs with (rules.py); a ticked 涉嫌犯罪 names the offence, and then needs a 移送.
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
    subs = rules.parse_sub_codes(category, sub_categories)
    offence = suspicion(suspected_crime, suspected_offence)
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
    result.sub_categories = subs
    result.findings = findings.strip()
    if offence and not result.suspected_crime:
        result.suspected_on = timezone.localdate()
    result.suspected_crime = bool(offence)
    result.suspected_offence = offence
    if not offence:
        result.suspected_on = None
    crime.reopen_hint(result, result.findings)
    result.reference_kind = reference_kind
    result.reference = reference.strip() if reference_kind else ""
    result.recorded_by = inspector
    full_clean(result, exclude=["draw", "entity", "item", "recorded_by"])
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


def _refuse_by_category(result: Result, action: str, day: dt.date) -> None:
    """The category rules of rules.py for a follow-up other than the listing itself."""
    codes = result.codes
    if action == FollowUpAction.NONE:
        refusal = rules.none_refusal(codes)
        if refusal:
            raise ServiceError(refusal, field="action")
    if action == FollowUpAction.REFER_LISTING:
        refusal = listings.listing_refusal(result, day)
        if refusal:
            raise ServiceError(refusal, field="action")
        ra = listings.registration_authority()
        if result.item.department_id == ra.pk:
            raise ServiceError(
                f"{ra.name}即登记机关，无需抄告，请直接登记“列入经营异常名录”", field="action"
            )
        if result.follow_ups.filter(action__in=rules.LISTING_ACTIONS).exists():
            raise ServiceError("该检查结果已抄告登记机关或已列入经营异常名录", field="action")


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
    transfer_to: str = "",
    suspected_crime: bool = False,
    suspected_offence: str = "",
    listed_on: dt.date | None = None,
    decision_no: str = "",
    note: str = "",
) -> FollowUp:
    """Open a 后续处置 for a result (seed 三(四)); the owner defaults to the item's department.

    The result's category decides what is allowed (rules.py, 企业经营异常名录管理暂行办法 第四条,
    企业信息公示暂行条例): 列入经营异常名录 is made by 市场监管 alone (listings.py), and another
    department refers it with a 抄告 to 市场监管; 移送 names 公安机关 or 人民检察院.
    """
    assignment = _visible(actor, result.draw_id, result.entity_id)
    if not may_follow_up(actor, assignment):
        raise PermissionDenied("只有检查组成员或管理员可以登记后续处置")
    if action not in FollowUpAction.values:
        raise ServiceError("请选择处置方式", field="action")
    if not result.has_problem and action != FollowUpAction.NONE:
        raise ServiceError("该结果未发现问题，无需后续处置")
    if action == FollowUpAction.ABNORMAL_LIST:
        listing = listings.abnormal_list_enter(
            actor=actor, result=result, listed_on=listed_on, decision_no=decision_no, note=note
        )
        return listing.follow_up
    today = timezone.localdate()
    _refuse_by_category(result, action, today)
    if action == FollowUpAction.TRANSFER and transfer_to not in (
        TransferTo.POLICE,
        TransferTo.PROCURATORATE,
    ):
        raise ServiceError("移送须选择移送机关（公安机关或人民检察院）", field="transfer_to")
    offence = suspicion(suspected_crime, suspected_offence)
    owner = owner_department or result.item.department
    if action == FollowUpAction.REFER_LISTING:
        owner = result.item.department
        recipient_department = listings.registration_authority()
        notified_on = notified_on or today
    referring = action in (FollowUpAction.NOTIFY, FollowUpAction.REFER_LISTING)
    follow_up = FollowUp(
        result=result,
        action=action,
        owner_department=owner,
        due_on=due_on,
        correction_deadline=correction_deadline if action == FollowUpAction.CORRECTION else None,
        recipient_department=recipient_department if referring else None,
        notified_on=notified_on if referring else None,
        transfer_to=transfer_to if action == FollowUpAction.TRANSFER else "",
        suspected_crime=bool(offence),
        suspected_offence=offence,
        suspected_on=today if offence else None,
        note=note.strip(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    full_clean(follow_up, exclude=["result", "created_by"])
    follow_up.save()
    fresh = Result.objects.get(pk=result.pk)
    reopened = crime.reopen_hint(fresh, follow_up.note)
    if reopened:
        fresh.save(update_fields=["crime_hint_dismissed_at", "crime_hint_dismissal"])
    audit_record(
        actor=actor,
        action="followup.create",
        object_type="follow_up",
        object_id=follow_up.pk,
        object_repr=str(follow_up)[:255],
        after={**snapshot(follow_up), "crime_hint_reopened": reopened},
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
    corrected: bool | None = None,
    suspected_crime: bool = False,
    suspected_offence: str = "",
    files: Iterable[Any] = (),
) -> FollowUp:
    """Close a follow-up with a note and evidence; 责令改正 needs its re-check recorded.

    The re-check of a B result's 责令改正 says whether the firm corrected: uncorrected after the
    deadline makes the listing due (企业经营异常名录管理暂行办法 第四条第（二）项). A case that
    ends in a suspected crime ticks 涉嫌犯罪 with the offence; a 移送 is then required.
    """
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
    b_result = locked.result.codes & rules.LISTED_AFTER_DEADLINE
    if locked.action == FollowUpAction.CORRECTION and b_result and corrected is None:
        raise ServiceError(
            f"检查结果为{rules.label('B')}的，复查须写明是否已改正：逾期未改正的应列入经营异常名录"
            f"（{rules.LISTING_LAW}第（二）项）",
            field="corrected",
        )
    offence = suspicion(suspected_crime, suspected_offence)
    before = snapshot(locked)
    locked.status = FollowUp.Status.CLOSED
    locked.closure_note = closure_note.strip()
    locked.closed_on = closed_on or timezone.localdate()
    if recheck_on:
        locked.recheck_on = recheck_on
        locked.recheck_note = recheck_note.strip()
    if locked.action == FollowUpAction.CORRECTION:
        locked.corrected = corrected
    if offence:
        locked.suspected_crime = True
        locked.suspected_offence = offence
        locked.suspected_on = locked.suspected_on or timezone.localdate()
    full_clean(locked)
    locked.save()
    result = locked.result
    reopened = crime.reopen_hint(result, locked.closure_note, locked.recheck_note)
    if reopened:
        result.save(update_fields=["crime_hint_dismissed_at", "crime_hint_dismissal"])
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
            "crime_hint_reopened": reopened,
        },
    )
    follow_up.status = locked.status
    return locked
