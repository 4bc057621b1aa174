from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "xiangzhi.core"
    label = "core"
