"""What inspections adds to earlier stages, registered from InspectionsConfig.ready: the task
page section, the visit merge for sampling's yearly cap, which drawn firms were inspected (a
terminated task's draw still counts for them in sampling's burden rules), the demo step, plans'
completion check (no completion while an assigned entity lacks a confirmed result) and
reminder source.
"""

from __future__ import annotations

from typing import Any


def _demo(say: Any) -> Any:
    from .demo import load_results

    return load_results(say)


def _demo_listings(say: Any) -> Any:
    from .demo_listing import load_listings

    return load_listings(say)


def _demo_lifecycle(say: Any) -> Any:
    from .demo_lifecycle import advance_tasks

    return advance_tasks(say)


def register() -> None:
    from shuangsuiji.directory.demo import register_demo_step
    from shuangsuiji.plans.hooks import register_completion_check, register_reminder_source
    from shuangsuiji.plans.panels import Panel, register_task_panel
    from shuangsuiji.sampling.population import register_cap_merge, register_inspected

    from .checks import completion_blockers, reminders_due
    from .views.tasks import inspection_panel
    from .visits import inspected_selections, merged_selections

    register_task_panel(
        Panel("inspections", "inspections/_task_panel.html", inspection_panel, order=20)
    )
    register_cap_merge("visits", merged_selections)
    register_inspected("results", inspected_selections)
    # After the draws (100), before plans puts tasks through their lifecycle (200).
    register_demo_step("results", _demo, order=150)
    # Listings and referrals on those results, before tasks complete.
    register_demo_step("listings", _demo_listings, order=160)
    # After plans (200): complete and publish tasks the way departments do.
    register_demo_step("lifecycle", _demo_lifecycle, order=250)
    register_completion_check(completion_blockers)
    register_reminder_source(reminders_due)
