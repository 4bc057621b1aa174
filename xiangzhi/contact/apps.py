from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactConfig(AppConfig):
    name = "xiangzhi.contact"
    label = "contact"
    verbose_name = "联村联户与吹哨报到"

    def ready(self):
        from xiangzhi.core.modules import Module, register

        register(Module("contact", _("联村联户"), "contact:home", "contact.view", order=76))
        register(Module("contact_coverage", _("走访覆盖"), "contact:coverage", "contact.view", order=77))
        register(Module("whistles", _("吹哨报到"), "contact:whistles", "whistle.report", order=78))
