from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "xiangzhi.accounts"
    label = "accounts"
