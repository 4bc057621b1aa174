from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "xiangzhi.assessment"
    label = "assessment"
    verbose_name = "乡村振兴实绩考核"

    def ready(self):
        from xiangzhi.core.modules import Module, register

        register(Module("assessment", _("实绩考核"), "assessment:index", "assessment.view", order=182))
