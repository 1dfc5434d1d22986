"""Authenticated results: the 公示系统 export's scope (completed and publicized tasks the
actor may see, without results kept internal), written out by hand from the world."""

from __future__ import annotations

from django.test import Client

from shuangsuiji.directory.models import User

from .conftest import World, bearer
from .test_directory import USCCS, api_rows


def keys(rows: list[dict[str, str]]) -> list[tuple[str, str, str]]:
    return [(r["task_code"], r["uscc"], r["item_name"]) for r in rows]


def market_rows(world: World) -> list[tuple[str, str, str]]:
    """市场监管's two tasks: LC2025-SCJG-201 (已公示) drew the four firms that existed then,
    less the one the office kept internal; LC2025-SCJG-202 (已完成) drew all eight."""
    kept_internal = world.exempt.entity.uscc
    assert kept_internal in USCCS[:4]
    first = [("LC2025-SCJG-201", u, "LC2025-SCJG-201事项") for u in USCCS[:4] if u != kept_internal]
    return first + [("LC2025-SCJG-202", u, "LC2025-SCJG-202事项") for u in USCCS]


def test_results_are_the_export_scope_of_each_department(
    world: World, api_client: Client, health_admin: User
) -> None:
    market = keys(api_rows(api_client, "/api/v1/staff/results", **bearer(world.keys["D01"])))
    assert len(market) == 3 + 8
    assert market == market_rows(world)
    # 卫健's own task is only 已发布 and its draft is a draft: no result of theirs is due.
    health = keys(api_rows(api_client, "/api/v1/staff/results", **bearer(world.keys["D18"])))
    assert health == []
    # The office sees every department's: here only 市场监管 has any.
    office = keys(api_rows(api_client, "/api/v1/staff/results", **bearer(world.keys["LXB"])))
    assert office == market_rows(world)
    api_client.force_login(health_admin)
    assert keys(api_rows(api_client, "/api/v1/staff/results")) == []


def test_results_filter_by_task(world: World, api_client: Client) -> None:
    body = api_client.get(
        "/api/v1/staff/results", {"task": "LC2025-SCJG-202"}, **bearer(world.keys["D01"])
    ).json()
    assert body["count"] == 8 and {r["task_code"] for r in body["items"]} == {"LC2025-SCJG-202"}
    assert {r["publicized_on"] for r in body["items"]} == {None}
