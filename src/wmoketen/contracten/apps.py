from django.apps import AppConfig


class ContractenConfig(AppConfig):
    name = "wmoketen.contracten"
    verbose_name = "Contracten"
