from django.apps import AppConfig


class VettingConfig(AppConfig):
    name = "xiangzhi.vetting"
    label = "vetting"
    verbose_name = "村干部备案与联审"
