"""“Not the previous team” as a preference with a floor (domain brief: a local choice, default
on; it gives way when the pool is too small, recorded, and never blocks 直接委派).

Hand-made pools of one department, 市场局, whose teams need two law-enforcement officers. Every
expected team below is worked out from the rule in docs/draw-algorithm.md §6: a place is filled
without the rule only when no allowed person can fill it with the rule, in the entity's own
township and then each approved neighbour.
"""

from __future__ import annotations

from typing import Any

import pytest

from shuangsuiji.sampling import engine
from shuangsuiji.sampling.engine import MatchRules, MatchTarget, Officer

MARKET = "市场局"
SEED = "ab" * 32
VALID = "2027-06-30"


def officer(ref: str, area: str = "城关镇", **kw: Any) -> Officer:
    return Officer(ref, MARKET, valid_until=VALID, area=area, **kw)


def rules(rotation: str = engine.ROTATION_PREFER, **kw: Any) -> MatchRules:
    return MatchRules(lead_department=MARKET, window_end="2026-12-31", rotation=rotation, **kw)


def one_team(
    target: MatchTarget, people: list[Officer], match_rules: MatchRules
) -> tuple[list[str], str, bool]:
    (team,) = engine.match_teams([target], people, match_rules, SEED)
    return sorted(team.members), team.fallback, team.rotation_relaxed


PAIR = [officer("a"), officer("b")]
BACK_AGAIN = MatchTarget("E1", area="城关镇", previous=frozenset({"a", "b"}))


def test_a_two_officer_department_inspects_its_firm_again_and_says_so() -> None:
    """Both officers inspected E1 last round and nobody else exists: the team forms anyway."""
    assert one_team(BACK_AGAIN, PAIR, rules()) == (["a", "b"], engine.FALLBACK_NONE, True)


def test_the_hard_rule_leaves_the_same_firm_for_direct_assignment() -> None:
    """Re-checks keep the rule hard (nobody re-checks their own work): no team at all."""
    assert one_team(BACK_AGAIN, PAIR, rules(engine.ROTATION_HARD)) == (
        [],
        engine.FALLBACK_DIRECT,
        False,
    )


def test_with_the_rule_off_the_previous_team_is_an_ordinary_candidate() -> None:
    assert one_team(BACK_AGAIN, PAIR, rules(engine.ROTATION_OFF)) == (
        ["a", "b"],
        engine.FALLBACK_NONE,
        False,
    )


def test_a_pool_large_enough_keeps_the_rule_and_never_relaxes() -> None:
    people = [*PAIR, officer("c"), officer("d")]
    assert one_team(BACK_AGAIN, people, rules()) == (["c", "d"], engine.FALLBACK_NONE, False)


def test_only_the_place_nobody_else_can_fill_goes_to_the_previous_team() -> None:
    """c fills the first place under the rule; the second can only go to a or b."""
    members, fallback, relaxed = one_team(BACK_AGAIN, [*PAIR, officer("c")], rules())
    assert "c" in members and len(set(members) & {"a", "b"}) == 1
    assert (fallback, relaxed) == (engine.FALLBACK_NONE, True)


def test_without_a_previous_team_nothing_is_relaxed() -> None:
    assert one_team(MatchTarget("E1", area="城关镇"), PAIR, rules()) == (
        ["a", "b"],
        engine.FALLBACK_NONE,
        False,
    )


def test_回避_never_gives_way() -> None:
    """E1 registered 回避 for a; b was its previous team: b serves, the second place stays empty."""
    target = MatchTarget("E1", area="城关镇", conflicts=frozenset({"a"}), previous=frozenset({"b"}))
    assert one_team(target, PAIR, rules()) == (["b"], engine.FALLBACK_DIRECT, True)


def test_所所交叉_never_gives_way() -> None:
    """a works in E1's own township; b, its previous inspector, is the only one outside it."""
    target = MatchTarget("E1", area="城关镇", previous=frozenset({"b"}))
    people = [officer("a", "城关镇"), officer("b", "潭头镇")]
    assert one_team(target, people, rules(cross_area=True)) == (["b"], engine.FALLBACK_DIRECT, True)


LOCAL: dict[str, Any] = {"local_only": True, "adjacency": {"城关镇": ("潭头镇",)}}


def test_属地_an_approved_neighbour_comes_before_the_previous_team() -> None:
    """a (城关镇) inspected E1 last time; b is local, c works in the approved 潭头镇."""
    target = MatchTarget("E1", area="城关镇", previous=frozenset({"a"}))
    people = [officer("a"), officer("b"), officer("c", "潭头镇")]
    assert one_team(target, people, rules(**LOCAL)) == (
        ["b", "c"],
        engine.FALLBACK_ADJACENT,
        False,
    )


def test_属地_the_relaxed_place_looks_in_the_own_township_first() -> None:
    """Neither township has anyone new for the second place: a (城关镇) goes before c (潭头镇)."""
    target = MatchTarget("E1", area="城关镇", previous=frozenset({"a", "c"}))
    people = [officer("a"), officer("b"), officer("c", "潭头镇")]
    assert one_team(target, people, rules(**LOCAL)) == (["a", "b"], engine.FALLBACK_NONE, True)


def test_属地_a_relaxed_place_filled_by_the_neighbour_is_marked_both_ways() -> None:
    target = MatchTarget("E1", area="城关镇", previous=frozenset({"c"}))
    people = [officer("b"), officer("c", "潭头镇")]
    assert one_team(target, people, rules(**LOCAL)) == (
        ["b", "c"],
        engine.FALLBACK_ADJACENT,
        True,
    )


def test_属地_a_team_short_after_the_neighbour_and_the_relaxed_rule_awaits_direct_assignment() -> (
    None
):
    """Three places, nobody local: b (潭头镇) under the rule, c (潭头镇, previous) without it."""
    rule = rules(team_size=3, **LOCAL)
    target = MatchTarget("E1", area="城关镇", previous=frozenset({"c"}))
    people = [officer("b", "潭头镇"), officer("c", "潭头镇")]
    assert one_team(target, people, rule) == (["b", "c"], engine.FALLBACK_DIRECT, True)


EXPERT = Officer("e1", MARKET, kind=engine.EXPERT)


@pytest.mark.parametrize(
    ("rotation", "experts", "relaxed"),
    [
        (engine.ROTATION_PREFER, ["e1"], True),
        (engine.ROTATION_HARD, [], False),
        (engine.ROTATION_OFF, ["e1"], False),
    ],
)
def test_the_only_expert_of_last_round_is_sent_again_under_the_preference(
    rotation: str, experts: list[str], relaxed: bool
) -> None:
    target = MatchTarget("E1", area="城关镇", previous=frozenset({"e1"}))
    people = [officer("a"), officer("b"), EXPERT]
    (team,) = engine.match_teams([target], people, rules(rotation, experts=1), SEED)
    assert (sorted(team.members), team.experts, team.rotation_relaxed) == (
        ["a", "b"],
        experts,
        relaxed,
    )


def test_a_second_expert_is_new_when_one_exists() -> None:
    target = MatchTarget("E1", area="城关镇", previous=frozenset({"e1"}))
    people = [*PAIR, EXPERT, Officer("e2", MARKET, kind=engine.EXPERT)]
    (team,) = engine.match_teams([target], people, rules(experts=1), SEED)
    assert (team.experts, team.rotation_relaxed) == (["e2"], False)


def test_the_flag_is_per_team() -> None:
    """E1 needs its previous team back; E2, inspected by nobody before, does not."""
    targets = [BACK_AGAIN, MatchTarget("E2", area="城关镇")]
    teams = engine.match_teams(targets, PAIR, rules(), SEED)
    assert [t.rotation_relaxed for t in teams] == [True, False]
    assert [t.as_dict()["rotation_relaxed"] for t in teams] == [True, False]


def test_an_unknown_rotation_rule_is_refused() -> None:
    with pytest.raises(engine.DrawError, match="rotation must be one of prefer, off, hard"):
        rules("sometimes")


def test_the_rule_is_hard_unless_told_otherwise() -> None:
    """A rules object without the member is an ssj-draw/1 one, drawn under the hard rule."""
    assert MatchRules(lead_department=MARKET, window_end="2026-12-31").rotation == "hard"


# ---------------------------------------------------------------- the verifier's check


def problems(team: dict[str, Any], rotation: str, *, direct: bool = False) -> list[str]:
    target = MatchTarget("E1", area="城关镇", previous=frozenset({"a"}))
    people = {o.ref: o for o in PAIR}
    return engine.team_problems(team, target, people, rules(rotation), direct=direct)


@pytest.mark.parametrize(
    ("rotation", "relaxed", "expected"),
    [
        (engine.ROTATION_PREFER, True, []),
        (engine.ROTATION_PREFER, False, ["a 上一轮检查过该对象"]),
        (engine.ROTATION_OFF, False, []),
        (engine.ROTATION_HARD, False, ["a 上一轮检查过该对象"]),
        (
            engine.ROTATION_HARD,
            True,
            ["标记为放宽轮换，但本任务的轮换规则为“必须轮换”，不能放宽", "a 上一轮检查过该对象"],
        ),
        (
            engine.ROTATION_OFF,
            True,
            ["标记为放宽轮换，但本任务的轮换规则为“不要求轮换”，不能放宽"],
        ),
    ],
)
def test_a_team_holds_its_previous_inspector_only_when_marked_relaxed_under_the_preference(
    rotation: str, relaxed: bool, expected: list[str]
) -> None:
    team = {"members": ["a", "b"], "rotation_relaxed": relaxed}
    assert problems(team, rotation) == expected


def test_a_team_without_the_flag_counts_as_not_relaxed() -> None:
    assert problems({"members": ["a", "b"]}, engine.ROTATION_PREFER) == ["a 上一轮检查过该对象"]


@pytest.mark.parametrize("rotation", engine.ROTATIONS)
def test_a_direct_assignment_may_send_the_previous_inspector_whatever_the_rule(
    rotation: str,
) -> None:
    assert problems({"members": ["a", "b"]}, rotation, direct=True) == []


def test_属地_a_firm_without_a_township_uses_the_neighbours_listed_under_none() -> None:
    """Nobody without a township serves it; the office approved 潭头镇 for such firms."""
    rule = rules(local_only=True, adjacency={"": ("潭头镇",)})
    people = [officer("b", "潭头镇"), officer("c", "潭头镇")]
    target = MatchTarget("E1", area=None)
    assert one_team(target, people, rule) == (["b", "c"], engine.FALLBACK_ADJACENT, False)


def test_two_expert_places_the_second_relaxed_after_the_first_is_filled() -> None:
    """e1 is new to E1, e2 was there last time: e1 under the rule, then e2 without it."""
    target = MatchTarget("E1", area="城关镇", previous=frozenset({"e2"}))
    experts = [Officer("e1", MARKET, kind=engine.EXPERT), Officer("e2", MARKET, kind=engine.EXPERT)]
    (team,) = engine.match_teams([target], [*PAIR, *experts], rules(experts=2), SEED)
    assert (team.experts, team.rotation_relaxed) == (["e1", "e2"], True)


def test_two_new_experts_keep_the_rule() -> None:
    experts = [Officer(f"e{i}", MARKET, kind=engine.EXPERT) for i in (1, 2, 3)]
    target = MatchTarget("E1", area="城关镇", previous=frozenset({"e3"}))
    (team,) = engine.match_teams([target], [*PAIR, *experts], rules(experts=2), SEED)
    assert (sorted(team.experts), team.rotation_relaxed) == (["e1", "e2"], False)


@pytest.mark.parametrize("flag", [1, "true", None])
def test_only_the_boolean_true_counts_as_relaxed(flag: Any) -> None:
    assert problems({"members": ["a", "b"], "rotation_relaxed": flag}, engine.ROTATION_PREFER) == [
        "a 上一轮检查过该对象"
    ]


def test_an_expert_with_the_wanted_specialty_comes_first_whatever_the_rotation_rule() -> None:
    """The experts' own pool keeps the task's wanted specialties beside its rotation rule."""
    experts = [
        Officer(f"e{i}", MARKET, kind=engine.EXPERT, specialties=spec)
        for i, spec in enumerate([(), (), ("食品检验",), (), ()], start=1)
    ]
    rule = rules(experts=1, wanted_specialties=("食品检验",))
    for n in range(6):
        target = MatchTarget(f"E{n}", area="城关镇")
        (team,) = engine.match_teams([target], [*PAIR, *experts], rule, f"{n:02d}" * 32)
        assert team.experts == ["e3"]
