from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "shuangsuiji.disclosure"
    label = "disclosure"
    verbose_name = "一公开"

    def ready(self) -> None:
        # Hooks into earlier stages: the publication check on tasks and the "results" export.
        from . import hooks

        hooks.register()
