from django.apps import AppConfig


class TakenConfig(AppConfig):
    name = "wmoketen.taken"
    verbose_name = "Achtergrondtaken"
