"""Build import files in the shapes offices produce: GBK/UTF-8 CSV and .xlsx."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook


def csv_bytes(header: list[str], rows: list[list[Any]], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    if encoding == "utf-8-sig":
        return ("\ufeff" + text).encode("utf-8")
    return text.encode(encoding)


def xlsx_bytes(header: list[str], rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


ENTITY_HEADER = ["统一社会信用代码", "名称", "主体类型", "所属区域", "信用风险分类", "成立日期"]
GOOD_A = "91410324MA44XK7R85"
GOOD_B = "91410324171672282Q"
