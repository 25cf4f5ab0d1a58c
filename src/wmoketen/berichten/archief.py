"""Keeping the messages of a predecessor's archive as what they are: messages the municipality sent and received.

Taken over messages are stored as the municipality's copy (`partij` = CBS code) with their exact bytes, like a
message received today, on channel `archief`: nothing is applied by the exchange and nothing is delivered to a
transport (`afgeleverd_op` is set). Their BerichtIdentificaties then count as used (TR056), and the sender
counters (`Volgnummer`) move past every identification in wmoketen's own format, so a message wmoketen sends
after an export and re-import never reuses one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from .codec import Bericht as CodecBericht
from .constants import GEMEENTE_IS_AFZENDER, Kanaal, Richting
from .models import Bericht, Volgnummer
from .uitwisseling.inhoud import inhoud_bewaren
from .uitwisseling.samenvatting import samenvatting
from .uitwisseling.verzenden import bestandsnaam

GROOT = 1024 * 1024  # larger contents go through inhoud_bewaren (binary COPY on PostgreSQL), not a bulk INSERT
# wmoketen's own numbers from a party's counter (verzenden.volgende_identificatie): message identifications
# ('301-00000042') and a provider's DeclaratieNummers and ReferentieNummers from the portal ('P00000043')
EIGEN_IDENTIFICATIE = re.compile(r"^(?:\d{3}-|[A-Z])(\d{8})$")


@dataclass
class Archiefstuk:
    """One archived message as the municipality's copy. `heen` links a retour to its heen-bericht (stored in the
    same call, or already stored: `heen_id`)."""

    data: bytes
    sha256: str
    soort: str
    richting: str
    partij: str
    afzender: str
    ontvanger: str
    identificatie: str
    dagtekening: date
    status: str
    identificatie_retour: str = ""
    client_id: int | None = None
    retour_codes: list[str] = field(default_factory=list)
    samenvatting: dict[str, Any] = field(default_factory=dict)
    pad: str = ""
    heen: Archiefstuk | None = None
    heen_id: int | None = None
    pk: int | None = None


def archiefstuk_samenvatting(bericht: CodecBericht) -> dict[str, Any]:
    return samenvatting(bericht)


def gearchiveerd(*, partij: str, richting: str, shas: Iterable[str]) -> dict[str, int]:
    """sha256 -> id of the messages of this party and direction already stored (an archive taken over twice)."""
    return dict(
        Bericht.objects.filter(partij=partij, richting=richting, sha256__in=set(shas)).values_list("sha256", "pk")
    )


def _naam(stuk: Archiefstuk) -> str:
    naam = stuk.pad.rsplit("/", 1)[-1] or bestandsnaam(stuk.soort, stuk.afzender, stuk.identificatie, stuk.sha256)
    return naam[:200]


def _rij(stuk: Archiefstuk, nu: Any) -> Bericht:
    gemeente, agb = (
        (stuk.afzender, stuk.ontvanger) if stuk.soort in GEMEENTE_IS_AFZENDER else (stuk.ontvanger, stuk.afzender)
    )
    return Bericht(
        partij=stuk.partij,
        richting=stuk.richting,
        soort=stuk.soort,
        afzender=stuk.afzender,
        ontvanger=stuk.ontvanger,
        identificatie=stuk.identificatie,
        dagtekening=stuk.dagtekening,
        identificatie_retour=stuk.identificatie_retour,
        gemeente_code=gemeente,
        agb_code=agb,
        client_id=stuk.client_id,
        inhoud=stuk.data if len(stuk.data) <= GROOT else b"",
        sha256=stuk.sha256,
        grootte=len(stuk.data),
        status=stuk.status,
        retour_codes=stuk.retour_codes,
        samenvatting=stuk.samenvatting,
        kanaal=Kanaal.ARCHIEF,
        bestandsnaam=(
            stuk.pad.rsplit("/", 1)[-1] or bestandsnaam(stuk.soort, stuk.afzender, stuk.identificatie, stuk.sha256)
        )[:200],
        aangemaakt_op=nu,
        afgeleverd_op=nu,
    )


def berichten_archiveren(stukken: Sequence[Archiefstuk]) -> None:
    """Store the messages (heen-berichten before the retours that point at them); sets `pk` on each stuk."""
    nu = timezone.now()
    heen = [s for s in stukken if s.heen is None]
    retour = [s for s in stukken if s.heen is not None]
    for groep in (heen, retour):
        rijen = []
        for stuk in groep:
            rij = _rij(stuk, nu)
            rij.heen_id = stuk.heen.pk if stuk.heen is not None else stuk.heen_id
            rijen.append(rij)
        Bericht.objects.bulk_create(rijen, batch_size=500)
        for stuk, rij in zip(groep, rijen, strict=True):
            stuk.pk = rij.pk
            if len(stuk.data) > GROOT:
                inhoud_bewaren(rij, stuk.data)


def archiefstatus_zetten(statussen: dict[int, str]) -> None:
    """The outcome of archived messages that is known only after reading them whole (a 323 and its 325), for a
    whole batch at once: bericht id -> status (one UPDATE per status)."""
    per_status: dict[str, list[int]] = {}
    for bericht_id, status in statussen.items():
        per_status.setdefault(status, []).append(bericht_id)
    for status, ids in per_status.items():
        Bericht.objects.filter(pk__in=ids).update(status=status)


def volgnummers_bijwerken(identificaties: Iterable[tuple[str, str]]) -> None:
    """(party, identification or number) of what was taken over: each party's counter moves past the highest
    number in wmoketen's own format, so nothing new reuses one (TR056 identifications, TR314 references)."""
    hoogste: dict[str, int] = {}
    for partij, identificatie in identificaties:
        gevonden = EIGEN_IDENTIFICATIE.match(identificatie)
        if gevonden:
            hoogste[partij] = max(hoogste.get(partij, 0), int(gevonden.group(1)))
    if not hoogste:
        return
    bestaand = {v.partij: v for v in Volgnummer.objects.select_for_update().filter(partij__in=hoogste)}
    for partij, nummer in hoogste.items():
        teller = bestaand.get(partij)
        if teller is None:
            Volgnummer.objects.create(partij=partij, laatste=nummer)
        elif teller.laatste < nummer:
            teller.laatste = nummer
            teller.save(update_fields=["laatste"])


def heen_ophalen(*, partij: str, soort: str, afzender: str, identificatie: str) -> Bericht | None:
    """A stored heen-bericht of this party that a retour answers (by the copied header, IV028)."""
    richting = Richting.UIT if soort in GEMEENTE_IS_AFZENDER else Richting.IN
    return Bericht.objects.filter(
        partij=partij, richting=richting, soort=soort, afzender=afzender, identificatie=identificatie
    ).first()
