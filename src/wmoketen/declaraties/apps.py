from django.apps import AppConfig


class DeclaratiesConfig(AppConfig):
    name = "wmoketen.declaraties"
    verbose_name = "Declaraties en betaling"

    def ready(self) -> None:
        # An assignment in euro's gets the volume the settlement engine pays at most (toewijzingen may not import
        # this app; see toewijzingen.services.omvang_in_euro_hook).
        from wmoketen.toewijzingen import services

        from .omvang import omvang_in_euro
        from .plafondtoets import nieuwe_client_boven_plafond

        services.omvang_in_euro_hook = omvang_in_euro
        # a provider over its budget ceiling gets no new clients where the region says so
        services.plafond_hook = nieuwe_client_boven_plafond
