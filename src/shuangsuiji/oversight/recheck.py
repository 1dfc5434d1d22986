"""抽样复查 (seed 五(四)): the office re-checks a random share of completed inspections.

A round is drawn with the task draw's engine and record format (docs/draw-algorithm.md §10):

- **Population**: one row per entity with a completed inspection in scope (the year, or one
  department's or one task's), code = the entity's 统一社会信用代码, one stratum ``recheck``
  whose ratio is the round's share. A drawn entity's in-scope inspections are all re-checked;
  which inspections a code stands for is listed in the frozen ``items`` (committed).
- **Team**: matched by the same engine from the chosen department's officers, with ``previous``
  = the original inspection team(s), so nobody re-checks their own work, and the 回避 register.
  The office may assign a team by hand (with a reason) where the pool is too small.

Every service is atomic, office-only and audited in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from shuangsuiji.common.audit import audit_record
from shuangsuiji.common.errors import PermissionDenied, ServiceError
from shuangsuiji.directory.models import Conflict, Department, Entity, Inspector
from shuangsuiji.plans.models import Task
from shuangsuiji.sampling import engine, record
from shuangsuiji.sampling.models import Draw, encode_json, encode_population
from shuangsuiji.sampling.permissions import actor_name, actor_pk

from .ledger import Inspection, completed_inspections, teams_of
from .models import Outcome, Recheck, RecheckItem, RecheckState, TeamSource
from .recheck_inputs import matching_inputs

STRATUM = "recheck"
BATCH_SIZE = 20


def require_office(actor: Any) -> None:
    if not getattr(actor, "is_office_admin", False):
        raise PermissionDenied("抽样复查由联席办组织，只有联席办管理员可以操作")


def _next_code(year: int) -> str:
    count = Recheck.objects.filter(year=year).count()
    return f"FC{year}-{count + 1:03d}"


@transaction.atomic
def recheck_freeze(
    *,
    actor: Any,
    year: int,
    share_bp: int,
    team_department: Department,
    due_on: dt.date,
    scope_department: Department | None = None,
    scope_task: Task | None = None,
) -> Recheck:
    """Freeze a round's population and publish its commitment (secret kept hidden).

    Rule (seed 五(四) 抽样复查): completed inspections in scope, less entities already drawn
    for re-check this year; share rounded up (ceil), so a non-empty scope yields at least one.
    """
    require_office(actor)
    if not 1 <= share_bp <= 10_000:
        raise ServiceError("复查比例应在 0.01% 至 100% 之间", field="share_bp")
    if team_department.is_office:
        raise ServiceError("复查组应从成员单位的执法人员中匹配，请选择成员单位")
    inspections = completed_inspections(year=year, department=scope_department, task=scope_task)
    earlier = set(
        RecheckItem.objects.filter(recheck__year=year).values_list("entity__uscc", flat=True)
    )
    rows = [i for i in inspections if i.uscc not in earlier]
    excluded = len({i.uscc for i in inspections} - {i.uscc for i in rows})
    if not rows:
        raise ServiceError("所选范围内没有可复查的已完成检查（任务需已完成或已公示）")
    population = sorted({(i.uscc, STRATUM) for i in rows})
    matching = matching_inputs(team_department, due_on, rows)
    code = _next_code(year)
    now = timezone.now()
    secret = secrets.token_hex(32)
    scope = {
        "department": scope_department.code if scope_department else None,
        "task": scope_task.code if scope_task else None,
    }
    frozen, commitment = record.build_frozen(
        task={
            "code": code,
            "name": f"{year}年度抽样复查",
            "year": year,
            "kind": "recheck",
            "kind_label": "抽样复查",
            "scope": scope,
            "lead_department": {"code": team_department.code, "name": team_department.name},
            "partner_departments": [],
            "window_end": due_on.isoformat(),
        },
        items=[
            {
                "uscc": i.uscc,
                "task": i.task_code,
                "task_name": i.task_name,
                "draw": i.draw_public_id,
                "department": i.department,
            }
            for i in rows
        ],
        population=population,
        strata=[{"name": STRATUM, "label": "已完成的检查", "ratio_bp": share_bp}],
        exclusions=[{"rule": "rechecked", "label": "本年度已被抽样复查", "count": excluded}],
        matching_inputs=matching,
        batch_size=BATCH_SIZE,
        frozen_at=now.isoformat(),
        frozen_by=actor_name(actor),
        secret_hex=secret,
    )
    recheck = Recheck(
        code=code,
        year=year,
        scope_department=scope_department,
        scope_task=scope_task,
        share_bp=share_bp,
        team_department=team_department,
        due_on=due_on,
        frozen=frozen,
        commitment=commitment,
        population=encode_population(population),
        population_size=len(population),
        matching=encode_json(matching),
        secret=secret,
        created_by_id=actor_pk(actor),
        created_by_name=actor_name(actor),
        frozen_at=now,
    )
    recheck.full_clean(exclude=["population", "matching"])
    recheck.save()
    audit_record(
        actor=actor,
        action="recheck.freeze",
        object_type="recheck",
        object_id=code,
        object_repr=f"{year}年度抽样复查",
        after={
            "commitment": commitment,
            "population_size": len(population),
            "quota": frozen["strata"][0]["quota"],
            "share_bp": share_bp,
            "scope": scope,
        },
    )
    return recheck


@transaction.atomic
def recheck_draw(
    *, recheck: Recheck, witness_entropy: str, witness_source: str, witness_name: str, actor: Any
) -> Recheck:
    """Draw the round with the witness's public entropy; store the public record and items.

    seed = H(secret ‖ H(witness entropy) ‖ commitment), exactly as for a task's draw.
    """
    require_office(actor)
    recheck = Recheck.objects.select_for_update().get(pk=recheck.pk)
    if recheck.state != RecheckState.FROZEN:
        raise ServiceError("该复查已抽取，不能再次抽取")
    entropy = witness_entropy.strip()
    if not engine.normalize_witness(entropy):
        raise ServiceError("请填写见证随机数（如公开的彩票开奖号码，或见证人现场给出的数字）")
    if not witness_source.strip() or not witness_name.strip():
        raise ServiceError("请填写见证随机数的来源和见证人姓名")
    population = recheck.population_rows()
    outcome = record.run_draw(
        frozen=recheck.frozen,
        commitment=recheck.commitment,
        population=population,
        secret_hex=recheck.secret,
        witness_entropy=entropy,
        matching_inputs=recheck.matching_inputs,
    )
    now = timezone.now()
    witness = {
        "entropy": entropy,
        "source": witness_source.strip(),
        "witness": witness_name.strip(),
    }
    recheck.record = record.make_record(
        kind=record.PUBLIC,
        frozen=recheck.frozen,
        commitment=recheck.commitment,
        population=population,
        secret_hex=recheck.secret,
        witness=witness,
        matching_inputs=recheck.matching_inputs,
        outcome=outcome,
        extra={
            "draw_id": recheck.code,
            "drawn_at": now.isoformat(),
            "drawn_by": actor_name(actor),
            "redraw_of": None,
            "redraw_reason": "",
        },
    )
    recheck.witness_entropy, recheck.witness_source = entropy, witness["source"]
    recheck.witness_name, recheck.seed = witness["witness"], outcome["seed"]
    recheck.drawn_by_name, recheck.drawn_at = actor_name(actor), now
    recheck.state = RecheckState.DRAWN
    recheck.save()
    _create_items(recheck, outcome)
    audit_record(
        actor=actor,
        action="recheck.draw",
        object_type="recheck",
        object_id=recheck.code,
        object_repr=f"{recheck.year}年度抽样复查",
        after={
            "commitment": recheck.commitment,
            "witness": witness,
            "seed": outcome["seed"],
            "selected": len(outcome["selected"]),
        },
    )
    return recheck


def _create_items(recheck: Recheck, outcome: dict[str, Any]) -> None:
    """One item per in-scope inspection of each drawn entity, as listed in the frozen facts."""
    by_code: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for row in recheck.frozen["items"]:
        task_code, _, number = row["draw"].rpartition("#")
        by_code[row["uscc"]].append((task_code, int(number)))
    teams = {t["uscc"]: t["members"] for t in outcome["teams"]}
    order = [code for batch in outcome["batches"] for code in batch]
    entities = dict(Entity.objects.filter(uscc__in=order).values_list("uscc", "id"))
    people = dict(
        Inspector.objects.filter(
            certificate_no__in={r for m in teams.values() for r in m}
        ).values_list("certificate_no", "id")
    )
    for position, code in enumerate(order, start=1):
        for task_code, number in by_code[code]:
            draw = Draw.objects.get(task__code=task_code, number=number)
            item = RecheckItem.objects.create(
                recheck=recheck,
                draw=draw,
                task_id=draw.task_id,
                entity_id=entities[code],
                position=position,
            )
            item.team.set([people[ref] for ref in teams[code]])


def _team_refs(item: RecheckItem) -> list[str]:
    return sorted(item.team.values_list("certificate_no", flat=True))


@transaction.atomic
def recheck_assign_team(
    *, item: RecheckItem, inspectors: Sequence[Inspector], reason: str, actor: Any
) -> RecheckItem:
    """Assign a re-check team by hand (e.g. the draw left it short), with a reason.

    The same hard rules as the drawn team: at least two 在岗 law-enforcement officers with a
    valid 执法证, none of the original inspection team, none registered for 回避.
    """
    require_office(actor)
    if not reason.strip():
        raise ServiceError("指定复查组必须填写原因", field="reason")
    people = list({p.pk: p for p in inspectors}.values())
    if len(people) < 2:
        raise ServiceError("复查组不得少于2名执法人员")
    item = RecheckItem.objects.select_related("recheck", "entity").get(pk=item.pk)
    due = item.recheck.due_on
    original = teams_of([_as_inspection(item)]).get((item.draw_id, item.entity_id), set())
    conflicted = set(
        Conflict.objects.filter(entity=item.entity).values_list("inspector_id", flat=True)
    )
    for p in people:
        if p.kind != engine.LAW_ENFORCEMENT or p.status != engine.ON_DUTY:
            raise ServiceError(f"{p.name} 不是在岗执法人员")
        if p.certificate_valid_until is None or p.certificate_valid_until < due:
            raise ServiceError(f"{p.name} 的执法证在复查截止日期前失效")
        if p.pk in original:
            raise ServiceError(f"{p.name} 是原检查组成员，不能复查自己的检查")
        if p.pk in conflicted:
            raise ServiceError(f"{p.name} 对该检查对象登记了回避")
    before = {"team": _team_refs(item), "team_source": item.team_source}
    item.team.set(people)
    item.team_source, item.team_reason = TeamSource.ASSIGNED, reason.strip()
    item.save(update_fields=["team_source", "team_reason"])
    audit_record(
        actor=actor,
        action="recheck.assign_team",
        object_type="recheck_item",
        object_id=f"{item.recheck.code}/{item.task.code}/{item.entity.uscc}",
        object_repr=item.entity.name,
        before=before,
        after={"team": _team_refs(item), "team_source": item.team_source},
        reason=reason.strip(),
    )
    return item


def _as_inspection(item: RecheckItem) -> Inspection:
    return Inspection(item.draw_id, 0, item.task_id, "", "", "", item.entity_id, item.entity.uscc)


@transaction.atomic
def recheck_record_outcome(
    *, item: RecheckItem, outcome: str, note: str, actor: Any
) -> RecheckItem:
    """Record whether the re-check agrees with the original result; a disagreement says how."""
    require_office(actor)
    if outcome not in (Outcome.AGREE, Outcome.DISAGREE):
        raise ServiceError("复查结论应为“一致”或“不一致”", field="outcome")
    if outcome == Outcome.DISAGREE and not note.strip():
        raise ServiceError("复查结论不一致时必须写明不一致之处", field="note")
    item = (
        RecheckItem.objects.select_for_update()
        .select_related("recheck", "task", "entity")
        .get(pk=item.pk)
    )
    if not item.team.count() >= 2:
        raise ServiceError("该检查尚无完整的复查组，请先指定复查组")
    before = {"outcome": item.outcome, "note": item.note}
    item.outcome, item.note = outcome, note.strip()
    item.decided_by_name, item.decided_at = actor_name(actor), timezone.now()
    item.save(update_fields=["outcome", "note", "decided_by_name", "decided_at"])
    audit_record(
        actor=actor,
        action="recheck.outcome",
        object_type="recheck_item",
        object_id=f"{item.recheck.code}/{item.task.code}/{item.entity.uscc}",
        object_repr=item.entity.name,
        before=before,
        after={"outcome": item.outcome, "note": item.note},
    )
    return item
