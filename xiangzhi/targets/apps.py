from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "xiangzhi.targets"
    label = "targets"
    verbose_name = "规划目标与指标"

    def ready(self):
        from xiangzhi.core.modules import Module, register

        register(Module("targets", _("规划目标"), "targets:home", "targets.view", order=15))
        # Every app declares its indicators in its own indicators.py.
        autodiscover_modules("indicators")
        from . import receivers  # noqa: F401  (every audit event marks its unit dirty for the rollup refresh)
