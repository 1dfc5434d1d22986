"""Rotation through the services: “not the previous team” is a local choice, on by default, that
gives way when the pool cannot keep it and never blocks 直接委派 (domain brief, Inspectors;
seed 三(二): 执法检查人员有限 … 可以采取直接委派方式).

Round 1 and round 2 are two tasks of 市场监管 on other items, so the burden rules leave the one
firm in both populations (drawn at 100 %); round 2's previous team is round 1's.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from shuangsuiji.common.errors import ServiceError
from shuangsuiji.common.models import AuditEntry
from shuangsuiji.directory.models import Conflict, Entity, User
from shuangsuiji.sampling import engine, record, services
from shuangsuiji.sampling.models import Draw, Selection, TeamMember
from shuangsuiji.sampling.records import auditor_record, public_record
from shuangsuiji.sampling.verify import verify_file

from . import builders as b

pytestmark = pytest.mark.django_db


def round_of(n: int, **config: Any) -> Draw:
    """Round n: a task of its own item over every A-class firm (100 %)."""
    item = b.item(name=f"第{n}轮检查事项", ratio_cap=Decimal("100"))
    t = b.task([item], code=f"LC2025-SCJG-{n:03d}")
    b.configure(t, ratio_a_bp=10_000, **config)
    return b.freeze_and_draw(t)


def team(draw: Draw, entity: Entity) -> set[str]:
    rows = TeamMember.objects.filter(draw=draw, entity=entity, role="member")
    return set(rows.values_list("inspector__certificate_no", flat=True))


def selection(draw: Draw, entity: Entity) -> Selection:
    return Selection.objects.get(draw=draw, entity=entity)


@pytest.fixture
def firm() -> Entity:
    return b.entities(1)[0]


def test_a_two_officer_departments_firm_is_inspected_in_round_two_and_marked(
    firm: Entity, office_admin: User
) -> None:
    pair = {o.certificate_no for o in b.officers(2)}
    first = round_of(1)
    assert team(first, firm) == pair and not selection(first, firm).rotation_relaxed
    second = round_of(2)
    assert second.freeze.matching_inputs["previous"] == {firm.uscc: sorted(pair)}
    assert second.freeze.matching_inputs["rules"]["rotation"] == engine.ROTATION_PREFER
    # The same two inspect again: the firm is not stranded, and every record says why.
    assert team(second, firm) == pair
    row = selection(second, firm)
    assert (row.fallback, row.rotation_relaxed) == ("", True)
    (drawn,) = second.outcome["teams"]
    assert drawn["rotation_relaxed"] is True
    audited = AuditEntry.objects.filter(action="draw.run").latest("id").after or {}
    assert audited["rotation_relaxed"] == 1
    for served in (public_record(second), auditor_record(second, actor=office_admin)):
        assert served["format"] == "ssj-draw-record/2"
        assert record.verify_record(json.loads(json.dumps(served, ensure_ascii=False))).ok


def test_a_pool_large_enough_sends_someone_new_and_never_relaxes(firm: Entity) -> None:
    b.officers(2)
    first = round_of(1)
    b.officers(2)  # two more join before round 2
    second = round_of(2)
    assert team(second, firm).isdisjoint(team(first, firm))
    assert len(team(second, firm)) == 2
    assert not selection(second, firm).rotation_relaxed
    assert [t["rotation_relaxed"] for t in second.outcome["teams"]] == [False]


def test_with_rotation_switched_off_the_previous_team_may_come_back_unmarked(
    firm: Entity,
) -> None:
    pair = {o.certificate_no for o in b.officers(2)}
    round_of(1)
    second = round_of(2, rotation=False)
    assert second.freeze.matching_inputs["rules"]["rotation"] == engine.ROTATION_OFF
    assert team(second, firm) == pair and not selection(second, firm).rotation_relaxed
    assert record.verify_record(public_record(second)).ok


def test_the_switch_is_on_by_default_and_saved_like_any_rule(firm: Entity) -> None:
    item = b.item(ratio_cap=Decimal("100"))
    t = b.task([item])
    b.configure(t, ratio_a_bp=10_000)
    assert t.draw_config.rotation is True
    b.configure(t, rotation=False)
    t.draw_config.refresh_from_db()
    assert t.draw_config.rotation is False
    entry = AuditEntry.objects.filter(action="draw_config.save").latest("id")
    assert (entry.before["rotation"], entry.after["rotation"]) == (True, False)


def test_a_direct_assignment_of_the_previous_inspector_is_accepted(
    firm: Entity, market_admin: User
) -> None:
    """Round 2 has 所所交叉: c works in the firm's 城关镇, and the firm registered 回避 for b.

    a, its previous inspector, fills one place without the rule; nobody can fill the other, so
    the team awaits 直接委派 — and a, with d (hired after the draw), is assigned directly.
    """
    a, bee = b.officers(2, area=b.area("潭头镇"))
    round_of(1)
    b.officers(1, area=b.area("城关镇"))
    Conflict.objects.create(inspector=bee, entity=firm, reason="近亲属")
    second = round_of(2, cross_area=True)
    row = selection(second, firm)
    assert team(second, firm) == {a.certificate_no}
    assert (row.fallback, row.rotation_relaxed) == (engine.FALLBACK_DIRECT, True)
    d = b.officers(1, area=b.area("三川镇"))[0]
    with pytest.raises(ServiceError, match="登记了回避"):
        services.team_assign_directly(
            draw=second, entity=firm, inspectors=[a, bee], reason="人员不足", actor=market_admin
        )
    done = services.team_assign_directly(
        draw=second,
        entity=firm,
        inspectors=[a, d],
        reason="本局可派执法人员不足，经局领导批准由上一轮检查人员参加",
        actor=market_admin,
    )
    assert set(done.inspectors.all()) == {a, d}
    served = json.loads(json.dumps(public_record(second), ensure_ascii=False))
    assert [x["members"] for x in served["direct_assignments"]] == [
        [a.certificate_no, d.certificate_no]
    ]
    assert record.verify_record(served).ok


def test_a_tampered_rotation_relaxed_flag_fails_verification(
    firm: Entity, office_admin: User, tmp_path: Path
) -> None:
    b.officers(2)
    round_of(1)
    second = round_of(2)
    good = json.loads(json.dumps(auditor_record(second, actor=office_admin), ensure_ascii=False))
    bad = json.loads(json.dumps(good, ensure_ascii=False))
    bad["teams"][0]["rotation_relaxed"] = False  # hide that the previous team came back
    path = tmp_path / "draws.json"
    path.write_text(json.dumps([good, bad], ensure_ascii=False), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert verify_file(path, out, err) == 1
    assert f"  - {firm.uscc} 的检查组“放宽轮换”标记与复算结果不符\n" in err.getvalue()
    assert "共 2 条记录，1 条核验不通过" in err.getvalue()
