"""Public endpoints (no login): read only through disclosure.selectors, the public scoping
rule of 一公开 — newest published items, published plan versions, tasks past 草稿, draws and
their records, results of 已公示 tasks minus approved exemptions, a firm's public history."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from shuangsuiji.common.models import AuditDailyRoot
from shuangsuiji.directory.models import Entity, ItemState
from shuangsuiji.disclosure import selectors as public
from shuangsuiji.plans.models import PlanVersion
from shuangsuiji.sampling.models import Draw, Freeze
from shuangsuiji.sampling.records import public_record

from .common import (
    PUBLIC_ERRORS,
    TASK_CODE_PATTERN,
    USCC_PATTERN,
    Code,
    Mapped,
    PageNumber,
    Text,
    Year,
    responses,
)
from .schemas import (
    AnnouncementOut,
    AuditRootOut,
    DepartmentOut,
    ItemOut,
    TaskOut,
    announcement_out,
    department_out,
    item_out,
    result_out,
    task_out,
)

router = Router(tags=["公开数据"])

TaskCode = Path(..., pattern=TASK_CODE_PATTERN, description="任务编号")
Uscc = Path(..., pattern=USCC_PATTERN, description="统一社会信用代码（18 位）")


class ItemQuery(Schema):
    department: Code = Field("", description="检查主体的部门编码")
    year: Year = Field(None, description="年度")
    q: Text = Field("", description="按抽查事项或抽查类别搜索")


@router.get(
    "/items",
    response=responses(list[ItemOut], PUBLIC_ERRORS),
    summary="抽查事项清单",
    description="各部门已发布的抽查事项（每项的最新发布版本）。",
)
@paginate(PageNumber)
def items(request: HttpRequest, filters: Query[ItemQuery]) -> Any:
    f = public.ItemFilters(department_code=filters.department, year=filters.year, q=filters.q)
    return Mapped(public.public_items(f), item_out)


class PlanTaskOut(Schema):
    code: str = Field(description="任务编号")
    name: str = Field(description="任务名称")
    lead_department: str = Field(description="发起部门")
    partner_departments: list[str] = Field(description="配合部门")
    items: list[str] = Field(description="抽查事项")
    kind: str = Field(description="抽查类型")
    window: list[str] = Field(description="检查起止日期")
    state: str = Field(description="发布时的任务状态")


class PlanOut(Schema):
    year: int = Field(description="年度")
    version: int = Field(description="版本")
    title: str = Field(description="计划名称")
    reason: str = Field(description="修订原因（首次发布为空）")
    published_at: dt.datetime = Field(description="发布时间")
    tasks: list[PlanTaskOut] = Field(description="计划中的抽查任务")


def plan_out(v: PlanVersion) -> PlanOut:
    return PlanOut(
        year=v.plan.year,
        version=v.version,
        title=v.title,
        reason=v.reason,
        published_at=v.published_at,
        tasks=[
            PlanTaskOut(
                code=str(t.get("code", "")),
                name=str(t.get("name", "")),
                lead_department=str(t.get("lead_department", "")),
                partner_departments=[str(d) for d in t.get("partner_departments", [])],
                items=[str(i) for i in t.get("items", [])],
                kind=str(t.get("kind", "")),
                window=[str(d) for d in t.get("window", [])],
                state=str(t.get("state", "")),
            )
            for t in v.tasks or []
        ],
    )


@router.get(
    "/plans",
    response=responses(list[PlanOut], PUBLIC_ERRORS),
    summary="年度抽查计划",
    description="每个年度抽查计划的每个发布版本（含修订），最新在前。",
)
@paginate(PageNumber)
def plans(request: HttpRequest) -> Any:
    return Mapped(public.public_plans(), plan_out)


class TaskQuery(Schema):
    year: Year = Field(None, description="年度")
    department: Code = Field("", description="发起或配合部门的编码")
    state: Code = Field("", description="状态代码，如 published、completed、publicized")
    q: Text = Field("", description="按任务名称或编号搜索")


@router.get(
    "/tasks",
    response=responses(list[TaskOut], PUBLIC_ERRORS),
    summary="抽查任务",
    description="草稿以外的全部抽查任务，含检查期间和状态。",
)
@paginate(PageNumber)
def tasks(request: HttpRequest, filters: Query[TaskQuery]) -> Any:
    f = public.TaskFilters(
        year=filters.year, department_code=filters.department, state=filters.state, q=filters.q
    )
    return Mapped(public.public_tasks(f), task_out)


class PublicationStatusOut(Schema):
    code: public.PublicationCode = Field(
        description="open 未完成或已终止、due 待公示、overdue 已逾期、on_time 按时公示、"
        "late 逾期公示、unknown 节假日安排未录入而无法计算应公示日期"
    )
    label: str = Field(description="公示期限状态")
    due: dt.date | None = Field(description="应公示日期（完成后 20 个工作日）")
    calendar_missing: int | None = Field(
        description="节假日安排未录入、致使应公示日期（unknown）或剩余/逾期工作日数无法计算的年份"
    )


class DrawOut(Schema):
    draw_id: str = Field(description="抽取编号（任务编号#序号）")
    number: int = Field(description="抽取序号")
    drawn_at: dt.datetime = Field(description="抽取时间")
    drawn_by: str = Field(description="抽取人")
    witness: str = Field(description="见证人")
    witness_source: str = Field(description="见证随机数来源")
    commitment: str = Field(description="名单冻结承诺值（SHA-256）")
    is_current: bool = Field(description="是否为当前有效的抽取（被重新抽取取代的为否）")
    redraw_of: str | None = Field(description="重新抽取所取代的抽取编号")
    redraw_reason: str = Field(description="重新抽取原因")


def draw_out(task_code: str, d: Draw) -> DrawOut:
    return DrawOut(
        draw_id=f"{task_code}#{d.number}",
        number=d.number,
        drawn_at=d.drawn_at,
        drawn_by=d.drawn_by_name,
        witness=d.witness_name,
        witness_source=d.witness_source,
        commitment=d.freeze.commitment,
        is_current=d.is_current,
        redraw_of=f"{task_code}#{d.redraw_of.number}" if d.redraw_of_id and d.redraw_of else None,
        redraw_reason=d.redraw_reason,
    )


class CommitmentOut(Schema):
    number: int = Field(description="冻结序号")
    commitment: str = Field(description="承诺值（SHA-256），抽取前公布")
    frozen_at: dt.datetime = Field(description="冻结时间")
    population_size: int = Field(description="名单户数")
    frozen_by: str = Field(description="冻结人")


def commitment_out(f: Freeze) -> CommitmentOut:
    return CommitmentOut(
        number=f.number,
        commitment=f.commitment,
        frozen_at=f.frozen_at,
        population_size=f.population_size,
        frozen_by=f.frozen_by_name,
    )


class TaskDetailOut(TaskOut):
    partner_departments: list[DepartmentOut] = Field(description="配合部门")
    items: list[str] = Field(description="抽查事项")
    publication: PublicationStatusOut = Field(description="结果公示期限")
    open_commitment: CommitmentOut | None = Field(description="已冻结、尚未抽取的名单承诺值")
    draws: list[DrawOut] = Field(description="抽取记录，最新在前（含被取代的）")


def _task_or_404(code: str) -> Any:
    task = public.public_task(code)
    if task is None:
        raise Http404(f"没有编号为 {code} 的已发布抽查任务")
    return task


@router.get(
    "/tasks/{code}",
    response=responses(TaskDetailOut, PUBLIC_ERRORS),
    summary="一个抽查任务",
    description="任务的基本信息、结果公示期限、抽取前公布的承诺值和全部抽取记录。",
)
def task_detail(request: HttpRequest, code: str = TaskCode) -> TaskDetailOut:
    task = _task_or_404(code)
    status = public.publication_status(task)
    commitment = public.open_commitment(task)
    base = task_out(task).model_dump()
    return TaskDetailOut(
        **base,
        partner_departments=[department_out(d) for d in task.partner_departments.all()],
        items=[i.name for i in task.items.filter(state=ItemState.PUBLISHED).order_by("name")],
        publication=PublicationStatusOut(
            code=status.code,
            label=status.label,
            due=status.due,
            calendar_missing=status.calendar_missing,
        ),
        open_commitment=commitment_out(commitment) if commitment else None,
        draws=[draw_out(task.code, d) for d in public.public_draws(task)],
    )


@router.get(
    "/tasks/{code}/draws/{number}",
    response=responses(DrawOut, PUBLIC_ERRORS),
    summary="一次抽取",
    description="一次抽取的公开信息；完整记录见 /record。",
)
def draw_detail(
    request: HttpRequest,
    code: str = TaskCode,
    number: int = Path(..., ge=1, le=10_000, description="抽取序号"),
) -> DrawOut:
    draw = public.public_draw(code, number)
    if draw is None:
        raise Http404(f"没有抽取记录 {code}#{number}")
    return draw_out(code, draw)


@router.get(
    "/tasks/{code}/draws/{number}/record",
    response=responses(dict[str, Any], PUBLIC_ERRORS),
    summary="抽取记录（可核验）",
    description=(
        "抽取的公开记录 JSON，与页面下载的相同，可用 `shuangsuiji verify-draw` "
        "或 `python -m shuangsuiji.sampling.verify` 复算核验。"
    ),
)
def draw_record(
    request: HttpRequest,
    code: str = TaskCode,
    number: int = Path(..., ge=1, le=10_000, description="抽取序号"),
) -> dict[str, Any]:
    draw = public.public_draw(code, number)
    if draw is None:
        raise Http404(f"没有抽取记录 {code}#{number}")
    return public_record(draw)


class ResultQuery(Schema):
    task: Code = Field("", description="任务编号")
    since: dt.date | None = Field(None, description="完成日期在此日及以后（YYYY-MM-DD）")
    uscc: Code = Field("", description="统一社会信用代码")
    department: Code = Field("", description="检查机关（抽查事项所属部门）的编码")


@router.get(
    "/results",
    response=responses(list[AnnouncementOut], PUBLIC_ERRORS),
    summary="抽查结果公告",
    description="已公示任务的检查结果（依法不予公开的除外），每行为公告的一行。",
)
@paginate(PageNumber)
def results(request: HttpRequest, filters: Query[ResultQuery]) -> Any:
    f = public.ResultFilters(
        task_code=filters.task,
        since=filters.since,
        uscc=filters.uscc,
        department_code=filters.department,
    )
    return Mapped(public.public_results(f), result_out)


class FirmOut(Schema):
    uscc: str = Field(description="统一社会信用代码")
    name: str = Field(description="名称")
    entity_type: str = Field(description="主体类型")
    area: str = Field(description="所属区域")


def firm_out(e: Entity) -> FirmOut:
    return FirmOut(uscc=e.uscc, name=e.name, entity_type=e.entity_type, area=e.area.name)


class FirmQuery(Schema):
    q: str = Field(
        ..., min_length=2, max_length=100, pattern=r"^[^\x00]*$", description="名称或信用代码"
    )


@router.get(
    "/firms",
    response=responses(list[FirmOut], PUBLIC_ERRORS),
    summary="查询检查对象",
    description="按名称片段或（部分）统一社会信用代码查询，最多返回 50 户。",
)
@paginate(PageNumber)
def firms(request: HttpRequest, filters: Query[FirmQuery]) -> Any:
    return Mapped(public.entity_search(filters.q), firm_out)


class HistoryOut(Schema):
    task: TaskOut = Field(description="抽中该户的抽查任务")
    draw: DrawOut = Field(description="抽取")
    results: list[AnnouncementOut] = Field(description="已公示的检查结果")


class FirmHistoryOut(FirmOut):
    history: list[HistoryOut] = Field(description="被抽中的记录，最新在前")


@router.get(
    "/firms/{uscc}",
    response=responses(FirmHistoryOut, PUBLIC_ERRORS),
    summary="一户检查对象的抽查记录",
    description="该户被哪些已发布任务抽中，以及已公示的检查结果。",
)
def firm_history(request: HttpRequest, uscc: str = Uscc) -> FirmHistoryOut:
    entity = public.public_entity(uscc)
    if entity is None:
        raise Http404(f"检查对象名录库中没有统一社会信用代码 {uscc}")
    rows = public.entity_history(entity)
    return FirmHistoryOut(
        **firm_out(entity).model_dump(),
        history=[
            HistoryOut(
                task=task_out(row.task),
                draw=draw_out(row.task.code, row.draw),
                results=[announcement_out(a) for a in row.results],
            )
            for row in rows
        ],
    )


@router.get(
    "/audit-roots",
    response=responses(list[AuditRootOut], PUBLIC_ERRORS),
    summary="审计链每日哈希",
    description=(
        "每日结束时审计链头的哈希，最新在前。请外部保存：日后用 "
        "`shuangsuiji audit-verify --published` 核对，可发现对旧审计记录的任何改动。"
    ),
)
@paginate(PageNumber)
def audit_roots(request: HttpRequest) -> Any:
    return Mapped(
        AuditDailyRoot.objects.order_by("-day"),
        lambda r: AuditRootOut(
            day=r.day.isoformat(),
            last_entry_id=r.last_entry_id,
            length=r.length,
            root_hash=r.root_hash,
        ),
    )
