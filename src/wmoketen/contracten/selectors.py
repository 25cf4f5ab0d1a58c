from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker

from .models import Aanbieder, Budgetplafond, Overeenkomst


def overeenkomsten_zichtbaar_voor(gebruiker: Gebruiker) -> QuerySet[Overeenkomst]:
    """A provider sees only its own agreements; municipal staff see those of their region."""
    qs = Overeenkomst.objects.select_related("aanbieder", "regio").prefetch_related("percelen__segment")
    if gebruiker.rol == Rol.AANBIEDER:
        return qs.filter(aanbieder_id=gebruiker.aanbieder_id) if gebruiker.aanbieder_id else qs.none()
    if gebruiker.regio_id is None:
        return qs.none()
    return qs.filter(regio_id=gebruiker.regio_id)


def overeenkomst_ophalen(*, gebruiker: Gebruiker, overeenkomst_id: int) -> Overeenkomst:
    overeenkomst = overeenkomsten_zichtbaar_voor(gebruiker).filter(pk=overeenkomst_id).first()
    if overeenkomst is None:
        raise Http404("Overeenkomst niet gevonden")
    return overeenkomst


def aanbieders_van_regio(*, regio_id: int) -> QuerySet[Aanbieder]:
    return Aanbieder.objects.filter(overeenkomsten__regio_id=regio_id).distinct()


def budgetplafonds_zichtbaar_voor(gebruiker: Gebruiker) -> QuerySet[Budgetplafond]:
    qs = Budgetplafond.objects.select_related("aanbieder", "segment__regio")
    if gebruiker.rol == Rol.AANBIEDER:
        return qs.filter(aanbieder_id=gebruiker.aanbieder_id) if gebruiker.aanbieder_id else qs.none()
    if gebruiker.regio_id is None:
        return qs.none()
    return qs.filter(segment__regio_id=gebruiker.regio_id)
