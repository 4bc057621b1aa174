from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsConfig(AppConfig):
    name = "xiangzhi.pilots"
    label = "pilots"
    verbose_name = "试点示范与典型案例"

    def ready(self):
        from xiangzhi.core.modules import Module, register

        register(Module("pilots_cases", _("试点示范与典型案例"), "pilots:list", "pilot.view", order=88))
        register(Module("pilots_coverage", _("县域特色品牌覆盖"), "pilots:coverage", "pilot.view", order=89))
