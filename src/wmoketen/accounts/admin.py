from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from wmoketen.core.admin import AlleenLezenAdmin, BeheerAdmin, is_functioneel_beheer

from .models import Gebruiker

__all__ = ["AlleenLezenAdmin", "BeheerAdmin", "GebruikerAdmin"]

# Functioneel beheer maintains catalogue, contracts and users; nobody else enters the admin.
admin.site.has_permission = is_functioneel_beheer  # type: ignore[method-assign]


@admin.register(Gebruiker)
class GebruikerAdmin(BeheerAdmin, UserAdmin):
    list_display = ["username", "first_name", "last_name", "rol", "regio", "aanbieder", "is_active"]
    list_filter = ["rol", "regio", "is_active"]
    filter_horizontal = ["gemeenten"]
    fieldsets = (
        *UserAdmin.fieldsets,  # type: ignore[misc]
        ("Rol en bevoegdheid", {"fields": ("rol", "regio", "gemeenten", "aanbieder")}),
    )
