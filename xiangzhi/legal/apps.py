from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "xiangzhi.legal"
    label = "legal"
    verbose_name = "公共法律服务"
