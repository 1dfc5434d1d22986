"""Demo step after the lifecycle: two 问责/免责审查 of firms inspected in 2025 (seed 四).

- A complaint about a firm of the 已公示 task, surfaced about six weeks before today, which the
  department claims as 已履行抽查检查职责 and the office decides 免责 (the duty record shows both
  officers confirmed the result within the window).
- An accident at a firm of the 已完成 task a week before today, with 造成不良后果, claimed as
  与抽查检查不存在因果关系, awaiting the office's decision.

Dates are relative to today, never before the inspections they review; idempotent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from shuangsuiji.common.errors import ServiceError
from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.directory.models import Role, User
from shuangsuiji.inspections.models import Result
from shuangsuiji.plans.models import Task, TaskState
from shuangsuiji.sampling.models import Selection

from .accountability import review_claim, review_decide, review_open
from .models import AccountabilityReview

Say = Callable[[str], None]
YEAR = 2025


def _surfaced(task: Task, days_ago: int) -> dt.date:
    today = timezone.localdate()
    return min(today, max(today - dt.timedelta(days=days_ago), task.window_end))


def _selection(state: str) -> Selection | None:
    """The first drawn firm of the year's first task in ``state`` whose every item was
    recorded in the window and confirmed by two officers: a duty done as listed."""
    task = Task.objects.filter(year=YEAR, state=state).order_by("code").first()
    if task is None:
        return None
    items = task.items.count()
    found = Selection.objects.filter(draw__task=task, draw__is_current=True)
    found = found.select_related("draw__task__lead_department", "entity").order_by("position")
    for s in found[:50]:
        results = Result.objects.filter(
            draw_id=s.draw_id,
            entity_id=s.entity_id,
            inspected_on__gte=task.window_start,
            inspected_on__lte=task.window_end,
        ).annotate(n=Count("confirmations"))
        if sum(r.n >= 2 for r in results) == items:
            return s
    return None


@transaction.atomic
def load_reviews(say: Say | None = None) -> bool:
    say = say or (lambda _message: None)
    if AccountabilityReview.objects.exists():
        say("问责/免责审查演示数据已存在，未改动")
        return False
    office = User.objects.filter(role=Role.OFFICE_ADMIN, is_active=True).order_by("pk").first()
    actor = office or SYSTEM
    publicized, completed = _selection(TaskState.PUBLICIZED), _selection(TaskState.COMPLETED)
    if publicized is None or completed is None:
        say("没有已公示和已完成的演示任务，未生成问责/免责审查")
        return False
    try:
        task = publicized.draw.task
        decided = review_open(
            actor=actor,
            entity=publicized.entity,
            department=task.lead_department,
            source="complaint",
            source_reference="12315投诉（演示数据）",
            surfaced_on=_surfaced(task, 42),
            problem="消费者投诉该企业营业执照未在经营场所显著位置悬挂（演示数据）",
            selections=[publicized],
        )
        review_claim(
            actor=actor,
            review=decided,
            claimed_exemption="duty_performed",
            claim_note="该企业已按抽查计划检查，检查时营业执照规范悬挂",
        )
        review_decide(
            actor=actor,
            review=decided,
            decision="exempt",
            exemption_case="duty_performed",
            reason="履职记录显示检查组按抽查事项清单在检查期间内检查，两名执法人员确认结果，"
            "问题发生在检查之后，依实施方案四(一)、四(三)免予追究责任（演示数据）",
        )
        task = completed.draw.task
        pending = review_open(
            actor=actor,
            entity=completed.entity,
            department=task.lead_department,
            source="accident",
            surfaced_on=_surfaced(task, 7),
            problem="企业仓库发生火灾（演示数据）",
            adverse=True,
            adverse_note="直接经济损失约5万元，无人员伤亡（演示数据）",
            selections=[completed],
            claimed_exemption="no_causation",
            claim_note="火灾由外部线路老化引起，与抽查事项无关",
        )
    except ServiceError as exc:
        say(f"未生成问责/免责审查：{exc.message}")
        transaction.set_rollback(True)
        return False
    say(f"问责/免责审查：{decided.code} 已决定，{pending.code} 审查中")
    return True
