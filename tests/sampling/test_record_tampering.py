"""The verifier names each kind of tampering exactly once and in words a reader can act on.

Counts by hand from the vector inputs (tests/sampling/vector_inputs.py): 40 entities, stratum A
holds rows i with i mod 10 in {0, 1, 2, 7}, so 16; the published draw (docs/draw-vectors.json)
selects 13 entities and leaves its 13th team for 直接委派.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from shuangsuiji.sampling import engine, record

from .vector_inputs import small_pool_inputs, vector_record

VECTORS = json.loads((Path(__file__).parents[2] / "docs" / "draw-vectors.json").read_text("utf-8"))
LABEL = "抽取记录 LC2025-SCJG-001 餐饮服务单位联合抽查"


def make(kind: str = record.AUDITOR) -> dict[str, Any]:
    return vector_record(kind)


def problems_of(rec: dict[str, Any]) -> list[str]:
    return record.verify_record(rec).problems


def test_the_record_is_the_published_vector() -> None:
    rec = make()
    assert rec["selected"] == VECTORS["draw"]["selected"]
    assert rec["batches"] == VECTORS["draw"]["batches"]


def test_an_intact_record_says_what_it_checked() -> None:
    public, auditor = record.verify_record(make(record.PUBLIC)), record.verify_record(make())
    assert public.ok and auditor.ok
    assert public.summary == f"{LABEL} 核验通过：名单 40 户，抽中 13 户，检查组 13 个（公开版）"
    assert auditor.summary == (
        f"{LABEL} 核验通过：名单 40 户，抽中 13 户，检查组 13 个"
        "（含回避等非公开数据，分组已完整复算）"
    )


def test_reordered_batches_are_the_one_problem_and_the_summary_counts_it() -> None:
    rec = make()
    rec["batches"] = [rec["batches"][1], rec["batches"][0], *rec["batches"][2:]]
    result = record.verify_record(rec)
    assert not result.ok
    assert result.problems == ["检查批次顺序与复算结果不符"]
    assert result.summary == f"{LABEL} 核验不通过（1 处）"


def test_an_unknown_format_stops_at_the_format() -> None:
    result = record.verify_record({"format": "x"})
    assert result.problems == ["不认识的记录格式 'x'"]
    assert result.summary == "抽取记录 ? 核验不通过（1 处）"


def test_another_algorithm_version_stops_at_the_version() -> None:
    rec = make()
    rec["frozen"]["algorithm"] = "ssj-draw/0"
    assert problems_of(rec) == ["算法版本 'ssj-draw/0' 不是 ssj-draw/2"]


def test_a_changed_population_size_is_named() -> None:
    rec = make()
    rec["frozen"]["population_size"] = 41
    problems = problems_of(rec)
    assert "抽取名单户数与冻结时不符" in problems
    assert "冻结内容与承诺值（commitment）不符：冻结后的数据或配额被改动" in problems


def test_a_changed_stratum_size_is_named_with_both_numbers() -> None:
    rec = make()
    assert rec["frozen"]["strata"][1]["name"] == "A"
    rec["frozen"]["strata"][1]["size"] = 17
    assert "分层 A 户数记为 17，名单中实为 16" in problems_of(rec)


def test_a_row_in_an_undeclared_stratum_is_named() -> None:
    rec = make()
    rec["population"][0][1] = "Z"
    problems = problems_of(rec)
    assert "分层有误：population rows in undeclared strata ['Z']" in problems
    assert "抽取名单与冻结时的名单摘要不符" in problems


def test_changed_public_matching_inputs_are_named() -> None:
    rec = make(record.PUBLIC)
    rec["matching"]["rules"]["team_size"] = 3
    assert "检查人员匹配输入（公开部分）与冻结时不符" in problems_of(rec)


def test_changed_private_matching_inputs_are_named() -> None:
    rec = make()
    rec["matching_private"]["conflicts"] = {}
    assert "检查人员匹配输入（回避等非公开部分）与冻结时不符" in problems_of(rec)


def test_a_missing_team_is_named() -> None:
    rec = make()
    rec["teams"].pop()
    assert problems_of(rec) == ["检查组所对应的检查对象与抽中名单不一致"]


def test_a_team_in_another_order_is_caught_only_by_the_auditors_rerun() -> None:
    public, auditor = make(record.PUBLIC), make()
    for rec in (public, auditor):
        rec["teams"][0]["members"].reverse()
    code = auditor["teams"][0]["uscc"]
    assert problems_of(public) == []
    assert problems_of(auditor) == [f"{code} 的检查组与复算结果不符"]


def test_a_selection_padded_with_the_whole_population_shows_ten_codes_and_the_count() -> None:
    rec = make()
    chosen = {c for c, _ in VECTORS["draw"]["selected"]}
    extra = sorted(c for c, _ in rec["population"] if c not in chosen)
    assert len(extra) == 27
    rec["selected"] = [list(row) for row in rec["population"]]
    expected = f"抽中名单与复算结果不符：记录中多出 {'、'.join(extra[:10])} 等 27 户"
    assert expected in problems_of(rec)


def test_an_emptied_selection_names_what_should_have_been_drawn() -> None:
    rec = make()
    missing = sorted(c for c, _ in VECTORS["draw"]["selected"])
    rec["selected"] = []
    expected = f"抽中名单与复算结果不符：应抽中却未列出 {'、'.join(missing[:10])} 等 13 户"
    assert expected in problems_of(rec)


def test_a_few_codes_are_listed_in_full() -> None:
    rec = make()
    chosen = {c for c, _ in rec["selected"]}
    outsider = min(c for c, _ in rec["population"] if c not in chosen)
    rec["selected"].append([outsider, "A"])
    rec["selected"].sort()
    assert f"抽中名单与复算结果不符：记录中多出 {outsider}" in problems_of(rec)


def test_the_same_codes_under_another_stratum_label_are_named() -> None:
    rec = make()
    rec["selected"][0][1] = "Z"
    assert "抽中名单与复算结果不符：分层标注不同" in problems_of(rec)


def _direct(rec: dict[str, Any], reason: str) -> str:
    """A direct assignment for the draw's short team, by two officers who may take it."""
    short = next(t for t in rec["teams"] if t["fallback"] == engine.FALLBACK_DIRECT)
    code = short["uscc"]
    township = next(a for a, codes in rec["matching"]["townships"].items() if code in codes)
    usable = [
        o
        for o in rec["matching"]["officers"]
        if o["kind"] == "law_enforcement"
        and o["status"] == "on_duty"
        and o["valid_until"] >= "2025-06-30"
        and o["area"] != township  # 所所交叉
        and o["ref"] not in rec["matching_private"]["conflicts"].get(code, [])
    ]
    pick = [next(o for o in usable if o["department"] == d) for d in ("D01", "D18")]
    rec["direct_assignments"] = [
        {
            "uscc": code,
            "members": [o["ref"] for o in pick],
            "officers": pick,
            "reason": reason,
            "assigned_by": "联席办",
            "assigned_at": "2025-05-07T10:00:00+08:00",
        }
    ]
    return code


def test_a_direct_assignment_with_a_reason_verifies() -> None:
    rec = make()
    _direct(rec, "本乡镇执法人员不足，经局领导批准委派")
    assert problems_of(rec) == []


def test_a_direct_assignment_without_a_reason_is_refused() -> None:
    for blank in ("", "  "):
        rec = make()
        code = _direct(rec, blank)
        assert problems_of(rec) == [f"{code} 的直接委派没有填写原因"]


def test_a_failing_record_is_not_ok_in_so_many_words() -> None:
    rec = make()
    rec["batches"].reverse()
    assert record.verify_record(rec).ok is False


def test_both_a_swapped_in_and_a_left_out_code_are_named_in_one_line() -> None:
    rec = make()
    chosen = {c for c, _ in rec["selected"]}
    outsider = min(c for c, s in rec["population"] if c not in chosen and s == "A")
    index = next(i for i, (_, s) in enumerate(rec["selected"]) if s == "A")
    removed = rec["selected"][index][0]
    rec["selected"][index] = [outsider, "A"]
    rec["selected"].sort()
    line = f"抽中名单与复算结果不符：记录中多出 {outsider}；应抽中却未列出 {removed}"
    assert line in problems_of(rec)


def test_exactly_ten_extra_codes_are_listed_without_a_count() -> None:
    rec = make()
    chosen = {c for c, _ in rec["selected"]}
    extra = sorted(c for c, _ in rec["population"] if c not in chosen)[:10]
    rec["selected"] = sorted([*rec["selected"], *([c, "A"] for c in extra)])
    assert f"抽中名单与复算结果不符：记录中多出 {'、'.join(extra)}" in problems_of(rec)


def test_a_row_in_an_undeclared_stratum_stops_at_the_draw_with_the_engines_reason() -> None:
    rec = make()
    rec["population"][0][1] = "Z"
    assert problems_of(rec) == [
        "抽取名单与冻结时的名单摘要不符",
        "分层有误：population rows in undeclared strata ['Z']",
        "记录格式错误：DrawError(\"no quota for strata ['Z']\")",
    ]


def test_a_direct_assignment_for_an_entity_not_drawn_is_named() -> None:
    rec = make()
    code = _direct(rec, "本乡镇执法人员不足")
    outsider = next(c for c, _ in rec["population"] if c not in {t["uscc"] for t in rec["teams"]})
    rec["direct_assignments"][0]["uscc"] = outsider
    assert code != outsider
    assert problems_of(rec) == [f"{outsider} 的直接委派：抽取结果中该对象无需直接委派"]


def test_every_direct_assignment_is_checked_after_an_unneeded_one() -> None:
    rec = make()
    code = _direct(rec, "")
    drawn_in_full = next(t["uscc"] for t in rec["teams"] if not t["fallback"])
    unneeded = {**rec["direct_assignments"][0], "uscc": drawn_in_full, "reason": "误操作"}
    rec["direct_assignments"].insert(0, unneeded)
    assert problems_of(rec) == [
        f"{drawn_in_full} 的直接委派：抽取结果中该对象无需直接委派",
        f"{code} 的直接委派没有填写原因",
    ]


def test_a_direct_assignment_may_send_the_entitys_previous_inspector() -> None:
    """The previous team is a rotation rule of the draw, never a bar to 直接委派.

    In the small-pool vector the fourth firm registered 回避 for 41032430000001 and 02 and was
    last inspected by 03, so the draw leaves its team short with 03 alone (rotation relaxed);
    03 and 04, who joined after the freeze, may be sent directly.
    """
    rec = vector_record(record.AUDITOR, small_pool_inputs())
    code = small_pool_inputs()["population"][3][0]
    team = next(t for t in rec["teams"] if t["uscc"] == code)
    assert team["members"] == ["41032430000003"]
    assert team["fallback"] == engine.FALLBACK_DIRECT and team["rotation_relaxed"] is True
    newcomer = {**rec["matching"]["officers"][2], "ref": "41032430000004", "name": "执法员4"}
    rec["direct_assignments"] = [
        {
            "uscc": code,
            "members": ["41032430000003", "41032430000004"],
            "officers": [rec["matching"]["officers"][2], newcomer],
            "reason": "本局执法人员不足，经局领导批准委派",
        }
    ]
    assert problems_of(rec) == []
