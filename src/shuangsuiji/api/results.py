"""Results for member departments: disclosure.exports.exportable_results, the scoping of the
results export for the 公示系统 (completed or publicized tasks the actor may see, without
results the office kept internal or whose 不予公开 request is pending)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from shuangsuiji.disclosure.exports import exportable_results
from shuangsuiji.disclosure.selectors import ResultFilters

from .auth import STAFF_AUTH, actor_of
from .common import STAFF_ERRORS, Code, Mapped, PageNumber, responses
from .schemas import AnnouncementOut, result_out

router = Router(tags=["检查结果（成员单位）"], auth=STAFF_AUTH)


class ResultQuery(Schema):
    task: Code = Field("", description="任务编号")
    since: dt.date | None = Field(None, description="完成日期在此日及以后（YYYY-MM-DD）")
    uscc: Code = Field("", description="统一社会信用代码")
    department: Code = Field("", description="检查机关（抽查事项所属部门）的编码")


@router.get(
    "/results",
    response=responses(list[AnnouncementOut], STAFF_ERRORS),
    summary="检查结果（本部门范围）",
    description=(
        "本部门可见的已完成、已公示任务的检查结果，与“结果导出（公示系统归集）”相同；"
        "已批准或待审批不予公开的结果不在其中。"
    ),
)
@paginate(PageNumber)
def results(request: HttpRequest, filters: Query[ResultQuery]) -> Any:
    f = ResultFilters(
        task_code=filters.task,
        since=filters.since,
        uscc=filters.uscc,
        department_code=filters.department,
    )
    return Mapped(exportable_results(actor=actor_of(request), filters=f), result_out)
