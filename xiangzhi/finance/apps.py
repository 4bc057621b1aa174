from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "xiangzhi.finance"
    label = "finance"
    verbose_name = "村级三资"

    def ready(self):
        from xiangzhi.core.modules import Module, register

        # Declaring the procedures registers them with the workflow core.
        from . import audits, filings, vouchers  # noqa: F401

        register(Module("finance", _("村级三资"), "finance:home", "finance.view", order=64))
        register(Module("finance_filings", _("重大事项备案"), "finance:filing_list", "filing.view", order=65))
        register(Module("finance_audits", _("专项审计"), "finance:audit_list", "special_audit.view", order=66))
