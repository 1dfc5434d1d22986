"""抽样复查: freeze → draw → a record `verify-draw` accepts; office only; audited; outcomes."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from shuangsuiji.common.errors import PermissionDenied, ServiceError
from shuangsuiji.common.models import AuditEntry
from shuangsuiji.directory.models import Department, Inspector, User
from shuangsuiji.oversight import recheck as svc
from shuangsuiji.oversight.models import Outcome, Recheck, RecheckItem, TeamSource
from shuangsuiji.sampling.models import TeamMember

from ..disclosure.builders import completed_task, publicized_task
from ..sampling import builders as b

DUE = dt.date(2025, 12, 31)
pytestmark = pytest.mark.django_db


@pytest.fixture
def media_root(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def two_tasks(media_root: None) -> tuple[Any, Any]:
    first = completed_task(code="LC2025-SCJG-301", n_entities=4)
    second = publicized_task(code="LC2025-SCJG-302", n_entities=3)
    b.officers(4, department=b.health(), area=b.area("城关镇"))
    return first, second


def freeze(actor: User, share_bp: int = 5000, **kw: Any) -> Recheck:
    return svc.recheck_freeze(
        actor=actor, year=2025, share_bp=share_bp, team_department=b.health(), due_on=DUE, **kw
    )


def draw(actor: User, r: Recheck) -> Recheck:
    return svc.recheck_draw(
        recheck=r,
        witness_entropy=b.WITNESS,
        witness_source="中国体育彩票超级大乐透开奖号码",
        witness_name="李见证",
        actor=actor,
    )


def test_recheck_record_verifies_and_tampering_fails(
    two_tasks: Any, office_admin: User, tmp_path: Path
) -> None:
    r = freeze(office_admin)
    assert r.population_size == 7 and r.frozen["strata"][0]["quota"] == 4  # ceil(7 × 50 %)
    r = draw(office_admin, r)
    path = tmp_path / "recheck.json"
    path.write_text(json.dumps(r.record, ensure_ascii=False), "utf-8")
    out = StringIO()
    call_command("verify-draw", str(path), stdout=out)
    assert "全部核验通过" in out.getvalue()
    tampered = dict(r.record, selected=r.record["selected"][1:])
    path.write_text(json.dumps(tampered, ensure_ascii=False), "utf-8")
    with pytest.raises(CommandError):
        call_command("verify-draw", str(path), stdout=StringIO(), stderr=StringIO())


def test_drawn_items_have_a_team_that_did_not_do_the_inspection(
    two_tasks: Any, office_admin: User
) -> None:
    first, second = two_tasks
    r = draw(office_admin, freeze(office_admin))
    items = list(RecheckItem.objects.filter(recheck=r))
    drawn = {row[0] for row in r.record["selected"]}
    # Every inspection of a drawn firm is re-checked: the first task's four firms were
    # inspected by both tasks, the second task's own three by it alone.
    inspected = {(t.task.code, res.entity.uscc) for t in (first, second) for res in t.results}
    assert len(inspected) == 4 + 7
    expected = sorted((code, uscc) for code, uscc in inspected if uscc in drawn)
    assert sorted((i.task.code, i.entity.uscc) for i in items) == expected
    assert len(drawn) == 4  # ceil(7 × 50 %)
    assert {i.entity.uscc for i in items} == drawn
    for item in items:
        team = set(item.team.all())
        assert len(team) == 2 and all(p.department == b.health() for p in team)
        original = {
            m.inspector for m in TeamMember.objects.filter(draw=item.draw, entity=item.entity)
        }
        assert not team & original


def test_the_team_department_may_be_the_inspecting_one_without_reusing_its_team(
    two_tasks: Any, office_admin: User
) -> None:
    r = svc.recheck_freeze(
        actor=office_admin, year=2025, share_bp=10_000, team_department=b.market(), due_on=DUE
    )
    # Nobody re-checks their own work: the rule is hard here and never gives way.
    assert r.matching_inputs["rules"]["rotation"] == "hard"
    r = draw(office_admin, r)
    assert not any(t["rotation_relaxed"] for t in r.record["teams"])
    items = list(RecheckItem.objects.filter(recheck=r))
    # All seven firms at 100 %: the first task's four inspections and the second task's seven
    # (its key item drew every firm in the directory, the first task's four among them).
    assert len(items) == 4 + 7
    for item in items:
        original = set(
            TeamMember.objects.filter(draw=item.draw, entity=item.entity).values_list(
                "inspector_id", flat=True
            )
        )
        assert len(original) == 2
        team = set(item.team.values_list("id", flat=True))
        assert len(team) == 2 and not team & original
        assert set(item.team.values_list("department", flat=True)) == {b.market().pk}


def test_scope_to_one_task_and_no_entity_twice_in_a_year(
    two_tasks: Any, office_admin: User
) -> None:
    first, _ = two_tasks
    r = draw(office_admin, freeze(office_admin, share_bp=10_000, scope_task=first.task))
    assert r.population_size == 4
    assert {i.task_id for i in RecheckItem.objects.filter(recheck=r)} == {first.task.pk}
    again = freeze(office_admin, share_bp=10_000)
    assert again.population_size == 3
    assert again.frozen["exclusions"][0]["count"] == 4
    assert {i["task"] for i in again.frozen["items"]} == {"LC2025-SCJG-302"}
    assert again.code == "FC2025-002"


def test_office_only(two_tasks: Any, market_admin: User, office_admin: User) -> None:
    with pytest.raises(PermissionDenied):
        freeze(market_admin)
    r = freeze(office_admin)
    with pytest.raises(PermissionDenied):
        draw(market_admin, r)
    r = draw(office_admin, r)
    item = RecheckItem.objects.filter(recheck=r).first()
    assert item is not None
    with pytest.raises(PermissionDenied):
        svc.recheck_record_outcome(item=item, outcome="agree", note="", actor=market_admin)


def test_outcomes_and_audit(two_tasks: Any, office_admin: User) -> None:
    r = draw(office_admin, freeze(office_admin))
    agree, disagree = list(RecheckItem.objects.filter(recheck=r))[:2]
    svc.recheck_record_outcome(item=agree, outcome="agree", note="", actor=office_admin)
    with pytest.raises(ServiceError, match="不一致之处"):
        svc.recheck_record_outcome(item=disagree, outcome="disagree", note=" ", actor=office_admin)
    svc.recheck_record_outcome(
        item=disagree, outcome="disagree", note="原结果漏记未公示年报", actor=office_admin
    )
    disagree.refresh_from_db()
    assert disagree.outcome == Outcome.DISAGREE and disagree.decided_by_name
    actions = list(
        AuditEntry.objects.filter(object_type__startswith="recheck").values_list(
            "action", flat=True
        )
    )
    assert actions.count("recheck.freeze") == 1 and actions.count("recheck.draw") == 1
    assert actions.count("recheck.outcome") == 2


def test_assign_team_by_hand_keeps_the_rules(two_tasks: Any, office_admin: User) -> None:
    r = draw(office_admin, freeze(office_admin))
    item = RecheckItem.objects.filter(recheck=r).first()
    assert item is not None
    original = [m.inspector for m in TeamMember.objects.filter(draw=item.draw, entity=item.entity)]
    health = list(Inspector.objects.filter(department=b.health())[:2])
    with pytest.raises(ServiceError, match="原检查组成员"):
        svc.recheck_assign_team(
            item=item, inspectors=[original[0], health[0]], reason="人员调整", actor=office_admin
        )
    with pytest.raises(ServiceError, match="原因"):
        svc.recheck_assign_team(item=item, inspectors=health, reason="", actor=office_admin)
    svc.recheck_assign_team(item=item, inspectors=health, reason="人员调整", actor=office_admin)
    item.refresh_from_db()
    assert item.team_source == TeamSource.ASSIGNED
    assert set(item.team.all()) == set(health)
    assert AuditEntry.objects.filter(action="recheck.assign_team").count() == 1


def test_empty_scope_is_refused(media_root: None, office_admin: User) -> None:
    with pytest.raises(ServiceError, match="没有可复查"):
        freeze(office_admin)
    assert not Recheck.objects.exists()
    assert Department.objects.filter(is_office=True).exists()


def test_the_command_line_freezes_draws_and_exports_a_verifiable_record(
    two_tasks: Any, market_admin: User, tmp_path: Path
) -> None:
    out = StringIO()
    call_command(
        "recheck", "freeze", "--year", "2025", "--share", "30",
        "--team-department", b.health().code, "--due", "2025-12-31", stdout=out,
    )  # fmt: skip
    assert "FC2025-001：名单 7 户，应抽 3 户" in out.getvalue()
    call_command(
        "recheck", "draw", "FC2025-001", "--entropy", b.WITNESS, "--source", "大乐透",
        "--witness", "李见证", stdout=out,
    )  # fmt: skip
    path = tmp_path / "fc.json"
    call_command("recheck", "record", "FC2025-001", "--auditor", "-o", str(path))
    call_command("verify-draw", str(path), stdout=out)
    assert "全部核验通过" in out.getvalue()
    with pytest.raises(CommandError, match="联席办"):
        call_command("recheck", "list", "--user", market_admin.username)


def test_a_department_without_officers_leaves_teams_to_the_office(
    two_tasks: Any, office_admin: User, tmp_path: Path
) -> None:
    empty = Department.objects.get(name="县气象局")
    r = svc.recheck_freeze(
        actor=office_admin, year=2025, share_bp=1000, team_department=empty, due_on=DUE
    )
    r = draw(office_admin, r)
    assert [t["fallback"] for t in r.record["teams"]] == ["direct_assignment_required"]
    path = tmp_path / "short.json"
    path.write_text(json.dumps(r.record, ensure_ascii=False), "utf-8")
    call_command("verify-draw", str(path), stdout=StringIO())
    item = RecheckItem.objects.filter(recheck=r).first()
    assert item is not None and not item.team.exists()
    with pytest.raises(ServiceError, match="先指定复查组"):
        svc.recheck_record_outcome(item=item, outcome="agree", note="", actor=office_admin)
