"""Authenticated endpoints: a valid token or a logged-in session; anything else gets 401 in
the one error format. Public endpoints need nothing."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from shuangsuiji.api.models import ApiToken
from shuangsuiji.api.services import token_actor, token_revoke
from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.directory.models import Role, User

from .conftest import World, bearer

STAFF_URL = "/api/v1/staff/tasks"


def test_missing_wrong_and_revoked_tokens_get_401(world: World, api_client: Client) -> None:
    for headers in ({}, bearer("ssj_wrong"), bearer(""), {"HTTP_AUTHORIZATION": "Basic eDp5"}):
        response = api_client.get(STAFF_URL, **headers)
        assert response.status_code == 401, headers
        assert response.json() == {
            "detail": "需要有效的接口令牌（Authorization: Bearer …）或登录",
            "code": "unauthorized",
        }
        assert response["WWW-Authenticate"] == "Bearer"
    key = world.keys["D01"]
    assert api_client.get(STAFF_URL, **bearer(key)).status_code == 200
    token_revoke(actor=SYSTEM, token=world.tokens["D01"], reason="系统下线")
    assert api_client.get(STAFF_URL, **bearer(key)).status_code == 401
    assert api_client.get("/api/v1/tasks").status_code == 200  # public needs no token


def test_token_acts_as_its_department_read_only(world: World) -> None:
    actor = token_actor(world.keys["D01"])
    assert actor is not None
    assert actor.department.code == "D01" and actor.role == Role.INSPECTOR
    assert not actor.is_office_admin and not actor.is_dept_admin
    office = token_actor(world.keys["LXB"])
    assert office is not None and office.is_office_admin
    assert token_actor("not-a-key") is None


def test_use_is_recorded_cheaply(world: World, api_client: Client) -> None:
    token = world.tokens["D18"]
    assert token.last_used_at is None
    api_client.get(STAFF_URL, **bearer(world.keys["D18"]))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None and first <= timezone.now()
    api_client.get(STAFF_URL, **bearer(world.keys["D18"]))
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first  # within 5 minutes


def test_session_login_works_and_inactive_user_does_not(
    world: World, api_client: Client, market_admin: User
) -> None:
    api_client.force_login(market_admin)
    assert api_client.get(STAFF_URL).status_code == 200
    User.objects.filter(pk=market_admin.pk).update(is_active=False)
    assert api_client.get(STAFF_URL).status_code == 401
