"""履职记录: rows against a hand-made task, access, the page and the PDF (oversight.duty)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from shuangsuiji.directory.models import Department, Inspector, User
from shuangsuiji.inspections import services
from shuangsuiji.oversight import duty
from shuangsuiji.plans import services as plan_services
from shuangsuiji.sampling.models import Selection

from ..conftest import make_user
from ..disclosure.builders import lead_admin
from ..inspections.builders import DAY, Drawn, account, drawn_task, team_of
from ..tools import check_without_system_fonts, embedded_pdf_text, flat

pytestmark = pytest.mark.django_db

LATE_DAY = dt.date(2025, 11, 5)  # after the window (2025-04-01 … 2025-10-31)


@dataclass
class Fixture:
    drawn: Drawn
    admin: User
    done: list[int]  # entity ids in selection order: confirmed in window, late & unconfirmed


def hand_made() -> Fixture:
    """Three drawn entities: the first inspected in the window and confirmed by two officers
    with a case follow-up; the second inspected after the window with one confirmation; the
    third not yet inspected."""
    drawn = drawn_task(n_entities=3)
    admin = lead_admin(drawn.task.lead_department)
    plan_services.task_start(actor=admin, task=drawn.task)
    item = drawn.task.items.get()
    selections = list(Selection.objects.filter(draw=drawn.draw).order_by("position"))
    for n, (day, category, confirmers) in enumerate([(DAY, "2", 2), (LATE_DAY, "1", 1)]):
        users = [account(o) for o in team_of(drawn.draw, selections[n].entity)]
        result = services.result_save(
            actor=users[0],
            draw_id=drawn.draw.pk,
            entity_id=selections[n].entity_id,
            item=item,
            method="onsite",
            inspected_on=day,
            category=category,
        )
        for user in users[:confirmers]:
            services.result_confirm(actor=user, result=result)
        if category == "2":
            services.follow_up_create(
                actor=admin, result=result, action="case", due_on=dt.date(2025, 12, 31)
            )
    return Fixture(drawn, admin, [s.entity_id for s in selections])


def test_department_record_lists_every_inspection_with_its_timeliness() -> None:
    f = hand_made()
    record = duty.department_record(
        department=f.drawn.task.lead_department, period=duty.Period(2025)
    )
    assert [(t.task.code, t.role, t.assignments) for t in record.tasks] == [
        (f.drawn.task.code, "发起部门", 3)
    ]
    assert record.tasks[0].publication.label == "未完成"
    by_entity = {line.assignment.entity.pk: line for line in record.inspections}
    assert set(by_entity) == set(f.done)
    first, second, third = (by_entity[pk] for pk in f.done)
    [r1] = first.results
    assert (r1.result.inspected_on, r1.in_window, r1.confirmed) == (DAY, True, True)
    assert [fu.action for fu in r1.follow_ups] == ["case"]
    assert len(r1.result.confirmations.all()) == 2
    [r2] = second.results
    assert (r2.result.inspected_on, r2.in_window, r2.confirmed) == (LATE_DAY, False, False)
    assert third.results == [] and third.missing_items == [f.drawn.task.items.get().name]
    summary = dict(record.summary())
    assert summary["检查对象（户次）"] == 3
    assert summary["检查结果"] == 2
    assert summary["经两名执法人员确认"] == 1
    assert summary["在检查期间内检查"] == 1
    assert summary["发现问题"] == 1
    assert summary["尚未录入结果的事项"] == 1
    assert summary["后续处置（办理中）"] == 1

    other_year = duty.department_record(
        department=f.drawn.task.lead_department, period=duty.Period(2024)
    )
    assert other_year.tasks == [] and other_year.inspections == []
    after_window = duty.Period(2025, start=dt.date(2025, 11, 1))
    assert (
        duty.department_record(department=f.drawn.task.lead_department, period=after_window).tasks
        == []
    )


def test_inspector_record_matches_the_workbench_assignments() -> None:
    f = hand_made()
    officer = f.drawn.officers[0]
    record = duty.inspector_record(inspector=officer, period=duty.Period(2025))
    mine = [
        s.entity_id
        for s in Selection.objects.filter(draw=f.drawn.draw)
        if officer in team_of(f.drawn.draw, s.entity)
    ]
    assert sorted(line.assignment.entity.pk for line in record.inspections) == sorted(mine)
    assert f.done[0] in mine
    assert [t.role for t in record.tasks] == ["检查组成员"]
    line = next(li for li in record.inspections if li.assignment.entity.pk == f.done[0])
    confirmers = {c.inspector.pk for c in line.results[0].result.confirmations.all()}
    assert officer.pk in confirmers


def test_access_to_records(
    client: Client, office_admin: User, health_admin: User, market_admin: User
) -> None:
    f = hand_made()
    dept = f.drawn.task.lead_department
    officer = f.drawn.officers[0]
    stranger = Inspector.objects.filter(department=dept).exclude(pk=officer.pk).first()
    assert stranger is not None
    urls = [
        reverse("duty:department", args=[dept.pk]),
        reverse("duty:department_pdf", args=[dept.pk]),
        reverse("duty:inspector", args=[officer.pk]),
        reverse("duty:inspector_pdf", args=[officer.pk]),
    ]
    for user in (office_admin, market_admin):
        client.force_login(user)
        assert [client.get(u).status_code for u in urls] == [200, 200, 200, 200]
    client.force_login(health_admin)
    assert [client.get(u).status_code for u in urls] == [404, 404, 404, 404]
    client.force_login(account(officer))
    assert [client.get(u).status_code for u in urls] == [404, 404, 200, 200]
    client.force_login(account(stranger))
    assert [client.get(u).status_code for u in urls] == [404, 404, 404, 404]


def test_index_sends_each_role_to_its_own_record(
    client: Client, office_admin: User, market_admin: User, market_dept: object
) -> None:
    f = hand_made()
    client.force_login(office_admin)
    page = client.get(reverse("duty:index"), {"year": 2025})
    assert page.status_code == 200 and "县市场监督管理局" in page.content.decode()
    client.force_login(market_admin)
    response = client.get(reverse("duty:index"), {"year": 2025})
    assert response["Location"] == (
        reverse("duty:department", args=[market_admin.department_id]) + "?year=2025"
    )
    officer = f.drawn.officers[0]
    client.force_login(account(officer))
    assert client.get(reverse("duty:index"))["Location"] == reverse(
        "duty:inspector", args=[officer.pk]
    )
    client.force_login(make_user("nobody", f.drawn.task.lead_department, "inspector"))
    assert client.get(reverse("duty:index")).status_code == 403


def test_record_page_shows_rows(client: Client, office_admin: User) -> None:
    f = hand_made()
    client.force_login(office_admin)
    url = reverse("duty:department", args=[f.drawn.task.lead_department.pk])
    html = client.get(url, {"year": 2025}).content.decode()
    assert f.drawn.task.code in html
    assert "尚未录入" in html and "未满两名执法人员确认" in html and "立案查处" in html
    assert "打印履职记录（PDF）" in html


def test_pdf_is_the_evidence_pack(client: Client, office_admin: User, tmp_path: Path) -> None:
    f = hand_made()
    officer = f.drawn.officers[0]
    client.force_login(office_admin)
    response = client.get(reverse("duty:inspector_pdf", args=[officer.pk]), {"year": 2025})
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" not in response["Content-Disposition"]
    text = flat(embedded_pdf_text(response.content))
    entity = f.drawn.entity
    for expected in (
        "履职记录",
        f"执法检查人员：{officer.name}",
        f"执法证号{officer.certificate_no}",
        "期间：2025年度",
        "LC2025-SCJG-101",
        f"{entity.name}（{entity.uscc}）",
        "LC2025-SCJG-101事项",
        "2025-06-10",
        "立案查处",
        f"生成人：{office_admin.display_name}",
        "尽职照单免责",
    ):
        assert expected in text
    # The footer is drawn on the canvas, outside the story: it too reads the same without fonts.
    fontless = check_without_system_fonts(response.content, tmp_path)
    assert "尽职照单免责" in flat(fontless.text) and "第1页" in flat(fontless.text)


def test_a_partner_department_answers_for_its_own_items_only(health_dept: Department) -> None:
    f = hand_made()
    f.drawn.task.partner_departments.add(health_dept)
    record = duty.department_record(department=health_dept, period=duty.Period(2025))
    assert [(t.task.code, t.role) for t in record.tasks] == [(f.drawn.task.code, "配合部门")]
    # The task's only item is the market department's: nothing of it is the partner's to record.
    assert len(record.inspections) == 3
    assert all(line.results == [] and line.missing_items == [] for line in record.inspections)
