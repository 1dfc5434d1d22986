"""Task pages: list and detail, scoped by role."""

from __future__ import annotations

import pytest
from django.test import Client

from shuangsuiji.directory.models import User

from ..sampling import builders as b

pytestmark = pytest.mark.django_db


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def test_task_list_and_detail_show_only_visible_tasks(
    client: Client, market_admin: User, health_admin: User
) -> None:
    market_only = b.task([b.item(name="营业执照检查")], code="LC2025-SCJG-001", name="营业执照抽查")
    login(client, health_admin)
    page = client.get("/tasks/").content.decode()
    assert "营业执照抽查" not in page
    assert client.get(f"/tasks/{market_only.pk}/").status_code == 404
    login(client, market_admin)
    page = client.get("/tasks/").content.decode()
    assert "营业执照抽查" in page and "LC2025-SCJG-001" in page
    detail = client.get(f"/tasks/{market_only.pk}/").content.decode()
    assert "营业执照检查" in detail and "双随机抽取" in detail


def test_anonymous_users_are_sent_to_login(client: Client) -> None:
    response = client.get("/tasks/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_publish_button_only_for_managers(
    client: Client, market_admin: User, market_inspector: User
) -> None:
    task = b.task([b.item()], publish=False)
    login(client, market_inspector)
    assert "发布任务" not in client.get(f"/tasks/{task.pk}/").content.decode()
    response = client.post(f"/tasks/{task.pk}/publish/")
    task.refresh_from_db()
    assert response.status_code == 302 and task.state == "draft"
    login(client, market_admin)
    assert "发布任务" in client.get(f"/tasks/{task.pk}/").content.decode()
    client.post(f"/tasks/{task.pk}/publish/")
    task.refresh_from_db()
    assert task.state == "published"
