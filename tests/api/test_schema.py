"""schemathesis against /api/v1/openapi.json: every operation, public and authenticated,
answers without a server error and as its OpenAPI document says (status, type, schema)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import Case
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from shuangsuiji.api.services import token_create
from shuangsuiji.config.wsgi import application
from shuangsuiji.directory.access import SYSTEM

from ..disclosure.builders import publicized_task

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def market_key(db: None) -> str:
    """A publicized task with results (so lists have rows) and a token of 市场监管; lighter
    than the `world` fixture, since each operation's test builds it again."""
    task = publicized_task().task
    _, key = token_create(actor=SYSTEM, department=task.lead_department, name="测试系统")
    return key


@pytest.mark.usefixtures("keep_connection")
@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case: Case, market_key: str) -> None:
    headers = {}
    if case.path.startswith("/api/v1/staff/"):
        headers["Authorization"] = f"Bearer {market_key}"
    case.call_and_validate(headers=headers, checks=CHECKS)


def test_schema_declares_the_one_error_format_everywhere() -> None:
    raw = schema.raw_schema
    assert raw["info"]["title"] == "双随机监管平台 数据接口"
    for path, methods in raw["paths"].items():
        for op in methods.values():
            codes = set(op["responses"])
            assert {"200", "404", "422"} <= codes, path
            if path.startswith("/api/v1/staff/"):
                assert {"400", "401", "403"} <= codes, path
            for code in codes - {"200"}:
                ref = op["responses"][code]["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/Error"), (path, code)
