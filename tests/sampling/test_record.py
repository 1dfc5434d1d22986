"""Records verify from their own contents, and every kind of tampering is named."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from shuangsuiji.directory.models import Conflict
from shuangsuiji.sampling import engine, record, records

from . import builders as b
from .vector_inputs import vector_record


def make(kind: str = record.AUDITOR) -> dict[str, Any]:
    return vector_record(kind)


@pytest.mark.parametrize("kind", [record.PUBLIC, record.AUDITOR])
def test_both_records_verify(kind: str) -> None:
    result = record.verify_record(make(kind))
    assert result.ok, result.problems
    assert "核验通过" in result.summary


def test_public_record_reveals_no_conflicts_or_previous_teams() -> None:
    public = make(record.PUBLIC)
    assert "matching_private" not in public
    assert "conflicts" not in public["matching"] and "previous" not in public["matching"]
    private = make(record.AUDITOR)["matching_private"]  # the inputs do hold both
    assert private["conflicts"] and private["previous"]


PHONE = "13812345678"
PERSON = "哨兵法定代表人"
CONFLICT_REASON = "哨兵回避理由-近亲属"


@pytest.mark.django_db
def test_records_of_a_real_draw_hold_no_phone_representative_or_conflict_reason(
    office_admin: Any,
) -> None:
    # The directory carries what must stay out: officers' phones, the firms' legal
    # representatives, the reason of a 回避. The auditor's record names the conflict by
    # certificate number only.
    firms = b.entities(4, area=b.area("城关镇"), legal_representative=PERSON)
    people = b.officers(4, area=b.area("潭头镇"), phone=PHONE)
    Conflict.objects.create(inspector=people[0], entity=firms[0], reason=CONFLICT_REASON)
    t = b.task([b.item(ratio_cap=None, category="key")])
    b.configure(t, ratio_a_bp=10_000, team_size=2)
    draw = b.freeze_and_draw(t)
    public = json.dumps(records.public_record(draw), ensure_ascii=False)
    auditor = json.dumps(records.auditor_record(draw, actor=office_admin), ensure_ascii=False)
    assert {c for c, _ in records.public_record(draw)["selected"]} == {f.uscc for f in firms}
    for text in (public, auditor):
        assert people[0].certificate_no in text  # the people are there, by card
        for secret in (PHONE, PERSON, CONFLICT_REASON):
            assert secret not in text
    assert people[0].certificate_no in json.dumps(
        json.loads(auditor)["matching_private"]["conflicts"]
    )


def test_swapped_entity_is_named() -> None:
    rec = make()
    chosen = {c for c, _ in rec["selected"]}
    outsider = next(c for c, s in rec["population"] if c not in chosen and s == "A")
    swapped = next(i for i, (_, s) in enumerate(rec["selected"]) if s == "A")
    removed = rec["selected"][swapped][0]
    rec["selected"][swapped] = [outsider, "A"]
    rec["selected"].sort()
    problems = record.verify_record(rec).problems
    assert any(outsider in p and removed in p and "抽中名单" in p for p in problems)


def test_changed_quota_is_named() -> None:
    rec = make()
    rec["frozen"]["strata"][1]["quota"] += 1
    problems = record.verify_record(rec).problems
    assert any("承诺值" in p for p in problems)
    assert any("分层 A 配额记为 3，按规则应为 2" in p for p in problems)


def test_changed_witness_entropy_is_named_once() -> None:
    rec = make()
    rec["witness"]["entropy"] = "03 11 19 27 34 + 05 09"
    problems = record.verify_record(rec).problems
    assert problems == [
        "随机种子与“密钥 + 见证人随机数 + 承诺值”推导结果不符（见证人随机数被改动？）"
    ]


def test_secret_not_matching_the_commitment_is_named() -> None:
    rec = make()
    rec["secret"] = "00" * 32
    problems = record.verify_record(rec).problems
    assert "公开的服务器密钥与冻结时承诺的哈希不符" in problems


def test_team_breaking_a_hard_rule_is_named() -> None:
    rec = make()
    inputs_ = rec["matching"]
    retired = next(o["ref"] for o in inputs_["officers"] if o["status"] == "retired")
    rec["teams"][0]["members"][1] = retired
    problems = record.verify_record(rec).problems
    assert any(f"{retired} 不在岗" in p for p in problems)


def test_conflicted_member_is_caught_only_with_the_auditor_record() -> None:
    auditor = make(record.AUDITOR)
    conflicts = auditor["matching_private"]["conflicts"]
    code, refs = next(iter(conflicts.items()))
    team = next((t for t in auditor["teams"] if t["uscc"] == code), None)
    if team is None:
        pytest.skip("the conflicted entity was not drawn in this vector")
    team["members"][0] = refs[0]
    problems = record.verify_record(auditor).problems
    assert any("登记了回避" in p for p in problems)


def test_population_tampering_breaks_the_digest() -> None:
    rec = make()
    rec["population"].pop()
    problems = record.verify_record(rec).problems
    assert "抽取名单与冻结时的名单摘要不符" in problems


def test_garbage_is_refused_cleanly() -> None:
    assert not record.verify_record({"format": "x"}).ok
    broken = copy.deepcopy(make())
    del broken["seed"]
    result = record.verify_record(broken)
    assert not result.ok and "记录格式错误" in result.problems[0]


def test_engine_refuses_a_malformed_seed() -> None:
    with pytest.raises(engine.DrawError):
        engine.stream("abcd", 0, 1)


def _with_direct_assignment(members: list[str]) -> dict[str, Any]:
    rec = make(record.PUBLIC)
    team = rec["teams"][0]
    team["members"], team["fallback"] = [], engine.FALLBACK_DIRECT
    officers = [o for o in rec["matching"]["officers"] if o["ref"] in members]
    rec["direct_assignments"] = [
        {
            "uscc": team["uscc"],
            "members": members,
            "officers": officers,
            "reason": "本乡镇执法人员不足，经局领导批准委派",
            "assigned_by": "联席办",
            "assigned_at": "2025-05-07T10:00:00+08:00",
        }
    ]
    return rec


def _eligible_outside(rec: dict[str, Any], department: str) -> str:
    """An on-duty, valid officer of the department from another township than team 0's."""
    code = rec["teams"][0]["uscc"]
    township = next(a for a, codes in rec["matching"]["townships"].items() if code in codes)
    return next(
        o["ref"]
        for o in rec["matching"]["officers"]
        if o["department"] == department
        and o["kind"] == "law_enforcement"
        and o["status"] == "on_duty"
        and o["valid_until"] >= "2025-06-30"
        and o["area"] != township
    )


def test_direct_assignments_are_checked_against_the_hard_rules() -> None:
    base = make(record.PUBLIC)
    members = [_eligible_outside(base, "D01"), _eligible_outside(base, "D18")]
    good = _with_direct_assignment(members)
    assert record.verify_record(good).ok, record.verify_record(good).problems
    bad = _with_direct_assignment(["41032420000003", members[1]])  # 03 is retired
    problems = record.verify_record(bad).problems
    assert any("的直接委派：41032420000003 不在岗" in p for p in problems)
    unneeded = make(record.PUBLIC)
    unneeded["direct_assignments"] = [{**good["direct_assignments"][0]}]
    unneeded["direct_assignments"][0]["uscc"] = unneeded["teams"][1]["uscc"]
    assert any("无需直接委派" in p for p in record.verify_record(unneeded).problems)
