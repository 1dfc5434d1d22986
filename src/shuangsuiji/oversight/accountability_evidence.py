"""The evidence a 问责/免责审查 keeps, frozen when the review is opened (seed 四(一)、四(三)).

尽职照单免责 is judged against what the department and its officers had to do and did at the
time, not against what the data says after later edits. So the review keeps:

- ``duty``: its 履职记录 narrowed to the linked inspections (oversight.duty.inspections_record):
  each inspection's task and window, the effective team, every result with its method, date,
  whether it fell in the window, its two confirmations and its follow-ups, and the items never
  recorded; the same record printed as the 履职记录 PDF, with its SHA-256;
- ``items``: the item list in force: the exact versions of the 抽查事项 the linked tasks used,
  with their category, methods, 检查依据, cap, frequency and publication time;
- ``agency``: the results done by 委托专业机构检查, with the agency and the conclusion they
  rest on (谁委托、谁负责, seed 三(三)): what the 免责情形 of a false agency report needs;
- ``not_drawn``: no inspection is linked, the firm was not drawn (seed 四(一): 检查对象未被抽到).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.utils import timezone

from shuangsuiji.directory.models import Department, InspectionItem, Method
from shuangsuiji.plans.models import Task
from shuangsuiji.sampling.models import Selection

from .duty import DutyRecord, Period, inspections_record
from .duty_pdf import duty_record_pdf


def _d(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _item(item: InspectionItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "name": item.name,
        "department": item.department.name,
        "year": item.year,
        "version": item.version,
        "state": item.get_state_display(),
        "category": item.get_category_display(),
        "methods": item.method_labels,
        "legal_basis": item.legal_basis,
        "ratio_cap": str(item.ratio_cap) if item.ratio_cap is not None else None,
        "frequency": item.frequency,
        "published_at": item.published_at.isoformat() if item.published_at else None,
    }


def _duty(record: DutyRecord) -> list[dict[str, Any]]:
    out = []
    for line in record.inspections:
        a = line.assignment
        task = a.task
        results = []
        for r in line.results:
            res = r.result
            results.append(
                {
                    "result_id": res.pk,
                    "item": res.item.name,
                    "item_id": res.item_id,
                    "method": res.get_method_display(),
                    "agency": res.agency,
                    "inspected_on": _d(res.inspected_on),
                    "in_window": r.in_window,
                    "category": res.category,
                    "category_label": res.get_category_display(),
                    "recorded_by": res.recorded_by.name,
                    "confirmations": [
                        {
                            "inspector": c.inspector.name,
                            "at": timezone.localtime(c.confirmed_at).isoformat(timespec="minutes"),
                        }
                        for c in res.confirmations.all()
                    ],
                    "confirmed": r.confirmed,
                    "follow_ups": [
                        {
                            "action": f.get_action_display(),
                            "owner": f.owner_department.name,
                            "status": f.get_status_display(),
                            "due_on": _d(f.due_on),
                            "closed_on": _d(f.closed_on),
                        }
                        for f in r.follow_ups
                    ],
                }
            )
        out.append(
            {
                "draw": a.draw.public_id,
                "task": task.code,
                "task_name": task.name,
                "task_state": task.get_state_display(),
                "window": [_d(task.window_start), _d(task.window_end)],
                "completed_on": _d(task.completed_on),
                "publicized_on": _d(task.publicized_on),
                "team": [{"name": m.name, "certificate_no": m.certificate_no} for m in a.members],
                "experts": [e.name for e in a.experts],
                "results": results,
                "missing_items": line.missing_items,
            }
        )
    return out


def _publication(record: DutyRecord) -> dict[str, str]:
    return {line.task.code: line.publication.label for line in record.tasks}


def freeze_evidence(
    *,
    department: Department,
    selections: list[Selection],
    agency_report: str,
    generated_by: str,
    surfaced_on: dt.date,
) -> tuple[dict[str, Any], bytes]:
    """The evidence (module docstring) and the 履职记录 PDF of the linked inspections."""
    pairs = {(s.draw_id, s.entity_id) for s in selections}
    tasks = list(
        Task.objects.filter(pk__in={s.draw.task_id for s in selections})
        .prefetch_related("items__department")
        .order_by("code")
    )
    year = min((t.year for t in tasks), default=surfaced_on.year)
    record = inspections_record(department=department, pairs=pairs, period=Period(year))
    duty = _duty(record)
    agency = [
        {
            "draw": line["draw"],
            "item": r["item"],
            "agency": r["agency"],
            "result_id": r["result_id"],
        }
        for line in duty
        for r in line["results"]
        if r["method"] == Method.DELEGATED.label
    ]
    evidence = {
        "department": department.name,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "generated_by": generated_by,
        "not_drawn": not selections,
        "duty": duty,
        "publication": _publication(record),
        "items": {t.code: [_item(i) for i in t.items.order_by("pk")] for t in tasks},
        "agency": agency,
        "agency_report": agency_report,
    }
    pdf = duty_record_pdf(record, generated_by=generated_by)
    return evidence, pdf


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def duty_gaps(evidence: dict[str, Any]) -> list[str]:
    """Where the frozen duty record falls short of 已履行抽查检查职责 (seed 四(三) first case):
    an item never recorded, a result without two officers' confirmations, or one inspected
    outside the task's window. Empty when every linked inspection was done as listed."""
    gaps: list[str] = []
    for line in evidence["duty"]:
        for name in line["missing_items"]:
            gaps.append(f"{line['task']} 的“{name}”未录入检查结果")
        for r in line["results"]:
            if not r["confirmed"]:
                gaps.append(f"{line['task']} 的“{r['item']}”检查结果未经两名执法人员确认")
            if not r["in_window"]:
                gaps.append(f"{line['task']} 的“{r['item']}”不在任务检查期间内检查")
    return gaps
