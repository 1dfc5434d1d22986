"""Scoping of the staff API, by hand: for each staff account and each department system's
token, the directory and task endpoints return the rows written out below from the world
(tests/api/conftest.py), and the matching page shows the same rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from shuangsuiji.directory.models import User

from .conftest import PHONE, World, bearer

# The world's rows: 市场监管 leads LC2025-SCJG-201 and -202 and is the partner of 卫健's
# LC2025-WJW-302; 卫健 also has the draft LC2025-WJW-999. The entity register is shared.
USCCS = [  # EntityFactory's codes 1–8 (organization codes 00000001–00000008)
    "91410324000000019P",
    "91410324000000027J",
    "91410324000000035D",
    "914103240000000438",
    "914103240000000513",
    "9141032400000006XT",
    "91410324000000078T",
    "91410324000000086M",
]
MARKET = {
    "items": ["LC2025-SCJG-201事项", "LC2025-SCJG-202事项", "草稿事项-勿公开"],
    "entities": USCCS,
    "inspectors": ["检查员0", "检查员1", "检查员2", "检查员3", "检查员4", "检查员5"],
    "tasks": ["LC2025-SCJG-201", "LC2025-SCJG-202", "LC2025-WJW-302"],
}
HEALTH = {
    "items": ["卫健事项", "抽查事项4"],
    "entities": USCCS,
    "inspectors": ["检查员6", "检查员7"],
    "tasks": ["LC2025-WJW-302", "LC2025-WJW-999"],
}
OFFICE = {
    "items": MARKET["items"] + HEALTH["items"],
    "entities": USCCS,
    "inspectors": MARKET["inspectors"] + HEALTH["inspectors"],
    "tasks": ["LC2025-SCJG-201", "LC2025-SCJG-202", "LC2025-WJW-302", "LC2025-WJW-999"],
}

# list → (endpoint, page URL, key of a row in the API, attribute of a row object on the page)
LISTS: dict[str, tuple[str, str, str, str]] = {
    "items": ("/api/v1/staff/directory/items", "/items/", "name", "name"),
    "entities": ("/api/v1/staff/directory/entities", "/entities/", "uscc", "uscc"),
    "inspectors": ("/api/v1/staff/directory/inspectors", "/inspectors/", "name", "name"),
    "tasks": ("/api/v1/staff/tasks", "/tasks/", "code", "code"),
}


def api_rows(client: Client, url: str, **headers: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    page = 1
    while True:
        response = client.get(url, {"page": page, "page_size": 200}, **headers)
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["items"]
        if len(rows) >= body["count"]:
            return rows
        page += 1


def page_rows(client: Client, url: str) -> list[Any]:
    response = client.get(url)
    assert response.status_code == 200
    return list(response.context["page_obj"].paginator.object_list)


def comparable(name: str, values: list[str]) -> list[str]:
    # Item names mix Latin and Chinese, whose relative order is the database's collation.
    return sorted(values) if name == "items" else values


@pytest.mark.parametrize(
    ("username", "expected"),
    [("market_admin", MARKET), ("health_admin", HEALTH), ("market_inspector", MARKET)],
)
def test_session_user_sees_its_departments_rows_in_api_and_page(
    world: World, username: str, expected: dict[str, list[str]], request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(username)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    for name, (endpoint, page, api_key, row_key) in LISTS.items():
        api = [row[api_key] for row in api_rows(client, endpoint)]
        on_page = [getattr(r, row_key) for r in page_rows(client, page)]
        assert comparable(name, api) == comparable(name, expected[name]), endpoint
        assert comparable(name, on_page) == comparable(name, expected[name]), page


@pytest.mark.parametrize(
    ("department", "expected"), [("D01", MARKET), ("D18", HEALTH), ("LXB", OFFICE)]
)
def test_token_reads_its_departments_rows(
    world: World, department: str, expected: dict[str, list[str]]
) -> None:
    client = Client(HTTP_HOST="localhost")
    for name, (endpoint, _, api_key, _) in LISTS.items():
        rows = api_rows(client, endpoint, **bearer(world.keys[department]))
        api = [row[api_key] for row in rows]
        assert comparable(name, api) == comparable(name, expected[name]), endpoint


def test_scopes_differ_between_departments(world: World, api_client: Client) -> None:
    market = {
        t["code"] for t in api_rows(api_client, "/api/v1/staff/tasks", **bearer(world.keys["D01"]))
    }
    health = {
        t["code"] for t in api_rows(api_client, "/api/v1/staff/tasks", **bearer(world.keys["D18"]))
    }
    office = {
        t["code"] for t in api_rows(api_client, "/api/v1/staff/tasks", **bearer(world.keys["LXB"]))
    }
    assert world.publicized.task.code in market - health
    assert world.health_task_code in market & health  # 市场监管 is a partner
    assert world.draft_task_code in health and world.draft_task_code in office
    assert office >= market | health


def test_phone_only_where_the_pages_show_it(
    world: World, api_client: Client, market_admin: User, market_inspector: User
) -> None:
    def phones(**headers: Any) -> set[Any]:
        rows = api_rows(api_client, "/api/v1/staff/directory/inspectors", **headers)
        assert rows
        return {r["phone"] for r in rows}

    assert phones(**bearer(world.keys["D01"])) == {None}  # a token reads as an inspector
    assert phones(**bearer(world.keys["LXB"])) == {PHONE}  # the office's own system
    api_client.force_login(market_admin)
    assert phones() == {PHONE}
    api_client.force_login(market_inspector)
    assert phones() == {None}


def test_items_include_drafts_for_their_department(world: World, api_client: Client) -> None:
    rows = api_rows(api_client, "/api/v1/staff/directory/items", **bearer(world.keys["D01"]))
    assert "draft" in {r["state"] for r in rows}
    filtered = api_client.get(
        "/api/v1/staff/directory/items", {"state": "draft"}, **bearer(world.keys["D01"])
    ).json()
    assert {r["state"] for r in filtered["items"]} == {"draft"}
