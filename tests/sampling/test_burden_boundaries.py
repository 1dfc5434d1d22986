"""The yearly cap of random inspections per firm (at most 2 a year across all departments,
domain.md "Limits on burden") counts current draws only: a redrawn task's superseded draw
was never carried out, so it is not an inspection of the firm."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from shuangsuiji.directory.models import Entity, User
from shuangsuiji.plans.models import Task
from shuangsuiji.sampling import services
from shuangsuiji.sampling.models import Draw, Selection
from shuangsuiji.sampling.population import Population, build_population, config_of

from . import builders as b

pytestmark = pytest.mark.django_db


def population(task: Task) -> Population:
    return build_population(task, config_of(task), now=timezone.now())


def exclusions(pop: Population) -> dict[str, int]:
    return {e["rule"]: e["count"] for e in pop.exclusions}


def drawn_all(name: str, code: str) -> Task:
    """A 2025 task on a 一般 item of its own (no same-item exclusion), every entity drawn: the
    cap counts 一般 items' random checks, not 重点 items' (those follow their 抽查频次)."""
    t = b.task([b.item(name=name, ratio_cap=Decimal("100"))], code=code)
    b.configure(t, ratio_a_bp=10_000)
    b.freeze_and_draw(t)
    return t


def redraw(task: Task, actor: Any) -> Draw:
    services.draw_redraw(task=task, reason="见证人未按时到场", actor=actor)
    return services.draw_run(
        task=task,
        witness_entropy="2025年体彩大乐透第25049期开奖号码 01 08 15 22 30 + 02 11",
        witness_source="中国体育彩票超级大乐透开奖号码",
        witness_name="李见证",
        actor=actor,
    )


@time_machine.travel(dt.datetime(2025, 5, 6, 10, tzinfo=dt.UTC), tick=False)
def test_a_redrawn_draw_does_not_count_toward_the_yearly_cap(office_admin: User) -> None:
    firms = b.entities(2)
    b.officers(3)
    codes = sorted(e.uscc for e in firms)
    first = drawn_all("广告发布检查", "LC2025-SCJG-501")
    second = redraw(first, office_admin)
    # Both firms sit in the superseded draw and in the current one: one inspection each.
    for e in firms:
        rows = Selection.objects.filter(entity=e, draw__task=first)
        assert sorted(rows.values_list("draw__is_current", flat=True)) == [False, True]
    assert second.is_current and second.redraw_of is not None

    third = b.task([b.item(name="价格行为检查")], code="LC2025-SCJG-502")
    assert config_of(third).yearly_cap == 2  # the default: 2 random inspections a year
    pop = population(third)
    assert exclusions(pop)["yearly_cap"] == 0
    assert sorted(u for u, _ in pop.rows) == codes

    # A second task of the year draws them again: now two current draws each, the cap.
    drawn_all("产品质量检查", "LC2025-SCJG-503")
    pop = population(third)
    assert exclusions(pop)["yearly_cap"] == 2
    assert pop.rows == []
    assert Entity.objects.filter(uscc__in=codes).count() == 2
