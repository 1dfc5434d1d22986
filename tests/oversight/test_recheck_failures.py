"""抽样复查 freeze, draw and team assignment fail partway without leaving anything: no round,
no re-check item or team, no audit entry remains, and the chain verifies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from shuangsuiji.common.models import AuditChainHead, AuditEntry
from shuangsuiji.directory.models import Inspector, User
from shuangsuiji.oversight import recheck as svc
from shuangsuiji.oversight.models import Recheck, RecheckItem

from ..disclosure.builders import completed_task
from ..failures import (
    AuditWrite,
    FailurePoint,
    Service,
    SqlWrite,
    check_nothing_remains,
    failure_cases,
    on_fixture_day,
)
from ..sampling import builders as b

pytestmark = pytest.mark.django_db

AUDIT = (AuditEntry, AuditChainHead)
DUE = dt.date(2025, 12, 31)


@pytest.fixture(autouse=True)
def fixture_day(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    with on_fixture_day():
        yield


def completed_inspections() -> None:
    """Three entities inspected by 市场监管, and six 卫健 officers to re-check them."""
    completed_task(code="LC2025-SCJG-301", n_entities=3)
    b.officers(6, department=b.health(), area=b.area("城关镇"))


def freeze(office: User) -> Recheck:
    return svc.recheck_freeze(
        actor=office, year=2025, share_bp=5000, team_department=b.health(), due_on=DUE
    )


def freeze_case(office: User) -> Callable[[], Any]:
    completed_inspections()
    return lambda: freeze(office)


def draw_case(office: User) -> Callable[[], Any]:
    completed_inspections()
    pk = freeze(office).pk
    return lambda: svc.recheck_draw(
        recheck=Recheck.objects.get(pk=pk),
        witness_entropy=b.WITNESS,
        witness_source="中国体育彩票超级大乐透开奖号码",
        witness_name="李见证",
        actor=office,
    )


def assign_case(office: User) -> Callable[[], Any]:
    """A drawn item's team replaced by two 卫健 officers it does not have."""
    run = draw_case(office)
    items = list(RecheckItem.objects.filter(recheck=run()).order_by("position"))
    assert len(items) == 2  # ceil(3 × 50 %)
    item = items[0]
    others = Inspector.objects.filter(department=b.health()).exclude(pk__in=item.team.all())
    people = list(others.order_by("pk")[:2])
    assert len(people) == 2
    return lambda: svc.recheck_assign_team(
        item=RecheckItem.objects.get(pk=item.pk),
        inspectors=people,
        reason="原复查组成员出差",
        actor=office,
    )


SERVICES: dict[str, Service] = {
    "recheck_freeze": Service(
        freeze_case,
        frozenset({Recheck, *AUDIT}),
        (SqlWrite(Recheck), AuditWrite("recheck.freeze")),
    ),
    "recheck_draw": Service(
        draw_case,
        frozenset({Recheck, RecheckItem, RecheckItem.team.through, *AUDIT}),
        (
            SqlWrite(Recheck, "UPDATE"),
            # ceil(3 × 50 %) = 2 items: the second, after the first and its team are written.
            SqlWrite(RecheckItem, nth=2),
            SqlWrite(RecheckItem.team.through, nth=2),  # the last bulk insert
            AuditWrite("recheck.draw"),  # the last write
        ),
    ),
    "recheck_assign_team": Service(
        assign_case,
        frozenset({RecheckItem, RecheckItem.team.through, *AUDIT}),
        (
            SqlWrite(RecheckItem.team.through, "DELETE"),
            SqlWrite(RecheckItem.team.through),
            SqlWrite(RecheckItem, "UPDATE"),
            AuditWrite("recheck.assign_team"),  # the last write
        ),
    ),
}


@pytest.mark.parametrize(("name", "point"), failure_cases(SERVICES))
def test_failed_recheck_write_leaves_nothing(
    name: str, point: FailurePoint, office_admin: User
) -> None:
    service = SERVICES[name]
    check_nothing_remains(service.setup(office_admin), point, set(service.writes))
