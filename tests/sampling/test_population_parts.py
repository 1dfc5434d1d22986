"""The small parts of the population module, each against values worked out by hand: a stratum's
spec for the engine, dates as SQLite returns them, percentages, the 一般 item's ratio cap, the
preview's quota rows."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.db.models import QuerySet

from shuangsuiji.common.errors import ServiceError
from shuangsuiji.sampling import population as pop
from shuangsuiji.sampling.models import DrawConfig, Selection
from shuangsuiji.sampling.population import Population, StratumSpec

GENERAL, KEY = "general", "key"


def item(name: str, cap: str | None, category: str = GENERAL) -> SimpleNamespace:
    return SimpleNamespace(
        name=name, category=category, ratio_cap=None if cap is None else Decimal(cap)
    )


def test_a_ratio_stratum_gives_the_engine_its_ratio_and_no_count() -> None:
    spec = StratumSpec("B", "信用风险B类", ratio_bp=200)
    assert spec.as_engine() == {"name": "B", "label": "信用风险B类", "ratio_bp": 200}


def test_a_count_stratum_gives_the_engine_its_count_and_no_ratio() -> None:
    spec = StratumSpec("C", "信用风险C类", ratio_bp=1000, count=3)
    assert spec.as_engine() == {"name": "C", "label": "信用风险C类", "count": 3}


def test_a_zero_count_is_still_a_count() -> None:
    assert StratumSpec("D", "D类", count=0).as_engine() == {"name": "D", "label": "D类", "count": 0}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2026, 5, 1), dt.date(2026, 5, 1)),
        ("2026-05-01", dt.date(2026, 5, 1)),
        ("2024-02-29", dt.date(2024, 2, 29)),
    ],
)
def test_dates_come_as_dates_or_as_sqlite_iso_strings(value: object, expected: dt.date) -> None:
    assert pop._as_date(value) == expected


def test_a_date_is_passed_through_untouched() -> None:
    day = dt.date(2026, 5, 1)
    assert pop._as_date(day) is day


@pytest.mark.parametrize(
    ("bp", "text"),
    [
        (100, "1%"),
        (150, "1.5%"),
        (1000, "10%"),
        (10_000, "100%"),
        (5, "0.05%"),
        (1250, "12.5%"),
        (333.3333, "3.33%"),
        (0, "0%"),
    ],
)
def test_percent_has_no_trailing_zeros(bp: float, text: str) -> None:
    assert pop.percent(bp) == text


def test_the_strictest_general_item_sets_the_cap() -> None:
    a, b, k = item("年报", "3"), item("广告", "1.5"), item("民爆", "0.5", KEY)
    assert pop.ratio_cap([a, b, k]) == (150, b)
    assert pop.ratio_cap([k, item("无上限", None)]) is None


def specs(**ratios: int) -> list[StratumSpec]:
    return [StratumSpec(n, f"{n}类", ratio_bp=bp) for n, bp in ratios.items()]


def test_a_ratio_at_the_cap_passes_and_one_basis_point_above_is_refused() -> None:
    cap = [item("广告发布", "2")]
    pop.check_ratio_cap(specs(A=100, B=200), cap)
    with pytest.raises(ServiceError) as refused:
        pop.check_ratio_cap(specs(A=100, B=201), cap)
    assert str(refused.value) == (
        "B类的抽取比例 2.01% 超过上限：抽查事项“广告发布”为一般检查事项，抽查比例上限为 2%。"
        "请调低该层比例。"
    )
    assert refused.value.field == "ratio_b"


def test_full_groups_may_exceed_the_cap() -> None:
    full = StratumSpec("abnormal_list", "经营异常名录", ratio_bp=10_000, full=True)
    pop.check_ratio_cap([full], [item("广告发布", "2")])


def test_no_general_item_means_no_cap() -> None:
    pop.check_ratio_cap(specs(A=10_000), [item("民爆", "1", KEY)])


def test_a_count_is_compared_as_its_share_of_the_stratum() -> None:
    cap = [item("广告发布", "2")]
    counted = [StratumSpec("C", "C类", count=2)]
    pop.check_ratio_cap(counted, cap, Counter(C=100))  # 2 of 100 = 2 %
    pop.check_ratio_cap(counted, cap)  # sizes not known yet: nothing to compare
    pop.check_ratio_cap(counted, cap, Counter(A=5))  # an empty stratum draws nobody
    with pytest.raises(ServiceError) as refused:
        pop.check_ratio_cap(counted, cap, Counter(C=99))
    assert str(refused.value) == (
        "C类抽取 2 户，占该层 99 户的 2.02%，超过上限：抽查事项“广告发布”为一般检查事项，"
        "抽查比例上限为 2%。请减少抽取户数。"
    )
    assert refused.value.field == "ratio_c"


def test_quota_rows_by_hand() -> None:
    # A 1 % of 250 = 2.5, rounded up to 3; C: a count of 2; 经营异常名录: all 4; D: empty.
    strata = [
        StratumSpec("A", "A类", ratio_bp=100),
        StratumSpec("C", "C类", count=2),
        StratumSpec("D", "D类", ratio_bp=3000),
        StratumSpec("abnormal_list", "经营异常名录", ratio_bp=10_000, full=True),
    ]
    p = Population([], {}, 0, [], strata, Counter(A=250, C=8, abnormal_list=4))
    assert pop.quota_rows(p) == [
        {
            "name": "A",
            "label": "A类",
            "full": False,
            "ratio_bp": 100,
            "count": None,
            "size": 250,
            "quota": 3,
            "probability": 3 / 250,
        },
        {
            "name": "C",
            "label": "C类",
            "full": False,
            "ratio_bp": None,
            "count": 2,
            "size": 8,
            "quota": 2,
            "probability": 0.25,
        },
        {
            "name": "D",
            "label": "D类",
            "full": False,
            "ratio_bp": 3000,
            "count": None,
            "size": 0,
            "quota": 0,
            "probability": None,
        },
        {
            "name": "abnormal_list",
            "label": "经营异常名录",
            "full": True,
            "ratio_bp": 10_000,
            "count": None,
            "size": 4,
            "quota": 4,
            "probability": 1.0,
        },
    ]


def test_a_registered_cap_merge_is_kept_under_its_name() -> None:
    def merge(
        year: int, exclude: int | None, counted: QuerySet[Selection] | None = None
    ) -> dict[int, int]:
        return {}

    before = dict(pop.CAP_MERGES)
    try:
        pop.register_cap_merge("test-merge", merge)
        assert pop.CAP_MERGES["test-merge"] is merge
    finally:
        pop.CAP_MERGES.clear()
        pop.CAP_MERGES.update(before)


def test_a_full_group_before_an_over_cap_stratum_does_not_end_the_check() -> None:
    full = StratumSpec("abnormal_list", "经营异常名录", ratio_bp=10_000, full=True)
    with pytest.raises(ServiceError, match="B类的抽取比例 5% 超过上限"):
        pop.check_ratio_cap([full, *specs(B=500)], [item("广告发布", "2")])


def test_a_counts_share_is_shown_to_two_decimals() -> None:
    # 1 of 3 is 33.33 %, over a 2 % cap.
    with pytest.raises(ServiceError, match=r"抽取 1 户，占该层 3 户的 33\.33%，超过上限"):
        pop.check_ratio_cap(
            [StratumSpec("C", "C类", count=1)], [item("广告发布", "2")], Counter(C=3)
        )


def test_strata_are_the_four_credit_classes_then_the_enabled_full_groups() -> None:
    config = DrawConfig(
        ratio_a_bp=100,
        ratio_b_bp=None,
        count_b=4,
        complaint_threshold=3,
        full_serious_dishonesty=True,
        full_abnormal=True,
        full_complaints=True,
        full_key_supervision=True,
    )
    got = pop.strata_specs(config)
    assert [(s.name, s.label, s.ratio_bp, s.count, s.full) for s in got] == [
        ("A", "A类（信用风险低）", 100, None, False),
        ("B", "B类（信用风险一般）", None, 4, False),
        ("C", "C类（信用风险较高）", config.ratio_c_bp, None, False),
        ("D", "D类（信用风险高）", config.ratio_d_bp, None, False),
        ("serious_dishonesty", "严重违法失信名单", 10_000, None, True),
        ("abnormal_list", "经营异常名录", 10_000, None, True),
        ("complaints", "投诉举报 ≥ 3 次", 10_000, None, True),
        ("key_supervision", "重点监管对象", 10_000, None, True),
    ]
    assert (config.ratio_c_bp, config.ratio_d_bp) == (1000, 3000)  # Henan's defaults
    config.full_abnormal = config.full_key_supervision = False
    names = [s.name for s in pop.strata_specs(config)]
    assert names == ["A", "B", "C", "D", "serious_dishonesty", "complaints"]


SHANGHAI = dt.timezone(dt.timedelta(hours=8))


@pytest.mark.parametrize(
    ("moment", "months", "start"),
    [
        (dt.datetime(2025, 5, 17, 10, 30, 5, 7, tzinfo=SHANGHAI), 1, (2025, 5, 1)),
        (dt.datetime(2025, 5, 17, 10, tzinfo=SHANGHAI), 3, (2025, 4, 1)),
        (dt.datetime(2025, 3, 31, 23, 59, tzinfo=SHANGHAI), 3, (2025, 1, 1)),
        (dt.datetime(2025, 12, 31, 23, tzinfo=SHANGHAI), 3, (2025, 10, 1)),
        (dt.datetime(2025, 6, 30, 12, tzinfo=SHANGHAI), 6, (2025, 1, 1)),
        (dt.datetime(2025, 7, 1, 0, tzinfo=SHANGHAI), 6, (2025, 7, 1)),
        (dt.datetime(2025, 11, 2, 9, tzinfo=SHANGHAI), 12, (2025, 1, 1)),
        # 2025-03-31 17:00 UTC is already 1 April in 栾川: the April period.
        (dt.datetime(2025, 3, 31, 17, tzinfo=dt.UTC), 1, (2025, 4, 1)),
        (dt.datetime(2025, 3, 31, 17, tzinfo=dt.UTC), 3, (2025, 4, 1)),
    ],
)
def test_a_period_starts_at_local_midnight_on_its_first_day(
    moment: dt.datetime, months: int, start: tuple[int, int, int]
) -> None:
    """抽查频次 periods are calendar months, quarters, half-years and years in 栾川's time."""
    got = pop.period_start(moment, months)
    assert got.utcoffset() == dt.timedelta(hours=8)
    assert got.replace(tzinfo=None) == dt.datetime(*start)


def test_the_cap_limits_tasks_with_a_general_item_unless_it_covers_key_items() -> None:
    general, key = item("广告", "3"), item("民爆", None, KEY)
    default, covering = DrawConfig(), DrawConfig(cap_key_items=True)
    assert pop.caps_task([general], default) and pop.caps_task([key, general], default)
    assert not pop.caps_task([key], default) and not pop.caps_task([], default)
    assert pop.caps_task([key], covering)


def test_over_cap_rows_by_hand() -> None:
    strata = [
        StratumSpec("A", "A类", ratio_bp=100),
        StratumSpec("serious_dishonesty", "严重违法失信名单", ratio_bp=10_000, full=True),
        StratumSpec("complaints", "投诉举报 ≥ 5 次", ratio_bp=10_000, full=True),
    ]
    p = Population([], {}, 0, [], strata, over_cap=Counter(complaints=3, A=0))
    task = SimpleNamespace(year=2025)
    rows = pop.over_cap_rows(p, task, DrawConfig(yearly_cap=4))  # type: ignore[arg-type]
    assert rows == [
        {
            "name": "complaints",
            "label": "投诉举报 ≥ 5 次",
            "count": 3,
            "reason": "2025年已被随机抽查4次，达到每户每年上限；属于投诉举报 ≥ 5 次，"
            "按工作方案三(一)加大检查频次，仍纳入名单",
        }
    ]


def test_a_registered_inspected_source_is_kept_under_its_name() -> None:
    def inspected(selections: Any, items: Any) -> Any:
        return selections

    before = dict(pop.INSPECTED)
    try:
        pop.register_inspected("test-inspected", inspected)
        assert pop.INSPECTED["test-inspected"] is inspected
    finally:
        pop.INSPECTED.clear()
        pop.INSPECTED.update(before)
