"""Assignments and results, read through one scoping rule.

An assignment is one entity of a task's current draw with its effective team:
the drawn team (TeamMember), superseded by the latest direct assignment for that entity, and
superseded again by the team of a confirmed visit that includes the selection.

Who sees which assignment:
- 执法检查人员: only those whose effective team includes them (User.inspector).
- 部门管理员: those of the tasks of their department (lead or partner, plans.access).
- 联席办管理员: all.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from shuangsuiji.directory.models import Entity, InspectionItem, Inspector, InspectorKind, Role
from shuangsuiji.plans.access import scope_tasks
from shuangsuiji.plans.models import Task
from shuangsuiji.sampling.models import DirectAssignment, Draw, Selection, TeamMember
from shuangsuiji.sampling.models import Role as TeamRole

from .models import (
    REQUIRED_CONFIRMATIONS,
    CheckCode,
    FollowUp,
    FollowUpAction,
    Result,
    Visit,
    VisitSelection,
)


@dataclass
class Assignment:
    draw: Draw
    entity: Entity
    members: list[Inspector] = field(default_factory=list)
    experts: list[Inspector] = field(default_factory=list)
    visit: Visit | None = None

    @property
    def task(self) -> Task:
        return self.draw.task

    @property
    def due(self) -> dt.date:
        return self.draw.task.window_end

    @property
    def officers(self) -> list[Inspector]:
        return [m for m in self.members if m.kind == InspectorKind.LAW_ENFORCEMENT]

    def items(self) -> list[InspectionItem]:
        return list(self.draw.task.items.select_related("department").order_by("id"))

    def includes(self, inspector: Inspector | None) -> bool:
        if inspector is None:
            return False
        return any(p.pk == inspector.pk for p in (*self.members, *self.experts))


def _confirmed_visits(pairs: set[tuple[int, int]]) -> dict[tuple[int, int], Visit]:
    found: dict[tuple[int, int], Visit] = {}
    parts = VisitSelection.objects.filter(visit__state=Visit.State.CONFIRMED).select_related(
        "selection", "visit"
    )
    if pairs:
        parts = parts.filter(selection__draw_id__in={d for d, _ in pairs})
    for part in parts.prefetch_related("visit__members__department"):
        key = (part.selection.draw_id, part.selection.entity_id)
        found[key] = part.visit
    return found


def build_assignments(pairs: set[tuple[int, int]]) -> list[Assignment]:
    """Assignments for (draw id, entity id) pairs, with their effective teams."""
    if not pairs:
        return []
    draw_ids = {d for d, _ in pairs}
    entity_ids = {e for _, e in pairs}
    draws = {
        d.pk: d
        for d in Draw.objects.filter(pk__in=draw_ids)
        .defer("outcome")
        .select_related("task__lead_department")
    }
    entities = Entity.objects.filter(pk__in=entity_ids).select_related("area").in_bulk()
    rows = {p: Assignment(draws[p[0]], entities[p[1]]) for p in pairs}
    members = TeamMember.objects.filter(draw_id__in=draw_ids, entity_id__in=entity_ids)
    for m in members.select_related("inspector__department").order_by(
        "inspector__department__sort_order", "inspector__name"
    ):
        row = rows.get((m.draw_id, m.entity_id))
        if row is not None:
            (row.members if m.role == TeamRole.MEMBER else row.experts).append(m.inspector)
    latest: dict[tuple[int, int], DirectAssignment] = {}
    direct = DirectAssignment.objects.filter(draw_id__in=draw_ids, entity_id__in=entity_ids)
    for d in direct.order_by("assigned_at", "id").prefetch_related("inspectors__department"):
        latest[(d.draw_id, d.entity_id)] = d
    for key, d in latest.items():
        if key in rows:
            rows[key].members = list(d.inspectors.order_by("department__sort_order", "name"))
    for key, visit in _confirmed_visits(set(rows)).items():
        if key in rows:
            rows[key].visit = visit
            rows[key].members = list(visit.members.order_by("department__sort_order", "name"))
    return sorted(rows.values(), key=lambda a: (a.due, a.draw.task.code, a.entity.uscc))


def _current_draws() -> QuerySet[Draw]:
    return Draw.objects.filter(is_current=True)


def _inspector_pairs(inspector: Inspector) -> set[tuple[int, int]]:
    current = _current_draws().values("id")
    pairs = set(
        TeamMember.objects.filter(inspector=inspector, draw__in=current).values_list(
            "draw_id", "entity_id"
        )
    )
    pairs |= set(
        DirectAssignment.objects.filter(inspectors=inspector, draw__in=current).values_list(
            "draw_id", "entity_id"
        )
    )
    visits = Visit.objects.filter(state=Visit.State.CONFIRMED, members=inspector)
    pairs |= set(
        VisitSelection.objects.filter(visit__in=visits).values_list(
            "selection__draw_id", "selection__entity_id"
        )
    )
    return pairs


def assignment_list(*, actor: Any, task: Task | None = None) -> list[Assignment]:
    """The assignments the actor may see (module docstring), soonest due first."""
    if actor.is_office_admin or getattr(actor, "role", "") == Role.DEPT_ADMIN:
        tasks = scope_tasks(Task.objects.all(), actor)
        if task is not None:
            tasks = tasks.filter(pk=task.pk)
        selections = Selection.objects.filter(
            draw__in=_current_draws().filter(task__in=tasks.values("id")).values("id")
        )
        return build_assignments(set(selections.values_list("draw_id", "entity_id")))
    inspector = getattr(actor, "inspector", None)
    if inspector is None:
        return []
    pairs = _inspector_pairs(inspector)
    if task is not None:
        pairs = {p for p in pairs if Draw.objects.filter(pk=p[0], task=task).exists()}
    return [a for a in build_assignments(pairs) if a.includes(inspector)]


def assignment_get(*, actor: Any, draw_id: int, entity_id: int) -> Assignment | None:
    """One assignment if the actor may see it; None for a missing or out-of-scope one."""
    if not Selection.objects.filter(
        draw_id=draw_id, entity_id=entity_id, draw__is_current=True
    ).exists():
        return None
    found = build_assignments({(draw_id, entity_id)})
    if not found:
        return None
    assignment = found[0]
    if actor.is_office_admin:
        return assignment
    if getattr(actor, "role", "") == Role.DEPT_ADMIN:
        visible = scope_tasks(Task.objects.filter(pk=assignment.draw.task_id), actor).exists()
        return assignment if visible else None
    return assignment if assignment.includes(getattr(actor, "inspector", None)) else None


def results_of(assignment: Assignment) -> dict[int, Result]:
    """The assignment's results by item id, with confirmations and evidence."""
    qs = Result.objects.filter(draw=assignment.draw, entity=assignment.entity)
    qs = qs.prefetch_related("confirmations__inspector", "evidence", "follow_ups")
    return {r.item_id: r for r in qs}


def is_confirmed(result: Result) -> bool:
    return len(result.confirmations.all()) >= REQUIRED_CONFIRMATIONS


def check_code(assignment: Assignment) -> str:
    """The assignment's public token (the visit's token when it is part of a confirmed visit)."""
    if assignment.visit is not None:
        return assignment.visit.token
    code, _ = CheckCode.objects.get_or_create(draw=assignment.draw, entity=assignment.entity)
    return code.token


def follow_up_list(*, actor: Any) -> QuerySet[FollowUp]:
    """Follow-ups the actor may see: the office all; others those owned by their department,
    of tasks of their department or referred to it for a listing (抄告); an inspector also
    those of their own assignments."""
    qs = FollowUp.objects.select_related(
        "result__entity", "result__item", "result__draw__task", "owner_department"
    )
    if actor.is_office_admin:
        return qs
    dept = getattr(actor, "department_id", None)
    tasks = scope_tasks(Task.objects.all(), actor).values("id")
    if getattr(actor, "role", "") == Role.DEPT_ADMIN:
        # A 抄告 for a listing reaches the registration authority it names.
        referred = qs.filter(action=FollowUpAction.REFER_LISTING, recipient_department_id=dept)
        return (
            qs.filter(owner_department_id=dept) | qs.filter(result__draw__task__in=tasks) | referred
        )
    pairs = {(a.draw.pk, a.entity.pk) for a in assignment_list(actor=actor)}
    ids = [
        f.pk
        for f in qs.filter(result__draw__is_current=True)
        if (f.result.draw_id, f.result.entity_id) in pairs
    ]
    return qs.filter(pk__in=ids)


def results_by_pair(draw_ids: set[int]) -> dict[tuple[int, int], list[Result]]:
    grouped: dict[tuple[int, int], list[Result]] = defaultdict(list)
    qs = Result.objects.filter(draw_id__in=draw_ids).prefetch_related("confirmations")
    for r in qs:
        grouped[(r.draw_id, r.entity_id)].append(r)
    return grouped
