"""Who sees which task: the one who asked for it, and functioneel beheer (tasks of their region or of the whole
installation). Anyone else gets 404, as for any object outside one's scope."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from wmoketen.accounts.models import Gebruiker

from .models import Taak, TaakStatus


def taken_zichtbaar_voor(gebruiker: Gebruiker) -> QuerySet[Taak]:
    if not gebruiker.is_active:
        return Taak.objects.none()
    eigen = Q(aangemaakt_door=gebruiker)
    if gebruiker.is_functioneel_beheer:
        return Taak.objects.filter(eigen | Q(regio__isnull=True) | Q(regio_id=gebruiker.regio_id))
    return Taak.objects.filter(eigen)


def taak_ophalen(*, gebruiker: Gebruiker, taak_id: object) -> Taak:
    taak = taken_zichtbaar_voor(gebruiker).filter(pk=str(taak_id)).first()
    if taak is None:
        raise Http404("Taak niet gevonden")
    return taak


def dode_taken(gebruiker: Gebruiker, *, periodiek: set[str]) -> QuerySet[Taak]:
    """The dead-letter list: tasks that stopped after their attempts, except scheduled runs (the next run is their
    retry; they show with their schedule)."""
    return (
        taken_zichtbaar_voor(gebruiker).filter(status=TaakStatus.DOOD).exclude(naam__in=periodiek).order_by("-klaar_op")
    )


def laatste_runs(namen: list[str]) -> dict[str, Taak]:
    """The latest run of each task name (for the schedule overview)."""
    laatste: dict[str, Taak] = {}
    for naam in namen:
        taak = Taak.objects.filter(naam=naam).exclude(gestart_op__isnull=True).order_by("-gestart_op").first()
        if taak is not None:
            laatste[naam] = taak
    return laatste
