"""State a few cases share, made with the stages' own builders."""

from __future__ import annotations

from dataclasses import dataclass

from shuangsuiji.directory.models import User
from shuangsuiji.inspections import services
from shuangsuiji.inspections.models import Result
from shuangsuiji.plans import services as plan_services

from ...disclosure.builders import lead_admin
from ...inspections.builders import DAY, Drawn, drawn_task


@dataclass
class Inspected:
    drawn: Drawn
    admin: User  # the lead department's admin
    result: Result  # the one entity's result, confirmed by both team members


def inspected_task(*, code: str = "LC2025-SCJG-501", category: str = "1") -> Inspected:
    """A started task over one entity whose result is recorded and confirmed: it may complete."""
    drawn = drawn_task(code=code, n_entities=1)
    admin = lead_admin(drawn.task.lead_department)
    plan_services.task_start(actor=admin, task=drawn.task)
    result = services.result_save(
        actor=drawn.users[0],
        draw_id=drawn.draw.pk,
        entity_id=drawn.entity.pk,
        item=drawn.task.items.get(),
        method="onsite",
        inspected_on=DAY,
        category=category,
        findings="检查情况",
    )
    for user in drawn.users[:2]:
        services.result_confirm(actor=user, result=result)
    drawn.task.refresh_from_db()
    return Inspected(drawn, admin, result)
