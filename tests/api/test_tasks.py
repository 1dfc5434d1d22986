"""Authenticated tasks: the task pages' scope, drafts included, with filters."""

from __future__ import annotations

import pytest
from django.test import Client

from .conftest import World, bearer


def test_tasks_show_partners_items_and_filter(world: World, api_client: Client) -> None:
    auth = bearer(world.keys["D18"])
    body = api_client.get("/api/v1/staff/tasks", {"q": "卫健联合"}, **auth).json()
    assert [t["code"] for t in body["items"]] == ["LC2025-WJW-302"]
    task = body["items"][0]
    assert task["lead_department"]["code"] == "D18"
    assert [d["code"] for d in task["partner_departments"]] == ["D01"]
    assert task["items"] == ["卫健事项"]
    drafts = api_client.get("/api/v1/staff/tasks", {"state": "draft"}, **auth).json()
    assert [t["code"] for t in drafts["items"]] == ["LC2025-WJW-999"]
    assert api_client.get("/api/v1/staff/tasks", {"year": 1999}, **auth).status_code == 422


@pytest.mark.parametrize(
    ("department", "state", "codes"),
    [
        ("D01", "publicized", ["LC2025-SCJG-201"]),
        ("D01", "completed", ["LC2025-SCJG-202"]),
        ("D01", "published", ["LC2025-WJW-302"]),  # as the partner
        ("D01", "draft", []),  # 卫健's draft is not ours
        ("D18", "completed", []),
        ("D18", "published", ["LC2025-WJW-302"]),
        ("LXB", "draft", ["LC2025-WJW-999"]),
        ("LXB", "completed", ["LC2025-SCJG-202"]),
    ],
)
def test_each_department_finds_its_tasks_by_state(
    world: World, api_client: Client, department: str, state: str, codes: list[str]
) -> None:
    body = api_client.get(
        "/api/v1/staff/tasks", {"state": state}, **bearer(world.keys[department])
    ).json()
    assert [t["code"] for t in body["items"]] == codes
