from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PowersConfig(AppConfig):
    name = "xiangzhi.powers"
    label = "powers"
    verbose_name = "小微权力"

    def ready(self):
        from xiangzhi.core.modules import Module, register
        from xiangzhi.portal.sections import Section
        from xiangzhi.portal.sections import register as register_section
        from xiangzhi.translog.log import register_kind

        from .cases import LOG_KIND
        from .models import PowerCase
        from .public import canonical_case, portal_context, public_case_url

        register(Module("powers_lists", _("小微权力"), "powers:index", "power.view", order=70))
        register(Module("powers_cases", _("权力案件"), "powers:case_list", "power.view", order=71))
        register(Module("powers_overdue", _("超期案件"), "powers:overdue", "power.case.supervise", order=72))
        register_kind(
            LOG_KIND, PowerCase, canonical_case, label=_("小微权力办理结果"), public_url=public_case_url
        )
        register_section(Section(
            key="powers", title=_("小微权力清单"), order=30, template="powers/portal_section.html",
            context=portal_context,
        ))
