from django.apps import AppConfig


class BerichtenConfig(AppConfig):
    name = "wmoketen.berichten"
    verbose_name = "iWmo-berichten"

    def ready(self) -> None:
        from wmoketen.core import events
        from wmoketen.toegang.services import BESCHIKKING_VASTGESTELD

        from .tasks import na_beschikking

        events.subscribe(BESCHIKKING_VASTGESTELD, na_beschikking)
