from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class LedgersConfig(AppConfig):
    name = "xiangzhi.ledgers"
    label = "ledgers"
    verbose_name = "台账自动生成"

    def ready(self):
        # Every app declares the ledgers generated from its records in its own ledgers.py.
        autodiscover_modules("ledgers")
