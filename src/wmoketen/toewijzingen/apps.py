from django.apps import AppConfig


class ToewijzingenConfig(AppConfig):
    name = "wmoketen.toewijzingen"
    verbose_name = "Toewijzingen"

    def ready(self) -> None:
        from wmoketen.core import events

        from .beschikking import EVENT, bij_beschikking

        events.subscribe(EVENT, bij_beschikking)
