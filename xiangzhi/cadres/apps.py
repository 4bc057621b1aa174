from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "xiangzhi.cadres"
    label = "cadres"
    verbose_name = "村干部培训与报酬"

    def ready(self):
        from xiangzhi.core.modules import Module, register

        register(Module("cadres_trainings", _("村干部培训"), "cadres:trainings", "cadre.view", order=84))
        register(Module("cadres_pay", _("村干部报酬"), "cadres:pay", "cadre.view", order=85))
        register(Module("cadres_mine", _("我的培训与报酬"), "cadres:mine", "cadre.own", order=85))
