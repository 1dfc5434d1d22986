"""What 一公开 adds to earlier stages, registered from DisclosureConfig.ready."""

from __future__ import annotations

from typing import Any

from shuangsuiji.plans.hooks import register_publication_check

from .models import ExemptionState, ResultExemption


def pending_exemptions(task: Any) -> list[str]:
    """A task's results are not published while a 不予公开 request awaits the office."""
    n = ResultExemption.objects.filter(
        state=ExemptionState.REQUESTED, result__draw__task=task, result__draw__is_current=True
    ).count()
    return [f"有 {n} 条结果的不予公开申请待联席办审批"] if n else []


def _export_results(*, actor: Any, fmt: str, **options: Any) -> bytes:
    from .exports import export_results

    return export_results(actor=actor, fmt=fmt, **options)


def _demo_exemptions(say: Any) -> Any:
    from .demo import load_exemptions

    return load_exemptions(say)


def register() -> None:
    from shuangsuiji.directory.demo import register_demo_step
    from shuangsuiji.directory.exporters import register_export
    from shuangsuiji.plans.panels import Panel, register_task_panel

    from .views.panel import publication_panel

    register_publication_check(pending_exemptions)
    register_task_panel(
        Panel("publication", "disclosure/_task_panel.html", publication_panel, order=30)
    )
    register_export(
        "results",
        "抽查结果公告",
        _export_results,
        formats=("csv", "xlsx", "json"),
        options=("task", "since"),
    )
    register_demo_step("exemptions", _demo_exemptions, order=270)
