"""Rules plans asks before completing a task, and reminders for `shuangsuiji remind`."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from shuangsuiji.plans.hooks import Reminder
from shuangsuiji.plans.models import Task, TaskState
from shuangsuiji.sampling.models import Draw, Selection

from .models import REQUIRED_CONFIRMATIONS, FollowUp, Result

SHOWN = 5
# Days before a task's window closes from which missing results are reminded.
REMIND_DAYS_BEFORE_END = 7


def _missing(task: Task) -> tuple[list[str], list[str]]:
    """(entities lacking a confirmed result for some item, problem results without follow-up)."""
    draw = Draw.objects.filter(task=task, is_current=True).defer("outcome").first()
    if draw is None:
        return [], []
    item_ids = set(task.items.values_list("pk", flat=True))
    confirmed: dict[int, set[int]] = {}
    no_follow_up: list[str] = []
    results = Result.objects.filter(draw=draw).select_related("entity", "item")
    for r in results.prefetch_related("confirmations", "follow_ups"):
        if len(r.confirmations.all()) >= REQUIRED_CONFIRMATIONS:
            confirmed.setdefault(r.entity_id, set()).add(r.item_id)
            if r.has_problem and not r.follow_ups.all():
                no_follow_up.append(f"{r.entity.name}（{r.item.name}）")
    lacking = [
        s.entity.name
        for s in Selection.objects.filter(draw=draw).select_related("entity").order_by("position")
        if not item_ids <= confirmed.get(s.entity_id, set())
    ]
    return lacking, no_follow_up


def _listed(names: list[str]) -> str:
    more = f"等 {len(names)} 户" if len(names) > SHOWN else ""
    return "、".join(names[:SHOWN]) + more


def completion_blockers(task: Task) -> list[str]:
    """Why the task cannot complete yet: entities without a confirmed result, problems without
    a follow-up (issue 4: no completion while an assigned entity lacks a confirmed result)."""
    lacking, no_follow_up = _missing(task)
    reasons: list[str] = []
    if lacking:
        reasons.append(f"尚有检查对象未录入或未经两名执法人员确认检查结果：{_listed(lacking)}")
    if no_follow_up:
        reasons.append(f"发现问题的检查结果尚未登记后续处置：{_listed(no_follow_up)}")
    return reasons


def reminders_due(day: dt.date) -> list[Reminder]:
    """Results missing as a task's window nears its end; follow-ups past their due date."""
    found: list[Reminder] = []
    horizon = day + dt.timedelta(days=REMIND_DAYS_BEFORE_END)
    tasks = Task.objects.filter(
        state__in=[TaskState.DRAWN, TaskState.IN_PROGRESS], window_end__lte=horizon
    )
    for task in tasks.order_by("window_end", "code"):
        lacking, _ = _missing(task)
        if lacking:
            late = "已过" if task.window_end < day else "将于"
            found.append(
                Reminder(
                    subject=f"results_missing:task:{task.pk}",
                    kind="results_missing",
                    department_id=task.lead_department_id,
                    text=(
                        f"任务{task.code}{late}{task.window_end:%Y-%m-%d}结束检查，"
                        f"尚有 {len(lacking)} 户未完成检查结果确认"
                    ),
                    link=reverse("plans:task_detail", args=[task.pk]) + "#inspections",
                )
            )
    overdue = FollowUp.objects.filter(status=FollowUp.Status.OPEN, due_on__lt=day)
    for f in overdue.select_related("result__entity").order_by("due_on", "id"):
        found.append(
            Reminder(
                subject=f"follow_up_overdue:{f.pk}",
                kind="follow_up_overdue",
                department_id=f.owner_department_id,
                text=(
                    f"{f.result.entity.name}的后续处置（{f.get_action_display()}）"
                    f"已于{f.due_on:%Y-%m-%d}到期，尚未办结"
                ),
                link=reverse("inspections:follow_up", args=[f.pk]),
            )
        )
    return found
