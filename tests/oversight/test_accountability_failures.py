"""问责/免责审查 opening, claim and decision fail partway without leaving anything: no review,
no link to an inspection or an officer, no changed decision and no audit entry remains, and
the chain verifies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from shuangsuiji.common.models import AuditChainHead, AuditEntry
from shuangsuiji.directory.models import User
from shuangsuiji.oversight import accountability as svc
from shuangsuiji.oversight.models import AccountabilityReview

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

pytestmark = pytest.mark.django_db

AUDIT = (AuditEntry, AuditChainHead)
Review = AccountabilityReview


@pytest.fixture(autouse=True)
def fixture_day(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    with on_fixture_day():
        yield


def open_case(office: User) -> Callable[[], Any]:
    """One inspected firm of a completed market task, its two officers to be named."""
    done = completed_task(code="LC2025-SCJG-951", n_entities=1)
    selection = done.draw.selections.get()
    return lambda: svc.review_open(
        actor=office,
        entity=selection.entity,
        department=done.task.lead_department,
        source="accident",
        surfaced_on=dt.date(2025, 11, 18),
        problem="企业发生燃气泄漏事故",
        adverse=True,
        adverse_note="一人受伤",
        selections=[selection],
    )


def claim_case(office: User) -> Callable[[], Any]:
    pk = open_case(office)().pk
    return lambda: svc.review_claim(
        actor=office,
        review=Review.objects.get(pk=pk),
        claimed_exemption="no_causation",
        claim_note="事故由燃气公司管道老化引起",
    )


def decide_case(office: User) -> Callable[[], Any]:
    pk = open_case(office)().pk
    return lambda: svc.review_decide(
        actor=office,
        review=Review.objects.get(pk=pk),
        decision="exempt",
        exemption_case="no_causation",
        reason="事故与抽查事项不存在因果关系",
    )


SERVICES: dict[str, Service] = {
    "review_open": Service(
        open_case,
        frozenset({Review, Review.selections.through, Review.inspectors.through, *AUDIT}),
        (
            SqlWrite(Review),
            SqlWrite(Review.selections.through),
            SqlWrite(Review.inspectors.through),
            AuditWrite("accountability_review.open"),  # the last write
        ),
    ),
    "review_claim": Service(
        claim_case,
        frozenset({Review, *AUDIT}),
        (SqlWrite(Review, "UPDATE"), AuditWrite("accountability_review.claim")),
    ),
    "review_decide": Service(
        decide_case,
        frozenset({Review, *AUDIT}),
        (SqlWrite(Review, "UPDATE"), AuditWrite("accountability_review.decide")),
    ),
}


@pytest.mark.parametrize(("name", "point"), failure_cases(SERVICES))
def test_failed_review_write_leaves_nothing(
    name: str, point: FailurePoint, office_admin: User
) -> None:
    service = SERVICES[name]
    check_nothing_remains(service.setup(office_admin), point, set(service.writes))
