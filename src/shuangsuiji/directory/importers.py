"""Bulk import of the item list and both directories from .xlsx/.csv (issue: Excel in).

Every row is parsed by the same column parsers and checked by the same rules; all errors are
collected and reported at once as “第N行 字段: 原因”. When any row is invalid nothing is
written. Otherwise the whole file is applied in one transaction with one audit entry carrying
its counts. Rows update by natural key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db import transaction
from django.utils import timezone

from shuangsuiji.common.audit import audit_record
from shuangsuiji.common.errors import PermissionDenied, RowError, RowsRejected, ServiceError
from shuangsuiji.common.uscc import USCCError, normalize, validate

from . import fields as f
from .access import can_edit_department_rows, can_write_directory
from .fields import Column, FieldError
from .models import (
    AcceptedLegacyCode,
    Area,
    CreditRisk,
    Department,
    Entity,
    EntityTag,
    ExpertSource,
    InspectionItem,
    Inspector,
    InspectorKind,
    InspectorStatus,
    ItemCategory,
    ItemState,
    Method,
    RegistrationStatus,
)
from .tabular import Table, header_key, read_table

Progress = Callable[[str, int, int], None]
BATCH = 1000


@dataclass
class ImportReport:
    kind: str
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unknown_columns: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    dry_run: bool = False
    audit_entry_id: int | None = None

    def summary(self) -> str:
        mode = "试导入（未写入）" if self.dry_run else "已导入"
        return (
            f"{mode}{KINDS[self.kind].title} {self.total} 行：新增 {self.created}，"
            f"更新 {self.updated}，无变化 {self.unchanged}"
        )


class Lookups:
    """Departments and townships by every name users write them with."""

    def __init__(self) -> None:
        self.departments: dict[str, Department] = {}
        for dept in Department.objects.all():
            for name in (dept.name, dept.short_name, dept.code):
                if name:
                    self.departments[name] = dept
        self.areas = {a.name: a for a in Area.objects.all()}

    def department(self, value: Any) -> Department:
        raw = f.cell_text(value)
        if raw not in self.departments:
            raise FieldError(f"未知的部门“{raw}”，请使用成员单位全称")
        return self.departments[raw]

    def area(self, value: Any) -> Area | None:
        raw = f.cell_text(value)
        if not raw:
            return None
        if raw not in self.areas:
            raise FieldError(f"未知的乡镇“{raw}”，可选：{'、'.join(self.areas)}")
        return self.areas[raw]


class Importer:
    kind: ClassVar[str]
    title: ClassVar[str]
    key_label: ClassVar[str]
    notes: ClassVar[list[str]]
    example: ClassVar[list[Any]]

    def __init__(self, actor: Any) -> None:
        self.actor = actor
        self.lookups = Lookups()
        self.errors: list[RowError] = []
        self.notices: list[str] = []

    # -- description
    @classmethod
    def columns(cls) -> list[Column]:
        raise NotImplementedError

    @classmethod
    def header(cls) -> list[str]:
        return [c.label for c in cls.columns()]

    # -- per-row hooks
    def cell(self, column: Column, value: Any) -> Any:
        return column.parse(value)

    def check_row(self, row: dict[str, Any]) -> list[tuple[str, str]]:
        """Cross-field rules: a list of (column label, reason)."""
        return []

    def key(self, row: dict[str, Any]) -> tuple[Any, ...]:
        raise NotImplementedError

    def apply(self, rows: list[tuple[int, dict[str, Any]]], report: ImportReport) -> None:
        raise NotImplementedError

    # -- the shared pipeline
    def error(self, line: int, label: str, reason: str) -> None:
        self.errors.append(RowError(line, label, reason))

    def map_header(self, header: list[str]) -> tuple[dict[int, Column], list[str]]:
        columns = self.columns()
        by_key: dict[str, Column] = {}
        for column in columns:
            for alias in (column.label, column.name, *column.aliases):
                by_key[header_key(alias)] = column
        mapping: dict[int, Column] = {}
        unknown: list[str] = []
        for index, label in enumerate(header):
            column = by_key.get(header_key(label))
            if column is None:
                if label.strip():
                    unknown.append(label.strip())
            elif column in mapping.values():
                self.error(1, column.label, f"表头重复（第{index + 1}列）")
            else:
                mapping[index] = column
        present = set(mapping.values())
        for column in columns:
            if column.required and column not in present:
                self.error(1, column.label, "缺少必填列")
        return mapping, unknown

    def parse(self, table: Table, progress: Progress | None) -> list[tuple[int, dict[str, Any]]]:
        mapping, unknown = self.map_header(table.header)
        self.unknown_columns = unknown
        if self.errors:
            return []
        parsed: list[tuple[int, dict[str, Any]]] = []
        seen: dict[tuple[Any, ...], int] = {}
        total = len(table.rows)
        for i, (line, raw) in enumerate(zip(table.lines, table.rows, strict=True)):
            row: dict[str, Any] = {"_present": {c.name for c in mapping.values()}}
            ok = True
            for index, column in mapping.items():
                value = raw[index] if index < len(raw) else None
                try:
                    row[column.name] = self.cell(column, value)
                except FieldError as exc:
                    self.error(line, column.label, str(exc))
                    ok = False
            if ok:
                for label, reason in self.check_row(row):
                    self.error(line, label, reason)
                    ok = False
            try:
                key = self.key(row)
            except (KeyError, AttributeError):
                key = None  # a key column itself is invalid, and already reported
            if key is not None:
                if key in seen:
                    self.error(line, self.key_label, f"与第{seen[key]}行重复")
                    ok = False
                else:
                    seen[key] = line
            if ok:
                parsed.append((line, row))
            if progress and (i % 500 == 0 or i == total - 1):
                progress("校验", i + 1, total)
        return parsed


# ---------------------------------------------------------------- entities

ENTITY_TYPES = ["企业", "个体工商户", "农民专业合作社", "事业单位", "社会组织", "其他"]


class EntityImporter(Importer):
    kind = "entities"
    title = "检查对象"
    key_label = "统一社会信用代码"
    notes: ClassVar[list[str]] = [
        "带 * 的列必须填写；列的顺序不限，也可使用英文字段名作表头。",
        "统一社会信用代码：18位，系统自动去除空格、转为半角大写后校验第17位和第18位校验码。",
        f"主体类型：{'、'.join(ENTITY_TYPES)}。",
        "登记状态：存续、注销、吊销、迁出；信用风险分类：A、B、C、D。",
        "经营异常名录、严重违法失信名单、重点监管：填“是”或“否”；日期写作 2024-03-15。",
        "部门标签：多个用“；”分隔，写作“部门全称/标签”，本部门的标签可只写标签名。",
        "按统一社会信用代码更新：已有的检查对象会被更新，其余新增。",
    ]
    example: ClassVar[list[Any]] = [
        "91410324MA44XK7R85", "栾川县示例商贸有限公司", "企业", "F5211", "城关镇",
        "栾川县城关镇伊河路1号", "张三", "2019-05-20", "存续", "B", "否", "", "否", "",
        0, "否", "县市场监督管理局/食品经营者",
    ]

    @classmethod
    def columns(cls) -> list[Column]:
        return [
            Column("统一社会信用代码", "uscc", f.text(40), required=True, aliases=("信用代码",)),
            Column("名称", "name", f.text(200, required=True), required=True,
                   aliases=("企业名称", "主体名称")),
            Column("主体类型", "entity_type", f.text(30, required=True), required=True),
            Column("行业代码", "industry_code", f.industry_code),
            Column("所属区域", "area", f.text(50, required=True), required=True,
                   aliases=("乡镇", "所属乡镇")),
            Column("住所", "address", f.text(255), aliases=("地址", "经营场所")),
            Column("法定代表人", "legal_representative", f.text(50),
                   aliases=("法定代表人（负责人）", "负责人", "经营者")),
            Column("成立日期", "established_on", f.date_value),
            Column("登记状态", "registration_status",
                   f.choice(dict(RegistrationStatus.choices), "登记状态")),
            Column("信用风险分类", "credit_risk", f.text(10, required=True), required=True,
                   aliases=("信用风险等级",)),
            Column("经营异常名录", "abnormal_list", f.boolean),
            Column("列入经营异常名录日期", "abnormal_listed_on", f.date_value),
            Column("严重违法失信名单", "serious_dishonesty_list", f.boolean),
            Column("列入严重违法失信名单日期", "serious_dishonesty_listed_on", f.date_value),
            Column("投诉举报次数", "complaint_count", f.count),
            Column("重点监管", "key_supervision", f.boolean),
            Column("部门标签", "tags", f.string_list),
        ]

    def __init__(self, actor: Any) -> None:
        super().__init__(actor)
        self.legacy = set(AcceptedLegacyCode.objects.values_list("uscc", flat=True))

    def cell(self, column: Column, value: Any) -> Any:
        if column.name == "uscc":
            code = normalize(f.cell_text(value))
            if code in self.legacy:
                return code
            try:
                return validate(code)
            except USCCError as exc:
                raise FieldError(str(exc)) from exc
        if column.name == "area":
            area = self.lookups.area(value)
            if area is None:
                raise FieldError("不能为空")
            return area
        if column.name == "entity_type":
            raw = column.parse(value)
            if raw not in ENTITY_TYPES:
                raise FieldError(f"未知的主体类型“{raw}”，可选：{'、'.join(ENTITY_TYPES)}")
            return raw
        if column.name == "credit_risk":
            raw = column.parse(value).upper().removesuffix("类")
            if raw not in CreditRisk.values:
                raise FieldError(f"未知的信用风险分类“{f.cell_text(value)}”，可选：A、B、C、D")
            return raw
        if column.name == "tags":
            return self.tags(f.string_list(value))
        return super().cell(column, value)

    def tags(self, names: list[str]) -> list[tuple[Department, str]]:
        result = []
        for item in names:
            dept_name, sep, tag = item.rpartition("/")
            if not sep:
                if self.actor.is_office_admin or not self.actor.department_id:
                    raise FieldError(f"标签“{item}”须写明部门，如“县市场监督管理局/{item}”")
                result.append((self.actor.department, item))
                continue
            if not tag.strip():
                raise FieldError(f"标签“{item}”缺少标签名")
            result.append((self.lookups.department(dept_name.strip()), tag.strip()))
        return result

    def check_row(self, row: dict[str, Any]) -> list[tuple[str, str]]:
        problems = []
        if row.get("abnormal_listed_on") and not row.get("abnormal_list"):
            problems.append(("列入经营异常名录日期", "填写了日期，但“经营异常名录”不是“是”"))
        if row.get("serious_dishonesty_listed_on") and not row.get("serious_dishonesty_list"):
            problems.append(
                ("列入严重违法失信名单日期", "填写了日期，但“严重违法失信名单”不是“是”")
            )
        established = row.get("established_on")
        if established and established > timezone.localdate():
            problems.append(("成立日期", "不能晚于今天"))
        return problems

    def key(self, row: dict[str, Any]) -> tuple[Any, ...]:
        return (row["uscc"],)

    FIELDS = (
        "name", "entity_type", "industry_code", "address", "legal_representative",
        "established_on", "registration_status", "credit_risk", "abnormal_list",
        "abnormal_listed_on", "serious_dishonesty_list", "serious_dishonesty_listed_on",
        "complaint_count", "key_supervision",
    )

    def apply(self, rows: list[tuple[int, dict[str, Any]]], report: ImportReport) -> None:
        if not can_write_directory(self.actor):
            raise PermissionDenied("只有联席办管理员和部门管理员可以导入检查对象")
        codes = [row["uscc"] for _, row in rows]
        existing: dict[str, Entity] = {}
        for start in range(0, len(codes), BATCH):
            chunk = codes[start : start + BATCH]
            existing.update({e.uscc: e for e in Entity.objects.filter(uscc__in=chunk)})
        creates: list[Entity] = []
        updates: list[Entity] = []
        changed_fields: set[str] = set()
        for _, row in rows:
            present = row["_present"]
            entity = existing.get(row["uscc"])
            if entity is None:
                values = {k: row[k] for k in self.FIELDS if k in present}
                values.setdefault("registration_status", RegistrationStatus.ACTIVE)
                creates.append(Entity(uscc=row["uscc"], area=row["area"], **values))
                continue
            dirty = False
            for name in (*self.FIELDS, "area"):
                if name in present and getattr(entity, name) != row[name]:
                    setattr(entity, name, row[name])
                    changed_fields.add(name)
                    dirty = True
            if dirty:
                updates.append(entity)
        report.created, report.updated = len(creates), len(updates)
        if report.dry_run:
            report.unchanged = len(rows) - len(creates) - len(updates)
            return
        now = timezone.now()
        for entity in creates:
            entity.created_at = entity.updated_at = now
        Entity.objects.bulk_create(creates, batch_size=BATCH)
        if updates:
            for entity in updates:
                entity.updated_at = now
            Entity.objects.bulk_update(updates, [*changed_fields, "updated_at"], batch_size=BATCH)
        tagged = [(line, row) for line, row in rows if "tags" in row["_present"]]
        if tagged:
            touched = self.apply_tags(tagged)
            report.updated += len(touched - {e.uscc for e in updates} - {e.uscc for e in creates})
        report.unchanged = len(rows) - report.created - report.updated

    def apply_tags(self, rows: list[tuple[int, dict[str, Any]]]) -> set[str]:
        """Replace, per row, the tags of each department the row may set; returns changed codes."""
        codes = [r["uscc"] for _, r in rows]
        entities: dict[str, Entity] = {}
        for start in range(0, len(codes), BATCH):
            chunk = Entity.objects.filter(uscc__in=codes[start : start + BATCH]).only("id", "uscc")
            entities.update({e.uscc: e for e in chunk})
        tag_cache = {(t.department_id, t.name): t for t in EntityTag.objects.all()}
        Through = Entity.tags.through
        current: dict[int, dict[int, int]] = {}  # entity id -> {tag id: link id}
        entity_ids = [e.id for e in entities.values()]
        for start in range(0, len(entity_ids), BATCH):
            links = Through.objects.filter(entity_id__in=entity_ids[start : start + BATCH])
            for link_id, entity_id, tag_id in links.values_list("id", "entity_id", "entitytag_id"):
                current.setdefault(entity_id, {})[tag_id] = link_id
        tag_dept = {t.id: t.department_id for t in tag_cache.values()}
        own = None if self.actor.is_office_admin else self.actor.department_id
        skipped = 0
        changed: set[str] = set()
        removals: list[int] = []
        additions: list[Any] = []
        for _, row in rows:
            entity = entities[row["uscc"]]
            wanted: set[int] = set()
            departments: set[int] = set() if own is None else {own}
            for dept, name in row["tags"]:
                if own is not None and dept.pk != own:
                    skipped += 1
                    continue
                departments.add(dept.pk)
                tag = tag_cache.get((dept.pk, name))
                if tag is None:
                    tag = EntityTag.objects.create(department=dept, name=name)
                    tag_cache[(dept.pk, name)] = tag
                    tag_dept[tag.id] = dept.pk
                wanted.add(tag.id)
            have = current.get(entity.id, {})
            target = {t for t in have if tag_dept[t] not in departments} | wanted
            if target != set(have):
                changed.add(entity.uscc)
                removals.extend(link for t, link in have.items() if t not in target)
                additions.extend(
                    Through(entity_id=entity.id, entitytag_id=t) for t in target - set(have)
                )
        for start in range(0, len(removals), BATCH):
            Through.objects.filter(id__in=removals[start : start + BATCH]).delete()
        Through.objects.bulk_create(additions, batch_size=BATCH)
        if skipped:
            self.notices.append(f"其他部门的标签 {skipped} 个未作改动（只能维护本部门的标签）")
        return changed


# ---------------------------------------------------------------- inspectors


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
        "李四", "县市场监督管理局", "", "科员", "食品安全、特种设备", "41032420190001",
        "2027-12-31", "食品安全执法", "城关镇", "在岗", "执法人员", "", "13800000000",
    ]

    @classmethod
    def columns(cls) -> list[Column]:
        return [
            Column("姓名", "name", f.text(50, required=True), required=True),
            Column("单位", "organization", f.text(100, required=True), required=True),
            Column("所属部门", "department", f.text(100)),
            Column("职务", "title", f.text(50)),
            Column("业务专长", "specialties", f.string_list),
            Column("执法证号", "certificate_no", f.text(40, required=True), required=True,
                   aliases=("证件号", "专家编号")),
            Column("执法证有效期至", "certificate_valid_until", f.date_value,
                   aliases=("有效期至", "执法证有效期")),
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
        "name", "organization", "department", "title", "specialties", "certificate_valid_until",
        "qualifications", "area", "status", "kind", "expert_source", "phone",
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
            Inspector.objects.bulk_update(updates, [*changed_fields, "updated_at"], batch_size=BATCH)


# ---------------------------------------------------------------- items


class ItemImporter(Importer):
    kind = "items"
    title = "抽查事项"
    key_label = "抽查事项"
    notes: ClassVar[list[str]] = [
        "带 * 的列必须填写；列的顺序不限，也可使用英文字段名作表头。",
        "事项类别：重点 或 一般。一般检查事项必须填写抽查比例上限（%），重点检查事项不设上限、留空。",
        "检查方式：现场、书面、网络、委托专业机构，多个用“、”分隔。检查对象：多个用“、”分隔。",
        "触发式部门联合抽查事项填“是”时，发起部门默认为检查主体，配合部门多个用“、”分隔。",
        "状态：草稿 或 已发布；已发布的事项不可修改，再次导入有变化时自动生成新版本。",
        "按“抽查事项 + 检查主体 + 年度”更新。",
    ]
    example: ClassVar[list[Any]] = [
        "市场监管领域", "营业执照（登记证）规范使用情况的检查", "企业、个体工商户、农民专业合作社",
        "一般", "现场、网络", "县市场监督管理局", "《市场主体登记管理条例》", "5", "每年1次",
        2025, "否", "", "", "", "草稿",
    ]

    @classmethod
    def columns(cls) -> list[Column]:
        return [
            Column("抽查类别", "check_category", f.text(100, required=True), required=True),
            Column("抽查事项", "name", f.text(200, required=True), required=True,
                   aliases=("检查事项", "抽查事项名称")),
            Column("检查对象", "targets", f.string_list, required=True),
            Column("事项类别", "category", f.choice(dict(ItemCategory.choices), "事项类别"),
                   required=True),
            Column("检查方式", "methods", f.multi_choice(dict(Method.choices), "检查方式"),
                   required=True),
            Column("检查主体", "department", f.text(100, required=True), required=True),
            Column("检查依据", "legal_basis", f.text(4000, required=True), required=True),
            Column("抽查比例上限", "ratio_cap", f.percent, aliases=("抽查比例",)),
            Column("抽查频次", "frequency", f.text(50)),
            Column("年度", "year", f.year, required=True),
            Column("触发式部门联合抽查事项", "in_joint_list", f.boolean,
                   aliases=("联合抽查", "是否联合抽查")),
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
        "check_category", "targets", "category", "methods", "legal_basis", "ratio_cap",
        "frequency", "in_joint_list", "lead_department", "note",
    )

    def apply(self, rows: list[tuple[int, dict[str, Any]]], report: ImportReport) -> None:
        latest: dict[tuple[Any, ...], InspectionItem] = {}
        years = {row["year"] for _, row in rows}
        for item in InspectionItem.objects.filter(year__in=years).prefetch_related(
            "partner_departments"
        ).order_by("version"):
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
                    name=current.name, department=current.department, year=current.year,
                    version=current.version + 1, **values,
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


# ---------------------------------------------------------------- entry point

KINDS: dict[str, type[Importer]] = {
    "items": ItemImporter,
    "entities": EntityImporter,
    "inspectors": InspectorImporter,
}


def importer_for(kind: str) -> type[Importer]:
    if kind not in KINDS:
        raise ServiceError(f"未知的导入类型 {kind}，可选：{'、'.join(KINDS)}")
    return KINDS[kind]


def import_file(
    *,
    kind: str,
    filename: str,
    data: bytes,
    actor: Any,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate a whole file, then write all of it or nothing, with one audit entry."""
    importer_class = importer_for(kind)
    if not can_write_directory(actor):
        raise PermissionDenied("只有联席办管理员和部门管理员可以导入数据")
    table = read_table(filename, data)
    importer = importer_class(actor)
    rows = importer.parse(table, progress)
    if importer.errors:
        raise RowsRejected(importer.errors)
    report = ImportReport(
        kind=kind, total=len(rows), unknown_columns=importer.unknown_columns, dry_run=dry_run
    )
    if dry_run:
        importer.apply(rows, report)
        report.notices = importer.notices
        return report
    with transaction.atomic():
        if progress:
            progress("写入", 0, len(rows))
        importer.apply(rows, report)
        if importer.errors:
            raise RowsRejected(importer.errors)
        report.notices = importer.notices
        entry = audit_record(
            actor=actor,
            action=f"{kind}.import",
            object_type=kind,
            object_repr=filename[:255],
            after={
                "file": filename,
                "rows": report.total,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "unknown_columns": report.unknown_columns,
            },
        )
        report.audit_entry_id = entry.pk
        if progress:
            progress("写入", len(rows), len(rows))
    return report
