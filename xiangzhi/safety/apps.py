from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "xiangzhi.safety"
    label = "safety"
    verbose_name = "平安乡村与示范创建"

    def ready(self):
        from xiangzhi.core.modules import Module, register

        register(Module("safety_overview", _("无案村/降发案村"), "safety:overview", "safety.view", order=135))
        register(Module("safety_statistics", _("案件统计填报"), "safety:statistics", "safety.stats", order=136))
        register(Module("safety_definition", _("平安村认定口径"), "safety:definition", "safety.config", order=137))
        register(Module("safety_democracy", _("民主法治示范村"), "safety:application_list", "safety.view", order=138))
        register(Module("safety_democracy_grant", _("民主法治示范村命名"), "safety:application_list",
                        "designation.grant", order=139))
