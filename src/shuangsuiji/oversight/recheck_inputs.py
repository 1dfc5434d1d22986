"""What a 抽样复查 round freezes and publishes: the matching inputs and its records.

Reads only; the writes are in recheck.py.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from shuangsuiji.common.errors import ServiceError
from shuangsuiji.directory.models import Conflict, Department, Inspector
from shuangsuiji.sampling import engine, record
from shuangsuiji.sampling.matching import officer_entry

from .ledger import Inspection, teams_of
from .models import Recheck


def matching_inputs(
    team_department: Department, due_on: dt.date, rows: Sequence[Inspection]
) -> dict[str, Any]:
    """The engine's matching inputs for a round (docs/draw-algorithm.md §10).

    Rules: one department (the office's choice), teams of two law-enforcement officers with a
    certificate valid through the due date, no township rules; ``previous`` = every original
    team of the entity's in-scope inspections, so nobody re-checks their own work; the 回避
    register of the department's officers.
    """
    people = Inspector.objects.filter(department=team_department).select_related("area")
    officers = [officer_entry(p, team_department.code) for p in people.order_by("certificate_no")]
    refs = {o["ref"] for o in officers}
    codes = {r.uscc for r in rows}
    conflicts: dict[str, set[str]] = defaultdict(set)
    pairs = Conflict.objects.filter(inspector__department=team_department).values_list(
        "entity__uscc", "inspector__certificate_no"
    )
    for uscc, ref in pairs:
        if uscc in codes and ref in refs:
            conflicts[uscc].add(ref)
    teams = teams_of(rows)
    ids = {pk for team in teams.values() for pk in team}
    cert = dict(Inspector.objects.filter(pk__in=ids).values_list("id", "certificate_no"))
    previous: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        previous[r.uscc] |= {cert[pk] for pk in teams.get((r.draw_id, r.entity_id), set())}
    rules = {
        "lead_department": team_department.code,
        "partner_departments": [],
        "team_size": 2,
        "experts": 0,
        "cross_area": False,
        "local_only": False,
        "per_inspector_cap": None,
        "wanted_specialties": [],
        "window_end": due_on.isoformat(),
        "adjacency": {},
        # Never relaxed: a re-check by the original team would check nothing.
        "rotation": engine.ROTATION_HARD,
    }
    return {
        "rules": rules,
        "officers": officers,
        "townships": {},
        "conflicts": {u: sorted(r) for u, r in sorted(conflicts.items())},
        "previous": {u: sorted(r) for u, r in sorted(previous.items()) if r},
    }


def recheck_record(recheck: Recheck, *, kind: str = record.PUBLIC) -> dict[str, Any]:
    """The round's public record as stored at draw time, or the auditor's record (with the
    回避 register and the original teams) rebuilt from the same stored facts.

    Teams assigned by hand after the draw are not part of either: the draw precedes them.
    """
    stored = recheck.record
    if stored is None:
        raise ServiceError("该复查尚未抽取，没有抽取记录")
    if kind == record.PUBLIC:
        return dict(stored)
    outcome = {k: stored[k] for k in ("seed", "selected", "batches", "teams")}
    extra = {
        k: stored[k] for k in ("draw_id", "drawn_at", "drawn_by", "redraw_of", "redraw_reason")
    }
    return record.make_record(
        kind=record.AUDITOR,
        frozen=recheck.frozen,
        commitment=recheck.commitment,
        population=recheck.population_rows(),
        secret_hex=recheck.secret,
        witness=stored["witness"],
        matching_inputs=recheck.matching_inputs,
        outcome=outcome,
        extra=extra,
    )
