"""Demo step after the lifecycle: one 抽样复查 round of 2025, frozen and drawn by the office.

It re-checks 10 % of the entities of the year's completed inspections, with teams of the
market regulator's officers (none of whom inspected the entity before), so the 抽样复查 page
and its verifiable record have something real to show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction

from shuangsuiji.common.errors import ServiceError
from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.directory.models import Department, Role, User

from .models import Recheck
from .recheck import recheck_draw, recheck_freeze

Say = Callable[[str], None]
YEAR = 2025
TEAM_DEPARTMENT = "县市场监督管理局"


@transaction.atomic
def load_rechecks(say: Say | None = None) -> bool:
    """Idempotent: does nothing once a round exists."""
    say = say or (lambda _message: None)
    if Recheck.objects.exists():
        say("抽样复查演示数据已存在，未改动")
        return False
    office = User.objects.filter(role=Role.OFFICE_ADMIN, is_active=True).order_by("pk").first()
    actor = office or SYSTEM
    team = Department.objects.get(name=TEAM_DEPARTMENT)
    try:
        round_ = recheck_freeze(
            actor=actor,
            year=YEAR,
            share_bp=1000,
            team_department=team,
            due_on=dt.date(YEAR + 1, 1, 31),
        )
    except ServiceError as exc:  # no completed inspection to re-check in a small demo
        say(f"未生成抽样复查：{exc.message}")
        return False
    recheck_draw(
        recheck=round_,
        witness_entropy="2025年体彩大乐透第25140期 03 11 19 24 35 + 04 09",
        witness_source="中国体育彩票超级大乐透开奖号码",
        witness_name="纪检监察组 王见证",
        actor=actor,
    )
    say(f"抽样复查 {round_.code}：已冻结并抽取")
    return True
