from django.apps import AppConfig


class CatalogusConfig(AppConfig):
    name = "wmoketen.catalogus"
    verbose_name = "Catalogus"
