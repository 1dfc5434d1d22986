"""一单两库 for member departments: the same selectors as the directory pages
(directory.selectors), so the API returns exactly the rows a page would show the same actor;
phone numbers only where the pages show them (may_see_phone)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from shuangsuiji.directory import selectors
from shuangsuiji.directory.models import Entity, Inspector

from .auth import STAFF_AUTH, actor_of
from .common import STAFF_ERRORS, Code, Mapped, PageNumber, Text, Year, responses
from .schemas import DepartmentOut, ItemOut, department_out, item_out

router = Router(tags=["一单两库（成员单位）"], auth=STAFF_AUTH)


class StaffItemOut(ItemOut):
    state: str = Field(description="状态代码（draft 草稿、published 已发布、…）")
    state_label: str = Field(description="状态")


def staff_item_out(item: Any) -> StaffItemOut:
    return StaffItemOut(
        **item_out(item).model_dump(), state=item.state, state_label=item.get_state_display()
    )


class ItemQuery(Schema):
    q: Text = Field("", description="按抽查事项或抽查类别搜索")
    department_id: int | None = Field(None, ge=1, le=2_000_000_000, description="检查主体 ID")
    year: Year = Field(None, description="年度")
    category: Code = Field("", description="key 或 general")
    state: Code = Field("", description="状态代码")
    in_joint_list: bool | None = Field(None, description="是否触发式部门联合抽查事项")


@router.get(
    "/directory/items",
    response=responses(list[StaffItemOut], STAFF_ERRORS),
    summary="抽查事项（本部门范围）",
    description="与“抽查事项清单”页面相同的范围：本部门作为检查主体、发起或配合部门的事项；联席办可见全部。含草稿。",
)
@paginate(PageNumber)
def items(request: HttpRequest, filters: Query[ItemQuery]) -> Any:
    f = selectors.ItemFilters(**filters.model_dump())
    qs = selectors.item_list(actor=actor_of(request), filters=f).select_related("department")
    return Mapped(qs, staff_item_out)


class EntityOut(Schema):
    uscc: str = Field(description="统一社会信用代码")
    name: str = Field(description="名称")
    entity_type: str = Field(description="主体类型")
    industry_code: str = Field(description="行业代码")
    area: str = Field(description="所属区域")
    address: str = Field(description="住所")
    legal_representative: str = Field(description="法定代表人")
    established_on: dt.date | None = Field(description="成立日期")
    registration_status: str = Field(description="登记状态")
    credit_risk: str = Field(description="信用风险分类 A/B/C/D")
    abnormal_list: bool = Field(description="列入经营异常名录")
    serious_dishonesty_list: bool = Field(description="列入严重违法失信名单")
    key_supervision: bool = Field(description="重点监管")


def entity_out(e: Entity) -> EntityOut:
    return EntityOut(
        uscc=e.uscc,
        name=e.name,
        entity_type=e.entity_type,
        industry_code=e.industry_code,
        area=e.area.name,
        address=e.address,
        legal_representative=e.legal_representative,
        established_on=e.established_on,
        registration_status=e.get_registration_status_display(),
        credit_risk=e.credit_risk,
        abnormal_list=e.abnormal_list,
        serious_dishonesty_list=e.serious_dishonesty_list,
        key_supervision=e.key_supervision,
    )


class EntityQuery(Schema):
    q: Text = Field("", description="名称片段或（部分）统一社会信用代码")
    area_id: int | None = Field(None, ge=1, le=2_000_000_000, description="所属区域 ID")
    credit_risk: Code = Field("", description="信用风险分类 A/B/C/D")
    registration_status: Code = Field("", description="登记状态代码")
    entity_type: Text = Field("", description="主体类型")
    tag_id: int | None = Field(None, ge=1, le=2_000_000_000, description="部门标签 ID")
    abnormal_list: bool | None = Field(None, description="是否列入经营异常名录")
    serious_dishonesty_list: bool | None = Field(None, description="是否列入严重违法失信名单")


@router.get(
    "/directory/entities",
    response=responses(list[EntityOut], STAFF_ERRORS),
    summary="检查对象名录库",
    description="全县共用的检查对象名录库，各成员单位均可查询。",
)
@paginate(PageNumber)
def entities(request: HttpRequest, filters: Query[EntityQuery]) -> Any:
    f = selectors.EntityFilters(**filters.model_dump())
    qs = selectors.entity_list(actor=actor_of(request), filters=f).select_related("area")
    return Mapped(qs, entity_out)


class InspectorOut(Schema):
    id: int
    name: str = Field(description="姓名")
    department: DepartmentOut = Field(description="所属部门")
    organization: str = Field(description="单位")
    title: str = Field(description="职务")
    kind: str = Field(description="law_enforcement 执法人员 或 expert 专家")
    kind_label: str
    status: str = Field(description="状态代码")
    status_label: str = Field(description="状态")
    certificate_no: str = Field(description="执法证号")
    certificate_valid_until: dt.date | None = Field(description="执法证有效期至")
    specialties: list[str] = Field(description="业务专长")
    area: str | None = Field(description="所属区域")
    phone: str | None = Field(
        description="联系电话：仅联席办和部门管理员可见，部门系统令牌为空（null）"
    )


def inspector_out(p: Inspector, *, show_phone: bool) -> InspectorOut:
    return InspectorOut(
        id=p.pk,
        name=p.name,
        department=department_out(p.department),
        organization=p.organization,
        title=p.title,
        kind=p.kind,
        kind_label=p.get_kind_display(),
        status=p.status,
        status_label=p.get_status_display(),
        certificate_no=p.certificate_no,
        certificate_valid_until=p.certificate_valid_until,
        specialties=[str(s) for s in p.specialties or []],
        area=p.area.name if p.area_id and p.area else None,
        phone=p.phone if show_phone else None,
    )


class InspectorQuery(Schema):
    q: Text = Field("", description="姓名或执法证号")
    department_id: int | None = Field(None, ge=1, le=2_000_000_000, description="所属部门 ID")
    status: Code = Field("", description="状态代码")
    kind: Code = Field("", description="law_enforcement 或 expert")
    specialty: Text = Field("", description="业务专长")


@router.get(
    "/directory/inspectors",
    response=responses(list[InspectorOut], STAFF_ERRORS),
    summary="执法检查人员名录库（本部门范围）",
    description="与“执法检查人员名录库”页面相同的范围：本部门人员，联席办可见全部。",
)
@paginate(PageNumber)
def inspectors(request: HttpRequest, filters: Query[InspectorQuery]) -> Any:
    actor = actor_of(request)
    f = selectors.InspectorFilters(**filters.model_dump())
    show_phone = selectors.may_see_phone(actor)
    return Mapped(
        selectors.inspector_list(actor=actor, filters=f),
        lambda p: inspector_out(p, show_phone=show_phone),
    )
