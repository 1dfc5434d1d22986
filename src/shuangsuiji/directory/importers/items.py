"""抽查事项清单 import, keyed by 抽查事项 + 检查主体 + 年度; published rows are versioned."""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils import timezone

from .. import fields as f
from ..access import can_edit_department_rows
from ..fields import Column
from ..models import (
    Department,
    InspectionItem,
    ItemCategory,
    ItemState,
    Method,
)
from .base import Importer, ImportReport


class ItemImporter(Importer):
    kind = "items"
    title = "抽查事项"
    key_label = "抽查事项"
    notes: ClassVar[list[str]] = [
        "带 * 的列必须填写；列的顺序不限，也可使用英文字段名作表头。",
        "事项类别：重点 或 一般。",
        "一般检查事项必须填写抽查比例上限（%），重点检查事项不设上限、留空。",
        "抽查频次：每月、每季、每半年、每年或留空（也可写作每月1次、每季度1次、每年2次）；"
        "重点检查事项按抽查频次抽取，同一周期内已抽中的不再重复抽取。",
        "检查方式：现场、书面、网络、委托专业机构，多个用“、”分隔。检查对象：多个用“、”分隔。",
        "触发式部门联合抽查事项填“是”时，发起部门默认为检查主体，配合部门多个用“、”分隔。",
        "状态：草稿 或 已发布；已发布的事项不可修改，再次导入有变化时自动生成新版本。",
        "按“抽查事项 + 检查主体 + 年度”更新。",
    ]
    example: ClassVar[list[Any]] = [
        "市场监管领域",
        "营业执照（登记证）规范使用情况的检查",
        "企业、个体工商户、农民专业合作社",
        "一般",
        "现场、网络",
        "县市场监督管理局",
        "《市场主体登记管理条例》",
        "5",
        "每年1次",
        2025,
        "否",
        "",
        "",
        "",
        "草稿",
    ]

    @classmethod
    def columns(cls) -> list[Column]:
        return [
            Column("抽查类别", "check_category", f.text(100, required=True), required=True),
            Column(
                "抽查事项",
                "name",
                f.text(200, required=True),
                required=True,
                aliases=("检查事项", "抽查事项名称"),
            ),
            Column("检查对象", "targets", f.string_list, required=True),
            Column(
                "事项类别",
                "category",
                f.choice(dict(ItemCategory.choices), "事项类别"),
                required=True,
            ),
            Column(
                "检查方式",
                "methods",
                f.multi_choice(dict(Method.choices), "检查方式"),
                required=True,
            ),
            Column("检查主体", "department", f.text(100, required=True), required=True),
            Column("检查依据", "legal_basis", f.text(4000, required=True), required=True),
            Column("抽查比例上限", "ratio_cap", f.percent, aliases=("抽查比例",)),
            Column("抽查频次", "frequency", f.frequency, aliases=("频次",)),
            Column("年度", "year", f.year, required=True),
            Column(
                "触发式部门联合抽查事项",
                "in_joint_list",
                f.boolean,
                aliases=("联合抽查", "是否联合抽查"),
            ),
            Column("发起部门", "lead_department", f.text(100)),
            Column("配合部门", "partner_departments", f.string_list),
            Column("备注", "note", f.text(2000)),
            Column("状态", "state", f.choice(dict(ItemState.choices), "状态")),
        ]

    def cell(self, column: Column, value: Any) -> Any:
        if column.name in {"department", "lead_department"}:
            return self.lookups.department(value) if f.cell_text(value) else None
        if column.name == "partner_departments":
            return [self.lookups.department(name) for name in f.string_list(value)]
        return super().cell(column, value)

    def check_row(self, row: dict[str, Any]) -> list[tuple[str, str]]:
        if not row.get("targets"):
            return [("检查对象", "不能为空")]
        if not row.get("methods"):
            return [("检查方式", "不能为空")]
        if row["category"] == ItemCategory.GENERAL and row.get("ratio_cap") is None:
            return [("抽查比例上限", "一般检查事项必须设置抽查比例上限")]
        if row["category"] == ItemCategory.KEY and row.get("ratio_cap") is not None:
            return [("抽查比例上限", "重点检查事项的抽查比例不设上限，请留空")]
        row["state"] = row.get("state") or ItemState.DRAFT
        joint = row.get("in_joint_list", False)
        partners = row.get("partner_departments") or []
        if joint:
            row["lead_department"] = row.get("lead_department") or row["department"]
            if row["lead_department"] in partners:
                return [("配合部门", "发起部门不能同时是配合部门")]
        elif row.get("lead_department") or partners:
            return [("触发式部门联合抽查事项", "填写了发起部门或配合部门，此列应为“是”")]
        if not can_edit_department_rows(self.actor, row["department"].pk):
            return [("检查主体", f"无权维护{row['department'].name}的抽查事项")]
        return []

    def key(self, row: dict[str, Any]) -> tuple[Any, ...]:
        return (row["name"], row["department"].pk, row["year"])

    FIELDS = (
        "check_category",
        "targets",
        "category",
        "methods",
        "legal_basis",
        "ratio_cap",
        "frequency",
        "in_joint_list",
        "lead_department",
        "note",
    )

    def apply(self, rows: list[tuple[int, dict[str, Any]]], report: ImportReport) -> None:
        latest: dict[tuple[Any, ...], InspectionItem] = {}
        years = {row["year"] for _, row in rows}
        for item in (
            InspectionItem.objects.filter(year__in=years)
            .prefetch_related("partner_departments")
            .order_by("version")
        ):
            latest[(item.name, item.department_id, item.year)] = item
        now = timezone.now()
        plans: list[tuple[InspectionItem, list[Department], bool]] = []
        for _, row in rows:
            values = {k: row.get(k) for k in self.FIELDS}
            values["in_joint_list"] = bool(values["in_joint_list"])
            values["note"] = values["note"] or ""
            values["frequency"] = values["frequency"] or ""
            partners = row.get("partner_departments") or []
            publish = row["state"] == ItemState.PUBLISHED
            current = latest.get(self.key(row))
            if current is None:
                item = InspectionItem(
                    name=row["name"], department=row["department"], year=row["year"], **values
                )
                plans.append((item, partners, publish))
                report.created += 1
                continue
            same = all(getattr(current, k) == v for k, v in values.items()) and {
                d.pk for d in current.partner_departments.all()
            } == {d.pk for d in partners}
            if same and (current.state == ItemState.PUBLISHED or not publish):
                report.unchanged += 1
                continue
            if current.state == ItemState.PUBLISHED:
                item = InspectionItem(
                    name=current.name,
                    department=current.department,
                    year=current.year,
                    version=current.version + 1,
                    **values,
                )
                report.created += 1
            else:
                item = current
                for k, v in values.items():
                    setattr(item, k, v)
                report.updated += 1
            plans.append((item, partners, publish))
        if report.dry_run:
            return
        for item, partners, publish in plans:
            if publish:
                item.state = ItemState.PUBLISHED
                item.published_at = now
            item.save()
            item.partner_departments.set(partners)
