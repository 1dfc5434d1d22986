"""Display helpers for the 抽取 pages."""

from __future__ import annotations

from typing import Any

from django import template

from ..population import percent

register = template.Library()


@register.filter
def bp(value: Any) -> str:
    """Basis points as a percentage: 150 → “1.5%”."""
    return "" if value in (None, "") else percent(float(value))


@register.filter
def pct(value: Any) -> str:
    """A probability 0…1 as a percentage with up to two decimals."""
    if value in (None, ""):
        return "—"
    return percent(float(value) * 10_000)


@register.filter
def get(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


GROUP_LABELS = {
    "serious_dishonesty": "严重违法失信",
    "abnormal_list": "经营异常",
    "complaints": "投诉举报多",
    "key_supervision": "重点监管",
}


@register.filter
def stratum_label(name: str) -> str:
    return GROUP_LABELS.get(name, name)
