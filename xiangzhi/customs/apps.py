from django.apps import AppConfig


class CustomsConfig(AppConfig):
    name = "xiangzhi.customs"
    label = "customs"
    verbose_name = "移风易俗与志愿服务"
