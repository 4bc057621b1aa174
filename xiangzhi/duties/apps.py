from django.apps import AppConfig


class DutiesConfig(AppConfig):
    name = "xiangzhi.duties"
    label = "duties"
    verbose_name = "村级事项准入"
