"""Rules plans asks before completing a task, and reminders for `shuangsuiji remind`."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from shuangsuiji.common.errors import ServiceError
from shuangsuiji.plans.hooks import Reminder
from shuangsuiji.plans.models import Task, TaskState
from shuangsuiji.sampling.models import Draw, Selection

from . import crime, listings, rules
from .models import REQUIRED_CONFIRMATIONS, FollowUp, FollowUpAction, Result

SHOWN = 5
# Days before a task's window closes from which missing results are reminded.
REMIND_DAYS_BEFORE_END = 7


def _missing(task: Task) -> tuple[list[str], list[str], list[str]]:
    """(entities lacking a confirmed result for some item, problem results without follow-up,
    follow-ups the result's category or a suspected crime requires and lacks)."""
    draw = Draw.objects.filter(task=task, is_current=True).defer("outcome").first()
    if draw is None:
        return [], [], []
    item_ids = set(task.items.values_list("pk", flat=True))
    confirmed: dict[int, set[int]] = {}
    no_follow_up: list[str] = []
    required: list[str] = []
    results = Result.objects.filter(draw=draw).select_related("entity", "item")
    for r in results.prefetch_related("confirmations", "follow_ups"):
        if len(r.confirmations.all()) >= REQUIRED_CONFIRMATIONS:
            confirmed.setdefault(r.entity_id, set()).add(r.item_id)
            if r.has_problem and not r.follow_ups.all():
                no_follow_up.append(f"{r.entity.name}（{r.item.name}）")
            elif r.has_problem:
                required += [f"{r.entity.name}（{r.item.name}）：{t}" for t in _lacking(r)]
    lacking = [
        s.entity.name
        for s in Selection.objects.filter(draw=draw).select_related("entity").order_by("position")
        if not item_ids <= confirmed.get(s.entity_id, set())
    ]
    return lacking, no_follow_up, required


def _lacking(result: Result) -> list[str]:
    """What the category (rules.py) or a ticked 涉嫌犯罪 requires and the follow-ups lack."""
    actions = {f.action for f in result.follow_ups.all()}
    out = [req.text for req in rules.requirements(result.codes) if not actions & set(req.actions)]
    if crime.is_suspected(result) and FollowUpAction.TRANSFER not in actions:
        out.append("已勾选涉嫌犯罪，须登记“移送公安/司法机关”（对涉嫌犯罪的要及时移送司法机关）")
    return out


def _listed(names: list[str]) -> str:
    more = f"等 {len(names)} 户" if len(names) > SHOWN else ""
    return "、".join(names[:SHOWN]) + more


def completion_blockers(task: Task) -> list[str]:
    """Why the task cannot complete yet: entities without a confirmed result, problems without
    a follow-up (issue 4: no completion while an assigned entity lacks a confirmed result)."""
    lacking, no_follow_up, required = _missing(task)
    reasons: list[str] = []
    if lacking:
        reasons.append(f"尚有检查对象未录入或未经两名执法人员确认检查结果：{_listed(lacking)}")
    if no_follow_up:
        reasons.append(f"发现问题的检查结果尚未登记后续处置：{_listed(no_follow_up)}")
    if required:
        shown = "；".join(required[:SHOWN]) + (
            f"等 {len(required)} 项" if len(required) > SHOWN else ""
        )
        reasons.append(f"按检查结果类别尚缺后续处置：{shown}")
    return reasons


def reminders_due(day: dt.date) -> list[Reminder]:
    """Results missing as a task's window nears its end; follow-ups past their due date;
    listings due and 抄告 awaiting the registration authority (listing_reminders)."""
    found: list[Reminder] = []
    horizon = day + dt.timedelta(days=REMIND_DAYS_BEFORE_END)
    tasks = Task.objects.filter(
        state__in=[TaskState.DRAWN, TaskState.IN_PROGRESS], window_end__lte=horizon
    )
    for task in tasks.order_by("window_end", "code"):
        lacking, _, _ = _missing(task)
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
    return found + listing_reminders(day)


def listing_reminders(day: dt.date) -> list[Reminder]:
    """A B result's 责令改正 whose deadline passed uncorrected: the listing is due (to 市场监管
    when the result is its own, else to the owner, who refers it); a 抄告 for a listing still
    open: to 市场监管, who lists (企业经营异常名录管理暂行办法 第四条)."""
    found: list[Reminder] = []
    try:
        ra = listings.registration_authority()
    except ServiceError:  # no 市场监管 among the member units: nobody to list
        return found
    corrections = FollowUp.objects.filter(
        action=FollowUpAction.CORRECTION, correction_deadline__lt=day
    ).exclude(corrected=True)
    for f in corrections.select_related("result__entity", "result__item").prefetch_related(
        "result__follow_ups"
    ):
        if not listings.listing_due(f, day):
            continue
        own = f.result.item.department_id == ra.pk
        step = "请依法列入经营异常名录" if own else f"请抄告{ra.name}列入经营异常名录"
        found.append(
            Reminder(
                subject=f"listing_due:{f.pk}",
                kind="listing_due",
                department_id=ra.pk if own else f.owner_department_id,
                text=(
                    f"{f.result.entity.name}未按规定公示（B），改正期限已于"
                    f"{f.correction_deadline:%Y-%m-%d}届满，未见改正，{step}"
                    f"（{rules.LISTING_LAW}第（二）项）"
                ),
                link=reverse("inspections:follow_up", args=[f.pk]),
            )
        )
    referrals = FollowUp.objects.filter(
        action=FollowUpAction.REFER_LISTING, status=FollowUp.Status.OPEN
    )
    for f in referrals.select_related("result__entity", "owner_department").order_by("id"):
        found.append(
            Reminder(
                subject=f"listing_referral:{f.pk}",
                kind="listing_referral",
                department_id=f.recipient_department_id,
                text=(
                    f"{f.owner_department.name}抄告：{f.result.entity.name}"
                    f"检查结果为{f.result.category_text}，请依法列入经营异常名录"
                ),
                link=reverse("inspections:follow_up", args=[f.pk]),
            )
        )
    return found
