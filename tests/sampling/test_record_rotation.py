"""Records and the rotation preference (docs/draw-algorithm.md §6–§8): the flag
``rotation_relaxed`` is part of every team of an ``ssj-draw-record/2`` record, the auditor's
record re-derives it, and records written before it (``ssj-draw-record/1``) still verify.

The small-pool vector (tests/sampling/vector_inputs.py): 应急管理局 has three officers 01–03 for
four firms drawn at 100 %. In batch order the teams are E2 (previous team 01, 02 and 03: 02 and
01, relaxed), E4 (回避 for 01 and 02, previous 03: 03 alone, relaxed, for 直接委派), E1
(previous 01 and 02: 03 under the rule, then 01, relaxed) and E3 (no previous team: 02 and 03).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from shuangsuiji.sampling import engine, record

from .vector_inputs import small_pool_inputs, vector_record

E1, E2, E3, E4 = (c for c, _ in small_pool_inputs()["population"])
P1, P2, P3 = "41032430000001", "41032430000002", "41032430000003"
LEGACY = json.loads((Path(__file__).parent / "data" / "draw-records-v1.json").read_text("utf-8"))


def small(kind: str = record.AUDITOR) -> dict[str, Any]:
    return vector_record(kind, small_pool_inputs())


def team_of(rec: dict[str, Any], code: str) -> dict[str, Any]:
    return next(t for t in rec["teams"] if t["uscc"] == code)


def problems_of(rec: dict[str, Any]) -> list[str]:
    return record.verify_record(rec).problems


def test_the_small_pool_draw_relaxes_exactly_where_worked_out() -> None:
    rec = small()
    assert rec["format"] == "ssj-draw-record/2" and rec["frozen"]["algorithm"] == "ssj-draw/2"
    assert [t["uscc"] for t in rec["teams"]] == [E2, E4, E1, E3]
    assert [(t["members"], t["fallback"], t["rotation_relaxed"]) for t in rec["teams"]] == [
        ([P2, P1], engine.FALLBACK_NONE, True),
        ([P3], engine.FALLBACK_DIRECT, True),
        ([P3, P1], engine.FALLBACK_NONE, True),
        ([P2, P3], engine.FALLBACK_NONE, False),
    ]


@pytest.mark.parametrize("kind", [record.PUBLIC, record.AUDITOR])
def test_relaxed_teams_verify(kind: str) -> None:
    assert problems_of(small(kind)) == []


def test_a_relaxed_team_passed_off_as_keeping_the_rule_is_named_twice() -> None:
    """The previous team's members break the rule, and the re-run disagrees with the flag."""
    rec = small()
    team_of(rec, E1)["rotation_relaxed"] = False
    assert problems_of(rec) == [
        f"{E1} 的检查组：{P1} 上一轮检查过该对象",
        f"{E1} 的检查组“放宽轮换”标记与复算结果不符",
    ]


def test_a_team_falsely_marked_relaxed_fails_the_re_run() -> None:
    rec = small()
    team_of(rec, E3)["rotation_relaxed"] = True
    assert problems_of(rec) == [f"{E3} 的检查组“放宽轮换”标记与复算结果不符"]


def test_a_dropped_flag_is_a_changed_team() -> None:
    rec = small()
    del team_of(rec, E3)["rotation_relaxed"]
    assert problems_of(rec) == [f"{E3} 的检查组与复算结果不符"]


def test_a_changed_member_of_a_relaxed_team_is_not_called_a_flag_problem() -> None:
    rec = small()
    team_of(rec, E1)["members"] = [P3, P2]
    assert problems_of(rec) == [f"{E1} 的检查组与复算结果不符"]


def test_the_public_record_cannot_see_the_flag_but_checks_it_against_the_rule() -> None:
    """Who was on the previous team is private: only the rule's name is public. A relaxed flag
    under a rule that never gives way is caught from the public record alone."""
    rec = small(record.PUBLIC)
    team_of(rec, E3)["rotation_relaxed"] = True
    assert problems_of(rec) == []
    rec["matching"]["rules"]["rotation"] = engine.ROTATION_HARD
    assert problems_of(rec) == [
        "检查人员匹配输入（公开部分）与冻结时不符",
        *(
            f"{code} 的检查组：标记为放宽轮换，但本任务的轮换规则为“必须轮换”，不能放宽"
            for code in (E2, E4, E1, E3)  # batch order
        ),
    ]


def test_a_direct_assignment_of_the_previous_inspector_verifies() -> None:
    """E4's team is short with 03, its previous inspector; 03 and 04 (hired after the freeze)
    are assigned directly: rotation never blocks 直接委派."""
    rec = small()
    p3 = rec["matching"]["officers"][2]
    newcomer = {**p3, "ref": "41032430000004", "name": "执法员4"}
    rec["direct_assignments"] = [
        {
            "uscc": E4,
            "members": [P3, newcomer["ref"]],
            "officers": [p3, newcomer],
            "reason": "本局执法人员不足，经局领导批准直接委派",
        }
    ]
    assert problems_of(rec) == []


# ---------------------------------------------------------------- records of format /1


@pytest.mark.parametrize("index", [0, 1], ids=["public", "auditor"])
def test_records_written_before_the_preference_still_verify(index: int) -> None:
    """tests/sampling/data/draw-records-v1.json was written by the ssj-draw/1 code: its teams
    have no flag, its rules no rotation member (so the hard rule), and a 直接委派."""
    old = LEGACY[index]
    assert old["format"] == "ssj-draw-record/1" and old["frozen"]["algorithm"] == "ssj-draw/1"
    assert all("rotation_relaxed" not in t for t in old["teams"])
    assert "rotation" not in old["matching"]["rules"]
    result = record.verify_record(old)
    assert result.ok, result.problems
    assert result.summary.endswith("检查组 13 个（含回避等非公开数据，分组已完整复算）") == bool(
        index
    )


def test_a_flag_added_to_an_old_record_is_a_changed_team() -> None:
    old = json.loads(json.dumps(LEGACY[1]))
    old["teams"][0]["rotation_relaxed"] = False
    assert problems_of(old) == [f"{old['teams'][0]['uscc']} 的检查组与复算结果不符"]


def test_an_old_record_still_fails_when_tampered() -> None:
    old = json.loads(json.dumps(LEGACY[0]))
    old["secret"] = "11" * 32
    assert problems_of(old)[0] == "公开的服务器密钥与冻结时承诺的哈希不符"


@pytest.mark.parametrize(
    ("fmt", "algorithm", "expected"),
    [
        ("ssj-draw-record/1", "ssj-draw/2", "算法版本 'ssj-draw/2' 不是 ssj-draw/1"),
        ("ssj-draw-record/2", "ssj-draw/1", "算法版本 'ssj-draw/1' 不是 ssj-draw/2"),
    ],
)
def test_each_record_format_names_its_own_algorithm(
    fmt: str, algorithm: str, expected: str
) -> None:
    rec = small()
    rec["format"], rec["frozen"]["algorithm"] = fmt, algorithm
    assert problems_of(rec) == [expected]


def test_the_rules_without_a_rotation_member_are_the_hard_rule() -> None:
    inputs = small_pool_inputs()["matching_inputs"]
    del inputs["rules"]["rotation"]
    assert record.rules_from(inputs).rotation == engine.ROTATION_HARD
    assert record.rules_from(small_pool_inputs()["matching_inputs"]).rotation == "prefer"
