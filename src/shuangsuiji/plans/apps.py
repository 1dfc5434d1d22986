from typing import Any

from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "shuangsuiji.plans"
    label = "plans"
    verbose_name = "抽查计划与任务"

    def ready(self) -> None:
        # plans' own reminder sources register themselves on import
        from shuangsuiji.directory.demo import register_demo_step

        from . import reminders  # noqa: F401

        register_demo_step("plan", _demo_plan, order=200)


def _demo_plan(say: Any) -> Any:
    from .demo import load_plan

    return load_plan(say)
