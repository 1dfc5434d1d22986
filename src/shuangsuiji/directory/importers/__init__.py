"""Bulk import of the item list and both directories from .xlsx/.csv.

Every row is parsed by the same column parsers and checked by the same rules; all errors are
collected and reported at once as “第N行 字段: 原因”. When any row is invalid nothing is
written. Otherwise the whole file is applied in one transaction with one audit entry carrying
its counts. Rows update by natural key.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from shuangsuiji.common.audit import audit_record
from shuangsuiji.common.errors import PermissionDenied, RowsRejected, ServiceError

from ..access import can_write_directory
from ..tabular import read_table
from .base import Importer, ImportReport, Lookups, Progress
from .entities import ENTITY_TYPES, EntityImporter
from .inspectors import InspectorImporter
from .items import ItemImporter

KINDS: dict[str, type[Importer]] = {
    "items": ItemImporter,
    "entities": EntityImporter,
    "inspectors": InspectorImporter,
}
# Spelled out per kind so that every audit action name stands in the code as written.
IMPORT_ACTIONS = {
    "items": "items.import",
    "entities": "entities.import",
    "inspectors": "inspectors.import",
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
        kind=kind,
        title=importer_class.title,
        total=len(rows),
        unknown_columns=importer.unknown_columns,
        dry_run=dry_run,
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
            action=IMPORT_ACTIONS[kind],
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


__all__ = [
    "ENTITY_TYPES",
    "KINDS",
    "EntityImporter",
    "ImportReport",
    "Importer",
    "InspectorImporter",
    "ItemImporter",
    "Lookups",
    "import_file",
    "importer_for",
]
