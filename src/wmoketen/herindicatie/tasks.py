"""Scheduled and long work of re-indication and conversion (Celery; conf/planning.py)."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.utils import timezone

from wmoketen.accounts.models import Gebruiker
from wmoketen.core.fouten import Domeinfout
from wmoketen.taken.basis import Achtergrondtaak

from .conversie.aanlevering import gelezen_van
from .conversie.uitvoering import Voortgang, proefdraai_opslaan, run_uitvoeren, run_voorbereiden
from .models import Conversie
from .services import evaluaties_bijwerken, signalen_bijwerken


@shared_task(
    base=Achtergrondtaak,
    bind=True,
    name="herindicatie.bijwerken",
    titel="Evaluaties en herindicatiesignalen",
    periodiek=True,
)
def bijwerken(self: Achtergrondtaak, *, vandaag: str | None = None) -> str:
    """Plan evaluations and raise expiry signals (idempotent: a second run the same day adds nothing)."""
    dag = date.fromisoformat(vandaag) if vandaag else timezone.localdate()
    evaluaties = evaluaties_bijwerken(vandaag=dag)
    signalen = signalen_bijwerken(vandaag=dag)
    return f"{evaluaties} evaluaties gepland of bijgewerkt; {signalen} nieuwe signalen ({dag:%d-%m-%Y})."


def _gebruiker(pk: int | None) -> Gebruiker | None:
    return Gebruiker.objects.filter(pk=pk).first() if pk else None


@shared_task(base=Achtergrondtaak, bind=True, name="herindicatie.conversie_proefdraai", titel="Proefdraai conversie")
def conversie_proefdraai(self: Achtergrondtaak, *, code: str, sha256: str, door_id: int | None = None) -> str:
    conversie = Conversie.objects.get(code=code)
    if conversie.sha256 != sha256:
        return "De definitie is intussen vervangen; deze proefdraai is overgeslagen."
    try:
        run = proefdraai_opslaan(gelezen=gelezen_van(conversie), door=_gebruiker(door_id))
    except Domeinfout as fout:
        return f"Proefdraai niet gemaakt: {fout}"[:500]
    return (
        f"Proefdraai klaar: {run.totaal} toewijzingen, {run.omgezet} om te zetten, {run.ingekort} in te korten, "
        f"{run.ongemoeid} ongemoeid, {run.handmatig} handmatig."
    )


@shared_task(base=Achtergrondtaak, bind=True, name="herindicatie.conversie_uitvoeren", titel="Conversie uitvoeren")
def conversie_uitvoeren(
    self: Achtergrondtaak, *, code: str, sha256: str, aangeleverd_door_id: int | None, gestart_door_id: int | None
) -> str:
    """Prepare (idempotent: the run of this version if it exists) and carry out in batches, resuming where an
    interrupted attempt stopped; the page follows `verwerkt` of `totaal`."""
    conversie = Conversie.objects.get(code=code)
    if conversie.sha256 != sha256:
        return "De definitie is intussen vervangen; niets uitgevoerd."
    try:
        run = run_voorbereiden(
            gelezen=gelezen_van(conversie),
            door=_gebruiker(gestart_door_id),
            aangeleverd_door=_gebruiker(aangeleverd_door_id),
        )
        self.voortgang(run.verwerkt, run.totaal, "voorbereid")

        def voortgang(v: Voortgang) -> None:
            self.voortgang(v.verwerkt, v.totaal, f"batch {v.batch}, {v.berichten_301} 301-berichten")

        run = run_uitvoeren(run=run, voortgang=voortgang)
    except Domeinfout as fout:
        return f"Niet uitgevoerd: {fout}"[:500]
    self.voortgang(run.verwerkt, run.totaal, "klaar")
    return (
        f"Klaar: {run.omgezet} omgezet, {run.ingekort} ingekort, {run.ongemoeid} ongemoeid, {run.handmatig} "
        f"handmatig; {run.berichten_301} 301-berichten."
    )
