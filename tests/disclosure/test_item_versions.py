"""A newer draft version of an item never hides the published one: the portal's item list and
the public API show the newest *published* version (disclosure.selectors.public_items)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from shuangsuiji.directory.models import InspectionItem, User
from shuangsuiji.directory.services import item_new_version, item_publish, item_save

from ..directory.factories import ItemFactory

pytestmark = pytest.mark.django_db
NAME = "广告发布行为的检查"
BASIS = {
    1: "《中华人民共和国广告法》第四十九条（第1版依据）",
    2: "《中华人民共和国广告法》第四十九条、第五十条（第2版依据）",
    3: "草稿中的依据-尚未发布",
}


@pytest.fixture
def portal() -> Client:
    return Client(HTTP_HOST="localhost")


def new_draft(actor: User, item: InspectionItem, version: int) -> InspectionItem:
    draft = item_new_version(actor=actor, item=item, reason="检查依据修订")
    assert (draft.version, draft.state) == (version, "draft")
    draft.legal_basis = BASIS[version]
    return item_save(actor=actor, item=draft)


def shown(portal: Client) -> tuple[str, list[dict[str, Any]]]:
    page = portal.get("/public/items/", {"q": NAME})
    api = portal.get("/api/v1/items", {"q": NAME})
    assert page.status_code == api.status_code == 200
    return page.content.decode(), api.json()["items"]


@time_machine.travel(dt.datetime(2025, 3, 3, 10, tzinfo=dt.UTC), tick=False)
def test_a_newer_draft_leaves_the_published_version_on_the_portal(
    portal: Client, market_admin: User
) -> None:
    first = ItemFactory(name=NAME, legal_basis=BASIS[1], state="draft")
    item_publish(actor=market_admin, item=first)
    new_draft(market_admin, first, 2)

    html, rows = shown(portal)
    assert BASIS[1] in html and BASIS[2] not in html
    assert "共 1 项" in html
    assert [(r["name"], r["version"], r["legal_basis"]) for r in rows] == [(NAME, 1, BASIS[1])]


@time_machine.travel(dt.datetime(2025, 3, 3, 10, tzinfo=dt.UTC), tick=False)
def test_once_published_the_newer_version_replaces_the_older_and_a_third_draft_hides_nothing(
    portal: Client, market_admin: User
) -> None:
    first = ItemFactory(name=NAME, legal_basis=BASIS[1], state="draft")
    item_publish(actor=market_admin, item=first)
    second = new_draft(market_admin, first, 2)
    item_publish(actor=market_admin, item=second)
    new_draft(market_admin, second, 3)

    html, rows = shown(portal)
    assert BASIS[2] in html
    assert BASIS[1] not in html and BASIS[3] not in html
    assert [(r["version"], r["legal_basis"]) for r in rows] == [(2, BASIS[2])]
