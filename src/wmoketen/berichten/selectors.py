"""Reads of the exchange for pages, always within the user's scope: a provider sees its own copies (messages
to and from its AGB code), municipal staff the copies of their municipalities, monitoring none. Functioneel beheer
also sees the blocked messages a provider's portal built for its municipalities (they never reached them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker
from wmoketen.catalogus.models import Gemeente
from wmoketen.core.lijsten import Lijstkeuzes, Sortering
from wmoketen.core.werkdagen import werkdagen_na, werkdagen_tussen
from wmoketen.declaraties.constants import ANTWOORD_TERMIJN_WERKDAGEN

from .constants import SOORT_CHOICES, Richting, Status
from .models import Bericht
from .uitwisseling.stroom323 import is_323
from .uitwisseling.transport import transport
from .uitwisseling.verwerken import eigen_partijen


def partijen_van_gebruiker(gebruiker: Gebruiker) -> list[str]:
    if not gebruiker.is_active or gebruiker.rol == Rol.MONITORING:
        return []
    if gebruiker.rol == Rol.AANBIEDER:
        return [gebruiker.aanbieder.agb_code] if gebruiker.aanbieder else []
    return list(gebruiker.gemeenten.values_list("cbs_code", flat=True))


def _bereik(gebruiker: Gebruiker) -> Q:
    partijen = partijen_van_gebruiker(gebruiker)
    bereik = Q(partij__in=partijen)
    if gebruiker.rol == Rol.FUNCTIONEEL_BEHEER:
        bereik |= Q(status=Status.GEBLOKKEERD, gemeente_code__in=partijen)
    return bereik


def berichten_zichtbaar_voor(gebruiker: Gebruiker) -> QuerySet[Bericht]:
    return Bericht.objects.filter(_bereik(gebruiker)).defer("inhoud")


BERICHT_SORTERINGEN = [  # the sort choices of the message list (issue 19 item 5); the first is the default
    Sortering("nieuwste", "Nieuwste eerst", ("-aangemaakt_op", "-pk")),
    Sortering("oudste", "Oudste eerst", ("aangemaakt_op", "pk")),
    Sortering("dagtekening", "Dagtekening", ("-dagtekening", "-pk")),
    Sortering("soort", "Berichtsoort", ("soort", "-aangemaakt_op", "-pk")),
]


def berichten_selectie(gebruiker: Gebruiker, keuzes: Lijstkeuzes) -> QuerySet[Bericht]:
    """The message list: type, blocked only, status, direction, gemeente and the identification (of the message or
    of the one it answers), sorted; the page and its export (berichten.lijsten) read the same selection."""
    qs = berichten_zichtbaar_voor(gebruiker)
    if soort := keuzes.keuze("soort", [k for k, _ in SOORT_CHOICES]):
        qs = qs.filter(soort=soort)
    if keuzes.keuze("geblokkeerd", ["1"]) == "1":
        qs = qs.filter(status=Status.GEBLOKKEERD)
    if zoek := keuzes.tekst("zoek", 20):
        qs = qs.filter(Q(identificatie__icontains=zoek) | Q(identificatie_retour__icontains=zoek))
    if status := keuzes.keuze("status", Status.values):
        qs = qs.filter(status=status)
    if richting := keuzes.keuze("richting", Richting.values):
        qs = qs.filter(richting=richting)
    if gemeente_id := keuzes.getal("gemeente"):
        qs = qs.filter(gemeente_code__in=Gemeente.objects.filter(pk=gemeente_id).values("cbs_code"))
    return qs.order_by(*keuzes.sortering.volgorde)


def geblokkeerde_berichten(gebruiker: Gebruiker) -> QuerySet[Bericht]:
    """What the system built but did not send because the official validation would refuse it."""
    return berichten_zichtbaar_voor(gebruiker).filter(status=Status.GEBLOKKEERD)


def bericht_ophalen(*, gebruiker: Gebruiker, bericht_id: int) -> Bericht:
    """The message, or Http404 outside the user's scope (its existence is not revealed)."""
    bericht = Bericht.objects.filter(_bereik(gebruiker), pk=bericht_id).first()
    if bericht is None:
        raise Http404("Bericht niet gevonden")
    return bericht


def wacht_op_retour(bericht: Bericht, *, vandaag: date | None = None) -> bool:
    return bericht.richting == Richting.UIT and bericht.status == Status.VERZONDEN


def retour_te_laat(bericht: Bericht, *, vandaag: date | None = None) -> bool:
    """A sent heen-bericht without a retour after 3 working days (OP090): the sender must chase it."""
    vandaag = vandaag or timezone.localdate()
    return wacht_op_retour(bericht) and bericht.retour_uiterlijk is not None and vandaag > bericht.retour_uiterlijk


# --- the 325 deadline (IV087: the answer within 10 working days of receiving the 323) ---------------------------

VERLOPEN, DICHTBIJ, OP_TIJD = "verlopen", "binnen_2_werkdagen", "op_tijd"
DICHTBIJ_WERKDAGEN = 2


@dataclass(frozen=True)
class Wacht325:
    """A 323 still waiting for its 325: in an inbox served here (not yet processed), or sent by a provider served
    here to a municipality with its own software. No personal data: parties, file name or identification."""

    waar: str
    partij: str
    kenmerk: str
    ontvangen_op: date
    uiterlijk: date
    stand: str


def _stand(vandaag: date, uiterlijk: date) -> str:
    if vandaag > uiterlijk:
        return VERLOPEN
    return DICHTBIJ if werkdagen_tussen(vandaag, uiterlijk) <= DICHTBIJ_WERKDAGEN else OP_TIJD


def wachten_op_325(*, vandaag: date | None = None) -> list[Wacht325]:
    vandaag = vandaag or timezone.localdate()
    eigen = eigen_partijen()
    t = transport()
    wachtend: list[Wacht325] = []
    for partij in t.partijen():
        if partij not in eigen or len(partij) != 4:  # a 323 goes to a municipality (CBS code)
            continue
        for aflevering in t.postvak_in(partij):
            try:
                with aflevering.pad.open("rb") as bestand:
                    if not is_323(bestand.read(16_384)):
                        continue
                binnen = datetime.fromtimestamp(aflevering.pad.stat().st_mtime, tz=UTC)
            except FileNotFoundError:
                continue  # processed while we looked
            op = timezone.localdate(binnen)
            uiterlijk = werkdagen_na(op, ANTWOORD_TERMIJN_WERKDAGEN)
            wachtend.append(Wacht325("postvak", partij, aflevering.naam, op, uiterlijk, _stand(vandaag, uiterlijk)))
    verzonden = (
        Bericht.objects.filter(richting=Richting.UIT, soort="323", status=Status.VERZONDEN)
        .exclude(ontvanger__in=eigen)
        .values_list("ontvanger", "identificatie", "afgeleverd_op", "aangemaakt_op")
    )
    for ontvanger, identificatie, afgeleverd, aangemaakt in verzonden:
        op = timezone.localdate(afgeleverd or aangemaakt)
        uiterlijk = werkdagen_na(op, ANTWOORD_TERMIJN_WERKDAGEN)
        wachtend.append(Wacht325("verzonden", ontvanger, identificatie, op, uiterlijk, _stand(vandaag, uiterlijk)))
    return sorted(wachtend, key=lambda w: (w.uiterlijk, w.partij, w.kenmerk))
