"""Public endpoints, in the one list envelope: the rows expected are named from the world."""

from __future__ import annotations

from django.test import Client

from shuangsuiji.directory.models import InspectionItem
from shuangsuiji.sampling.record import verify_record

from .conftest import DRAFT_ITEM, World

# The world's tasks past draft, in the portal's order (year descending, then code): the
# publicized and the completed 市场监管 tasks and 卫健's published joint task.
PUBLIC_TASKS = ["LC2025-SCJG-201", "LC2025-SCJG-202", "LC2025-WJW-302"]


def test_lists_use_the_one_envelope_and_cap_page_size(world: World, api_client: Client) -> None:
    body = api_client.get("/api/v1/tasks", {"page_size": 1}).json()
    assert set(body) == {"count", "page", "page_size", "items"}
    assert body["count"] == len(PUBLIC_TASKS) and len(body["items"]) == 1
    second = api_client.get("/api/v1/tasks", {"page_size": 1, "page": 2}).json()
    assert second["page"] == 2 and second["items"] != body["items"]
    too_big = api_client.get("/api/v1/items", {"page_size": 201})
    assert too_big.status_code == 422
    err = too_big.json()
    assert err["code"] == "validation_error" and "page_size" in err["detail"]
    assert err["errors"][0]["loc"] == ["query", "page_size"]


def test_tasks_are_the_public_tasks_and_never_drafts(world: World, api_client: Client) -> None:
    codes = [t["code"] for t in api_client.get("/api/v1/tasks?page_size=200").json()["items"]]
    assert codes == PUBLIC_TASKS
    assert world.draft_task_code not in codes
    missing = api_client.get(f"/api/v1/tasks/{world.draft_task_code}")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found" and "没有编号" in missing.json()["detail"]


def test_task_detail_has_publication_status_and_draws(world: World, api_client: Client) -> None:
    task = world.publicized.task
    body = api_client.get(f"/api/v1/tasks/{task.code}").json()
    assert body["publication"] == {
        "code": "on_time",
        "label": "按时公示",
        "due": "2025-11-28",
        "calendar_missing": None,
    }
    assert body["open_commitment"] is None
    assert [d["draw_id"] for d in body["draws"]] == [f"{task.code}#{world.publicized.draw.number}"]
    assert body["draws"][0]["commitment"] == world.publicized.draw.freeze.commitment


def test_draw_record_is_the_public_record(world: World, api_client: Client) -> None:
    draw = world.publicized.draw
    url = f"/api/v1/tasks/{draw.task.code}/draws/{draw.number}"
    assert api_client.get(url).json()["is_current"] is True
    record = api_client.get(url + "/record").json()
    assert (record["kind"], record["draw_id"]) == ("public", f"{draw.task.code}#{draw.number}")
    assert "matching_private" not in record
    assert record["secret"] == draw.freeze.secret and record["seed"] == draw.seed
    assert sorted(c for c, _ in record["selected"]) == sorted(
        r.entity.uscc for r in world.publicized.results
    )
    assert record["direct_assignments"] == []
    verification = verify_record(record)
    assert verification.ok, verification.problems
    assert api_client.get(f"/api/v1/tasks/{draw.task.code}/draws/99").status_code == 404


def test_results_are_the_announcement_rows_minus_exemptions(
    world: World, api_client: Client
) -> None:
    body = api_client.get("/api/v1/results?page_size=200").json()
    rows = [(r["task_code"], r["uscc"], r["item_name"]) for r in body["items"]]
    # The publicized task's four results less the one kept internal; the completed task's
    # results are not announced yet.
    code = world.publicized.task.code
    expected = [
        (code, r.entity.uscc, f"{code}事项")
        for r in world.publicized.results
        if r.pk != world.exempt.pk
    ]
    assert len(expected) == 3
    assert sorted(rows) == sorted(expected)
    assert (world.publicized.task.code, world.exempt.entity.uscc) not in {r[:2] for r in rows}
    one = body["items"][0]
    assert one["publicized_on"] == "2025-11-14" and one["result_code"] in {"1", "2"}
    by_firm = api_client.get("/api/v1/results", {"uscc": one["uscc"]}).json()
    assert {r["uscc"] for r in by_firm["items"]} == {one["uscc"]}
    later = api_client.get("/api/v1/results", {"since": "2026-01-01"}).json()
    assert later["count"] == 0


def test_firm_search_and_history(world: World, api_client: Client) -> None:
    entity = world.publicized.problem.entity
    found = api_client.get("/api/v1/firms", {"q": entity.uscc[:8]}).json()
    assert entity.uscc in [f["uscc"] for f in found["items"]]
    assert api_client.get("/api/v1/firms", {"q": "x"}).status_code == 422
    history = api_client.get(f"/api/v1/firms/{entity.uscc}").json()
    assert history["name"] == entity.name
    row = next(h for h in history["history"] if h["task"]["code"] == world.publicized.task.code)
    assert [r["result_code"] for r in row["results"]] == ["2"]
    assert api_client.get("/api/v1/firms/91410324MA44XK7R85").status_code == 404


def test_items_and_plans(world: World, api_client: Client) -> None:
    items = api_client.get("/api/v1/items?page_size=200").json()
    # Every item of the world is published once, with no newer version, except the draft.
    published = InspectionItem.objects.exclude(name=DRAFT_ITEM)
    assert published.count() == 4  # two 市场监管 tasks' items, 卫健's joint and draft tasks'
    assert sorted(i["id"] for i in items["items"]) == sorted(published.values_list("pk", flat=True))
    assert DRAFT_ITEM not in {i["name"] for i in items["items"]}
    plans = api_client.get("/api/v1/plans").json()
    assert plans["count"] == 0  # the world's tasks are outside any plan
