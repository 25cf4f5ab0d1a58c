"""Accounts and system tokens in the admin, within the beheerder's region (core.admin).

A beheerder (functioneel beheer of a region) manages the accounts of their own region: the gemeente roles of the
region and the users of providers contracted in it. They cannot see or change a superuser, nor change another
beheerder or their own account, nor grant the role functioneel beheer, superuser or staff rights, groups or
permissions, nor choose gemeenten, a region or a provider outside their own region. Every change records who
gave the account its rights and when (accounts.vierogen) and goes to the Logboek.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from wmoketen.core.admin import (
    AlleenLezenAdmin,
    BeheerAdmin,
    gewijzigde_velden,
    is_functioneel_beheer,
    is_superuser,
    momentopname,
    regio_bereik,
)

from .constants import Rol
from .models import Gebruiker, Systeemkoppeling
from .services import koppeling_intrekken, token_geven

__all__ = ["AlleenLezenAdmin", "BeheerAdmin", "GebruikerAdmin", "SysteemkoppelingAdmin"]

# Functioneel beheer maintains catalogue, contracts and users; nobody else enters the admin.
admin.site.has_permission = is_functioneel_beheer  # type: ignore[method-assign]

regio_bereik(
    Gebruiker,
    lambda regio_id: (
        Q(is_superuser=False)
        & (Q(regio_id=regio_id) | Q(rol=Rol.AANBIEDER, aanbieder__overeenkomsten__regio_id=regio_id))
    ),
)
regio_bereik(
    Systeemkoppeling,
    lambda regio_id: Q(aanbieder__overeenkomsten__regio_id=regio_id) | Q(gemeente__regios=regio_id),
)

_RECHT_ACTIES = {"add": "toevoegen", "change": "wijzigen", "delete": "verwijderen", "view": "inzien"}


def recht_label(recht: Permission) -> str:
    """A permission in Dutch. Django stores the English name ('Can add gebruiker') in the database when it creates
    the permissions; the admin shows it as 'Accounts en rollen | gebruiker toevoegen' instead."""
    actie, _, _ = recht.codename.partition("_")
    model = recht.content_type.model_class()
    if actie not in _RECHT_ACTIES or model is None:
        return str(recht)
    meta = model._meta
    app = apps.get_app_config(meta.app_label).verbose_name
    return f"{app} | {meta.verbose_name} {_RECHT_ACTIES[actie]}"


class NederlandseRechten(admin.ModelAdmin):
    """Permission pickers (user_permissions, a group's permissions) with Dutch labels."""

    def formfield_for_manytomany(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        veld: Any = super().formfield_for_manytomany(db_field, request, **kwargs)
        if veld is not None and db_field.name in {"permissions", "user_permissions"}:
            veld.queryset = veld.queryset.select_related("content_type")
            veld.label_from_instance = recht_label
        return veld


admin.site.unregister(Group)


@admin.register(Group)
class GroepAdmin(NederlandseRechten, GroupAdmin):  # type: ignore[misc]
    pass


# What an account may do and how it signs in: a change by someone else makes that person its "bevoegd_door".
BEVOEGDHEID = frozenset({"password", "totp_geheim", "rol", "regio", "gemeenten", "aanbieder", "is_active"})


@admin.register(Gebruiker)
class GebruikerAdmin(NederlandseRechten, BeheerAdmin, UserAdmin):
    list_display = ["username", "first_name", "last_name", "rol", "regio", "aanbieder", "is_active"]
    list_filter = ["rol", ("regio", admin.RelatedOnlyFieldListFilter), "is_active"]
    fieldsets = (
        *UserAdmin.fieldsets,  # type: ignore[misc]
        ("Rol en bevoegdheid", {"fields": ("rol", "regio", "gemeenten", "aanbieder")}),
    )
    fieldsets_beheer = (
        (None, {"fields": ("username", "password")}),
        ("Persoonlijke gegevens", {"fields": ("first_name", "last_name", "email")}),
        ("Rol en bevoegdheid", {"fields": ("is_active", "rol", "regio", "gemeenten", "aanbieder")}),
        ("Data", {"fields": ("last_login", "date_joined")}),
    )

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None or is_superuser(request):
            return super().get_fieldsets(request, obj)
        return self.fieldsets_beheer  # no superuser, staff, groups or permissions for a beheerder

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if is_superuser(request):
            return super().get_readonly_fields(request, obj)
        return ["regio", "last_login", "date_joined"]  # a beheerder's accounts stay in the beheerder's region

    def formfield_for_choice_field(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "rol" and not is_superuser(request):
            kwargs["choices"] = [(w, t) for w, t in Rol.choices if w != Rol.FUNCTIONEEL_BEHEER]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or is_superuser(request):
            return True
        # A beheerder changes neither their own account, nor another beheerder's, nor a superuser's.
        return obj.pk != request.user.pk and not obj.is_superuser and obj.rol != Rol.FUNCTIONEEL_BEHEER

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.aangemaakt_door = request.user
            if not is_superuser(request):
                obj.regio_id = request.user.regio_id  # type: ignore[union-attr]
        super().save_model(request, obj, form, change)

    def _bevoegdheid_bijwerken(self, request: HttpRequest, obj: Any) -> None:
        """Who gave this account its current rights or credentials, and when (accounts.vierogen)."""
        if obj.pk == request.user.pk:
            return
        if gewijzigde_velden(self.momentopname_voor(request, obj), momentopname(obj)) & BEVOEGDHEID:
            nu = timezone.now()
            Gebruiker.objects.filter(pk=obj.pk).update(bevoegd_door=request.user, bevoegdheid_gewijzigd_op=nu)
            obj.bevoegd_door, obj.bevoegdheid_gewijzigd_op = request.user, nu

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._bevoegdheid_bijwerken(request, obj)
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._bevoegdheid_bijwerken(request, obj)
        return super().log_change(request, obj, message)

    @transaction.atomic
    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        """A password set by an administrator, its Logboek record and 'bevoegd_door': together or not at all."""
        return super().user_change_password(request, id, form_url)


class SysteemkoppelingForm(forms.ModelForm):
    class Meta:
        model = Systeemkoppeling
        fields = ["naam", "aanbieder", "gemeente"]

    def clean(self) -> dict[str, Any]:
        gegevens = super().clean() or {}
        if bool(gegevens.get("aanbieder")) == bool(gegevens.get("gemeente")):
            raise forms.ValidationError("Kies precies één partij: een aanbieder of een gemeente.")
        return gegevens


@admin.register(Systeemkoppeling)
class SysteemkoppelingAdmin(BeheerAdmin):
    """Tokens for systems that upload messages: made here (shown once), revoked here, never edited."""

    form = SysteemkoppelingForm
    list_display = [
        "naam", "aanbieder", "gemeente", "token_begin", "aangemaakt_op", "laatst_gebruikt_op", "ingetrokken_op"
    ]  # fmt: skip
    readonly_fields = ["token_begin", "aangemaakt_op", "laatst_gebruikt_op", "ingetrokken_op"]
    actions = ["intrekken"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)  # the list and its action only

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        token = token_geven(obj)
        obj.aangemaakt_door = request.user
        super().save_model(request, obj, form, change)
        messages.warning(
            request,
            f"Token voor {obj.naam}: {token} — bewaar het nu in het systeem zelf; het wordt niet opnieuw getoond.",
        )

    @admin.action(description="Geselecteerde koppelingen intrekken")
    def intrekken(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for koppeling in queryset.filter(ingetrokken_op__isnull=True):
            self.onthouden(request, koppeling)
            koppeling_intrekken(koppeling=koppeling)
            koppeling.refresh_from_db()
            self.log_change(request, koppeling, [{"changed": {"fields": ["ingetrokken_op"]}}])
