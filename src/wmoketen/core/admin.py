"""Admin base classes. Roles, not per-model permissions, decide who maintains what, and the region decides what:

- functioneel beheer of a region (a *beheerder*) sees, chooses from and changes only what belongs to their own
  region: every queryset, every choice of a foreign key or many-to-many field, every action and object view goes
  through `binnen_bereik`; national data (gemeenten, leefgebieden) is read-only for them;
- the superuser (the application's own manager) sees everything;
- an object outside that scope (or that does not exist) answers 404, as every object URL of the application:
  audit.middleware writes each such 404 as a failed attempt (resultaat buiten_bereik) and counts the burst;
- every change made in the admin (add, change including many-to-many, delete, also in bulk) is announced as the
  event BEHEER_GEWIJZIGD inside the admin's transaction; the audit app writes it to the Logboek dataverwerkingen
  (core sits below audit, so it announces rather than imports). Without a listener the change is refused.

Each app registers how its models belong to a region (`regio_bereik(Model, "segment__regio")`); a model that is
not registered is invisible to a beheerder (fail closed). The user model says whether someone is functioneel
beheer (`is_functioneel_beheer`); core only asks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from . import events
from .money import format_euro, parse_euro

BEHEER_GEWIJZIGD = "core.beheer_gewijzigd"  # payload: actor, actie, object_type, object_id, toelichting
AANMAKEN, WIJZIGEN, VERWIJDEREN = "aanmaken", "wijzigen", "verwijderen"  # = audit.constants.Actie values

RegioFilter = Callable[[int], Q]
_BEREIK: dict[type[models.Model], RegioFilter | None] = {}
NATIONAAL = None
GEHEIM = "(geheim)"
GEHEIME_VELDEN = frozenset({"password", "totp_geheim", "token_sha256"})


def is_functioneel_beheer(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(user.is_active and (user.is_superuser or getattr(user, "is_functioneel_beheer", False)))


def is_superuser(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(user.is_active and user.is_superuser)


def regio_bereik(model: type[models.Model], pad: str | RegioFilter | None) -> None:
    """How `model` belongs to a region: a lookup path to catalogus.Regio ("segment__regio"), a function of the
    region's id giving a Q, or NATIONAAL (the same for every region: read-only for beheerders)."""
    _BEREIK[model] = (lambda regio_id: Q(**{pad: regio_id})) if isinstance(pad, str) else pad


def is_nationaal(model: type[models.Model]) -> bool:
    return model in _BEREIK and _BEREIK[model] is None


def binnen_bereik(request: HttpRequest, qs: QuerySet[Any]) -> QuerySet[Any]:
    """What of `qs` the signed-in user may see in the admin (and choose in its forms)."""
    if is_superuser(request):
        return qs
    if not is_functioneel_beheer(request) or qs.model not in _BEREIK:
        return qs.none()
    regio_filter = _BEREIK[qs.model]
    if regio_filter is None:
        return qs
    regio_id = getattr(request.user, "regio_id", None)
    if regio_id is None:
        return qs.none()
    # A subquery rather than .distinct(): paths through many-to-many relations repeat rows, and a distinct
    # queryset cannot be bulk-deleted or ordered by every admin.
    return qs.filter(pk__in=qs.model._default_manager.filter(regio_filter(regio_id)).values("pk"))


# --------------------------------------------------------------------------------------- change descriptions


def _waarde(obj: models.Model, veld: Any) -> str:
    if veld.name in GEHEIME_VELDEN:  # only a fingerprint, to see that it changed; never written anywhere
        geheim = getattr(obj, veld.attname)
        return f"{GEHEIM}{hashlib.sha256(str(geheim).encode()).hexdigest()}" if geheim else ""
    if veld.many_to_many:
        if obj.pk is None:
            return ""
        return ", ".join(sorted(str(o) for o in getattr(obj, veld.name).all()))
    if veld.is_relation:
        return str(getattr(obj, veld.name) or "")
    waarde = getattr(obj, veld.attname)
    return str(dict(veld.flatchoices).get(waarde, waarde)) if veld.choices else str(waarde)


def momentopname(obj: models.Model) -> dict[str, str]:
    """Every editable field's value as text by field name (secrets only as present/absent), many-to-many
    included; bookkeeping fields (editable=False) are left out."""
    meta = obj._meta
    velden = [*meta.concrete_fields, *meta.many_to_many]
    return {v.name: _waarde(obj, v) for v in velden if (v.editable or v.name in GEHEIME_VELDEN) and not v.primary_key}


def gewijzigde_velden(voor: dict[str, str], na: dict[str, str]) -> set[str]:
    return {naam for naam, waarde in na.items() if voor.get(naam, "") != waarde}


def verschil(model: type[models.Model], voor: dict[str, str], na: dict[str, str]) -> list[str]:
    """The changes in words, secrets only as 'gewijzigd'."""
    regels = []
    for naam in sorted(gewijzigde_velden(voor, na)):
        oud, nieuw = voor.get(naam, ""), na[naam]
        label = str(getattr(model._meta.get_field(naam), "verbose_name", naam))
        if oud.startswith(GEHEIM) or nieuw.startswith(GEHEIM):
            regels.append(f"{label} gewijzigd")
        else:
            regels.append(f"{label}: {oud or '(leeg)'} → {nieuw or '(leeg)'}")
    return regels


def _inline_regels(bericht: Any) -> list[str]:
    """Additions, changes and deletions of inline objects from Django's change message."""
    regels = []
    for deel in bericht if isinstance(bericht, list) else []:
        for soort, woord in (("added", "toegevoegd"), ("changed", "gewijzigd"), ("deleted", "verwijderd")):
            gegevens = deel.get(soort) or {}
            if "object" in gegevens:
                regels.append(f"{gegevens.get('name', '')} {gegevens['object']} {woord}")
    return regels


class EuroVeld(forms.CharField):
    """An amount kept in integer eurocents, typed and shown in euros ('1.234,56'; issue 19: money in euros)."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return format_euro(value).removeprefix("€ ")
        return value

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        tekst = super().to_python(value)
        if tekst is None or tekst in self.empty_values:
            return None
        try:
            return parse_euro(tekst)
        except ValueError as fout:  # parse_euro's refusal of unreadable input, not a domain rule
            raise ValidationError(str(fout)) from fout


class BereikMixin:
    """Choices of foreign keys and many-to-many fields within the beheerder's region (model admins and inlines);
    amounts in eurocents (`*_cent`) are typed in euros."""

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name.endswith("_cent") and isinstance(db_field, models.IntegerField) and db_field.editable:
            label = str(db_field.verbose_name).replace("(eurocent)", "").strip()
            return EuroVeld(
                label=f"{label[:1].upper()}{label[1:]} (in euro's)",
                required=not db_field.blank,
                help_text=db_field.help_text or "Bijvoorbeeld 1.234,56",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]

    def get_field_queryset(self, db: Any, db_field: Any, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_field_queryset(db, db_field, request)  # type: ignore[misc]
        basis = qs if qs is not None else db_field.remote_field.model._default_manager.using(db).all()
        return binnen_bereik(request, basis)


class BeheerAdmin(BereikMixin, admin.ModelAdmin):
    """Functioneel beheer maintains the objects of its own region; the superuser everything; nobody else anything.
    `alleen_superuser_wijzigt`: what a beheerder may see but not change (the region itself, national data)."""

    alleen_superuser_wijzigt = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return binnen_bereik(request, super().get_queryset(request))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_functioneel_beheer(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_functioneel_beheer(request)

    def _mag_wijzigen(self, request: HttpRequest) -> bool:
        if is_superuser(request):
            return True
        return is_functioneel_beheer(request) and not (self.alleen_superuser_wijzigt or is_nationaal(self.model))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._mag_wijzigen(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._mag_wijzigen(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._mag_wijzigen(request)

    def _get_obj_does_not_exist_redirect(self, request: HttpRequest, opts: Any, object_id: str) -> HttpResponse:
        """Django redirects to the admin index ("... doesn't exist. Perhaps it was deleted?") when the change,
        delete or history page of an object outside get_queryset is asked for: an attempt outside the region that
        was counted nowhere. It is a 404 instead, like every object URL of the application, so the Logboek gets
        its `buiten_bereik` record (audit.middleware) and a burst raises the signal on the beheer page."""
        raise Http404("Niet gevonden")

    # -- every change into the Logboek, in the admin's own transaction ------------------------------------

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Any:
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            self.onthouden(request, obj)
        return obj

    def onthouden(self, request: HttpRequest, obj: Any) -> None:
        """Keep the state before this request changes `obj`, for the Logboek's description (actions call it)."""
        request.__dict__.setdefault("_beheer_voor", {})[(type(obj), obj.pk)] = momentopname(obj)

    def momentopname_voor(self, request: HttpRequest, obj: Any) -> dict[str, str]:
        return dict(request.__dict__.get("_beheer_voor", {}).get((type(obj), obj.pk), {}))

    def _log(self, request: HttpRequest, obj: Any, actie: str, regels: list[str]) -> None:
        if not events.handlers(BEHEER_GEWIJZIGD):
            raise ImproperlyConfigured("Niemand legt beheerwijzigingen vast (audit-app ontbreekt): niets gewijzigd.")
        events.publish(
            BEHEER_GEWIJZIGD,
            actor=request.user,
            actie=actie,
            object_type=obj._meta.label,
            object_id=str(obj.pk),
            toelichting=f"{obj}: " + ("; ".join(regels) if regels else "geen velden gewijzigd"),
        )

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._log(request, obj, AANMAKEN, verschil(type(obj), {}, momentopname(obj)))
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        voor = self.momentopname_voor(request, obj)
        self._log(request, obj, WIJZIGEN, verschil(type(obj), voor, momentopname(obj)) + _inline_regels(message))
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:  # also delete_view's single object
        for obj in queryset:
            self._log(request, obj, VERWIJDEREN, [])
        return super().log_deletions(request, queryset)

    @transaction.atomic
    def response_action(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse | None:
        """Actions (bulk delete) and their Logboek records in one transaction: both or neither."""
        return super().response_action(request, *args, **kwargs)


class BeheerInline(BereikMixin, admin.StackedInline):
    """An inline of a BeheerAdmin: changeable when its parent is, choices within the region. Stacked, not tabular:
    every field of a stacked inline has its own <label> (WCAG 2.1 AA, axe-core rule 'label'); for the same reason
    the admin uses plain multiple selects instead of Django's filter_horizontal widget (issue 19 item 2)."""

    def _mag_wijzigen(self, request: HttpRequest) -> bool:
        return is_superuser(request) or (is_functioneel_beheer(request) and not is_nationaal(self.parent_model))

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._mag_wijzigen(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._mag_wijzigen(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._mag_wijzigen(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_functioneel_beheer(request)


class AlleenLezenAdmin(BeheerAdmin):
    """Functioneel beheer may look, nobody may change (for logs)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
