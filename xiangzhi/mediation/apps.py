from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "xiangzhi.mediation"
    label = "mediation"
    verbose_name = "矛盾纠纷调解"

    def ready(self):
        from xiangzhi.core.modules import Module, register

        from . import actions  # noqa: F401 - declares the dispute workflow

        register(Module("mediation_disputes", _("矛盾纠纷"), "mediation:list", "dispute.view", order=120))
        register(Module("mediation_committees", _("人民调解委员会"), "mediation:committees", "dispute.view",
                        order=122))
        register(Module("mediation_intake", _("纠纷受理"), "mediation:intake", "dispute.intake", order=121))
