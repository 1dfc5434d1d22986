"""检查对象名录库 import, keyed by 统一社会信用代码."""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils import timezone

from shuangsuiji.common.errors import PermissionDenied
from shuangsuiji.common.uscc import USCCError, normalize, validate

from .. import fields as f
from ..access import can_write_directory
from ..fields import Column, FieldError
from ..models import (
    AcceptedLegacyCode,
    CreditRisk,
    Department,
    Entity,
    EntityTag,
    RegistrationStatus,
)
from .base import BATCH, Importer, ImportReport

CREDIT_CLASSES = frozenset(CreditRisk.values)
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
        "91410324MA44XK7R85",
        "栾川县示例商贸有限公司",
        "企业",
        "F5211",
        "城关镇",
        "栾川县城关镇伊河路1号",
        "张三",
        "2019-05-20",
        "存续",
        "B",
        "否",
        "",
        "否",
        "",
        0,
        "否",
        "县市场监督管理局/食品经营者",
    ]

    @classmethod
    def columns(cls) -> list[Column]:
        return [
            Column("统一社会信用代码", "uscc", f.text(40), required=True, aliases=("信用代码",)),
            Column(
                "名称",
                "name",
                f.text(200, required=True),
                required=True,
                aliases=("企业名称", "主体名称"),
            ),
            Column("主体类型", "entity_type", f.text(30, required=True), required=True),
            Column("行业代码", "industry_code", f.industry_code),
            Column(
                "所属区域",
                "area",
                f.text(50, required=True),
                required=True,
                aliases=("乡镇", "所属乡镇"),
            ),
            Column("住所", "address", f.text(255), aliases=("地址", "经营场所")),
            Column(
                "法定代表人",
                "legal_representative",
                f.text(50),
                aliases=("法定代表人（负责人）", "负责人", "经营者"),
            ),
            Column("成立日期", "established_on", f.date_value),
            Column(
                "登记状态",
                "registration_status",
                f.choice(dict(RegistrationStatus.choices), "登记状态"),
            ),
            Column(
                "信用风险分类",
                "credit_risk",
                f.text(10, required=True),
                required=True,
                aliases=("信用风险等级",),
            ),
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
            if isinstance(value, int | float) and not isinstance(value, bool):
                raise FieldError(
                    "单元格是数字格式，18位代码已丢失精度：请把该列设为“文本”格式后重新填写"
                )
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
            if raw not in CREDIT_CLASSES:
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
        "name",
        "entity_type",
        "industry_code",
        "address",
        "legal_representative",
        "established_on",
        "registration_status",
        "credit_risk",
        "abnormal_list",
        "abnormal_listed_on",
        "serious_dishonesty_list",
        "serious_dishonesty_listed_on",
        "complaint_count",
        "key_supervision",
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
