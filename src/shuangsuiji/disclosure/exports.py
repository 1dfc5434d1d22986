"""Results for 归集 into the enterprise credit publicity system (公示系统), as csv, xlsx or json.

The county uploads its results to the 公示系统, and that upload is itself a publication; so
the export takes the results of 已完成 and 已公示 tasks the actor may see, never one the office
approved to stay internal nor one whose 不予公开 request is still waiting for a decision.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db.models import QuerySet

from shuangsuiji.common.errors import ServiceError
from shuangsuiji.directory.tabular import FORMATS, write
from shuangsuiji.inspections.models import Result
from shuangsuiji.plans.access import scope_tasks
from shuangsuiji.plans.models import Task, TaskState

from .models import ExemptionState, ResultExemption
from .selectors import ANNOUNCEMENT_COLUMNS, Announcement, ResultFilters, filter_results

TITLE = "抽查结果公告"


def exportable_results(*, actor: Any, filters: ResultFilters | None = None) -> QuerySet[Result]:
    """Results ready for the 公示系统: completed or publicized tasks in the actor's scope."""
    tasks = scope_tasks(Task.objects.all(), actor).filter(
        state__in=[TaskState.COMPLETED, TaskState.PUBLICIZED]
    )
    held = ResultExemption.objects.filter(
        state__in=[ExemptionState.APPROVED, ExemptionState.REQUESTED]
    )
    qs = Result.objects.filter(draw__is_current=True, draw__task__in=tasks.values("id"))
    return filter_results(qs.exclude(pk__in=held.values("result_id")), filters)


def _cell(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def announcement_rows(results: QuerySet[Result]) -> tuple[list[str], list[list[Any]]]:
    header = [label for _, label in ANNOUNCEMENT_COLUMNS]
    rows = []
    for r in results.iterator(chunk_size=2000):
        a = Announcement.of(r)
        rows.append([_cell(getattr(a, key)) for key, _ in ANNOUNCEMENT_COLUMNS])
    return header, rows


def export_results(
    *,
    actor: Any,
    fmt: str,
    task_code: str = "",
    since: dt.date | None = None,
) -> bytes:
    """The announcement rows of a task or of tasks completed since a date.

    json is a list of objects keyed by the English column names, the others use the Chinese
    headers (the 公示系统 归集 template's).
    """
    if fmt not in FORMATS:
        raise ServiceError(f"不支持的格式 {fmt}，可选：{'、'.join(FORMATS)}")
    if task_code and not scope_tasks(Task.objects.filter(code=task_code), actor).exists():
        raise ServiceError(f"没有编号为 {task_code} 的抽查任务，或您无权查看", field="task")
    results = exportable_results(
        actor=actor, filters=ResultFilters(task_code=task_code, since=since)
    )
    if fmt == "json":
        keys = [key for key, _ in ANNOUNCEMENT_COLUMNS]
        _, rows = announcement_rows(results)
        data = [dict(zip(keys, row, strict=True)) for row in rows]
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    header, rows = announcement_rows(results)
    return write(fmt, header, rows, sheet_title=TITLE)
