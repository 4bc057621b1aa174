from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class LedgersConfig(AppConfig):
    name = "xiangzhi.ledgers"
    label = "ledgers"
    verbose_name = "台账自动生成"

    def ready(self):
        from xiangzhi.core.modules import Module, register

        register(Module("ledgers", _("台账"), "ledgers:home", "ledger.download", order=21))
        # Every app declares the ledgers generated from its records in its own ledgers.py.
        autodiscover_modules("ledgers")
