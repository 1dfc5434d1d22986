"""A task carried through to 已公示 with results, follow-ups and private sentinels."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from shuangsuiji.directory.models import Department, Role, User
from shuangsuiji.inspections import services
from shuangsuiji.inspections.models import Result
from shuangsuiji.plans import services as plan_services
from shuangsuiji.plans.models import Task
from shuangsuiji.sampling.models import Draw, Selection

from ..conftest import make_user
from ..inspections.builders import DAY, account, drawn_task, team_of

COMPLETED_ON = dt.date(2025, 10, 31)
PUBLICIZED_ON = dt.date(2025, 11, 14)
# Text that must never reach a public page or endpoint.
SECRET_FINDINGS = "内部检查情况-勿公开"


@dataclass
class Publicized:
    task: Task
    draw: Draw
    results: list[Result]
    problem: Result  # category "2" with a follow-up
    admin: User


def lead_admin(dept: Department) -> User:
    return User.objects.filter(department=dept, role=Role.DEPT_ADMIN).first() or make_user(
        f"admin_{dept.code}", dept, Role.DEPT_ADMIN
    )


def completed_task(
    *, code: str = "LC2025-SCJG-201", n_entities: int = 4, completed_on: dt.date = COMPLETED_ON
) -> Publicized:
    """A drawn task with a confirmed result for every entity (one a problem), 已完成."""
    drawn = drawn_task(code=code, n_entities=n_entities)
    admin = lead_admin(drawn.task.lead_department)
    plan_services.task_start(actor=admin, task=drawn.task)
    item = drawn.task.items.get()
    results: list[Result] = []
    problem: Result | None = None
    for i, s in enumerate(Selection.objects.filter(draw=drawn.draw).order_by("position")):
        users = [account(o) for o in team_of(drawn.draw, s.entity)]
        category = "2" if i == 0 else "1"
        result = services.result_save(
            actor=users[0],
            draw_id=drawn.draw.pk,
            entity_id=s.entity_id,
            item=item,
            method="onsite",
            inspected_on=DAY,
            category=category,
            findings=SECRET_FINDINGS,
        )
        for user in users[:2]:
            services.result_confirm(actor=user, result=result)
        if category != "1":
            services.follow_up_create(
                actor=admin,
                result=result,
                action="case",
                due_on=dt.date(2025, 12, 31),
                note="内部处置说明-勿公开",
            )
            problem = result
        results.append(result)
    plan_services.task_complete(actor=admin, task=drawn.task, on=completed_on)
    drawn.task.refresh_from_db()
    assert problem is not None
    return Publicized(drawn.task, drawn.draw, results, problem, admin)


def publicized_task(*, code: str = "LC2025-SCJG-201", n_entities: int = 4) -> Publicized:
    """completed_task, then 已公示 on PUBLICIZED_ON."""
    p = completed_task(code=code, n_entities=n_entities)
    plan_services.task_publicize(actor=p.admin, task=p.task, on=PUBLICIZED_ON)
    p.task.refresh_from_db()
    return p
