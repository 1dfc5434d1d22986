"""Token lifecycle: the office creates (key shown once, only its hash stored) and revokes,
audited; other roles may not; the page and the `token` command use the same services."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from shuangsuiji.api.models import ApiToken
from shuangsuiji.api.services import token_create, token_revoke
from shuangsuiji.common.errors import PermissionDenied, ServiceError
from shuangsuiji.common.models import AuditEntry
from shuangsuiji.directory.models import Department, User


def test_create_stores_only_the_hash_and_audits(
    office_admin: User, market_dept: Department
) -> None:
    token, key = token_create(actor=office_admin, department=market_dept, name="政府采购系统")
    assert key.startswith("ssj_") and len(key) > 40
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key.startswith(token.prefix) and len(token.prefix) < 12
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert key not in {str(v) for v in stored.values()}
    entry = AuditEntry.objects.get(action="api_token.create")
    assert entry.actor_id == office_admin.pk and key not in str(entry.after)
    assert entry.after["department"] == market_dept.name


def test_only_the_office_manages_tokens(
    office_admin: User, market_admin: User, market_dept: Department
) -> None:
    with pytest.raises(PermissionDenied, match="只有联席办管理员"):
        token_create(actor=market_admin, department=market_dept, name="x")
    token, _ = token_create(actor=office_admin, department=market_dept, name="x")
    with pytest.raises(PermissionDenied):
        token_revoke(actor=market_admin, token=token, reason="r")
    with pytest.raises(ServiceError, match="吊销原因"):
        token_revoke(actor=office_admin, token=token, reason=" ")
    token_revoke(actor=office_admin, token=token, reason="系统停用")
    token.refresh_from_db()
    assert token.revoked_at and token.revoked_by_name == "office" and not token.is_active
    assert AuditEntry.objects.get(action="api_token.revoke").reason == "系统停用"
    with pytest.raises(ServiceError, match="已被吊销"):
        token_revoke(actor=office_admin, token=token, reason="again")


def test_token_command_creates_lists_and_revokes(office_admin: User, market_admin: User) -> None:
    out = StringIO()
    call_command("token", "create", "--department", "D01", "--name", "招投标系统", stdout=out)
    key = out.getvalue().strip().splitlines()[-1]
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert AuditEntry.objects.get(action="api_token.create").actor_name == "系统（命令行）"
    out = StringIO()
    call_command("token", "list", stdout=out)
    assert "招投标系统" in out.getvalue() and "有效" in out.getvalue() and key not in out.getvalue()
    call_command(
        "token", "revoke", str(token.pk), "--reason", "停用", "--user", "office", stdout=StringIO()
    )
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by_name == "office"
    with pytest.raises(CommandError, match="没有编码为 NOPE 的部门"):
        call_command("token", "create", "--department", "NOPE", "--name", "x")
    with pytest.raises(CommandError, match="只有联席办管理员"):
        call_command("token", "list", "--user", "market_admin")


def test_token_page_is_office_only_and_shows_the_key_once(
    office_admin: User, market_admin: User, market_dept: Department
) -> None:
    client = Client(HTTP_HOST="localhost")
    client.force_login(market_admin)
    assert client.get("/api-tokens/").status_code == 403
    client.force_login(office_admin)
    page = client.get("/api-tokens/")
    assert page.status_code == 200 and "尚未发放令牌" in page.content.decode()
    created = client.post("/api-tokens/", {"department": market_dept.pk, "name": "采购系统"})
    assert created.status_code == 200
    key = created.context["key"]
    assert key in created.content.decode()
    assert key not in client.get("/api-tokens/").content.decode()
    token = ApiToken.objects.get()
    response = client.post(f"/api-tokens/{token.pk}/revoke/", {"reason": "更换"}, follow=True)
    assert "已吊销令牌" in response.content.decode()
    token.refresh_from_db()
    assert token.revoke_reason == "更换"
    client.force_login(market_admin)
    assert client.post(f"/api-tokens/{token.pk}/revoke/", {"reason": "x"}).status_code == 403
