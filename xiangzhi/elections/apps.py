from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "xiangzhi.elections"
    label = "elections"
    verbose_name = "选举与村规民约"

    def ready(self):
        from xiangzhi.core.modules import Module, register
        from xiangzhi.portal.sections import Section
        from xiangzhi.portal.sections import register as register_section
        from xiangzhi.translog.log import register_kind

        from .charters import LOG_KIND, canonical_charter, portal_context, public_charter_url
        from .models import Charter

        register(Module("elections", _("换届选举"), "elections:index", "election.view", order=88))
        register(Module("elections_recalls", _("罢免与民主评议"), "elections:recall_list", "election.view", order=89))
        register(Module("elections_petitions", _("罢免联名"), "elections:petitions", "assembly.petition", order=90))
        register(Module("charters", _("村规民约"), "elections:charter_list", "charter.view", order=91))
        register_kind(LOG_KIND, Charter, canonical_charter, label=_("村规民约/自治章程"), public_url=public_charter_url)
        register_section(Section(
            key="village_rules", title=_("村规民约"), order=40, template="elections/portal_section.html",
            context=portal_context,
        ))
