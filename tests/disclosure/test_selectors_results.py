"""Published results and a task's draws against hand-built tasks: the filters, the announcement
order (newest completion first, then task code, firm code, item), only the task's own draws,
and that the heavy frozen columns are left in the database."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.disclosure import selectors
from shuangsuiji.disclosure.selectors import ResultFilters
from shuangsuiji.plans import services as plan_services
from shuangsuiji.plans.models import Task, TaskState
from shuangsuiji.sampling import services

from ..sampling import builders as b
from .builders import PUBLICIZED_ON, Publicized, completed_task

pytestmark = pytest.mark.django_db


def publicized_on(code: str, completed_on: dt.date, n: int) -> Publicized:
    p = completed_task(code=code, n_entities=n, completed_on=completed_on)
    plan_services.task_publicize(actor=p.admin, task=p.task, on=PUBLICIZED_ON)
    return p


@pytest.fixture
def two_tasks() -> tuple[Publicized, Publicized]:
    # The later-coded task was completed last: completion date orders before the code.
    late = publicized_on("LC2025-SCJG-209", dt.date(2025, 10, 31), 2)
    early = publicized_on("LC2025-SCJG-201", dt.date(2025, 10, 20), 2)
    assert (len(late.results), len(early.results)) == (2, 4)
    return late, early


def test_results_are_ordered_by_completion_then_task_then_firm(
    two_tasks: tuple[Publicized, Publicized],
) -> None:
    late, early = two_tasks
    # Completed the same day as the late task, with a smaller code: it comes first of the two.
    same_day = publicized_on("LC2025-SCJG-205", dt.date(2025, 10, 31), 2)
    rows = [(r.draw.task.code, r.entity.uscc) for r in selectors.public_results()]
    expected = [
        (p.task.code, u)
        for p in (same_day, late, early)
        for u in sorted(r.entity.uscc for r in p.results)
    ]
    assert [c for c, _ in expected[:2]] == ["LC2025-SCJG-205"] * 2
    assert rows == expected


def test_results_of_one_firm_and_one_items_department(
    two_tasks: tuple[Publicized, Publicized],
) -> None:
    late, _ = two_tasks
    firm = late.problem.entity.uscc
    # The second task drew every firm in the directory by then, the first task's two included.
    by_firm = selectors.public_results(ResultFilters(uscc=firm))
    assert [(r.draw.task.code, r.entity.uscc) for r in by_firm] == [
        ("LC2025-SCJG-209", firm),
        ("LC2025-SCJG-201", firm),
    ]
    market = selectors.public_results(ResultFilters(department_code=b.market().code))
    assert market.count() == selectors.public_results().count() > 0
    assert not selectors.public_results(ResultFilters(department_code=b.health().code)).exists()


def test_results_since_a_completion_date(two_tasks: tuple[Publicized, Publicized]) -> None:
    since = selectors.public_results(ResultFilters(since=dt.date(2025, 10, 21)))
    assert {r.draw.task.code for r in since} == {"LC2025-SCJG-209"}


def test_a_page_of_results_reads_task_department_firm_and_item_in_one_query(
    two_tasks: tuple[Publicized, Publicized], django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        rows = [
            (r.draw.task.lead_department.name, r.entity.uscc, r.item.department.name)
            for r in selectors.public_results()
        ]
    assert len(rows) == 2 + 4
    assert {(lead, dept) for lead, _, dept in rows} == {(b.market().name, b.market().name)}


def test_a_tasks_draws_are_its_own_and_leave_the_frozen_data_behind(
    two_tasks: tuple[Publicized, Publicized], django_assert_num_queries: Any
) -> None:
    late, early = two_tasks
    with django_assert_num_queries(1):
        draws = list(selectors.public_draws(late.task))
        seen = [(d.task_id, d.number, d.freeze.number, d.redraw_of) for d in draws]
    assert seen == [(late.task.pk, 1, 1, None)]
    [draw] = draws
    assert {"outcome"} <= draw.get_deferred_fields()
    assert {"frozen", "population", "matching", "secret"} <= draw.freeze.get_deferred_fields()
    assert [d.task_id for d in selectors.public_draws(early.task)] == [early.task.pk]
    Task.objects.filter(pk=early.task.pk).update(state=TaskState.DRAFT)
    assert list(selectors.public_draws(early.task)) == []


def test_an_open_commitment_is_read_without_its_frozen_data(
    django_assert_num_queries: Any,
) -> None:
    b.entities(2)
    b.officers(4)
    t = b.task(
        [b.item(name="广告发布检查", category="key", ratio_cap=None)], code="LC2025-SCJG-604"
    )
    b.configure(t, ratio_a_bp=10_000)
    made = services.draw_freeze(task=t, actor=SYSTEM)
    with django_assert_num_queries(1):
        freeze = selectors.open_commitment(t)
        assert freeze is not None
        shown = (
            freeze.number,
            freeze.commitment,
            freeze.frozen_at,
            freeze.population_size,
            freeze.frozen_by_name,
        )
    assert shown == (
        made.number,
        made.commitment,
        made.frozen_at,
        made.population_size,
        made.frozen_by_name,
    )
    assert {"frozen", "population", "matching", "secret"} <= freeze.get_deferred_fields()


def test_only_the_tasks_own_undrawn_freeze_is_an_open_commitment() -> None:
    b.entities(2)
    b.officers(4)
    made = []
    for code in ("LC2025-SCJG-605", "LC2025-SCJG-606"):
        t = b.task([b.item(name=f"{code}事项", category="key", ratio_cap=None)], code=code)
        b.configure(t, ratio_a_bp=10_000)
        made.append((t, services.draw_freeze(task=t, actor=SYSTEM)))
    (first, f1), (second, f2) = made
    assert [getattr(selectors.open_commitment(t), "pk", None) for t in (first, second)] == [
        f1.pk,
        f2.pk,
    ]
    services.draw_run(
        task=first,
        witness_entropy=b.WITNESS,
        witness_source="中国体育彩票超级大乐透开奖号码",
        witness_name="王见证",
        actor=SYSTEM,
    )
    assert selectors.open_commitment(first) is None  # drawn: no longer open
    Task.objects.filter(pk=second.pk).update(state=TaskState.DRAFT)
    assert selectors.open_commitment(second) is None
