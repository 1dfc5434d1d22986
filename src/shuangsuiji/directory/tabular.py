"""Reading and writing tables: .xlsx and .csv in the encodings Chinese offices produce.

CSV may be UTF-8 (with or without BOM) or GBK/GB18030 as Excel writes it on Chinese Windows;
GB18030 is a superset of GBK, so one fallback covers both. Exports write CSV as UTF-8 with a
BOM, which Excel on Chinese Windows opens correctly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from shuangsuiji.common.errors import ServiceError

FORMATS = ("csv", "xlsx", "json")


@dataclass
class Table:
    """A header and its data rows; ``lines[i]`` is the file line number of ``rows[i]``."""

    header: list[str]
    rows: list[list[Any]]
    lines: list[int]


def decode_csv(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ServiceError("无法识别文件编码：请保存为 UTF-8 或 GBK 编码的 CSV，或 .xlsx") from exc


def _is_blank(row: Sequence[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)


def _table(raw_rows: Iterator[Sequence[Any]]) -> Table:
    header: list[str] | None = None
    rows: list[list[Any]] = []
    lines: list[int] = []
    for line, raw in enumerate(raw_rows, start=1):
        if header is None:
            if line == 1:
                header = ["" if c is None else str(c) for c in raw]
            continue
        if _is_blank(raw):
            continue
        rows.append(list(raw))
        lines.append(line)
    if header is None or _is_blank(header):
        raise ServiceError("文件为空，或第1行不是表头")
    return Table(header=header, rows=rows, lines=lines)


def read_table(filename: str, data: bytes) -> Table:
    """Parse an uploaded .xlsx or .csv file; the first line is the header."""
    name = filename.lower()
    if name.endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:
            raise ServiceError("无法读取该 Excel 文件：请确认是 .xlsx 格式且未加密") from exc
        try:
            sheet = workbook.worksheets[0]
            return _table(iter(sheet.iter_rows(values_only=True)))
        finally:
            workbook.close()
    if name.endswith(".xls"):
        raise ServiceError("不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再导入")
    text = decode_csv(data)
    return _table(iter(csv.reader(io.StringIO(text, newline=""))))


def header_key(label: str) -> str:
    """Fold a header cell for matching: NFKC, no spaces, no required-marker, no unit suffix."""
    folded = unicodedata.normalize("NFKC", label or "").strip()
    folded = "".join(folded.split()).rstrip("*").lstrip("*")
    for unit in ("(%)", "（%）", "(％)"):
        folded = folded.replace(unicodedata.normalize("NFKC", unit), "")
    return folded.lower()


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    # Names keep their full-width punctuation （…）; only codes and numbers are folded.
    return str(value).strip()


def folded_text(value: Any) -> str:
    """Cell text with full-width digits, letters and signs folded to half-width (NFKC)."""
    return unicodedata.normalize("NFKC", cell_text(value)).strip()


def write(fmt: str, header: list[str], rows: list[list[Any]], sheet_title: str = "Sheet1") -> bytes:
    """Serialise a table as csv (UTF-8 with BOM), xlsx or json (a list of objects)."""
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([["" if c is None else c for c in row] for row in rows])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    if fmt == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(sheet_title[:31])
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
    if fmt == "json":
        objects = [dict(zip(header, row, strict=True)) for row in rows]
        return json.dumps(objects, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    raise ServiceError(f"不支持的格式 {fmt}，可选 csv、xlsx、json")


def write_template(
    header: list[str], required: set[str], notes: list[str], example: list[Any]
) -> bytes:
    """An .xlsx import template: bold header, required columns marked, an example and notes."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "导入模板"
    sheet.append([f"{h}*" if h in required else h for h in header])
    fill = PatternFill("solid", fgColor="FFF2CC")
    for cell, name in zip(sheet[1], header, strict=True):
        cell.font = Font(bold=True)
        if name in required:
            cell.fill = fill
        column = getattr(cell, "column_letter", "A")
        sheet.column_dimensions[column].width = max(12, min(40, len(name) * 3))
    help_sheet = workbook.create_sheet("填写说明")
    help_sheet.column_dimensions["A"].width = 100
    for note in notes:
        help_sheet.append([note])
    help_sheet.append([])
    help_sheet.append(["填写示例（请在“导入模板”工作表中填写，本行不会被导入）："])
    help_sheet.append(header)
    help_sheet.append(example)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
