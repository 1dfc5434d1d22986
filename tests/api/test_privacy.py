"""No public endpoint shows a private field: every GET path of the OpenAPI document outside
/staff/, called without auth over a world full of sentinels (phone numbers, findings, follow-up
notes, the 回避 register, drafts, a result kept internal), and the OpenAPI document itself."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from shuangsuiji.directory.models import Inspector

from .conftest import EXEMPTION_REASON, SENTINELS, World

PRIVATE_KEYS = {"phone", "findings", "note", "notes", "evidence", "conflicts", "reason"}


def public_urls(client: Client, world: World) -> list[str]:
    """Every public GET path, with path parameters filled from the world."""
    schema = client.get("/api/v1/openapi.json").json()
    task, draw = world.publicized.task, world.publicized.draw
    values = {
        "code": task.code,
        "number": str(draw.number),
        "uscc": world.exempt.entity.uscc,
    }
    urls = []
    for path, methods in schema["paths"].items():
        if "get" not in methods or path.startswith("/api/v1/staff/"):
            continue
        url = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)
        urls.append(url + ("?q=91&page_size=200" if path.endswith("/firms") else "?page_size=200"))
        if path.endswith("/tasks/{code}"):
            urls.append(f"/api/v1/tasks/{world.health_task_code}")
    return urls


def keys_of(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_of(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_of(v)}
    return set()


def test_no_public_endpoint_shows_a_private_field(world: World, api_client: Client) -> None:
    urls = public_urls(api_client, world)
    assert len(urls) >= 9
    certificate_nos = list(Inspector.objects.values_list("certificate_no", flat=True))
    assert certificate_nos
    for url in urls:
        response = api_client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for sentinel in (*SENTINELS, EXEMPTION_REASON):
            assert sentinel not in text, (url, sentinel)
        body = response.json()
        leaked = keys_of(body) & PRIVATE_KEYS
        # The draw record names each officer's card (public by law) but not how to call them.
        assert not leaked or (url.endswith("/record") and leaked <= {"reason"}), (url, leaked)


def test_public_results_leave_out_the_internal_one_and_the_unpublicized_task(
    world: World, api_client: Client
) -> None:
    rows = api_client.get("/api/v1/results?page_size=200").json()["items"]
    pairs = {(r["task_code"], r["uscc"]) for r in rows}
    assert (world.publicized.task.code, world.exempt.entity.uscc) not in pairs
    assert {code for code, _ in pairs} == {world.publicized.task.code}
    history = api_client.get(f"/api/v1/firms/{world.exempt.entity.uscc}").json()["history"]
    # The firm was drawn by the publicized task (its one result kept internal) and by the
    # completed LC2025-SCJG-202 (every firm in the directory, nothing publicized yet).
    results = {row["task"]["code"]: row["results"] for row in history}
    assert results == {world.publicized.task.code: [], "LC2025-SCJG-202": []}
    assert len(history) == 2


def test_openapi_document_names_no_private_field(api_client: Client) -> None:
    schema = api_client.get("/api/v1/openapi.json").json()
    for name, component in schema["components"]["schemas"].items():
        fields = set(component.get("properties", {}))
        if name == "InspectorOut":
            continue  # staff only: phone is there for office and department admins
        assert not fields & {"phone", "findings", "note", "evidence", "conflicts"}, name
