from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VettingConfig(AppConfig):
    name = "xiangzhi.vetting"
    label = "vetting"
    verbose_name = "村干部备案与联审"

    def ready(self):
        from xiangzhi.accounts.post_checks import register_post_check
        from xiangzhi.core.modules import Module, register

        from .post_check import vetting_refusal

        register_post_check(vetting_refusal)
        register(Module("vetting_rounds", _("村“两委”联审"), "vetting:round_list", "vetting.view", order=70))
        register(Module("vetting_township", _("联审·乡镇审查"), "vetting:round_list", "vetting.township_review",
                        order=71))
        register(Module("vetting_county", _("联审·部门审查"), "vetting:round_list", "vetting.county_review",
                        order=72))
        register(Module("secretary_filings", _("书记备案"), "vetting:filing_list", "secretary.view", order=73))
        register(Module("secretary_filing", _("书记县级备案"), "vetting:filing_list", "secretary.file", order=74))
        register(Module("vetting_removals", _("村干部清理"), "vetting:removal_list", "vetting.view", order=75))
        register(Module("vetting_appoint", _("村“两委”任职"), "vetting:appoint", "post.manage", order=76))
