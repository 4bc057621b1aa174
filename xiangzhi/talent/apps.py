from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "xiangzhi.talent"
    label = "talent"
    verbose_name = "后备人才与驻村力量"
