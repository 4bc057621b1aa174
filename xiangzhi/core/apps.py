from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "xiangzhi.core"
    label = "core"

    def ready(self):
        from .modules import Module, register

        register(Module("audit", _("审计日志"), "core:audit", "audit.view", order=95))
