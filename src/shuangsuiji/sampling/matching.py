"""The inspector-matching inputs frozen with a population (record.py's ``matching_inputs``).

Everything the engine needs to match teams, and the verifier to re-check them: the task's
rules, every inspector and expert of the task's departments (the engine filters eligibility
itself, so the record shows who was left out and why), each entity's township, and — private,
only in the auditor's record — the conflict register and each entity's previous team.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from shuangsuiji.directory.models import Conflict, Department, Inspector
from shuangsuiji.plans.models import Task

from . import engine
from .models import AreaAdjacency, DirectAssignment, Draw, DrawConfig, Role, Selection, TeamMember
from .population import Population


def adjacency_map() -> dict[str, list[str]]:
    """Approved adjacent townships, both directions, names sorted."""
    pairs = AreaAdjacency.objects.values_list("area_a__name", "area_b__name")
    result: dict[str, set[str]] = defaultdict(set)
    for a, b in pairs:
        result[a].add(b)
        result[b].add(a)
    return {area: sorted(names) for area, names in sorted(result.items())}


def officer_entry(person: Inspector, department_code: str) -> dict[str, Any]:
    """One person as published: 姓名 and 执法证号 are public, the phone number never is."""
    valid = person.certificate_valid_until
    return {
        "ref": person.certificate_no,
        "name": person.name,
        "department": department_code,
        "area": person.area.name if person.area_id and person.area else None,
        "kind": person.kind,
        "status": person.status,
        "valid_until": valid.isoformat() if valid else None,
        "specialties": sorted(str(s) for s in person.specialties or []),
    }


def previous_teams(task: Task, codes: set[str]) -> dict[str, list[str]]:
    """Each entity's team in its most recent current draw (of any task but this one).

    The team is the direct assignment when one was made, else the drawn law-enforcement
    members; experts do not count (回避 and rotation concern the officers).
    """
    latest: dict[str, tuple[Any, int]] = {}
    selections = Selection.objects.filter(
        draw__in=Draw.objects.filter(is_current=True).exclude(task=task).values("id")
    ).values_list("entity__uscc", "draw_id", "draw__drawn_at")
    for uscc, draw_id, drawn_at in selections.iterator(chunk_size=5000):
        if uscc in codes and (uscc not in latest or (drawn_at, draw_id) > latest[uscc]):
            latest[uscc] = (drawn_at, draw_id)
    if not latest:
        return {}
    wanted = {(draw_id, uscc) for uscc, (_, draw_id) in latest.items()}
    draw_ids = {draw_id for draw_id, _ in wanted}
    teams: dict[str, list[str]] = defaultdict(list)
    members = TeamMember.objects.filter(draw_id__in=draw_ids, role=Role.MEMBER).values_list(
        "draw_id", "entity__uscc", "inspector__certificate_no"
    )
    for draw_id, uscc, ref in members:
        if (draw_id, uscc) in wanted:
            teams[uscc].append(ref)
    direct = DirectAssignment.objects.filter(draw_id__in=draw_ids).order_by("assigned_at", "id")
    for assignment in direct.prefetch_related("inspectors").select_related("entity"):
        uscc = assignment.entity.uscc
        if (assignment.draw_id, uscc) in wanted:
            teams[uscc] = [p.certificate_no for p in assignment.inspectors.all()]
    return {uscc: sorted(set(refs)) for uscc, refs in sorted(teams.items())}


def build_matching_inputs(task: Task, config: DrawConfig, population: Population) -> dict[str, Any]:
    """The engine's matching inputs for this task, every list sorted for a stable hash."""
    department_ids = task.department_ids()
    departments = {d.pk: d for d in Department.objects.filter(pk__in=department_ids)}
    lead, *partners = [departments[i].code for i in department_ids]
    people = (
        Inspector.objects.filter(department_id__in=department_ids)
        .select_related("area")
        .order_by("certificate_no")
    )
    officers = [officer_entry(p, departments[p.department_id].code) for p in people]
    refs = {o["ref"] for o in officers}
    codes = {code for code, _ in population.rows}
    conflicts: dict[str, set[str]] = defaultdict(set)
    pairs = Conflict.objects.filter(inspector__department_id__in=department_ids).values_list(
        "entity__uscc", "inspector__certificate_no"
    )
    for uscc, ref in pairs:
        if uscc in codes and ref in refs:
            conflicts[uscc].add(ref)
    rules = {
        "lead_department": lead,
        "partner_departments": sorted(partners),
        "team_size": config.team_size,
        "experts": config.experts,
        "cross_area": config.cross_area,
        "local_only": config.local_only,
        "per_inspector_cap": config.per_inspector_cap,
        "wanted_specialties": sorted(str(s) for s in config.wanted_specialties or []),
        "window_end": task.window_end.isoformat(),
        "adjacency": adjacency_map(),
        "rotation": engine.ROTATION_PREFER if config.rotation else engine.ROTATION_OFF,
    }
    return {
        "rules": rules,
        "officers": officers,
        "townships": population.townships,
        "conflicts": {uscc: sorted(r) for uscc, r in sorted(conflicts.items())},
        "previous": previous_teams(task, codes),
    }
