"""Demo step after the task lifecycle: 不予公开 requests, one approved and one waiting.

On the 已公示 task the office approves keeping one result internal (it disappears from the
portal and exports); on the 已完成 task a department's request waits for the office, which
is why that task cannot be publicized until the office decides.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from shuangsuiji.directory.access import SYSTEM
from shuangsuiji.directory.models import Role, User
from shuangsuiji.inspections.models import Result
from shuangsuiji.plans.models import Task, TaskState

from . import services
from .models import ResultExemption

Say = Callable[[str], None]
YEAR = 2025
APPROVED_REASON = "该检查结果涉及企业商业秘密（《政府信息公开条例》第十五条），经审查不予公开"
PENDING_REASON = "检查结果涉及个人隐私（《个人信息保护法》），申请不予公开"


def _first_result(task: Task) -> Result | None:
    return (
        Result.objects.filter(draw__task=task, draw__is_current=True)
        .select_related("entity", "item")
        .order_by("entity__uscc", "item_id")
        .first()
    )


def _user(role: str, department_id: int | None = None) -> Any:
    qs = User.objects.filter(role=role, is_active=True)
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    return qs.order_by("pk").first()


@transaction.atomic
def load_exemptions(say: Say | None = None) -> bool:
    """Idempotent: does nothing once any request exists."""
    say = say or (lambda _message: None)
    if ResultExemption.objects.exists():
        say("不予公开申请演示数据已存在，未改动")
        return False
    office = _user(Role.OFFICE_ADMIN) or SYSTEM
    wrote = False
    publicized = Task.objects.filter(year=YEAR, state=TaskState.PUBLICIZED).order_by("code")
    completed = Task.objects.filter(year=YEAR, state=TaskState.COMPLETED).order_by("code")
    task = publicized.first()
    result = _first_result(task) if task else None
    if task and result:
        e = services.exemption_request(actor=office, result=result, reason=APPROVED_REASON)
        services.exemption_decide(actor=office, exemption=e, approve=True, note="同意不予公开")
        say(f"{task.code}：{result.entity.name} 的结果经联席办批准不予公开")
        wrote = True
    task = completed.first()
    result = _first_result(task) if task else None
    if task and result:
        admin = _user(Role.DEPT_ADMIN, task.lead_department_id) or office
        services.exemption_request(actor=admin, result=result, reason=PENDING_REASON)
        say(f"{task.code}：{result.entity.name} 的不予公开申请待联席办审批")
        wrote = True
    return wrote
