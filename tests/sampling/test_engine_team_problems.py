"""The verifier's check of one team, rule by rule, on a hand-made pool of six people.

市场局 leads and 卫健委 partners, so a team needs two law-enforcement members, one of each.
p1 and p2 work in 城关镇, p3 and p4 in 庙子镇; e1 is an expert; x1 has retired.
"""

from __future__ import annotations

from typing import Any

import pytest

from shuangsuiji.sampling import engine
from shuangsuiji.sampling.engine import MatchRules, MatchTarget, Officer

MARKET, HEALTH = "市场局", "卫健委"
PEOPLE = {
    o.ref: o
    for o in [
        Officer("p1", MARKET, valid_until="2027-06-30", area="城关镇"),
        Officer("p2", HEALTH, valid_until="2027-06-30", area="城关镇"),
        Officer("p3", MARKET, valid_until="2027-06-30", area="庙子镇"),
        Officer("p4", HEALTH, valid_until="2027-06-30", area="庙子镇"),
        Officer("e1", MARKET, kind=engine.EXPERT),
        Officer("x1", MARKET, status="retired", valid_until="2027-06-30", area="城关镇"),
    ]
}
RULES = MatchRules(lead_department=MARKET, window_end="2026-12-31", partner_departments=(HEALTH,))
LOCAL = MatchRules(
    lead_department=MARKET,
    window_end="2026-12-31",
    partner_departments=(HEALTH,),
    local_only=True,
    adjacency={"城关镇": ("庙子镇",)},
)
HERE = MatchTarget("E1", area="城关镇")
NOT_LOCAL = "p3 不属于该对象所在乡镇或获批的相邻乡镇"


def problems(
    team: dict[str, Any],
    rules: MatchRules = RULES,
    target: MatchTarget = HERE,
    *,
    direct: bool = False,
) -> list[str]:
    return engine.team_problems(team, target, PEOPLE, rules, direct=direct)


@pytest.mark.parametrize(
    ("team", "expected"),
    [
        ({"members": ["p1", "p2"], "experts": ["e1"]}, []),
        ({"members": ["p2", "p1"]}, []),  # no experts key: none to check
        ({"members": ["p1", "p1", "p2"]}, ["同一人重复"]),
        ({"members": ["p1", "zz"]}, ["zz 不在人员名单中", f"缺少 {HEALTH} 的执法人员"]),
        ({"members": ["p1"]}, ["执法人员少于 2 人", f"缺少 {HEALTH} 的执法人员"]),
        ({"members": ["p2", "p4"]}, [f"缺少 {MARKET} 的执法人员"]),
        ({"members": ["p1", "p2"], "experts": ["p3"]}, ["p3 不是专家"]),
        ({"members": ["p1", "p2"], "experts": ["ghost"]}, ["ghost 不是专家"]),
        # An unknown person does not stop the check of the ones after it.
        (
            {"members": ["zz", "p1", "x1"]},
            ["zz 不在人员名单中", "x1 不在岗", f"缺少 {HEALTH} 的执法人员"],
        ),
    ],
)
def test_each_broken_rule_is_named(team: dict[str, Any], expected: list[str]) -> None:
    assert problems(team) == expected


def test_a_team_the_draw_left_for_direct_assignment_may_be_short() -> None:
    short = {"members": ["p1"], "fallback": engine.FALLBACK_DIRECT}
    assert problems(short) == []
    # An admin's direct assignment is checked in full, whatever the draw said.
    assert problems(short, direct=True) == ["执法人员少于 2 人", f"缺少 {HEALTH} 的执法人员"]


def test_the_previous_inspector_blocks_a_drawn_team_but_not_a_direct_assignment() -> None:
    target = MatchTarget("E1", area="城关镇", previous=frozenset({"p1"}))
    team = {"members": ["p1", "p2"]}
    assert problems(team, target=target) == ["p1 上一轮检查过该对象"]
    assert problems(team, target=target, direct=True) == []


@pytest.mark.parametrize(
    ("fallback", "expected"),
    [
        (engine.FALLBACK_NONE, [NOT_LOCAL]),  # a full team stays in its own township
        (engine.FALLBACK_ADJACENT, []),  # the approved neighbour may help
        (engine.FALLBACK_DIRECT, []),  # a short team may hold adjacent members too
    ],
)
def test_local_teams_stay_in_the_township_or_its_approved_neighbour(
    fallback: str, expected: list[str]
) -> None:
    assert problems({"members": ["p3", "p2"], "fallback": fallback}, LOCAL) == expected


def test_a_team_without_a_fallback_key_counts_as_full() -> None:
    assert problems({"members": ["p3", "p2"]}, LOCAL) == [NOT_LOCAL]


def test_a_direct_assignment_overrides_the_township_rule() -> None:
    assert problems({"members": ["p3", "p4"]}, LOCAL, direct=True) == []


def test_a_neighbour_outside_the_approved_list_is_refused_even_as_a_fallback() -> None:
    rules = MatchRules(
        lead_department=MARKET,
        window_end="2026-12-31",
        partner_departments=(HEALTH,),
        local_only=True,
        adjacency={"城关镇": ("潭头镇",)},
    )
    team = {"members": ["p3", "p2"], "fallback": engine.FALLBACK_ADJACENT}
    assert problems(team, rules) == [NOT_LOCAL]


def test_an_entity_without_a_township_uses_the_neighbours_listed_under_none() -> None:
    rules = MatchRules(
        lead_department=MARKET,
        window_end="2026-12-31",
        partner_departments=(HEALTH,),
        local_only=True,
        adjacency={"": ("庙子镇",)},
    )
    team = {"members": ["p3", "p4"], "fallback": engine.FALLBACK_ADJACENT}
    assert problems(team, rules, MatchTarget("E1", area=None)) == []


def test_an_unknown_member_of_a_local_team_is_named_not_a_crash() -> None:
    team = {"members": ["zz", "p1", "p2"]}
    assert problems(team, LOCAL) == ["zz 不在人员名单中"]


def test_a_township_with_no_approved_neighbour_allows_only_itself() -> None:
    target = MatchTarget("E1", area="潭头镇")
    team = {"members": ["p1", "p2"], "fallback": engine.FALLBACK_ADJACENT}
    assert problems(team, LOCAL, target) == [
        "p1 不属于该对象所在乡镇或获批的相邻乡镇",
        "p2 不属于该对象所在乡镇或获批的相邻乡镇",
    ]
