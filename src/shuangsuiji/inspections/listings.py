"""经营异常名录: listing a firm and removing it (移出), by the registration authority only.

企业经营异常名录管理暂行办法 第三条 gives the list of a firm to the authority that registered
it, 第四条 names the grounds (rules.py), and 企业信息公示暂行条例 the same. So a listing is made
by 市场监管 whoever found the problem; another department's result reaches it as a 抄告
(FollowUpAction.REFER_LISTING), which the listing closes. The firm's 经营异常名录 flag and date
in the entity directory follow its active listings.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from shuangsuiji.common.audit import audit_record
from shuangsuiji.common.errors import PermissionDenied, ServiceError
from shuangsuiji.common.validation import full_clean, snapshot
from shuangsuiji.directory.models import Department, Entity, Role

from . import rules
from .access import may_follow_up, visible
from .models import AbnormalListing, FollowUp, FollowUpAction, RemovalReason, Result

# The registration authority among the member units (directory.reference).
REGISTRATION_AUTHORITY = "市场监管"
# The reasons of 移出 that fit each ground; a wrong listing or another reason fits every one.
REMOVAL_BY_GROUND = {
    "B": {RemovalReason.DISCLOSED},
    "C": {RemovalReason.CORRECTED},
    "6": {RemovalReason.REACHABLE},
}
ANY_GROUND = {RemovalReason.WRONGLY_LISTED, RemovalReason.OTHER}


def registration_authority() -> Department:
    """市场监管, the registration authority that alone lists firms (暂行办法 第三条)."""
    found = Department.objects.filter(short_name=REGISTRATION_AUTHORITY, is_office=False).first()
    if found is None:
        raise ServiceError("成员单位中没有登记机关（市场监管），无法办理经营异常名录")
    return found


def is_registration_authority(department_id: int | None) -> bool:
    return department_id is not None and department_id == registration_authority().pk


def not_authority_message(ra: Department) -> str:
    return (
        f"列入经营异常名录由登记机关{ra.name}决定（{rules.LISTING_LAW}、暂行办法第三条），"
        f"其他部门不能列入；请改为登记“{FollowUpAction.REFER_LISTING.label}”，"
        f"抄告{ra.name}依法列入"
    )


def deadline_refusal(result: Result, day: dt.date) -> str | None:
    """Why a B result may not be listed yet on ``day``: no 责令改正, corrected, or its
    deadline not passed (暂行办法 第四条第（二）项); None once the deadline passed uncorrected."""
    corrections = [
        f
        for f in result.follow_ups.all()
        if f.action == FollowUpAction.CORRECTION and f.correction_deadline
    ]
    if not corrections:
        return (
            f"检查结果为{rules.label('B')}的，须先责令限期改正；改正期限届满仍未改正的，"
            f"方可列入经营异常名录（{rules.LISTING_LAW}第（二）项）"
        )
    if any(f.corrected for f in corrections):
        return f"复查时已改正，不得列入经营异常名录（{rules.LISTING_LAW}第（二）项）"
    last = max(f.correction_deadline for f in corrections if f.correction_deadline)
    if last >= day:
        return (
            f"改正期限至{last:%Y-%m-%d}，期限届满仍未改正的方可列入经营异常名录"
            f"（{rules.LISTING_LAW}第（二）项）"
        )
    return None


def listing_refusal(result: Result, day: dt.date) -> str | None:
    """Why ``result`` is no ground for a listing on ``day`` (rules.py), or None."""
    codes = result.codes
    refusal = rules.listing_refusal(codes)
    if refusal or codes & rules.LISTED_AT_ONCE:
        return refusal
    return deadline_refusal(result, day)


def listing_due(follow_up: FollowUp, day: dt.date) -> bool:
    """A 责令改正 of a B result whose deadline passed before ``day`` without a recorded
    correction, while the result is neither listed nor referred: the listing is now due."""
    if follow_up.action != FollowUpAction.CORRECTION or follow_up.corrected:
        return False
    if follow_up.correction_deadline is None or follow_up.correction_deadline >= day:
        return False
    result = follow_up.result
    if not result.codes & rules.LISTED_AFTER_DEADLINE:
        return False
    return not any(f.action in rules.LISTING_ACTIONS for f in result.follow_ups.all())


def _ground(result: Result) -> str:
    at_once = sorted(result.codes & rules.LISTED_AT_ONCE)
    return at_once[0] if at_once else "B"


def _entity_state(entity: Entity) -> dict[str, Any]:
    return {"abnormal_list": entity.abnormal_list, "abnormal_listed_on": entity.abnormal_listed_on}


def _sync_entity(entity: Entity) -> dict[str, Any]:
    """Set the firm's flag and date from its active listings (and what the register had
    before them); returns the new state."""
    mine = AbnormalListing.objects.filter(entity=entity)
    # What the register had before our first listing stays whatever we remove: only the
    # register (or a listing of ours) can take it off.
    dates = list(mine.filter(removed_on__isnull=True).values_list("listed_on", flat=True))
    dates += [d for d in mine.values_list("prior_listed_on", flat=True) if d]
    entity.abnormal_list = bool(dates)
    entity.abnormal_listed_on = min(dates) if dates else None
    Entity.objects.filter(pk=entity.pk).update(
        abnormal_list=entity.abnormal_list,
        abnormal_listed_on=entity.abnormal_listed_on,
        updated_at=timezone.now(),
    )
    return _entity_state(entity)


def _check_referral(ra: Department, result: Result, referral: FollowUp) -> None:
    if (
        referral.result_id != result.pk
        or referral.action != FollowUpAction.REFER_LISTING
        or referral.recipient_department_id != ra.pk
    ):
        raise ServiceError("该抄告不是针对此检查结果列入经营异常名录的抄告")
    if referral.status != FollowUp.Status.OPEN:
        raise ServiceError("该抄告已办结")


@transaction.atomic
def abnormal_list_enter(
    *,
    actor: Any,
    result: Result,
    listed_on: dt.date | None = None,
    decision_no: str = "",
    note: str = "",
    referral: FollowUp | None = None,
) -> AbnormalListing:
    """List the result's firm in 经营异常名录 (企业经营异常名录管理暂行办法 第四条).

    Only 市场监管 lists (暂行办法 第三条): its team members or admins on their own task, or its
    admin on another department's 抄告, which the listing closes. The result must be a ground:
    C or 6, or B whose 责令改正 deadline passed uncorrected. The follow-up it writes is owned by
    市场监管, and the firm's flag and date follow.
    """
    ra = registration_authority()
    if actor.department_id != ra.pk:
        raise ServiceError(not_authority_message(ra), field="action")
    result = Result.objects.select_related("entity", "item", "draw__task").get(pk=result.pk)
    if referral is not None:
        referral = FollowUp.objects.select_for_update().get(pk=referral.pk)
        _check_referral(ra, result, referral)
        if actor.role != Role.DEPT_ADMIN:
            raise PermissionDenied(f"抄告的列入由{ra.name}管理员办理")
    else:
        assignment = visible(actor, result.draw_id, result.entity_id)
        if not may_follow_up(actor, assignment):
            raise PermissionDenied("只有检查组成员或管理员可以登记后续处置")
    today = timezone.localdate()
    listed_on = listed_on or today
    if listed_on > today:
        raise ServiceError("列入日期不能晚于今天", field="listed_on")
    if listed_on < result.inspected_on:
        raise ServiceError("列入日期不能早于检查日期", field="listed_on")
    refusal = listing_refusal(result, listed_on)
    if refusal:
        raise ServiceError(refusal, field="action")
    if AbnormalListing.objects.filter(result=result, removed_on__isnull=True).exists():
        raise ServiceError("该检查结果已列入经营异常名录")
    entity = Entity.objects.select_for_update().get(pk=result.entity_id)
    before = _entity_state(entity)
    registered = AbnormalListing.objects.filter(entity=entity, removed_on__isnull=True).exists()
    decision_no = decision_no.strip()
    follow_up = FollowUp(
        result=result,
        action=FollowUpAction.ABNORMAL_LIST,
        owner_department=ra,
        due_on=listed_on,
        note=note.strip(),
        status=FollowUp.Status.CLOSED,
        closure_note=f"已列入经营异常名录（列入决定书：{decision_no or '—'}）",
        closed_on=listed_on,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    full_clean(follow_up, exclude=["result", "created_by"])
    follow_up.save()
    listing = AbnormalListing(
        entity=entity,
        result=result,
        follow_up=follow_up,
        referral=referral,
        department=ra,
        ground=_ground(result),
        listed_on=listed_on,
        decision_no=decision_no,
        prior_listed_on=entity.abnormal_listed_on
        if entity.abnormal_list and not registered
        else None,
        listed_by=actor if getattr(actor, "pk", None) else None,
    )
    full_clean(
        listing, exclude=["entity", "result", "follow_up", "referral", "department", "listed_by"]
    )
    listing.save()
    if referral is not None:
        referral.status = FollowUp.Status.CLOSED
        referral.closure_note = f"{ra.name}已于{listed_on:%Y-%m-%d}列入经营异常名录"
        referral.closed_on = listed_on
        referral.save()
    after = _sync_entity(entity)
    audit_record(
        actor=actor,
        action="abnormal_list.enter",
        object_type="abnormal_listing",
        object_id=listing.pk,
        object_repr=str(listing)[:255],
        before={"entity": before},
        after={
            **snapshot(listing),
            "entity": after,
            "follow_up": follow_up.pk,
            "referral_closed": referral.pk if referral else None,
        },
    )
    return listing


@transaction.atomic
def abnormal_list_remove(
    *,
    actor: Any,
    listing: AbnormalListing,
    reason: str,
    removed_on: dt.date | None = None,
    note: str = "",
) -> AbnormalListing:
    """移出经营异常名录 with its reason, by 市场监管's admin (暂行办法 第三条): the reason must fit
    the ground (B 履行公示义务, C 更正公示信息, 6 住所变更或可联系) unless the listing was wrong."""
    ra = registration_authority()
    if actor.department_id != ra.pk or actor.role != Role.DEPT_ADMIN:
        raise PermissionDenied(f"移出经营异常名录由登记机关{ra.name}管理员办理")
    locked = AbnormalListing.objects.select_for_update().select_related("entity").get(pk=listing.pk)
    if locked.removed_on is not None:
        raise ServiceError("该企业已移出经营异常名录")
    if reason not in RemovalReason.values:
        raise ServiceError("请选择移出原因", field="removal_reason")
    if reason not in REMOVAL_BY_GROUND.get(locked.ground, set()) | ANY_GROUND:
        fits = "、".join(r.label for r in REMOVAL_BY_GROUND[locked.ground])
        raise ServiceError(
            f"因{rules.label(locked.ground)}列入的，移出原因应为“{fits}”（或列入有误、其他）",
            field="removal_reason",
        )
    note = note.strip()
    if reason == RemovalReason.OTHER and not note:
        raise ServiceError("移出原因为“其他”的，须填写移出说明", field="removal_note")
    today = timezone.localdate()
    removed_on = removed_on or today
    if removed_on > today:
        raise ServiceError("移出日期不能晚于今天", field="removed_on")
    if removed_on < locked.listed_on:
        raise ServiceError("移出日期不能早于列入日期", field="removed_on")
    entity = Entity.objects.select_for_update().get(pk=locked.entity_id)
    before = {**snapshot(locked), "entity": _entity_state(entity)}
    locked.removed_on = removed_on
    locked.removal_reason = reason
    locked.removal_note = note
    locked.removed_by = actor if getattr(actor, "pk", None) else None
    full_clean(locked, exclude=["entity", "result", "follow_up", "referral", "department"])
    locked.save()
    after = _sync_entity(entity)
    audit_record(
        actor=actor,
        action="abnormal_list.remove",
        object_type="abnormal_listing",
        object_id=locked.pk,
        object_repr=str(locked)[:255],
        before=before,
        after={**snapshot(locked), "entity": after},
        reason=note or locked.get_removal_reason_display(),
    )
    listing.removed_on = locked.removed_on
    return locked
