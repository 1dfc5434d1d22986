"""API scoping equals page scoping: for each staff account and each department system's
token, the directory and task endpoints return exactly the rows of the matching page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from shuangsuiji.directory import selectors
from shuangsuiji.directory.models import User
from shuangsuiji.plans.selectors import task_list

from .conftest import PHONE, World, bearer

# endpoint → (page URL, key of a row in the API, key of a row object on the page)
LISTS: dict[str, tuple[str, str, str]] = {
    "/api/v1/staff/directory/items": ("/items/", "id", "pk"),
    "/api/v1/staff/directory/entities": ("/entities/", "uscc", "uscc"),
    "/api/v1/staff/directory/inspectors": ("/inspectors/", "id", "pk"),
    "/api/v1/staff/tasks": ("/tasks/", "code", "code"),
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


@pytest.mark.parametrize("username", ["market_admin", "health_admin", "market_inspector"])
def test_session_user_sees_exactly_the_pages_rows(
    world: World,
    username: str,
    request: pytest.FixtureRequest,
) -> None:
    user: User = request.getfixturevalue(username)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    for endpoint, (page, api_key, row_key) in LISTS.items():
        api = [row[api_key] for row in api_rows(client, endpoint)]
        assert api == [getattr(r, row_key) for r in page_rows(client, page)], endpoint


@pytest.mark.parametrize(
    ("department", "reader"), [("D01", "market_inspector"), ("D18", "health_admin")]
)
def test_token_sees_its_departments_read_scope(
    world: World, department: str, reader: str, request: pytest.FixtureRequest
) -> None:
    """A token reads what an account of its department reads on the pages."""
    user: User = request.getfixturevalue(reader)
    client = Client(HTTP_HOST="localhost")
    for endpoint, (_, api_key, row_key) in LISTS.items():
        api = [row[api_key] for row in api_rows(client, endpoint, **bearer(world.keys[department]))]
        if endpoint.endswith("/items"):
            expected = selectors.item_list(actor=user)
        elif endpoint.endswith("/entities"):
            expected = selectors.entity_list(actor=user)
        elif endpoint.endswith("/inspectors"):
            expected = selectors.inspector_list(actor=user)
        else:
            expected = task_list(actor=user)
        assert api == [getattr(r, row_key) for r in expected], endpoint


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
    assert selectors.may_see_phone(market_admin) and phones() == {PHONE}
    api_client.force_login(market_inspector)
    assert phones() == {None}


def test_items_include_drafts_for_their_department(world: World, api_client: Client) -> None:
    rows = api_rows(api_client, "/api/v1/staff/directory/items", **bearer(world.keys["D01"]))
    assert "draft" in {r["state"] for r in rows}
    filtered = api_client.get(
        "/api/v1/staff/directory/items", {"state": "draft"}, **bearer(world.keys["D01"])
    ).json()
    assert {r["state"] for r in filtered["items"]} == {"draft"}
