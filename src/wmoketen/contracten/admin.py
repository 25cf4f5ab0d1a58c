"""Providers and contracts in the admin, within the beheerder's region (core.admin).

A provider (aanbieder) is national (AGB register); a beheerder sees and changes those contracted in their own
region (or not contracted anywhere yet), and may change one only when all its contracts are in that region. For a
new contract any provider can be chosen; for a provider user, a system token or a ceiling only those contracted in
the region (a beheerder must not give anyone a provider's reach elsewhere)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from wmoketen.core.admin import BeheerAdmin, is_superuser, regio_bereik

from . import weergave
from .models import Aanbieder, Budgetplafond, Overeenkomst

regio_bereik(Aanbieder, lambda regio_id: Q(overeenkomsten__regio_id=regio_id))
regio_bereik(Overeenkomst, "regio")
regio_bereik(Budgetplafond, "segment__regio")


@admin.register(Aanbieder)
class AanbiederAdmin(BeheerAdmin):
    list_display = ["naam", "agb_code", "is_demo"]
    search_fields = ["naam", "agb_code"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super(BeheerAdmin, self).get_queryset(request)
        if is_superuser(request):
            return qs
        regio_id = getattr(request.user, "regio_id", None)
        if regio_id is None or not self.has_module_permission(request):
            return qs.none()
        return qs.filter(Q(overeenkomsten__regio_id=regio_id) | Q(overeenkomsten__isnull=True)).distinct()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or is_superuser(request):
            return True
        return not obj.overeenkomsten.exclude(regio_id=getattr(request.user, "regio_id", None)).exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)


@admin.register(Overeenkomst)
class OvereenkomstAdmin(BeheerAdmin):
    list_display = ["kenmerk", "aanbieder", "regio", "soort", "procedure", "ingangsdatum", "einddatum"]
    list_filter = [("regio", admin.RelatedOnlyFieldListFilter), "soort", "procedure"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "aanbieder" and self.has_module_permission(request):
            kwargs["queryset"] = Aanbieder.objects.order_by("naam")  # any provider may get a contract here
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Budgetplafond)
class BudgetplafondAdmin(BeheerAdmin):
    list_display = ["aanbieder", "segment", "jaar", "bedrag"]

    @admin.display(description="bedrag", ordering="bedrag_cent")
    def bedrag(self, obj: Budgetplafond) -> str:
        return weergave.euro(obj.bedrag_cent)

    list_filter = ["jaar", ("segment__regio", admin.RelatedOnlyFieldListFilter)]
