"""Reads of the draw ledger that oversight needs: completed inspections and who inspected.

Shared by the re-check draw (its population and each entity's previous team) and the fairness
monitor (pairs and idle inspectors).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from shuangsuiji.directory.models import Department
from shuangsuiji.inspections.models import Result, Visit, VisitSelection
from shuangsuiji.plans.models import Task, TaskState
from shuangsuiji.sampling.models import DirectAssignment, Draw, Role, TeamMember

DONE_STATES = (TaskState.COMPLETED, TaskState.PUBLICIZED)


@dataclass(frozen=True)
class Inspection:
    """One completed inspection: an entity of a completed task's current draw with a result."""

    draw_id: int
    draw_number: int
    task_id: int
    task_code: str
    task_name: str
    department: str  # the task's lead department code
    entity_id: int
    uscc: str

    @property
    def draw_public_id(self) -> str:
        """The draw's name in its own record (sampling Draw.public_id)."""
        return f"{self.task_code}#{self.draw_number}"


def completed_inspections(
    *, year: int, department: Department | None = None, task: Task | None = None
) -> list[Inspection]:
    """Inspections of the year's completed (已完成/已公示) tasks, in (uscc, task code) order.

    An inspection counts once it has a recorded result in the task's current draw; a department
    scope is the task's lead department (谁发起、谁组织, seed 五(一)).
    """
    tasks: QuerySet[Task] = Task.objects.filter(year=year, state__in=DONE_STATES)
    if department is not None:
        tasks = tasks.filter(lead_department=department)
    if task is not None:
        tasks = tasks.filter(pk=task.pk)
    draws = Draw.objects.filter(is_current=True, task__in=tasks.values("id"))
    rows = (
        Result.objects.filter(draw__in=draws.values("id"))
        .values_list(
            "draw_id",
            "draw__number",
            "draw__task_id",
            "draw__task__code",
            "draw__task__name",
            "draw__task__lead_department__code",
            "entity_id",
            "entity__uscc",
        )
        .distinct()
    )
    found = {Inspection(*row) for row in rows}
    return sorted(found, key=lambda i: (i.uscc, i.task_code))


def effective_teams(draw_filter: Q) -> dict[tuple[int, int], set[int]]:
    """(draw id, entity id) → inspector ids who (are to) inspect, for the matching draws.

    The team is a confirmed joint visit's (进一次门: it replaces the drawn teams), else the
    latest direct assignment, else the drawn law-enforcement members; experts never count
    (回避 and rotation concern the officers).
    """
    draws = Draw.objects.filter(draw_filter).values("id")
    teams: dict[tuple[int, int], set[int]] = defaultdict(set)
    drawn = TeamMember.objects.filter(draw__in=draws, role=Role.MEMBER)
    for draw_id, entity_id, inspector_id in drawn.values_list(
        "draw_id", "entity_id", "inspector_id"
    ):
        teams[(draw_id, entity_id)].add(inspector_id)
    direct = DirectAssignment.objects.filter(draw__in=draws).order_by("assigned_at", "id")
    latest: dict[tuple[int, int], int] = {}
    for pk, draw_id, entity_id in direct.values_list("id", "draw_id", "entity_id"):
        latest[(draw_id, entity_id)] = pk
    if latest:
        chosen: dict[int, set[int]] = defaultdict(set)
        through = DirectAssignment.inspectors.through.objects.filter(
            directassignment_id__in=list(latest.values())
        )
        for assignment_id, inspector_id in through.values_list(
            "directassignment_id", "inspector_id"
        ):
            chosen[assignment_id].add(inspector_id)
        for key, pk in latest.items():
            teams[key] = chosen[pk]
    visits = visits_of(draw_filter)
    if visits:
        members: dict[int, set[int]] = defaultdict(set)
        through_v = Visit.members.through.objects.filter(visit_id__in=set(visits.values()))
        for visit_id, inspector_id in through_v.values_list("visit_id", "inspector_id"):
            members[visit_id].add(inspector_id)
        for key, visit_id in visits.items():
            teams[key] = members[visit_id]
    return dict(teams)


def visits_of(draw_filter: Q) -> dict[tuple[int, int], int]:
    """(draw id, entity id) → the confirmed joint visit that covers it (one visit, one door)."""
    draws = Draw.objects.filter(draw_filter).values("id")
    parts = VisitSelection.objects.filter(
        visit__state=Visit.State.CONFIRMED, selection__draw__in=draws
    ).values_list("selection__draw_id", "selection__entity_id", "visit_id")
    return {(d, e): v for d, e, v in parts}


def teams_of(inspections: Iterable[Inspection]) -> dict[tuple[int, int], set[int]]:
    """effective_teams for the draws of the given inspections."""
    draw_ids = sorted({i.draw_id for i in inspections})
    return effective_teams(Q(id__in=draw_ids)) if draw_ids else {}
