from django.apps import AppConfig


class DeclaratiesConfig(AppConfig):
    name = "wmoketen.declaraties"
    verbose_name = "Declaraties en betaling"

    def ready(self) -> None:
        # An assignment in euro's gets the volume the settlement engine pays at most (toewijzingen may not import
        # this app; see toewijzingen.services.omvang_in_euro_hook).
        from wmoketen.toewijzingen import services

        from .omvang import omvang_in_euro

        services.omvang_in_euro_hook = omvang_in_euro
