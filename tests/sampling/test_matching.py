"""Inspector matching: hard rules always hold, fallbacks only when needed, both implementations."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuangsuiji.sampling import engine
from shuangsuiji.sampling.engine import MatchRules, MatchTarget, Officer

from . import plain_engine as plain
from .vector_inputs import code

AREAS = ["城关镇", "潭头镇", "三川镇", "冷水镇"]
DEPTS = ["D01", "D12", "D18"]


# ---------------------------------------------------------------- the rules, written out again
# Independent of engine.officer_problem / member_problem / team_problems: the domain's rules as
# plain predicates over the scenario (行政处罚法 第四十二条: at least two officers with a valid
# 执法证; experts assist and never count; 回避; 在岗 only; seed 三(二): 所所交叉 and 属地).


def task_departments(rules: MatchRules) -> list[str]:
    return [rules.lead_department, *rules.partner_departments]


def team_size(rules: MatchRules) -> int:
    """Never fewer than two officers, and one at least from every department of the task."""
    return max(rules.team_size, 2, len(task_departments(rules)))


def counts_as_officer(o: Officer, rules: MatchRules) -> bool:
    """A law-enforcement officer 在岗 whose card is valid through the window's last day."""
    return (
        o.kind == "law_enforcement"
        and o.status == "on_duty"
        and o.valid_until is not None
        and dt.date.fromisoformat(o.valid_until) >= dt.date.fromisoformat(rules.window_end)
        and o.department in task_departments(rules)
    )


def may_inspect(o: Officer, target: MatchTarget, rules: MatchRules, relaxed: bool = False) -> bool:
    """Not 回避, not the entity's previous team (unless the rule is off, or a preference the
    team gave up), and under 所所交叉 not its own township."""
    rotation_binds = rules.rotation == "hard" or (rules.rotation == "prefer" and not relaxed)
    if o.ref in target.conflicts or (rotation_binds and o.ref in target.previous):
        return False
    return not (rules.cross_area and o.area is not None and o.area == target.area)


def rotation_breaches(team: engine.Team, target: MatchTarget, rules: MatchRules) -> list[str]:
    """Under the preference a team is marked relaxed exactly when it holds someone of the
    previous team (a person is only taken against the rule when nobody else could be)."""
    from_previous = any(r in target.previous for r in [*team.members, *team.experts])
    if rules.rotation == "prefer" and team.rotation_relaxed != from_previous:
        return [f"rotation_relaxed {team.rotation_relaxed}, previous members {from_previous}"]
    if rules.rotation != "prefer" and team.rotation_relaxed:
        return ["rotation relaxed without the preference"]
    return []


def breaches(
    team: engine.Team, target: MatchTarget, officers: list[Officer], rules: MatchRules
) -> list[str]:
    """Every hard rule the team breaks, in words."""
    people = {o.ref: o for o in officers}
    found: list[str] = []
    short = team.fallback == "direct_assignment_required"
    if len(set(team.members)) != len(team.members):
        found.append("duplicate member")
    for ref in team.members:
        o = people[ref]
        if not counts_as_officer(o, rules):
            found.append(f"{ref} does not count as an officer")
        if not may_inspect(o, target, rules, team.rotation_relaxed):
            found.append(f"{ref} may not inspect {target.uscc}")
    if short:
        if len(team.members) >= team_size(rules) and {
            people[r].department for r in team.members
        } >= set(task_departments(rules)):
            found.append("marked short but full")
    else:
        if len(team.members) != team_size(rules):
            found.append(f"{len(team.members)} members instead of {team_size(rules)}")
        for d in task_departments(rules):
            if not any(people[r].department == d for r in team.members):
                found.append(f"no officer of {d}")
    if rules.local_only:
        allowed = {target.area}
        if team.fallback in {"adjacent_area", "direct_assignment_required"}:
            allowed |= set(rules.adjacency.get(target.area or "", ()))
        found += [
            f"{r} from another township" for r in team.members if people[r].area not in allowed
        ]
    elif team.fallback == "adjacent_area":
        found.append("adjacent fallback without 属地")
    if len(team.experts) > rules.experts or len(set(team.experts)) != len(team.experts):
        found.append("experts beyond the task's number")
    for ref in team.experts:
        o = people[ref]
        if (
            o.kind != "expert"
            or o.status != "on_duty"
            or o.department not in task_departments(rules)
        ):
            found.append(f"{ref} is not an expert of the task")
        if ref in target.conflicts:
            found.append(f"expert {ref} has a 回避")
        if rules.rotation == "hard" and ref in target.previous:
            found.append(f"expert {ref} was on the previous team")
    return found + rotation_breaches(team, target, rules)


@st.composite
def scenarios(draw: st.DrawFn):
    n = draw(st.integers(0, 18))
    officers = [
        Officer(
            ref=f"P{i:03d}",
            department=draw(st.sampled_from(DEPTS)),
            kind=draw(st.sampled_from(["law_enforcement"] * 5 + ["expert"])),
            status=draw(st.sampled_from(["on_duty"] * 6 + ["retired", "transferred"])),
            valid_until=draw(st.sampled_from(["2026-12-31", "2027-06-30", "2025-01-31"])),
            area=draw(st.sampled_from([*AREAS, None])),
            specialties=tuple(
                draw(st.lists(st.sampled_from(["食品", "特设", "环保"]), max_size=2))
            ),
        )
        for i in range(n)
    ]
    refs = [o.ref for o in officers]
    targets = [
        MatchTarget(
            uscc=code(1000 + i),
            area=draw(st.sampled_from(AREAS)),
            conflicts=frozenset(draw(st.lists(st.sampled_from(refs), max_size=3)) if refs else []),
            previous=frozenset(draw(st.lists(st.sampled_from(refs), max_size=2)) if refs else []),
        )
        for i in range(draw(st.integers(1, 12)))
    ]
    partners = draw(st.sampled_from([(), ("D18",), ("D12", "D18")]))
    local_only = draw(st.booleans())
    rules = MatchRules(
        lead_department="D01",
        partner_departments=partners,
        window_end="2026-06-30",
        team_size=draw(st.integers(2, 3)),
        experts=draw(st.integers(0, 1)),
        cross_area=(not local_only) and draw(st.booleans()),
        local_only=local_only,
        per_inspector_cap=draw(st.sampled_from([None, 2, 4])),
        wanted_specialties=tuple(draw(st.lists(st.sampled_from(["食品", "环保"]), max_size=1))),
        adjacency={"城关镇": ("潭头镇",), "潭头镇": ("城关镇", "三川镇")} if local_only else {},
        rotation=draw(st.sampled_from(engine.ROTATIONS)),
    )
    seed = draw(st.binary(min_size=32, max_size=32)).hex()
    return officers, targets, rules, seed


def _plain_inputs(officers, targets, rules):
    people = [
        {
            "ref": o.ref,
            "department": o.department,
            "kind": o.kind,
            "status": o.status,
            "valid_until": o.valid_until,
            "area": o.area,
            "specialties": list(o.specialties),
        }
        for o in officers
    ]
    goals = [
        {"uscc": t.uscc, "area": t.area, "conflicts": t.conflicts, "previous": t.previous}
        for t in targets
    ]
    plain_rules = {
        "lead_department": rules.lead_department,
        "partner_departments": list(rules.partner_departments),
        "team_size": rules.team_size,
        "experts": rules.experts,
        "cross_area": rules.cross_area,
        "local_only": rules.local_only,
        "per_inspector_cap": rules.per_inspector_cap,
        "wanted_specialties": list(rules.wanted_specialties),
        "window_end": rules.window_end,
        "adjacency": {k: list(v) for k, v in rules.adjacency.items()},
        "rotation": rules.rotation,
    }
    return goals, people, plain_rules


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_every_team_keeps_every_hard_rule(case) -> None:
    officers, targets, rules, seed = case
    teams = engine.match_teams(targets, officers, rules, seed)
    assert [t.uscc for t in teams] == [t.uscc for t in targets]
    for team, target in zip(teams, targets, strict=True):
        assert breaches(team, target, officers, rules) == []
    if rules.per_inspector_cap is not None:
        load = Counter(r for t in teams for r in t.members)
        assert max(load.values(), default=0) <= rules.per_inspector_cap


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_plain_implementation_matches_the_engine(case) -> None:
    officers, targets, rules, seed = case
    teams = [t.as_dict() for t in engine.match_teams(targets, officers, rules, seed)]
    assert plain.match(*_plain_inputs(officers, targets, rules), seed) == teams


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_a_team_is_short_only_when_the_pool_cannot_fill_it(case) -> None:
    officers, targets, rules, seed = case
    if rules.per_inspector_cap is not None or rules.local_only:
        rules = MatchRules(
            lead_department=rules.lead_department,
            partner_departments=rules.partner_departments,
            window_end=rules.window_end,
            team_size=rules.team_size,
            cross_area=rules.cross_area,
            rotation=rules.rotation,
        )
    teams = engine.match_teams(targets, officers, rules, seed)
    for team, target in zip(teams, targets, strict=True):
        # Under the preference a team is short only when even the previous team cannot help.
        allowed = [
            o
            for o in officers
            if counts_as_officer(o, rules) and may_inspect(o, target, rules, relaxed=True)
        ]
        feasible = len(allowed) >= team_size(rules) and all(
            any(o.department == d for o in allowed) for d in task_departments(rules)
        )
        assert (team.fallback == engine.FALLBACK_DIRECT) == (not feasible)
        assert team.fallback != engine.FALLBACK_ADJACENT


def test_workload_is_balanced_and_pairs_rotate() -> None:
    officers = [
        Officer(ref=f"P{i}", department="D01", valid_until="2027-12-31", area=AREAS[i % 4])
        for i in range(6)
    ]
    targets = [MatchTarget(uscc=code(i), area="城关镇") for i in range(1, 31)]
    rules = MatchRules(lead_department="D01", window_end="2026-12-31")
    teams = engine.match_teams(targets, officers, rules, "ab" * 32)
    load = Counter(r for t in teams for r in t.members)
    assert set(load.values()) == {10}  # 60 places over 6 people
    pairs = Counter(frozenset(t.members) for t in teams)
    assert len(pairs) >= 12  # of the 15 possible pairs
    assert max(pairs.values()) <= 4


def test_specialists_first() -> None:
    officers = [
        Officer(ref=f"P{i}", department="D01", valid_until="2027-12-31", specialties=spec)
        for i, spec in enumerate([("食品",), ("食品",), ("特设",), ("特设",)])
    ]
    rules = MatchRules(lead_department="D01", window_end="2026-12-31", wanted_specialties=("食品",))
    team = engine.match_teams([MatchTarget(uscc=code(1))], officers, rules, "cd" * 32)[0]
    assert sorted(team.members) == ["P0", "P1"]


def test_local_pool_falls_back_to_adjacent_township_then_to_direct_assignment() -> None:
    officers = [
        Officer(ref="P0", department="D01", valid_until="2027-12-31", area="城关镇"),
        Officer(ref="P1", department="D01", valid_until="2027-12-31", area="潭头镇"),
    ]
    rules = MatchRules(
        lead_department="D01",
        window_end="2026-12-31",
        local_only=True,
        adjacency={"城关镇": ("潭头镇",)},
    )
    teams = engine.match_teams(
        [MatchTarget(uscc=code(1), area="城关镇"), MatchTarget(uscc=code(2), area="三川镇")],
        officers,
        rules,
        "ef" * 32,
    )
    assert (sorted(teams[0].members), teams[0].fallback) == (["P0", "P1"], "adjacent_area")
    assert (teams[1].members, teams[1].fallback) == ([], "direct_assignment_required")


def _excluded_one_way_each() -> list[Officer]:
    """P4 and P8 are the only two who may inspect code(1) in 城关镇 under 所所交叉."""
    ok = "2027-12-31"
    return [
        Officer(ref="P0", department="D01", kind="expert", valid_until=None, area="潭头镇"),
        Officer(ref="P1", department="D01", status="retired", valid_until=ok, area="潭头镇"),
        Officer(ref="P2", department="D01", status="transferred", valid_until=ok, area="潭头镇"),
        Officer(ref="P3", department="D01", valid_until="2026-06-29", area="潭头镇"),
        Officer(ref="P4", department="D01", valid_until="2026-06-30", area="三川镇"),
        Officer(ref="P5", department="D01", valid_until=ok, area="潭头镇"),  # 回避
        Officer(ref="P6", department="D01", valid_until=ok, area="冷水镇"),  # previous team
        Officer(ref="P7", department="D01", valid_until=ok, area="城关镇"),  # own township
        Officer(ref="P8", department="D01", valid_until=ok, area="潭头镇"),
        Officer(ref="P9", department="D99", valid_until=ok, area="潭头镇"),  # not the task's
    ]


TARGET = MatchTarget(
    uscc=code(1), area="城关镇", conflicts=frozenset({"P5"}), previous=frozenset({"P6"})
)
CROSS = MatchRules(lead_department="D01", window_end="2026-06-30", cross_area=True)


@pytest.mark.parametrize("seed", ["00" * 32, "ab" * 32, "5c" * 32])
def test_only_on_duty_officers_with_a_card_through_the_window_and_no_conflict_are_picked(
    seed: str,
) -> None:
    # A card ending on the window's last day (P4) is valid; one ending the day before (P3)
    # is not. Experts, 退休, 调出, 回避, last round's team, the own township and another
    # department's officer are all left out, whatever the seed.
    [team] = engine.match_teams([TARGET], _excluded_one_way_each(), CROSS, seed)
    assert (sorted(team.members), team.experts, team.fallback) == (["P4", "P8"], [], "")


def test_a_third_place_nobody_may_fill_leaves_the_team_for_direct_assignment() -> None:
    rules = MatchRules(lead_department="D01", window_end="2026-06-30", cross_area=True, team_size=3)
    [team] = engine.match_teams([TARGET], _excluded_one_way_each(), rules, "ab" * 32)
    assert (sorted(team.members), team.fallback) == (["P4", "P8"], "direct_assignment_required")


def test_the_expert_comes_on_top_of_the_two_officers() -> None:
    rules = MatchRules(lead_department="D01", window_end="2026-06-30", cross_area=True, experts=1)
    [team] = engine.match_teams([TARGET], _excluded_one_way_each(), rules, "ab" * 32)
    assert (sorted(team.members), team.experts) == (["P4", "P8"], ["P0"])


def test_a_joint_team_has_one_officer_of_each_department() -> None:
    officers = [
        *_excluded_one_way_each(),
        Officer(ref="Q1", department="D18", valid_until="2027-12-31", area="城关镇"),  # own town
        Officer(ref="Q2", department="D18", valid_until="2027-12-31", area="三川镇"),
    ]
    rules = MatchRules(
        lead_department="D01",
        partner_departments=("D18",),
        window_end="2026-06-30",
        cross_area=True,
    )
    for seed in ("00" * 32, "ab" * 32, "5c" * 32):
        [team] = engine.match_teams([TARGET], officers, rules, seed)
        assert len(team.members) == 2 and "Q2" in team.members, seed
        assert set(team.members) - {"Q2"} <= {"P4", "P8"}, seed


def test_the_previous_team_blocks_a_drawn_team_but_never_a_direct_assignment() -> None:
    # The domain brief: not the same firm two rounds running is a rotation preference; it
    # never blocks 直接委派. 回避 still does.
    people = {o.ref: o for o in _excluded_one_way_each()}
    with_previous = {"members": ["P6", "P8"], "experts": [], "fallback": ""}
    drawn = engine.team_problems(with_previous, TARGET, people, CROSS)
    assert drawn == ["P6 上一轮检查过该对象"]
    assert engine.team_problems(with_previous, TARGET, people, CROSS, direct=True) == []
    with_conflict = {"members": ["P5", "P8"], "experts": []}
    direct = engine.team_problems(with_conflict, TARGET, people, CROSS, direct=True)
    assert direct == ["P5 登记了回避"]
