"""履职记录 (DutyRecord): what a department or an inspector was assigned and what they did.

The evidence pack for 尽职照单免责 (seed 四(一), 四(三)): an inspector who inspected as the item
list and the plan required is not blamed for what was not drawn or could not be found. The
record therefore lists, for a period, every assigned task and inspection with its window, the
inspection dates and methods, the results, who confirmed them and when, the task's completion
and publication dates, their timeliness (公示 within 20 working days, seed 三(四)) and the
follow-ups (后续处置).

Assignments come from inspections.selectors (the effective team: drawn team, superseded by a
direct assignment, superseded by a confirmed visit), so the record matches the workbench.

- Department record: tasks the department leads or joins (plans.access.scope_tasks), past 草稿.
  The lead department answers for every item of its task (谁发起、谁组织, seed 五(一)); a
  partner answers for its own items only.
- Inspector record: the assignments whose effective team includes the inspector, with every
  result of those assignments.
- Both show the 问责/免责审查 (seed 四(二)、四(三)) of the department, or naming the inspector,
  and their decisions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.db.models import Q
from django.utils import timezone

from shuangsuiji.directory.models import Department, Inspector, Role
from shuangsuiji.disclosure.selectors import PublicationStatus, publication_status
from shuangsuiji.inspections.models import NO_PROBLEM_CATEGORIES, FollowUp, Result
from shuangsuiji.inspections.selectors import (
    Assignment,
    assignment_list,
    build_assignments,
    is_confirmed,
)
from shuangsuiji.plans.models import Task, TaskState
from shuangsuiji.sampling.models import Draw, Selection

from .models import AccountabilityReview, ReviewDecision


@dataclass(frozen=True)
class Period:
    """Tasks of ``year``; with ``start``/``end``, only those whose window overlaps them."""

    year: int
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def label(self) -> str:
        if self.start or self.end:
            start = f"{self.start:%Y-%m-%d}" if self.start else "年初"
            end = f"{self.end:%Y-%m-%d}" if self.end else "年末"
            return f"{self.year}年度（检查期间与 {start} 至 {end} 重叠的任务）"
        return f"{self.year}年度"

    def tasks(self) -> Any:
        qs = Task.objects.filter(year=self.year).exclude(state=TaskState.DRAFT)
        if self.start:
            qs = qs.filter(window_end__gte=self.start)
        if self.end:
            qs = qs.filter(window_start__lte=self.end)
        return qs


@dataclass
class TaskLine:
    """One task of the record with its dates and timeliness."""

    task: Task
    role: str
    assignments: int
    publication: PublicationStatus

    @property
    def completed_late(self) -> bool:
        done = self.task.completed_on
        return done is not None and done > self.task.window_end


@dataclass
class ResultLine:
    """One result with its timeliness (inspected within the task's window)."""

    result: Result
    confirmed: bool
    in_window: bool
    follow_ups: list[FollowUp]

    @property
    def has_problem(self) -> bool:
        return self.result.category not in NO_PROBLEM_CATEGORIES


@dataclass
class InspectionLine:
    """One assigned inspection (an entity of a task's current draw) and its results."""

    assignment: Assignment
    results: list[ResultLine]
    missing_items: list[str]


@dataclass
class DutyRecord:
    subject: str  # "department" or "inspector"
    name: str
    department: Department
    inspector: Inspector | None
    period: Period
    tasks: list[TaskLine] = field(default_factory=list)
    inspections: list[InspectionLine] = field(default_factory=list)
    reviews: list[AccountabilityReview] = field(default_factory=list)
    generated_at: dt.datetime = field(default_factory=timezone.now)

    def summary(self) -> list[tuple[str, int]]:
        """The figures on top of the record, in print order."""
        results = [r for i in self.inspections for r in i.results]
        follow_ups = [f for r in results for f in r.follow_ups]
        return [
            ("抽查任务", len(self.tasks)),
            ("检查对象（户次）", len(self.inspections)),
            ("检查结果", len(results)),
            ("经两名执法人员确认", sum(r.confirmed for r in results)),
            ("在检查期间内检查", sum(r.in_window for r in results)),
            ("发现问题", sum(r.has_problem for r in results)),
            ("尚未录入结果的事项", sum(len(i.missing_items) for i in self.inspections)),
            ("后续处置（已办结）", sum(f.status == FollowUp.Status.CLOSED for f in follow_ups)),
            ("后续处置（办理中）", sum(f.status == FollowUp.Status.OPEN for f in follow_ups)),
            (
                "按时完成的任务",
                sum(t.task.completed_on is not None and not t.completed_late for t in self.tasks),
            ),
            ("按时公示的任务", sum(t.publication.code == "on_time" for t in self.tasks)),
            ("问责/免责审查", len(self.reviews)),
            ("审查决定免责", sum(r.decision == ReviewDecision.EXEMPT for r in self.reviews)),
            ("审查决定追责", sum(r.decision == ReviewDecision.ACCOUNTABLE for r in self.reviews)),
            ("部分免责、部分追责", sum(r.decision == ReviewDecision.PARTIAL for r in self.reviews)),
        ]


def _lines(
    assignments: list[Assignment], item_ids_of: dict[int, set[int] | None]
) -> list[InspectionLine]:
    """Result lines per assignment, restricted per task to ``item_ids_of[task]`` (None: all)."""
    draw_ids = {a.draw.pk for a in assignments}
    entity_ids = {a.entity.pk for a in assignments}
    results: dict[tuple[int, int], list[Result]] = {}
    qs = Result.objects.filter(draw_id__in=draw_ids, entity_id__in=entity_ids)
    qs = qs.select_related("item__department", "recorded_by")
    for r in qs.prefetch_related("confirmations__inspector", "follow_ups__owner_department"):
        results.setdefault((r.draw_id, r.entity_id), []).append(r)
    out: list[InspectionLine] = []
    for a in assignments:
        task = a.task
        wanted = item_ids_of.get(task.pk)
        items = [i for i in a.items() if wanted is None or i.pk in wanted]
        found = {
            r.item_id: r
            for r in results.get((a.draw.pk, a.entity.pk), [])
            if wanted is None or r.item_id in wanted
        }
        lines = [
            ResultLine(
                result=r,
                confirmed=is_confirmed(r),
                in_window=task.window_start <= r.inspected_on <= task.window_end,
                follow_ups=sorted(r.follow_ups.all(), key=lambda f: (f.due_on, f.pk)),
            )
            for r in sorted(found.values(), key=lambda r: r.item_id)
        ]
        missing = [i.name for i in items if i.pk not in found]
        out.append(InspectionLine(a, lines, missing))
    return out


def _task_lines(tasks: list[Task], roles: dict[int, str], counts: dict[int, int]) -> list[TaskLine]:
    today = timezone.localdate()
    return [
        TaskLine(t, roles[t.pk], counts.get(t.pk, 0), publication_status(t, today))
        for t in sorted(tasks, key=lambda t: (t.window_start, t.code))
    ]


def department_record(*, department: Department, period: Period) -> DutyRecord:
    """The department's record: tasks it leads or joins in the period, every inspection of
    them; results of all items for the lead, of its own items for a partner (seed 五(一))."""
    tasks = list(
        period.tasks()
        .filter(Q(lead_department=department) | Q(partner_departments=department))
        .distinct()
        .select_related("lead_department")
    )
    pairs = set(
        Selection.objects.filter(draw__is_current=True, draw__task__in=tasks).values_list(
            "draw_id", "entity_id"
        )
    )
    record = _department_lines(department, period, tasks, pairs)
    record.reviews = review_lines(
        AccountabilityReview.objects.filter(department=department), period
    )
    return record


def inspections_record(
    *, department: Department, pairs: set[tuple[int, int]], period: Period
) -> DutyRecord:
    """The department's record narrowed to the given inspections (draw id, entity id): the
    part of its 履职记录 a 问责/免责审查 keeps as evidence, with the same lead/partner rule."""
    draws = Draw.objects.filter(pk__in={d for d, _ in pairs}).values("task_id")
    tasks = list(Task.objects.filter(pk__in=draws).select_related("lead_department"))
    return _department_lines(department, period, tasks, pairs)


def _department_lines(
    department: Department, period: Period, tasks: list[Task], pairs: set[tuple[int, int]]
) -> DutyRecord:
    roles = {
        t.pk: "发起部门" if t.lead_department_id == department.pk else "配合部门" for t in tasks
    }
    assignments = build_assignments(pairs)
    own_items: dict[int, set[int] | None] = {}
    for t in tasks:
        if t.lead_department_id != department.pk:
            own_items[t.pk] = set(
                t.items.filter(department=department).values_list("pk", flat=True)
            )
    counts: dict[int, int] = {}
    for a in assignments:
        counts[a.task.pk] = counts.get(a.task.pk, 0) + 1
    return DutyRecord(
        subject="department",
        name=department.name,
        department=department,
        inspector=None,
        period=period,
        tasks=_task_lines(tasks, roles, counts),
        inspections=_lines(assignments, own_items),
    )


def review_lines(reviews: Any, period: Period) -> list[AccountabilityReview]:
    """The 问责/免责审查 a record shows: those linking an inspection of a task of the period,
    and those linking none (the firm was not drawn) whose problem surfaced in the year."""
    task_ids = period.tasks().values("id")
    linked = Q(selections__draw__task_id__in=task_ids)
    unlinked = Q(selections__isnull=True, surfaced_on__year=period.year)
    found = reviews.filter(linked | unlinked).distinct().select_related("entity", "department")
    return list(found.order_by("surfaced_on", "code"))


def inspector_record(*, inspector: Inspector, period: Period) -> DutyRecord:
    """The inspector's record: every assignment whose effective team includes them (as the
    workbench shows it), in tasks of the period, with all results of those assignments."""
    # The same selector as the inspector's own workbench, for an inspector without an account.
    actor = SimpleNamespace(is_office_admin=False, role=Role.INSPECTOR, inspector=inspector)
    task_ids = set(period.tasks().values_list("pk", flat=True))
    assignments = [a for a in assignment_list(actor=actor) if a.task.pk in task_ids]
    tasks = {a.task.pk: a.task for a in assignments}
    counts: dict[int, int] = {}
    for a in assignments:
        counts[a.task.pk] = counts.get(a.task.pk, 0) + 1
    roles = {pk: "检查组成员" for pk in tasks}
    for a in assignments:
        if any(e.pk == inspector.pk for e in a.experts):
            roles[a.task.pk] = "专家"
    return DutyRecord(
        subject="inspector",
        name=inspector.name,
        department=inspector.department,
        inspector=inspector,
        period=period,
        tasks=_task_lines(list(tasks.values()), roles, counts),
        inspections=_lines(assignments, {}),
        reviews=review_lines(AccountabilityReview.objects.filter(inspectors=inspector), period),
    )


def can_view_department(actor: Any, department: Department) -> bool:
    """The office, or that department's admin."""
    if actor.is_office_admin:
        return True
    return actor.role == Role.DEPT_ADMIN and actor.department_id == department.pk


def can_view_inspector(actor: Any, inspector: Inspector) -> bool:
    """The office, the admin of the inspector's department, or the inspector themself."""
    if can_view_department(actor, inspector.department):
        return True
    own = getattr(actor, "inspector_id", None)
    return own is not None and own == inspector.pk
