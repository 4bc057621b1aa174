from django.apps import AppConfig


class AssemblyConfig(AppConfig):
    name = "xiangzhi.assembly"
    label = "assembly"
    verbose_name = "村民会议与议事规则"
