"""The population a task freezes: who matches, who is excluded (and counted), which stratum."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from shuangsuiji.common.errors import ServiceError
from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.plans.models import TaskKind
from shuangsuiji.sampling import services
from shuangsuiji.sampling.population import build_population, config_of, months_before

from . import builders as b

pytestmark = pytest.mark.django_db


def population(task: object) -> object:
    return build_population(task, config_of(task), now=timezone.now())  # type: ignore[arg-type]


def exclusion_counts(pop: object) -> dict[str, int]:
    return {e["rule"]: e["count"] for e in pop.exclusions}  # type: ignore[attr-defined]


def test_items_match_by_entity_type_or_by_a_tag_of_the_item_department() -> None:
    firms = b.entities(3, entity_type="企业")
    shops = b.entities(2, entity_type="个体工商户")
    b.tag(shops[0], b.health(), "餐具饮具集中消毒服务单位")
    # The same label in another department's sub-directory does not make a target.
    b.tag(shops[1], b.market(), "餐具饮具集中消毒服务单位")
    by_type = b.item(targets=["企业"], name="年报")
    by_tag = b.item(department=b.health(), targets=["餐具饮具集中消毒服务单位"], name="消毒")
    t = b.task([by_type, by_tag], partners=[b.health()])
    pop = population(t)
    assert {u for u, _ in pop.rows} == {e.uscc for e in [*firms, shops[0]]}
    assert pop.matched == 4
    assert pop.rows == sorted(pop.rows)


def test_directed_conditions_all_hold() -> None:
    keep = b.entities(2, industry_code="H6210", area=b.area("潭头镇"), credit_risk="B")
    b.entities(1, industry_code="F5211", area=b.area("潭头镇"), credit_risk="B")
    b.entities(1, industry_code="H6210", area=b.area("城关镇"), credit_risk="B")
    b.entities(1, industry_code="H6220", area=b.area("潭头镇"), credit_risk="A")
    t = b.task(
        [b.item()],
        kind=TaskKind.DIRECTED,
        conditions={
            "area_ids": [b.area("潭头镇").pk],
            "industry_prefixes": ["h62"],
            "credit_classes": ["B", "C"],
        },
    )
    assert t.conditions["industry_prefixes"] == ["H62"]
    assert {u for u, _ in population(t).rows} == {e.uscc for e in keep}


def test_directed_task_needs_a_condition() -> None:
    with pytest.raises(ServiceError, match="定向抽查至少要设置一项条件"):
        b.task([b.item()], kind=TaskKind.DIRECTED, conditions={})


def test_inactive_and_newly_established_are_excluded_and_counted() -> None:
    b.entities(3)
    b.entities(2, registration_status="cancelled")
    recent = timezone.localdate() - dt.timedelta(days=10)
    b.entities(1, established_on=recent)
    t = b.task([b.item()])
    b.configure(t, min_established_days=30)
    pop = population(t)
    assert pop.matched == 6
    assert exclusion_counts(pop) == {
        "not_active": 2,
        "recent_same_item": 0,
        "yearly_cap": 0,
        "newly_established": 1,
    }
    assert len(pop.rows) == 3
    b.configure(t, active_only=False, min_established_days=None)
    pop = population(t)
    assert "not_active" not in exclusion_counts(pop) and len(pop.rows) == 6


def test_same_item_drawn_within_twelve_months_is_excluded() -> None:
    b.entities(10)
    b.officers(4)
    first_item = b.item(name="营业执照规范使用检查")
    first = b.task([first_item], code="T-1")
    b.configure(first, ratio_a_bp=5000)
    drawn = b.freeze_and_draw(first)
    chosen = {s.entity.uscc for s in drawn.selections.select_related("entity")}
    assert len(chosen) == 5
    # The next year's version of the same item (same 检查主体 and name) counts as the same item.
    again = b.item(name="营业执照规范使用检查", year=2026)
    other = b.task([again], code="T-2", year=2026)
    pop = population(other)
    assert exclusion_counts(pop)["recent_same_item"] == 5
    assert not {u for u, _ in pop.rows} & chosen
    # A different item is not affected.
    third = b.task([b.item(name="广告发布检查")], code="T-3")
    assert exclusion_counts(population(third))["recent_same_item"] == 0


def test_yearly_cap_counts_current_draws_of_all_departments() -> None:
    """The cap counts 一般 items' random checks of every department (domain.md "Limits on
    burden"); each earlier task has an item of its own, so the same-item rule stays out."""
    b.entities(4)
    b.officers(3)
    b.officers(3, department=b.health())
    for n, dept in enumerate([b.market(), b.health()]):
        general = b.item(department=dept, name=f"事项{n}", ratio_cap=Decimal("100"))
        t = b.task([general], code=f"T-{n}", lead=dept)
        b.configure(t, ratio_a_bp=10_000)
        b.freeze_and_draw(t)
    third = b.task([b.item(name="第三项")], code="T-3")
    pop = population(third)
    assert exclusion_counts(pop)["yearly_cap"] == 4
    assert pop.rows == []
    b.configure(third, yearly_cap=3)
    assert len(population(third).rows) == 4
    next_year = b.task([b.item(name="第三项", year=2026)], code="T-4", year=2026)
    assert exclusion_counts(population(next_year))["yearly_cap"] == 0


def test_full_groups_take_precedence_over_credit_strata_in_documented_order() -> None:
    dishonest = b.entities(
        1, credit_risk="D", serious_dishonesty_list=True, abnormal_list=True, complaint_count=9
    )[0]
    abnormal = b.entities(1, credit_risk="C", abnormal_list=True, key_supervision=True)[0]
    complained = b.entities(1, credit_risk="A", complaint_count=5, key_supervision=True)[0]
    few = b.entities(1, credit_risk="A", complaint_count=4)[0]
    key = b.entities(1, credit_risk="B", key_supervision=True)[0]
    plain = b.entities(1, credit_risk="C")[0]
    t = b.task([b.item()])
    strata = dict(population(t).rows)
    assert strata == {
        dishonest.uscc: "serious_dishonesty",
        abnormal.uscc: "abnormal_list",
        complained.uscc: "complaints",
        few.uscc: "A",
        key.uscc: "key_supervision",
        plain.uscc: "C",
    }
    b.configure(t, full_abnormal=False, full_key_supervision=False, complaint_threshold=10)
    strata = dict(population(t).rows)
    assert strata[abnormal.uscc] == "C" and strata[complained.uscc] == "A"
    assert strata[dishonest.uscc] == "serious_dishonesty"


def test_ratio_above_a_general_item_cap_is_refused_with_the_reason() -> None:
    b.entities(40)
    capped = b.item(ratio_cap=5, name="营业执照（登记证）规范使用情况的检查")
    t = b.task([capped, b.item(category="key", ratio_cap=None, name="重点事项")])
    preview = services.population_preview(task=t, actor=SYSTEM)  # defaults lowered to 5 %
    ratios = {row["name"]: row["ratio_bp"] for row in preview.strata if not row["full"]}
    assert ratios == {"A": 100, "B": 200, "C": 500, "D": 500}
    with pytest.raises(ServiceError) as refused:
        b.configure(t, ratio_c_bp=1000)
    assert refused.value.message.startswith("C类（信用风险较高）的抽取比例 10% 超过上限")
    assert "“营业执照（登记证）规范使用情况的检查”为一般检查事项，抽查比例上限为 5%" in (
        refused.value.message
    )
    with pytest.raises(ServiceError, match=r"D类.*30% 超过上限"):
        b.configure(t, ratio_d_bp=3000)
    b.configure(t, ratio_c_bp=500, ratio_d_bp=500)
    # A count is compared with the stratum's size: 3 of 40 is 7.5 % > 5 %.
    b.configure(t, ratio_a_bp=None, count_a=3)
    with pytest.raises(
        ServiceError, match=re.escape("A类（信用风险低）抽取 3 户，占该层 40 户的 7.5%")
    ):
        services.draw_freeze(task=t, actor=SYSTEM)
    b.configure(t, ratio_a_bp=None, count_a=2)
    preview = services.population_preview(task=t, actor=SYSTEM)
    row = next(s for s in preview.strata if s["name"] == "A")
    assert (row["size"], row["quota"], row["probability"]) == (40, 2, 0.05)


def test_key_items_have_no_cap_and_full_groups_are_exempt() -> None:
    b.entities(10)
    b.entities(2, abnormal_list=True)
    t = b.task([b.item(category="key", ratio_cap=None)])
    b.configure(t, ratio_a_bp=10_000)
    preview = services.population_preview(task=t, actor=SYSTEM)
    quotas = {s["name"]: s["quota"] for s in preview.strata}
    assert quotas["A"] == 10 and quotas["abnormal_list"] == 2
    capped = b.task([b.item(ratio_cap=5, name="一般")], code="T-general")
    b.configure(capped, ratio_c_bp=500, ratio_d_bp=500)
    preview = services.population_preview(task=capped, actor=SYSTEM)
    full = next(s for s in preview.strata if s["name"] == "abnormal_list")
    assert full["probability"] == 1.0 and full["quota"] == 2


def test_preview_probabilities_follow_the_rounding_rule() -> None:
    b.entities(150, credit_risk="A")
    b.entities(7, credit_risk="D")
    t = b.task([b.item()])
    preview = services.population_preview(task=t, actor=SYSTEM)
    rows = {s["name"]: s for s in preview.strata}
    assert rows["A"]["quota"] == 2  # ceil(150 × 1 %)
    assert rows["D"]["quota"] == 3  # ceil(7 × 30 %)
    assert rows["B"]["probability"] is None  # empty stratum
    assert preview.total_quota == 5 and preview.population_size == 157


def test_months_before_clamps_to_the_month_end() -> None:
    moment = dt.datetime(2025, 3, 31, 10, tzinfo=dt.UTC)
    assert months_before(moment, 1) == dt.datetime(2025, 2, 28, 10, tzinfo=dt.UTC)
    assert months_before(moment, 12) == dt.datetime(2024, 3, 31, 10, tzinfo=dt.UTC)
