from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "xiangzhi.elections"
    label = "elections"
    verbose_name = "选举与村规民约"
