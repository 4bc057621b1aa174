from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "xiangzhi.people"
    label = "people"
