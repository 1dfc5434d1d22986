"""Writes to the draw ledger. Each service is atomic and audited in the same transaction.

The sequence for a task (issue 3): configure → preview → **freeze** (publishes the commitment;
the server secret is generated here and kept hidden) → **draw** with the witness's public
entropy (reveals the secret in the record) → teams; a **redraw** (office only, with a reason)
re-freezes and leaves the earlier draw in the ledger, no longer current.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from shuangsuiji.common.audit import audit_record
from shuangsuiji.common.errors import PermissionDenied, ServiceError
from shuangsuiji.directory.models import Entity, Inspector
from shuangsuiji.directory.services import _full_clean, snapshot
from shuangsuiji.plans.models import Task, TaskState
from shuangsuiji.plans.services import task_transition

from . import engine, record
from .matching import build_matching_inputs
from .models import (
    Draw,
    DrawConfig,
    Freeze,
    Role,
    Selection,
    TeamMember,
    encode_json,
    encode_population,
)
from .permissions import actor_name, actor_pk, require_manager, require_visible
from .population import (
    build_population,
    check_ratio_cap,
    config_of,
    over_cap_rows,
    quota_rows,
    strata_specs,
)
from .records import item_facts, task_facts

# Direct assignment and adjacent townships live in teams.py; importable from here as well.
from .teams import area_adjacency_approve, area_adjacency_revoke, team_assign_directly

CONFIG_FIELDS = tuple(
    f.name
    for f in DrawConfig._meta.concrete_fields
    if f.name not in {"id", "task", "updated_by", "updated_at"}
)
FREEZABLE = {TaskState.PUBLISHED, TaskState.FROZEN}
CONFIGURABLE = {TaskState.DRAFT, TaskState.PUBLISHED, TaskState.FROZEN}


def _lock(task: Task) -> Task:
    return Task.objects.select_for_update().select_related("lead_department").get(pk=task.pk)


# ---------------------------------------------------------------- configuration


@transaction.atomic
def draw_config_save(*, task: Task, actor: Any, values: Mapping[str, Any]) -> DrawConfig:
    """Save the task's draw specification; a ratio above a 一般 item's cap is refused."""
    task = _lock(task)
    require_manager(actor, task)
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
    config.updated_by_id = actor_pk(actor)
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
    # 100 % group members kept although at the yearly cap: {name, label, count, reason}.
    over_cap: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def population_preview(*, task: Task, actor: Any) -> Preview:
    """The population the task would freeze now, per stratum: size, rule, quota, probability.

    A read: nothing is written and nothing audited. Refuses, with the reason, a stratum ratio
    above the strictest 一般 item's 抽查比例上限.
    """
    require_visible(actor, task)
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
        over_cap=over_cap_rows(population, task, config),
        notes=population.notes,
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
        frozen_by=actor_name(actor),
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
        matching=encode_json(matching_inputs),
        secret=secret,
        frozen_by_id=actor_pk(actor),
        frozen_by_name=actor_name(actor),
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
    require_manager(actor, task)
    if task.state not in FREEZABLE:
        raise ServiceError(f"任务{task.get_state_display()}，不能冻结名单（需先发布任务）")
    pending = Freeze.objects.filter(task=task, draw__isnull=True).order_by("-number").first()
    redraw_of = pending.redraw_of if pending else None
    reason = pending.redraw_reason if pending else ""
    freeze = _freeze(task, actor, redraw_of=redraw_of, redraw_reason=reason)
    if task.state != TaskState.FROZEN:  # a re-freeze keeps the state; its own entry says so
        task_transition(actor=actor, task=task, to=TaskState.FROZEN, action="task.state")
    return freeze


# ---------------------------------------------------------------- draw and redraw


def _latest_freeze(task: Task) -> Freeze:
    freeze = Freeze.objects.filter(task=task).order_by("-number").first()
    if freeze is None or Draw.objects.filter(freeze=freeze).exists():
        raise ServiceError("没有待抽取的冻结名单：请先冻结名单")
    return freeze


def insert_rows(model: Any, fields: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Plain INSERTs for the ledger's per-row tables (tens of thousands of rows per draw).

    ``bulk_create`` builds a model instance and compiles SQL per row, which costs seconds at
    this size; these rows are plain values, written once and never updated.
    """
    if not rows:
        return
    columns = [model._meta.get_field(name).column for name in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})", rows[start : start + 5000]
            )


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
    relaxed = {team["uscc"] for team in outcome["teams"] if team["rotation_relaxed"]}
    selections = [
        (
            draw.pk,
            entity_ids[uscc],
            strata[uscc],
            batch_no,
            position,
            fallback.get(uscc, ""),
            uscc in relaxed,
        )
        for position, (batch_no, uscc) in enumerate(
            ((n, code) for n, batch in enumerate(outcome["batches"], start=1) for code in batch),
            start=1,
        )
    ]
    insert_rows(
        Selection,
        ["draw", "entity", "stratum", "batch_no", "position", "fallback", "rotation_relaxed"],
        selections,
    )
    refs = {ref for t in outcome["teams"] for ref in [*t["members"], *t["experts"]]}
    people = _ids_by_key(Inspector, "certificate_no", sorted(refs))
    gone = sorted(refs - set(people))
    if gone:
        raise ServiceError(f"冻结后人员已被删除：{'、'.join(gone[:5])}，请重新冻结名单后再抽取")
    members = [
        (draw.pk, entity_ids[t["uscc"]], people[ref], role.value)
        for t in outcome["teams"]
        for role, refs_of in ((Role.MEMBER, t["members"]), (Role.EXPERT, t["experts"]))
        for ref in refs_of
    ]
    insert_rows(TeamMember, ["draw", "entity", "inspector", "role"], members)


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
    require_manager(actor, task)
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
        drawn_by_id=actor_pk(actor),
        drawn_by_name=actor_name(actor),
        drawn_at=now,
        redraw_of=freeze.redraw_of,
        redraw_reason=freeze.redraw_reason,
        is_current=True,
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
            "witness": draw.witness(),
            "seed": draw.seed,
            "selected": len(outcome["selected"]),
            "fallbacks": fallbacks,
            "rotation_relaxed": sum(1 for t in outcome["teams"] if t["rotation_relaxed"]),
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
    previous = Draw.objects.filter(task=task, is_current=True).defer("outcome").first()
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


__all__ = [
    "area_adjacency_approve",
    "area_adjacency_revoke",
    "draw_config_save",
    "draw_freeze",
    "draw_redraw",
    "draw_run",
    "population_preview",
    "team_assign_directly",
]
