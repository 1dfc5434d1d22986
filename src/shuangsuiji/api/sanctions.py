"""联合惩戒 lookup for member departments (财政 for 政府采购, 住建 for 招投标, …):
disclosure.sanctions.firm_sanctions, each fact with its source and date."""

import datetime as dt

from django.http import Http404, HttpRequest
from ninja import Field, Path, Router, Schema

from shuangsuiji.disclosure.sanctions import firm_sanctions

from .auth import STAFF_AUTH, actor_of
from .common import STAFF_ERRORS, USCC_PATTERN, responses

router = Router(tags=["联合惩戒（成员单位）"], auth=STAFF_AUTH)


class SanctionFactOut(Schema):
    kind: str = Field(description="类别代码")
    label: str = Field(description="类别")
    status: str = Field(description="状态")
    source: str = Field(description="来源（登记机关数据或负责后续处置的部门）")
    on: dt.date | None = Field(description="日期")
    task_code: str = Field(description="相关抽查任务编号")
    item_name: str = Field(description="相关抽查事项")


class SanctionStatusOut(Schema):
    uscc: str = Field(description="统一社会信用代码")
    name: str = Field(description="名称")
    registration_status: str = Field(description="登记状态")
    abnormal_list: bool = Field(description="列入经营异常名录")
    serious_dishonesty_list: bool = Field(description="列入严重违法失信名单")
    penalty_open: bool = Field(description="有尚未办结的立案查处或移送")
    restricted: bool = Field(description="以上任一项为是")
    facts: list[SanctionFactOut] = Field(description="各项记录及其来源、日期")


@router.get(
    "/sanctions/{uscc}",
    response=responses(SanctionStatusOut, STAFF_ERRORS),
    summary="联合惩戒查询",
    description="一户市场主体的经营异常名录、严重违法失信名单和行政处罚（后续处置）状态。",
)
def sanctions(
    request: HttpRequest,
    uscc: str = Path(..., pattern=USCC_PATTERN, description="统一社会信用代码（18 位）"),
) -> SanctionStatusOut:
    status = firm_sanctions(actor=actor_of(request), uscc=uscc)
    if status is None:
        raise Http404(f"检查对象名录库中没有统一社会信用代码 {uscc}")
    return SanctionStatusOut(
        uscc=status.uscc,
        name=status.name,
        registration_status=status.registration_status,
        abnormal_list=status.abnormal_list,
        serious_dishonesty_list=status.serious_dishonesty_list,
        penalty_open=status.penalty_open,
        restricted=status.restricted,
        facts=[
            SanctionFactOut(
                kind=f.kind,
                label=f.label,
                status=f.status,
                source=f.source,
                on=f.on,
                task_code=f.task_code,
                item_name=f.item_name,
            )
            for f in status.facts
        ],
    )
