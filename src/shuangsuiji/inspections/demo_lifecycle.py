"""Demo step after the plan: tasks carried through the rest of their lifecycle.

So that the demo holds a task in every state: one 名单已冻结 (frozen, not drawn), one 检查中,
one 已完成 (awaiting publication) and one 已公示. A task is completed only the way a
department would: every drawn entity gets a result confirmed by two officers, and every problem
a follow-up, through the services; completion then passes plans' completion checks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from shuangsuiji.common.errors import ServiceError
from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.plans import services as plans
from shuangsuiji.plans.models import Task, TaskState
from shuangsuiji.sampling import services as sampling
from shuangsuiji.sampling.models import Selection

from . import services
from .demo import Officer
from .models import FollowUpAction, Result
from .selectors import build_assignments

Say = Callable[[str], None]
YEAR = 2025


def _assignments(task: Task) -> list[Any]:
    selections = Selection.objects.filter(draw__task=task, draw__is_current=True)
    return build_assignments(set(selections.values_list("draw_id", "entity_id")))


def _finish_results(task: Task, day: dt.date) -> None:
    """Record 未发现问题 where a result is missing, confirm by both, follow up problems."""
    for a in _assignments(task):
        first, second = (Officer(o) for o in a.officers[:2])
        for item in a.items():
            result = Result.objects.filter(
                draw_id=a.draw.pk, entity_id=a.entity.pk, item=item
            ).first()
            if result is None:
                result = services.result_save(
                    actor=first,
                    draw_id=a.draw.pk,
                    entity_id=a.entity.pk,
                    item=item,
                    method=(item.methods or ["onsite"])[0],
                    inspected_on=day,
                    category="1",
                )
            confirmed = set(result.confirmations.values_list("inspector_id", flat=True))
            for officer in (first, second):
                if officer.inspector.pk not in confirmed:
                    services.result_confirm(actor=officer, result=result)
            if result.has_problem and not result.follow_ups.exists():
                services.follow_up_create(
                    actor=first,
                    result=result,
                    action=FollowUpAction.ROUTINE,
                    due_on=day + dt.timedelta(days=30),
                    note="移交日常监管（演示数据）",
                )


@dataclass
class Advanced:
    wrote_anything: bool = False


@transaction.atomic
def advance_tasks(say: Say | None = None) -> Advanced:
    """Carry three drawn tasks on (and freeze a published one); idempotent."""
    say = say or (lambda _message: None)
    states = set(Task.objects.filter(year=YEAR).values_list("state", flat=True))
    if TaskState.PUBLICIZED in states:
        say("演示任务的后续状态已存在，未改动")
        return Advanced()
    drawn = list(Task.objects.filter(year=YEAR, state=TaskState.DRAWN).order_by("code"))
    # Only a task whose every team has two officers can be completed without 直接委派.
    whole = [t for t in drawn if all(len(a.officers) >= 2 for a in _assignments(t))]
    if len(whole) < 2 or len(drawn) < 3:
        say("可推进的演示任务不足，未改动")
        return Advanced()
    by_size = sorted(whole, key=lambda t: Selection.objects.filter(draw__task=t).count())
    publicized, completed = by_size[0], by_size[1]
    started = next(t for t in reversed(drawn) if t not in (publicized, completed))
    for task, publish in ((publicized, True), (completed, False)):
        plans.task_start(actor=SYSTEM, task=task)
        _finish_results(task, task.window_start + dt.timedelta(days=20))
        done = task.window_end - dt.timedelta(days=10)
        plans.task_complete(actor=SYSTEM, task=task, on=done)
        if publish:
            plans.task_publicize(actor=SYSTEM, task=task, on=done + dt.timedelta(days=14))
    plans.task_start(actor=SYSTEM, task=started)
    # A fourth-quarter task of the completed task's department, frozen and awaiting its draw.
    items = list(completed.items.order_by("pk"))
    waiting = plans.task_create(
        actor=SYSTEM,
        code=f"{completed.code.rsplit('-', 1)[0]}-Q4",
        name=f"{YEAR}年第四季度{items[0].name}",
        year=YEAR,
        lead_department=completed.lead_department,
        items=items,
        window_start=dt.date(YEAR, 10, 20),
        window_end=dt.date(YEAR, 12, 20),
    )
    plans.task_publish(actor=SYSTEM, task=waiting)
    try:
        sampling.draw_freeze(task=waiting, actor=SYSTEM)
    except ServiceError as exc:  # no population left for it: it stays published
        say(f"{waiting.code} 未冻结：{exc.message}")
    say(
        f"任务状态：{publicized.code} 已公示，{completed.code} 已完成，{started.code} 检查中，"
        f"{waiting.code} 名单已冻结"
    )
    return Advanced(wrote_anything=True)
