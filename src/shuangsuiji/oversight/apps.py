from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "shuangsuiji.oversight"
    label = "oversight"
    verbose_name = "考核督查"

    def ready(self) -> None:
        # Hooks into earlier stages (reminders from 追责 flags, task page sections).
        from . import hooks

        hooks.register()
