"""The draw engine at its edges: quota rules, the seed's two keys, empty and full strata,
batches, and each hard rule of a team with the reason it gives. Expected values by hand."""

from __future__ import annotations

import numpy as np
import pytest

from shuangsuiji.sampling import engine
from shuangsuiji.sampling.engine import MatchRules, MatchTarget, Officer

A, B = b"91410324000000001A", b"91410324000000002B"
C = b"91410324000000003C"


# ---------------------------------------------------------------- quota rules


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "stratum S: give exactly one of ratio_bp and count"),
        ({"ratio_bp": 100, "count": 1}, "stratum S: give exactly one of ratio_bp and count"),
        ({"ratio_bp": -1}, "stratum S: ratio_bp must be within 0..10000"),
        ({"ratio_bp": 10_001}, "stratum S: ratio_bp must be within 0..10000"),
        ({"count": -1}, "stratum S: count must not be negative"),
    ],
)
def test_a_stratum_rule_out_of_bounds_is_refused_with_its_reason(
    kwargs: dict[str, int], message: str
) -> None:
    with pytest.raises(engine.DrawError) as caught:
        engine.StratumRule("S", **kwargs)
    assert str(caught.value) == message


@pytest.mark.parametrize("kwargs", [{"ratio_bp": 0}, {"ratio_bp": 10_000}, {"count": 0}])
def test_the_bounds_themselves_are_accepted(kwargs: dict[str, int]) -> None:
    rule = engine.StratumRule("S", **kwargs)
    assert (rule.ratio_bp, rule.count) == (kwargs.get("ratio_bp"), kwargs.get("count"))


# ---------------------------------------------------------------- the seed's keys


def test_targets_take_the_first_16_seed_bytes_and_batches_the_last_16_little_endian() -> None:
    seed = "01" + "00" * 14 + "02" + "03" + "00" * 15
    assert engine.stream_key(seed, 0) == 1 + 2 * 256**15
    assert engine.stream_key(seed, 1) == 3


@pytest.mark.parametrize("seed", ["00" * 31, "00" * 33, ""])
def test_a_seed_of_other_than_32_bytes_is_refused(seed: str) -> None:
    with pytest.raises(engine.DrawError) as caught:
        engine.stream_key(seed, 0)
    assert str(caught.value) == "the seed must be 32 bytes (64 hex digits)"


# ---------------------------------------------------------------- selecting rows


def select(codes: list[bytes], strata: list[int], quotas: list[int]) -> list[int]:
    picked = engine.select_indices(
        np.asarray(codes, dtype="S18"), np.asarray(strata, dtype=np.int32), quotas, "5c" * 32
    )
    return picked.tolist()


def test_a_zero_quota_takes_nobody_from_its_stratum() -> None:
    assert select([A, B, C], [0, 0, 0], [0]) == []
    assert select([A, B, C], [0, 0, 1], [0, 1]) == [2]


def test_a_quota_equal_to_the_stratum_takes_all_of_it() -> None:
    assert select([A, B, C], [0, 0, 0], [3]) == [0, 1, 2]
    assert select([A, B, C], [1, 0, 1], [1, 2]) == [0, 1, 2]


def test_a_quota_above_the_stratum_size_is_refused() -> None:
    with pytest.raises(engine.DrawError) as caught:
        select([A, B, C], [0, 0, 1], [3, 1])
    assert str(caught.value) == "stratum 0: quota 3 exceeds its 2 entities"


@pytest.mark.parametrize("codes", [[A, A], [B, A], [A, C, B]])
def test_repeated_or_unsorted_codes_are_refused(codes: list[bytes]) -> None:
    with pytest.raises(engine.DrawError) as caught:
        select(codes, [0] * len(codes), [1])
    assert str(caught.value) == "the population must be sorted by code with no repeats"


def test_a_single_row_population_is_in_order() -> None:
    assert select([B], [0], [1]) == [0]


# ---------------------------------------------------------------- batches


def test_no_selected_entity_gives_no_batch() -> None:
    assert engine.batch_order([], "00" * 32, 0) == []


@pytest.mark.parametrize("size", [0, -1])
def test_a_batch_size_below_one_is_refused(size: int) -> None:
    with pytest.raises(engine.DrawError) as caught:
        engine.batch_order(["X"], "00" * 32, size)
    assert str(caught.value) == "batch_size must be at least 1"


def test_five_codes_in_batches_of_two_are_two_two_and_one_holding_each_once() -> None:
    codes = ["E", "C", "A", "D", "B"]
    batches = engine.batch_order(codes, "ab" * 32, 2)
    assert [len(b) for b in batches] == [2, 2, 1]
    assert sorted(c for b in batches for c in b) == ["A", "B", "C", "D", "E"]
    assert engine.batch_order(codes, "ab" * 32, 1) == [[c] for b in batches for c in b]


# ---------------------------------------------------------------- a person's eligibility

RULES = MatchRules(
    lead_department="市场局", window_end="2026-12-31", partner_departments=("卫健委",)
)


def officer(**changes: object) -> Officer:
    base: dict[str, object] = {
        "ref": "p1",
        "department": "市场局",
        "valid_until": "2027-06-30",
        "area": "城关镇",
    }
    return Officer(**{**base, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({}, None),
        ({"department": "卫健委"}, None),  # a partner department counts
        ({"valid_until": "2026-12-31"}, None),  # valid on the window's last day
        ({"valid_until": "2026-12-30"}, "执法证在检查期内失效"),
        ({"valid_until": None}, "执法证在检查期内失效"),
        ({"kind": engine.EXPERT}, "专家不计入执法人员"),
        ({"status": "on_leave"}, "不在岗"),
        ({"department": "应急局"}, "不属于本任务的部门"),
    ],
)
def test_who_may_be_a_law_enforcement_member(
    changes: dict[str, object], problem: str | None
) -> None:
    assert engine.officer_problem(officer(**changes), RULES) == problem


@pytest.mark.parametrize(
    ("target", "cross_area", "problem"),
    [
        (MatchTarget("E1", area="城关镇"), False, None),
        (MatchTarget("E1", area="城关镇", conflicts=frozenset({"p1"})), False, "登记了回避"),
        (MatchTarget("E1", area="城关镇", previous=frozenset({"p1"})), False, "上一轮检查过该对象"),
        (MatchTarget("E1", area="城关镇"), True, "所所交叉：不得检查本乡镇的对象"),
        (MatchTarget("E1", area="庙子镇"), True, None),
    ],
)
def test_per_entity_rules_name_what_they_break(
    target: MatchTarget, cross_area: bool, problem: str | None
) -> None:
    rules = MatchRules(lead_department="市场局", window_end="2026-12-31", cross_area=cross_area)
    assert engine.member_problem(officer(), target, rules) == problem


def test_cross_area_does_not_apply_to_a_person_without_a_township() -> None:
    rules = MatchRules(lead_department="市场局", window_end="2026-12-31", cross_area=True)
    assert (
        engine.member_problem(officer(area=None), MatchTarget("E1", area="城关镇"), rules) is None
    )


@pytest.mark.parametrize(
    ("team_size", "partners", "expected"),
    [(1, (), 2), (2, (), 2), (3, (), 3), (2, ("卫健委", "应急局"), 3)],
)
def test_a_team_has_at_least_two_and_one_per_department(
    team_size: int, partners: tuple[str, ...], expected: int
) -> None:
    rules = MatchRules(
        lead_department="市场局",
        window_end="2026-12-31",
        team_size=team_size,
        partner_departments=partners,
    )
    assert rules.min_size() == expected


# ---------------------------------------------------------------- ties and rounding


def fixed_keys(monkeypatch: pytest.MonkeyPatch, keys: list[int]) -> None:
    """Give the rows chosen keys: ties never happen in 64-bit Philox output, but the rule
    for them (the smaller code wins) is part of the specification."""
    monkeypatch.setattr(engine, "stream", lambda seed, part, n: np.asarray(keys, dtype=np.uint64))


@pytest.mark.parametrize(
    ("keys", "quota", "expected"),
    [
        ([5, 3, 3, 3], 2, [1, 2]),  # three tie at the cut: the two smaller codes
        ([1, 3, 3, 3], 3, [0, 1, 2]),  # one below the cut, then two of the tied
        ([9, 1, 8, 2, 7], 3, [1, 3, 4]),  # no tie: keys 1, 2 and 7
        ([4, 4], 1, [0]),
    ],
)
def test_a_tie_at_the_cut_goes_to_the_smaller_code(
    monkeypatch: pytest.MonkeyPatch, keys: list[int], quota: int, expected: list[int]
) -> None:
    fixed_keys(monkeypatch, keys)
    codes = [f"91410324{i:08d}0{i}".encode()[:18].ljust(18, b"0") for i in range(len(keys))]
    assert select(sorted(codes), [0] * len(keys), [quota]) == expected


def test_no_selection_is_still_an_index_array() -> None:
    picked = engine.select_indices(
        np.asarray([A, B], dtype="S18"), np.zeros(2, dtype=np.int32), [0], "00" * 32
    )
    assert picked.dtype == np.intp
    assert np.asarray(["a", "b"])[picked].tolist() == []


def test_a_ratio_that_divides_exactly_is_not_rounded_up_further() -> None:
    # 20002 × 50 % = 10001 exactly: no rounding up to 10002, and not 10000 either.
    rule = engine.StratumRule("S", ratio_bp=5000)
    assert engine.quota_for(20002, rule) == 10001
    assert engine.quota_for(20003, rule) == 10002  # 10001.5 rounds up
