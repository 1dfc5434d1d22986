"""The audit log page: office only, filterable, compact before/after, and the chain check."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from shuangsuiji.common.audit import audit_record
from shuangsuiji.common.models import AuditEntry
from shuangsuiji.common.views import changes
from shuangsuiji.directory.models import User

pytestmark = pytest.mark.django_db


def text(response: Any) -> str:
    return response.content.decode()


@pytest.fixture
def entries(office_admin: User, market_admin: User) -> list[AuditEntry]:
    return [
        audit_record(
            actor=market_admin,
            action="inspector.update",
            object_type="inspector",
            object_id="MARKET001",
            object_repr="李市场",
            before={"title": "科员", "name": "李市场"},
            after={"title": "副队长", "name": "李市场"},
        ),
        audit_record(
            actor=office_admin,
            action="legacy_code.accept",
            object_type="legacy_code",
            object_id="91410324MA44XK7R86",
            object_repr="91410324MA44XK7R86",
            after={"uscc": "91410324MA44XK7R86"},
            reason="2015年前发证的历史代码",
        ),
    ]


@pytest.mark.parametrize("role", ["market_admin", "health_admin", "market_inspector"])
def test_audit_log_is_office_only(
    client: Client, request: pytest.FixtureRequest, role: str, entries: list[AuditEntry]
) -> None:
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("audit_log"))
    assert response.status_code == 403
    assert "审计日志仅联席办管理员可以查看" in text(response)
    assert "李市场" not in text(response)


def test_office_reads_entries_with_compact_changes(
    client: Client, office_admin: User, entries: list[AuditEntry]
) -> None:
    client.force_login(office_admin)
    page = text(client.get(reverse("audit_log")))
    assert "inspector.update" in page and "legacy_code.accept" in page
    assert "&quot;科员&quot;" in page and "&quot;副队长&quot;" in page
    assert "2015年前发证的历史代码" in page
    assert "market_admin" in page and "县市场监督管理局" in page


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"action": "inspector.update"}, "李市场", "2015年前"),
        ({"object_type": "legacy_code"}, "2015年前", "副队长"),
        ({"actor": "market_admin"}, "副队长", "2015年前"),
        ({"object_id": "MARKET001"}, "副队长", "2015年前"),
        ({"department": "县市场监督管理局"}, "副队长", "2015年前"),
        ({"q": "历史代码"}, "2015年前", "副队长"),
        ({"date_from": "2000-01-01", "date_to": "2000-01-02"}, "没有符合条件的记录", "副队长"),
    ],
)
def test_audit_log_filters(
    client: Client,
    office_admin: User,
    entries: list[AuditEntry],
    params: dict[str, str],
    shown: str,
    hidden: str,
) -> None:
    client.force_login(office_admin)
    page = text(client.get(reverse("audit_log"), params))
    assert shown in page and hidden not in page


def test_chain_check_reports_intact_then_tampered(
    client: Client, office_admin: User, entries: list[AuditEntry]
) -> None:
    client.force_login(office_admin)
    page = text(client.get(reverse("audit_log"), {"verify": "1"}))
    assert "审计链完整：共 2 条" in page
    AuditEntry.objects.filter(pk=entries[0].pk).update(reason="事后篡改")
    page = text(client.get(reverse("audit_log"), {"verify": "1"}))
    assert f"审计日志 #{entries[0].pk} 的内容与其哈希不符" in page


def test_audit_log_paginates(client: Client, office_admin: User) -> None:
    for n in range(60):
        audit_record(
            actor=office_admin, action="entity.update", object_type="entity", object_id=str(n)
        )
    client.force_login(office_admin)
    page = text(client.get(reverse("audit_log"), {"action": "entity.update", "page": 2}))
    assert "共 <strong>60</strong> 条" in page
    assert "action=entity.update&amp;page=1" in page


def test_changes_lists_only_what_changed() -> None:
    assert changes({"a": 1, "b": 2}, {"a": 1, "b": 3}) == [("b", "2", "3")]
    assert changes(None, {"x": "是"}) == [("x", "", '"是"')]
    assert changes({"x": [1, 2]}, None) == [("x", "[1,2]", "")]
    assert changes(None, None) == []
