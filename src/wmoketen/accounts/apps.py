from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "wmoketen.accounts"
    verbose_name = "Accounts en rollen"
