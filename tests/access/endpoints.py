"""Every URL pattern of the project, and how to call it: which are public, the kwargs that
point a private one at the world's private object, and reading what came back."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from openpyxl import load_workbook

from ..tools import embedded_pdf_text
from .world import World


@dataclass(frozen=True)
class Endpoint:
    route: str  # the full route, e.g. "evidence/<int:pk>/": unique, unlike the API's names
    pattern: URLPattern


def walk(patterns: list[Any], prefix: str = "") -> Iterator[Endpoint]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern))
        else:
            assert isinstance(p, URLPattern)
            yield Endpoint(prefix + str(p.pattern), p)


def all_endpoints() -> list[Endpoint]:
    return list(walk(get_resolver().url_patterns))


# Public by design: the portal, the firm's 检查码 page, the public API, login and logout.
PUBLIC_PREFIXES = ("public/",)
PUBLIC_ROUTES = {
    "login/",
    "logout/",
    "check/<str:token>/",
    "check/<str:token>/qr.svg",
    "api/v1/",
    "api/v1/openapi.json",
    "api/v1/docs",
    "api/v1/items",
    "api/v1/plans",
    "api/v1/tasks",
    "api/v1/tasks/<code>",
    "api/v1/tasks/<code>/draws/<number>",
    "api/v1/tasks/<code>/draws/<number>/record",
    "api/v1/results",
    "api/v1/firms",
    "api/v1/firms/<uscc>",
    "api/v1/audit-roots",
}
ADMIN_PREFIX = "admin/"


def is_public(route: str) -> bool:
    return route in PUBLIC_ROUTES or route.startswith(PUBLIC_PREFIXES)


def private_endpoints() -> list[Endpoint]:
    return [
        e
        for e in all_endpoints()
        if not is_public(e.route) and not e.route.startswith(ADMIN_PREFIX)
    ]


Kwargs = dict[str, Any]

# For each private route with parameters, the kwargs that name the world's private object
# (several for a route that serves several kinds of file).
FILLERS: dict[str, Callable[[World], list[Kwargs]]] = {
    "items/<int:pk>/": lambda w: [{"pk": w.task.items.get().pk}],
    "items/<int:pk>/publish/": lambda w: [{"pk": w.task.items.get().pk}],
    "items/<int:pk>/new-version/": lambda w: [{"pk": w.task.items.get().pk}],
    "entities/<int:pk>/": lambda w: [{"pk": w.entity.pk}],
    "inspectors/<int:pk>/": lambda w: [{"pk": w.team[0].inspector_id}],
    "import/progress/<str:token>/": lambda w: [{"token": "0" * 32}],
    "import/template/<str:kind>/": lambda w: [{"kind": k} for k in ("items", "entities")],
    "export/<str:kind>/<str:fmt>/": lambda w: [
        {"kind": k, "fmt": f}
        for k in ("items", "entities", "inspectors")
        for f in ("csv", "xlsx", "json")
    ],
    "tasks/<int:pk>/": lambda w: [{"pk": w.task.pk}],
    "tasks/<int:pk>/publish/": lambda w: [{"pk": w.task.pk}],
    "tasks/<int:pk>/start/": lambda w: [{"pk": w.task.pk}],
    "tasks/<int:pk>/complete/": lambda w: [{"pk": w.task.pk}],
    "tasks/<int:pk>/publicize/": lambda w: [{"pk": w.task.pk}],
    "tasks/<int:pk>/terminate/": lambda w: [{"pk": w.task.pk}],
    "plans/<int:pk>/": lambda w: [{"pk": w.plan.pk}],
    "plans/<int:pk>/tasks/add/": lambda w: [{"pk": w.plan.pk}],
    "plans/<int:pk>/approve/": lambda w: [{"pk": w.plan.pk}],
    "plans/<int:pk>/publish/": lambda w: [{"pk": w.plan.pk}],
    "plans/<int:pk>/amend/": lambda w: [{"pk": w.plan.pk}],
    "joint-requests/<int:pk>/": lambda w: [{"pk": w.joint_request.pk}],
    "messages/<int:pk>/read/": lambda w: [{"pk": w.message.pk}],
    "tasks/<int:pk>/draw/config/": lambda w: [{"pk": w.task.pk}],
    "tasks/<int:pk>/draw/freeze/": lambda w: [{"pk": w.task.pk}],
    "tasks/<int:pk>/draw/run/": lambda w: [{"pk": w.task.pk}],
    "tasks/<int:pk>/draw/redraw/": lambda w: [{"pk": w.task.pk}],
    "draws/<int:pk>/": lambda w: [{"pk": w.draw.pk}],
    "draws/<int:pk>/assign/": lambda w: [{"pk": w.draw.pk}],
    "draws/<int:pk>/record.json": lambda w: [{"pk": w.draw.pk}],
    "draws/<int:pk>/auditor.json": lambda w: [{"pk": w.draw.pk}],
    "workbench/<int:draw_id>/<int:entity_id>/": lambda w: [
        {"draw_id": w.draw.pk, "entity_id": w.entity.pk}
    ],
    "workbench/<int:draw_id>/<int:entity_id>/items/<int:item_id>/": lambda w: [
        {"draw_id": w.draw.pk, "entity_id": w.entity.pk, "item_id": w.result.item_id}
    ],
    "workbench/<int:draw_id>/<int:entity_id>/<str:kind>.pdf": lambda w: [
        {"draw_id": w.draw.pk, "entity_id": w.entity.pk, "kind": k} for k in ("notice", "checklist")
    ],
    "results/<int:pk>/confirm/": lambda w: [{"pk": w.result.pk}],
    "results/<int:result_id>/follow-ups/": lambda w: [{"result_id": w.result.pk}],
    "results/<int:pk>/crime/": lambda w: [{"pk": w.result.pk}],
    "results/<int:pk>/crime-hint/": lambda w: [{"pk": w.result.pk}],
    "follow-ups/<int:pk>/list/": lambda w: [{"pk": w.follow_up.pk}],
    "listings/<int:pk>/remove/": lambda w: [{"pk": w.listing.pk}],
    "evidence/<int:pk>/": lambda w: [{"pk": w.evidence.pk}, {"pk": w.closure_evidence.pk}],
    "follow-ups/<int:pk>/": lambda w: [{"pk": w.follow_up.pk}, {"pk": w.closed_follow_up.pk}],
    "follow-ups/<int:pk>/close/": lambda w: [{"pk": w.follow_up.pk}],
    "visits/<int:pk>/decide/": lambda w: [{"pk": w.visit.pk}],
    "tasks/<int:task_id>/exemptions/": lambda w: [{"task_id": w.task.pk}],
    "publication/exemptions/<int:pk>/decide/": lambda w: [{"pk": w.exemption.pk}],
    "api/v1/staff/sanctions/<uscc>": lambda w: [{"uscc": w.entity.uscc}],
    "oversight/duty/department/<int:pk>/": lambda w: [{"pk": w.market.pk}],
    "oversight/duty/department/<int:pk>.pdf": lambda w: [{"pk": w.market.pk}],
    "oversight/duty/inspector/<int:pk>/": lambda w: [{"pk": w.team[0].inspector_id}],
    "oversight/duty/inspector/<int:pk>.pdf": lambda w: [{"pk": w.team[0].inspector_id}],
    "oversight/recheck/<int:pk>/": lambda w: [{"pk": w.recheck.pk}],
    "oversight/recheck/<int:pk>/draw/": lambda w: [{"pk": w.recheck.pk}],
    "oversight/recheck/<int:pk>/record.json": lambda w: [{"pk": w.recheck.pk}],
    "oversight/recheck/<int:pk>/auditor.json": lambda w: [{"pk": w.recheck.pk}],
    "oversight/recheck/item/<int:pk>/outcome/": lambda w: [{"pk": w.recheck_item.pk}],
    "oversight/recheck/item/<int:pk>/assign/": lambda w: [{"pk": w.recheck_item.pk}],
    "oversight/reviews/<int:pk>/": lambda w: [{"pk": w.review.pk}],
    "oversight/reviews/<int:pk>/claim/": lambda w: [{"pk": w.review.pk}],
    "oversight/reviews/<int:pk>/decide/": lambda w: [{"pk": w.review.pk}],
    "oversight/reviews/<int:pk>/duty.pdf": lambda w: [{"pk": w.review.pk}],
    "api-tokens/<int:pk>/revoke/": lambda w: [{"pk": w.market_token.pk}],
}

# Query strings that make a page show the world's private rows (besides the bare page).
QUERIES: dict[str, Callable[[World], list[str]]] = {
    # Never a sentinel in a page's own query string: a search box shows it back.
    "tasks/": lambda w: ["q=SCJG"],
    "follow-ups/": lambda w: ["status=open", "status=closed", "status=all"],
    "publication/export/": lambda w: (
        ["since=2025-01-01&format=csv"]
        + [f"since=2025-01-01&format={f}&download=1" for f in ("csv", "xlsx", "json")]
    ),
    "sanctions/": lambda w: [f"q={w.entity.uscc}"],
    "api/v1/staff/results": lambda w: [f"task={w.task.code}"],
    "api/v1/staff/tasks": lambda w: [f"q={w.task.code}"],
    "oversight/dashboard/": lambda w: ["year=2025"],
    "oversight/dashboard/export.xlsx": lambda w: ["year=2025"],
    "oversight/duty/": lambda w: ["year=2025"],
    "oversight/fairness/": lambda w: ["year=2025"],
    "oversight/reviews/": lambda w: ["state=open", "year=2025"],
    "oversight/reviews/new/": lambda w: [f"uscc={w.entity.uscc}"],
}

# Form data sent with every POST to the route, so that its view reaches its object.
POST_DATA: dict[str, Callable[[World], dict[str, Any]]] = {
    "draws/<int:pk>/assign/": lambda w: {"entity": w.entity.pk},
}

PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")


def params_of(route: str) -> set[str]:
    return {m["name"] for m in PARAM.finditer(route)}


def url_for(endpoint: Endpoint, kwargs: Kwargs) -> str:
    """The path of ``endpoint`` with ``kwargs`` put in; it must resolve back to the pattern."""
    assert params_of(endpoint.route) == set(kwargs), endpoint.route
    path = "/" + PARAM.sub(lambda m: str(kwargs[m["name"]]), endpoint.route)
    match = resolve(path)
    assert match.func == endpoint.pattern.callback, (path, endpoint.route)
    return path


@dataclass(frozen=True)
class Call:
    route: str
    url: str
    data: dict[str, Any]


def calls(world: World) -> list[Call]:
    """One call per private endpoint instance; a parametrised route without a filler fails."""
    out: list[Call] = []
    missing = []
    for e in private_endpoints():
        if not params_of(e.route):
            instances: list[Kwargs] = [{}]
        elif e.route in FILLERS:
            instances = FILLERS[e.route](world)
            assert instances, e.route
        else:
            missing.append(e.route)
            continue
        queries = ["", *(QUERIES[e.route](world) if e.route in QUERIES else [])]
        data = POST_DATA[e.route](world) if e.route in POST_DATA else {}
        for kw in instances:
            path = url_for(e, kw)
            out += [Call(e.route, f"{path}?{q}" if q else path, data) for q in queries]
    assert not missing, f"private endpoints without a filler (add one to FILLERS): {missing}"
    return out


def body_text(response: HttpResponseBase) -> str:
    """What a person would read in the response: HTML/JSON/CSV text, xlsx cells, PDF text."""
    raw = (
        b"".join(response.streaming_content)  # type: ignore[attr-defined]
        if response.streaming
        else response.content  # type: ignore[attr-defined]
    )
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        book = load_workbook(io.BytesIO(raw), read_only=True)
        return "\n".join(
            str(v)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for v in row
            if v is not None
        )
    if kind.startswith("application/pdf"):
        return embedded_pdf_text(raw)
    text = raw.decode("utf-8")
    if "json" in kind:
        return json.dumps(json.loads(text), ensure_ascii=False)
    return text


def client_for(user: Any | None, **headers: str) -> Client:
    client = Client(HTTP_HOST="localhost", **headers)
    if user is not None:
        client.force_login(user)
    return client
