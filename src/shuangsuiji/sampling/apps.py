from django.apps import AppConfig


class SamplingConfig(AppConfig):
    name = "shuangsuiji.sampling"
    label = "sampling"
    verbose_name = "双随机抽取"

    def ready(self) -> None:
        # Later-stage hooks into earlier stages: the 抽取 section of the task page and the
        # "draws" kind of `shuangsuiji export`.
        from . import hooks

        hooks.register()
