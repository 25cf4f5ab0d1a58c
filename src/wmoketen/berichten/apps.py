from django.apps import AppConfig


class BerichtenConfig(AppConfig):
    name = "wmoketen.berichten"
    verbose_name = "iWmo-berichten"

    def ready(self) -> None:
        from wmoketen.core import events
        from wmoketen.toegang.services import BESCHIKKING_VASTGESTELD
        from wmoketen.toewijzingen.beeindigen import VOOR_VERHUIZING, VOORZIENINGEN_BEEINDIGD

        from .services import bij_verhuizing
        from .tasks import na_beeindiging, na_beschikking

        events.subscribe(BESCHIKKING_VASTGESTELD, na_beschikking)
        events.subscribe(VOORZIENINGEN_BEEINDIGD, na_beeindiging)
        events.subscribe(VOOR_VERHUIZING, bij_verhuizing)
