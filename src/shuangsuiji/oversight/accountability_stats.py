"""考核督查's figure of 问责/免责审查 (seed 四(二)、四(三), 五(四)): one row per department under
review, counted in the database like the other dashboard figures (statistics.py)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, Q

from shuangsuiji.plans.models import Task

from .models import AccountabilityReview, ReviewDecision, ReviewState
from .statistics import Figure, Measure, Row, _DepartmentNames, _item_ids, _Scope

KEYS = ("reviews", "open", "exempt", "accountable", "partial", "adverse")


def accountability_figure(scope: _Scope, names: _DepartmentNames) -> Figure:
    """问责/免责审查: reviews whose problem surfaced in the year, by the department under review.

    审查中 = not yet decided; 免责 / 追责 / 部分免责 = the decisions; 造成不良后果 = reviews
    finding an adverse consequence. With a department filter, that department's reviews; with
    an item filter, reviews linking an inspection of a task that includes the item.
    """
    qs = AccountabilityReview.objects.filter(surfaced_on__year=scope.year)
    if scope.department_id is not None:
        qs = qs.filter(department_id=scope.department_id)
    if scope.item is not None:
        tasks = Task.items.through.objects.filter(
            inspectionitem_id__in=_item_ids(scope.item)
        ).values("task_id")
        qs = qs.filter(pk__in=qs.filter(selections__draw__task_id__in=tasks).values("pk"))
    rows = (
        qs.order_by()
        .values("department_id")
        .annotate(
            reviews=Count("id"),
            open=Count("id", filter=Q(state=ReviewState.OPEN)),
            exempt=Count("id", filter=Q(decision=ReviewDecision.EXEMPT)),
            accountable=Count("id", filter=Q(decision=ReviewDecision.ACCOUNTABLE)),
            partial=Count("id", filter=Q(decision=ReviewDecision.PARTIAL)),
            adverse=Count("id", filter=Q(adverse=True)),
        )
        .values_list("department_id", *KEYS)
    )
    per: dict[int, dict[str, Any]] = {}
    total: Counter[str] = Counter()
    for dept, *counts in rows:
        values = dict(zip(KEYS, counts, strict=True))
        per[dept] = values
        total.update(values)
    measures = [
        Measure("reviews", "审查"),
        Measure("open", "审查中"),
        Measure("exempt", "免责"),
        Measure("accountable", "追责"),
        Measure("partial", "部分免责"),
        Measure("adverse", "造成不良后果"),
    ]
    return Figure(
        key="accountability",
        title="问责/免责审查",
        rule="问题发现日期在本年度内的问责/免责审查，按被审查部门计：尽职照单免责、失职照单问责"
        "（实施方案四(二)追责情形、四(三)免责情形）。部分免责＝部分免责、部分追责。",
        dimension="部门",
        measures=measures,
        rows=names.rows(per, scope, measures),
        total=Row("total", "合计", {k: total[k] for k in KEYS}),
        chart="stack",
        plot=["open", "exempt", "accountable", "partial"],
    )
