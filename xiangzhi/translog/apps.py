from django.apps import AppConfig


class TranslogConfig(AppConfig):
    name = "xiangzhi.translog"
    label = "translog"
    verbose_name = "公开日志"
