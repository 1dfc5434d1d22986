"""Writes about teams: 直接委派 for a drawn entity the pool could not serve, and the office's
approval of adjacent townships for cross-area matching (seed 三(二)). Atomic and audited.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from shuangsuiji.common.audit import audit_record
from shuangsuiji.common.errors import PermissionDenied, ServiceError
from shuangsuiji.directory.models import Area, Conflict, Department, Entity, Inspector
from shuangsuiji.directory.services import _full_clean
from shuangsuiji.plans.models import Task, TaskState

from . import engine, record
from .matching import officer_entry
from .models import AreaAdjacency, DirectAssignment, Draw, Fallback, Freeze, Selection
from .permissions import actor_name, actor_pk, require_manager


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
    from each, team size, 回避, 所所交叉 — except 属地, which is what a direct assignment may
    override; the previous team is a rotation preference and never blocks it.
    """
    task = Task.objects.select_related("lead_department").get(pk=draw.task_id)
    require_manager(actor, task)
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
    rules = record.rules_from(inputs)
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
        area=record.township_of(inputs, [entity.uscc]).get(entity.uscc),
        conflicts=frozenset(inputs.get("conflicts", {}).get(entity.uscc, [])) | set(registered),
        previous=frozenset(inputs.get("previous", {}).get(entity.uscc, [])),
    )
    team = {"members": [o.ref for o in officers], "experts": [], "fallback": Fallback.NONE.value}
    problems = engine.team_problems(team, target, {o.ref: o for o in officers}, rules, direct=True)
    if problems:
        names = {d.code: d.name for d in departments.values()}
        names.update({p.certificate_no: p.name for p in people})
        detail = "；".join(_readable(f" {p} ", names).strip() for p in problems)
        raise ServiceError(f"所选人员不符合检查组的硬性规则：{detail}")
    assignment = DirectAssignment(
        draw=draw,
        entity=entity,
        officers=[officer_entry(p, departments[p.department_id].code) for p in people],
        reason=reason.strip(),
        assigned_by_id=actor_pk(actor),
        assigned_by_name=actor_name(actor),
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
        approved_by_id=actor_pk(actor),
        approved_by_name=actor_name(actor),
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
