"""A hand-made market task for the 问责/免责审查 tests, and a review opened on one of its firms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from shuangsuiji.directory.models import Entity, Inspector, User
from shuangsuiji.inspections import services
from shuangsuiji.oversight import accountability as svc
from shuangsuiji.oversight.models import AccountabilityReview
from shuangsuiji.plans import services as plan_services
from shuangsuiji.sampling.models import Selection

from ..disclosure.builders import lead_admin
from ..inspections.builders import DAY, Drawn, account, drawn_task, team_of
from ..sampling import builders as b

CODE = "LC2025-SCJG-801"
AGENCY = "洛阳市某安全检测有限公司"
SURFACED = dt.date(2026, 3, 2)  # after the task's window (2025-04-01 … 2025-10-31)


@dataclass
class Inspected:
    """Three firms of one market task, in draw order:

    - ``done``: inspected on site in the window, confirmed by both officers (未发现问题);
    - ``half``: inspected in the window, confirmed by one officer only;
    - ``delegated``: inspected by 委托专业机构检查 (AGENCY), confirmed by both.
    """

    drawn: Drawn
    admin: User
    done: Selection
    half: Selection
    delegated: Selection

    def team(self, selection: Selection) -> list[Inspector]:
        return team_of(self.drawn.draw, selection.entity)


def inspected() -> Inspected:
    drawn = drawn_task(code=CODE, n_entities=3)
    admin = lead_admin(drawn.task.lead_department)
    plan_services.task_start(actor=admin, task=drawn.task)
    item = drawn.task.items.get()
    selections = list(Selection.objects.filter(draw=drawn.draw).order_by("position"))
    plans = [("onsite", "", 2), ("onsite", "", 1), ("delegated", AGENCY, 2)]
    for s, (method, agency, confirmers) in zip(selections, plans, strict=True):
        users = [account(o) for o in team_of(drawn.draw, s.entity)]
        result = services.result_save(
            actor=users[0],
            draw_id=drawn.draw.pk,
            entity_id=s.entity_id,
            item=item,
            method=method,
            agency=agency,
            inspected_on=DAY,
            category="1",
        )
        for user in users[:confirmers]:
            services.result_confirm(actor=user, result=result)
    return Inspected(drawn, admin, *selections)


def open_review(
    office: User, selection: Selection | None, *, entity: Entity | None = None, **kw: Any
) -> AccountabilityReview:
    """A review of the firm of ``selection`` (or of ``entity``, linking nothing)."""
    kw.setdefault("source", "complaint")
    kw.setdefault("surfaced_on", SURFACED)
    kw.setdefault("problem", "消费者投诉该企业销售过期食品")
    firm = entity if entity is not None else selection.entity  # type: ignore[union-attr]
    department = kw.pop("department", None) or (
        selection.draw.task.lead_department if selection else b.market()
    )
    return svc.review_open(
        actor=office,
        entity=firm,
        department=department,
        selections=[selection] if selection else [],
        **kw,
    )
