from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "xiangzhi.regions"
    label = "regions"
