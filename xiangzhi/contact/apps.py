from django.apps import AppConfig


class ContactConfig(AppConfig):
    name = "xiangzhi.contact"
    label = "contact"
    verbose_name = "联村联户与吹哨报到"
