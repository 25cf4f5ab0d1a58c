from django.contrib import admin

from wmoketen.core.admin import AlleenLezenAdmin

from .models import Verwerking


@admin.register(Verwerking)
class VerwerkingAdmin(AlleenLezenAdmin):
    list_display = [
        "tijdstip",
        "actor_omschrijving",
        "actie",
        "verwerkingsactiviteit",
        "object_type",
        "resultaat",
    ]
    list_filter = ["actie", "verwerkingsactiviteit", "resultaat"]
