"""Authenticated results: the 公示系统 export's scope (completed and publicized tasks the
actor may see, without results kept internal)."""

from __future__ import annotations

from django.test import Client

from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.directory.models import User
from shuangsuiji.disclosure.exports import exportable_results

from .conftest import World, bearer
from .test_directory import api_rows


def keys(rows: list[dict[str, str]]) -> list[tuple[str, str, str]]:
    return [(r["task_code"], r["uscc"], r["item_name"]) for r in rows]


def expected(actor: object) -> list[tuple[str, str, str]]:
    return [(r.draw.task.code, r.entity.uscc, r.item.name) for r in exportable_results(actor=actor)]


def test_results_equal_the_export_scope(
    world: World, api_client: Client, market_admin: User, health_admin: User
) -> None:
    market = keys(api_rows(api_client, "/api/v1/staff/results", **bearer(world.keys["D01"])))
    assert market == expected(market_admin)
    codes = {code for code, _, _ in market}
    assert codes == {world.publicized.task.code, "LC2025-SCJG-202"}  # 已公示 and 已完成
    assert (
        world.publicized.task.code,
        world.exempt.entity.uscc,
        world.exempt.item.name,
    ) not in market
    health = keys(api_rows(api_client, "/api/v1/staff/results", **bearer(world.keys["D18"])))
    assert health == expected(health_admin) == []
    office = keys(api_rows(api_client, "/api/v1/staff/results", **bearer(world.keys["LXB"])))
    assert office == expected(SYSTEM)
    api_client.force_login(health_admin)
    assert keys(api_rows(api_client, "/api/v1/staff/results")) == []


def test_results_filter_by_task(world: World, api_client: Client) -> None:
    body = api_client.get(
        "/api/v1/staff/results", {"task": "LC2025-SCJG-202"}, **bearer(world.keys["D01"])
    ).json()
    assert body["count"] > 0 and {r["task_code"] for r in body["items"]} == {"LC2025-SCJG-202"}
    assert {r["publicized_on"] for r in body["items"]} == {None}
