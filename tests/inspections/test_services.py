"""Results, confirmations and follow-ups through the services; scoping of assignments."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shuangsuiji.common.audit import audit_verify
from shuangsuiji.common.errors import PermissionDenied, ServiceError
from shuangsuiji.common.models import AuditEntry
from shuangsuiji.directory.models import Department, User
from shuangsuiji.inspections import selectors, services
from shuangsuiji.inspections.checks import completion_blockers, reminders_due
from shuangsuiji.inspections.models import Evidence, FollowUp, Result, ResultCategory

from .builders import DAY

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def save(drawn: Any, user: User, category: str = "1", **kw: Any) -> Result:
    return services.result_save(
        actor=user,
        draw_id=drawn.draw.pk,
        entity_id=drawn.entity.pk,
        item=drawn.task.items.get(),
        method=kw.pop("method", "onsite"),
        inspected_on=kw.pop("inspected_on", DAY),
        category=category,
        **kw,
    )


def test_result_categories_carry_the_provincial_codes() -> None:
    codes = {"1", "A", "B", "C", "6", "2", "D", "3", "4", "5", "G", "E", "F", "7", "8"}
    assert codes | {"9", "10", "11", "12"} == set(ResultCategory.values)
    assert ResultCategory("6").label == "通过登记的住所（经营场所）无法联系"


def test_inspector_sees_only_own_assignments(drawn: Any) -> None:
    mine = selectors.assignment_list(actor=drawn.users[0])
    assert {a.entity.pk for a in mine} >= {drawn.entity.pk}
    assert drawn.other_entity.pk not in {a.entity.pk for a in mine}
    assert (
        selectors.assignment_get(
            actor=drawn.users[0], draw_id=drawn.draw.pk, entity_id=drawn.other_entity.pk
        )
        is None
    )
    a = selectors.assignment_get(
        actor=drawn.users[0], draw_id=drawn.draw.pk, entity_id=drawn.entity.pk
    )
    assert a is not None and a.due == drawn.task.window_end
    assert {o.pk for o in a.officers} == {o.pk for o in drawn.officers}


def test_inspector_cannot_change_another_teams_assignment(drawn: Any) -> None:
    outsider = drawn.other_users[0]
    with pytest.raises(PermissionDenied):
        save(drawn, outsider)
    assert not Result.objects.exists()


def test_dept_admin_sees_department_tasks_and_other_department_none(
    drawn: Any, market_admin: User, health_admin: User, office_admin: User
) -> None:
    n = drawn.draw.selections.count()
    assert len(selectors.assignment_list(actor=market_admin)) == n
    assert selectors.assignment_list(actor=health_admin) == []
    assert len(selectors.assignment_list(actor=office_admin)) == n


def test_both_officers_confirm_before_a_result_counts(drawn: Any) -> None:
    first, second = drawn.users
    result = save(drawn, first, "1", findings="经营场所与登记一致")
    assert completion_blockers(drawn.task)
    services.result_confirm(actor=first, result=result)
    assert not selectors.is_confirmed(Result.objects.get(pk=result.pk))
    with pytest.raises(ServiceError, match="已确认"):
        services.result_confirm(actor=first, result=result)
    services.result_confirm(actor=second, result=result)
    assert selectors.is_confirmed(Result.objects.get(pk=result.pk))
    # A change clears the confirmations: the changed result must be confirmed again.
    save(drawn, first, "F")
    assert Result.objects.get(pk=result.pk).confirmations.count() == 0
    assert AuditEntry.objects.filter(action="result.confirm").count() == 2
    assert audit_verify().ok


def test_delegated_check_names_the_agency_and_reference_needs_a_number(drawn: Any) -> None:
    with pytest.raises(ServiceError, match="受委托"):
        save(drawn, drawn.users[0], method="delegated")
    with pytest.raises(ServiceError, match="文号"):
        save(drawn, drawn.users[0], reference_kind="court")
    r = save(
        drawn,
        drawn.users[0],
        method="delegated",
        agency="洛阳市质量检测中心",
        reference_kind="professional",
        reference="洛质检〔2025〕12号",
    )
    assert r.agency == "洛阳市质量检测中心" and r.reference == "洛质检〔2025〕12号"


def test_evidence_is_sniffed_and_size_limited(drawn: Any, settings: Any, media_root: Any) -> None:
    user = drawn.users[0]
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image", "image/jpeg")
    with pytest.raises(ServiceError, match="不是图片"):
        save(drawn, user, files=[fake])
    assert not Result.objects.exists()
    settings.EVIDENCE_MAX_BYTES = 32
    with pytest.raises(ServiceError, match="超过"):
        save(drawn, user, files=[SimpleUploadedFile("big.png", PNG, "image/png")])
    settings.EVIDENCE_MAX_BYTES = 1024
    # One bad file among good ones stores none of them.
    good = SimpleUploadedFile("a.png", PNG, "image/png")
    with pytest.raises(ServiceError, match="不是图片"):
        save(drawn, user, files=[good, SimpleUploadedFile("b.exe", b"MZ\x90", "image/png")])
    assert not Evidence.objects.exists()
    assert not list((media_root / "evidence").glob("*"))
    r = save(drawn, user, files=[SimpleUploadedFile("现场.png", PNG, "application/octet-stream")])
    evidence = Evidence.objects.get(result=r)
    assert evidence.content_type == "image/png" and evidence.size == len(PNG)
    assert evidence.file.read() == PNG
    logged = AuditEntry.objects.filter(action="result.create").latest("id").after
    assert logged["evidence"] == [{"name": "现场.png", "sha256": evidence.sha256}]


def test_problem_result_needs_a_follow_up_and_correction_needs_deadline_and_recheck(
    drawn: Any, market_admin: User
) -> None:
    first, second = drawn.users
    result = save(drawn, first, "B", findings="未按期公示年度报告")
    services.result_confirm(actor=first, result=result)
    services.result_confirm(actor=second, result=result)
    assert any("后续处置" in r for r in completion_blockers(drawn.task))
    with pytest.raises(ServiceError, match="改正期限"):
        services.follow_up_create(
            actor=first, result=result, action="correction", due_on=dt.date(2025, 7, 31)
        )
    f = services.follow_up_create(
        actor=first,
        result=result,
        action="correction",
        due_on=dt.date(2025, 7, 31),
        correction_deadline=dt.date(2025, 7, 10),
    )
    assert f.owner_department == drawn.task.items.get().department
    assert not any("后续处置" in r for r in completion_blockers(drawn.task))
    assert [r.kind for r in reminders_due(dt.date(2025, 8, 1)) if r.kind == "follow_up_overdue"]
    with pytest.raises(ServiceError, match="复查"):
        services.follow_up_close(actor=market_admin, follow_up=f, closure_note="已改正")
    health = Department.objects.get(name="县卫生健康委")
    from ..conftest import make_user

    stranger = make_user("stranger", health, "dept_admin")
    with pytest.raises(PermissionDenied):
        services.follow_up_close(
            actor=stranger, follow_up=f, closure_note="x", recheck_on=dt.date(2025, 7, 11)
        )
    services.follow_up_close(
        actor=market_admin,
        follow_up=f,
        closure_note="复查已改正",
        recheck_on=dt.date(2025, 7, 11),
        corrected=True,
        files=[SimpleUploadedFile("r.pdf", b"%PDF-1.4\n%%EOF", "application/pdf")],
    )
    f.refresh_from_db()
    assert f.status == FollowUp.Status.CLOSED and f.evidence.count() == 1


def test_notify_follow_up_names_the_recipient(drawn: Any) -> None:
    result = save(drawn, drawn.users[0], "5")
    with pytest.raises(ServiceError, match="接收部门"):
        services.follow_up_create(
            actor=drawn.users[0], result=result, action="notify", due_on=dt.date(2025, 8, 1)
        )
    f = services.follow_up_create(
        actor=drawn.users[0],
        result=result,
        action="notify",
        due_on=dt.date(2025, 8, 1),
        recipient_department=Department.objects.get(name="县卫生健康委"),
        notified_on=dt.date(2025, 6, 12),
    )
    assert f.recipient_department.name == "县卫生健康委"


def test_no_problem_result_refuses_a_follow_up(drawn: Any) -> None:
    result = save(drawn, drawn.users[0], "1")
    with pytest.raises(ServiceError, match="无需"):
        services.follow_up_create(
            actor=drawn.users[0], result=result, action="case", due_on=dt.date(2025, 8, 1)
        )


def test_reminders_list_missing_results_near_window_end(drawn: Any) -> None:
    near = drawn.task.window_end - dt.timedelta(days=3)
    kinds = [r.kind for r in reminders_due(near)]
    assert "results_missing" in kinds
    assert [r for r in reminders_due(drawn.task.window_start) if r.kind == "results_missing"] == []
