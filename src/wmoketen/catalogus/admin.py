"""The catalogue in the admin: a beheerder maintains the catalogue of their own region (core.admin); the region
itself, its gemeenten and the national leefgebieden only the superuser (they come from the region files)."""

from __future__ import annotations

from django.contrib import admin

from wmoketen.core.admin import NATIONAAL, BeheerAdmin, BeheerInline, regio_bereik

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

regio_bereik(Regio, "pk")
regio_bereik(Gemeente, "regios")
regio_bereik(Segment, "regio")
regio_bereik(Perceel, "segment__regio")
regio_bereik(Grondslag, "regio")
regio_bereik(Profiel, "regio")
regio_bereik(Afrekenregel, "regio")
regio_bereik(Product, "regio")
regio_bereik(Bekostiging, "product__regio")
regio_bereik(Tarief, "product__regio")
regio_bereik(CakKostprijs, "product__regio")
regio_bereik(Leefgebied, NATIONAAL)


@admin.register(Regio)
class RegioAdmin(BeheerAdmin):
    list_display = ["naam", "code", "geldig_van", "geldig_tot", "bestand_versie", "geladen_op"]
    readonly_fields = ["bestand_sha256", "geladen_op"]
    alleen_superuser_wijzigt = True  # adding a gemeente here would widen every consultant's reach


@admin.register(Gemeente)
class GemeenteAdmin(BeheerAdmin):
    list_display = ["naam", "cbs_code"]
    search_fields = ["naam", "cbs_code"]
    alleen_superuser_wijzigt = True  # national (CBS) data, shared by regions


class PerceelInline(BeheerInline):
    model = Perceel
    extra = 0


@admin.register(Segment)
class SegmentAdmin(BeheerAdmin):
    list_display = ["code", "naam", "regio", "contractduur", "plafondregel"]
    list_filter = [("regio", admin.RelatedOnlyFieldListFilter)]
    inlines = [PerceelInline]


class BekostigingInline(BeheerInline):
    model = Bekostiging
    extra = 0


class TariefInline(BeheerInline):
    model = Tarief
    extra = 0


class CakKostprijsInline(BeheerInline):
    model = CakKostprijs
    extra = 0


@admin.register(Product)
class ProductAdmin(BeheerAdmin):
    list_display = ["productcode", "naam", "categorie", "perceel", "regio", "regio_productcode", "cak_code"]
    list_filter = [("regio", admin.RelatedOnlyFieldListFilter), "categorie"]
    search_fields = ["productcode", "naam", "regio_productcode"]
    inlines = [BekostigingInline, TariefInline, CakKostprijsInline]


@admin.register(Afrekenregel)
class AfrekenregelAdmin(BeheerAdmin):
    list_display = ["naam", "regio", "periodegrid", "eerste_periode", "laatste_periode", "onderbreking"]
    list_filter = [("regio", admin.RelatedOnlyFieldListFilter)]


@admin.register(Profiel)
class ProfielAdmin(BeheerAdmin):
    list_display = ["code", "naam", "regio", "categorie", "aard", "intensiteit"]
    list_filter = [("regio", admin.RelatedOnlyFieldListFilter)]


admin.site.register(Grondslag, BeheerAdmin)
admin.site.register(Leefgebied, BeheerAdmin)
