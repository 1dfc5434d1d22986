"""The public scoping rule of 一公开: every portal page, public API endpoint and 公示 export
reads through these functions and nothing else.

Public (seed 二(五), 三(四); domain.md "Publication"):
- items: the newest published version of each item;
- plans: every published version (PlanVersion snapshots);
- tasks: every task past 草稿, with its window and state;
- draws: a freeze's commitment from the moment it is made, a draw's public record once drawn
  (superseded draws stay visible, marked);
- results: only of tasks in 已公示, and never a result the office approved to stay internal
  (依法依规不适合公开).
Never public: phone numbers, identity numbers, complainants, evidence, the 回避 register,
findings and internal notes, drafts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from shuangsuiji.common.calendar import CalendarNotCovered, WorkCalendar, publication_due
from shuangsuiji.directory.models import Entity, InspectionItem, ItemState
from shuangsuiji.directory.selectors import entity_search_q
from shuangsuiji.inspections.models import Result
from shuangsuiji.plans.models import PlanVersion, Task, TaskState
from shuangsuiji.sampling.models import Draw, Freeze, Selection

from .models import ExemptionState, ResultExemption

PUBLIC_TASK_STATES = tuple(s for s in TaskState.values if s != TaskState.DRAFT)
PUBLIC_WINDOW_DAYS = 20  # working days after completion (seed 三(四))


@dataclass(frozen=True)
class ItemFilters:
    department_code: str = ""
    year: int | None = None
    q: str = ""


def public_items(filters: ItemFilters | None = None) -> QuerySet[InspectionItem]:
    """The newest published version of each item, by department and name."""
    f = filters or ItemFilters()
    newer = InspectionItem.objects.filter(
        state=ItemState.PUBLISHED,
        name=OuterRef("name"),
        department_id=OuterRef("department_id"),
        year=OuterRef("year"),
        version__gt=OuterRef("version"),
    )
    qs = InspectionItem.objects.filter(state=ItemState.PUBLISHED).exclude(Exists(newer))
    if f.department_code:
        qs = qs.filter(department__code=f.department_code)
    if f.year:
        qs = qs.filter(year=f.year)
    if f.q.strip():
        qs = qs.filter(Q(name__icontains=f.q.strip()) | Q(check_category__icontains=f.q.strip()))
    return qs.select_related("department", "lead_department").order_by(
        "-year", "department__sort_order", "check_category", "name"
    )


def public_plans() -> QuerySet[PlanVersion]:
    """Every published version of every annual plan (抽查计划公告), newest first."""
    return PlanVersion.objects.select_related("plan").order_by("-plan__year", "-version")


@dataclass(frozen=True)
class TaskFilters:
    year: int | None = None
    department_code: str = ""
    state: str = ""
    q: str = ""


def public_tasks(filters: TaskFilters | None = None) -> QuerySet[Task]:
    """Tasks past 草稿 (抽查任务公告), newest year first."""
    f = filters or TaskFilters()
    qs = Task.objects.filter(state__in=PUBLIC_TASK_STATES).select_related("lead_department")
    if f.year:
        qs = qs.filter(year=f.year)
    if f.department_code:
        ids = Task.objects.filter(
            Q(lead_department__code=f.department_code)
            | Q(partner_departments__code=f.department_code)
        ).values("id")
        qs = qs.filter(id__in=ids)
    if f.state:
        qs = qs.filter(state=f.state)
    if f.q.strip():
        q = f.q.strip()
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q))
    return qs.order_by("-year", "code")


def public_task(code: str) -> Task | None:
    return public_tasks().filter(code=code).first()


def public_draws(task: Task) -> QuerySet[Draw]:
    """The task's draws, newest first, superseded ones included (without the heavy columns)."""
    return (
        Draw.objects.filter(task=task, task__state__in=PUBLIC_TASK_STATES)
        .select_related("freeze", "redraw_of")
        .defer("outcome", "redraw_of__outcome")
        .defer("freeze__frozen", "freeze__population", "freeze__matching", "freeze__secret")
        .order_by("-number")
    )


def public_draw(task_code: str, number: int) -> Draw | None:
    """One draw by its public id (task code and number), with everything its record needs."""
    return (
        Draw.objects.filter(task__code=task_code, number=number, task__state__in=PUBLIC_TASK_STATES)
        .select_related("task", "freeze", "redraw_of__task")
        .first()
    )


def open_commitment(task: Task) -> Freeze | None:
    """A freeze not yet drawn: its commitment is public from the moment it is made."""
    return (
        Freeze.objects.filter(task=task, task__state__in=PUBLIC_TASK_STATES, draw__isnull=True)
        .only("number", "commitment", "frozen_at", "population_size", "frozen_by_name")
        .order_by("-number")
        .first()
    )


@dataclass(frozen=True)
class ResultFilters:
    task_code: str = ""
    since: dt.date | None = None  # 完成日期 on or after
    uscc: str = ""
    department_code: str = ""  # 检查主体 (the item's department)


def exempted_results() -> QuerySet[ResultExemption]:
    return ResultExemption.objects.filter(state=ExemptionState.APPROVED)


def filter_results(qs: QuerySet[Result], filters: ResultFilters | None) -> QuerySet[Result]:
    """Narrow results by task, completion date, firm or 检查主体, ordered for announcements."""
    f = filters or ResultFilters()
    if f.task_code:
        qs = qs.filter(draw__task__code=f.task_code)
    if f.since:
        qs = qs.filter(draw__task__completed_on__gte=f.since)
    if f.uscc:
        qs = qs.filter(entity__uscc=f.uscc)
    if f.department_code:
        qs = qs.filter(item__department__code=f.department_code)
    return qs.select_related("draw__task__lead_department", "entity", "item__department").order_by(
        "-draw__task__completed_on", "draw__task__code", "entity__uscc", "item__name"
    )


def public_results(filters: ResultFilters | None = None) -> QuerySet[Result]:
    """Results of 已公示 tasks from their current draws, minus approved exemptions."""
    qs = Result.objects.filter(
        draw__is_current=True, draw__task__state=TaskState.PUBLICIZED
    ).exclude(pk__in=exempted_results().values("result_id"))
    return filter_results(qs, filters)


@dataclass(frozen=True)
class Announcement:
    """One row of a 抽查结果公告 (domain.md lists the columns)."""

    task_code: str
    task_name: str
    authority: str  # 检查主体: the department of the item checked
    kind: str
    completed_on: dt.date | None
    publicized_on: dt.date | None
    uscc: str
    entity_name: str
    item_name: str
    result_code: str
    result_text: str
    inspected_on: dt.date

    @classmethod
    def of(cls, r: Result) -> Announcement:
        task = r.draw.task
        return cls(
            task_code=task.code,
            task_name=task.name,
            authority=r.item.department.name,
            kind=task.get_kind_display(),
            completed_on=task.completed_on,
            publicized_on=task.publicized_on,
            uscc=r.entity.uscc,
            entity_name=r.entity.name,
            item_name=r.item.name,
            result_code=r.category,
            result_text=r.get_category_display(),
            inspected_on=r.inspected_on,
        )


ANNOUNCEMENT_COLUMNS = (
    ("task_code", "任务编号"),
    ("task_name", "任务名称"),
    ("authority", "检查机关"),
    ("kind", "抽查类型"),
    ("completed_on", "完成日期"),
    ("publicized_on", "公示日期"),
    ("uscc", "统一社会信用代码"),
    ("entity_name", "检查对象名称"),
    ("item_name", "抽查事项"),
    ("inspected_on", "检查日期"),
    ("result_code", "检查结果代码"),
    ("result_text", "检查结果"),
)


def announcements(filters: ResultFilters | None = None) -> list[Announcement]:
    return [Announcement.of(r) for r in public_results(filters)]


# ---- 20 working days: each completed task's publication status ----------------------------


PublicationCode = Literal["open", "due", "overdue", "on_time", "late", "unknown"]


@dataclass(frozen=True)
class PublicationStatus:
    code: PublicationCode
    label: str
    due: dt.date | None = None
    # The year whose holidays are missing when part of the status cannot be computed: the due
    # date itself ("unknown"), or only the count of working days left or late.
    calendar_missing: int | None = None


def publication_status(task: Task, today: dt.date | None = None) -> PublicationStatus:
    """On time / due / overdue against 20 working days after completion (seed 三(四)).

    Never raises for a year whose holidays are not entered: the due date then reads
    "无法计算：YYYY年节假日未录入"; a known due date keeps its verdict (a date past it is
    overdue whatever the holidays) and only the count of working days is left out.
    """
    if task.completed_on is None:
        if task.state == TaskState.TERMINATED:
            return PublicationStatus("open", "已终止")
        return PublicationStatus("open", "未完成")
    try:
        due = publication_due(task.completed_on)
    except CalendarNotCovered as exc:
        return PublicationStatus("unknown", exc.status_label, calendar_missing=exc.year)
    if task.publicized_on is not None:
        if task.publicized_on <= due:
            return PublicationStatus("on_time", "按时公示", due)
        return PublicationStatus("late", "逾期公示", due)
    today = today or timezone.localdate()
    code: PublicationCode = "due" if today <= due else "overdue"
    word = "待公示" if code == "due" else "已逾期"
    start, end = (today, due) if code == "due" else (due, today)
    try:
        days = WorkCalendar().working_days_between(start, end)
    except CalendarNotCovered as exc:
        return PublicationStatus(code, f"{word}（工作日数{exc.status_label}）", due, exc.year)
    if code == "due":
        return PublicationStatus(code, f"待公示（剩 {days} 个工作日）", due)
    if days == 0:
        # Past a due date followed by rest days: late, though no working day has gone by yet.
        return PublicationStatus(code, "已逾期（不足 1 个工作日）", due)
    return PublicationStatus(code, f"已逾期 {days} 个工作日", due)


# ---- firms: search and inspection history --------------------------------------------------


def entity_search(q: str, limit: int = 50) -> list[Entity]:
    """Firms by name fragment or (partial) 统一社会信用代码; nothing for a blank query."""
    if len(q.strip()) < 2:
        return []
    qs = Entity.objects.filter(entity_search_q(q)).select_related("area").order_by("uscc")
    return list(qs.only("uscc", "name", "entity_type", "area__name")[:limit])


def public_entity(uscc: str) -> Entity | None:
    return Entity.objects.select_related("area").filter(uscc=uscc).first()


@dataclass
class HistoryRow:
    """One public task that drew the firm: the draw, and the results once publicized."""

    task: Task
    draw: Draw
    results: list[Announcement] = field(default_factory=list)


def entity_history(entity: Entity) -> list[HistoryRow]:
    """Every public draw that selected the firm, newest first, with its published results."""
    selections = (
        Selection.objects.filter(entity=entity, draw__task__state__in=PUBLIC_TASK_STATES)
        .select_related("draw__task__lead_department", "draw__redraw_of")
        .defer("draw__outcome", "draw__redraw_of__outcome")
        .order_by("-draw__drawn_at")
    )
    rows = [HistoryRow(task=s.draw.task, draw=s.draw) for s in selections]
    by_draw = {row.draw.pk: row for row in rows}
    for r in public_results(ResultFilters(uscc=entity.uscc)):
        if r.draw_id in by_draw:
            by_draw[r.draw_id].results.append(Announcement.of(r))
    return rows
