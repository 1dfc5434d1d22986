"""Reading a record's matching inputs back (what the verifier recomputes from): every rule,
officer field and target set as written, and the documented defaults for a key left out."""

from __future__ import annotations

from shuangsuiji.sampling import engine
from shuangsuiji.sampling.engine import MatchRules, MatchTarget, Officer
from shuangsuiji.sampling.record import officers_from, rules_from, targets_from, township_of


def test_every_rule_is_read_as_written() -> None:
    inputs = {
        "rules": {
            "lead_department": "SCJG",
            "window_end": "2025-10-31",
            "partner_departments": ["WJW", "YJJ"],
            "team_size": 3,
            "experts": 1,
            "cross_area": True,
            "local_only": True,
            "per_inspector_cap": 4,
            "wanted_specialties": ["食品"],
            "adjacency": {"城关镇": ["潭头镇", "庙子镇"]},
        }
    }
    assert rules_from(inputs) == MatchRules(
        lead_department="SCJG",
        window_end="2025-10-31",
        partner_departments=("WJW", "YJJ"),
        team_size=3,
        experts=1,
        cross_area=True,
        local_only=True,
        per_inspector_cap=4,
        wanted_specialties=("食品",),
        adjacency={"城关镇": ("潭头镇", "庙子镇")},
    )


def test_rules_left_out_take_the_documented_defaults() -> None:
    r = rules_from({"rules": {"lead_department": "SCJG", "window_end": "2025-10-31"}})
    assert (
        r.partner_departments,
        r.team_size,
        r.experts,
        r.cross_area,
        r.local_only,
        r.per_inspector_cap,
        r.wanted_specialties,
        dict(r.adjacency),
    ) == ((), 2, 0, False, False, None, (), {})


def test_every_officer_field_is_read_as_written_and_defaults_fill_the_rest() -> None:
    inputs = {
        "officers": [
            {
                "ref": "E-1",
                "department": "SCJG",
                "kind": engine.EXPERT,
                "status": "leave",
                "valid_until": "2026-01-01",
                "area": "城关镇",
                "specialties": ["食品", "特种设备"],
                "name": "张专家",
            },
            {"ref": "O-2", "department": "WJW"},
        ]
    }
    full, bare = officers_from(inputs)
    assert full == Officer(
        ref="E-1",
        department="SCJG",
        kind="expert",
        status="leave",
        valid_until="2026-01-01",
        area="城关镇",
        specialties=("食品", "特种设备"),
        name="张专家",
    )
    assert (bare.kind, bare.status, bare.valid_until, bare.area, bare.specialties, bare.name) == (
        engine.LAW_ENFORCEMENT,
        engine.ON_DUTY,
        None,
        None,
        (),
        "",
    )
    assert (engine.LAW_ENFORCEMENT, engine.ON_DUTY) == ("law_enforcement", "on_duty")


def test_targets_carry_their_township_conflicts_and_previous_team() -> None:
    inputs = {
        "townships": {"城关镇": ["A1", "A3"], "潭头镇": ["A2"]},
        "conflicts": {"A1": ["O-1"]},
        "previous": {"A2": ["O-2", "O-3"]},
    }
    assert targets_from(inputs, ["A2", "A1", "A9"]) == [
        MatchTarget("A2", "潭头镇", frozenset(), frozenset({"O-2", "O-3"})),
        MatchTarget("A1", "城关镇", frozenset({"O-1"}), frozenset()),
        MatchTarget("A9", None, frozenset(), frozenset()),
    ]
    assert township_of(inputs, ["A3", "A9"]) == {"A3": "城关镇"}


def test_a_record_without_townships_conflicts_or_previous_teams() -> None:
    assert township_of({}, ["A1"]) == {}
    assert targets_from({}, ["A1"]) == [MatchTarget("A1")]
