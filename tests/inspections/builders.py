"""A drawn task whose team members have accounts, for the inspections tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from shuangsuiji.directory.models import Department, Entity, Inspector, Role, User
from shuangsuiji.plans.models import Task
from shuangsuiji.sampling.models import Draw, Selection, TeamMember

from ..conftest import make_user
from ..sampling import builders as b

DAY = dt.date(2025, 6, 10)


@dataclass
class Drawn:
    task: Task
    draw: Draw
    entity: Entity
    officers: list[Inspector]
    users: list[User]
    other_entity: Entity | None
    other_users: list[User]


def account(inspector: Inspector) -> User:
    existing = User.objects.filter(inspector=inspector).first()
    if existing:
        return existing
    user = make_user(f"u{inspector.pk}", inspector.department, Role.INSPECTOR)
    user.inspector = inspector
    user.save()
    return user


def team_of(draw: Draw, entity: Entity) -> list[Inspector]:
    return [
        m.inspector
        for m in TeamMember.objects.filter(draw=draw, entity=entity, role="member").order_by(
            "inspector__name"
        )
    ]


def drawn_task(
    *,
    code: str = "LC2025-SCJG-101",
    department: Department | None = None,
    entities: list[Entity] | None = None,
    window: tuple[dt.date, dt.date] | None = None,
    n_entities: int = 6,
    config: dict[str, Any] | None = None,
) -> Drawn:
    """A single-department task over its entities, every one drawn, teams of two.

    Its one item is 重点 (no ratio cap); ``config`` adds draw-config values.
    """
    dept = department or b.market()
    if entities is None:
        entities = b.entities(n_entities, area=b.area("城关镇"))
    if not Inspector.objects.filter(department=dept, status="on_duty").count() >= 4:
        b.officers(6, department=dept, area=b.area("城关镇"))
    item = b.item(department=dept, name=f"{code}事项", ratio_cap=None, category="key")
    kw: dict[str, Any] = {}
    t = b.task([item], code=code, lead=dept, **kw)
    if window is not None:
        Task.objects.filter(pk=t.pk).update(window_start=window[0], window_end=window[1])
        t.refresh_from_db()
    b.configure(
        t, ratio_a_bp=10_000, ratio_c_bp=10_000, team_size=2, batch_size=50, **(config or {})
    )
    draw = b.freeze_and_draw(t)
    t.refresh_from_db()
    selections = list(Selection.objects.filter(draw=draw).order_by("position"))
    first = selections[0].entity
    officers = team_of(draw, first)
    other = (
        next(
            s.entity
            for s in selections[1:]
            if not set(o.pk for o in team_of(draw, s.entity)) & {o.pk for o in officers}
        )
        if len(selections) > 1
        else None
    )
    return Drawn(
        task=t,
        draw=draw,
        entity=first,
        officers=officers,
        users=[account(o) for o in officers],
        other_entity=other,
        other_users=[account(o) for o in team_of(draw, other)] if other else [],
    )


def confirm_every_result(drawn: Any) -> None:
    """Every drawn firm's result (未发现问题) recorded and confirmed by its team's two officers."""
    from shuangsuiji.inspections import services

    item = drawn.task.items.get()
    for s in Selection.objects.filter(draw=drawn.draw):
        users = [account(o) for o in team_of(drawn.draw, s.entity)]
        result = services.result_save(
            actor=users[0],
            draw_id=drawn.draw.pk,
            entity_id=s.entity_id,
            item=item,
            method="onsite",
            inspected_on=DAY,
            category="1",
        )
        for user in users[:2]:
            services.result_confirm(actor=user, result=result)
