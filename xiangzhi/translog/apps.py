from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslogConfig(AppConfig):
    name = "xiangzhi.translog"
    label = "translog"
    verbose_name = "公开日志"

    def ready(self):
        from xiangzhi.core.modules import Module, register

        # The log's pages are public; the module only puts them in the signed-in navigation.
        register(Module("translog", _("公开日志"), "translog:index", "disclosure.view", order=79))
