from django.contrib import admin

from wmoketen.core.admin import AlleenLezenAdmin, regio_bereik

from .models import Verwerking

regio_bereik(Verwerking, "actor__regio")  # a beheerder reads what the people of their own region did


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
    search_fields = ["actor_omschrijving", "object_type", "object_id"]
