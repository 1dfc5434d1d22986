"""Burden rules per item kind, checked through the services on hand-built firms and draws.

- 国办发〔2024〕54号 and domain.md "Limits on burden": a yearly cap on random inspections per firm
  (default 2, all departments) and the same item at most once per firm in 12 months. Both limit
  日常 random checks of 一般 items.
- Seed 二(一): 重点检查事项 have no ratio cap; they follow their 抽查频次 (每月, 每季, 每半年,
  每年).
- Seed 三(一): firms on the 严重违法失信名单 or the 经营异常名录, or with many complaints, get
  more frequent checks, so the cap never removes them.
- A terminated task's draw and a superseded draw were no inspection, unless a result was recorded.

Expected sets and counts are worked out by hand from the rows each test makes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from shuangsuiji.common.errors import ServiceError
from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.directory.models import Entity, InspectionItem
from shuangsuiji.plans import services as plan_services
from shuangsuiji.plans.models import Task, TaskKind
from shuangsuiji.sampling import services
from shuangsuiji.sampling.models import Draw, Selection
from shuangsuiji.sampling.population import Population, build_population, config_of

from . import builders as b

pytestmark = pytest.mark.django_db

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def population(task: Task) -> Population:
    return build_population(task, config_of(task), now=timezone.now())


def exclusions(pop: Population) -> dict[str, int]:
    return {e["rule"]: e["count"] for e in pop.exclusions}


def codes(pop: Population) -> set[str]:
    return {u for u, _ in pop.rows}


def uscc(*entities: Entity) -> set[str]:
    return {e.uscc for e in entities}


def general(name: str, **kw: Any) -> InspectionItem:
    return b.item(name=name, ratio_cap=Decimal("100"), **kw)


def key(name: str, frequency: str = "", **kw: Any) -> InspectionItem:
    return b.item(name=name, category="key", ratio_cap=None, frequency=frequency, **kw)


def drawn(items: list[InspectionItem], code: str, **config: Any) -> Draw:
    """A task of the items' year, every matching firm drawn (100 % of every credit class)."""
    t = b.task(items, code=code, year=items[0].year)
    every = {f"ratio_{c}_bp": 10_000 for c in "abcd"}
    b.configure(t, **{**every, **config})
    return b.freeze_and_draw(t)


def terminate(draw: Draw) -> None:
    plan_services.task_terminate(actor=SYSTEM, task=draw.task, reason="检查对象范围有误")


def drawn_codes(draw: Draw) -> set[str]:
    return set(Selection.objects.filter(draw=draw).values_list("entity__uscc", flat=True))


# ---------------------------------------------------------------- the cap and the 100 % groups


def test_a_dishonest_firm_at_the_cap_is_still_drawn() -> None:
    """Seed 三(一): 严重违法失信名单 and 经营异常名录 firms get more frequent checks; the yearly cap
    of 2 removes only the plain firm, and the preview counts the three kept as 超出年度上限."""
    dishonest = b.entities(2, serious_dishonesty_list=True, credit_risk="D")
    abnormal = b.entities(1, abnormal_list=True, credit_risk="C")[0]
    plain = b.entities(1)[0]
    b.officers(4)
    drawn([general("价格行为检查")], "T-1")
    drawn([general("产品质量检查")], "T-2")
    newcomer = b.entities(1, serious_dishonesty_list=True)[0]  # listed since: never drawn
    third = b.task([general("广告发布检查")], code="T-3")
    b.configure(third, ratio_a_bp=10_000)
    pop = population(third)
    assert pop.exclusions == [
        {"rule": "not_active", "label": "登记状态非存续（注销、吊销、迁出）", "count": 0},
        {"rule": "recent_same_item", "label": "近12个月内已被抽中检查同一抽查事项", "count": 0},
        {
            "rule": "yearly_cap",
            "label": "2025年已被随机抽查2次（每户每年上限2次，各部门合计）",
            "count": 1,
        },
    ]
    assert dict(pop.rows) == {
        **{e.uscc: "serious_dishonesty" for e in [*dishonest, newcomer]},
        abnormal.uscc: "abnormal_list",
    }
    assert pop.over_cap == {"serious_dishonesty": 2, "abnormal_list": 1}

    preview = services.population_preview(task=third, actor=SYSTEM)
    assert [(o["name"], o["label"], o["count"]) for o in preview.over_cap] == [
        ("serious_dishonesty", "严重违法失信名单", 2),
        ("abnormal_list", "经营异常名录", 1),
    ]
    assert preview.over_cap[0]["reason"] == (
        "2025年已被随机抽查2次，达到每户每年上限；属于严重违法失信名单，"
        "按工作方案三(一)加大检查频次，仍纳入名单"
    )
    assert (
        "严重违法失信名单、经营异常名录、投诉举报 ≥ 5 次、重点监管对象的对象不受年度上限限制"
        "（工作方案三(一)：加大检查频次），超出上限的仍纳入名单并单列户数"
    ) in preview.notes
    draw = b.freeze_and_draw(third)
    assert drawn_codes(draw) == uscc(*dishonest, newcomer, abnormal)
    assert plain.uscc not in drawn_codes(draw)


def test_the_exemption_follows_the_enabled_groups_and_can_be_switched_off() -> None:
    """Only a group drawn at 100 % is exempt: with 经营异常名录 not a 100 % group, its firm is an
    ordinary class-C firm and the cap applies; switching the exemption off caps everyone."""
    dishonest = b.entities(1, serious_dishonesty_list=True)[0]
    abnormal = b.entities(1, abnormal_list=True)[0]
    b.entities(1)
    b.officers(4)
    drawn([general("价格行为检查")], "T-1")
    drawn([general("产品质量检查")], "T-2")
    third = b.task([general("广告发布检查")], code="T-3")
    b.configure(third, full_abnormal=False)
    pop = population(third)
    assert exclusions(pop)["yearly_cap"] == 2
    assert codes(pop) == uscc(dishonest) and pop.over_cap == {"serious_dishonesty": 1}
    assert abnormal.uscc not in codes(pop)
    b.configure(third, cap_exempt_full_groups=False)
    pop = population(third)
    assert exclusions(pop)["yearly_cap"] == 3
    assert pop.rows == [] and not pop.over_cap
    assert services.population_preview(task=third, actor=SYSTEM).over_cap == []


def test_a_firm_below_the_cap_is_not_reported_as_over_it() -> None:
    """One earlier draw is below the cap of 2: nobody is excluded, nobody is 超出年度上限."""
    dishonest = b.entities(1, serious_dishonesty_list=True)[0]
    plain = b.entities(1)[0]
    b.officers(4)
    drawn([general("价格行为检查")], "T-1")
    third = b.task([general("广告发布检查")], code="T-3")
    pop = population(third)
    assert exclusions(pop)["yearly_cap"] == 0
    assert codes(pop) == uscc(dishonest, plain) and not pop.over_cap


def test_a_kept_firm_excluded_by_a_later_rule_is_not_counted_over_the_cap() -> None:
    """A 失信 firm at the cap that is no longer 存续 is excluded as not active, not kept."""
    gone = b.entities(1, serious_dishonesty_list=True)[0]
    b.officers(4)
    drawn([general("价格行为检查")], "T-1")
    drawn([general("产品质量检查")], "T-2")
    Entity.objects.filter(pk=gone.pk).update(registration_status="revoked")
    third = b.task([general("广告发布检查")], code="T-3")
    pop = population(third)
    assert exclusions(pop)["not_active"] == 1 and pop.rows == [] and not pop.over_cap


def test_key_item_draws_do_not_count_toward_the_cap_unless_the_task_says_so() -> None:
    """The cap limits 日常 random checks of 一般 items: two 重点 draws leave a firm drawable by a
    一般 task; with ``cap_key_items`` they count as before."""
    firms = b.entities(2)
    b.officers(4)
    drawn([key("民用爆炸物品销售安全监管")], "T-1")
    drawn([key("危险废物经营单位监督检查")], "T-2")
    third = b.task([general("广告发布检查")], code="T-3")
    b.configure(third, ratio_a_bp=10_000)
    pop = population(third)
    assert exclusions(pop)["yearly_cap"] == 0 and codes(pop) == uscc(*firms)
    assert "每户每年随机抽查上限2次：计入本年各部门一般检查事项的随机抽查，合并入户的计一次" in (
        pop.notes
    )
    b.configure(third, cap_key_items=True)
    pop = population(third)
    assert exclusions(pop)["yearly_cap"] == 2 and pop.rows == []
    assert "每户每年随机抽查上限2次：计入本年各部门随机抽查，合并入户的计一次" in pop.notes


def test_a_task_of_key_items_only_is_not_capped() -> None:
    """Seed 二(一): a 重点 item has no ratio cap, so a firm checked twice on 一般 items this year
    is still drawn by a 重点-only task, and the preview says why."""
    firms = b.entities(2)
    b.officers(4)
    drawn([general("价格行为检查")], "T-1")
    drawn([general("产品质量检查")], "T-2")
    third = b.task([key("特种设备使用单位的监督检查")], code="T-3")
    pop = population(third)
    assert "yearly_cap" not in exclusions(pop)
    assert codes(pop) == uscc(*firms)
    assert "本任务均为重点检查事项：按抽查频次抽取，不适用每户每年随机抽查上限" in pop.notes
    b.configure(third, cap_key_items=True)
    assert exclusions(population(third))["yearly_cap"] == 2


def test_a_task_with_a_general_item_is_capped_and_counts() -> None:
    """A task joining a 一般 and a 重点 item is drawn at 一般 ratios: it is capped, and its draw
    counts toward the cap of later tasks."""
    b.entities(1)
    b.officers(4)
    drawn([general("价格行为检查"), key("特种设备使用单位的监督检查")], "T-1")
    drawn([general("产品质量检查"), key("食品生产者的监督检查")], "T-2")
    third = b.task([general("广告发布检查"), key("消防监督检查")], code="T-3")
    pop = population(third)
    assert exclusions(pop)["yearly_cap"] == 1 and pop.rows == []


def test_no_cap_means_no_cap_rule_and_no_cap_note() -> None:
    b.entities(1)
    t = b.task([general("广告发布检查")], code="T-3")
    b.configure(t, yearly_cap=None)
    pop = population(t)
    assert "yearly_cap" not in exclusions(pop)
    assert not [n for n in pop.notes if n.startswith("每户每年随机抽查上限")]


# ---------------------------------------------------------------- terminated and superseded


def test_two_terminated_never_inspected_tasks_do_not_exclude_a_firm_from_a_third() -> None:
    """A terminated task's draw was no inspection: after two of them, neither the cap nor the
    same-item rule keeps the firm out of a third task."""
    firm = b.entities(1)[0]
    b.officers(4)
    ad = general("广告发布检查")
    terminate(drawn([ad], "T-1"))
    terminate(drawn([general("产品质量检查")], "T-2"))
    third = b.task([ad], code="T-3")  # the same item, the same year
    pop = population(third)
    assert exclusions(pop)["yearly_cap"] == 0
    assert exclusions(pop)["recent_same_item"] == 0
    assert codes(pop) == uscc(firm)
    assert "已终止任务的抽取不计入同一事项和年度上限，已录入检查结果的对象除外" in pop.notes
    # The office may count them after all.
    b.configure(third, count_terminated=True)
    pop = population(third)
    assert exclusions(pop)["recent_same_item"] == 1 and pop.rows == []
    assert "已终止任务的抽取也计入同一事项和年度上限" in pop.notes


def test_a_terminated_draw_does_not_count_toward_the_cap_of_its_firms() -> None:
    """The cap counts the terminated task's draw once switched on: 2 draws each reach the cap."""
    b.entities(2)
    b.officers(4)
    drawn([general("价格行为检查")], "T-1")
    terminate(drawn([general("产品质量检查")], "T-2"))
    third = b.task([general("广告发布检查")], code="T-3")
    assert exclusions(population(third))["yearly_cap"] == 0
    b.configure(third, count_terminated=True)
    assert exclusions(population(third))["yearly_cap"] == 2


def record(draw: Draw, entity: Entity, item: InspectionItem) -> None:
    """A result (未发现问题) recorded by the firm's drawn team, as inspectors do."""
    from shuangsuiji.inspections import services as inspection_services

    from ..inspections.builders import account, team_of

    user = account(team_of(draw, entity)[0])
    inspection_services.result_save(
        actor=user,
        draw_id=draw.pk,
        entity_id=entity.pk,
        item=item,
        method="onsite",
        inspected_on=dt.date(2025, 6, 10),
        category="1",
    )


def test_a_firm_with_a_result_in_a_terminated_task_counts() -> None:
    """An inspection that took place counts, whatever became of its task: the firm with a
    recorded result reaches the cap and is kept out by the same-item rule; the other is not."""
    inspected, other = sorted(b.entities(2), key=lambda e: e.uscc)
    b.officers(6)
    ad = general("广告发布检查")
    first = drawn([ad], "T-1")
    record(first, inspected, ad)
    terminate(first)
    drawn([general("产品质量检查")], "T-2")
    third = b.task([general("价格行为检查")], code="T-3")
    pop = population(third)
    assert exclusions(pop)["yearly_cap"] == 1 and codes(pop) == uscc(other)
    again = b.task([general("广告发布检查", year=2026)], code="T-4", year=2026)
    pop = population(again)
    assert exclusions(pop)["recent_same_item"] == 1 and codes(pop) == uscc(other)


def test_a_result_on_another_item_of_a_terminated_task_is_not_the_same_item() -> None:
    """The same-item rule asks whether the firm was inspected on that item: a result on the
    terminated task's other item counts toward the cap, not toward the same-item rule."""
    firm = b.entities(1)[0]
    b.officers(6)
    ad, price = general("广告发布检查"), general("价格行为检查")
    first = drawn([ad, price], "T-1")
    record(first, firm, price)
    terminate(first)
    again = b.task([general("广告发布检查", year=2026)], code="T-2", year=2026)
    assert exclusions(population(again))["recent_same_item"] == 0
    priced = b.task([general("价格行为检查", year=2026)], code="T-3", year=2026)
    assert exclusions(population(priced))["recent_same_item"] == 1
    drawn([general("产品质量检查")], "T-4")
    fifth = b.task([general("计量检查")], code="T-5")
    assert exclusions(population(fifth))["yearly_cap"] == 1


def test_a_superseded_draw_counts_for_nothing() -> None:
    """A redraw replaced the first draw: it was never carried out (not even for the 100 %
    groups' bookkeeping), so one current draw each is below the cap."""
    b.entities(2)
    b.officers(4)
    first = drawn([general("价格行为检查")], "T-1")
    drawn([general("产品质量检查")], "T-2")
    Draw.objects.filter(pk=first.pk).update(is_current=False)
    third = b.task([general("广告发布检查")], code="T-3")
    assert exclusions(population(third))["yearly_cap"] == 0


# ---------------------------------------------------------------- 重点 items and 抽查频次


def at(year: int, month: int, day: int, hour: int = 10) -> Any:
    return time_machine.travel(dt.datetime(year, month, day, hour, tzinfo=SHANGHAI), tick=False)


def test_a_monthly_key_item_draws_the_same_firm_again_the_next_month() -> None:
    """Seed 二(一) and the 民爆 row of the item list (100 %, 每月): a firm drawn in March is
    drawn again in April; a second March task on the same item leaves it out."""
    firms = b.entities(2)
    b.officers(6)
    explosives = key("民用爆炸物品销售安全监管", "monthly")
    with at(2025, 3, 20):
        march = drawn([explosives], "T-03")
        assert drawn_codes(march) == uscc(*firms)
    with at(2025, 3, 31, 23):
        late = b.task([explosives], code="T-03b")
        pop = population(late)
        assert exclusions(pop)["key_item_frequency"] == 2 and pop.rows == []
        assert "recent_same_item" not in exclusions(pop)
        assert (
            "重点检查事项“民用爆炸物品销售安全监管”：抽查频次每月，本月（2025-03-01起）"
            "已抽中的不再抽取"
        ) in pop.notes
    with at(2025, 4, 1, 0):
        april = b.task([explosives], code="T-04")
        b.configure(april, **{f"ratio_{c}_bp": 10_000 for c in "abcd"})
        pop = population(april)
        assert exclusions(pop)["key_item_frequency"] == 0 and codes(pop) == uscc(*firms)
        assert drawn_codes(b.freeze_and_draw(april)) == uscc(*firms)
    with at(2025, 5, 6):
        may = b.task([explosives], code="T-05")
        pop = population(may)
        assert codes(pop) == uscc(*firms)
        assert "yearly_cap" not in exclusions(pop)  # three draws, still no cap for 重点 items


@pytest.mark.parametrize(
    ("frequency", "last", "now", "excluded"),
    [
        pytest.param("quarterly", (2025, 3, 31), (2025, 4, 1), 0, id="quarterly-next-quarter"),
        pytest.param("quarterly", (2025, 4, 1), (2025, 6, 30), 1, id="quarterly-same-quarter"),
        pytest.param("half_yearly", (2025, 2, 3), (2025, 6, 30), 1, id="half-same-half"),
        pytest.param("half_yearly", (2025, 6, 30), (2025, 7, 1), 0, id="half-next-half"),
        pytest.param("yearly", (2025, 1, 2), (2025, 12, 30), 1, id="yearly-same-year"),
        pytest.param("yearly", (2024, 12, 30), (2025, 1, 2), 0, id="yearly-next-year"),
        pytest.param("", (2025, 4, 1), (2025, 4, 2), 0, id="no-frequency-no-exclusion"),
    ],
)
def test_key_items_are_excluded_within_the_period_of_their_frequency(
    frequency: str, last: tuple[int, int, int], now: tuple[int, int, int], excluded: int
) -> None:
    """Seed 二(一): each 重点 item follows its 抽查频次; periods are calendar months, quarters,
    half-years and years starting in January (危废: 100 %, once a year)."""
    b.entities(1)
    b.officers(4)
    earlier = key("危险废物经营单位监督检查", frequency, year=last[0])
    later = earlier if now[0] == last[0] else key(earlier.name, frequency, year=now[0])
    with at(*last):
        drawn([earlier], "T-1")
    with at(*now):
        t = b.task([later], code="T-2", year=now[0])
        pop = population(t)
    assert exclusions(pop).get("key_item_frequency", 0) == excluded
    assert len(pop.rows) == 1 - excluded


def test_a_key_item_without_frequency_says_so() -> None:
    b.entities(1)
    t = b.task([key("危险废物经营单位监督检查")], code="T-1")
    pop = population(t)
    assert "key_item_frequency" not in exclusions(pop)
    assert "重点检查事项“危险废物经营单位监督检查”未设抽查频次：不按同一事项排除" in pop.notes


def test_key_items_may_follow_the_general_rule_or_none() -> None:
    """``key_item_rule``: 'months' puts 重点 items under the 12-month rule of 一般 items, 'none'
    excludes nobody for them."""
    b.entities(1)
    b.officers(4)
    explosives = key("民用爆炸物品销售安全监管", "monthly")
    with at(2025, 1, 15):
        drawn([explosives], "T-1")
    with at(2025, 6, 2):
        t = b.task([explosives], code="T-2")
        assert exclusions(population(t))["key_item_frequency"] == 0
        b.configure(t, key_item_rule="months")
        pop = population(t)
        assert exclusions(pop)["recent_same_item"] == 1 and "key_item_frequency" not in (
            exclusions(pop)
        )
        assert "“民用爆炸物品销售安全监管”：近12个月内抽中过同一事项的不再抽取" in pop.notes
        b.configure(t, key_item_rule="none")
        pop = population(t)
        assert not {"recent_same_item", "key_item_frequency"} & set(exclusions(pop))
        assert (
            "重点检查事项“民用爆炸物品销售安全监管”：按抽取配置，不排除近期抽中过同一事项的对象"
        ) in pop.notes


def only(items: list[InspectionItem], code: str, credit: str) -> Draw:
    """A 定向 task on the firms of one credit class, all drawn."""
    t = b.task(items, code=code, kind=TaskKind.DIRECTED, conditions={"credit_classes": [credit]})
    b.configure(t, **{f"ratio_{c}_bp": 10_000 for c in "abcd"})
    return b.freeze_and_draw(t)


def test_a_mixed_task_applies_each_items_own_window() -> None:
    """A 一般 item keeps its 12 months while the task's monthly 重点 item looks at this month
    only: a firm drawn in January for the 重点 item is drawable in February, one drawn for the
    一般 item is not."""
    for_key = b.entities(1, credit_risk="A")[0]
    for_general = b.entities(1, credit_risk="B")[0]
    b.officers(6)
    both = [general("广告发布检查"), key("民用爆炸物品销售安全监管", "monthly")]
    with at(2025, 1, 10):
        only([both[1]], "T-1", "A")
        only([both[0]], "T-2", "B")
        pop = population(b.task(both, code="T-3"))
        assert exclusions(pop)["recent_same_item"] == 1
        assert exclusions(pop)["key_item_frequency"] == 1
        assert pop.rows == []
    with at(2025, 2, 3):
        pop = population(b.task(both, code="T-4"))
        assert exclusions(pop)["recent_same_item"] == 1
        assert exclusions(pop)["key_item_frequency"] == 0
        assert codes(pop) == uscc(for_key)
    assert for_general.uscc not in codes(pop)


def test_two_frequencies_in_one_task_each_use_their_period() -> None:
    """A monthly and a yearly 重点 item in one task: last month's monthly draw no longer
    excludes, this year's yearly draw still does."""
    monthly_firm = b.entities(1, credit_risk="A")[0]
    yearly_firm = b.entities(1, credit_risk="B")[0]
    b.officers(6)
    items = [
        key("民用爆炸物品销售安全监管", "monthly"),
        key("危险废物经营单位监督检查", "yearly"),
    ]
    with at(2025, 3, 10):
        only([items[0]], "T-1", "A")
        only([items[1]], "T-2", "B")
    with at(2025, 4, 10):
        pop = population(b.task(items, code="T-3"))
    assert exclusions(pop)["key_item_frequency"] == 1
    assert codes(pop) == uscc(monthly_firm)
    assert yearly_firm.uscc not in codes(pop)
    assert {
        "rule": "key_item_frequency",
        "label": "本周期内已被抽中检查同一重点检查事项（按抽查频次）",
        "count": 1,
    } in pop.exclusions
    assert pop.notes[:2] == [
        "重点检查事项“民用爆炸物品销售安全监管”：抽查频次每月，本月（2025-04-01起）已抽中的不再抽取",
        "重点检查事项“危险废物经营单位监督检查”：抽查频次每年，本年（2025-01-01起）已抽中的不再抽取",
    ]
    with at(2025, 3, 28):  # the same month: both firms were drawn within their periods
        pop = population(b.task(items, code="T-4"))
    assert exclusions(pop)["key_item_frequency"] == 2 and pop.rows == []


def test_the_preview_page_shows_the_kept_firms_and_the_rules(
    client: Any, market_admin: Any
) -> None:
    """The task page's preview says how many 100 % group firms are 超出年度上限 and why, and
    reads each burden rule for the task's items; the config form offers each switch."""
    b.entities(1, complaint_count=7)
    b.officers(4)
    drawn([general("价格行为检查")], "T-1")
    drawn([general("产品质量检查")], "T-2")
    third = b.task(
        [general("广告发布检查"), key("民用爆炸物品销售安全监管", "monthly")], code="T-3"
    )
    client.force_login(market_admin)
    page = client.get(f"/tasks/{third.pk}/?preview=1").content.decode()
    assert "超出年度上限" in page
    assert "投诉举报 ≥ 5 次 <strong>1</strong> 户" in page
    assert "属于投诉举报 ≥ 5 次，按工作方案三(一)加大检查频次，仍纳入名单" in page
    assert "抽查频次每月，本月" in page
    for name in ("key_item_rule", "cap_key_items", "cap_exempt_full_groups", "count_terminated"):
        assert f'name="{name}"' in page


def test_the_period_is_the_one_of_the_moment_given() -> None:
    """The population is built for the moment the service passes (the freeze), not the clock."""
    b.entities(1)
    b.officers(4)
    explosives = key("民用爆炸物品销售安全监管", "monthly")
    with at(2025, 3, 20):
        drawn([explosives], "T-1")
    t = b.task([explosives], code="T-2")
    march = dt.datetime(2025, 3, 25, 10, tzinfo=SHANGHAI)
    pop = build_population(t, config_of(t), now=march)
    assert exclusions(pop)["key_item_frequency"] == 1
    assert (
        exclusions(build_population(t, config_of(t), now=timezone.now()))["key_item_frequency"] == 0
    )


@pytest.mark.parametrize(
    ("frequency", "period"),
    [
        ("quarterly", "每季，本季度（2025-04-01起）"),
        ("half_yearly", "每半年，本半年（2025-01-01起）"),
    ],
)
def test_the_notes_name_the_period(frequency: str, period: str) -> None:
    b.entities(1)
    with at(2025, 5, 6):
        pop = population(b.task([key("危险废物经营单位监督检查", frequency)], code="T-1"))
    assert f"重点检查事项“危险废物经营单位监督检查”：抽查频次{period}已抽中的不再抽取" in pop.notes


def test_the_notes_list_every_item_of_a_rule() -> None:
    b.entities(1)
    pop = population(b.task([general("广告发布检查"), general("价格行为检查")], code="T-1"))
    # In the task's item order (by name).
    assert "“价格行为检查”、“广告发布检查”：近12个月内抽中过同一事项的不再抽取" in pop.notes


def test_the_same_name_in_another_department_is_another_item() -> None:
    """The same item is the same 检查主体 and 抽查事项: 卫健's item of that name is not it."""
    b.entities(1)
    b.officers(4, department=b.health())
    health = b.task([general("广告发布检查", department=b.health())], code="T-1", lead=b.health())
    b.configure(health, ratio_a_bp=10_000)
    assert len(drawn_codes(b.freeze_and_draw(health))) == 1
    t = b.task([general("广告发布检查", year=2026)], code="T-2", year=2026)
    assert exclusions(population(t))["recent_same_item"] == 0


def test_a_task_without_items_has_no_population() -> None:
    t = b.task([general("广告发布检查")], code="T-1", publish=False)
    t.items.clear()
    with pytest.raises(ServiceError) as refused:
        population(t)
    assert refused.value.message == "该任务没有抽查事项，无法确定检查对象"
