from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "xiangzhi.disclosure"
    label = "disclosure"
    verbose_name = "三务公开"

    def ready(self):
        from xiangzhi.core.modules import Module, register
        from xiangzhi.translog.log import register_kind

        from . import disclosures
        from .models import Disclosure

        register_kind(
            disclosures.LOG_KIND, Disclosure, disclosures.canonical,
            label=_("三务公开"), public_url=disclosures.public_url,
        )
        register(Module("disclosure", _("三务公开"), "disclosure:list", "disclosure.view", order=60))
        register(Module("disclosure_compliance", _("公开合规"), "disclosure:compliance", "disclosure.compliance",
                        order=61))
        register(Module("disclosure_catalogue", _("公开目录"), "disclosure:catalogue", "disclosure.catalogue",
                        order=62))
