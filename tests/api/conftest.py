"""A world for the API: a publicized task of 市场监管 (one result kept internal), a completed
task of 卫健 with 市场监管 as partner, drafts, the 回避 register, phone numbers, and one token
per department system. Every private value is a sentinel the privacy tests look for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client

from shuangsuiji.api.models import ApiToken
from shuangsuiji.api.services import token_create
from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.directory.models import Conflict, Department, Inspector, User
from shuangsuiji.disclosure import services as disclosure_services
from shuangsuiji.inspections.models import Result
from shuangsuiji.plans import services as plan_services

from ..directory.factories import EntityFactory, InspectorFactory, ItemFactory
from ..disclosure.builders import PUBLICIZED_ON, SECRET_FINDINGS, Publicized, completed_task
from ..sampling import builders as b

PHONE = "13912345678"
CONFLICT_REASON = "回避原因-勿公开"
FOLLOW_UP_NOTE = "内部处置说明-勿公开"
DRAFT_ITEM = "草稿事项-勿公开"
DRAFT_TASK = "草稿任务-勿公开"
EXEMPTION_REASON = "不予公开理由-勿公开"
SENTINELS = (PHONE, CONFLICT_REASON, FOLLOW_UP_NOTE, DRAFT_ITEM, DRAFT_TASK, SECRET_FINDINGS)


@dataclass
class World:
    publicized: Publicized
    exempt: Result  # a result of the publicized task the office kept internal
    health_task_code: str
    draft_task_code: str
    keys: dict[str, str]  # department code → plain token key
    tokens: dict[str, ApiToken]


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def world(db: None, office_admin: User) -> World:
    # Numbered from 0 in every test, so that the tests can name the rows they expect.
    for factory in (EntityFactory, InspectorFactory, ItemFactory):
        factory.reset_sequence()
    p = completed_task()
    exempt = next(r for r in p.results if r.pk != p.problem.pk)
    e = disclosure_services.exemption_request(actor=p.admin, result=exempt, reason=EXEMPTION_REASON)
    disclosure_services.exemption_decide(actor=office_admin, exemption=e, approve=True)
    plan_services.task_publicize(actor=p.admin, task=p.task, on=PUBLICIZED_ON)
    p.task.refresh_from_db()

    health = b.health()
    completed_task(code="LC2025-SCJG-202")  # 已完成, not yet publicized: staff results only
    # Another department's task, 市场监管 only as partner: both see it, 卫健 leads.
    health_task = b.task(
        [b.item(department=health, name="卫健事项", ratio_cap=None, category="key")],
        code="LC2025-WJW-302",
        lead=health,
        partners=[b.market()],
        name="卫健联合任务",
    )
    b.item(department=b.market(), name=DRAFT_ITEM, state="draft")
    draft = b.task(
        [b.item(department=health)],
        code="LC2025-WJW-999",
        name=DRAFT_TASK,
        lead=health,
        publish=False,
    )
    b.officers(2, department=health)
    Inspector.objects.update(phone=PHONE)
    inspector = Inspector.objects.filter(department=b.market()).first()
    assert inspector is not None
    Conflict.objects.create(
        inspector=inspector,
        entity=p.results[0].entity,
        reason=CONFLICT_REASON,
        recorded_by=office_admin,
    )
    keys: dict[str, str] = {}
    tokens: dict[str, ApiToken] = {}
    for dept in (b.market(), health, Department.objects.get(is_office=True)):
        token, key = token_create(actor=SYSTEM, department=dept, name=f"{dept.name}业务系统")
        keys[dept.code], tokens[dept.code] = key, token
    return World(p, exempt, health_task.code, draft.code, keys, tokens)


def bearer(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def api_client() -> Client:
    return Client(HTTP_HOST="localhost")


@pytest.fixture
def keep_connection() -> Iterator[None]:
    """Requests made straight to the WSGI app (schemathesis) would close the test's
    connection at each request's end, as Django's test client prevents; do the same."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def dates(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value
