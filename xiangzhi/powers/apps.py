from django.apps import AppConfig


class PowersConfig(AppConfig):
    name = "xiangzhi.powers"
    label = "powers"
    verbose_name = "小微权力"
