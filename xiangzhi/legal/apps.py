from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "xiangzhi.legal"
    label = "legal"
    verbose_name = "公共法律服务"

    def ready(self):
        from xiangzhi.core.modules import Module, register

        register(Module("legal_coverage", _("公共法律服务"), "legal:coverage", "legal.view", order=130))
        register(Module("legal_requests", _("法律求助"), "legal:request_list", "legal.view", order=131))
        register(Module("legal_answer", _("法律求助答复"), "legal:request_list", "legal.answer", order=131))
        register(Module("legal_ask", _("法律求助"), "legal:ask", "legal.ask", order=132))
        register(Module("legal_hotline", _("12348工单导入"), "legal:hotline_import", "legal.manage", order=133))
