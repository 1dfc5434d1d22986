from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "shuangsuiji.plans"
    label = "plans"
    verbose_name = "抽查计划与任务"

    def ready(self) -> None:
        # plans' own reminder sources register themselves on import
        from . import reminders  # noqa: F401
