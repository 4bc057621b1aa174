from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "xiangzhi.services"
    label = "services"
    verbose_name = "便民服务"

    def ready(self):
        from xiangzhi.core.modules import Module, register

        register(Module("services_apply", _("网上办事"), "services:item_list", "service.apply", order=80))
        register(Module("services_mine", _("我的申请"), "services:mine", "service.apply", order=81))
        register(Module("services_proxy", _("便民代办"), "services:item_list", "service.proxy", order=80))
        register(Module("services_office", _("便民服务办件"), "services:office", "service.view", order=82))
        register(Module("services_catalogue", _("服务事项清单"), "services:item_list", "service.catalogue", order=83))
