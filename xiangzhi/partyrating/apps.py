from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyratingConfig(AppConfig):
    name = "xiangzhi.partyrating"
    label = "partyrating"
    verbose_name = "星级化管理与软弱涣散整顿"

    def ready(self):
        from xiangzhi.core.modules import Module, register

        register(Module("partyrating_overview", _("星级化管理"), "partyrating:overview", "partyrating.view", order=64))
        register(Module("partyrating_screening", _("软弱涣散排查整顿"), "partyrating:screening", "partyrating.view",
                        order=65))
        register(Module("partyrating_scheme", _("星级评定方案"), "partyrating:scheme", "partyrating.config", order=66))
