"""Writes of API tokens, and the read-only actor a token authenticates as.

- Only the office (联席办管理员, or the command line's system actor) creates and revokes
  tokens; each token belongs to one department system, and both changes are audited.
- A token acts as its department's read scope: the role of an inspector (so it can never
  write), the office's full scope only when the department is the office itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from shuangsuiji.common.audit import audit_record
from shuangsuiji.common.errors import PermissionDenied, ServiceError
from shuangsuiji.directory.models import Department, Role

from .models import ApiToken

KEY_PREFIX = "ssj_"
# last_used_at is written at most this often per token, to keep reads cheap.
LAST_USED_RESOLUTION = dt.timedelta(minutes=5)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _token_facts(token: ApiToken) -> dict[str, Any]:
    return {
        "department": token.department.name,
        "name": token.name,
        "prefix": token.prefix,
        "revoked_at": token.revoked_at,
    }


def _office_only(actor: Any, what: str) -> None:
    if not getattr(actor, "is_office_admin", False):
        raise PermissionDenied(f"只有联席办管理员可以{what}")


@transaction.atomic
def token_create(*, actor: Any, department: Department, name: str) -> tuple[ApiToken, str]:
    """A new token for one department system; the plain key is returned once, never stored."""
    _office_only(actor, "创建接口令牌")
    name = name.strip()
    if not name:
        raise ServiceError("请填写使用该令牌的系统名称", field="name")
    if len(name) > 100:
        raise ServiceError("系统名称不能超过 100 个字符", field="name")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        department=department,
        name=name,
        prefix=key[: len(KEY_PREFIX) + 6],
        key_hash=hash_key(key),
        created_by=actor if getattr(actor, "pk", None) else None,
        created_by_name=getattr(actor, "display_name", "") or str(actor),
    )
    audit_record(
        actor=actor,
        action="api_token.create",
        object_type="api.ApiToken",
        object_id=token.pk,
        object_repr=str(token),
        after=_token_facts(token),
    )
    return token, key


@transaction.atomic
def token_revoke(*, actor: Any, token: ApiToken, reason: str) -> ApiToken:
    """Revoke a token at once (later calls with it get 401); the reason is required."""
    _office_only(actor, "吊销接口令牌")
    reason = reason.strip()
    if not reason:
        raise ServiceError("请填写吊销原因", field="reason")
    token = ApiToken.objects.select_for_update().select_related("department").get(pk=token.pk)
    if token.revoked_at is not None:
        raise ServiceError("该令牌已被吊销")
    before = _token_facts(token)
    token.revoked_at = timezone.now()
    token.revoked_by_name = getattr(actor, "display_name", "") or str(actor)
    token.revoke_reason = reason
    token.save(update_fields=["revoked_at", "revoked_by_name", "revoke_reason"])
    audit_record(
        actor=actor,
        action="api_token.revoke",
        object_type="api.ApiToken",
        object_id=token.pk,
        object_repr=str(token),
        before=before,
        after=_token_facts(token),
        reason=reason,
    )
    return token


@dataclass(frozen=True)
class DepartmentSystem:
    """The actor behind a token: its department's read scope, never able to write.

    pk is a string so that it can never be mistaken for a user's id; it is not passed to any
    service that writes (the API has no write endpoint).
    """

    token_id: int
    name: str
    department: Department
    office: bool
    role: str = Role.INSPECTOR
    is_active: bool = True

    @property
    def pk(self) -> str:
        return f"api-token:{self.token_id}"

    @property
    def department_id(self) -> int:
        return self.department.pk

    @property
    def is_office_admin(self) -> bool:
        return self.office

    @property
    def is_dept_admin(self) -> bool:
        return False

    @property
    def display_name(self) -> str:
        return f"{self.name}（接口令牌）"

    def __str__(self) -> str:
        return self.display_name


def token_actor(key: str) -> DepartmentSystem | None:
    """The department system a key authenticates, or None for an unknown or revoked key."""
    if not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    token = (
        ApiToken.objects.select_related("department")
        .filter(key_hash=hash_key(key), revoked_at__isnull=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return DepartmentSystem(
        token_id=token.pk,
        name=token.name,
        department=token.department,
        office=token.department.is_office,
    )
