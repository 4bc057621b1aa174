from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "xiangzhi.safety"
    label = "safety"
    verbose_name = "平安乡村与示范创建"
