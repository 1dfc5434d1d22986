"""涉嫌犯罪 as a fact: the checkbox on a result or a follow-up, and the text hint that asks for it.

Seed 三(四) and 四(二): a suspected crime found in a check is transferred (移送) to the police or
the procuratorate, and not transferring it is a 追责 case. Whether a crime is suspected is the
handler's judgement, recorded by ticking 涉嫌犯罪 with the suspected offence; a 移送 follow-up is
then required (checks.py) and the 追责 flag reads the tick. Words in the findings or the notes
that suggest a crime (common.crime) only raise a hint: the handler ticks the box or dismisses
the hint with a reason, both audited. New words after a dismissal raise the hint again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from shuangsuiji.common.audit import audit_record
from shuangsuiji.common.crime import crime_mention
from shuangsuiji.common.errors import PermissionDenied, ServiceError

from .access import can_handle_follow_up, may_follow_up, visible
from .models import FollowUp, FollowUpAction, Result

REASON_MAX = 300


def is_suspected(result: Result) -> bool:
    """A 涉嫌犯罪 box is ticked on the result or one of its follow-ups."""
    return result.suspected_crime or any(f.suspected_crime for f in result.follow_ups.all())


def suspected_since(result: Result) -> dt.date | None:
    """The earliest day a crime was recorded as suspected on the result or its follow-ups."""
    days = [result.suspected_on] if result.suspected_crime else []
    days += [f.suspected_on for f in result.follow_ups.all() if f.suspected_crime]
    found = [d for d in days if d]
    return min(found) if found else None


def is_transferred(result: Result) -> bool:
    return any(f.action == FollowUpAction.TRANSFER for f in result.follow_ups.all())


def hint_texts(result: Result) -> list[str]:
    """The passages whose words suggest a crime while no box is ticked and no dismissal stands;
    empty when there is nothing to ask."""
    if is_suspected(result) or result.crime_hint_dismissed_at is not None:
        return []
    found = []
    if crime_mention(result.findings):
        found.append(f"检查情况：{result.findings}")
    for f in result.follow_ups.all():
        for name, text in (
            ("说明", f.note),
            ("办结说明", f.closure_note),
            ("复查", f.recheck_note),
        ):
            if crime_mention(text):
                found.append(f"{f.get_action_display()}{name}：{text}")
    return found


def reopen_hint(result: Result, *texts: str) -> bool:
    """Clear a dismissal when new words suggest a crime (the caller saves and audits)."""
    if result.crime_hint_dismissed_at is None or not any(crime_mention(t) for t in texts):
        return False
    result.crime_hint_dismissed_at = None
    result.crime_hint_dismissal = ""
    return True


def _may_handle(actor: Any, result: Result) -> None:
    assignment = visible(actor, result.draw_id, result.entity_id)
    owners = [f for f in result.follow_ups.all() if can_handle_follow_up(actor, f)]
    if not (may_follow_up(actor, assignment) or owners):
        raise PermissionDenied("只有检查组成员、负责部门或管理员可以处理涉嫌犯罪标记")


@transaction.atomic
def crime_mark(
    *, actor: Any, result: Result, offence: str, follow_up: FollowUp | None = None
) -> Result:
    """Tick 涉嫌犯罪 with the suspected offence, on the result or on one of its follow-ups."""
    locked = Result.objects.select_for_update().get(pk=result.pk)
    _may_handle(actor, locked)
    offence = offence.strip()
    if not offence:
        raise ServiceError(
            "请填写涉嫌罪名（如：涉嫌生产、销售伪劣产品罪）", field="suspected_offence"
        )
    if len(offence) > 100:
        raise ServiceError("涉嫌罪名不能超过100字", field="suspected_offence")
    today = timezone.localdate()
    target: Result | FollowUp = locked
    if follow_up is not None:
        target = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if target.result_id != locked.pk:
            raise ServiceError("该后续处置不属于此检查结果")
    if target.suspected_crime:
        raise ServiceError("已标记涉嫌犯罪")
    target.suspected_crime = True
    target.suspected_offence = offence
    target.suspected_on = today
    target.save(update_fields=["suspected_crime", "suspected_offence", "suspected_on"])
    audit_record(
        actor=actor,
        action="crime.mark",
        object_type="result",
        object_id=locked.pk,
        object_repr=f"{locked.entity.name} · {locked.item.name}"[:255],
        after={
            "on": "follow_up" if follow_up else "result",
            "follow_up": follow_up.pk if follow_up else None,
            "suspected_offence": offence,
            "suspected_on": today,
        },
    )
    return locked


@transaction.atomic
def crime_hint_dismiss(*, actor: Any, result: Result, reason: str) -> Result:
    """Answer the hint: the words do not describe a suspected crime, for this reason."""
    locked = Result.objects.select_for_update().get(pk=result.pk)
    _may_handle(actor, locked)
    reason = reason.strip()
    if not reason:
        raise ServiceError("请填写排除理由", field="crime_hint_dismissal")
    if len(reason) > REASON_MAX:
        raise ServiceError(f"排除理由不能超过{REASON_MAX}字", field="crime_hint_dismissal")
    texts = hint_texts(locked)
    if not texts:
        raise ServiceError("该检查结果没有待处理的涉嫌犯罪提示")
    locked.crime_hint_dismissed_at = timezone.now()
    locked.crime_hint_dismissal = reason
    locked.save(update_fields=["crime_hint_dismissed_at", "crime_hint_dismissal"])
    audit_record(
        actor=actor,
        action="crime_hint.dismiss",
        object_type="result",
        object_id=locked.pk,
        object_repr=f"{locked.entity.name} · {locked.item.name}"[:255],
        after={"texts": texts},
        reason=reason,
    )
    return locked
