"""联合惩戒 lookup: a firm's abnormal-list, serious-dishonesty and penalty status for member
departments (财政 for 政府采购, 住建 for 招投标, …), each fact with its source and date.

Staff only: the follow-ups behind it are internal; the lookup shows their kind, owner and
dates, never findings, evidence or notes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from shuangsuiji.common.errors import PermissionDenied
from shuangsuiji.directory.access import is_staff_member
from shuangsuiji.directory.models import Entity
from shuangsuiji.inspections.models import FollowUp, FollowUpAction

# Follow-ups that restrict a firm or may (立案查处 → 行政处罚, 移送 → 刑事).
SANCTION_ACTIONS = (
    FollowUpAction.ABNORMAL_LIST,
    FollowUpAction.CASE,
    FollowUpAction.TRANSFER,
    FollowUpAction.NOTIFY,
    FollowUpAction.CORRECTION,
)
DIRECTORY_SOURCE = "检查对象名录库（登记机关数据）"


@dataclass(frozen=True)
class SanctionFact:
    kind: str
    label: str
    status: str
    source: str
    on: dt.date | None
    task_code: str = ""
    item_name: str = ""


@dataclass
class SanctionStatus:
    uscc: str
    name: str
    registration_status: str
    abnormal_list: bool
    serious_dishonesty_list: bool
    penalty_open: bool
    facts: list[SanctionFact] = field(default_factory=list)

    @property
    def restricted(self) -> bool:
        return self.abnormal_list or self.serious_dishonesty_list or self.penalty_open


def firm_sanctions(*, actor: Any, uscc: str) -> SanctionStatus | None:
    """The firm's status for 联合惩戒, or None when the code is not in the directory."""
    if not is_staff_member(actor):
        raise PermissionDenied("联合惩戒查询仅限成员单位工作人员登录后使用")
    entity = Entity.objects.filter(uscc=uscc).first()
    if entity is None:
        return None
    facts: list[SanctionFact] = []
    if entity.abnormal_list:
        facts.append(
            SanctionFact(
                "abnormal_list",
                "列入经营异常名录",
                "在列",
                DIRECTORY_SOURCE,
                entity.abnormal_listed_on,
            )
        )
    if entity.serious_dishonesty_list:
        facts.append(
            SanctionFact(
                "serious_dishonesty",
                "列入严重违法失信名单",
                "在列",
                DIRECTORY_SOURCE,
                entity.serious_dishonesty_listed_on,
            )
        )
    follow_ups = (
        FollowUp.objects.filter(result__entity=entity, action__in=SANCTION_ACTIONS)
        .select_related("owner_department", "result__item", "result__draw__task")
        .order_by("-created_at", "-pk")
    )
    penalty_open = False
    for f in follow_ups:
        open_ = f.status == FollowUp.Status.OPEN
        penalty_open |= open_ and f.action in (FollowUpAction.CASE, FollowUpAction.TRANSFER)
        facts.append(
            SanctionFact(
                kind=f.action,
                label=f.get_action_display(),
                status=f.get_status_display(),
                source=f.owner_department.name,
                on=f.closed_on if f.closed_on else f.created_at.date(),
                task_code=f.result.draw.task.code,
                item_name=f.result.item.name,
            )
        )
    return SanctionStatus(
        uscc=entity.uscc,
        name=entity.name,
        registration_status=entity.get_registration_status_display(),
        abnormal_list=entity.abnormal_list,
        serious_dishonesty_list=entity.serious_dishonesty_list,
        penalty_open=penalty_open,
        facts=facts,
    )
