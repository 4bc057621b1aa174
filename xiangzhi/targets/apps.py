from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "xiangzhi.targets"
    label = "targets"
    verbose_name = "规划目标与指标"

    def ready(self):
        # Every app declares its indicators in its own indicators.py.
        autodiscover_modules("indicators")
