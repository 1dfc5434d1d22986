"""Cell parsers shared by the importers: each turns one cell into a value or a Chinese reason."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from .models.items import Frequency, frequency_from_text
from .tabular import cell_text, folded_text


class FieldError(ValueError):
    """Why one cell is invalid, in Chinese."""


Parser = Callable[[Any], Any]

LIST_SEPARATORS = re.compile(r"[、,，;；|\n]+")
_DATE_PATTERNS = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "有"}
_FALSE = {"否", "n", "no", "false", "0", "无", "×", ""}
INDUSTRY_CODE = re.compile(r"^[A-T]?\d{2,4}$|^[A-T]$")


@dataclass(frozen=True, eq=False)
class Column:
    """One importable/exportable column: its Chinese header, English name and parser."""

    label: str
    name: str
    parse: Parser
    required: bool = False
    aliases: tuple[str, ...] = field(default=())


def text(max_length: int, *, required: bool = False) -> Parser:
    def parse(value: Any) -> str:
        result = cell_text(value)
        if required and not result:
            raise FieldError("不能为空")
        if len(result) > max_length:
            raise FieldError(f"不能超过{max_length}个字符")
        return result

    return parse


def date_value(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = folded_text(value)
    if not raw:
        return None
    for pattern in _DATE_PATTERNS:
        match = pattern.match(raw)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError as exc:
                raise FieldError(f"日期“{raw}”不存在") from exc
    raise FieldError(f"无法识别的日期“{raw}”，请写作 2024-03-15")


def required_date(value: Any) -> dt.date:
    result = date_value(value)
    if result is None:
        raise FieldError("不能为空")
    return result


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raw = folded_text(value).lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise FieldError(f"应填“是”或“否”，实际为“{cell_text(value)}”")


def count(value: Any) -> int:
    raw = folded_text(value)
    if not raw:
        return 0
    if not raw.isdigit():
        raise FieldError(f"应为不小于0的整数，实际为“{raw}”")
    return int(raw)


def year(value: Any) -> int:
    raw = folded_text(value).removesuffix("年")
    if not (raw.isdigit() and 2000 <= int(raw) <= 2100):
        raise FieldError(f"应为四位年份，如 2025，实际为“{cell_text(value)}”")
    return int(raw)


def percent(value: Any) -> Decimal | None:
    """A ratio in percent: “5”, “5%”, “0.5％” → Decimal; Excel's 0.05-as-5% is not guessed."""
    raw = folded_text(value).replace("%", "").strip()
    if not raw:
        return None
    try:
        result = Decimal(raw)
    except InvalidOperation as exc:
        raise FieldError(f"应为百分比数字，如 5 或 5%，实际为“{cell_text(value)}”") from exc
    if not (Decimal(0) < result <= Decimal(100)):
        raise FieldError("应大于0且不超过100（单位为%）")
    return result.quantize(Decimal("0.01"))


def string_list(value: Any) -> list[str]:
    raw = cell_text(value)
    seen: list[str] = []
    for part in LIST_SEPARATORS.split(raw):
        part = part.strip()
        if part and part not in seen:
            seen.append(part)
    return seen


def choice(options: Mapping[str, str], what: str) -> Parser:
    """Accept a label (中文) or the stored value; blank means no value."""
    by_label = {label: value for value, label in options.items()}

    def parse(value: Any) -> str:
        raw = cell_text(value)
        if not raw:
            return ""
        if raw in by_label:
            return by_label[raw]
        if raw in options:
            return raw
        allowed = "、".join(options.values())
        raise FieldError(f"未知的{what}“{raw}”，可选：{allowed}")

    return parse


def frequency(value: Any) -> str:
    """抽查频次: 每月, 每季, 每半年 or 每年, also as lists write them (每月1次, 每季度, 每年2次)."""
    raw = cell_text(value)
    found = frequency_from_text(raw)
    if found is None:
        allowed = "、".join(Frequency.labels)
        raise FieldError(
            f"未知的抽查频次“{raw}”，可选：{allowed}（也可写作每月1次、每季度1次、每年2次）"
        )
    return found


def multi_choice(options: Mapping[str, str], what: str) -> Parser:
    single = choice(options, what)

    def parse(value: Any) -> list[str]:
        return [single(part) for part in string_list(value)]

    return parse


def industry_code(value: Any) -> str:
    raw = folded_text(value).upper()
    if raw and not INDUSTRY_CODE.match(raw):
        raise FieldError(f"“{raw}”不是国民经济行业分类代码（GB/T 4754，如 F5211 或 5211）")
    return raw
