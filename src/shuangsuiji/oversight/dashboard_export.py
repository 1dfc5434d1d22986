"""The dashboard's figures as one .xlsx workbook: one sheet per figure, last year beside.

Each sheet: the figure's title, its counting rule, the filters, then a table whose columns are
every measure for this year and for last year side by side. Rates are stored as fractions with
a percent format, so Excel can compute on them.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .statistics import Dashboard, Figure, compare

HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def filters_text(current: Dashboard) -> str:
    department = current.department.name if current.department else "全部部门"
    item = current.item.name if current.item else "全部事项"
    return (
        f"年度：{current.year}年（对比{current.year - 1}年）；部门：{department}；"
        f"抽查事项：{item}；统计日期：{current.as_of:%Y-%m-%d}"
    )


def _sheet_title(figure: Figure, used: set[str]) -> str:
    base = BAD_SHEET_CHARS.sub("", figure.title)[:28]
    title, n = base, 2
    while title in used:
        title, n = f"{base}{n}", n + 1
    used.add(title)
    return title


def workbook(current: Dashboard, previous: Dashboard, only: str | None = None) -> bytes:
    """The workbook of every figure (or of the one named ``only``), this year and last."""
    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    used: set[str] = set()
    bold = Font(bold=True)
    for figure in current.figures:
        if only is not None and figure.key != only:
            continue
        sheet = book.create_sheet(_sheet_title(figure, used))
        sheet.append([figure.title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([figure.rule])
        sheet.append([filters_text(current)])
        sheet.append([])
        header = [figure.dimension]
        for measure in figure.measures:
            header += [
                f"{measure.label}（{current.year}年）",
                f"{measure.label}（{previous.year}年）",
            ]
        sheet.append(header)
        header_row = sheet.max_row
        for cell in sheet[header_row]:
            cell.font = bold
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for row in compare(figure, previous.figure(figure.key)):
            cells: list[object] = [row.label]
            for measure in figure.measures:
                cells += [row.current.get(measure.key), row.previous.get(measure.key)]
            sheet.append(cells)
            if row.key == "total":
                for cell in sheet[sheet.max_row]:
                    cell.font = bold
        for col, measure in enumerate(figure.measures):
            if measure.kind != "rate":
                continue
            for index in (2 + 2 * col, 3 + 2 * col):
                letter = get_column_letter(index)
                for r in range(header_row + 1, sheet.max_row + 1):
                    sheet[f"{letter}{r}"].number_format = "0.0%"
        sheet.column_dimensions["A"].width = 28
        for index in range(2, len(header) + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 16
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def filename(current: Dashboard, only: str | None = None) -> str:
    scope = current.department.short_name or current.department.name if current.department else ""
    part = ""
    if only is not None:
        part = "-" + current.figure(only).title
    return f"双随机监管统计-{current.year}年{('-' + scope) if scope else ''}{part}.xlsx"
