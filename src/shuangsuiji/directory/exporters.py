"""Exports of 一单两库 in the importers' own columns, so an export can be edited and re-imported.

Every export goes through the selectors' scoping, like the pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from shuangsuiji.common.errors import ServiceError

from . import selectors
from .importers import EntityImporter, InspectorImporter, ItemImporter
from .models import (
    Entity,
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
from .tabular import FORMATS, write, write_template

SEP = "、"


def _yes(value: bool) -> str:
    return "是" if value else "否"


def _date(value: Any) -> str:
    return value.isoformat() if value else ""


def department_rows(actor: Any, filters: Any = None) -> tuple[list[str], Iterator[list[Any]]]:
    header = ["部门编码", "名称", "简称", "联席会议办公室"]
    rows = (
        [d.code, d.name, d.short_name, _yes(d.is_office)]
        for d in selectors.department_list(actor=actor)
    )
    return header, rows


def item_rows(actor: Any, filters: Any = None) -> tuple[list[str], Iterator[list[Any]]]:
    header = [*ItemImporter.header(), "版本", "发布时间"]
    items = selectors.item_list(actor=actor, filters=filters)
    items = items.prefetch_related("partner_departments")

    def row(i: InspectionItem) -> list[Any]:
        return [
            i.check_category,
            i.name,
            SEP.join(i.targets),
            ItemCategory(i.category).label,
            SEP.join(Method(m).label for m in i.methods),
            i.department.name,
            i.legal_basis,
            "" if i.ratio_cap is None else f"{i.ratio_cap.normalize():f}",
            i.get_frequency_display(),
            i.year,
            _yes(i.in_joint_list),
            i.lead_department.name if i.lead_department else "",
            SEP.join(d.name for d in i.partner_departments.all()),
            i.note,
            ItemState(i.state).label,
            i.version,
            i.published_at.isoformat() if i.published_at else "",
        ]

    return header, (row(i) for i in items.select_related("department", "lead_department"))


def entity_rows(actor: Any, filters: Any = None) -> tuple[list[str], Iterator[list[Any]]]:
    header = EntityImporter.header()
    entities = selectors.entity_list(actor=actor, filters=filters).select_related("area")
    tags: dict[int, list[str]] = {}
    through = Entity.tags.through.objects.select_related("entitytag__department")
    for link in through.iterator(chunk_size=5000):
        tags.setdefault(link.entity_id, []).append(str(link.entitytag))

    def row(e: Entity) -> list[Any]:
        return [
            e.uscc,
            e.name,
            e.entity_type,
            e.industry_code,
            e.area.name,
            e.address,
            e.legal_representative,
            _date(e.established_on),
            RegistrationStatus(e.registration_status).label,
            e.credit_risk,
            _yes(e.abnormal_list),
            _date(e.abnormal_listed_on),
            _yes(e.serious_dishonesty_list),
            _date(e.serious_dishonesty_listed_on),
            e.complaint_count,
            _yes(e.key_supervision),
            "；".join(sorted(tags.get(e.pk, []))),
        ]

    return header, (row(e) for e in entities.iterator(chunk_size=5000))


def inspector_rows(actor: Any, filters: Any = None) -> tuple[list[str], Iterator[list[Any]]]:
    show_phone = selectors.may_see_phone(actor)
    header = [h for h in InspectorImporter.header() if show_phone or h != "联系电话"]
    people = selectors.inspector_list(actor=actor, filters=filters)
    people = people.select_related("department", "area")

    def row(p: Inspector) -> list[Any]:
        values = [
            p.name,
            p.organization,
            p.department.name,
            p.title,
            SEP.join(p.specialties),
            p.certificate_no,
            _date(p.certificate_valid_until),
            SEP.join(p.qualifications),
            p.area.name if p.area else "",
            InspectorStatus(p.status).label,
            InspectorKind(p.kind).label,
            ExpertSource(p.expert_source).label if p.expert_source else "",
        ]
        return [*values, p.phone] if show_phone else values

    return header, (row(p) for p in people)


EXPORTS = {
    "departments": ("成员单位", department_rows),
    "items": ("抽查事项清单", item_rows),
    "entities": ("检查对象名录库", entity_rows),
    "inspectors": ("执法检查人员名录库", inspector_rows),
}


@dataclass(frozen=True)
class LaterExport:
    """An export a later stage contributes (sampling's "draws", disclosure's "results").

    ``writer(*, actor, fmt, **options) -> bytes``; ``options`` names the command-line options
    it accepts (auditor, task, since). Registered from the later app's AppConfig.ready, so this
    earlier stage never imports it.
    """

    title: str
    writer: Callable[..., bytes]
    formats: tuple[str, ...]
    options: frozenset[str] = frozenset()


LATER_EXPORTS: dict[str, LaterExport] = {}


def register_export(
    kind: str,
    title: str,
    writer: Callable[..., bytes],
    *,
    formats: tuple[str, ...] = ("json",),
    options: tuple[str, ...] = (),
) -> None:
    LATER_EXPORTS[kind] = LaterExport(title, writer, formats, frozenset(options))


TEMPLATES = {"items": ItemImporter, "entities": EntityImporter, "inspectors": InspectorImporter}


def export_table(*, kind: str, fmt: str, actor: Any, filters: Any = None) -> bytes:
    """One of the directories as csv, xlsx or json, scoped to what the actor may see.

    ``filters`` is the same filter object the list page uses (selectors.*Filters).
    """
    if kind not in EXPORTS:
        raise ServiceError(f"未知的导出类型 {kind}，可选：{'、'.join(EXPORTS)}")
    if fmt not in FORMATS:
        raise ServiceError(f"不支持的格式 {fmt}，可选：{'、'.join(FORMATS)}")
    title, rows_of = EXPORTS[kind]
    header, rows = rows_of(actor, filters)
    return write(fmt, header, list(rows), sheet_title=title)


def export_filename(kind: str, fmt: str) -> str:
    return f"{EXPORTS[kind][0]}.{fmt}"


def template_bytes(kind: str) -> bytes:
    """The .xlsx import template for a kind, with notes and an example row."""
    if kind not in TEMPLATES:
        raise ServiceError(f"没有 {kind} 的导入模板")
    importer = TEMPLATES[kind]
    columns = importer.columns()
    required = {c.label for c in columns if c.required}
    return write_template(importer.header(), required, importer.notes, importer.example)
