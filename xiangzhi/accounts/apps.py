from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "xiangzhi.accounts"
    label = "accounts"

    def ready(self):
        from xiangzhi.core.modules import Module, register

        register(Module("security", _("账号安全"), "accounts:security", "region.view", order=99))
