from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "shuangsuiji.common"
    label = "common"
    verbose_name = "公共（审计日志）"
