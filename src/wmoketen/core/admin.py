"""Admin base classes: roles, not per-model permissions, decide who maintains what.

The user model says whether someone is functioneel beheer (`is_functioneel_beheer`); core only asks."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


def is_functioneel_beheer(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(user.is_active and (user.is_superuser or getattr(user, "is_functioneel_beheer", False)))


class BeheerAdmin(admin.ModelAdmin):
    """Full rights for functioneel beheer, none for anyone else."""

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
    """Functioneel beheer may look, nobody may change (for logs)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
