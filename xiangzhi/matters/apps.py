from django.apps import AppConfig


class MattersConfig(AppConfig):
    name = "xiangzhi.matters"
    label = "matters"
    verbose_name = "四议两公开"
