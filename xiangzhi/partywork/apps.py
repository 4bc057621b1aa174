from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyworkConfig(AppConfig):
    name = "xiangzhi.partywork"
    label = "partywork"
    verbose_name = "党员设岗、承诺与积分"

    def ready(self):
        from xiangzhi.core.modules import Module, register

        register(Module("partywork_board", _("党员积分与先锋指数"), "partywork:board", "partywork.view", order=76))
        register(Module("partywork_mine", _("我的党员积分"), "partywork:mine", "partywork.own", order=76))
        register(Module("partywork_rules", _("党员积分规则"), "partywork:rules", "partywork.config", order=77))
