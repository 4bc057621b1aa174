from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "xiangzhi.regions"
    label = "regions"

    def ready(self):
        from xiangzhi.core.modules import Module, register

        register(Module("regions", _("区划"), "regions:index", "region.view", order=10))
        register(Module("designations", _("示范创建"), "regions:designations", "region.view", order=90))
