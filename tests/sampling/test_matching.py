"""Inspector matching: hard rules always hold, fallbacks only when needed, both implementations."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from shuangsuiji.sampling import engine
from shuangsuiji.sampling.engine import MatchRules, MatchTarget, Officer

from . import plain_engine as plain
from .vector_inputs import code

AREAS = ["城关镇", "潭头镇", "三川镇", "冷水镇"]
DEPTS = ["D01", "D12", "D18"]


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
    }
    return goals, people, plain_rules


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_every_team_keeps_every_hard_rule(case) -> None:
    officers, targets, rules, seed = case
    teams = engine.match_teams(targets, officers, rules, seed)
    people = {o.ref: o for o in officers}
    for team, target in zip(teams, targets, strict=True):
        assert team.uscc == target.uscc
        assert engine.team_problems(team.as_dict(), target, people, rules) == []
        assert all(people[r].kind == engine.EXPERT for r in team.experts)
        assert not set(team.experts) & target.conflicts
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
        )
    teams = engine.match_teams(targets, officers, rules, seed)
    for team, target in zip(teams, targets, strict=True):
        allowed = [
            o
            for o in officers
            if engine.officer_problem(o, rules) is None
            and engine.member_problem(o, target, rules) is None
        ]
        feasible = len(allowed) >= rules.min_size() and all(
            any(o.department == d for o in allowed) for d in rules.departments()
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
