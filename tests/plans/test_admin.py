"""Tasks and the draw ledger in the admin: tasks written through the services, the ledger and
the adjacency approvals under the office's control."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from shuangsuiji.common.models import AuditEntry
from shuangsuiji.directory.models import User
from shuangsuiji.plans.models import Task
from shuangsuiji.sampling.models import AreaAdjacency

from ..sampling import builders as b

pytestmark = pytest.mark.django_db


def test_department_admin_adds_a_task_through_the_service(
    client: Client, market_admin: User
) -> None:
    item = b.item(name="营业执照检查")
    client.force_login(market_admin)
    add = reverse("admin:plans_task_add")
    assert client.get(add).status_code == 200
    response = client.post(
        add,
        {
            "code": "LC2025-SCJG-009",
            "name": "后台新建的任务",
            "year": "2025",
            "lead_department": b.market().pk,
            "items": [item.pk],
            "kind": "directed",
            "cond_industries": "h62、F5212",
            "window_start": "2025-04-01",
            "window_end": "2025-10-31",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    task = Task.objects.get(code="LC2025-SCJG-009")
    assert task.conditions == {"industry_prefixes": ["F5212", "H62"]}
    assert list(task.items.all()) == [item]
    assert AuditEntry.objects.get(action="task.create").actor == market_admin


def test_admin_refuses_a_task_the_service_refuses(client: Client, market_admin: User) -> None:
    client.force_login(market_admin)
    response = client.post(
        reverse("admin:plans_task_add"),
        {
            "code": "T",
            "name": "x",
            "year": "2025",
            "lead_department": b.market().pk,
            "items": [b.item(year=2026).pk],
            "kind": "undirected",
            "window_start": "2025-04-01",
            "window_end": "2025-10-31",
        },
    )
    assert response.status_code == 200
    assert "与任务年度不符" in response.content.decode()
    assert not Task.objects.exists()


def test_only_the_office_approves_adjacent_townships(
    client: Client, market_admin: User, office_admin: User
) -> None:
    add = reverse("admin:sampling_areaadjacency_add")
    client.force_login(market_admin)
    assert client.get(add).status_code == 403
    client.force_login(office_admin)
    response = client.post(add, {"area_a": b.area("潭头镇").pk, "area_b": b.area("城关镇").pk})
    assert response.status_code == 302, response.content.decode()
    pair = AreaAdjacency.objects.get()
    assert pair.area_a_id < pair.area_b_id and pair.approved_by == office_admin
    assert AuditEntry.objects.get(action="adjacency.approve").actor == office_admin
