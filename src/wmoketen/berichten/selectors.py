"""Reads of the exchange for pages, always within the user's scope: a provider sees its own copies (messages
to and from its AGB code), municipal staff the copies of their municipalities, monitoring none."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker

from .constants import Richting, Status
from .models import Bericht


def partijen_van_gebruiker(gebruiker: Gebruiker) -> list[str]:
    if not gebruiker.is_active or gebruiker.rol == Rol.MONITORING:
        return []
    if gebruiker.rol == Rol.AANBIEDER:
        return [gebruiker.aanbieder.agb_code] if gebruiker.aanbieder else []
    return list(gebruiker.gemeenten.values_list("cbs_code", flat=True))


def berichten_zichtbaar_voor(gebruiker: Gebruiker) -> QuerySet[Bericht]:
    return Bericht.objects.filter(partij__in=partijen_van_gebruiker(gebruiker)).defer("inhoud")


def bericht_ophalen(*, gebruiker: Gebruiker, bericht_id: int) -> Bericht:
    """The message, or Http404 outside the user's scope (its existence is not revealed)."""
    bericht = Bericht.objects.filter(partij__in=partijen_van_gebruiker(gebruiker), pk=bericht_id).first()
    if bericht is None:
        raise Http404("Bericht niet gevonden")
    return bericht


def wacht_op_retour(bericht: Bericht, *, vandaag: date | None = None) -> bool:
    return bericht.richting == Richting.UIT and bericht.status == Status.VERZONDEN


def retour_te_laat(bericht: Bericht, *, vandaag: date | None = None) -> bool:
    """A sent heen-bericht without a retour after 3 working days (OP090): the sender must chase it."""
    vandaag = vandaag or timezone.localdate()
    return wacht_op_retour(bericht) and bericht.retour_uiterlijk is not None and vandaag > bericht.retour_uiterlijk


def retour_te_laat_lijst(*, partijen: list[str], vandaag: date | None = None) -> QuerySet[Bericht]:
    vandaag = vandaag or timezone.localdate()
    return Bericht.objects.filter(
        partij__in=partijen, richting=Richting.UIT, status=Status.VERZONDEN, retour_uiterlijk__lt=vandaag
    ).defer("inhoud")
