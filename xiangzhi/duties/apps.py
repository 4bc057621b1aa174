from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutiesConfig(AppConfig):
    name = "xiangzhi.duties"
    label = "duties"
    verbose_name = "村级事项准入"

    def ready(self):
        from xiangzhi.core.modules import Module, register

        register(Module("duties", _("村级事项"), "duties:index", "duty.view", order=95))
        register(Module("duties_admissions", _("事项准入"), "duties:admission_list", "duty.admission.request", order=96))
        register(Module("duties_burden", _("各村负担"), "duties:burden", "duty.burden", order=97))
