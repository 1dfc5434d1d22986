"""The portal's lists against hand-built rows: which item version is shown, the order of items
and plans, a draw found by its public id (task code and number), an announcement row in full,
and that each list reads its related rows in the same query."""

from __future__ import annotations

from typing import Any

import pytest

from shuangsuiji.directory.models import User
from shuangsuiji.disclosure import selectors
from shuangsuiji.disclosure.selectors import Announcement
from shuangsuiji.plans.models import Plan, PlanVersion, Task, TaskState
from shuangsuiji.sampling.models import Draw

from ..sampling import builders as b
from ..sampling.test_burden_boundaries import redraw
from .builders import PUBLICIZED_ON, Publicized

pytestmark = pytest.mark.django_db


def shown(**filters: Any) -> list[tuple[str, str, int, int]]:
    return [
        (i.department.name, i.name, i.year, i.version)
        for i in selectors.public_items(selectors.ItemFilters(**filters))
    ]


def test_a_newer_published_version_replaces_only_its_own_item() -> None:
    """Version 2 of 年报 hides version 1 of 年报, not 广告 of the same department and year,
    nor 年报 of another department or of another year."""
    market, health = b.market(), b.health()
    b.item(name="年报", version=1)
    b.item(name="年报", version=2)
    b.item(name="广告", version=1)
    b.item(name="年报", department=health, version=1)
    b.item(name="年报", year=2026, version=1)
    assert sorted(shown()) == sorted(
        [
            (market.name, "年报", 2025, 2),
            (market.name, "广告", 2025, 1),
            (health.name, "年报", 2025, 1),
            (market.name, "年报", 2026, 1),
        ]
    )


def test_items_are_listed_newest_year_first_then_department_category_and_name() -> None:
    market, health = b.market(), b.health()
    assert market.sort_order < health.sort_order
    # Code points: 市 < 质 and 丙 < 乙 < 甲, so name order alone would differ.
    b.item(name="甲", check_category="市场监管领域")
    b.item(name="乙", check_category="质量领域")
    b.item(name="丙", check_category="市场监管领域")
    b.item(name="丁", department=health, check_category="卫生领域")
    b.item(name="戊", year=2026)
    names = [
        (i.year, i.department.name, i.check_category, i.name) for i in selectors.public_items()
    ]
    assert names == [
        (2026, market.name, "市场监管领域", "戊"),
        (2025, market.name, "市场监管领域", "丙"),
        (2025, market.name, "市场监管领域", "甲"),
        (2025, market.name, "质量领域", "乙"),
        (2025, health.name, "卫生领域", "丁"),
    ]


def test_a_page_of_items_reads_their_departments_in_one_query(
    django_assert_num_queries: Any,
) -> None:
    b.item(name="年报", lead_department=b.health())
    b.item(name="广告")
    with django_assert_num_queries(1):
        rows = [
            (i.department.name, getattr(i.lead_department, "name", None))
            for i in selectors.public_items()
        ]
    assert sorted(rows, key=str) == sorted(
        [(b.market().name, b.health().name), (b.market().name, None)], key=str
    )


def test_plans_are_listed_newest_year_then_newest_version_first(
    office_admin: User, django_assert_num_queries: Any
) -> None:
    for year, versions in ((2025, 2), (2026, 1)):
        plan = Plan.objects.create(year=year, title=f"{year}年度抽查计划")
        for v in range(1, versions + 1):
            PlanVersion.objects.create(
                plan=plan, version=v, title=plan.title, published_by=office_admin
            )
    with django_assert_num_queries(1):
        rows = [(pv.plan.year, pv.version) for pv in selectors.public_plans()]
    assert rows == [(2026, 1), (2025, 2), (2025, 1)]


def test_a_draw_is_found_by_its_own_task_code_and_number_only(office_admin: User) -> None:
    b.entities(2)
    b.officers(4)
    tasks = []
    for code in ("LC2025-SCJG-601", "LC2025-SCJG-602"):
        t = b.task([b.item(name=f"{code}事项", category="key", ratio_cap=None)], code=code)
        b.configure(t, ratio_a_bp=10_000)
        b.freeze_and_draw(t)
        tasks.append(t)
    first, second = (selectors.public_draw(t.code, 1) for t in tasks)
    assert first is not None and second is not None
    assert (first.task_id, second.task_id) == (tasks[0].pk, tasks[1].pk)
    assert selectors.public_draw(tasks[0].code, 2) is None
    Task.objects.filter(pk=tasks[1].pk).update(state=TaskState.DRAFT)
    assert selectors.public_draw(tasks[1].code, 1) is None


def test_a_redraw_is_read_with_the_draw_it_replaced_in_one_query(
    office_admin: User, django_assert_num_queries: Any
) -> None:
    b.entities(2)
    b.officers(4)
    t = b.task(
        [b.item(name="广告发布检查", category="key", ratio_cap=None)], code="LC2025-SCJG-603"
    )
    b.configure(t, ratio_a_bp=10_000)
    b.freeze_and_draw(t)
    redraw(t, office_admin)
    with django_assert_num_queries(1):
        draw = selectors.public_draw(t.code, 2)
        assert draw is not None
        seen = (draw.task.code, draw.freeze.number, draw.redraw_of.number, draw.redraw_of.task.code)
    assert seen == (t.code, 2, 1, t.code)
    # The replaced draw's stored outcome stays in the database, in the list and the history.
    [newest, _] = selectors.public_draws(t)
    assert "outcome" in newest.redraw_of.get_deferred_fields()
    [row, _] = selectors.entity_history(t.draws.first().selections.first().entity)
    assert {"outcome"} <= row.draw.get_deferred_fields()
    assert "outcome" in row.draw.redraw_of.get_deferred_fields()


def test_an_announcement_row_in_full(publicized: Publicized) -> None:
    r = publicized.problem
    [row] = [a for a in selectors.announcements() if a.uscc == r.entity.uscc]
    assert row == Announcement(
        task_code="LC2025-SCJG-201",
        task_name="测试抽查任务",
        authority="县市场监督管理局",
        kind="不定向抽查",
        completed_on=publicized.task.completed_on,
        publicized_on=PUBLICIZED_ON,
        uscc=r.entity.uscc,
        entity_name=r.entity.name,
        item_name="LC2025-SCJG-201事项",
        result_code="2",
        result_text="违反市场监管相关规定",
        inspected_on=r.inspected_on,
    )


def test_a_firm_page_reads_its_township_in_the_same_query(
    publicized: Publicized, django_assert_num_queries: Any
) -> None:
    entity = publicized.problem.entity
    with django_assert_num_queries(1):
        found = selectors.public_entity(entity.uscc)
        assert found is not None
        township = found.area.name
    assert township == entity.area.name
    assert selectors.public_entity("91410324000000000X") is None


def test_results_of_a_superseded_draw_are_not_published(publicized: Publicized) -> None:
    assert len(selectors.public_results()) == 4
    # As if a redraw had replaced the draw these results were recorded under.
    Draw.objects.filter(pk=publicized.draw.pk).update(is_current=False)
    assert list(selectors.public_results()) == []
