"""Rows for the Django-side draw tests: entities, inspectors, published items and tasks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.directory.models import Area, Department, Entity, EntityTag, InspectionItem
from shuangsuiji.plans import services as plan_services
from shuangsuiji.plans.models import Task
from shuangsuiji.sampling import services

from ..directory.factories import EntityFactory, InspectorFactory, ItemFactory

WINDOW = (dt.date(2025, 4, 1), dt.date(2025, 10, 31))
WITNESS = "2025年体彩大乐透第25048期开奖号码 03 11 19 27 33 + 05 09"


def market() -> Department:
    return Department.objects.get(name="县市场监督管理局")


def health() -> Department:
    return Department.objects.get(name="县卫生健康委")


def area(name: str) -> Area:
    return Area.objects.get(name=name)


def item(
    *, department: Department | None = None, targets: list[str] | None = None, **kw: Any
) -> InspectionItem:
    kw.setdefault("ratio_cap", Decimal("50"))
    kw.setdefault("state", "published")
    return ItemFactory(department=department or market(), targets=targets or ["企业"], **kw)


def entities(n: int, **kw: Any) -> list[Entity]:
    return [EntityFactory(**kw) for _ in range(n)]


def tag(entity: Entity, department: Department, name: str) -> EntityTag:
    t, _ = EntityTag.objects.get_or_create(department=department, name=name)
    entity.tags.add(t)
    return t


def officers(n: int, department: Department | None = None, **kw: Any) -> list[Any]:
    dept = department or market()
    return [InspectorFactory(department=dept, **kw) for _ in range(n)]


def task(
    items: list[InspectionItem],
    *,
    code: str = "LC2025-SCJG-001",
    lead: Department | None = None,
    partners: list[Department] | None = None,
    publish: bool = True,
    actor: Any = SYSTEM,
    **kw: Any,
) -> Task:
    made = plan_services.task_create(
        actor=actor,
        code=code,
        name=kw.pop("name", "测试抽查任务"),
        year=kw.pop("year", 2025),
        lead_department=lead or market(),
        partner_departments=partners or [],
        items=items,
        window_start=WINDOW[0],
        window_end=WINDOW[1],
        **kw,
    )
    if publish:
        plan_services.task_publish(actor=actor, task=made)
    return made


def configure(t: Task, actor: Any = SYSTEM, **values: Any) -> None:
    services.draw_config_save(task=t, actor=actor, values=values)


def freeze_and_draw(t: Task, actor: Any = SYSTEM, entropy: str = WITNESS) -> Any:
    services.draw_freeze(task=t, actor=actor)
    return services.draw_run(
        task=t,
        witness_entropy=entropy,
        witness_source="中国体育彩票超级大乐透开奖号码",
        witness_name="王见证",
        actor=actor,
    )
