"""Freeze, draw, redraw and direct assignment through the services, and the ledger rules."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib import admin
from django.test import RequestFactory

from shuangsuiji.common.errors import PermissionDenied, ServiceError
from shuangsuiji.common.models import AuditEntry
from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.directory.models import Conflict, User
from shuangsuiji.directory.services import entity_delete
from shuangsuiji.plans.models import TaskState
from shuangsuiji.sampling import engine, record, services
from shuangsuiji.sampling.models import (
    DirectAssignment,
    Draw,
    Freeze,
    Selection,
    TeamMember,
)
from shuangsuiji.sampling.records import auditor_record

from . import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def joint_task() -> object:
    """A joint task (市场监管 lead, 卫健 partner) over 30 entities in two townships."""
    b.entities(20, area=b.area("城关镇"))
    b.entities(10, area=b.area("潭头镇"), credit_risk="C")
    b.officers(4, area=b.area("城关镇"))
    b.officers(2, area=b.area("潭头镇"))
    b.officers(3, department=b.health(), area=b.area("城关镇"))
    b.officers(1, status="retired")
    items = [b.item(name="企业年报检查"), b.item(department=b.health(), name="卫生检查")]
    t = b.task(items, partners=[b.health()])
    b.configure(t, ratio_a_bp=2000, ratio_c_bp=5000, team_size=2, batch_size=4)
    return t


def test_freeze_publishes_a_commitment_and_keeps_the_secret_hidden(
    joint_task: object, market_admin: User
) -> None:
    freeze = services.draw_freeze(task=joint_task, actor=market_admin)  # type: ignore[arg-type]
    joint_task.refresh_from_db()  # type: ignore[attr-defined]
    assert joint_task.state == TaskState.FROZEN  # type: ignore[attr-defined]
    assert len(freeze.commitment) == 64
    assert engine.commitment_of(freeze.frozen) == freeze.commitment
    assert freeze.frozen["secret_hash"] == engine.secret_hash(freeze.secret)
    assert freeze.population_size == 30 and len(freeze.population_rows()) == 30
    frozen_text = json.dumps(freeze.frozen, ensure_ascii=False)
    assert freeze.secret not in frozen_text
    logged = json.dumps(list(AuditEntry.objects.values("before", "after", "reason")))
    assert freeze.secret not in logged
    assert AuditEntry.objects.filter(action="population.freeze", actor=market_admin).count() == 1
    # The matching inputs carry every officer of both departments, the retired one included.
    officers = freeze.matching_inputs["officers"]
    assert len(officers) == 10
    assert {o["department"] for o in officers} == {b.market().code, b.health().code}
    assert "phone" not in json.dumps(officers)


def test_refreezing_before_the_draw_supersedes_and_keeps_the_earlier_freeze(
    joint_task: object,
) -> None:
    first = services.draw_freeze(task=joint_task, actor=SYSTEM)  # type: ignore[arg-type]
    second = services.draw_freeze(task=joint_task, actor=SYSTEM)  # type: ignore[arg-type]
    assert second.number == 2 and second.commitment != first.commitment
    assert Freeze.objects.filter(task=joint_task).count() == 2
    draw = services.draw_run(
        task=joint_task,  # type: ignore[arg-type]
        witness_entropy=b.WITNESS,
        witness_source="大乐透",
        witness_name="王见证",
        actor=SYSTEM,
    )
    assert draw.freeze_id == second.pk


def test_draw_record_verifies_public_and_auditor(joint_task: object, office_admin: User) -> None:
    draw = b.freeze_and_draw(joint_task)
    joint_task.refresh_from_db()  # type: ignore[attr-defined]
    assert joint_task.state == TaskState.DRAWN  # type: ignore[attr-defined]
    stored = Draw.objects.get(pk=draw.pk)
    public = json.loads(json.dumps(stored.record, ensure_ascii=False))
    result = record.verify_record(public)
    assert result.ok, result.problems
    assert public["kind"] == record.PUBLIC and "matching_private" not in public
    assert public["draw_id"] == "LC2025-SCJG-001#1"
    assert public["witness"] == {
        "entropy": b.WITNESS,
        "source": "中国体育彩票超级大乐透开奖号码",
        "witness": "王见证",
    }
    assert public["secret"] == stored.freeze.secret
    audit = auditor_record(stored, actor=office_admin)
    assert record.verify_record(json.loads(json.dumps(audit, ensure_ascii=False))).ok
    with pytest.raises(PermissionDenied):
        auditor_record(stored, actor=User(role="dept_admin"))


def test_selection_and_team_rows_mirror_the_outcome(joint_task: object) -> None:
    draw = b.freeze_and_draw(joint_task)
    outcome = draw.outcome
    rows = list(Selection.objects.filter(draw=draw).select_related("entity").order_by("position"))
    order = [code for batch in outcome["batches"] for code in batch]
    assert [s.entity.uscc for s in rows] == order
    assert [s.batch_no for s in rows][:5] == [1, 1, 1, 1, 2]
    assert {s.entity.uscc: s.stratum for s in rows} == dict(map(tuple, outcome["selected"]))
    for team in outcome["teams"]:
        members = TeamMember.objects.filter(draw=draw, entity__uscc=team["uscc"])
        refs = set(members.values_list("inspector__certificate_no", flat=True))
        assert refs == set(team["members"]) | set(team["experts"])
        departments = set(members.values_list("inspector__department__name", flat=True))
        assert departments == {"县市场监督管理局", "县卫生健康委"}  # joint: one of each


def test_redraw_needs_an_office_admin_and_a_reason_and_keeps_the_earlier_draw(
    joint_task: object, market_admin: User, office_admin: User
) -> None:
    first = b.freeze_and_draw(joint_task, actor=market_admin)
    with pytest.raises(PermissionDenied):
        services.draw_redraw(task=joint_task, reason="见证人未到场", actor=market_admin)  # type: ignore[arg-type]
    with pytest.raises(ServiceError, match="必须填写原因"):
        services.draw_redraw(task=joint_task, reason="  ", actor=office_admin)  # type: ignore[arg-type]
    freeze = services.draw_redraw(task=joint_task, reason="见证人未到场", actor=office_admin)  # type: ignore[arg-type]
    assert freeze.redraw_of_id == first.pk
    first.refresh_from_db()
    assert not first.is_current
    assert Selection.objects.filter(draw=first).count() == len(first.outcome["selected"])
    second = services.draw_run(
        task=joint_task,  # type: ignore[arg-type]
        witness_entropy="2025年体彩大乐透第25049期开奖号码 01 02 03 04 05 + 06 07",
        witness_source="大乐透",
        witness_name="李见证",
        actor=market_admin,
    )
    assert second.number == 2 and second.is_current
    assert second.redraw_of_id == first.pk and second.redraw_reason == "见证人未到场"
    assert second.record["redraw_of"] == "LC2025-SCJG-001#1"
    assert record.verify_record(second.record).ok
    assert list(Draw.objects.filter(task=joint_task).order_by("number")) == [first, second]
    entry = AuditEntry.objects.get(action="draw.redraw")
    assert entry.reason == "见证人未到场" and entry.actor == office_admin


def test_ledger_rows_refuse_edits_and_deletes_and_the_admin_offers_neither(
    joint_task: object, office_admin: User
) -> None:
    draw = b.freeze_and_draw(joint_task)
    draw.witness_entropy = "篡改"
    with pytest.raises(ServiceError, match="只能新增，不能修改"):
        draw.save()
    for row in (draw, draw.freeze, Selection.objects.filter(draw=draw).first()):
        with pytest.raises(ServiceError, match="只能新增，不能删除"):
            row.delete()  # type: ignore[union-attr]
    request = RequestFactory().get("/admin/")
    request.user = office_admin
    for model in (Draw, Freeze, DirectAssignment):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_change_permission(request, None)
        assert not model_admin.has_delete_permission(request, None)
        assert not model_admin.has_add_permission(request)
    # A drawn entity cannot be deleted from under the ledger.
    drawn = Selection.objects.filter(draw=draw).first().entity  # type: ignore[union-attr]
    with pytest.raises(ServiceError, match="已被抽中"):
        entity_delete(actor=office_admin, entity=drawn, reason="录入错误")


def test_only_the_office_or_lead_department_admin_operates_the_draw(
    joint_task: object, health_admin: User, market_inspector: User
) -> None:
    for actor in (health_admin, market_inspector):
        with pytest.raises(PermissionDenied):
            services.draw_freeze(task=joint_task, actor=actor)  # type: ignore[arg-type]
        with pytest.raises(PermissionDenied):
            b.configure(joint_task, actor=actor, team_size=3)  # type: ignore[arg-type]


def test_draw_requires_witness_entropy_source_and_name(joint_task: object) -> None:
    services.draw_freeze(task=joint_task, actor=SYSTEM)  # type: ignore[arg-type]
    for entropy, source, name, message in [
        (" ", "大乐透", "王", "见证随机数"),
        ("1 2 3", "", "王", "来源"),
        ("1 2 3", "大乐透", "", "见证人"),
    ]:
        with pytest.raises(ServiceError, match=message):
            services.draw_run(
                task=joint_task,  # type: ignore[arg-type]
                witness_entropy=entropy,
                witness_source=source,
                witness_name=name,
                actor=SYSTEM,
            )
    assert not Draw.objects.exists()


def test_unpublished_task_cannot_be_frozen() -> None:
    b.entities(3)
    t = b.task([b.item()], publish=False)
    with pytest.raises(ServiceError, match="需先发布任务"):
        services.draw_freeze(task=t, actor=SYSTEM)


# ---------------------------------------------------------------- direct assignment


@pytest.fixture
def short_pool() -> tuple[object, object]:
    """Cross-area checks where 潭头镇's entities have one outside officer: teams fall short."""
    b.entities(3, area=b.area("潭头镇"))
    b.officers(2, area=b.area("潭头镇"))
    outsider = b.officers(1, area=b.area("城关镇"))[0]
    t = b.task([b.item()])
    b.configure(t, ratio_a_bp=5000, cross_area=True)
    return t, outsider


def test_direct_assignment_needs_a_reason_and_obeys_the_hard_rules(
    short_pool: tuple[object, object], market_admin: User
) -> None:
    t, outsider = short_pool
    draw = b.freeze_and_draw(t)
    flagged = Selection.objects.filter(draw=draw, fallback="direct_assignment_required")
    assert flagged.count() == 2  # ceil(3 × 50 %)
    selection = flagged.select_related("entity").first()
    assert selection is not None
    entity = selection.entity
    local = b.officers(1, area=b.area("潭头镇"))
    second = b.officers(1, area=b.area("三川镇"))[0]
    expired = b.officers(1, area=b.area("三川镇"), certificate_valid_until=dt.date(2025, 6, 30))[0]
    assign = services.team_assign_directly
    with pytest.raises(ServiceError, match="必须填写原因"):
        assign(
            draw=draw, entity=entity, inspectors=[outsider, second], reason="", actor=market_admin
        )
    with pytest.raises(ServiceError, match="少于 2 人"):
        assign(
            draw=draw, entity=entity, inspectors=[outsider], reason="人员不足", actor=market_admin
        )
    with pytest.raises(ServiceError, match="所所交叉"):
        assign(
            draw=draw,
            entity=entity,
            inspectors=[outsider, *local],
            reason="人员不足",
            actor=market_admin,
        )
    with pytest.raises(ServiceError, match="执法证在检查期内失效"):
        assign(
            draw=draw,
            entity=entity,
            inspectors=[outsider, expired],
            reason="人员不足",
            actor=market_admin,
        )
    Conflict.objects.create(inspector=second, entity=entity, reason="近亲属")
    with pytest.raises(ServiceError, match="登记了回避"):
        assign(
            draw=draw,
            entity=entity,
            inspectors=[outsider, second],
            reason="人员不足",
            actor=market_admin,
        )
    third = b.officers(1, area=b.area("三川镇"))[0]
    done = assign(
        draw=draw,
        entity=entity,
        inspectors=[outsider, third],
        reason="本乡镇以外人员不足",
        actor=market_admin,
    )  # type: ignore[list-item]
    assert set(done.inspectors.all()) == {outsider, third}
    assert AuditEntry.objects.get(action="team.assign").reason == "本乡镇以外人员不足"
    with pytest.raises(ServiceError, match="只能新增"):
        done.delete()


def test_direct_assignment_only_for_teams_the_draw_could_not_fill(
    joint_task: object, health_admin: User, market_admin: User
) -> None:
    draw = b.freeze_and_draw(joint_task)
    selection = Selection.objects.filter(draw=draw).select_related("entity").first()
    assert selection is not None and selection.fallback == ""
    people = list(TeamMember.objects.filter(draw=draw, entity=selection.entity))
    with pytest.raises(ServiceError, match="已随机匹配检查组"):
        services.team_assign_directly(
            draw=draw,
            entity=selection.entity,
            inspectors=[m.inspector for m in people],
            reason="想换人",
            actor=market_admin,
        )
    with pytest.raises(PermissionDenied):
        services.team_assign_directly(
            draw=draw, entity=selection.entity, inspectors=[], reason="x", actor=health_admin
        )
