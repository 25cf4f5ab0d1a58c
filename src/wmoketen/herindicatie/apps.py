from django.apps import AppConfig


class HerindicatieConfig(AppConfig):
    name = "wmoketen.herindicatie"
    verbose_name = "Evaluatie, herindicatie en conversie"

    def ready(self) -> None:
        from wmoketen.core import events

        from .beschikking import EVENT, bij_beschikking

        events.subscribe(EVENT, bij_beschikking)
