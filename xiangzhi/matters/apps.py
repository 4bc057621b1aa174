from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MattersConfig(AppConfig):
    name = "xiangzhi.matters"
    label = "matters"
    verbose_name = "四议两公开"

    def ready(self):
        from xiangzhi.core.modules import Module, register
        from xiangzhi.portal.sections import Section
        from xiangzhi.portal.sections import register as register_section
        from xiangzhi.translog.log import register_kind

        from .models import Notice
        from .notices import canonical_resolution, canonical_result, portal_context, public_url
        from .procedure import RESOLUTION_KIND, RESULT_KIND

        register(Module("matters", _("四议两公开"), "matters:list", "matter.view", order=85))
        register(Module("matters_supervision", _("四议两公开督导"), "matters:supervision", "matter.supervise", order=86))
        register(Module("matters_catalogue", _("村级协商目录"), "matters:catalogue", "matter.catalogue", order=87))
        register_kind(RESOLUTION_KIND, Notice, canonical_resolution, label=_("四议两公开决议公开"), public_url=public_url)
        register_kind(RESULT_KIND, Notice, canonical_result, label=_("四议两公开实施结果公开"), public_url=public_url)
        register_section(Section(
            key="matters", title=_("四议两公开"), order=20, template="matters/portal_section.html",
            context=portal_context,
        ))
