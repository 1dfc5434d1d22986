"""Fairness monitor (公平性监测): is the year's drawing as even-handed as configured?

Computed from the draw ledger, nothing stored. Four sections, each read from the year's
current draws (a redraw's superseded draw no longer counts):

1. **Selection rates**: per task and stratum, the configured ratio against the share actually
   selected, and per stratum over the year. Quotas are rounded up (ceil(size × ratio),
   docs/draw-algorithm.md §3), so the actual share is never below the ratio and is above it
   most visibly in small strata.
2. **Over the cap**: entities drawn more often than the yearly cap across departments
   (DrawConfig default 2; a confirmed joint visit counts once, as in sampling's exclusion).
3. **Repeated pairs**: the same officer on the same entity in two current draws of the year,
   or in this year and the year before (a joint visit counts once).
4. **Never drawn**: 在岗 law-enforcement officers of the departments that drew this year who
   are on no team.

The office sees every task; a department sees its own tasks (plans.access.scope_tasks) and
its own officers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from shuangsuiji.directory.models import Entity, Inspector
from shuangsuiji.plans.access import scope_tasks
from shuangsuiji.plans.models import Task
from shuangsuiji.sampling.models import Draw, Selection
from shuangsuiji.sampling.models.config import DEFAULT_YEARLY_CAP
from shuangsuiji.sampling.population import CAP_MERGES

from .ledger import effective_teams, visits_of


@dataclass
class StratumRate:
    """One stratum of one task's current draw (or, with task empty, of the whole year, where
    ``tasks`` counts the tasks whose stratum was not empty)."""

    stratum: str
    label: str
    task_code: str = ""
    task_name: str = ""
    tasks: int = 1
    size: int = 0
    quota: int = 0
    selected: int = 0
    expected: float = 0.0  # size × configured ratio (a count rule: the count, at most size)
    rule: str = ""

    @property
    def configured(self) -> float | None:
        return self.expected / self.size if self.size else None

    @property
    def actual(self) -> float | None:
        return self.selected / self.size if self.size else None

    @property
    def excess(self) -> float:
        return self.selected - self.expected


@dataclass
class OverCap:
    entity: Entity
    count: int
    tasks: list[str]


@dataclass
class RepeatedPair:
    inspector: Inspector
    entity: Entity
    occasions: list[tuple[int, str]]  # (year, task code), oldest first


@dataclass
class Report:
    year: int
    cap: int
    per_task: list[StratumRate] = field(default_factory=list)
    per_stratum: list[StratumRate] = field(default_factory=list)
    over_cap: list[OverCap] = field(default_factory=list)
    pairs: list[RepeatedPair] = field(default_factory=list)
    idle: list[Inspector] = field(default_factory=list)
    departments: int = 0


def _rule_text(spec: dict[str, Any]) -> str:
    if spec.get("count") is not None:
        return f"{spec['count']} 户"
    return f"{spec['ratio_bp'] / 100:g}%"


def _expected(spec: dict[str, Any]) -> float:
    size = int(spec["size"])
    if spec.get("count") is not None:
        return float(min(int(spec["count"]), size))
    return size * int(spec["ratio_bp"]) / 10_000


def selection_rates(draws: list[Draw]) -> tuple[list[StratumRate], list[StratumRate]]:
    """Configured against actual, per task's stratum and summed per stratum over the year.

    ``selected`` counts the stored Selection rows, so a ledger that disagreed with its own
    frozen quota would show here too.
    """
    counts = Counter(
        Selection.objects.filter(draw__in=[d.pk for d in draws]).values_list("draw_id", "stratum")
    )
    per_task: list[StratumRate] = []
    totals: dict[str, StratumRate] = {}
    for d in sorted(draws, key=lambda d: d.task.code):
        for spec in d.freeze.frozen["strata"]:
            row = StratumRate(
                stratum=spec["name"],
                label=spec.get("label", spec["name"]),
                task_code=d.task.code,
                task_name=d.task.name,
                size=spec["size"],
                quota=spec["quota"],
                selected=counts[(d.pk, spec["name"])],
                expected=_expected(spec),
                rule=_rule_text(spec),
            )
            per_task.append(row)
            total = totals.setdefault(
                row.stratum, StratumRate(stratum=row.stratum, label=row.label, tasks=0)
            )
            total.tasks += 1 if row.size else 0
            total.size += row.size
            total.quota += row.quota
            total.selected += row.selected
            total.expected += row.expected
    return per_task, list(totals.values())


def entities_over_cap(year: int, cap: int, visible: set[int]) -> list[OverCap]:
    """Entities with more than ``cap`` random inspections in the year (a visit counts once)."""
    selections = Selection.objects.filter(draw__is_current=True, draw__task__year=year)
    tasks: dict[int, list[str]] = defaultdict(list)
    for entity_id, code in selections.values_list("entity_id", "draw__task__code"):
        tasks[entity_id].append(code)
    merged: Counter[int] = Counter()
    for fn in CAP_MERGES.values():
        merged.update(fn(year, None))
    over = {e: len(t) - merged[e] for e, t in tasks.items() if len(t) - merged[e] > cap}
    shown = [e for e in over if e in visible]
    entities = Entity.objects.in_bulk(shown)
    rows = [OverCap(entities[e], over[e], sorted(tasks[e])) for e in shown]
    return sorted(rows, key=lambda r: (-r.count, r.entity.uscc))


def repeated_pairs(year: int, visible_draws: set[int]) -> list[RepeatedPair]:
    """Officer–entity pairs met on two occasions in the year, or this year and the last."""
    window = Q(is_current=True, task__year__in=[year - 1, year])
    teams = effective_teams(window)
    visits = visits_of(window)
    info = {
        d.pk: (d.task.year, d.task.code) for d in Draw.objects.filter(window).select_related("task")
    }
    occasions: dict[tuple[int, int], dict[str, tuple[int, str, int]]] = defaultdict(dict)
    for (draw_id, entity_id), members in teams.items():
        # One confirmed joint visit is one occasion, however many tasks it served.
        key = (
            f"v{visits[(draw_id, entity_id)]}" if (draw_id, entity_id) in visits else f"d{draw_id}"
        )
        for inspector_id in members:
            occasions[(inspector_id, entity_id)][key] = (*info[draw_id], draw_id)
    found = []
    for (inspector_id, entity_id), seen in occasions.items():
        this_year = [o for o in seen.values() if o[0] == year]
        if len(seen) >= 2 and this_year and any(o[2] in visible_draws for o in this_year):
            found.append((inspector_id, entity_id, sorted((y, c) for y, c, _ in seen.values())))
    people = Inspector.objects.select_related("department").in_bulk({f[0] for f in found})
    entities = Entity.objects.in_bulk({f[1] for f in found})
    rows = [RepeatedPair(people[i], entities[e], o) for i, e, o in found]
    return sorted(rows, key=lambda r: (r.inspector.name, r.entity.uscc))


def idle_inspectors(year: int, draws: list[Draw], actor: Any) -> tuple[list[Inspector], int]:
    """在岗 law-enforcement officers of the drawing departments on no team this year."""
    department_ids = {pk for d in draws for pk in d.task.department_ids()}
    if not actor.is_office_admin:
        department_ids &= {actor.department_id}
    teams = effective_teams(Q(is_current=True, task__year=year))
    busy = {pk for members in teams.values() for pk in members}
    idle = (
        Inspector.objects.filter(
            department_id__in=department_ids, kind="law_enforcement", status="on_duty"
        )
        .exclude(pk__in=busy)
        .select_related("department", "area")
        .order_by("department__sort_order", "name")
    )
    return list(idle), len(department_ids)


def fairness_report(*, actor: Any, year: int, cap: int = DEFAULT_YEARLY_CAP) -> Report:
    """The four sections for the year, within the actor's scope (see the module docstring)."""
    tasks = scope_tasks(Task.objects.filter(year=year), actor)
    draws = list(
        Draw.objects.filter(is_current=True, task__in=tasks.values("id"))
        .select_related("task", "freeze")
        .defer("outcome", "freeze__population", "freeze__matching")
    )
    report = Report(year=year, cap=cap)
    report.per_task, report.per_stratum = selection_rates(draws)
    visible_draws = {d.pk for d in draws}
    visible = set(
        Selection.objects.filter(draw_id__in=visible_draws).values_list("entity_id", flat=True)
    )
    report.over_cap = entities_over_cap(year, cap, visible)
    report.pairs = repeated_pairs(year, visible_draws)
    report.idle, report.departments = idle_inspectors(year, draws, actor)
    return report
