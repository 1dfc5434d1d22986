"""Sections that later stages add to the task detail page.

A later stage (sampling's 抽取, later inspections) registers a function in its AppConfig.ready;
the task page shows each section's template rendered with the context the function returns. The
dependency stays one-way: plans never imports the stages after it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from .models import Task

PanelFunction = Callable[[HttpRequest, Task], dict[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context: PanelFunction
    order: int = 100


_PANELS: dict[str, Panel] = {}


def register_task_panel(panel: Panel) -> None:
    _PANELS[panel.key] = panel


def task_panels(request: HttpRequest, task: Task) -> list[str]:
    """The rendered HTML of every registered section that applies to this task and user."""
    shown: list[str] = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.key)):
        context = panel.context(request, task)
        if context is not None:
            shown.append(render_to_string(panel.template, context, request=request))
    return shown
