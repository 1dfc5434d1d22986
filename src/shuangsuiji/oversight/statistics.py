"""考核督查 statistics: every dashboard figure for one year, as SQL aggregates.

The office checks the member units' work (seed 五(四)); these figures are what it looks at.
``dashboard`` is the one entry point: the page, the .xlsx export and the benchmark call it with
the same filters, and the previous-year comparison is the same call for ``year - 1``.

Scope of the rows (the rules every figure shares):

- Tasks: the year's tasks (``Task.year``) except drafts, which are not yet announced. With a
  department filter, tasks where that department is the lead or a partner; with an item filter,
  tasks that include the item (the item by department and name, so last year's version of the
  same item counts for last year).
- Draws: the current draw of each task (``Draw.is_current``); superseded draws never count.
- Per department: a task, its drawn entities and its publication count for its lead department
  and for each partner department (a joint task appears in several rows, so department rows
  may add up to more than the total). Results count for the department of their item;
  follow-ups for their owner department; inspectors for their own department.

Aggregation happens in the database (grouped counts over foreign-key ids); Python only maps
the few grouped rows onto departments, townships and classes. The one exception is the
20-working-day check of publication, which needs the holiday calendar: it runs once per task,
never per result.
"""

from __future__ import annotations

import datetime as dt
import statistics as pystats
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import connection, connections
from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Q, QuerySet
from django.utils import timezone

from shuangsuiji.common.calendar import CalendarNotCovered, WorkCalendar, calendar_gap_label
from shuangsuiji.common.errors import PermissionDenied
from shuangsuiji.directory.access import scope_items
from shuangsuiji.directory.models import (
    Area,
    CreditRisk,
    Department,
    Entity,
    InspectionItem,
    Inspector,
)
from shuangsuiji.inspections.models import NO_PROBLEM_CATEGORIES, FollowUp, Result, ResultCategory
from shuangsuiji.plans.models import Task, TaskState
from shuangsuiji.sampling.models import Draw, Selection, TeamMember

PUBLICATION_WORKING_DAYS = 20
WORKLOAD_TOP = 10

# Task states grouped the way the office reads progress.
PLANNED_STATES = (TaskState.PUBLISHED, TaskState.FROZEN, TaskState.DRAWN)
RUNNING_STATES = (TaskState.IN_PROGRESS,)
DONE_STATES = (TaskState.COMPLETED, TaskState.PUBLICIZED)


@dataclass(frozen=True)
class Measure:
    """One column of a figure: ``kind`` is "count", "rate" (a fraction 0–1) or "number"."""

    key: str
    label: str
    kind: str = "count"


@dataclass
class Row:
    key: str
    label: str
    values: dict[str, float | int | None]

    def __getitem__(self, measure: str) -> float | int | None:
        return self.values[measure]


@dataclass
class Figure:
    """One figure of the dashboard: rows by a dimension, a total row, and what to plot."""

    key: str
    title: str
    rule: str
    dimension: str
    measures: list[Measure]
    rows: list[Row]
    total: Row | None = None
    chart: str = "bar"  # "bar", "stack" (stacked bars) or "none"
    plot: list[str] = field(default_factory=list)
    limit: int | None = None  # rows shown on the page (the export has them all)
    gaps: list[str] = field(default_factory=list)  # what could not be computed, and why

    def row(self, key: str | int) -> Row:
        for row in self.rows:
            if row.key == str(key):
                return row
        raise KeyError(key)

    def measure(self, key: str) -> Measure:
        return next(m for m in self.measures if m.key == key)


@dataclass
class Dashboard:
    year: int
    department: Department | None
    item: InspectionItem | None
    as_of: dt.date
    figures: list[Figure]

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# --- scope -----------------------------------------------------------------------------------


def _resolve_filters(
    actor: Any, department_id: int | None, item_id: int | None
) -> tuple[Department | None, InspectionItem | None]:
    """The office sees every department; anyone else only their own (the tasks' scoping rule)."""
    if not actor.is_office_admin:
        own = getattr(actor, "department_id", None)
        if not own:
            raise PermissionDenied("您的账号未设所属部门，无法查看统计")
        if department_id not in (None, own):
            raise PermissionDenied("只能查看本部门的统计")
        department_id = own
    department = Department.objects.get(pk=department_id) if department_id else None
    item = None
    if item_id:
        item = scope_items(InspectionItem.objects.all(), actor).filter(pk=item_id).first()
        if item is None:
            raise PermissionDenied("无权查看该抽查事项的统计")
    return department, item


def _task_scope(
    year: int, department_id: int | None, item: InspectionItem | None
) -> QuerySet[Task]:
    qs = Task.objects.filter(year=year).exclude(state=TaskState.DRAFT)
    if department_id:
        partners = Task.partner_departments.through.objects.filter(department_id=department_id)
        qs = qs.filter(Q(lead_department_id=department_id) | Q(id__in=partners.values("task_id")))
    if item is not None:
        linked = Task.items.through.objects.filter(inspectionitem_id__in=_item_ids(item))
        qs = qs.filter(id__in=linked.values("task_id"))
    return qs


def _item_ids(item: InspectionItem) -> QuerySet[Any, Any]:
    """Every version of the item, in any year: the same department and name."""
    return InspectionItem.objects.filter(department_id=item.department_id, name=item.name).values(
        "id"
    )


@dataclass
class _Scope:
    year: int
    department_id: int | None
    item: InspectionItem | None
    as_of: dt.date
    tasks: list[tuple[int, str, int, dt.date | None, dt.date | None]]
    departments_of: dict[int, list[int]]  # task id -> lead, then partners
    draw_task: dict[int, int]  # current draw id -> task id
    draws: QuerySet[Any, Any]  # the current draws, as a subquery

    @cached_property
    def participants(self) -> set[int]:
        return {d for depts in self.departments_of.values() for d in depts}


def _scope(
    year: int, department_id: int | None, item: InspectionItem | None, as_of: dt.date
) -> _Scope:
    tasks_qs = _task_scope(year, department_id, item)
    tasks = list(
        tasks_qs.values_list("id", "state", "lead_department_id", "completed_on", "publicized_on")
    )
    departments_of: dict[int, list[int]] = {t[0]: [t[2]] for t in tasks}
    partner_rows = Task.partner_departments.through.objects.filter(
        task_id__in=tasks_qs.values("id")
    ).values_list("task_id", "department_id")
    for task_id, dept in partner_rows:
        if dept not in departments_of[task_id]:
            departments_of[task_id].append(dept)
    draws = Draw.objects.filter(is_current=True, task_id__in=tasks_qs.values("id"))
    draw_task = dict(draws.values_list("id", "task_id"))
    return _Scope(
        year=year,
        department_id=department_id,
        item=item,
        as_of=as_of,
        tasks=tasks,
        departments_of=departments_of,
        draw_task=draw_task,
        draws=draws.values("id"),
    )


class _DepartmentNames:
    def __init__(self) -> None:
        self._rows = list(
            Department.objects.order_by("sort_order", "id").values_list("id", "name", "short_name")
        )

    def rows(
        self, per_department: dict[int, dict[str, Any]], scope: _Scope, measures: list[Measure]
    ) -> list[Row]:
        """Rows in the county's department order: the filtered department, or every one with
        tasks in scope or with data."""
        out = []
        for dept, name, short in self._rows:
            if scope.department_id is not None and dept != scope.department_id:
                continue
            values = per_department.get(dept)
            if values is None and scope.department_id is None and dept not in scope.participants:
                continue
            values = values or {}
            out.append(
                Row(
                    str(dept),
                    short or name,
                    {m.key: values.get(m.key, None if m.kind == "rate" else 0) for m in measures},
                )
            )
        return out


# --- figures ---------------------------------------------------------------------------------


def _tasks_figure(scope: _Scope, names: _DepartmentNames) -> Figure:
    """抽查任务进度: tasks of the year by state.

    待实施 = 已发布、名单已冻结、已抽取; 检查中 = in_progress; 已完成 = 已完成 or 已公示;
    已终止 = terminated. Drafts are not counted. A joint task counts for the lead and each
    partner; the total counts each task once.
    """
    bucket_of: dict[str, str] = {s: "planned" for s in PLANNED_STATES}
    bucket_of.update({s: "running" for s in RUNNING_STATES})
    bucket_of.update({s: "done" for s in DONE_STATES})
    bucket_of[TaskState.TERMINATED] = "terminated"
    measures = [
        Measure("planned", "待实施"),
        Measure("running", "检查中"),
        Measure("done", "已完成"),
        Measure("terminated", "已终止"),
        Measure("total", "合计"),
    ]
    per: dict[int, Counter[str]] = defaultdict(Counter)
    total: Counter[str] = Counter()
    for task_id, state, *_ in scope.tasks:
        bucket = bucket_of[state]
        total[bucket] += 1
        total["total"] += 1
        for dept in scope.departments_of[task_id]:
            per[dept][bucket] += 1
            per[dept]["total"] += 1
    return Figure(
        key="tasks",
        title="抽查任务进度",
        rule="本年度已发布的抽查任务按状态计数（不含草稿）：待实施＝已发布、名单已冻结、已抽取；"
        "已完成＝已完成或已公示。联合任务同时计入发起部门和各配合部门，合计行每个任务只计一次。",
        dimension="部门",
        measures=measures,
        rows=names.rows({k: dict(v) for k, v in per.items()}, scope, measures),
        total=Row("total", "合计", {m.key: total[m.key] for m in measures}),
        chart="stack",
        plot=["planned", "running", "done", "terminated"],
    )


def _entities_figure(scope: _Scope, names: _DepartmentNames) -> Figure:
    """抽查对象: entities drawn and entities inspected, per department of the task.

    抽中户次 = selections of the current draws (an entity drawn by two tasks counts twice);
    已检查户次 = those selections with at least one result in the same draw (with an item
    filter: a result of that item). 检查完成率 = inspected / drawn.
    """
    drawn = dict(
        Selection.objects.filter(draw_id__in=scope.draws)
        .order_by()
        .values("draw_id")
        .annotate(n=Count("id"))
        .values_list("draw_id", "n")
    )
    results = Result.objects.filter(draw_id__in=scope.draws)
    if scope.item is not None:
        results = results.filter(item_id__in=_item_ids(scope.item))
    inspected = dict(
        results.order_by()
        .values("draw_id")
        .annotate(n=Count("entity_id", distinct=True))
        .values_list("draw_id", "n")
    )
    measures = [
        Measure("drawn", "抽中户次"),
        Measure("inspected", "已检查户次"),
        Measure("inspected_rate", "检查完成率", "rate"),
    ]
    per: dict[int, Counter[str]] = defaultdict(Counter)
    total: Counter[str] = Counter()
    for draw_id, task_id in scope.draw_task.items():
        counts = {"drawn": drawn.get(draw_id, 0), "inspected": inspected.get(draw_id, 0)}
        total.update(counts)
        for dept in scope.departments_of[task_id]:
            per[dept].update(counts)

    def values(c: Counter[str]) -> dict[str, Any]:
        return {
            "drawn": c["drawn"],
            "inspected": c["inspected"],
            "inspected_rate": rate(c["inspected"], c["drawn"]),
        }

    return Figure(
        key="entities",
        title="抽中与已检查对象",
        rule="抽中户次＝各任务当前有效抽取的抽中对象数（同一对象被两个任务抽中计两次）；"
        "已检查户次＝其中已录入至少一项检查结果的对象数；检查完成率＝已检查÷抽中。"
        "按任务的发起部门和配合部门计。",
        dimension="部门",
        measures=measures,
        rows=names.rows({k: values(v) for k, v in per.items()}, scope, measures),
        total=Row("total", "合计", values(total)),
        plot=["drawn", "inspected"],
    )


def _result_rows(scope: _Scope) -> list[tuple[int, str, int]]:
    """(item id, category, count) over the results of the current draws in scope.

    Grouped by draw first, so that an index on (draw, item, category) answers it in index
    order without reading the table; the draws are then summed here (a few thousand rows).
    """
    results = Result.objects.filter(draw_id__in=scope.draws)
    if scope.item is not None:
        results = results.filter(item_id__in=_item_ids(scope.item))
    elif scope.department_id is not None:
        own = InspectionItem.objects.filter(department_id=scope.department_id).values("id")
        results = results.filter(item_id__in=own)
    grouped = (
        results.order_by()
        .values("draw_id", "item_id", "category")
        .annotate(n=Count("id"))
        .values_list("item_id", "category", "n")
    )
    counts: Counter[tuple[int, str]] = Counter()
    for item_id, category, n in grouped:
        counts[item_id, category] += n
    return [(item_id, category, n) for (item_id, category), n in counts.items()]


def _problems_figure(
    scope: _Scope, names: _DepartmentNames, rows: list[tuple[int, str, int]]
) -> Figure:
    """问题发现率 = results whose category is not in NO_PROBLEM_CATEGORIES ÷ all results.

    By the department of the result's item (检查主体). NO_PROBLEM_CATEGORIES: 1 未发现问题,
    F 未发现开展本次抽查涉及的经营活动, 7 已关闭停业, 9–12 注销/吊销/撤销/迁出; every other code
    (a problem, or 8 不配合检查) is a problem.
    """
    department_of = dict(
        InspectionItem.objects.filter(id__in={r[0] for r in rows}).values_list(
            "id", "department_id"
        )
    )
    per: dict[int, Counter[str]] = defaultdict(Counter)
    total: Counter[str] = Counter()
    for item_id, category, n in rows:
        key = "problems" if category not in NO_PROBLEM_CATEGORIES else "clean"
        for c in (per[department_of[item_id]], total):
            c["results"] += n
            c[key] += n

    def values(c: Counter[str]) -> dict[str, Any]:
        return {
            "results": c["results"],
            "problems": c["problems"],
            "problem_rate": rate(c["problems"], c["results"]),
        }

    measures = [
        Measure("results", "检查结果数"),
        Measure("problems", "发现问题数"),
        Measure("problem_rate", "问题发现率", "rate"),
    ]
    return Figure(
        key="problems",
        title="问题发现率",
        rule="检查结果（每户每个事项一条）中结果类别为发现问题的比例；未发现问题、未发现相关经营活动、"
        "已关闭停业、已注销、已吊销、已撤销、已迁出不算问题，不配合检查算问题。按事项的检查主体部门计。",
        dimension="部门",
        measures=measures,
        rows=names.rows({k: values(v) for k, v in per.items()}, scope, measures),
        total=Row("total", "合计", values(total)),
        plot=["problem_rate"],
    )


def _categories_figure(rows: list[tuple[int, str, int]]) -> Figure:
    """检查结果类别分布: results by provincial result code, in the code list's order."""
    counts: Counter[str] = Counter()
    for _, category, n in rows:
        counts[category] += n
    whole = sum(counts.values())
    measures = [Measure("results", "检查结果数"), Measure("share", "占比", "rate")]
    out = [
        Row(code, f"{code} {label}", {"results": counts[code], "share": rate(counts[code], whole)})
        for code, label in ResultCategory.choices
        if counts[code]
    ]
    return Figure(
        key="categories",
        title="检查结果类别分布",
        rule="检查结果按省级公示系统结果代码计数；占比＝该类结果÷全部结果。",
        dimension="结果类别",
        measures=measures,
        rows=out,
        total=Row("total", "合计", {"results": whole, "share": rate(whole, whole)}),
        plot=["results"],
    )


def _publication_figure(scope: _Scope, names: _DepartmentNames, calendar: WorkCalendar) -> Figure:
    """结果公示及时率: completed tasks publicized within 20 working days of completion.

    Over the year's tasks with a completion date (已完成 or 已公示). Due date = the 20th working
    day strictly after ``completed_on`` (seed 三(四); the office's holiday calendar).
    按期公示 = publicized_on <= due; 逾期公示 = publicized later; 逾期未公示 = not publicized and
    the as-of date is after the due date; 未到期 = not publicized, not yet due. 及时率 = 按期 ÷
    (按期 + 逾期公示 + 逾期未公示). A task whose year has no holiday calendar yet counts as
    无法计算, never as a guess.
    """
    measures = [
        Measure("completed", "已完成任务"),
        Measure("on_time", "按期公示"),
        Measure("late", "逾期公示"),
        Measure("overdue", "逾期未公示"),
        Measure("pending", "未到期"),
        Measure("unknown", "无法计算"),
        Measure("on_time_rate", "公示及时率", "rate"),
    ]
    per: dict[int, Counter[str]] = defaultdict(Counter)
    total: Counter[str] = Counter()
    missing: set[int] = set()
    for task_id, _state, _lead, completed_on, publicized_on in scope.tasks:
        if completed_on is None:
            continue
        try:
            due = calendar.add_working_days(completed_on, PUBLICATION_WORKING_DAYS)
        except CalendarNotCovered as exc:
            bucket = "unknown"
            missing.add(exc.year)
        else:
            if publicized_on is not None:
                bucket = "on_time" if publicized_on <= due else "late"
            else:
                bucket = "overdue" if scope.as_of > due else "pending"
        for c in [total, *(per[d] for d in scope.departments_of[task_id])]:
            c["completed"] += 1
            c[bucket] += 1

    def values(c: Counter[str]) -> dict[str, Any]:
        decided = c["on_time"] + c["late"] + c["overdue"]
        out: dict[str, Any] = {m.key: c[m.key] for m in measures if m.kind == "count"}
        out["on_time_rate"] = rate(c["on_time"], decided)
        return out

    return Figure(
        key="publication",
        title="结果20个工作日内公示",
        rule="已完成的任务应在完成后20个工作日内公示结果（按法定节假日和调休计算工作日）。"
        "及时率＝按期公示÷（按期公示＋逾期公示＋逾期未公示）；未到期的不计入。"
        "按任务的发起部门和配合部门计。",
        dimension="部门",
        measures=measures,
        rows=names.rows({k: values(v) for k, v in per.items()}, scope, measures),
        total=Row("total", "合计", values(total)),
        chart="stack",
        plot=["on_time", "late", "overdue", "pending"],
        gaps=[f"应公示日期{calendar_gap_label(y)}" for y in sorted(missing)],
    )


def _follow_ups_figure(scope: _Scope, names: _DepartmentNames) -> Figure:
    """后续处置按期办结率, over the follow-ups due in the year.

    Follow-ups whose 办理期限 (``due_on``) falls in the year, by owner department (谁管辖、谁负责);
    with an item filter, those of that item's results. 按期办结 = closed and closed_on <= due_on;
    逾期办结 = closed after due_on; 逾期未办结 = open and due_on before the as-of date; 未到期 =
    open, due_on on or after the as-of date. 按期办结率 = 按期办结 ÷ (all due in the year except
    未到期).
    """
    qs = FollowUp.objects.filter(
        due_on__gte=dt.date(scope.year, 1, 1), due_on__lte=dt.date(scope.year, 12, 31)
    )
    if scope.department_id is not None:
        qs = qs.filter(owner_department_id=scope.department_id)
    if scope.item is not None:
        qs = qs.filter(result__item_id__in=_item_ids(scope.item))
    closed = Q(status=FollowUp.Status.CLOSED)
    is_open = Q(status=FollowUp.Status.OPEN)
    rows = (
        qs.order_by()
        .values("owner_department_id")
        .annotate(
            due=Count("id"),
            on_time=Count("id", filter=closed & Q(closed_on__lte=F("due_on"))),
            late=Count("id", filter=closed & Q(closed_on__gt=F("due_on"))),
            overdue=Count("id", filter=is_open & Q(due_on__lt=scope.as_of)),
            pending=Count("id", filter=is_open & Q(due_on__gte=scope.as_of)),
        )
        .values_list("owner_department_id", "due", "on_time", "late", "overdue", "pending")
    )
    keys = ("due", "on_time", "late", "overdue", "pending")
    per: dict[int, Counter[str]] = {}
    total: Counter[str] = Counter()
    for dept, *counts in rows:
        c = Counter(dict(zip(keys, counts, strict=True)))
        per[dept] = c
        total.update(c)

    def values(c: Counter[str]) -> dict[str, Any]:
        out: dict[str, Any] = {k: c[k] for k in keys}
        out["on_time_rate"] = rate(c["on_time"], c["due"] - c["pending"])
        return out

    measures = [
        Measure("due", "本年到期"),
        Measure("on_time", "按期办结"),
        Measure("late", "逾期办结"),
        Measure("overdue", "逾期未办结"),
        Measure("pending", "未到期"),
        Measure("on_time_rate", "按期办结率", "rate"),
    ]
    return Figure(
        key="follow_ups",
        title="后续处置按期办结",
        rule="办理期限在本年度内的后续处置，按负责部门计。按期办结＝已办结且办结日期不晚于办理期限；"
        "按期办结率＝按期办结÷（本年到期−未到期）。",
        dimension="部门",
        measures=measures,
        rows=names.rows({k: values(v) for k, v in per.items()}, scope, measures),
        total=Row("total", "合计", values(total)),
        chart="stack",
        plot=["on_time", "late", "overdue", "pending"],
    )


class _Unindexed(Func):
    """``(+column)``: the same value, but SQLite's planner will not seek an index on it.

    In the coverage probe below SQLite would otherwise seek (entity, draw) once per draw in
    scope for every entity; with the draw unindexed it walks the entity's few selections in
    the (entity, draw) index and tests each draw against the scope. PostgreSQL is unaffected.
    """

    template = "(+%(expressions)s)"
    output_field = IntegerField()


def _coverage_rows(scope: _Scope) -> list[tuple[int, str, int, int]]:
    """(area id, credit class, entities in the directory, of them drawn) in one grouped query."""
    drawn = (
        Selection.objects.filter(entity_id=OuterRef("pk"))
        .annotate(scoped_draw=_Unindexed("draw_id"))
        .filter(scoped_draw__in=scope.draws)
    )
    return list(
        Entity.objects.order_by()
        .values("area_id", "credit_risk")
        .annotate(n=Count("id"), drawn=Count("id", filter=Exists(drawn)))
        .values_list("area_id", "credit_risk", "n", "drawn")
    )


def _coverage_values(c: Counter[str]) -> dict[str, Any]:
    return {
        "entities": c["entities"],
        "drawn": c["drawn"],
        "coverage": rate(c["drawn"], c["entities"]),
    }


COVERAGE_MEASURES = [
    Measure("entities", "名录库户数"),
    Measure("drawn", "抽中户数"),
    Measure("coverage", "覆盖率", "rate"),
]


def _coverage_figures(scope: _Scope) -> list[Figure]:
    """抽查覆盖率 = distinct entities drawn by the year's tasks ÷ entities in the directory.

    By credit-risk class and by township of the entity. An entity drawn by several tasks counts
    once. With a department or item filter, only the draws of those tasks; the denominator is
    always the whole directory of the class or township.
    """
    rows = _coverage_rows(scope)
    by_class: dict[str, Counter[str]] = defaultdict(Counter)
    by_area: dict[int, Counter[str]] = defaultdict(Counter)
    total: Counter[str] = Counter()
    for area_id, credit, n, drawn in rows:
        for c in (by_class[credit], by_area[area_id], total):
            c["entities"] += n
            c["drawn"] += drawn
    classes = [
        Row(code, label, _coverage_values(by_class[code])) for code, label in CreditRisk.choices
    ]
    areas = [
        Row(str(pk), name, _coverage_values(by_area[pk]))
        for pk, name in Area.objects.order_by("sort_order", "id").values_list("id", "name")
    ]
    common = (
        "抽中户数＝本年度任务当前有效抽取抽中的不同检查对象数（被多个任务抽中只计一次）；"
        "覆盖率＝抽中户数÷名录库户数。"
    )
    return [
        Figure(
            key="coverage_credit",
            title="按信用风险分类的抽查覆盖率",
            rule=common + "按检查对象的信用风险分类（A–D）计。",
            dimension="信用风险分类",
            measures=COVERAGE_MEASURES,
            rows=classes,
            total=Row("total", "合计", _coverage_values(total)),
            plot=["coverage"],
        ),
        Figure(
            key="coverage_area",
            title="按乡镇的抽查覆盖率",
            rule=common + "按检查对象所属乡镇计。",
            dimension="乡镇",
            measures=COVERAGE_MEASURES,
            rows=areas,
            total=Row("total", "合计", _coverage_values(total)),
            plot=["coverage"],
        ),
    ]


def _workload_figures(scope: _Scope) -> list[Figure]:
    """执法人员工作量 = (draw, entity) assignments per law-enforcement officer.

    Counted from the teams of the current draws in scope (TeamMember with role 执法人员; experts
    excluded), as matched at draw time. The distribution covers every on-duty law-enforcement
    officer of the departments in scope, those without an assignment counting 0, plus anyone
    who had assignments and has since left the pool. With a department filter: that
    department's officers.
    """
    members = TeamMember.objects.filter(draw_id__in=scope.draws, role="member")
    officers = Inspector.objects.filter(status="on_duty", kind="law_enforcement")
    if scope.department_id is not None:
        own = Inspector.objects.filter(department_id=scope.department_id).values("id")
        members = members.filter(inspector_id__in=own)
        officers = officers.filter(department_id=scope.department_id)
    # Grouped by draw first (index order with an index on draw, role, inspector), summed here.
    loads: Counter[int] = Counter()
    grouped = (
        members.order_by()
        .values("draw_id", "inspector_id")
        .annotate(n=Count("id"))
        .values_list("inspector_id", "n")
    )
    for inspector_id, n in grouped:
        loads[inspector_id] += n
    for pk in officers.values_list("id", flat=True):
        loads.setdefault(pk, 0)
    info = {
        pk: (name, dept)
        for pk, name, dept in Inspector.objects.filter(id__in=list(loads)).values_list(
            "id", "name", "department__short_name"
        )
    }
    ordered = sorted(loads.items(), key=lambda kv: (-kv[1], info[kv[0]][0], kv[0]))
    people = [
        Row(str(pk), f"{info[pk][0]}（{info[pk][1]}）", {"assignments": n}) for pk, n in ordered
    ]
    counts = [n for _, n in ordered]
    summary_measures = [Measure("value", "数值", "number")]
    stats: list[tuple[str, str, float | int | None]] = [
        ("officers", "执法人员数", len(counts)),
        ("active", "有检查任务的人数", sum(1 for n in counts if n)),
        ("assignments", "检查户次合计", sum(counts)),
        ("min", "最少", min(counts) if counts else None),
        ("median", "中位数", pystats.median(counts) if counts else None),
        ("max", "最多", max(counts) if counts else None),
        ("mean", "平均", round(sum(counts) / len(counts), 2) if counts else None),
    ]
    return [
        Figure(
            key="workload",
            title="执法人员工作量分布",
            rule="每名执法人员在本年度任务当前有效抽取中被匹配到的检查户次（不含专家）；"
            "在岗而未被匹配的执法人员计0（在岗按当前名录库）。",
            dimension="指标",
            measures=summary_measures,
            rows=[Row(k, label, {"value": v}) for k, label, v in stats],
            chart="none",
        ),
        Figure(
            key="workload_top",
            title=f"检查户次最多的{WORKLOAD_TOP}名执法人员",
            rule="按检查户次从多到少排列；导出文件包含全部执法人员。",
            dimension="执法人员",
            measures=[Measure("assignments", "检查户次")],
            rows=people,
            plot=["assignments"],
            limit=WORKLOAD_TOP,
        ),
    ]


# --- entry point -----------------------------------------------------------------------------


def dashboard(
    *,
    actor: Any,
    year: int,
    department_id: int | None = None,
    item_id: int | None = None,
    as_of: dt.date | None = None,
) -> Dashboard:
    """Every dashboard figure for one year, scoped to what the actor may see.

    The office sees every department; a department admin or inspector only their own
    department (asking for another raises PermissionDenied). ``as_of`` (default today) decides
    what is overdue.
    """
    # Imported here: that figure builds on this module's scope and rows.
    from .accountability_stats import accountability_figure

    department, item = _resolve_filters(actor, department_id, item_id)
    as_of = as_of or timezone.localdate()
    scope = _scope(year, department.pk if department else None, item, as_of)
    names = _DepartmentNames()
    # The directory-wide figures (coverage, workload) scan the most rows; they run on a second
    # connection while this one does the rest, so both cores of a small server work.
    with _Beside(lambda: [*_coverage_figures(scope), *_workload_figures(scope)]) as beside:
        result_rows = _result_rows(scope)
        figures = [
            _tasks_figure(scope, names),
            _entities_figure(scope, names),
            _problems_figure(scope, names, result_rows),
            _categories_figure(result_rows),
            _publication_figure(scope, names, WorkCalendar()),
            _follow_ups_figure(scope, names),
            accountability_figure(scope, names),
        ]
        figures += beside.result()
    return Dashboard(year=year, department=department, item=item, as_of=as_of, figures=figures)


class _Beside:
    """Run a read-only ``job`` in a worker thread with its own database connection.

    Inside a transaction (a test case, or a caller's atomic block) another connection would not
    see the caller's uncommitted rows, so the job then runs in this thread, when asked for.
    The figures are read from separate snapshots either way; a dashboard tolerates that.
    """

    def __init__(self, job: Callable[[], list[Figure]]) -> None:
        self._job = job
        self._future: Future[list[Figure]] | None = None
        self._pool: ThreadPoolExecutor | None = None

    def __enter__(self) -> _Beside:
        if not connection.in_atomic_block:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dashboard")
            self._future = self._pool.submit(self._in_thread)
        return self

    def _in_thread(self) -> list[Figure]:
        try:
            return self._job()
        finally:
            connections.close_all()  # this thread's own connections

    def result(self) -> list[Figure]:
        return self._future.result() if self._future is not None else self._job()

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)


# --- comparison with the previous year ------------------------------------------------------


@dataclass
class ComparedRow:
    key: str
    label: str
    current: dict[str, float | int | None]
    previous: dict[str, float | int | None]


def compare(current: Figure, previous: Figure) -> list[ComparedRow]:
    """Rows of this year's figure with last year's values beside them (matched by row key).

    Rows only last year had come after this year's, with this year's values empty.
    """
    empty: dict[str, float | int | None] = {m.key: None for m in current.measures}
    prev = {r.key: r.values for r in previous.rows}
    out = [ComparedRow(r.key, r.label, r.values, prev.get(r.key, empty)) for r in current.rows]
    seen = {r.key for r in current.rows}
    out += [
        ComparedRow(r.key, r.label, empty, r.values) for r in previous.rows if r.key not in seen
    ]
    if current.total is not None:
        out.append(
            ComparedRow(
                "total",
                current.total.label,
                current.total.values,
                previous.total.values if previous.total else empty,
            )
        )
    return out


def years_with_tasks() -> list[int]:
    return sorted(set(Task.objects.values_list("year", flat=True)), reverse=True)
