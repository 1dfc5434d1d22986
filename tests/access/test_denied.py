"""Denied access, endpoint by endpoint: every private URL pattern of the project, called by
each outsider of the market department's private task (world.py), answers 404, 403 for a
page only the office (or only admins) may use, or a redirect to login; where a page is meant
for the outsider too (a list scoped to their own rows, the shared entity register), none of
the task's private values is in what they receive. A private pattern without a filler, or
an outsider answer the table below does not name, fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib import admin
from django.db import transaction
from django.http import HttpResponseBase
from django.test import Client
from django.urls import reverse

from shuangsuiji.common.models import AuditEntry

from .endpoints import (
    ADMIN_PREFIX,
    FILLERS,
    POST_DATA,
    QUERIES,
    Call,
    all_endpoints,
    body_text,
    calls,
    client_for,
    params_of,
    private_endpoints,
)
from .world import World

HA, HI, OT, ANON, TOKEN = "health_admin", "health_inspector", "other_team", "anonymous", "token"
OUTSIDERS = (HA, HI, OT, ANON)


@dataclass(frozen=True)
class Expect:
    kind: str  # denied | forbidden | bounced | scoped
    hidden: frozenset[str] = frozenset()


DENIED = Expect("denied")  # 404 (a redirect to login for the anonymous user, 401 in the API)
FORBIDDEN = Expect("forbidden")  # 403: a page of the office (or of admins), whatever the object
BOUNCED = Expect("bounced")  # a POST sent back to a page (not login), nothing written

ALL = frozenset(
    (
        *("task", "firm", "officer", "findings", "evidence", "closure", "note", "exemption"),
        *("joint", "review"),
    )
)
# What another team of the same department must not see: the team's own record of the firm.
TEAM = frozenset(("findings", "evidence", "closure", "note"))


def scoped(hidden: frozenset[str]) -> Expect:
    return Expect("scoped", hidden)


def both(get: Expect, post: Expect) -> tuple[Expect, Expect]:
    return (get, post)


CROSS = scoped(ALL)  # another department's user on a page of its own rows
OWN_DEPT = scoped(TEAM)  # a market inspector of another team: the department's rows, not ours
REGISTER = scoped(ALL - {"firm"})  # the shared entity register: every firm, nothing else
# 联合惩戒: every member department reads a firm's 立案/移送 facts (task and firm), no more.
SANCTIONS = scoped(ALL - {"task", "firm"})

# Answers that are not a plain 404. Route → role → expectation for both methods, or a pair
# (GET, POST). A method the office's own call finds not allowed (405) must be 405 for all.
VISIBLE: dict[str, dict[str, Expect | tuple[Expect, Expect]]] = {
    "": {HA: CROSS, HI: CROSS, OT: OWN_DEPT},
    "audit/": {HA: FORBIDDEN, HI: FORBIDDEN, OT: FORBIDDEN},
    "calendar/": {HA: FORBIDDEN, HI: FORBIDDEN, OT: FORBIDDEN},
    "items/": {HA: CROSS, HI: CROSS, OT: OWN_DEPT},
    "items/<int:pk>/": {OT: OWN_DEPT},
    "items/<int:pk>/publish/": {OT: BOUNCED},
    "items/<int:pk>/new-version/": {OT: BOUNCED},
    "entities/": {HA: REGISTER, HI: REGISTER, OT: OWN_DEPT},
    "entities/<int:pk>/": {HA: REGISTER, HI: REGISTER, OT: OWN_DEPT},
    "inspectors/": {HA: CROSS, HI: CROSS, OT: OWN_DEPT},
    "inspectors/<int:pk>/": {OT: OWN_DEPT},
    "import/": {HA: CROSS, HI: FORBIDDEN, OT: FORBIDDEN},
    "import/progress/<str:token>/": {HA: CROSS, HI: FORBIDDEN, OT: FORBIDDEN},
    "import/template/<str:kind>/": {HA: CROSS, HI: CROSS, OT: CROSS},
    # One route for the three directories: the entity export lists every firm.
    "export/<str:kind>/<str:fmt>/": {HA: REGISTER, HI: REGISTER, OT: OWN_DEPT},
    "tasks/": {HA: CROSS, HI: CROSS, OT: OWN_DEPT},
    "tasks/<int:pk>/": {OT: OWN_DEPT},
    "tasks/<int:pk>/publish/": {OT: BOUNCED},
    "tasks/<int:pk>/start/": {OT: BOUNCED},
    "tasks/<int:pk>/complete/": {OT: BOUNCED},
    "tasks/<int:pk>/publicize/": {OT: BOUNCED},
    "tasks/<int:pk>/terminate/": {OT: BOUNCED},
    # The county's joint plan is every member's document; only the office changes it.
    "plans/": {r: both(CROSS, FORBIDDEN) for r in (HA, HI, OT)},
    "plans/<int:pk>/": {HA: CROSS, HI: CROSS, OT: CROSS},
    "plans/<int:pk>/tasks/add/": {HA: FORBIDDEN, HI: FORBIDDEN, OT: FORBIDDEN},
    "plans/<int:pk>/approve/": {HA: FORBIDDEN, HI: FORBIDDEN, OT: FORBIDDEN},
    "plans/<int:pk>/publish/": {HA: FORBIDDEN, HI: FORBIDDEN, OT: FORBIDDEN},
    "plans/<int:pk>/amend/": {HA: FORBIDDEN, HI: FORBIDDEN, OT: FORBIDDEN},
    "joint-requests/": {HA: CROSS, HI: CROSS, OT: OWN_DEPT},
    # The form offers every department's published items (the public item list), and the
    # world's item is named after its task.
    "joint-requests/new/": {HA: scoped(ALL - {"task"}), HI: FORBIDDEN, OT: FORBIDDEN},
    "joint-requests/<int:pk>/": {OT: both(OWN_DEPT, FORBIDDEN)},
    "messages/": {HA: CROSS, HI: CROSS, OT: OWN_DEPT},
    "messages/<int:pk>/read/": {OT: BOUNCED},  # the reminder went to the whole department
    "tasks/<int:pk>/draw/config/": {OT: BOUNCED},
    "tasks/<int:pk>/draw/freeze/": {OT: BOUNCED},
    "tasks/<int:pk>/draw/run/": {OT: BOUNCED},
    "tasks/<int:pk>/draw/redraw/": {OT: BOUNCED},
    "draws/<int:pk>/": {OT: OWN_DEPT},
    "draws/<int:pk>/assign/": {OT: BOUNCED},
    "draws/<int:pk>/record.json": {OT: OWN_DEPT},
    # Its own assignment of the same task is there, the private firm is not.
    "workbench/": {HA: CROSS, HI: CROSS, OT: scoped(TEAM | {"firm"})},
    "follow-ups/": {HA: CROSS, HI: CROSS, OT: CROSS},
    "visits/": {HA: CROSS, HI: CROSS, OT: OWN_DEPT},
    "visits/propose/": {HA: BOUNCED, HI: BOUNCED, OT: BOUNCED},  # the service refuses
    "visits/<int:pk>/decide/": {OT: BOUNCED},
    "tasks/<int:task_id>/exemptions/": {OT: BOUNCED},
    "publication/exemptions/": {HA: CROSS, HI: CROSS, OT: OWN_DEPT},
    "publication/exemptions/<int:pk>/decide/": {OT: BOUNCED},
    "publication/export/": {HA: CROSS, HI: CROSS, OT: OWN_DEPT},
    "sanctions/": {HA: SANCTIONS, HI: SANCTIONS, OT: OWN_DEPT},
    "api/v1/staff/directory/items": {HA: CROSS, HI: CROSS, OT: OWN_DEPT, TOKEN: CROSS},
    "api/v1/staff/directory/entities": {
        HA: REGISTER,
        HI: REGISTER,
        OT: OWN_DEPT,
        TOKEN: REGISTER,
    },
    "api/v1/staff/directory/inspectors": {HA: CROSS, HI: CROSS, OT: OWN_DEPT, TOKEN: CROSS},
    "api/v1/staff/tasks": {HA: CROSS, HI: CROSS, OT: OWN_DEPT, TOKEN: CROSS},
    "api/v1/staff/results": {HA: CROSS, HI: CROSS, OT: OWN_DEPT, TOKEN: CROSS},
    "api/v1/staff/sanctions/<uscc>": {HA: SANCTIONS, HI: SANCTIONS, OT: OWN_DEPT, TOKEN: SANCTIONS},
    "oversight/dashboard/": {HA: CROSS, HI: CROSS, OT: OWN_DEPT},
    "oversight/dashboard/export.xlsx": {HA: CROSS, HI: CROSS, OT: OWN_DEPT},
    "oversight/duty/": {HA: BOUNCED, HI: BOUNCED, OT: BOUNCED},  # sent to their own record
    "oversight/flags/": {HA: CROSS, HI: FORBIDDEN, OT: FORBIDDEN},
    "oversight/flags.xlsx": {HA: CROSS, HI: FORBIDDEN, OT: FORBIDDEN},
    "oversight/recheck/": {HA: FORBIDDEN, HI: FORBIDDEN, OT: FORBIDDEN},
    "oversight/recheck/freeze/": {HA: FORBIDDEN, HI: FORBIDDEN, OT: FORBIDDEN},
    "oversight/recheck/<int:pk>/": {HA: FORBIDDEN, HI: FORBIDDEN, OT: FORBIDDEN},
    "oversight/recheck/<int:pk>/draw/": {HA: FORBIDDEN, HI: FORBIDDEN, OT: FORBIDDEN},
    "oversight/recheck/<int:pk>/record.json": {HA: FORBIDDEN, HI: FORBIDDEN, OT: FORBIDDEN},
    "oversight/recheck/<int:pk>/auditor.json": {HA: FORBIDDEN, HI: FORBIDDEN, OT: FORBIDDEN},
    "oversight/recheck/item/<int:pk>/outcome/": {HA: FORBIDDEN, HI: FORBIDDEN, OT: FORBIDDEN},
    "oversight/recheck/item/<int:pk>/assign/": {HA: FORBIDDEN, HI: FORBIDDEN, OT: FORBIDDEN},
    "oversight/fairness/": {HA: CROSS, HI: FORBIDDEN, OT: FORBIDDEN},
    # Each sees the reviews of its own inspections: none of the market firm's.
    "oversight/reviews/": {HA: CROSS, HI: CROSS, OT: CROSS},
    "oversight/reviews/new/": {HA: FORBIDDEN, HI: FORBIDDEN, OT: FORBIDDEN},
    "api-tokens/": {HA: FORBIDDEN, HI: FORBIDDEN, OT: FORBIDDEN},
    "api-tokens/<int:pk>/revoke/": {HA: FORBIDDEN, HI: FORBIDDEN, OT: FORBIDDEN},
}

# Who owns a route's object when the office does not see it (a reminder to the department).
INSIDER: dict[str, str] = {
    "messages/<int:pk>/read/": "market_admin",
    "joint-requests/new/": "market_admin",
}

# Positive controls: the insider does receive these sentinels, so their absence for an
# outsider means something.
INSIDER_SEES: dict[str, frozenset[str]] = {
    "tasks/": frozenset({"task"}),
    "tasks/<int:pk>/": frozenset({"task", "firm", "exemption"}),
    "items/": frozenset({"task"}),
    "inspectors/": frozenset({"officer"}),
    "workbench/": frozenset({"firm"}),
    "workbench/<int:draw_id>/<int:entity_id>/": frozenset({"findings", "evidence"}),
    "follow-ups/": frozenset({"firm"}),
    "joint-requests/<int:pk>/": frozenset({"joint"}),
    "publication/exemptions/": frozenset({"exemption"}),
    "api/v1/staff/tasks": frozenset({"task"}),
    "api/v1/staff/results": frozenset({"task"}),
    "api/v1/staff/directory/inspectors": frozenset({"officer"}),
    "oversight/dashboard/": frozenset({"task"}),
    "oversight/reviews/": frozenset({"firm"}),
    "oversight/reviews/<int:pk>/": frozenset({"firm", "task", "review"}),
}


def users(world: World) -> dict[str, Any]:
    return {
        HA: world.health_admin,
        HI: world.health_inspector,
        OT: world.other_team,
        ANON: None,
        "office": world.office_admin,
        "market_admin": world.market_admin,
    }


def expected(route: str, role: str, method: str) -> Expect:
    found = VISIBLE.get(route, {}).get(role, DENIED)
    if isinstance(found, tuple):
        return found[0] if method == "get" else found[1]
    return found


def send(client: Client, call: Call, method: str) -> HttpResponseBase:
    if method == "get":
        return client.get(call.url)
    return client.post(call.url, call.data)


def as_insider(world: World, call: Call, method: str) -> HttpResponseBase:
    """The owner's answer, rolled back so that it changes nothing the outsiders then see."""
    client = client_for(users(world)[INSIDER.get(call.route, "office")])
    with transaction.atomic():
        response = send(client, call, method)
        if method == "get" and call.route in INSIDER_SEES:
            assert response.status_code == 200, (call.url, response.status_code)
            text = body_text(response)
            missing = {k for k in INSIDER_SEES[call.route] if world.sentinels[k] not in text}
            assert not missing, (call.url, missing)
        transaction.set_rollback(True)
    return response


def is_login_redirect(response: HttpResponseBase, login: str) -> bool:
    return response.status_code == 302 and response["Location"].startswith(f"{login}?next=")


def judge(world: World, call: Call, method: str, role: str, response: HttpResponseBase) -> str:
    """'' when the answer is the expected one, else what is wrong with it."""
    status = response.status_code
    api = call.url.startswith("/api/")
    if role == ANON:
        if (api and status == 401) or (not api and is_login_redirect(response, reverse("login"))):
            return ""
        return f"expected a login redirect, got {status}"
    want = expected(call.route, role, method)
    if want.kind == "denied":
        return "" if status == 404 else f"expected 404, got {status}"
    if want.kind == "forbidden":
        return "" if status == 403 else f"expected 403, got {status}"
    if want.kind == "bounced":
        if status == 302 and not is_login_redirect(response, reverse("login")):
            return ""
        return f"expected a redirect back, got {status}"
    if status != 200:
        return f"expected 200 without private values, got {status}"
    text = body_text(response)
    leaked = sorted(k for k in want.hidden if world.sentinels[k] in text)
    return f"private values in the answer: {leaked}" if leaked else ""


def outsider_clients(world: World, role: str) -> Iterator[tuple[str, Client]]:
    yield role, client_for(users(world)[role])
    if role == HA:  # the same department's system by its token, for the API
        yield TOKEN, client_for(None, HTTP_AUTHORIZATION=f"Bearer {world.keys['D18']}")


def method_not_allowed(world: World, call: Call, method: str, response: HttpResponseBase) -> bool:
    """A 405 that the owner gets too: the view does not answer this method at all."""
    return response.status_code == 405 and as_insider(world, call, method).status_code == 405


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsider_gets_404_403_login_or_only_its_own_rows(world: World, role: str) -> None:
    done, wrong = 0, []
    for call in calls(world):
        for method in ("get", "post"):
            for who, client in outsider_clients(world, role):
                if who == TOKEN and not call.url.startswith("/api/"):
                    continue
                before = AuditEntry.objects.count()
                response = send(client, call, method)
                if method_not_allowed(world, call, method, response):
                    problem = ""
                else:
                    problem = judge(world, call, method, who, response)
                if AuditEntry.objects.count() != before:
                    problem += " and it wrote an audit entry"
                if problem:
                    wrong.append(f"{method.upper()} {call.url} as {who}: {problem}")
                done += 1
    assert done >= 2 * len(private_endpoints()) > 0
    assert not wrong, "\n".join(wrong)


def test_the_owner_reaches_every_private_object(world: World) -> None:
    """The fillers name real objects: their owner (the office, unless INSIDER says) is let in
    wherever the view answers the method, and sees the sentinels INSIDER_SEES lists."""
    served = 0
    for call in calls(world):
        for method in ("get", "post"):
            status = as_insider(world, call, method).status_code
            assert status not in (401, 403, 404), (method, call.url, status)
            served += status != 405
    assert served >= len(private_endpoints()) > 0  # every route answers one method at least


def test_every_route_named_in_the_tables_exists() -> None:
    """A renamed route must not leave a stale row that silently stops applying."""
    routes = {e.route for e in private_endpoints()}
    assert set(VISIBLE) <= routes, set(VISIBLE) - routes
    named = set(INSIDER) | set(INSIDER_SEES) | set(FILLERS) | set(QUERIES) | set(POST_DATA)
    assert named <= routes, named - routes


def test_every_private_route_with_parameters_has_a_filler() -> None:
    """Checked without the world, so that a new endpoint is named at once."""
    with_params = {e.route for e in private_endpoints() if params_of(e.route)}
    assert with_params, "no private route with parameters found: the walk is broken"
    assert with_params <= set(FILLERS), sorted(with_params - set(FILLERS))


def test_the_django_admin_sends_an_anonymous_user_to_its_login(db: None) -> None:
    client = client_for(None)
    login = reverse("admin:login")
    samples = {
        "object_id": "1",
        "app_label": "directory",
        "content_type_id": "1",
        "id": "1",
        "url": "x/",
    }
    seen = 0
    for e in all_endpoints():
        if not e.route.startswith(ADMIN_PREFIX) or e.pattern.name == "login":
            continue
        names = params_of(e.route) | set(e.pattern.pattern.regex.groupindex)
        kwargs = {n: samples[n] for n in names}
        if e.pattern.name:
            url = reverse(f"admin:{e.pattern.name}", kwargs=kwargs)
        else:
            url = "/" + e.route.replace("<path:object_id>", "1").replace("(?P<url>.*)$", "x/")
        response = client.get(url)
        if e.pattern.name == "logout":  # logging out when not logged in: back to the index
            assert response["Location"] == reverse("admin:index")
        else:
            assert is_login_redirect(response, login) or response.status_code == 301, url
        seen += 1
    assert seen > 50


def admin_url(model: Any, view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_another_departments_admin_finds_nothing_of_ours_in_the_django_admin(
    world: World,
) -> None:
    """Department admins are staff (is_staff) and may use the Django admin: each list is theirs
    or refused, and the private rows' own pages are refused or "not found" (back to the index);
    only the shared entity register shows the firm."""
    private = {
        "plans.task": world.task,
        "sampling.draw": world.draw,
        "inspections.result": world.result,
        "inspections.evidence": world.evidence,
        "inspections.followup": world.follow_up,
        "inspections.visit": world.visit,
        "plans.jointrequest": world.joint_request,
        "plans.message": world.message,
        "directory.inspector": world.team[0].inspector,
        "directory.inspectionitem": world.task.items.get(),
        "api.apitoken": world.market_token,
    }
    client = client_for(world.health_admin)
    wrong, seen = [], set()
    for model in admin.site._registry:
        label = model._meta.label_lower
        hidden = ALL - {"firm"} if label == "directory.entity" else ALL
        response = client.get(admin_url(model, "changelist"))
        if response.status_code == 200:
            leaked = [k for k in hidden if world.sentinels[k] in body_text(response)]
            if leaked:
                wrong.append(f"{label} list shows {leaked}")
        elif response.status_code != 403:
            wrong.append(f"{label} list answers {response.status_code}")
        if label in private:
            seen.add(label)
            page = client.get(admin_url(model, "change", private[label].pk))
            refused = page.status_code == 403 or (
                page.status_code == 302 and page["Location"] == reverse("admin:index")
            )
            if not refused:
                wrong.append(f"{label} {private[label].pk} answers {page.status_code}")
    assert seen == set(private)
    assert not wrong, "\n".join(wrong)
