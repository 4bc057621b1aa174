from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "xiangzhi.ratings"
    label = "ratings"
    verbose_name = "评星评选"
