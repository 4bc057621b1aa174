from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "xiangzhi.finance"
    label = "finance"
    verbose_name = "村级三资"
