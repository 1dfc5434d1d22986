"""Shared import pipeline: header mapping, per-cell parsing, row rules and duplicate keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from shuangsuiji.common.errors import RowError

from .. import fields as f
from ..fields import Column, FieldError
from ..models import (
    Area,
    Department,
)
from ..tabular import Table, header_key

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
    title: str = ""

    def summary(self) -> str:
        mode = "试导入（未写入）" if self.dry_run else "已导入"
        return (
            f"{mode}{self.title} {self.total} 行：新增 {self.created}，"
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
            found = by_key.get(header_key(label))
            if found is None:
                if label.strip():
                    unknown.append(label.strip())
            elif found in mapping.values():
                self.error(1, found.label, f"表头重复（第{index + 1}列）")
            else:
                mapping[index] = found
        present = set(mapping.values())
        for column in columns:
            if column.required and column not in present:
                self.error(1, column.label, "缺少必填列")
        return mapping, unknown

    def locate_header(self, table: Table) -> Table:
        """Skip a title line or two above the header, as offices often put in their sheets.

        The header is line 1 unless line 1 names no known column and one of the next few
        lines names at least two; line numbers in errors stay those of the file.
        """
        labels = {header_key(a) for c in self.columns() for a in (c.label, c.name, *c.aliases)}

        def hits(row: list[Any]) -> int:
            return sum(1 for cell in row if header_key(f.cell_text(cell)) in labels)

        if hits(table.header) or not table.rows:
            return table
        for index, row in enumerate(table.rows[:5]):
            if hits(row) >= 2:
                header = [f.cell_text(c) for c in row]
                rest = index + 1
                return Table(header=header, rows=table.rows[rest:], lines=table.lines[rest:])
        return table

    def parse(self, table: Table, progress: Progress | None) -> list[tuple[int, dict[str, Any]]]:
        table = self.locate_header(table)
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
