from django.apps import AppConfig


class PartyworkConfig(AppConfig):
    name = "xiangzhi.partywork"
    label = "partywork"
    verbose_name = "党员设岗、承诺与积分"
