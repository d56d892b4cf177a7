from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "healthycity.accounts"
    label = "accounts"
