from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShopConfig(AppConfig):
    name = "xiangzhi.shop"
    label = "shop"
    verbose_name = "积分超市"

    def ready(self):
        from xiangzhi.core.modules import Module, register

        register(Module("shop", _("积分超市"), "shop:home", "shop.redeem", order=105))
        register(Module("shop_pickups", _("兑换待领取"), "shop:pickups", "shop.manage", order=106))
        register(Module("shop_shops", _("超市台账"), "shop:shops", "shop.view", order=107))
