"""One visit, many items (进一次门、查多项事, seed 三(三); 国办发〔2024〕54号).

When the current draws of tasks of different departments select the same entity and the
tasks' windows overlap, the system proposes one visit. The rule, kept deterministic:

- Grouping: an entity's selections sorted by window start (then task code) join a group while
  the group's common window stays non-empty; a group of two or more tasks with at least two
  different lead departments becomes a proposal. Selections already in a proposed or confirmed
  visit are left out.
- Team: the lead selection is the group's first (earliest window, then task code); its
  effective team (drawn, or directly assigned) is kept whole, and for every other department
  involved that is not yet in it, the first law-enforcement officer of that department in that
  task's team (by department order, then name) joins.
- Cap: a confirmed visit counts once against the entity's yearly cap (visit_count; sampling
  asks ``merged_selections`` through its registry when it builds a population).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from shuangsuiji.common.audit import audit_record
from shuangsuiji.common.errors import PermissionDenied, ServiceError
from shuangsuiji.directory.models import Entity, InspectionItem, Inspector, InspectorKind
from shuangsuiji.plans.access import can_manage_task
from shuangsuiji.plans.models import TaskState
from shuangsuiji.sampling.models import Selection

from .models import Result, Visit, VisitSelection
from .selectors import build_assignments

OPEN_VISIT = (Visit.State.PROPOSED, Visit.State.CONFIRMED)


def _year_selections(year: int) -> list[Selection]:
    qs = Selection.objects.filter(draw__is_current=True, draw__task__year=year).exclude(
        draw__task__state=TaskState.TERMINATED
    )
    taken = VisitSelection.objects.filter(visit__state__in=OPEN_VISIT).values("selection_id")
    qs = qs.exclude(pk__in=taken)
    return list(qs.select_related("draw__task").order_by("entity_id"))


def merge_groups(selections: list[Selection]) -> list[list[Selection]]:
    """Groups of one entity's selections whose task windows share a common period."""
    by_entity: dict[int, list[Selection]] = defaultdict(list)
    for s in selections:
        by_entity[s.entity_id].append(s)
    groups: list[list[Selection]] = []
    for rows in by_entity.values():
        rows.sort(key=lambda s: (s.draw.task.window_start, s.draw.task.code))
        current: list[Selection] = []
        start = end = None
        for s in rows:
            t = s.draw.task
            if current and start is not None and end is not None:
                new_start, new_end = max(start, t.window_start), min(end, t.window_end)
                if new_start <= new_end:
                    current.append(s)
                    start, end = new_start, new_end
                    continue
                groups.append(current)
            current, start, end = [s], t.window_start, t.window_end
        if current:
            groups.append(current)
    return [
        g for g in groups if len(g) >= 2 and len({s.draw.task.lead_department_id for s in g}) >= 2
    ]


def visit_team(group: list[Selection]) -> list[Inspector]:
    """The merged team of a group (module docstring)."""
    assignments = {
        (a.draw.pk, a.entity.pk): a
        for a in build_assignments({(s.draw_id, s.entity_id) for s in group})
    }
    lead = assignments[(group[0].draw_id, group[0].entity_id)]
    team: list[Inspector] = [*lead.members, *lead.experts]
    for s in group[1:]:
        dept = s.draw.task.lead_department_id
        if any(m.department_id == dept for m in team):
            continue
        officers = [
            m
            for m in assignments[(s.draw_id, s.entity_id)].members
            if m.kind == InspectorKind.LAW_ENFORCEMENT and m.department_id == dept
        ]
        officers.sort(key=lambda m: (m.department.sort_order, m.name, m.pk))
        if officers and all(o.pk != officers[0].pk for o in team):
            team.append(officers[0])
    return team


@transaction.atomic
def visit_propose_all(*, actor: Any, year: int) -> list[Visit]:
    """Propose a visit for every group of overlapping selections not yet in a visit."""
    if not actor.is_office_admin:
        raise PermissionDenied("只有联席办管理员可以生成合并检查建议")
    made = []
    for group in merge_groups(_year_selections(year)):
        tasks = [s.draw.task for s in group]
        visit = Visit.objects.create(
            entity_id=group[0].entity_id,
            year=year,
            window_start=max(t.window_start for t in tasks),
            window_end=min(t.window_end for t in tasks),
            rule="保留首个任务（检查期限最早）的检查组，其他部门各加入一名执法人员",
        )
        for s in group:
            VisitSelection.objects.create(visit=visit, selection=s)
        visit.members.set(visit_team(group))
        audit_record(
            actor=actor,
            action="visit.propose",
            object_type="visit",
            object_id=visit.pk,
            object_repr=str(visit.entity.name),
            after={
                "tasks": [t.code for t in tasks],
                "members": [m.certificate_no for m in visit.members.all()],
            },
        )
        made.append(visit)
    return made


def can_confirm_visit(actor: Any, visit: Visit) -> bool:
    """The office, or the admin of the lead task's lead department."""
    first = visit.parts.select_related("selection__draw__task").order_by("id").first()
    if first is None:
        return bool(actor.is_office_admin)
    return can_manage_task(actor, first.selection.draw.task.lead_department_id)


def _decide(*, actor: Any, visit: Visit, to: str, action: str, reason: str = "") -> Visit:
    locked = Visit.objects.select_for_update().get(pk=visit.pk)
    if not can_confirm_visit(actor, locked):
        raise PermissionDenied("只有联席办或牵头任务的发起部门管理员可以确认合并检查")
    if locked.state != Visit.State.PROPOSED:
        raise ServiceError(f"该合并检查{locked.get_state_display()}，不能再操作")
    locked.state = to
    if to == Visit.State.CONFIRMED:
        locked.confirmed_by = actor if getattr(actor, "pk", None) else None
        locked.confirmed_at = timezone.now()
    locked.save()
    audit_record(
        actor=actor,
        action=action,
        object_type="visit",
        object_id=locked.pk,
        object_repr=str(locked.entity.name),
        before={"state": Visit.State.PROPOSED},
        after={"state": to},
        reason=reason,
    )
    visit.state = to
    return locked


@transaction.atomic
def visit_confirm(*, actor: Any, visit: Visit) -> Visit:
    """Confirm a proposed visit: its team replaces the drawn teams; it counts once."""
    return _decide(actor=actor, visit=visit, to=Visit.State.CONFIRMED, action="visit.confirm")


@transaction.atomic
def visit_cancel(*, actor: Any, visit: Visit, reason: str) -> Visit:
    """Decline a proposed visit with a reason; the tasks keep their own teams."""
    if not reason.strip():
        raise ServiceError("请填写不合并的原因", field="reason")
    return _decide(
        actor=actor, visit=visit, to=Visit.State.CANCELLED, action="visit.cancel", reason=reason
    )


def merged_selections(
    year: int, exclude_task_id: int | None = None, counted: QuerySet[Selection] | None = None
) -> dict[int, int]:
    """Per entity, how many of its current selections a confirmed visit makes redundant.

    With ``counted``, only those selections are looked at: a visit that joined a selection the
    cap does not count (a 重点 item's, a terminated task's) saves nothing for it.
    """
    parts = VisitSelection.objects.filter(
        visit__state=Visit.State.CONFIRMED,
        visit__year=year,
        selection__draw__is_current=True,
    )
    if exclude_task_id is not None:
        parts = parts.exclude(selection__draw__task_id=exclude_task_id)
    if counted is not None:
        parts = parts.filter(selection__in=counted.values("pk"))
    counts: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for visit_id, entity_id in parts.values_list("visit_id", "visit__entity_id"):
        counts[entity_id][visit_id] += 1
    return {e: sum(max(n - 1, 0) for n in v.values()) for e, v in counts.items()}


def inspected_selections(
    selections: QuerySet[Selection], items: QuerySet[InspectionItem] | None = None
) -> QuerySet[Selection]:
    """The selections whose entity has a recorded result in that draw (on one of ``items``
    when given): an inspection took place, so it counts toward sampling's burden rules even
    when its task was later terminated."""
    results = Result.objects.filter(draw_id=OuterRef("draw_id"), entity_id=OuterRef("entity_id"))
    if items is not None:
        results = results.filter(item__in=items.values("pk"))
    return selections.filter(Exists(results))


def visit_count(entity: Entity, year: int) -> int:
    """Random inspections of an entity in a year, a confirmed visit counted once."""
    n = Selection.objects.filter(
        entity=entity, draw__is_current=True, draw__task__year=year
    ).count()
    return n - merged_selections(year).get(entity.pk, 0)
