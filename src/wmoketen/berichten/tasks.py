"""The exchange on the worker: every received file is a task, sending the pending 301s is a task, and the inbox
poll (every minute, Celery beat) offers what is waiting. Each task is idempotent: a message is identified by its
party, direction and SHA-256 (`bericht_eenmaal_per_partij`) and a file leaves the inbox only after its database work
has committed, so a task that runs twice, or on two workers at once, has one effect (docs/berichten.md).
"""

from __future__ import annotations

import logging

from celery import shared_task

from wmoketen.core.vergrendeling import alleen_een
from wmoketen.taken.basis import Achtergrondtaak
from wmoketen.taken.models import TaakStatus
from wmoketen.taken.services import aanbieden, opnieuw_aanbieden

from .uitwisseling.transport import Aflevering, transport
from .uitwisseling.verwerken import DUBBEL, GEWEIGERD, NIEUW, aflevering_verwerken, eigen_partijen
from .uitwisseling.verzenden import afleveren_open

log = logging.getLogger(__name__)


@shared_task(base=Achtergrondtaak, bind=True, name="berichten.bestand_ontvangen", titel="Bericht ontvangen")
def bestand_ontvangen(self: Achtergrondtaak, *, partij: str, naam: str) -> str:
    t = transport()
    aflevering = t.aflevering(partij, naam)
    if aflevering is None:
        return f"{naam} staat niet meer in postvak IN van {partij}: al verwerkt."
    uitkomst, reden = aflevering_verwerken(t, aflevering)
    if uitkomst == NIEUW:
        return f"{naam} ontvangen en verwerkt."
    if uitkomst == DUBBEL:
        return f"{naam} was al ontvangen (zelfde inhoud); alleen verplaatst."
    if uitkomst == GEWEIGERD:
        return f"{naam} geweigerd: {reden}"[:500]
    return f"{naam}: {reden}."


def bestand_aanbieden(aflevering: Aflevering) -> bool:
    """Offer one waiting file as a task, once per delivery (its `kenmerk`: name, time, size). A file whose task
    finished is in the inbox again and is offered again; a dead one waits for functioneel beheer. True when
    offered now."""
    sleutel = f"postvak:{aflevering.partij}:{aflevering.kenmerk or aflevering.naam}"[:300]
    rij = aanbieden(
        bestand_ontvangen,
        kwargs={"partij": aflevering.partij, "naam": aflevering.naam},
        titel=f"Bericht {aflevering.naam} voor {aflevering.partij}",
        sleutel=sleutel,
    )
    if rij.status == TaakStatus.KLAAR and rij.aangeboden_op is not None:
        opnieuw_aanbieden(taak=rij)
        return True
    return rij.status == TaakStatus.WACHTEND and rij.aangeboden_op is None


def ontvangst_aanbieden(geleverd: list[tuple[str, str]]) -> None:
    """(receiver, file name) just delivered: offer those whose receiver this system serves."""
    if not geleverd:
        return
    eigen = eigen_partijen()
    t = transport()
    for partij, naam in geleverd:
        if partij in eigen and (aflevering := t.aflevering(partij, naam)) is not None:
            bestand_aanbieden(aflevering)


@shared_task(
    base=Achtergrondtaak, bind=True, name="berichten.postvakken_lezen", titel="Postvakken lezen", periodiek=True
)
def postvakken_lezen(self: Achtergrondtaak) -> str:
    """Hand over what the outbox still holds, then offer every waiting file of every party served here."""
    afgeleverd = afleveren_open()
    t = transport()
    eigen = eigen_partijen()
    wachtend = aangeboden = 0
    for partij in t.partijen():
        if partij not in eigen:
            continue
        for aflevering in t.postvak_in(partij):
            wachtend += 1
            aangeboden += bestand_aanbieden(aflevering)
    return (
        f"{wachtend} bestand(en) in de postvakken, {aangeboden} nieuw aan de worker gegeven; "
        f"{afgeleverd} bericht(en) uit de outbox afgeleverd."
    )


@shared_task(
    base=Achtergrondtaak,
    bind=True,
    name="berichten.toewijzingsberichten_verzenden",
    titel="Toewijzingsberichten (301) verzenden",
    periodiek=True,
)
def toewijzingsberichten_verzenden(self: Achtergrondtaak) -> str:
    """A 301 for every client/provider pair changed since its last 301; one sweep at a time."""
    from .services import openstaande_301_verzenden

    with alleen_een("berichten.toewijzingsberichten_verzenden") as mijn_beurt:
        if not mijn_beurt:
            return "Een andere worker verstuurt de 301's al."
        verzonden, fouten = openstaande_301_verzenden()
    tekst = f"{verzonden} toewijzingsbericht(en) verzonden."
    if fouten:
        tekst += f" {len(fouten)} niet gemaakt: " + "; ".join(fouten[:3])
    return tekst[:500]


def na_beschikking(*, beschikking_id: int, **_: object) -> None:
    """A beschikking created or changed assignments: their 301s go out now (after the commit) rather than at the
    next scheduled sweep."""
    aanbieden(toewijzingsberichten_verzenden, titel="Toewijzingsberichten na beschikking")


def na_beeindiging(*, client_id: int, **_: object) -> None:
    """The municipality ended provisions: their 301s (with the RedenWijziging) go out now, not at the next sweep."""
    aanbieden(toewijzingsberichten_verzenden, titel="Toewijzingsberichten na beëindiging")


@shared_task(
    base=Achtergrondtaak, bind=True, name="berichten.termijn_325_bewaken", titel="Termijn van de 325", periodiek=True
)
def termijn_325_bewaken(self: Achtergrondtaak) -> str:
    """Warn (log, and the figure on /taken/ and in the metrics) about 323s near or past their 10 working days."""
    from .selectors import DICHTBIJ, VERLOPEN, wachten_op_325

    wachtend = wachten_op_325()
    for w in wachtend:
        if w.stand in (VERLOPEN, DICHTBIJ):
            log.warning(
                "325-termijn %s: %s %s bij %s, ontvangen %s, uiterlijk %s",
                w.stand, w.waar, w.kenmerk, w.partij, w.ontvangen_op, w.uiterlijk,
            )  # fmt: skip
    verlopen = sum(w.stand == VERLOPEN for w in wachtend)
    dichtbij = sum(w.stand == DICHTBIJ for w in wachtend)
    return (
        f"{len(wachtend)} declaratie(s) wachten op een 325: {verlopen} over de termijn, "
        f"{dichtbij} binnen 2 werkdagen van de termijn."
    )
