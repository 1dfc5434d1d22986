"""Demo draws: 2025 tasks with completed draws, written through the services as SYSTEM.

Called by `shuangsuiji demo` after the directories (registered in hooks.py). Idempotent: a
task whose code exists is left alone, so a second run writes nothing. Each task is created,
configured, frozen and drawn in one transaction, so an interrupted run leaves no half task.

- LC2025-SCJG-001: 营业执照 over 城关镇's retailers (定向), 所所交叉 (cross-area).
- LC2025-WJW-001: 餐具饮具集中消毒 — joint: 卫健 leads (the item's 发起部门), 市场监管 joins,
  each team has one officer of each and an expert.
- LC2025-SCJG-002: 食品销售者 in the western townships, 属地 with approved adjacent townships
  as the fallback; one team the pool could not fill is assigned directly, with a reason.
- LC2025-YJGL-001: 非煤矿山 (重点 item), joint with 自然资源 and 生态环境; redrawn once by the
  office with a reason, so the ledger shows both draws.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from shuangsuiji.common.errors import ServiceError
from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.directory.models import Area, Department, InspectionItem, ItemState
from shuangsuiji.plans import services as plan_services
from shuangsuiji.plans.models import Task, TaskKind

from . import services
from .models import AreaAdjacency, Fallback, Selection
from .selectors import assignable_inspectors

Say = Callable[[str], None]
YEAR = 2025
LOTTERY = "中国体育彩票超级大乐透开奖号码"

# Townships of 栾川县 that border each other (approximate, for cross-area matching).
ADJACENT = [
    ("城关镇", "栾川乡"), ("城关镇", "赤土店镇"), ("城关镇", "庙子镇"), ("城关镇", "石庙镇"),
    ("栾川乡", "陶湾镇"), ("栾川乡", "叫河镇"), ("赤土店镇", "冷水镇"), ("赤土店镇", "陶湾镇"),
    ("陶湾镇", "石庙镇"), ("冷水镇", "三川镇"), ("叫河镇", "三川镇"), ("冷水镇", "叫河镇"),
    ("庙子镇", "合峪镇"), ("庙子镇", "潭头镇"), ("潭头镇", "秋扒乡"), ("潭头镇", "狮子庙镇"),
    ("狮子庙镇", "秋扒乡"), ("狮子庙镇", "白土镇"), ("合峪镇", "潭头镇"),
]  # fmt: skip


@dataclass(frozen=True)
class DemoTask:
    code: str
    name: str
    lead: str
    items: tuple[str, ...]
    partners: tuple[str, ...] = ()
    config: dict[str, Any] = field(default_factory=dict)
    conditions: dict[str, Any] = field(default_factory=dict)
    window: tuple[dt.date, dt.date] = (dt.date(2025, 4, 1), dt.date(2025, 11, 30))
    witness: tuple[str, str] = ("", "")  # entropy, witness name
    redraw: tuple[str, str, str] = ("", "", "")  # reason, entropy, witness name


TASKS = [
    DemoTask(
        code="LC2025-SCJG-001",
        name="2025年城关镇零售业营业执照规范使用情况抽查",
        lead="县市场监督管理局",
        items=("营业执照（登记证）规范使用情况的检查",),
        conditions={"areas": ["城关镇"], "industry_prefixes": ["F52"]},
        config={"ratio_c_bp": 500, "ratio_d_bp": 500, "cross_area": True, "batch_size": 25},
        witness=("2025年体彩大乐透第25048期开奖号码 03 11 19 27 33 + 05 09", "赵明（县人大代表）"),
    ),
    DemoTask(
        code="LC2025-WJW-001",
        name="2025年餐具饮具集中消毒服务单位部门联合抽查",
        lead="县卫生健康委",
        partners=("县市场监督管理局",),
        items=("餐具饮具集中消毒服务单位的检查",),
        config={
            "ratio_a_bp": 1000,
            "ratio_b_bp": 1000,
            "ratio_c_bp": 2000,
            "ratio_d_bp": 2000,
            "experts": 1,
            "wanted_specialties": ["公共场所卫生", "食品安全", "消毒产品"],
        },
        window=(dt.date(2025, 5, 1), dt.date(2025, 9, 30)),
        witness=("2025年体彩大乐透第25061期开奖号码 07 14 22 28 35 + 02 11", "孙丽（社会监督员）"),
    ),
    DemoTask(
        code="LC2025-SCJG-002",
        name="2025年西部乡镇食品销售者监督检查",
        lead="县市场监督管理局",
        items=("食品销售者的监督检查",),
        conditions={"areas": ["陶湾镇", "三川镇", "冷水镇", "叫河镇"]},
        config={
            "ratio_a_bp": 500,
            "ratio_b_bp": 500,
            "ratio_c_bp": 1000,
            "ratio_d_bp": 1000,
            "local_only": True,
            "per_inspector_cap": 12,
            "batch_size": 10,
        },
        window=(dt.date(2025, 6, 1), dt.date(2025, 10, 31)),
        witness=("2025年体彩大乐透第25072期开奖号码 01 09 16 24 31 + 04 12", "李强（县人大代表）"),
    ),
    DemoTask(
        code="LC2025-YJGL-001",
        name="2025年非煤矿山企业安全生产部门联合检查",
        lead="县应急管理局",
        partners=("县自然资源局", "市生态环境局栾川分局"),
        items=("非煤矿山企业安全生产的监督检查",),
        config={
            "ratio_a_bp": 3000,
            "ratio_b_bp": 5000,
            "ratio_c_bp": 10_000,
            "ratio_d_bp": 10_000,
            "team_size": 3,
            "wanted_specialties": ["非煤矿山", "矿产资源"],
        },
        window=(dt.date(2025, 3, 1), dt.date(2025, 12, 15)),
        witness=("2025年体彩大乐透第25030期开奖号码 05 12 18 26 34 + 03 08", "周红（社会监督员）"),
        redraw=(
            "见证人未按公告时间到场，经联席办批准重新抽取",
            "2025年体彩大乐透第25031期开奖号码 02 10 15 23 32 + 01 06",
            "吴刚（县人大代表）",
        ),
    ),
]


@dataclass
class DemoDrawsResult:
    tasks: int = 0
    draws: int = 0
    adjacencies: int = 0
    skipped: list[str] = field(default_factory=list)

    @property
    def wrote_anything(self) -> bool:
        return bool(self.tasks or self.adjacencies)


def _adjacencies() -> int:
    areas = {a.name: a for a in Area.objects.all()}
    existing = set(AreaAdjacency.objects.values_list("area_a__name", "area_b__name"))
    added = 0
    for a, b in ADJACENT:
        if a not in areas or b not in areas or (a, b) in existing or (b, a) in existing:
            continue
        services.area_adjacency_approve(
            area_a=areas[a], area_b=areas[b], actor=SYSTEM, note="相邻乡镇（演示数据）"
        )
        added += 1
    return added


def _conditions(spec: DemoTask) -> dict[str, Any]:
    result = dict(spec.conditions)
    if "areas" in result:
        names = result.pop("areas")
        result["area_ids"] = list(Area.objects.filter(name__in=names).values_list("id", flat=True))
    return result


def _draw(task: Task, entropy: str, witness: str) -> Any:
    services.draw_freeze(task=task, actor=SYSTEM)
    return services.draw_run(
        task=task,
        witness_entropy=entropy,
        witness_source=LOTTERY,
        witness_name=witness,
        actor=SYSTEM,
    )


def _assign_one(draw: Any) -> bool:
    """Assign directly the first team the pool could not fill, if the directory allows it."""
    flagged = Selection.objects.filter(draw=draw, fallback=Fallback.DIRECT)
    pool = list(assignable_inspectors(draw.task).filter(department_id=draw.task.lead_department_id))
    for selection in flagged.select_related("entity__area")[:5]:
        others = [p for p in pool if p.area_id != selection.entity.area_id]
        if len(others) < 2:
            continue
        try:
            services.team_assign_directly(
                draw=draw,
                entity=selection.entity,
                inspectors=others[:2],
                reason="本乡镇及相邻乡镇在岗执法人员不足，经局领导批准从县局执法大队直接委派",
                actor=SYSTEM,
            )
        except ServiceError:
            continue
        return True
    return False


@transaction.atomic
def _load_task(spec: DemoTask, result: DemoDrawsResult, say: Say) -> None:
    lead = Department.objects.get(name=spec.lead)
    items = list(
        InspectionItem.objects.filter(year=YEAR, name__in=spec.items, state=ItemState.PUBLISHED)
    )
    if len(items) != len(spec.items):
        result.skipped.append(spec.code)
        return
    task = plan_services.task_create(
        actor=SYSTEM,
        code=spec.code,
        name=spec.name,
        year=YEAR,
        lead_department=lead,
        partner_departments=list(Department.objects.filter(name__in=spec.partners)),
        items=items,
        kind=TaskKind.DIRECTED if spec.conditions else TaskKind.UNDIRECTED,
        conditions=_conditions(spec),
        window_start=spec.window[0],
        window_end=spec.window[1],
    )
    plan_services.task_publish(actor=SYSTEM, task=task)
    if spec.config:
        services.draw_config_save(task=task, actor=SYSTEM, values=spec.config)
    preview = services.population_preview(task=task, actor=SYSTEM)
    if not preview.population_size:
        # A small demo directory may hold none of this task's targets: keep the task, no draw.
        result.tasks += 1
        say(f"抽查任务 {spec.code}：没有符合条件的检查对象，未抽取")
        return
    draw = _draw(task, *spec.witness)
    result.draws += 1
    if spec.redraw[0]:
        reason, entropy, witness = spec.redraw
        # The redraw freezes anew; its commitment is out before the new witness entropy.
        services.draw_redraw(task=task, reason=reason, actor=SYSTEM)
        draw = services.draw_run(
            task=task,
            witness_entropy=entropy,
            witness_source=LOTTERY,
            witness_name=witness,
            actor=SYSTEM,
        )
        result.draws += 1
    assigned = _assign_one(draw) if spec.config.get("local_only") else False
    result.tasks += 1
    extra = "，含一次直接委派" if assigned else ""
    say(
        f"抽查任务 {spec.code}：名单 {preview.population_size} 户，"
        f"抽中 {len(draw.outcome['selected'])} 户{extra}"
    )


def load_draws(say: Say | None = None) -> DemoDrawsResult:
    """Adjacent townships and the demo tasks with their draws; tasks already present are kept."""
    say = say or (lambda _message: None)
    result = DemoDrawsResult()
    with transaction.atomic():
        result.adjacencies = _adjacencies()
    existing = set(
        Task.objects.filter(code__in=[t.code for t in TASKS]).values_list("code", flat=True)
    )
    for spec in TASKS:
        if spec.code not in existing:
            _load_task(spec, result, say)
    if not result.tasks:
        say(f"演示抽查任务均已存在（{len(existing)} 项），未新增")
    return result
