"""The portal's task list against hand-built tasks: past 草稿 only, each filter, newest year
first, and the open statuses of tasks not yet completed."""

from __future__ import annotations

from typing import Any

import pytest

from shuangsuiji.disclosure import selectors
from shuangsuiji.disclosure.selectors import PublicationStatus, TaskFilters
from shuangsuiji.plans.models import Task, TaskState

from ..sampling import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks() -> dict[str, Task]:
    market, health = b.market(), b.health()
    # Made out of code order, so that the list's order is its own.
    made = {
        "health": b.task(
            [b.item(name="公共场所卫生检查", department=health)],
            code="LC2025-WJW-703",
            name="公共场所卫生抽查",
            lead=health,
        ),
        "joint": b.task(
            [b.item(name="医疗机构检查", department=health)],
            code="LC2025-WJW-702",
            name="医疗机构联合抽查",
            lead=health,
            partners=[market],
        ),
        "ads": b.task([b.item(name="广告发布检查")], code="LC2025-SCJG-701", name="广告发布专项"),
        "next_year": b.task(
            [b.item(name="价格行为检查", year=2026)],
            code="LC2026-SCJG-704",
            year=2026,
            name="价格检查",
        ),
        "draft": b.task([b.item(name="年报公示检查")], code="LC2025-SCJG-705", publish=False),
    }
    Task.objects.filter(pk=made["health"].pk).update(state=TaskState.IN_PROGRESS)
    return made


def codes(**filters: Any) -> list[str]:
    return [t.code for t in selectors.public_tasks(TaskFilters(**filters))]


def test_public_tasks_are_newest_year_first_then_by_code_and_never_drafts(
    tasks: dict[str, Task],
) -> None:
    assert codes() == ["LC2026-SCJG-704", "LC2025-SCJG-701", "LC2025-WJW-702", "LC2025-WJW-703"]
    assert selectors.public_task("LC2025-SCJG-705") is None
    assert selectors.public_task("LC2025-WJW-702") == tasks["joint"]


def test_task_filters(tasks: dict[str, Task]) -> None:
    assert codes(year=2026) == ["LC2026-SCJG-704"]
    # A department's tasks are those it leads or joins.
    assert codes(department_code=b.market().code) == [
        "LC2026-SCJG-704",
        "LC2025-SCJG-701",
        "LC2025-WJW-702",
    ]
    assert codes(department_code=b.health().code) == ["LC2025-WJW-702", "LC2025-WJW-703"]
    assert codes(state=TaskState.IN_PROGRESS) == ["LC2025-WJW-703"]
    assert codes(q=" 联合 ") == ["LC2025-WJW-702"]  # by name
    assert codes(q="SCJG-70") == ["LC2026-SCJG-704", "LC2025-SCJG-701"]  # by code
    assert codes(q="不存在的任务") == []


def test_search_returns_at_most_fifty_firms_unless_asked(db: None) -> None:
    b.entities(51)
    assert len(selectors.entity_search("有限公司")) == 50
    assert len(selectors.entity_search("有限公司", limit=51)) == 51


def test_a_page_of_tasks_reads_the_lead_department_in_one_query(
    tasks: dict[str, Task], django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        leads = [t.lead_department.name for t in selectors.public_tasks()]
    assert leads == [b.market().name, b.market().name, b.health().name, b.health().name]


@pytest.mark.parametrize(
    ("state", "label"),
    [
        (TaskState.PUBLISHED, "未完成"),
        (TaskState.IN_PROGRESS, "未完成"),
        (TaskState.TERMINATED, "已终止"),
    ],
)
def test_a_task_not_completed_is_open(state: str, label: str) -> None:
    assert selectors.publication_status(Task(state=state)) == PublicationStatus("open", label)
