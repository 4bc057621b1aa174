from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "xiangzhi.portal"
    label = "portal"
    verbose_name = "村务公开门户"
