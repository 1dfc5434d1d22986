from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "shuangsuiji.directory"
    label = "directory"
    verbose_name = "一单两库"
