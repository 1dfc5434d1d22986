from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "shuangsuiji.inspections"
    label = "inspections"
    verbose_name = "检查与后续处置"

    def ready(self) -> None:
        # Hooks into earlier stages: the task page section, the yearly-cap merge of visits,
        # the demo step, and (when plans provides them) completion checks and reminders.
        from . import hooks

        hooks.register()
