from __future__ import annotations

from django.contrib import admin

from wmoketen.core.admin import BeheerAdmin

from .models import (
    Afrekenregel,
    Bekostiging,
    CakKostprijs,
    Gemeente,
    Grondslag,
    Leefgebied,
    Perceel,
    Product,
    Profiel,
    Regio,
    Segment,
    Tarief,
)


@admin.register(Regio)
class RegioAdmin(BeheerAdmin):
    list_display = ["naam", "code", "geldig_van", "geldig_tot", "bestand_versie", "geladen_op"]
    filter_horizontal = ["gemeenten"]
    readonly_fields = ["bestand_sha256", "geladen_op"]


@admin.register(Gemeente)
class GemeenteAdmin(BeheerAdmin):
    list_display = ["naam", "cbs_code"]
    search_fields = ["naam", "cbs_code"]


class PerceelInline(admin.TabularInline):
    model = Perceel
    extra = 0


@admin.register(Segment)
class SegmentAdmin(BeheerAdmin):
    list_display = ["code", "naam", "regio", "contractduur", "plafondregel"]
    list_filter = ["regio"]
    inlines = [PerceelInline]


class BekostigingInline(admin.TabularInline):
    model = Bekostiging
    extra = 0


class TariefInline(admin.TabularInline):
    model = Tarief
    extra = 0


class CakKostprijsInline(admin.TabularInline):
    model = CakKostprijs
    extra = 0


@admin.register(Product)
class ProductAdmin(BeheerAdmin):
    list_display = ["productcode", "naam", "categorie", "perceel", "regio", "regio_productcode", "cak_code"]
    list_filter = ["regio", "categorie"]
    search_fields = ["productcode", "naam", "regio_productcode"]
    inlines = [BekostigingInline, TariefInline, CakKostprijsInline]


@admin.register(Afrekenregel)
class AfrekenregelAdmin(BeheerAdmin):
    list_display = ["naam", "regio", "periodegrid", "eerste_periode", "laatste_periode", "onderbreking"]
    list_filter = ["regio"]


@admin.register(Profiel)
class ProfielAdmin(BeheerAdmin):
    list_display = ["code", "naam", "regio", "categorie", "aard", "intensiteit"]
    list_filter = ["regio"]


admin.site.register(Grondslag, BeheerAdmin)
admin.site.register(Leefgebied, BeheerAdmin)
