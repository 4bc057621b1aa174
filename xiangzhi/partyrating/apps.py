from django.apps import AppConfig


class PartyratingConfig(AppConfig):
    name = "xiangzhi.partyrating"
    label = "partyrating"
    verbose_name = "星级化管理与软弱涣散整顿"
