from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "xiangzhi.disclosure"
    label = "disclosure"
    verbose_name = "三务公开"
