from django.apps import AppConfig


class ShopConfig(AppConfig):
    name = "xiangzhi.shop"
    label = "shop"
    verbose_name = "积分超市"
