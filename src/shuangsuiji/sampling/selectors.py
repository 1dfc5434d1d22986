"""Reads of the draw ledger, scoped like the tasks they belong to (plans.access)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet

from shuangsuiji.directory.models import Inspector
from shuangsuiji.plans.access import scope_tasks
from shuangsuiji.plans.models import Task

from .models import DirectAssignment, Draw, Freeze, Role, Selection, TeamMember

# The big JSON columns stay in the database unless a page or download needs them.
HEAVY = ("outcome",)


def draw_list(*, actor: Any) -> QuerySet[Draw]:
    """Draws of the tasks the actor may see, current and superseded alike (the ledger)."""
    tasks = scope_tasks(Task.objects.all(), actor)
    return Draw.objects.filter(task__in=tasks.values("id"))


def task_draws(*, actor: Any, task: Task) -> QuerySet[Draw]:
    """The task's ledger, newest first, without the heavy columns."""
    return (
        draw_list(actor=actor)
        .filter(task=task)
        .select_related("redraw_of", "freeze")
        .defer(*HEAVY, "redraw_of__outcome")
        .defer("freeze__frozen", "freeze__population", "freeze__matching")
        .annotate(selected=Count("selections"))
        .order_by("-number")
    )


def latest_freeze(task: Task) -> Freeze | None:
    """The newest freeze of a task (the one a draw uses), with its heavy columns deferred."""
    return (
        Freeze.objects.filter(task=task).defer("population", "matching").order_by("-number").first()
    )


def current_draw(task: Task) -> Draw | None:
    return Draw.objects.filter(task=task, is_current=True).defer(*HEAVY).first()


@dataclass
class TeamRow:
    """One selected entity of a draw with the team that is to inspect it."""

    selection: Selection
    members: list[Inspector] = field(default_factory=list)
    experts: list[Inspector] = field(default_factory=list)
    direct: DirectAssignment | None = None
    history: list[DirectAssignment] = field(default_factory=list)

    @property
    def effective_members(self) -> list[Inspector]:
        return list(self.direct.inspectors.all()) if self.direct else self.members


def draw_teams(draw: Draw, selections: list[Selection]) -> list[TeamRow]:
    """The given selections of a draw with their drawn teams and any direct assignments."""
    rows = {s.entity_id: TeamRow(s) for s in selections}
    members = TeamMember.objects.filter(draw=draw, entity_id__in=list(rows))
    members = members.select_related("inspector__department")
    for m in members.order_by("role", "inspector__department__sort_order", "inspector__name"):
        row = rows[m.entity_id]
        (row.members if m.role == Role.MEMBER else row.experts).append(m.inspector)
    history: dict[int, list[DirectAssignment]] = defaultdict(list)
    direct = DirectAssignment.objects.filter(draw=draw, entity_id__in=list(rows))
    for d in direct.order_by("assigned_at", "id").prefetch_related("inspectors__department"):
        history[d.entity_id].append(d)
    for entity_id, assignments in history.items():
        rows[entity_id].history = assignments
        rows[entity_id].direct = assignments[-1]
    return list(rows.values())


def draw_selections(draw: Draw, *, only_fallback: bool = False) -> QuerySet[Selection]:
    """A draw's selected entities in inspection order (batch, then place in the batch)."""
    qs = draw.selections.select_related("entity__area").order_by("position")
    return qs.exclude(fallback="") if only_fallback else qs


def assignable_inspectors(task: Task) -> QuerySet[Inspector]:
    """People a direct assignment may name: law-enforcement officers of the task's departments."""
    return (
        Inspector.objects.filter(
            department_id__in=task.department_ids(), kind="law_enforcement", status="on_duty"
        )
        .select_related("department", "area")
        .order_by("department__sort_order", "name")
    )
