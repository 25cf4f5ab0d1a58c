from django.apps import AppConfig


class HerindicatieConfig(AppConfig):
    name = "wmoketen.herindicatie"
    verbose_name = "Evaluatie, herindicatie en conversie"
