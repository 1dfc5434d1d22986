"""Writes to the draw ledger. Each service is atomic and audited in the same transaction.

The sequence for a task (issue 3): configure → preview → **freeze** (publishes the commitment;
the server secret is generated here and kept hidden) → **draw** with the witness's public
entropy (reveals the secret in the record) → teams; a **redraw** (office only, with a reason)
re-freezes and leaves the earlier draw in the ledger, no longer current.
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from shuangsuiji.common.audit import audit_record
from shuangsuiji.common.errors import PermissionDenied, ServiceError
from shuangsuiji.directory.models import Area, Conflict, Department, Entity, Inspector
from shuangsuiji.directory.services import _full_clean, snapshot
from shuangsuiji.plans.access import can_manage_task, scope_tasks
from shuangsuiji.plans.models import Task, TaskState
from shuangsuiji.plans.services import task_transition

from . import engine, record
from .matching import build_matching_inputs, officer_entry
from .models import (
    AreaAdjacency,
    DirectAssignment,
    Draw,
    DrawConfig,
    Fallback,
    Freeze,
    Role,
    Selection,
    TeamMember,
    encode_population,
)
from .population import build_population, check_ratio_cap, config_of, quota_rows, strata_specs
from .records import draw_extra, item_facts, task_facts, witness_of

CONFIG_FIELDS = tuple(
    f.name
    for f in DrawConfig._meta.concrete_fields
    if f.name not in {"id", "task", "updated_by", "updated_at"}
)
FREEZABLE = {TaskState.PUBLISHED, TaskState.FROZEN}
CONFIGURABLE = {TaskState.DRAFT, TaskState.PUBLISHED, TaskState.FROZEN}


def _actor_name(actor: Any) -> str:
    return getattr(actor, "display_name", "") or str(actor)


def _actor_pk(actor: Any) -> Any:
    return getattr(actor, "pk", None)


def _require_manager(actor: Any, task: Task) -> None:
    if not can_manage_task(actor, task.lead_department_id):
        raise PermissionDenied("只有联席办管理员或发起部门的管理员可以进行抽取操作")


def _require_visible(actor: Any, task: Task) -> None:
    if not scope_tasks(Task.objects.filter(pk=task.pk), actor).exists():
        raise PermissionDenied("无权查看该抽查任务")


def _lock(task: Task) -> Task:
    return Task.objects.select_for_update().select_related("lead_department").get(pk=task.pk)


# ---------------------------------------------------------------- configuration


@transaction.atomic
def draw_config_save(*, task: Task, actor: Any, values: Mapping[str, Any]) -> DrawConfig:
    """Save the task's draw specification; a ratio above a 一般 item's cap is refused."""
    task = _lock(task)
    _require_manager(actor, task)
    if task.state not in CONFIGURABLE:
        raise ServiceError(f"任务{task.get_state_display()}，抽取配置不能再修改")
    unknown = set(values) - set(CONFIG_FIELDS)
    if unknown:
        raise ServiceError(f"未知的抽取配置项：{'、'.join(sorted(unknown))}")
    config = config_of(task)
    before = snapshot(config) if config.pk else None
    for name, value in values.items():
        setattr(config, name, value)
    config.wanted_specialties = sorted(
        {str(s).strip() for s in config.wanted_specialties or []} - {""}
    )
    config.updated_by_id = _actor_pk(actor)
    _full_clean(config)
    check_ratio_cap(strata_specs(config), task.items.all())
    config.save()
    after = snapshot(config)
    for volatile in ("updated_by",):
        after.pop(volatile, None)
        if before:
            before.pop(volatile, None)
    audit_record(
        actor=actor,
        action="draw_config.save",
        object_type="draw_config",
        object_id=task.code,
        object_repr=task.name,
        before=before,
        after=after,
    )
    return config


# ---------------------------------------------------------------- preview and freeze


@dataclass
class Preview:
    """Sizes, quotas and inclusion probabilities per stratum, before anything is frozen."""

    matched: int
    exclusions: list[dict[str, Any]]
    strata: list[dict[str, Any]]
    population_size: int
    total_quota: int


def population_preview(*, task: Task, actor: Any) -> Preview:
    """The population the task would freeze now, per stratum: size, rule, quota, probability.

    A read: nothing is written and nothing audited. Refuses, with the reason, a stratum ratio
    above the strictest 一般 item's 抽查比例上限.
    """
    _require_visible(actor, task)
    config = config_of(task)
    population = build_population(task, config, now=timezone.now())
    check_ratio_cap(population.strata, task.items.all(), population.sizes)
    rows = quota_rows(population)
    return Preview(
        matched=population.matched,
        exclusions=population.exclusions,
        strata=rows,
        population_size=len(population.rows),
        total_quota=sum(r["quota"] for r in rows),
    )


def _freeze(task: Task, actor: Any, *, redraw_of: Any = None, redraw_reason: str = "") -> Freeze:
    now = timezone.now()
    config = config_of(task)
    items = list(task.items.select_related("department"))
    population = build_population(task, config, now=now)
    check_ratio_cap(population.strata, items, population.sizes)
    if not population.rows:
        raise ServiceError("按当前条件没有可抽取的检查对象，无法冻结名单")
    matching_inputs = build_matching_inputs(task, config, population)
    secret = secrets.token_hex(32)
    frozen, commitment = record.build_frozen(
        task=task_facts(task),
        items=item_facts(items),
        population=population.rows,
        strata=[spec.as_engine() for spec in population.strata],
        exclusions=population.exclusions,
        matching_inputs=matching_inputs,
        batch_size=config.batch_size,
        frozen_at=now.isoformat(),
        frozen_by=_actor_name(actor),
        secret_hex=secret,
    )
    number = (Freeze.objects.filter(task=task).aggregate(n=Max("number"))["n"] or 0) + 1
    freeze = Freeze(
        task=task,
        number=number,
        frozen=frozen,
        commitment=commitment,
        population=encode_population(population.rows),
        population_size=len(population.rows),
        matching_inputs=matching_inputs,
        secret=secret,
        frozen_by_id=_actor_pk(actor),
        frozen_by_name=_actor_name(actor),
        frozen_at=now,
        redraw_of=redraw_of,
        redraw_reason=redraw_reason,
    )
    freeze.save()
    audit_record(
        actor=actor,
        action="population.freeze",
        object_type="population",
        object_id=f"{task.code}#F{number}",
        object_repr=task.name,
        after={
            "commitment": commitment,
            "population_size": len(population.rows),
            "strata": [{k: s[k] for k in ("name", "size", "quota")} for s in frozen["strata"]],
            "exclusions": population.exclusions,
        },
        reason=redraw_reason,
    )
    return freeze


@transaction.atomic
def draw_freeze(*, task: Task, actor: Any) -> Freeze:
    """Freeze the population now and publish its commitment (published/frozen → frozen).

    Builds the population from the current directory (population.py), generates the server
    secret (never shown before the draw) and commits to both. Freezing again before the draw
    supersedes the earlier freeze; a pending redraw's reason carries over.
    """
    task = _lock(task)
    _require_manager(actor, task)
    if task.state not in FREEZABLE:
        raise ServiceError(f"任务{task.get_state_display()}，不能冻结名单（需先发布任务）")
    pending = Freeze.objects.filter(task=task, draw__isnull=True).order_by("-number").first()
    redraw_of = pending.redraw_of if pending else None
    reason = pending.redraw_reason if pending else ""
    freeze = _freeze(task, actor, redraw_of=redraw_of, redraw_reason=reason)
    task_transition(actor=actor, task=task, to=TaskState.FROZEN, action="task.state")
    return freeze


# ---------------------------------------------------------------- draw and redraw


def _latest_freeze(task: Task) -> Freeze:
    freeze = Freeze.objects.filter(task=task).order_by("-number").first()
    if freeze is None or Draw.objects.filter(freeze=freeze).exists():
        raise ServiceError("没有待抽取的冻结名单：请先冻结名单")
    return freeze


def _ids_by_key(model: Any, key: str, values: list[str]) -> dict[str, int]:
    """Primary keys by a unique code, in chunks below SQLite's host-parameter limit."""
    found: dict[str, int] = {}
    for start in range(0, len(values), 900):
        chunk = values[start : start + 900]
        found.update(model.objects.filter(**{f"{key}__in": chunk}).values_list(key, "id"))
    return found


def _store_rows(draw: Draw, freeze: Freeze, outcome: Mapping[str, Any]) -> None:
    """Selection and TeamMember rows, for querying the draw later (inspections, statistics)."""
    strata = {uscc: stratum for uscc, stratum in outcome["selected"]}
    codes = list(strata)
    entity_ids = _ids_by_key(Entity, "uscc", codes)
    missing = [c for c in codes if c not in entity_ids]
    if missing:
        raise ServiceError(
            f"冻结后检查对象已被删除：{'、'.join(missing[:5])}，请重新冻结名单后再抽取"
        )
    fallback = {team["uscc"]: team["fallback"] for team in outcome["teams"]}
    selections = []
    position = 0
    for batch_no, batch in enumerate(outcome["batches"], start=1):
        for uscc in batch:
            position += 1
            selections.append(
                Selection(
                    draw=draw,
                    entity_id=entity_ids[uscc],
                    stratum=strata[uscc],
                    batch_no=batch_no,
                    position=position,
                    fallback=fallback.get(uscc, ""),
                )
            )
    Selection.objects.bulk_create(selections, batch_size=2000)
    refs = {ref for t in outcome["teams"] for ref in [*t["members"], *t["experts"]]}
    people = _ids_by_key(Inspector, "certificate_no", sorted(refs))
    gone = sorted(refs - set(people))
    if gone:
        raise ServiceError(f"冻结后人员已被删除：{'、'.join(gone[:5])}，请重新冻结名单后再抽取")
    members = [
        TeamMember(draw=draw, entity_id=entity_ids[t["uscc"]], inspector_id=people[ref], role=role)
        for t in outcome["teams"]
        for role, refs_of in ((Role.MEMBER, t["members"]), (Role.EXPERT, t["experts"]))
        for ref in refs_of
    ]
    TeamMember.objects.bulk_create(members, batch_size=2000)


@transaction.atomic
def draw_run(
    *,
    task: Task,
    witness_entropy: str,
    witness_source: str,
    witness_name: str,
    actor: Any,
) -> Draw:
    """Draw the targets and match the teams with the witness's public entropy (frozen → drawn).

    seed = H(secret ‖ H(witness entropy) ‖ commitment) (engine.derive_seed); the public record,
    which reveals the secret, is stored with the draw and can be re-run by anyone.
    """
    task = _lock(task)
    _require_manager(actor, task)
    if task.state != TaskState.FROZEN:
        raise ServiceError(f"任务{task.get_state_display()}，不能抽取（需先冻结名单）")
    entropy = witness_entropy.strip()
    if not engine.normalize_witness(entropy):
        raise ServiceError("请填写见证随机数（如公开的彩票开奖号码，或见证人现场给出的数字）")
    if not witness_source.strip():
        raise ServiceError("请填写见证随机数的来源")
    if not witness_name.strip():
        raise ServiceError("请填写见证人姓名")
    freeze = _latest_freeze(task)
    population = freeze.population_rows()
    outcome = record.run_draw(
        frozen=freeze.frozen,
        commitment=freeze.commitment,
        population=population,
        secret_hex=freeze.secret,
        witness_entropy=entropy,
        matching_inputs=freeze.matching_inputs,
    )
    number = (Draw.objects.filter(task=task).aggregate(n=Max("number"))["n"] or 0) + 1
    now = timezone.now()
    draw = Draw(
        task=task,
        freeze=freeze,
        number=number,
        witness_entropy=entropy,
        witness_source=witness_source.strip(),
        witness_name=witness_name.strip(),
        seed=outcome["seed"],
        outcome=outcome,
        record={},
        drawn_by_id=_actor_pk(actor),
        drawn_by_name=_actor_name(actor),
        drawn_at=now,
        redraw_of=freeze.redraw_of,
        redraw_reason=freeze.redraw_reason,
        is_current=True,
    )
    draw.record = record.make_record(
        kind=record.PUBLIC,
        frozen=freeze.frozen,
        commitment=freeze.commitment,
        population=population,
        secret_hex=freeze.secret,
        witness={"entropy": entropy, "source": draw.witness_source, "witness": draw.witness_name},
        matching_inputs=freeze.matching_inputs,
        outcome=outcome,
        extra=draw_extra(draw),
    )
    draw.save()
    _store_rows(draw, freeze, outcome)
    task_transition(actor=actor, task=task, to=TaskState.DRAWN, action="task.state")
    fallbacks = sum(1 for t in outcome["teams"] if t["fallback"])
    audit_record(
        actor=actor,
        action="draw.run",
        object_type="draw",
        object_id=draw.public_id,
        object_repr=task.name,
        after={
            "commitment": freeze.commitment,
            "witness": witness_of(draw),
            "seed": draw.seed,
            "selected": len(outcome["selected"]),
            "fallbacks": fallbacks,
            "redraw_of": draw.redraw_of.public_id if draw.redraw_of else None,
        },
        reason=draw.redraw_reason,
    )
    return draw


@transaction.atomic
def draw_redraw(*, task: Task, reason: str, actor: Any) -> Freeze:
    """Start a redraw: the current draw stays in the ledger, no longer current; the population
    is frozen anew (new secret, new commitment) and awaits a draw with fresh witness entropy.

    Office admins only, with a reason (issue 3 §6). The new draw is linked to the earlier one.
    Commit-then-reveal holds for the redraw too: its commitment is published before the
    witness's new entropy is known.
    """
    if not actor.is_office_admin:
        raise PermissionDenied("重新抽取需要联席办管理员操作")
    if not reason.strip():
        raise ServiceError("重新抽取必须填写原因")
    task = _lock(task)
    if task.state != TaskState.DRAWN:
        raise ServiceError(f"任务{task.get_state_display()}，不能重新抽取")
    previous = Draw.objects.filter(task=task, is_current=True).defer("outcome", "record").first()
    if previous is None:
        raise ServiceError("该任务没有当前有效的抽取")
    Draw.objects.filter(pk=previous.pk).update(is_current=False)
    audit_record(
        actor=actor,
        action="draw.redraw",
        object_type="draw",
        object_id=previous.public_id,
        object_repr=task.name,
        before={"is_current": True},
        after={"is_current": False},
        reason=reason.strip(),
    )
    task_transition(actor=actor, task=task, to=TaskState.FROZEN, action="task.state", reason=reason)
    return _freeze(task, actor, redraw_of=previous, redraw_reason=reason.strip())


# ---------------------------------------------------------------- direct assignment


def _readable(problem: str, names: Mapping[str, str]) -> str:
    for code, name in names.items():
        problem = problem.replace(f" {code} ", f" {name} ")
    return problem


@transaction.atomic
def team_assign_directly(
    *,
    draw: Draw,
    entity: Entity,
    inspectors: Iterable[Inspector],
    reason: str,
    actor: Any,
) -> DirectAssignment:
    """直接委派 (seed 三(二)) for a drawn entity the pool could not supply a team for.

    Only for teams the draw marked “需直接委派”, by the office or the lead department's admin,
    with a reason. The chosen people must satisfy the hard rules (engine.team_problems) as they
    stand today — 在岗, certificate valid through the window, the task's departments with one
    from each, team size, 回避, not the previous team, 所所交叉 — except 属地, which is what a
    direct assignment may override.
    """
    task = Task.objects.select_related("lead_department").get(pk=draw.task_id)
    _require_manager(actor, task)
    if not reason.strip():
        raise ServiceError("直接委派必须填写原因")
    if not draw.is_current:
        raise ServiceError("该次抽取已被重新抽取替代，不能再委派")
    if task.state not in {TaskState.DRAWN, TaskState.IN_PROGRESS}:
        raise ServiceError(f"任务{task.get_state_display()}，不能委派检查组")
    selection = Selection.objects.filter(draw=draw, entity=entity).first()
    if selection is None:
        raise ServiceError("该检查对象不在本次抽取名单中")
    if selection.fallback != Fallback.DIRECT:
        raise ServiceError(
            "该检查对象已随机匹配检查组；只有无法随机匹配（需直接委派）的才能直接委派"
        )
    people = list({p.pk: p for p in inspectors}.values())
    inputs = Freeze.objects.get(pk=draw.freeze_id).matching_inputs
    rules = dataclasses.replace(record.rules_from(inputs), local_only=False)
    departments = {d.pk: d for d in Department.objects.filter(pk__in=task.department_ids())}
    outside = [p.name for p in people if p.department_id not in departments]
    if outside:
        raise ServiceError(f"{'、'.join(outside)} 不属于本任务的发起或配合部门")
    officers = record.officers_from(
        {"officers": [officer_entry(p, departments[p.department_id].code) for p in people]}
    )
    registered = Conflict.objects.filter(entity=entity).values_list(
        "inspector__certificate_no", flat=True
    )
    target = engine.MatchTarget(
        uscc=entity.uscc,
        area=inputs["entities"].get(entity.uscc),
        conflicts=frozenset(inputs.get("conflicts", {}).get(entity.uscc, [])) | set(registered),
        previous=frozenset(inputs.get("previous", {}).get(entity.uscc, [])),
    )
    team = {"members": [o.ref for o in officers], "experts": [], "fallback": Fallback.NONE.value}
    problems = engine.team_problems(team, target, {o.ref: o for o in officers}, rules)
    if problems:
        names = {d.code: d.name for d in departments.values()}
        names.update({p.certificate_no: p.name for p in people})
        detail = "；".join(_readable(f" {p} ", names).strip() for p in problems)
        raise ServiceError(f"所选人员不符合检查组的硬性规则：{detail}")
    assignment = DirectAssignment(
        draw=draw,
        entity=entity,
        reason=reason.strip(),
        assigned_by_id=_actor_pk(actor),
        assigned_by_name=_actor_name(actor),
        assigned_at=timezone.now(),
    )
    assignment.save()
    assignment.inspectors.set(people)
    audit_record(
        actor=actor,
        action="team.assign",
        object_type="team",
        object_id=f"{draw.public_id}/{entity.uscc}",
        object_repr=entity.name,
        after={"inspectors": sorted(p.certificate_no for p in people)},
        reason=reason.strip(),
    )
    return assignment


# ---------------------------------------------------------------- adjacent townships


@transaction.atomic
def area_adjacency_approve(
    *, area_a: Area, area_b: Area, actor: Any, note: str = ""
) -> AreaAdjacency:
    """The office approves two townships as adjacent for cross-area matching (seed 三(二))."""
    if not actor.is_office_admin:
        raise PermissionDenied("相邻乡镇需由联席办管理员批准")
    if area_a.pk == area_b.pk:
        raise ServiceError("相邻乡镇应为两个不同的乡镇")
    first, second = sorted((area_a, area_b), key=lambda a: a.pk)
    if AreaAdjacency.objects.filter(area_a=first, area_b=second).exists():
        raise ServiceError(f"{first.name}与{second.name}的相邻关系已批准")
    adjacency = AreaAdjacency(
        area_a=first,
        area_b=second,
        note=note.strip(),
        approved_by_id=_actor_pk(actor),
        approved_by_name=_actor_name(actor),
        approved_at=timezone.now(),
    )
    _full_clean(adjacency)
    adjacency.save()
    audit_record(
        actor=actor,
        action="adjacency.approve",
        object_type="adjacency",
        object_id=adjacency.pk or "",
        object_repr=str(adjacency),
        after={"areas": [first.name, second.name], "note": adjacency.note},
    )
    return adjacency


@transaction.atomic
def area_adjacency_revoke(*, adjacency: AreaAdjacency, actor: Any, reason: str) -> None:
    """Withdraw an approval; frozen draws keep the adjacency they were frozen with."""
    if not actor.is_office_admin:
        raise PermissionDenied("相邻乡镇需由联席办管理员维护")
    if not reason.strip():
        raise ServiceError("撤销相邻关系必须填写原因")
    label, pk = str(adjacency), adjacency.pk
    adjacency.delete()
    audit_record(
        actor=actor,
        action="adjacency.revoke",
        object_type="adjacency",
        object_id=pk or "",
        object_repr=label,
        reason=reason.strip(),
    )
