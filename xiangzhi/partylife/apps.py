from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartylifeConfig(AppConfig):
    name = "xiangzhi.partylife"
    label = "partylife"
    verbose_name = "三会一课与组织生活"

    def ready(self):
        from xiangzhi.core.modules import Module, register

        register(Module("partylife_meetings", _("三会一课"), "partylife:meeting_list", "partylife.view", order=62))
        register(Module("partylife_gaps", _("三会一课落实情况"), "partylife:gaps", "partylife.view", order=63))
        register(Module("partylife_schedule", _("三会一课频次要求"), "partylife:schedule", "partylife.config",
                        order=64))
