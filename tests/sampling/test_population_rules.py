"""Each 定向 condition on its own and together, the same-item rule across several items, and what
the burden rules count: only current draws of other tasks, less what a cap merge says was one
visit (domain.md "Limits on burden"). Expected sets are worked out by hand from the rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import QuerySet
from django.utils import timezone

from shuangsuiji.common.errors import ServiceError
from shuangsuiji.directory.models import Entity
from shuangsuiji.plans.models import Task, TaskKind
from shuangsuiji.sampling import population as pop_module
from shuangsuiji.sampling.models import Draw, Selection
from shuangsuiji.sampling.population import Population, build_population, config_of

from . import builders as b

pytestmark = pytest.mark.django_db


def population(task: Task) -> Population:
    return build_population(task, config_of(task), now=timezone.now())


def codes(pop: Population) -> set[str]:
    return {u for u, _ in pop.rows}


def exclusions(pop: Population) -> dict[str, int]:
    return {e["rule"]: e["count"] for e in pop.exclusions}


@pytest.fixture
def firms() -> dict[str, Entity]:
    """Five firms, each differing from ``base`` in one attribute."""
    tanto, chengguan = b.area("潭头镇"), b.area("城关镇")
    base: dict[str, Any] = {
        "industry_code": "H6210",
        "area": tanto,
        "credit_risk": "B",
        "entity_type": "企业",
    }
    made = {
        "base": b.entities(1, **base)[0],
        "industry": b.entities(1, **{**base, "industry_code": "F5211"})[0],
        "area": b.entities(1, **{**base, "area": chengguan})[0],
        "credit": b.entities(1, **{**base, "credit_risk": "A"})[0],
        "type": b.entities(1, **{**base, "entity_type": "个体工商户"})[0],
    }
    b.tag(made["base"], b.market(), "重点餐饮单位")
    b.tag(made["area"], b.market(), "重点餐饮单位")
    return made


def directed(conditions: dict[str, Any]) -> Task:
    return b.task(
        [b.item(targets=["企业", "个体工商户"])], kind=TaskKind.DIRECTED, conditions=conditions
    )


def named(firms: dict[str, Entity], *names: str) -> set[str]:
    return {firms[n].uscc for n in names}


CONDITIONS = [
    pytest.param(
        lambda: {"area_ids": [b.area("潭头镇").pk]},
        ["base", "industry", "credit", "type"],
        id="area",
    ),
    pytest.param(
        lambda: {"industry_prefixes": ["H62"]}, ["base", "area", "credit", "type"], id="industry"
    ),
    pytest.param(
        lambda: {"industry_prefixes": ["H62", "F52"]},
        ["base", "industry", "area", "credit", "type"],
        id="two-industries-either",
    ),
    pytest.param(
        lambda: {"credit_classes": ["B"]}, ["base", "industry", "area", "type"], id="credit"
    ),
    pytest.param(lambda: {"entity_types": ["个体工商户"]}, ["type"], id="entity-type"),
    pytest.param(lambda: {"tag_ids": "重点餐饮单位"}, ["base", "area"], id="tag"),
    # Every condition must hold: each later one narrows what the earlier left.
    pytest.param(
        lambda: {"tag_ids": "重点餐饮单位", "area_ids": [b.area("潭头镇").pk]},
        ["base"],
        id="tag-and-area",
    ),
    pytest.param(
        lambda: {"area_ids": [b.area("潭头镇").pk], "industry_prefixes": ["F52"]},
        ["industry"],
        id="area-and-industry",
    ),
    pytest.param(
        lambda: {"industry_prefixes": ["H62"], "entity_types": ["企业"]},
        ["base", "area", "credit"],
        id="industry-and-type",
    ),
    pytest.param(
        lambda: {"entity_types": ["企业"], "credit_classes": ["A"]},
        ["credit"],
        id="type-and-credit",
    ),
]


@pytest.mark.parametrize(("conditions", "expected"), CONDITIONS)
def test_each_directed_condition_alone_and_together(
    firms: dict[str, Entity], conditions: Any, expected: list[str]
) -> None:
    c = conditions()
    if c.get("tag_ids") == "重点餐饮单位":
        c["tag_ids"] = [firms["base"].tags.get().pk]
    assert codes(population(directed(c))) == named(firms, *expected)


def test_the_same_item_rule_looks_at_every_item_of_the_task() -> None:
    b.entities(4)
    b.officers(4)
    first = b.task([b.item(name="年报公示检查")], code="T-1")
    b.configure(first, ratio_a_bp=5000)
    drawn = {s.entity.uscc for s in b.freeze_and_draw(first).selections.select_related("entity")}
    assert len(drawn) == 2
    # The later task's first item is new; its second is the one drawn before.
    later = b.task(
        [b.item(name="广告发布检查", year=2026), b.item(name="年报公示检查", year=2026)],
        code="T-2",
        year=2026,
    )
    pop = population(later)
    assert exclusions(pop)["recent_same_item"] == 2
    assert not codes(pop) & drawn


def test_a_superseded_draw_is_not_a_recent_inspection_of_the_same_item() -> None:
    b.entities(3)
    b.officers(4)
    first = b.task([b.item(name="年报公示检查", ratio_cap=Decimal("100"))], code="T-1")
    b.configure(first, ratio_a_bp=10_000)
    b.freeze_and_draw(first)
    Draw.objects.filter(task=first).update(is_current=False)  # as if replaced by a redraw
    later = b.task([b.item(name="年报公示检查", year=2026)], code="T-2", year=2026)
    assert exclusions(population(later))["recent_same_item"] == 0


def test_a_task_never_excludes_firms_for_its_own_earlier_draw() -> None:
    """A redraw freezes again while the task's own draw is still current: that draw is not an
    earlier inspection (same item, or toward the cap) of its own firms."""
    firms = b.entities(3)
    b.officers(4)
    other = b.task([b.item(name="价格行为检查", ratio_cap=Decimal("100"))], code="T-0")
    b.configure(other, ratio_a_bp=10_000)
    b.freeze_and_draw(other)  # one inspection each this year: one below the cap of 2
    t = b.task([b.item(name="年报公示检查", ratio_cap=Decimal("100"))], code="T-1")
    b.configure(t, ratio_a_bp=10_000)
    b.freeze_and_draw(t)
    assert Draw.objects.filter(task=t, is_current=True).count() == 1
    pop = population(t)
    assert exclusions(pop)["recent_same_item"] == 0
    assert exclusions(pop)["yearly_cap"] == 0
    assert codes(pop) == {e.uscc for e in firms}


def test_a_cap_merge_takes_back_selections_that_were_one_visit() -> None:
    firms = sorted(b.entities(2), key=lambda e: e.uscc)
    b.officers(4)
    for n, name in enumerate(["价格行为检查", "产品质量检查"]):
        t = b.task([b.item(name=name, ratio_cap=Decimal("100"))], code=f"T-{n}")
        b.configure(t, ratio_a_bp=10_000)
        b.freeze_and_draw(t)
    third = b.task([b.item(name="广告发布检查")], code="T-9")
    assert exclusions(population(third))["yearly_cap"] == 2  # two draws each: at the cap

    seen: list[tuple[int, int | None, int]] = []

    def one_visit(
        year: int, exclude: int | None, counted: QuerySet[Selection] | None = None
    ) -> dict[int, int]:
        assert counted is not None
        seen.append((year, exclude, counted.count()))
        return {firms[0].pk: 1}  # its two selections were one joint visit

    before = dict(pop_module.CAP_MERGES)
    try:
        pop_module.register_cap_merge("test-one-visit", one_visit)
        pop = population(third)
    finally:
        pop_module.CAP_MERGES.clear()
        pop_module.CAP_MERGES.update(before)
    assert exclusions(pop)["yearly_cap"] == 1
    assert codes(pop) == {firms[0].uscc}
    assert seen == [(2025, third.pk, 4)]  # the counted selections: 2 tasks × 2 firms


def test_the_same_item_means_the_same_department_and_name() -> None:
    b.entities(3)
    b.officers(4, department=b.health())
    # 县卫生健康委 has an item of the same name: drawing it is not the market item's history.
    first = b.task(
        [b.item(department=b.health(), name="年报公示检查", ratio_cap=Decimal("100"))],
        code="T-1",
        lead=b.health(),
    )
    b.configure(first, ratio_a_bp=10_000)
    b.freeze_and_draw(first)
    later = b.task([b.item(name="年报公示检查", year=2026)], code="T-2", year=2026)
    assert exclusions(population(later))["recent_same_item"] == 0


def test_the_same_item_window_is_twelve_months_to_the_minute() -> None:
    b.entities(2)
    b.officers(4)
    drawn_at = dt.datetime(2025, 5, 6, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(drawn_at, tick=False):
        first = b.task([b.item(name="年报公示检查", ratio_cap=Decimal("100"))], code="T-1")
        b.configure(first, ratio_a_bp=10_000)
        b.freeze_and_draw(first)
    later = b.task([b.item(name="年报公示检查", year=2026)], code="T-2", year=2026)
    config = config_of(later)
    at_twelve = build_population(later, config, now=drawn_at.replace(year=2026))
    after = build_population(later, config, now=drawn_at.replace(year=2026, minute=1))
    assert exclusions(at_twelve)["recent_same_item"] == 2
    assert exclusions(after)["recent_same_item"] == 0


def test_a_task_without_items_has_no_population() -> None:
    t = b.task([b.item()])
    t.items.clear()
    with pytest.raises(ServiceError) as refused:
        population(t)
    assert str(refused.value) == "该任务没有抽查事项，无法确定检查对象"


def test_each_exclusion_is_reported_with_its_label() -> None:
    t = b.task([b.item()])
    b.configure(t, min_established_days=30)
    assert [(e["rule"], e["label"]) for e in population(t).exclusions] == [
        ("not_active", "登记状态非存续（注销、吊销、迁出）"),
        ("recent_same_item", "近12个月内已被抽中检查同一抽查事项"),
        ("yearly_cap", "2025年已被随机抽查2次（每户每年上限2次，各部门合计）"),
        ("newly_established", "成立不满30天"),
    ]


def test_a_firm_established_exactly_the_minimum_days_ago_is_drawn() -> None:
    today = timezone.localdate()
    on_the_day = b.entities(1, established_on=today - dt.timedelta(days=30))[0]
    b.entities(1, established_on=today - dt.timedelta(days=29))
    t = b.task([b.item()])
    b.configure(t, min_established_days=30)
    pop = population(t)
    assert codes(pop) == {on_the_day.uscc}
    assert exclusions(pop)["newly_established"] == 1


def test_rows_a_collation_returns_out_of_byte_order_are_sorted_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A database whose collation is not byte order may return the codes in another order: the
    frozen list and each township's list are put in code order all the same."""
    made = sorted(b.entities(3, area=b.area("潭头镇")), key=lambda e: e.uscc)
    t = b.task([b.item()])
    real_fetch = pop_module._fetch

    def last_two_swapped(qs: Any) -> list[tuple[Any, ...]]:
        rows = real_fetch(qs)
        return [*rows[:-2], rows[-1], rows[-2]]

    monkeypatch.setattr(pop_module, "_fetch", last_two_swapped)
    pop = population(t)
    expected = [e.uscc for e in made]
    assert [u for u, _ in pop.rows] == expected
    assert pop.townships == {"潭头镇": expected}
