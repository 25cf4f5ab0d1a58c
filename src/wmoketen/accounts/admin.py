from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from .constants import Rol
from .models import Gebruiker


def is_functioneel_beheer(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(user.is_active and (user.is_superuser or getattr(user, "rol", None) == Rol.FUNCTIONEEL_BEHEER))


def _admin_toegang(request: HttpRequest) -> bool:
    return is_functioneel_beheer(request)


# Functioneel beheer maintains catalogue, contracts and users; nobody else enters the admin.
admin.site.has_permission = _admin_toegang  # type: ignore[method-assign]


class BeheerAdmin(admin.ModelAdmin):
    """Full rights for functioneel beheer, none for others (roles, not per-model permissions, decide)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_functioneel_beheer(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_functioneel_beheer(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_functioneel_beheer(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_functioneel_beheer(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_functioneel_beheer(request)


class AlleenLezenAdmin(BeheerAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Gebruiker)
class GebruikerAdmin(BeheerAdmin, UserAdmin):
    list_display = ["username", "first_name", "last_name", "rol", "regio", "aanbieder", "is_active"]
    list_filter = ["rol", "regio", "is_active"]
    filter_horizontal = ["gemeenten"]
    fieldsets = (
        *UserAdmin.fieldsets,  # type: ignore[misc]
        ("Rol en bevoegdheid", {"fields": ("rol", "regio", "gemeenten", "aanbieder")}),
    )
