"""执法检查人员名录库 import, keyed by 执法证号."""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils import timezone

from shuangsuiji.common.errors import RowsRejected

from .. import fields as f
from ..access import can_edit_department_rows
from ..fields import Column
from ..models import (
    ExpertSource,
    Inspector,
    InspectorKind,
    InspectorStatus,
)
from .base import BATCH, Importer, ImportReport


class InspectorImporter(Importer):
    kind = "inspectors"
    title = "执法检查人员"
    key_label = "执法证号"
    notes: ClassVar[list[str]] = [
        "带 * 的列必须填写；列的顺序不限，也可使用英文字段名作表头。",
        "人员类型：执法人员 或 专家；专家须填写专家来源（检测机构、科研院所、行业专家）。",
        "执法人员的“单位”填成员单位全称；专家的“单位”填其所在机构，“所属部门”填使用该专家的部门。",
        "专家没有执法证，“执法证号”一栏填专家编号；专家不计入每组2名执法人员。",
        "业务专长、执法资质：多个用“、”分隔。状态：在岗、调出、退休、停用。",
        "按执法证号更新：已有的人员会被更新，其余新增。联系电话不公开。",
    ]
    example: ClassVar[list[Any]] = [
        "李四",
        "县市场监督管理局",
        "",
        "科员",
        "食品安全、特种设备",
        "41032420190001",
        "2027-12-31",
        "食品安全执法",
        "城关镇",
        "在岗",
        "执法人员",
        "",
        "13800000000",
    ]

    @classmethod
    def columns(cls) -> list[Column]:
        return [
            Column("姓名", "name", f.text(50, required=True), required=True),
            Column("单位", "organization", f.text(100, required=True), required=True),
            Column("所属部门", "department", f.text(100)),
            Column("职务", "title", f.text(50)),
            Column("业务专长", "specialties", f.string_list),
            Column(
                "执法证号",
                "certificate_no",
                f.text(40, required=True),
                required=True,
                aliases=("证件号", "专家编号"),
            ),
            Column(
                "执法证有效期至",
                "certificate_valid_until",
                f.date_value,
                aliases=("有效期至", "执法证有效期"),
            ),
            Column("执法资质", "qualifications", f.string_list),
            Column("所属区域", "area", f.text(50), aliases=("乡镇",)),
            Column("状态", "status", f.choice(dict(InspectorStatus.choices), "状态")),
            Column("人员类型", "kind", f.choice(dict(InspectorKind.choices), "人员类型")),
            Column("专家来源", "expert_source", f.choice(dict(ExpertSource.choices), "专家来源")),
            Column("联系电话", "phone", f.text(30), aliases=("电话", "手机")),
        ]

    def cell(self, column: Column, value: Any) -> Any:
        if column.name == "area":
            return self.lookups.area(value)
        if column.name == "department":
            return self.lookups.department(value) if f.cell_text(value) else None
        if column.name == "certificate_no":
            return column.parse(value).upper()
        return super().cell(column, value)

    def check_row(self, row: dict[str, Any]) -> list[tuple[str, str]]:
        kind = row.get("kind") or InspectorKind.LAW_ENFORCEMENT
        row["kind"] = kind
        row["status"] = row.get("status") or InspectorStatus.ON_DUTY
        department = row.get("department")
        if kind == InspectorKind.LAW_ENFORCEMENT:
            if row.get("expert_source"):
                return [("专家来源", "执法人员不填专家来源")]
            if row.get("certificate_valid_until") is None:
                return [("执法证有效期至", "执法人员必须填写执法证有效期")]
            org = self.lookups.departments.get(row["organization"])
            if department is None:
                if org is None:
                    return [("单位", f"未知的部门“{row['organization']}”，请使用成员单位全称")]
                department = org
        else:
            if not row.get("expert_source"):
                return [("专家来源", "专家必须填写专家来源：检测机构、科研院所或行业专家")]
            if department is None:
                if self.actor.is_office_admin or not self.actor.department_id:
                    return [("所属部门", "专家须填写使用该专家的部门")]
                department = self.actor.department
        row["department"] = department
        if not can_edit_department_rows(self.actor, department.pk):
            return [("所属部门", f"无权维护{department.name}的人员")]
        return []

    def key(self, row: dict[str, Any]) -> tuple[Any, ...]:
        return (row["certificate_no"],)

    FIELDS = (
        "name",
        "organization",
        "department",
        "title",
        "specialties",
        "certificate_valid_until",
        "qualifications",
        "area",
        "status",
        "kind",
        "expert_source",
        "phone",
    )

    def apply(self, rows: list[tuple[int, dict[str, Any]]], report: ImportReport) -> None:
        certificates = [r["certificate_no"] for _, r in rows]
        existing: dict[str, Inspector] = {}
        for start in range(0, len(certificates), BATCH):
            chunk = Inspector.objects.filter(certificate_no__in=certificates[start : start + BATCH])
            existing.update({i.certificate_no: i for i in chunk})
        creates: list[Inspector] = []
        updates: list[Inspector] = []
        changed_fields: set[str] = set()
        for line, row in rows:
            present = row["_present"] | {"department", "kind", "status"}
            person = existing.get(row["certificate_no"])
            if person is None:
                values = {k: row[k] for k in self.FIELDS if k in present}
                creates.append(Inspector(certificate_no=row["certificate_no"], **values))
                continue
            if not can_edit_department_rows(self.actor, person.department_id):
                self.error(line, "执法证号", f"该证号已属于{person.department}的人员，无权修改")
                continue
            dirty = False
            for name in self.FIELDS:
                if name in present and getattr(person, name) != row[name]:
                    setattr(person, name, row[name])
                    changed_fields.add(name)
                    dirty = True
            if dirty:
                updates.append(person)
        if self.errors:
            raise RowsRejected(self.errors)
        report.created, report.updated = len(creates), len(updates)
        report.unchanged = len(rows) - len(creates) - len(updates)
        if report.dry_run:
            return
        now = timezone.now()
        for person in creates:
            person.created_at = person.updated_at = now
        Inspector.objects.bulk_create(creates, batch_size=BATCH)
        for person in updates:
            person.updated_at = now
        if updates:
            Inspector.objects.bulk_update(
                updates, [*changed_fields, "updated_at"], batch_size=BATCH
            )
