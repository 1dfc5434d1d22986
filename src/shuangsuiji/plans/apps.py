from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "shuangsuiji.plans"
    label = "plans"
    verbose_name = "抽查计划与任务"
