"""Scope of a user: whose personal data they may see. Expressed as lookups, so accounts imports no domain app."""

from __future__ import annotations

from django.db.models import Q

from .constants import Rol
from .models import Gebruiker


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
