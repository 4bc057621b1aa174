from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "xiangzhi.talent"
    label = "talent"
    verbose_name = "后备人才与驻村力量"

    def ready(self):
        from xiangzhi.core.modules import Module, register

        register(Module("talent", _("后备人才与驻村力量"), "talent:overview", "talent.view", order=72))
        register(Module("talent_target", _("后备人才目标"), "talent:pool_target", "talent.config", order=73))
