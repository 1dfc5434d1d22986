"""Authenticated tasks: the task pages' scope, drafts included, with filters."""

from __future__ import annotations

from django.test import Client

from .conftest import World, bearer


def test_tasks_show_partners_items_and_filter(world: World, api_client: Client) -> None:
    auth = bearer(world.keys["D18"])
    body = api_client.get("/api/v1/staff/tasks", {"q": "卫健联合"}, **auth).json()
    assert [t["code"] for t in body["items"]] == [world.health_task_code]
    task = body["items"][0]
    assert task["lead_department"]["code"] == "D18"
    assert [d["code"] for d in task["partner_departments"]] == ["D01"]
    assert task["items"] == ["卫健事项"]
    drafts = api_client.get("/api/v1/staff/tasks", {"state": "draft"}, **auth).json()
    assert [t["code"] for t in drafts["items"]] == [world.draft_task_code]
    assert api_client.get("/api/v1/staff/tasks", {"year": 1999}, **auth).status_code == 422
