from django.apps import AppConfig


class MigratieConfig(AppConfig):
    name = "wmoketen.migratie"
    verbose_name = "Migratie: overnemen uit het vorige systeem en exporteren"
