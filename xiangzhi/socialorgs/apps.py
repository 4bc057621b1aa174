from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialorgsConfig(AppConfig):
    name = "xiangzhi.socialorgs"
    label = "socialorgs"
    verbose_name = "社会组织与政府购买服务"

    def ready(self):
        from xiangzhi.core.modules import Module, register

        register(Module("socialorgs", _("社会组织"), "socialorgs:list", "socialorg.view", order=84))
        register(Module("socialorgs_projects", _("政府购买服务"), "socialorgs:projects", "socialorg.view", order=85))
        register(Module("socialwork_stations", _("乡镇社会工作服务站"), "socialorgs:stations", "socialorg.view",
                        order=86))
