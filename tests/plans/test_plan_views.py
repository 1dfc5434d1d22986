"""Pages of plans, joint requests, task lifecycle and reminders: access and the happy paths."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.directory.models import User
from shuangsuiji.plans import planning, reminders
from shuangsuiji.plans.models import (
    JointRequest,
    JointRequestState,
    Plan,
    PlanState,
    Task,
    TaskState,
)

from ..sampling import builders as b

pytestmark = pytest.mark.django_db


def test_office_creates_fills_approves_publishes_and_amends_a_plan(
    client: Client, office_admin: User
) -> None:
    client.force_login(office_admin)
    r = client.post("/plans/", {"year": "2025", "title": ""})
    plan = Plan.objects.get(year=2025)
    assert r.status_code == 302 and r["Location"] == f"/plans/{plan.pk}/"
    item = b.item(name="营业执照规范使用")
    page = client.get(f"/plans/{plan.pk}/tasks/add/")
    assert "营业执照规范使用" in page.content.decode()
    r = client.post(
        f"/plans/{plan.pk}/tasks/add/",
        {
            "code": "LC2025-JH-001",
            "name": "营业执照检查",
            "lead_department": b.market().pk,
            "items": [item.pk],
            "kind": "undirected",
            "window_start": "2025-04-01",
            "window_end": "2025-10-31",
        },
    )
    assert r.status_code == 302 and plan.tasks.count() == 1
    client.post(f"/plans/{plan.pk}/approve/")
    client.post(f"/plans/{plan.pk}/publish/")
    plan.refresh_from_db()
    assert plan.state == PlanState.PUBLISHED
    client.post(f"/plans/{plan.pk}/amend/", {"reason": ""})
    plan.refresh_from_db()
    assert plan.state == PlanState.PUBLISHED  # no reason: refused
    client.post(f"/plans/{plan.pk}/amend/", {"reason": "增加任务"})
    plan.refresh_from_db()
    assert plan.version == 2
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "第1版" in page and "营业执照检查" in page


def test_department_admins_see_plans_but_cannot_change_them(
    client: Client, market_admin: User
) -> None:
    plan = planning.plan_create(actor=SYSTEM, year=2025)
    client.force_login(market_admin)
    assert client.get(f"/plans/{plan.pk}/").status_code == 200
    assert client.get(f"/plans/{plan.pk}/tasks/add/").status_code == 403
    assert client.post(f"/plans/{plan.pk}/approve/").status_code == 403
    assert client.post("/plans/", {"year": "2026"}).status_code == 403


def test_joint_request_submitted_by_a_department_and_returned_by_the_office(
    client: Client, health_admin: User, office_admin: User, market_admin: User
) -> None:
    item = b.item(department=b.health(), name="游泳场馆卫生")
    client.force_login(health_admin)
    r = client.post(
        "/joint-requests/new/",
        {
            "items": [item.pk],
            "partner_departments": [b.market().pk],
            "window_start": "2025-06-01",
            "window_end": "2025-08-31",
            "note": "暑期",
        },
    )
    assert r.status_code == 302
    req = JointRequest.objects.get()
    assert client.post(f"/joint-requests/{req.pk}/", {"reason": "x"}).status_code == 403
    client.force_login(market_admin)
    assert client.get(f"/joint-requests/{req.pk}/").status_code == 404
    assert client.get("/joint-requests/new/").status_code == 200
    client.force_login(office_admin)
    page = client.post(f"/joint-requests/{req.pk}/", {"decision": "approve", "code": "X"})
    assert "2025年度抽查计划尚未建立" in page.content.decode()
    client.post(f"/joint-requests/{req.pk}/", {"decision": "return", "reason": "已有同类任务"})
    req.refresh_from_db()
    assert req.state == JointRequestState.RETURNED


def test_task_page_moves_through_the_lifecycle_and_shows_the_publication_due_date(
    client: Client, market_admin: User
) -> None:
    task = b.task([b.item()], publish=False)
    Task.objects.filter(pk=task.pk).update(state=TaskState.DRAWN)
    client.force_login(market_admin)
    client.post(f"/tasks/{task.pk}/start/")
    assert Task.objects.get(pk=task.pk).state == TaskState.IN_PROGRESS
    page = client.post(f"/tasks/{task.pk}/complete/", follow=True).content.decode()
    assert "任务已完成" in page, page[page.find('class="msg') :][:300]
    Task.objects.filter(pk=task.pk).update(completed_on=dt.date(2025, 9, 18))
    page = client.get(f"/tasks/{task.pk}/").content.decode()
    assert "结果公示期限" in page and "2025-10-22" in page
    Task.objects.filter(pk=task.pk).update(completed_on=dt.date(2027, 3, 1))
    page = client.get(f"/tasks/{task.pk}/").content.decode()
    assert "无法计算：2027年节假日未录入" in page
    client.post(f"/tasks/{task.pk}/terminate/", {"reason": ""}, follow=True)
    assert Task.objects.get(pk=task.pk).state == TaskState.COMPLETED
    client.post(f"/tasks/{task.pk}/terminate/", {"reason": "撤销"})
    assert Task.objects.get(pk=task.pk).state == TaskState.TERMINATED


def test_other_department_cannot_move_a_task(client: Client, health_admin: User) -> None:
    task = b.task([b.item()], publish=False)
    client.force_login(health_admin)
    assert client.post(f"/tasks/{task.pk}/terminate/", {"reason": "x"}).status_code == 404


def test_message_list_and_read(client: Client, market_inspector: User) -> None:
    task = b.task([b.item()], publish=False)
    Task.objects.filter(pk=task.pk).update(state=TaskState.DRAWN)
    (message,) = reminders.remind_send(day=dt.date(2025, 10, 27))
    client.force_login(market_inspector)
    assert "检查期限将于2025-10-31截止" in client.get("/messages/").content.decode()
    r = client.post(f"/messages/{message.pk}/read/", {"follow": "1"})
    assert r["Location"] == f"/tasks/{task.pk}/"
    message.refresh_from_db()
    assert message.read_at is not None
