"""A user's task list: what needs them today, from the sources of each context, within the user's scope.

Each item has a stable key (kind and ids, no personal data): the e-mail notices remember keys (each item is
announced once), and a rejected message marked as handled is remembered by its key.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker
from wmoketen.berichten.constants import Richting, Status
from wmoketen.berichten.selectors import berichten_zichtbaar_voor
from wmoketen.herindicatie.selectors import signalen_voor
from wmoketen.toegang.constants import Fase, TermijnStatus
from wmoketen.toegang.domain import termijn_label, termijnstatus
from wmoketen.toegang.selectors import bezwaren_zichtbaar_voor, meldingen_zichtbaar_voor, plannen_voor_aanbieder

from .constants import BEZWAAR_VOORUIT_DAGEN, RETOUR_TERUG_DAGEN, Soort
from .models import Afgevinkt


@dataclass(frozen=True)
class Punt:
    sleutel: str
    soort: Soort
    wat: str
    client: str = ""
    uiterlijk: date | None = None
    status: str = ""
    url: str = ""
    afvinkbaar: bool = False
    client_id: int | None = None


@dataclass
class Takenlijst:
    vandaag: date
    punten: list[Punt]
    per_soort: Counter = field(default_factory=Counter)

    @property
    def aantal(self) -> int:
        return len(self.punten)

    def groepen(self) -> list[tuple[Soort, list[Punt]]]:
        return [(s, [p for p in self.punten if p.soort == s]) for s in Soort if self.per_soort[s]]


def _status(uiterlijk: date | None, vandaag: date) -> str:
    return termijnstatus(uiterlijk, vandaag) if uiterlijk is not None else ""


def _termijnen(g: Gebruiker, vandaag: date) -> list[Punt]:
    """Open meldingen whose first open legal deadline is today or past (deel 2 back: see _deel2_terug)."""
    qs = (
        meldingen_zichtbaar_voor(g)
        .filter(
            fase__in=[Fase.MELDING, Fase.ONDERZOEK, Fase.BIJ_AANBIEDER, Fase.AANVRAAG],
            volgende_uiterlijk__lte=vandaag,
        )
        .exclude(volgende_termijn="")
        .order_by("volgende_uiterlijk", "pk")
    )
    return [
        Punt(
            f"termijn:{m.pk}:{m.volgende_termijn}:{m.volgende_uiterlijk}",
            Soort.TERMIJN,
            termijn_label(m.volgende_termijn),
            m.client.naam,
            m.volgende_uiterlijk,
            _status(m.volgende_uiterlijk, vandaag),
            reverse("toegang:dossier", args=[m.pk]),
            client_id=m.client_id,
        )
        for m in qs
    ]


def _deel2_terug(g: Gebruiker, vandaag: date) -> list[Punt]:
    """Plans whose deel 2 the provider has returned: the municipality's agreement is next."""
    qs = (
        meldingen_zichtbaar_voor(g)
        .filter(fase=Fase.AKKOORD)
        .annotate(deel2=Max("plannen__deel2_versies__pk"))
        .order_by("volgende_uiterlijk", "pk")
    )
    return [
        Punt(
            f"deel2_terug:{m.pk}:{m.deel2}",
            Soort.DEEL2_TERUG,
            f"Deel 2 ingediend door de aanbieder; akkoord gemeente uiterlijk {m.volgende_uiterlijk:%d-%m-%Y}"
            if m.volgende_uiterlijk
            else "Deel 2 ingediend door de aanbieder",
            m.client.naam,
            m.volgende_uiterlijk,
            _status(m.volgende_uiterlijk, vandaag),
            reverse("toegang:dossier", args=[m.pk]),
            client_id=m.client_id,
        )
        for m in qs
    ]


def _bezwaren(g: Gebruiker, vandaag: date) -> list[Punt]:
    qs = bezwaren_zichtbaar_voor(g).filter(
        uitkomst="", beslissen_uiterlijk__lte=vandaag + timedelta(days=BEZWAAR_VOORUIT_DAGEN)
    )
    return [
        Punt(
            f"bezwaar:{b.pk}:{b.beslissen_uiterlijk}",
            Soort.BEZWAAR,
            f"Beslissen op bezwaar (Awb art. 7:10) tegen: {b.besluit_omschrijving}",
            b.client.naam,
            b.beslissen_uiterlijk,
            _status(b.beslissen_uiterlijk, vandaag),
            reverse("toegang:bezwaar", args=[b.pk]),
            client_id=b.client_id,
        )
        for b in qs.order_by("beslissen_uiterlijk", "pk")
    ]


def _herindicaties(g: Gebruiker, vandaag: date) -> list[Punt]:
    url = reverse("herindicatie:overzicht")
    return [
        Punt(
            f"herindicatie:{s.pk}:{s.status}",
            Soort.HERINDICATIE,
            f"Indicatie {s.toewijzing.product.naam} bij {s.toewijzing.aanbieder.naam} loopt af op "
            f"{s.einddatum:%d-%m-%Y}; melding uiterlijk {s.laatste_melddatum:%d-%m-%Y}"
            + (" (gemeld door de aanbieder)" if s.aanbieder_gemeld_op else ""),
            s.toewijzing.client.naam,
            s.laatste_melddatum,
            _status(s.laatste_melddatum, vandaag),
            url,
            client_id=s.toewijzing.client_id,
        )
        for s in signalen_voor(gebruiker=g).filter(signaaldatum__lte=vandaag)
    ]


def _deel2_maken(g: Gebruiker, vandaag: date) -> list[Punt]:
    qs = plannen_voor_aanbieder(g).filter(melding__fase=Fase.BIJ_AANBIEDER).order_by("melding__volgende_uiterlijk")
    return [
        Punt(
            f"deel2_maken:{p.pk}",
            Soort.DEEL2_MAKEN,
            f"Ondersteuningsplan deel 2 indienen (verzonden {p.verzonden_op:%d-%m-%Y})",
            p.melding.client.naam,
            p.melding.volgende_uiterlijk,
            _status(p.melding.volgende_uiterlijk, vandaag),
            reverse("toegang:aanbieder_plan", args=[p.pk]),
            client_id=p.melding.client_id,
        )
        for p in qs
    ]


def _retouren(g: Gebruiker, vandaag: date) -> list[Punt]:
    """Our own messages the receiver rejected (wholly or partly) and messages blocked before sending, of the last
    30 days, until someone marks them as handled."""
    grens = timezone.now() - timedelta(days=RETOUR_TERUG_DAGEN)
    qs = (
        berichten_zichtbaar_voor(g)
        .filter(
            Q(status=Status.GEBLOKKEERD, aangemaakt_op__gte=grens)
            | Q(richting=Richting.UIT, status__in=[Status.AFGEKEURD, Status.DEELS], retouren__aangemaakt_op__gte=grens)
        )
        .select_related("client")
        .distinct()
        .order_by("-aangemaakt_op", "-pk")
    )
    berichten = list(qs)
    afgevinkt = set(
        Afgevinkt.objects.filter(sleutel__in=[f"retour:{b.pk}" for b in berichten]).values_list("sleutel", flat=True)
    )
    return [
        Punt(
            f"retour:{b.pk}",
            Soort.RETOUR_AFGEKEURD,
            f"WMO{b.soort} {b.identificatie} aan {b.aan}: {b.get_status_display()}",
            b.client.naam if b.client else "",
            None,
            TermijnStatus.VANDAAG,
            reverse("berichten:detail", args=[b.pk]),
            afvinkbaar=True,
            client_id=b.client_id,
        )
        for b in berichten
        if f"retour:{b.pk}" not in afgevinkt
    ]


BRONNEN: dict[Soort, Callable[[Gebruiker, date], list[Punt]]] = {
    Soort.TERMIJN: _termijnen,
    Soort.DEEL2_TERUG: _deel2_terug,
    Soort.BEZWAAR: _bezwaren,
    Soort.HERINDICATIE: _herindicaties,
    Soort.DEEL2_MAKEN: _deel2_maken,
    Soort.RETOUR_AFGEKEURD: _retouren,
}

PER_ROL: dict[str, tuple[Soort, ...]] = {
    Rol.CONSULENT: (Soort.TERMIJN, Soort.DEEL2_TERUG, Soort.BEZWAAR, Soort.HERINDICATIE),
    Rol.BACKOFFICE: (Soort.RETOUR_AFGEKEURD,),
    Rol.FUNCTIONEEL_BEHEER: (Soort.RETOUR_AFGEKEURD,),
    Rol.AANBIEDER: (Soort.DEEL2_MAKEN, Soort.HERINDICATIE, Soort.RETOUR_AFGEKEURD),
}


def soorten_voor(gebruiker: Gebruiker) -> tuple[Soort, ...]:
    return PER_ROL.get(gebruiker.rol, ()) if gebruiker.is_active else ()


def takenlijst(*, gebruiker: Gebruiker, vandaag: date) -> Takenlijst:
    punten: list[Punt] = []
    for soort in soorten_voor(gebruiker):
        punten.extend(BRONNEN[soort](gebruiker, vandaag))
    return Takenlijst(vandaag, punten, Counter(p.soort for p in punten))


def kennisgeving_ontvangers() -> list[Gebruiker]:
    """Active users with an e-mail address whose role has a task list."""
    return list(
        Gebruiker.objects.filter(is_active=True, rol__in=list(PER_ROL))
        .exclude(email="")
        .select_related("aanbieder")
        .order_by("pk")
    )
