"""Workbench pages, the public 检查码 page, the QR code and the printable PDFs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from shuangsuiji.directory.models import User
from shuangsuiji.inspections.models import CheckCode, FollowUp, Result

from ..tools import check_without_system_fonts, embedded_pdf_text, flat
from .builders import DAY

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def url(drawn: Any, entity: Any = None) -> str:
    return reverse("inspections:assignment", args=[drawn.draw.pk, (entity or drawn.entity).pk])


def test_workbench_lists_own_assignments_and_hides_other_teams(drawn: Any) -> None:
    c = client_for(drawn.users[0])
    page = c.get(reverse("inspections:assignment_list")).content.decode()
    assert drawn.entity.name in page and drawn.other_entity.name not in page
    detail = c.get(url(drawn)).content.decode()
    assert drawn.officers[1].certificate_no in detail
    assert drawn.task.items.get().legal_basis in detail
    assert "13900000000" not in detail
    assert c.get(url(drawn, drawn.other_entity)).status_code == 404
    item = drawn.task.items.get()
    save = reverse("inspections:result_save", args=[drawn.draw.pk, drawn.other_entity.pk, item.pk])
    assert c.post(save, {}).status_code == 404


def test_result_form_then_two_confirmations_and_a_correction_follow_up(drawn: Any) -> None:
    first, second = (client_for(u) for u in drawn.users)
    item = drawn.task.items.get()
    save = reverse("inspections:result_save", args=[drawn.draw.pk, drawn.entity.pk, item.pk])
    p = f"i{item.pk}-"
    response = first.post(
        save,
        {
            p + "method": "onsite",
            p + "inspected_on": DAY.isoformat(),
            p + "category": "2",
            p + "findings": "未亮照经营",
        },
    )
    assert response.status_code == 302
    result = Result.objects.get()
    for c in (first, second):
        c.post(reverse("inspections:result_confirm", args=[result.pk]))
    assert result.confirmations.count() == 2
    f = f"f{item.pk}-"
    first.post(
        reverse("inspections:follow_up_create", args=[result.pk]),
        {
            f + "action": "correction",
            f + "due_on": "2025-07-31",
            f + "correction_deadline": "2025-07-10",
        },
    )
    follow_up = FollowUp.objects.get()
    assert follow_up.action == "correction"
    page = first.get(reverse("inspections:follow_up_list")).content.decode()
    assert drawn.entity.name in page
    assert (
        client_for(drawn.other_users[0])
        .get(reverse("inspections:follow_up", args=[follow_up.pk]))
        .status_code
        == 404
    )


def test_public_check_page_shows_names_and_certificates_only(drawn: Any) -> None:
    client_for(drawn.users[0]).get(url(drawn))
    token = CheckCode.objects.get(draw=drawn.draw, entity=drawn.entity).token
    anonymous = Client()
    page = anonymous.get(reverse("inspections:public_check", args=[token]))
    assert page.status_code == 200
    text = page.content.decode()
    assert drawn.entity.name in text and drawn.task.name in text
    for officer in drawn.officers:
        assert officer.name in text and officer.certificate_no in text
    assert "13900000000" not in text and drawn.entity.uscc not in text
    qr = anonymous.get(reverse("inspections:public_check_qr", args=[token]))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    assert anonymous.get(reverse("inspections:public_check", args=["nope"])).status_code == 404


def test_printable_notice_and_checklist_embed_their_font_and_extract(
    drawn: Any, tmp_path: Path
) -> None:
    c = client_for(drawn.users[0])
    pdfs = {}
    for kind in ("notice", "checklist"):
        response = c.get(
            reverse("inspections:document", args=[drawn.draw.pk, drawn.entity.pk, kind])
        )
        assert response["Content-Type"] == "application/pdf"
        pdfs[kind] = response.content
    token = CheckCode.objects.get(draw=drawn.draw, entity=drawn.entity).token
    team = [s for o in drawn.officers for s in (o.name, o.certificate_no)]
    notice = flat(embedded_pdf_text(pdfs["notice"]))
    for expected in ("“双随机、一公开”检查通知书", drawn.entity.name, drawn.entity.uscc,
                     "LC2025-SCJG-101", "检查事项：LC2025-SCJG-101事项", token, *team):  # fmt: skip
        assert expected in notice
    checklist = flat(embedded_pdf_text(pdfs["checklist"]))
    for expected in ("“双随机、一公开”检查表", "任务：LC2025-SCJG-101", drawn.entity.uscc,
                     "LC2025-SCJG-101事项", "□未发现问题□发现问题", *team):  # fmt: skip
        assert expected in checklist
    # A machine with no CJK font (no font at all) draws and reads the notice the same.
    fontless = check_without_system_fonts(pdfs["notice"], tmp_path)
    assert drawn.entity.uscc in flat(fontless.text) and token in flat(fontless.text)
    other = reverse("inspections:document", args=[drawn.draw.pk, drawn.other_entity.pk, "notice"])
    assert c.get(other).status_code == 404


def test_task_page_shows_the_inspection_section_to_the_department(
    drawn: Any, market_admin: User
) -> None:
    page = client_for(market_admin).get(reverse("plans:task_detail", args=[drawn.task.pk]))
    assert "检查与结果" in page.content.decode()


def test_visit_page_lists_and_the_office_proposes(drawn: Any, office_admin: User) -> None:
    c = client_for(office_admin)
    assert c.get(reverse("inspections:visit_list")).status_code == 200
    response = c.post(reverse("inspections:visit_propose"), {"year": "2025"})
    assert response.status_code == 302


def test_admin_lists_results_read_only_for_the_office(
    drawn: Any, office_admin: User, market_admin: User
) -> None:
    c = client_for(office_admin)
    for name in ("result", "followup", "visit", "evidence"):
        assert c.get(reverse(f"admin:inspections_{name}_changelist")).status_code == 200
    assert c.get(reverse("admin:inspections_result_add")).status_code == 403
    changelist = reverse("admin:inspections_result_changelist")
    assert client_for(market_admin).get(changelist).status_code == 403
