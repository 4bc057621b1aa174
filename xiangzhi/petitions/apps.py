from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "xiangzhi.petitions"
    label = "petitions"
    verbose_name = "信访代办与特殊人群"
