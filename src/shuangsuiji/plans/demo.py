"""Demo data of plans, run after the other stages' demo tasks (order 200), through the services.

- 栾川县2025年 plan, published, holding the 2025 demo tasks made by the stages before it;
- a joint-check request of 卫健委 (游泳场馆, with 市场监管 and 教体局) approved into a new joint
  task of the plan, and one of 市场监管 (年报公示) returned with a reason;
- a 生态环境 task published with the plan and then terminated with a reason, and an 应急管理
  task still in 草稿 outside the plan;
- the 2027 calendar is left for the office to enter (the package stops at 2026);
- the reminders of 2025-10-27 (windows closing that week), so the bell has something to show.

Idempotent: when the 2025 plan exists the step writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.directory.models import Department, InspectionItem, ItemState, Role, User

from . import joint, planning, services
from .models import Plan, Task
from .reminders import remind_send

YEAR = 2025
REMIND_DAY = dt.date(2025, 10, 27)
MARKET, HEALTH, ENV, SAFETY = (
    "县市场监督管理局",
    "县卫生健康委",
    "市生态环境局栾川分局",
    "县应急管理局",
)


@dataclass
class DemoPlanResult:
    plan: bool = False
    tasks: int = 0
    requests: int = 0

    @property
    def wrote_anything(self) -> bool:
        return self.plan


def _item(department: str, name: str) -> InspectionItem | None:
    return (
        InspectionItem.objects.filter(
            year=YEAR, department__name=department, name=name, state=ItemState.PUBLISHED
        )
        .order_by("-version")
        .first()
    )


def _admin(department: str) -> User | None:
    return User.objects.filter(department__name=department, role=Role.DEPT_ADMIN).first()


def _depts(*names: str) -> list[Department]:
    return list(Department.objects.filter(name__in=names).order_by("sort_order"))


def _requests(plan: Plan, result: DemoPlanResult) -> None:
    pool, health_admin = _item(HEALTH, "游泳场（馆）许可及卫生管理检查"), _admin(HEALTH)
    if pool and health_admin:
        req = joint.joint_request_submit(
            actor=health_admin,
            items=[pool],
            partner_departments=_depts(MARKET, "县教育体育局"),
            window_start=dt.date(2025, 6, 1),
            window_end=dt.date(2025, 8, 31),
            note="暑期游泳场馆开放前后，卫生许可、经营资质和高危险性体育项目一并检查，进一次门、查多项事。",
        )
        joint.joint_request_approve(
            actor=SYSTEM,
            request=req,
            plan=plan,
            code="LC2025-WJW-002",
            name="2025年暑期游泳场（馆）部门联合抽查",
            reason="同意，由县卫生健康委发起，县市场监督管理局、县教育体育局配合。",
        )
        result.requests += 1
        result.tasks += 1
    report, market_admin = _item(MARKET, "年度报告公示信息的检查"), _admin(MARKET)
    if report and market_admin:
        req = joint.joint_request_submit(
            actor=market_admin,
            items=[report],
            partner_departments=_depts("县人力资源和社会保障局", "国家税务总局栾川县税务局"),
            window_start=dt.date(2025, 7, 1),
            window_end=dt.date(2025, 11, 30),
        )
        joint.joint_request_return(
            actor=SYSTEM,
            request=req,
            reason="年度报告公示信息检查由省市场监管局统一部署、定向抽取，本县不另行组织联合任务；"
            "请按省局任务配合开展。",
        )
        result.requests += 1


@transaction.atomic
def load_plan(say: Any = None) -> DemoPlanResult:
    """The 2025 plan with the demo tasks, joint requests and tasks in 草稿/已发布/已终止."""
    say = say or (lambda _message: None)
    result = DemoPlanResult()
    if Plan.objects.filter(year=YEAR).exists():
        say("2025年度抽查计划已存在，未新增")
        return result
    plan = planning.plan_create(actor=SYSTEM, year=YEAR)
    result.plan = True
    for task in Task.objects.filter(year=YEAR, plan=None).order_by("code"):
        planning.plan_task_attach(actor=SYSTEM, plan=plan, task=task)
        result.tasks += 1
    _requests(plan, result)
    polluters = _item(ENV, "污染源日常环境监管随机抽查")
    stopped = None
    if polluters:
        stopped = planning.plan_task_add(
            actor=SYSTEM,
            plan=plan,
            code="LC2025-HJ-001",
            name="2025年第三季度排污单位日常环境监管随机抽查",
            lead_department=polluters.department,
            items=[polluters],
            window_start=dt.date(2025, 7, 1),
            window_end=dt.date(2025, 9, 30),
        )
        result.tasks += 1
    if not plan.tasks.exists():
        say("没有可列入2025年度计划的任务，计划保持草稿")
        return result
    planning.plan_approve(actor=SYSTEM, plan=plan)
    planning.plan_publish(actor=SYSTEM, plan=plan)
    if stopped is not None:
        services.task_terminate(
            actor=SYSTEM,
            task=stopped,
            reason="市生态环境局统一组织第三季度专项执法检查，覆盖同一批排污单位；"
            "为避免重复检查，本任务终止。",
        )
    hazards = _item(SAFETY, "事故隐患排查治理情况检查")
    if hazards:
        services.task_create(
            actor=SYSTEM,
            code="LC2025-YJGL-002",
            name="2025年冬季生产经营单位事故隐患排查治理情况抽查（拟）",
            year=YEAR,
            lead_department=hazards.department,
            items=[hazards],
            window_start=dt.date(2025, 12, 1),
            window_end=dt.date(2025, 12, 31),
            note="部门自行拟定，尚未列入年度计划。",
        )
    sent = remind_send(day=REMIND_DAY)
    say(
        f"2025年度抽查计划：已发布，{plan.tasks.count()} 项任务；"
        f"联合检查申请 {result.requests} 份（同意 1、退回 1）；{REMIND_DAY} 的提醒 {len(sent)} 条"
    )
    return result
