"""联合惩戒 lookup: a member department's system sees a firm's listing and penalty status,
each with its source and date; nobody without a token or login does."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from shuangsuiji.directory.models import Entity

from .conftest import FOLLOW_UP_NOTE, World, bearer


def test_sanctions_show_listings_and_open_case_with_source_and_date(
    world: World, api_client: Client
) -> None:
    entity = world.publicized.problem.entity
    Entity.objects.filter(pk=entity.pk).update(
        abnormal_list=True, abnormal_listed_on=dt.date(2025, 6, 1)
    )
    response = api_client.get(f"/api/v1/staff/sanctions/{entity.uscc}", **bearer(world.keys["D18"]))
    assert response.status_code == 200
    body = response.json()
    assert body["abnormal_list"] is True and body["penalty_open"] is True
    assert body["restricted"] is True and body["serious_dishonesty_list"] is False
    kinds = {f["kind"]: f for f in body["facts"]}
    assert kinds["abnormal_list"]["on"] == "2025-06-01"
    assert kinds["abnormal_list"]["source"].startswith("检查对象名录库")
    assert kinds["case"]["source"] == "县市场监督管理局"
    assert kinds["case"]["task_code"] == world.publicized.task.code
    assert FOLLOW_UP_NOTE not in response.content.decode()


def test_sanctions_need_auth_and_a_known_firm(world: World, api_client: Client) -> None:
    uscc = world.publicized.problem.entity.uscc
    anonymous = api_client.get(f"/api/v1/staff/sanctions/{uscc}")
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "unauthorized"
    unknown = api_client.get(
        "/api/v1/staff/sanctions/91410324MA44XK7R85", **bearer(world.keys["D01"])
    )
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"
    bad = api_client.get("/api/v1/staff/sanctions/abc", **bearer(world.keys["D01"]))
    assert bad.status_code == 422 and bad.json()["code"] == "validation_error"
