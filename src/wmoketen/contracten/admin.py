from __future__ import annotations

from django.contrib import admin

from wmoketen.core.admin import BeheerAdmin

from .models import Aanbieder, Budgetplafond, Overeenkomst


@admin.register(Aanbieder)
class AanbiederAdmin(BeheerAdmin):
    list_display = ["naam", "agb_code", "is_demo"]
    search_fields = ["naam", "agb_code"]


@admin.register(Overeenkomst)
class OvereenkomstAdmin(BeheerAdmin):
    list_display = ["kenmerk", "aanbieder", "regio", "soort", "procedure", "ingangsdatum", "einddatum"]
    list_filter = ["regio", "soort", "procedure"]
    filter_horizontal = ["percelen", "producten"]


@admin.register(Budgetplafond)
class BudgetplafondAdmin(BeheerAdmin):
    list_display = ["aanbieder", "segment", "jaar", "bedrag_cent"]
    list_filter = ["jaar", "segment__regio"]
