"""Demo results: the drawn 2025 tasks get results in every category, confirmed and not, and
follow-ups open and closed (one 责令改正 with its deadline and re-check). Written through the
services, as the team's officers; idempotent: nothing is written when demo results exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.directory.models import Department, Inspector, Role
from shuangsuiji.plans.models import TaskState
from shuangsuiji.sampling.models import Selection

from . import listings, rules, services, visits
from .models import FollowUp, FollowUpAction, Result, ResultCategory, TransferTo, Visit
from .selectors import build_assignments

Say = Callable[[str], None]
YEAR = 2025
# At most this many assignments get results, so the demo keeps unrecorded ones too.
LIMIT = 60
FINDINGS = {
    "1": "经营场所、营业执照悬挂及登记事项与登记一致，未发现问题。",
    "B": "2024年度报告未按期公示，已告知补报义务。",
    "6": "按登记住所两次上门均无法联系，电话无人接听。",
    "E": "现场发现营业执照未在醒目位置悬挂，当场责令改正，已改正。",
    "8": "负责人拒绝提供相关台账资料，经说明后仍不配合。",
}
# Actions for problems whose category fixes none (rules.py decides B, C and 6).
ACTIONS = [
    FollowUpAction.CORRECTION,
    FollowUpAction.CASE,
    FollowUpAction.NOTIFY,
    FollowUpAction.ROUTINE,
    FollowUpAction.TRANSFER,
]
# A pairs with this category in the demo.
A_SUB = "2"
OFFENCE = "涉嫌生产、销售伪劣产品罪"


def _action(saved: Result, problems: int) -> str:
    """The follow-up the category requires (rules.py), else the next of ACTIONS: C and 6 are
    listed by 市场监管 on its own items and referred to it (抄告) on another department's."""
    if saved.codes & rules.LISTED_AFTER_DEADLINE:
        return FollowUpAction.CORRECTION
    if saved.codes & rules.LISTED_AT_ONCE:
        if listings.is_registration_authority(saved.item.department_id):
            return FollowUpAction.ABNORMAL_LIST
        return FollowUpAction.REFER_LISTING
    return ACTIONS[problems % len(ACTIONS)]


def _actor_for(action: str, officers: list[Officer]) -> Officer:
    """The officer who registers it: for a listing, one of the registration authority's."""
    if action == FollowUpAction.ABNORMAL_LIST:
        ra = listings.registration_authority()
        return next((o for o in officers if o.department_id == ra.pk), officers[0])
    return officers[0]


# Left without results here for demo_listing.py: the 卫健 task whose result 6 is referred to
# 市场监管, and two firms of a 市场监管 task whose B results pass their deadline.
HEALTH_TASK = "LC2025-WJW-001"
MARKET_TASK = "LC2025-SCJG-002"


def reserved_for_listings(assignments: list[Any]) -> list[Any]:
    """The first assignment of HEALTH_TASK and the first two of MARKET_TASK (by 统一社会信用代码),
    among those with two officers."""
    ordered = sorted(assignments, key=lambda a: a.entity.uscc)
    health = [a for a in ordered if a.task.code == HEALTH_TASK][:1]
    market = [a for a in ordered if a.task.code == MARKET_TASK][:2]
    return health + market


@dataclass(frozen=True)
class Officer:
    """An inspector acting in the demo, named in the audit trail as themselves."""

    inspector: Inspector
    role: str = Role.INSPECTOR
    pk: None = None
    is_active: bool = True

    @property
    def department(self) -> Department:
        return self.inspector.department

    @property
    def department_id(self) -> int:
        return self.inspector.department_id

    @property
    def display_name(self) -> str:
        return f"{self.inspector.name}（演示）"

    @property
    def is_office_admin(self) -> bool:
        return False

    def __str__(self) -> str:
        return self.display_name


@dataclass
class DemoResultsResult:
    results: int = 0
    confirmed: int = 0
    follow_ups: int = 0
    closed: int = 0
    visits: int = 0

    @property
    def wrote_anything(self) -> bool:
        return bool(self.results or self.visits)


def _visits(result: DemoResultsResult) -> None:
    if Visit.objects.filter(year=YEAR).exists():
        return
    proposed = visits.visit_propose_all(actor=SYSTEM, year=YEAR)
    result.visits = len(proposed)
    if proposed:
        visits.visit_confirm(actor=SYSTEM, visit=proposed[0])


@transaction.atomic
def load_results(say: Say | None = None) -> DemoResultsResult:
    say = say or (lambda _message: None)
    result = DemoResultsResult()
    selections = Selection.objects.filter(
        draw__is_current=True,
        draw__task__year=YEAR,
        draw__task__state__in=[TaskState.DRAWN, TaskState.IN_PROGRESS],
    )
    if Result.objects.filter(draw__in=selections.values("draw_id")).exists():
        say("演示检查结果已存在，未新增")
        return result
    _visits(result)
    pairs = set(selections.order_by("draw_id", "position").values_list("draw_id", "entity_id"))
    assignments = [a for a in build_assignments(pairs) if len(a.officers) >= 2]
    assignments.sort(key=lambda a: (a.task.code, a.entity.uscc))
    kept = {(a.draw.pk, a.entity.pk) for a in reserved_for_listings(assignments)}
    assignments = [a for a in assignments if (a.draw.pk, a.entity.pk) not in kept]
    # Spread the categories over the tasks: round-robin by task.
    by_task: dict[str, list[Any]] = {}
    for a in assignments:
        by_task.setdefault(a.task.code, []).append(a)
    ordered: list[Any] = []
    while any(by_task.values()) and len(ordered) < LIMIT:
        for rows in by_task.values():
            if rows and len(ordered) < LIMIT:
                ordered.append(rows.pop(0))
    categories = list(ResultCategory.values)
    problems = 0
    for n, a in enumerate(ordered):
        category = categories[n % len(categories)]
        first, second = Officer(a.officers[0]), Officer(a.officers[1])
        day = min(a.task.window_start + dt.timedelta(days=7 + n % 40), a.task.window_end)
        for item in a.items():
            saved = services.result_save(
                actor=first,
                draw_id=a.draw.pk,
                entity_id=a.entity.pk,
                item=item,
                method="delegated" if n % 9 == 4 else (item.methods or ["onsite"])[0],
                agency="洛阳市产品质量监督检验所" if n % 9 == 4 else "",
                inspected_on=day,
                category=category,
                sub_categories=A_SUB if category == ResultCategory.PENDING else "",
                findings=FINDINGS.get(category, ""),
                reference_kind="department" if n % 11 == 5 else "",
                reference="县消防救援大队消防检查记录（栾消检〔2025〕31号）" if n % 11 == 5 else "",
            )
            result.results += 1
            # Every fourth assignment waits for its second confirmation, every seventh for both.
            if n % 7 != 6:
                services.result_confirm(actor=first, result=saved)
                if n % 4 != 3:
                    services.result_confirm(actor=second, result=saved)
                    result.confirmed += 1
            if saved.has_problem:
                action = _action(saved, problems)
                problems += 1
                actor = _actor_for(action, [first, second])
                follow = services.follow_up_create(
                    actor=actor,
                    result=saved,
                    action=action,
                    due_on=day + dt.timedelta(days=30),
                    correction_deadline=day + dt.timedelta(days=15),
                    recipient_department=Department.objects.filter(name="县税务局").first()
                    or Department.objects.filter(is_office=False).last(),
                    notified_on=day + dt.timedelta(days=2),
                    transfer_to=TransferTo.POLICE,
                    suspected_crime=action == FollowUpAction.TRANSFER,
                    suspected_offence=OFFENCE if action == FollowUpAction.TRANSFER else "",
                    listed_on=day + dt.timedelta(days=3),
                    decision_no=f"栾市监异列〔2025〕{problems}号",
                    note="依据检查情况登记（演示数据）",
                )
                result.follow_ups += 1
                closable = follow.status == FollowUp.Status.OPEN and action != "refer_listing"
                if closable and (problems % 2 == 0 or category == "E"):
                    services.follow_up_close(
                        actor=SYSTEM,
                        follow_up=follow,
                        closure_note="已办结（演示数据）",
                        closed_on=day + dt.timedelta(days=20),
                        recheck_on=day + dt.timedelta(days=16),
                        recheck_note="复查时已改正",
                        corrected=True,
                    )
                    result.closed += 1
    say(
        f"检查结果：{result.results} 条（经两人确认 {result.confirmed} 条），"
        f"后续处置 {result.follow_ups} 项（已办结 {result.closed} 项），"
        f"合并检查建议 {result.visits} 条"
    )
    return result
