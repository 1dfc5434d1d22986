"""Firm search, a firm's history and the announcement rows, against hand-built tasks: what is
found, what stays out (a draft task's draws), and that a page of results costs one query."""

from __future__ import annotations

from typing import Any

import pytest

from shuangsuiji.disclosure import selectors
from shuangsuiji.disclosure.selectors import ResultFilters
from shuangsuiji.plans.models import Task, TaskState

from .builders import Publicized, publicized_task

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("q", ["", " ", "a", " 9 ", "\t测\n"])
def test_a_query_of_fewer_than_two_characters_finds_nothing(publicized: Publicized, q: str) -> None:
    assert selectors.entity_search(q) == []


def test_two_characters_are_enough(publicized: Publicized) -> None:
    entity = publicized.problem.entity
    assert entity.name.startswith("栾川县测试")
    assert entity in selectors.entity_search(" 测试 ")


def test_search_stops_at_its_limit_in_code_order(publicized: Publicized) -> None:
    codes = sorted(r.entity.uscc for r in publicized.results)
    assert len(codes) == 4
    assert [e.uscc for e in selectors.entity_search("有限公司", limit=2)] == codes[:2]


def test_a_page_of_search_results_is_read_in_one_query(
    publicized: Publicized, django_assert_num_queries: Any
) -> None:
    entity = publicized.problem.entity
    with django_assert_num_queries(1):
        [found] = selectors.entity_search(entity.uscc)
        shown = (found.uscc, found.name, found.entity_type, found.area.name)
    assert shown == (entity.uscc, entity.name, entity.entity_type, entity.area.name)


def test_announcements_follow_their_filters(publicized: Publicized) -> None:
    other = publicized_task(code="LC2025-SCJG-202", n_entities=2)
    mine = selectors.announcements(ResultFilters(task_code=publicized.task.code))
    theirs = selectors.announcements(ResultFilters(task_code=other.task.code))
    assert {a.task_code for a in mine} == {publicized.task.code} and len(mine) == 4
    # The second task draws from all six firms of the directory by then.
    assert {a.task_code for a in theirs} == {other.task.code} and len(theirs) == 6
    assert len(selectors.announcements()) == 10


def test_a_draft_tasks_draw_is_not_in_the_firms_history(publicized: Publicized) -> None:
    entity = publicized.problem.entity
    assert len(selectors.entity_history(entity)) == 1
    Task.objects.filter(pk=publicized.task.pk).update(state=TaskState.DRAFT)
    assert selectors.entity_history(entity) == []


def test_history_rows_carry_their_task_and_department_without_more_queries(
    publicized: Publicized, django_assert_max_num_queries: Any
) -> None:
    entity = publicized.problem.entity
    [row] = selectors.entity_history(entity)
    # The stored outcome and the superseded draw's outcome are heavy and never shown here.
    assert {"outcome"} <= row.draw.get_deferred_fields()
    with django_assert_max_num_queries(0):
        shown = (row.task.code, row.task.lead_department.name, row.draw.redraw_of)
    assert shown == (publicized.task.code, publicized.task.lead_department.name, None)
