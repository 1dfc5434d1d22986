"""Freeze, draw, redraw and direct assignment fail partway without leaving anything.

Each service is failed at every write it makes, in the order it makes them (read from the
service), ending with its last write and its audit entry: afterwards no freeze, draw,
selection, team row, task state or audit entry of it remains, and the chain verifies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from shuangsuiji.common.models import AuditChainHead, AuditEntry
from shuangsuiji.directory.models import Entity, Inspector, User
from shuangsuiji.plans.models import Task
from shuangsuiji.sampling import services
from shuangsuiji.sampling.models import DirectAssignment, Draw, Freeze, Selection, TeamMember

from ..failures import (
    AuditWrite,
    FailurePoint,
    SqlWrite,
    check_nothing_remains,
    failure_cases,
    on_fixture_day,
)
from . import builders as b

pytestmark = pytest.mark.django_db

AUDIT = (AuditEntry, AuditChainHead)


@pytest.fixture(autouse=True)
def fixture_day() -> Iterator[None]:
    with on_fixture_day():
        yield


def published_task() -> Task:
    b.entities(6, area=b.area("城关镇"))
    b.officers(6, area=b.area("城关镇"))
    t = b.task([b.item(ratio_cap=None, category="key")])
    b.configure(t, ratio_a_bp=10_000, team_size=2, batch_size=50)
    return t


def task_of(pk: int) -> Task:
    return Task.objects.get(pk=pk)


def freeze_case(actor: User) -> Callable[[], Any]:
    pk = published_task().pk
    return lambda: services.draw_freeze(task=task_of(pk), actor=actor)


def draw_case(actor: User) -> Callable[[], Any]:
    t = published_task()
    services.draw_freeze(task=t, actor=actor)
    return lambda: services.draw_run(
        task=task_of(t.pk),
        witness_entropy=b.WITNESS,
        witness_source="中国体育彩票超级大乐透开奖号码",
        witness_name="王见证",
        actor=actor,
    )


def redraw_case(actor: User) -> Callable[[], Any]:
    t = published_task()
    b.freeze_and_draw(t, actor=actor)
    return lambda: services.draw_redraw(task=task_of(t.pk), reason="见证人未到场", actor=actor)


def direct_case(actor: User) -> Callable[[], Any]:
    """Cross-area checks where 潭头镇 has only one outside officer: two teams need 直接委派."""
    b.entities(3, area=b.area("潭头镇"))
    b.officers(2, area=b.area("潭头镇"))
    outsider = b.officers(1, area=b.area("城关镇"))[0]
    t = b.task([b.item()])
    b.configure(t, ratio_a_bp=5000, cross_area=True)
    draw = b.freeze_and_draw(t)
    third = b.officers(1, area=b.area("三川镇"))[0]  # joins after the freeze
    flagged = Selection.objects.filter(draw=draw, fallback="direct_assignment_required")
    entity_pk = flagged.order_by("position").values_list("entity_id", flat=True)[0]
    return lambda: services.team_assign_directly(
        draw=Draw.objects.get(pk=draw.pk),
        entity=Entity.objects.get(pk=entity_pk),
        inspectors=list(Inspector.objects.filter(pk__in=[outsider.pk, third.pk])),
        reason="本乡镇以外人员不足",
        actor=actor,
    )


@dataclass(frozen=True)
class Service:
    setup: Callable[[User], Callable[[], Any]]
    actor: str
    writes: frozenset[Any]
    points: tuple[FailurePoint, ...]


SERVICES: dict[str, Service] = {
    "draw_freeze": Service(
        freeze_case,
        "market_admin",
        frozenset({Freeze, Task, *AUDIT}),
        (
            SqlWrite(Freeze),
            AuditWrite("population.freeze"),
            SqlWrite(Task, "UPDATE"),
            AuditWrite("task.state"),  # the last write
        ),
    ),
    "draw_run": Service(
        draw_case,
        "market_admin",
        frozenset({Draw, Selection, TeamMember, Task, *AUDIT}),
        (
            SqlWrite(Draw),
            SqlWrite(Selection),
            SqlWrite(TeamMember),  # the last bulk insert
            SqlWrite(Task, "UPDATE"),
            AuditWrite("task.state"),
            AuditWrite("draw.run"),  # the last write
        ),
    ),
    "draw_redraw": Service(
        redraw_case,
        "office_admin",
        frozenset({Draw, Task, Freeze, *AUDIT}),
        (
            SqlWrite(Draw, "UPDATE"),
            AuditWrite("draw.redraw"),
            SqlWrite(Task, "UPDATE"),
            AuditWrite("task.state"),
            SqlWrite(Freeze),
            AuditWrite("population.freeze"),  # the last write
        ),
    ),
    "team_assign_directly": Service(
        direct_case,
        "market_admin",
        frozenset({DirectAssignment, DirectAssignment.inspectors.through, *AUDIT}),
        (
            SqlWrite(DirectAssignment),
            SqlWrite(DirectAssignment.inspectors.through),
            AuditWrite("team.assign"),  # the last write
        ),
    ),
}


@pytest.mark.parametrize(("name", "point"), failure_cases(SERVICES))
def test_failed_draw_step_leaves_nothing(
    name: str, point: FailurePoint, request: pytest.FixtureRequest
) -> None:
    service = SERVICES[name]
    run = service.setup(request.getfixturevalue(service.actor))
    check_nothing_remains(run, point, set(service.writes))
