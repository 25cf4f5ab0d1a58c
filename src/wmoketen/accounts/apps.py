from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "wmoketen.accounts"
    verbose_name = "Accounts en rollen"


class AxesConfig(AxesAppConfig):
    """django-axes (blocking after failed sign-ins) under a Dutch name in the admin; its texts are translated in
    `wmoketen/locale/nl` (axes has no Dutch translation of its own)."""

    verbose_name = "Aanmeldpogingen (blokkade)"
