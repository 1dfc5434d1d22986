"""What sampling adds to earlier stages, registered from SamplingConfig.ready."""

from __future__ import annotations

from typing import Any


def _export_draws(*, actor: Any, fmt: str = "json", auditor: bool = False) -> bytes:
    from .records import export_draws

    return export_draws(actor=actor, auditor=auditor)


def _demo_draws(say: Any) -> Any:
    from .demo import load_draws

    return load_draws(say)


def register() -> None:
    from shuangsuiji.directory.demo import register_demo_step
    from shuangsuiji.directory.exporters import register_export
    from shuangsuiji.plans.panels import Panel, register_task_panel

    from .views import draw_panel

    register_task_panel(Panel("draw", "sampling/_task_panel.html", draw_panel, order=10))
    register_export("draws", "抽取记录", _export_draws, options=("auditor",))
    register_demo_step("draws", _demo_draws)
