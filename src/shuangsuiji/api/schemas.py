"""Response schemas shared by the public and the authenticated routers.

Every field is listed by hand: a model is never dumped, so a private column (phone numbers,
findings, notes, the 回避 register) cannot reach a response by accident.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from shuangsuiji.directory.models import Department, InspectionItem
from shuangsuiji.disclosure.selectors import Announcement
from shuangsuiji.plans.models import Task


class DepartmentOut(Schema):
    code: str = Field(description="部门编码")
    name: str = Field(description="部门名称")


def department_out(d: Department) -> DepartmentOut:
    return DepartmentOut(code=d.code, name=d.name)


class ItemOut(Schema):
    id: int
    year: int = Field(description="年度")
    department: DepartmentOut = Field(description="检查主体")
    check_category: str = Field(description="抽查类别")
    name: str = Field(description="抽查事项")
    category: str = Field(description="事项类别：key 重点检查事项，general 一般检查事项")
    category_label: str
    targets: list[str] = Field(description="检查对象")
    methods: list[str] = Field(description="检查方式")
    legal_basis: str = Field(description="检查依据")
    ratio_cap: float | None = Field(description="抽查比例上限（%），重点检查事项为空")
    frequency: str = Field(description="抽查频次：每月、每季、每半年、每年，未设为空")
    in_joint_list: bool = Field(description="触发式部门联合抽查事项")
    version: int = Field(description="版本")
    published_at: dt.datetime | None = Field(description="发布时间")


def item_out(item: InspectionItem) -> ItemOut:
    return ItemOut(
        id=item.pk,
        year=item.year,
        department=department_out(item.department),
        check_category=item.check_category,
        name=item.name,
        category=item.category,
        category_label=item.get_category_display(),
        targets=[str(t) for t in item.targets or []],
        methods=list(item.method_labels),
        legal_basis=item.legal_basis,
        ratio_cap=float(item.ratio_cap) if item.ratio_cap is not None else None,
        frequency=item.get_frequency_display(),
        in_joint_list=item.in_joint_list,
        version=item.version,
        published_at=item.published_at,
    )


class TaskOut(Schema):
    code: str = Field(description="任务编号")
    name: str = Field(description="任务名称")
    year: int = Field(description="年度")
    kind: str = Field(description="抽查类型代码")
    kind_label: str = Field(description="抽查类型")
    state: str = Field(description="状态代码")
    state_label: str = Field(description="状态")
    lead_department: DepartmentOut = Field(description="发起部门")
    window_start: dt.date = Field(description="检查开始日期")
    window_end: dt.date = Field(description="检查结束日期")
    completed_on: dt.date | None = Field(description="完成日期")
    publicized_on: dt.date | None = Field(description="公示日期")


def task_out(task: Task) -> TaskOut:
    return TaskOut(
        code=task.code,
        name=task.name,
        year=task.year,
        kind=task.kind,
        kind_label=task.get_kind_display(),
        state=task.state,
        state_label=task.get_state_display(),
        lead_department=department_out(task.lead_department),
        window_start=task.window_start,
        window_end=task.window_end,
        completed_on=task.completed_on,
        publicized_on=task.publicized_on,
    )


class AnnouncementOut(Schema):
    """One row of a 抽查结果公告."""

    task_code: str = Field(description="任务编号")
    task_name: str = Field(description="任务名称")
    authority: str = Field(description="检查机关")
    kind: str = Field(description="抽查类型")
    completed_on: dt.date | None = Field(description="完成日期")
    publicized_on: dt.date | None = Field(description="公示日期")
    uscc: str = Field(description="统一社会信用代码")
    entity_name: str = Field(description="检查对象名称")
    item_name: str = Field(description="抽查事项")
    inspected_on: dt.date = Field(description="检查日期")
    result_code: str = Field(description="检查结果代码")
    result_text: str = Field(description="检查结果")


def announcement_out(a: Announcement) -> AnnouncementOut:
    return AnnouncementOut(
        task_code=a.task_code,
        task_name=a.task_name,
        authority=a.authority,
        kind=a.kind,
        completed_on=a.completed_on,
        publicized_on=a.publicized_on,
        uscc=a.uscc,
        entity_name=a.entity_name,
        item_name=a.item_name,
        inspected_on=a.inspected_on,
        result_code=a.result_code,
        result_text=a.result_text,
    )


def result_out(r: Any) -> AnnouncementOut:
    return announcement_out(Announcement.of(r))


class AuditRootOut(Schema):
    day: str = Field(description="日期（Asia/Shanghai）")
    last_entry_id: int = Field(description="当日最后一条审计记录的编号")
    length: int = Field(description="截至当日的审计记录数")
    root_hash: str = Field(description="当日结束时审计链头的 SHA-256 哈希")
