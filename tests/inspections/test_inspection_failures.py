"""Results, confirmations, follow-up closure and visit merge fail partway without leaving
anything: no row, no audit entry, and no evidence file in storage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shuangsuiji.common.models import AuditChainHead, AuditEntry
from shuangsuiji.directory.models import Entity, InspectionItem, User
from shuangsuiji.inspections import listings, services, visits
from shuangsuiji.inspections.models import (
    AbnormalListing,
    Evidence,
    FollowUp,
    Result,
    ResultConfirmation,
    Visit,
    VisitSelection,
)

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
from .builders import DAY, Drawn, drawn_task

pytestmark = pytest.mark.django_db

AUDIT = (AuditEntry, AuditChainHead)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"


@pytest.fixture(autouse=True)
def fixture_day() -> Iterator[None]:
    with on_fixture_day():
        yield


def uploads() -> list[SimpleUploadedFile]:
    """Two files, made anew for every call (an upload is read once)."""
    return [
        SimpleUploadedFile("现场照片.png", PNG, "image/png"),
        SimpleUploadedFile("检查记录.pdf", PDF, "application/pdf"),
    ]


def save(drawn: Drawn, category: str = "1", **kw: Any) -> Result:
    return services.result_save(
        actor=drawn.users[0],
        draw_id=drawn.draw.pk,
        entity_id=drawn.entity.pk,
        item=InspectionItem.objects.get(pk=drawn.task.items.get().pk),
        method="onsite",
        inspected_on=DAY,
        category=category,
        **kw,
    )


def result_create_case(office: User) -> Callable[[], Any]:
    drawn = drawn_task(n_entities=2)
    return lambda: save(drawn, findings="证照齐全", files=uploads())


def result_update_case(office: User) -> Callable[[], Any]:
    drawn = drawn_task(n_entities=2)
    result = save(drawn)
    for user in drawn.users[:2]:
        services.result_confirm(actor=user, result=result)
    return lambda: save(drawn, category="2", findings="未公示年报", files=uploads())


def result_confirm_case(office: User) -> Callable[[], Any]:
    drawn = drawn_task(n_entities=2)
    pk = save(drawn).pk
    return lambda: services.result_confirm(actor=drawn.users[1], result=Result.objects.get(pk=pk))


def follow_up_close_case(office: User) -> Callable[[], Any]:
    drawn = drawn_task(n_entities=2)
    result = save(drawn, category="2")
    follow_up = services.follow_up_create(
        actor=drawn.users[0], result=result, action="case", due_on=dt.date(2025, 12, 31)
    )
    return lambda: services.follow_up_close(
        actor=drawn.users[0],
        follow_up=FollowUp.objects.get(pk=follow_up.pk),
        closure_note="已立案查处",
        closed_on=dt.date(2025, 11, 18),
        files=uploads(),
    )


def referred_6(office: User) -> tuple[User, Result, FollowUp]:
    """A 卫健 result 6 referred (抄告) to 市场监管, and 市场监管's admin."""
    from ..conftest import make_user

    drawn = drawn_task(code="LC2025-WJW-301", department=b.health(), n_entities=2)
    result = save(drawn, category="6")
    referral = services.follow_up_create(
        actor=drawn.users[0], result=result, action="refer_listing", due_on=dt.date(2025, 7, 1)
    )
    admin = make_user("scjg_listing", b.market(), "dept_admin")
    return admin, result, referral


def listing_enter_case(office: User) -> Callable[[], Any]:
    admin, result, referral = referred_6(office)
    return lambda: listings.abnormal_list_enter(
        actor=admin,
        result=Result.objects.get(pk=result.pk),
        referral=FollowUp.objects.get(pk=referral.pk),
        listed_on=dt.date(2025, 6, 20),
    )


def listing_remove_case(office: User) -> Callable[[], Any]:
    admin, result, referral = referred_6(office)
    pk = listings.abnormal_list_enter(
        actor=admin, result=result, referral=referral, listed_on=dt.date(2025, 6, 20)
    ).pk
    return lambda: listings.abnormal_list_remove(
        actor=admin, listing=AbnormalListing.objects.get(pk=pk), reason="reachable"
    )


def two_departments_share_three_entities() -> None:
    shared = b.entities(3, area=b.area("城关镇"))
    drawn_task(
        code="LC2025-SCJG-201", entities=shared, window=(dt.date(2025, 4, 1), dt.date(2025, 6, 30))
    )
    drawn_task(
        code="LC2025-WJW-201",
        department=b.health(),
        entities=shared,
        window=(dt.date(2025, 6, 1), dt.date(2025, 9, 30)),
    )


def visit_propose_case(office: User) -> Callable[[], Any]:
    two_departments_share_three_entities()
    return lambda: visits.visit_propose_all(actor=office, year=2025)


def visit_confirm_case(office: User) -> Callable[[], Any]:
    two_departments_share_three_entities()
    pk = visits.visit_propose_all(actor=office, year=2025)[0].pk
    return lambda: visits.visit_confirm(actor=office, visit=Visit.objects.get(pk=pk))


SERVICES: dict[str, Service] = {
    "result_save-new": Service(
        result_create_case,
        frozenset({Result, Evidence, *AUDIT}),
        (
            SqlWrite(Result),
            SqlWrite(Evidence, nth=2),  # the second file, after the first file and its row
            AuditWrite("result.create"),  # the last write, both files stored
        ),
    ),
    "result_save-change": Service(
        result_update_case,
        frozenset({Result, ResultConfirmation, Evidence, *AUDIT}),
        (
            SqlWrite(Result, "UPDATE"),
            SqlWrite(ResultConfirmation, "DELETE"),
            SqlWrite(Evidence, nth=2),
            AuditWrite("result.update"),
        ),
    ),
    "result_confirm": Service(
        result_confirm_case,
        frozenset({ResultConfirmation, *AUDIT}),
        (SqlWrite(ResultConfirmation), AuditWrite("result.confirm")),
    ),
    "follow_up_close": Service(
        follow_up_close_case,
        frozenset({FollowUp, Evidence, *AUDIT}),
        (SqlWrite(FollowUp, "UPDATE"), SqlWrite(Evidence, nth=2), AuditWrite("followup.close")),
    ),
    "abnormal_list_enter": Service(
        listing_enter_case,
        frozenset({FollowUp, AbnormalListing, Entity, *AUDIT}),
        (
            SqlWrite(FollowUp),  # the listing's own follow-up
            SqlWrite(AbnormalListing),
            SqlWrite(FollowUp, "UPDATE"),  # the referral closed
            SqlWrite(Entity, "UPDATE"),  # the firm's flag
            AuditWrite("abnormal_list.enter"),
        ),
    ),
    "abnormal_list_remove": Service(
        listing_remove_case,
        frozenset({AbnormalListing, Entity, *AUDIT}),
        (
            SqlWrite(AbnormalListing, "UPDATE"),
            SqlWrite(Entity, "UPDATE"),
            AuditWrite("abnormal_list.remove"),
        ),
    ),
    "visit_propose_all": Service(
        visit_propose_case,
        frozenset({Visit, VisitSelection, Visit.members.through, *AUDIT}),
        (
            # The third of three proposals, after two were written in full.
            SqlWrite(Visit, nth=3),
            SqlWrite(Visit.members.through, nth=3),  # the last bulk insert
            AuditWrite("visit.propose", nth=3),  # the last write
        ),
    ),
    "visit_confirm": Service(
        visit_confirm_case,
        frozenset({Visit, *AUDIT}),
        (SqlWrite(Visit, "UPDATE"), AuditWrite("visit.confirm")),
    ),
}


@pytest.mark.parametrize(("name", "point"), failure_cases(SERVICES))
def test_failed_inspection_write_leaves_nothing(
    name: str, point: FailurePoint, office_admin: User
) -> None:
    service = SERVICES[name]
    check_nothing_remains(service.setup(office_admin), point, set(service.writes))
