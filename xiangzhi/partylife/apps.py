from django.apps import AppConfig


class PartylifeConfig(AppConfig):
    name = "xiangzhi.partylife"
    label = "partylife"
    verbose_name = "三会一课与组织生活"
