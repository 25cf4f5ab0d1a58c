"""Scope of a user: which regions, municipalities and providers' data they may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from wmoketen.catalogus.models import Gemeente, Regio

from .constants import Rol
from .models import Gebruiker


def regios_zichtbaar_voor(gebruiker: Gebruiker | Any) -> QuerySet[Regio]:
    """Catalogue data is not personal: every signed-in user may read the catalogue of every region."""
    return Regio.objects.all()


def gemeenten_van(gebruiker: Gebruiker) -> QuerySet[Gemeente]:
    if gebruiker.rol == Rol.AANBIEDER:
        return Gemeente.objects.none()
    return gebruiker.gemeenten.all()


def client_scope(gebruiker: Gebruiker) -> Q:
    """Filter on Client: a provider sees clients with an assignment to its own AGB code; municipal staff see
    clients living in their municipalities; monitoring sees no individual clients at all."""
    if not gebruiker.is_active:
        return Q(pk__in=[])
    if gebruiker.rol == Rol.AANBIEDER:
        if gebruiker.aanbieder_id is None:  # `=None` would mean "clients without any assignment"
            return Q(pk__in=[])
        return Q(toewijzingen__aanbieder_id=gebruiker.aanbieder_id)
    if gebruiker.rol == Rol.MONITORING:
        return Q(pk__in=[])
    return Q(gemeente__in=gebruiker.gemeenten.all())
