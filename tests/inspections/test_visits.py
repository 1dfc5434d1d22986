"""One visit, many items: merging overlapping tasks of different departments."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from shuangsuiji.common.errors import PermissionDenied, ServiceError
from shuangsuiji.directory.models import User
from shuangsuiji.inspections import selectors, visits
from shuangsuiji.inspections.models import Visit
from shuangsuiji.sampling.population import capped_entities, config_of

from ..sampling import builders as b
from .builders import drawn_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_tasks() -> tuple[Any, Any, Any]:
    shared = b.entities(3, area=b.area("城关镇"))
    market = drawn_task(
        code="LC2025-SCJG-201",
        entities=shared,
        window=(dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
    )
    health = drawn_task(
        code="LC2025-WJW-201",
        department=b.health(),
        entities=shared,
        window=(dt.date(2025, 6, 1), dt.date(2025, 9, 30)),
    )
    return market, health, shared


def test_overlapping_tasks_of_two_departments_are_proposed_as_one_visit(
    two_tasks: Any, office_admin: User, health_admin: User
) -> None:
    market, health, shared = two_tasks
    made = visits.visit_propose_all(actor=office_admin, year=2025)
    assert len(made) == 3  # one per shared entity
    visit = next(v for v in made if v.entity_id == market.entity.pk)
    codes = {
        p.selection.draw.task.code for p in visit.parts.select_related("selection__draw__task")
    }
    assert codes == {"LC2025-SCJG-201", "LC2025-WJW-201"}
    assert (visit.window_start, visit.window_end) == (dt.date(2025, 6, 1), dt.date(2025, 6, 30))
    team = list(visit.members.all())
    # The lead (earliest) task's team stays whole, and 卫健 adds one officer.
    assert {m.pk for m in market.officers} <= {m.pk for m in team}
    assert sum(1 for m in team if m.department_id == b.health().pk) == 1
    # Proposing again makes nothing new.
    assert visits.visit_propose_all(actor=office_admin, year=2025) == []
    with pytest.raises(PermissionDenied):
        visits.visit_confirm(actor=health_admin, visit=visit)
    visits.visit_confirm(actor=office_admin, visit=visit)
    with pytest.raises(ServiceError):
        visits.visit_confirm(actor=office_admin, visit=visit)
    # Counted once against the yearly cap (default 2): the confirmed visit's entity can be
    # drawn by a third task, the other two shared entities (two selections each) cannot. The
    # tasks are of 重点 items, which the cap covers only when a task's config says so.
    assert visits.visit_count(market.entity, 2025) == 1
    late = drawn_task(
        code="LC2025-SCJG-202",
        entities=shared,
        window=(dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
        config={"cap_key_items": True},
    )
    assert late.entity == market.entity and late.other_entity is None
    assert visits.visit_count(market.entity, 2025) == 2
    covering = config_of(health.task)
    covering.cap_key_items = True
    assert market.entity.pk in capped_entities(health.task, covering)
    assert capped_entities(health.task, config_of(health.task)) == set()
    # The visit's team now holds both tasks' assignments.
    health_officer = next(m for m in team if m.department_id == b.health().pk)
    from .builders import account

    user = account(health_officer)
    seen = {(a.task.code, a.entity.pk) for a in selectors.assignment_list(actor=user)}
    assert ("LC2025-SCJG-201", market.entity.pk) in seen


def test_merge_groups_need_two_departments_and_a_common_window(two_tasks: Any) -> None:
    _, _, shared = two_tasks
    # Both tasks drew the same three firms; 市场监管's window (04-01…06-30) and 卫健's
    # (06-01…09-30) share June: one group per firm, the earlier window first.
    groups = visits.merge_groups(visits._year_selections(2025))
    assert sorted((g[0].entity_id, [s.draw.task.code for s in g]) for g in groups) == sorted(
        (e.pk, ["LC2025-SCJG-201", "LC2025-WJW-201"]) for e in shared
    )
    assert all(g[0].entity_id == g[1].entity_id for g in groups)


def test_merge_groups_leave_out_one_department_and_windows_that_do_not_meet(
    two_tasks: Any,
) -> None:
    selections = visits._year_selections(2025)
    assert len(selections) == 6
    market_only = [s for s in selections if s.draw.task.code == "LC2025-SCJG-201"]
    assert len(market_only) == 3
    # The same department twice is not a joint visit.
    twice = visits.merge_groups(market_only + market_only)
    assert twice == []
    # Windows that do not meet are not merged: 卫健's window moved to after 市场监管's.
    for s in selections:
        if s.draw.task.code == "LC2025-WJW-201":
            s.draw.task.window_start = dt.date(2025, 7, 1)
    assert sum(s.draw.task.window_start == dt.date(2025, 7, 1) for s in selections) == 3
    assert visits.merge_groups(selections) == []


def test_cancelling_a_visit_needs_a_reason(two_tasks: Any, office_admin: User) -> None:
    visit = visits.visit_propose_all(actor=office_admin, year=2025)[0]
    with pytest.raises(ServiceError, match="原因"):
        visits.visit_cancel(actor=office_admin, visit=visit, reason=" ")
    visits.visit_cancel(actor=office_admin, visit=visit, reason="两项检查时间无法协调")
    assert Visit.objects.get(pk=visit.pk).state == Visit.State.CANCELLED


def test_a_confirmed_visit_has_one_public_check_code_for_all_its_tasks(
    two_tasks: Any, office_admin: User
) -> None:
    from django.test import Client

    market, health, _ = two_tasks
    visit = next(
        v
        for v in visits.visit_propose_all(actor=office_admin, year=2025)
        if v.entity_id == market.entity.pk
    )
    visits.visit_confirm(actor=office_admin, visit=visit)
    mine = [
        a
        for a in selectors.assignment_list(actor=market.users[0])
        if a.entity.pk == market.entity.pk
    ]
    assert {selectors.check_code(a) for a in mine} == {visit.token}
    text = Client().get(f"/check/{visit.token}/").content.decode()
    assert market.task.code in text and health.task.code in text
    members = list(visit.members.all())
    assert len(members) == 3  # 市场监管's team of two and one 卫健 officer
    for person in members:
        assert person.certificate_no in text
