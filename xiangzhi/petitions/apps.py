from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "xiangzhi.petitions"
    label = "petitions"
    verbose_name = "信访代办与特殊人群"

    def ready(self):
        from xiangzhi.core.modules import Module, register

        register(Module("petitions", _("信访代办"), "petitions:petition_list", "petition.view", order=125))
        register(Module("petitions_special", _("特殊人群"), "petitions:special_list", "special.view", order=126))
        register(Module("petitions_certificates", _("执法持证上岗"), "petitions:certificates", "enforcement.view",
                        order=127))
        register(Module("petitions_centres", _("综治中心"), "petitions:centres", "petition.view", order=128))
