from django.apps import AppConfig


class TopicsConfig(AppConfig):
    name = "xiangzhi.topics"
    label = "topics"
    verbose_name = "说议办评"
