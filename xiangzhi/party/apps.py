from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    name = "xiangzhi.party"
    label = "party"
    verbose_name = "党组织与党员"

    def ready(self):
        from xiangzhi.core.modules import Module, register

        register(Module("party_organisations", _("党组织"), "party:organisations", "party.view", order=60))
        register(Module("party_members", _("党员"), "party:member_list", "party.view", order=61))
        register(Module("party_links", _("党员联系农户"), "party:coverage", "party.view", order=62))
