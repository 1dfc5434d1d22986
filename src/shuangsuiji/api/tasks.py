"""Tasks for member departments: plans.selectors.task_list, the scoping of the task pages
(lead or partner department; the office sees every task, drafts included)."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from shuangsuiji.plans import selectors
from shuangsuiji.plans.models import Task

from .auth import STAFF_AUTH, actor_of
from .common import STAFF_ERRORS, Code, Mapped, PageNumber, Text, Year, responses
from .schemas import DepartmentOut, TaskOut, department_out, task_out

router = Router(tags=["抽查任务（成员单位）"], auth=STAFF_AUTH)


class StaffTaskOut(TaskOut):
    partner_departments: list[DepartmentOut] = Field(description="配合部门")
    items: list[str] = Field(description="抽查事项")
    termination_reason: str = Field(description="终止原因")


def staff_task_out(task: Task) -> StaffTaskOut:
    return StaffTaskOut(
        **task_out(task).model_dump(),
        partner_departments=[department_out(d) for d in task.partner_departments.all()],
        items=[i.name for i in task.items.all()],
        termination_reason=task.termination_reason,
    )


class TaskQuery(Schema):
    q: Text = Field("", description="按任务名称或编号搜索")
    year: Year = Field(None, description="年度")
    state: Code = Field("", description="状态代码（draft、published、in_progress、…）")
    kind: Code = Field("", description="抽查类型代码")


@router.get(
    "/tasks",
    response=responses(list[StaffTaskOut], STAFF_ERRORS),
    summary="抽查任务（本部门范围）",
    description="与“抽查任务”页面相同的范围：本部门发起或配合的任务（含草稿）；联席办可见全部。",
)
@paginate(PageNumber)
def tasks(request: HttpRequest, filters: Query[TaskQuery]) -> Any:
    f = selectors.TaskFilters(**filters.model_dump())
    qs = selectors.task_list(actor=actor_of(request), filters=f).prefetch_related(
        "partner_departments", "items"
    )
    return Mapped(qs, staff_task_out)
