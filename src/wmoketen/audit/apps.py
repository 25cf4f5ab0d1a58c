from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "wmoketen.audit"
    verbose_name = "Logboek dataverwerkingen"

    def ready(self) -> None:
        from wmoketen.core import events
        from wmoketen.core.admin import BEHEER_GEWIJZIGD

        from .services import beheerwijziging_vastleggen

        events.subscribe(BEHEER_GEWIJZIGD, beheerwijziging_vastleggen)
