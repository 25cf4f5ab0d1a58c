from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wmoketen.core"
    verbose_name = "Kern"
