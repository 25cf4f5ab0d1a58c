"""Scheduled maintenance (Celery beat, conf/planning.py): the nightly back-up, the monthly retention run and the
hourly checkpoint of the Logboek."""

from __future__ import annotations

from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from wmoketen.audit.controlepunt import controlepunt_schrijven
from wmoketen.taken.basis import Achtergrondtaak

from .backup import backup_maken as _backup_maken
from .bewaartermijn import bewaartermijn as _bewaartermijn


@shared_task(base=Achtergrondtaak, bind=True, name="beheer.backup_maken", titel="Back-up", periodiek=True)
def backup_maken(self: Achtergrondtaak) -> str:
    """A back-up in WMOKETEN_BACKUP_MAP named by its time; only the newest WMOKETEN_BACKUP_BEWAREN are kept."""
    map_ = Path(settings.WMOKETEN_BACKUP_MAP)
    map_.mkdir(parents=True, exist_ok=True)
    pad = _backup_maken(map_ / f"wmoketen-{timezone.localtime():%Y%m%d-%H%M%S}.backup")
    alle = sorted(map_.glob("wmoketen-*.backup"))
    oud = alle[: max(0, len(alle) - int(settings.WMOKETEN_BACKUP_BEWAREN))]
    for bestand in oud:
        bestand.unlink(missing_ok=True)
    return f"Back-up {pad.name} ({pad.stat().st_size / 1_048_576:.1f} MB); {len(oud)} oude back-up(s) verwijderd."


@shared_task(base=Achtergrondtaak, bind=True, name="beheer.bewaartermijn", titel="Bewaartermijnen", periodiek=True)
def bewaartermijn(self: Achtergrondtaak) -> str:
    """The retention report; anonymises only when WMOKETEN_BEWAARTERMIJN_UITVOEREN is on (a decision of the
    gemeente, not a default)."""
    rapport = _bewaartermijn(vandaag=timezone.localdate(), uitvoeren=bool(settings.WMOKETEN_BEWAARTERMIJN_UITVOEREN))
    dossiers = sum(r.dossiers for r in rapport.regels)
    clienten = sum(r.clienten for r in rapport.regels)
    wat = "geanonimiseerd" if rapport.uitgevoerd else "voorbij de termijn (proefdraai, niets gewijzigd)"
    return f"{dossiers} dossier(s) en {clienten} cliënt(en) {wat}."


@shared_task(
    base=Achtergrondtaak, bind=True, name="beheer.logboek_controlepunt", titel="Controlepunt Logboek", periodiek=True
)
def logboek_controlepunt(self: Achtergrondtaak) -> str:
    """A signed checkpoint of the Logboek's chain head outside the database (audit.controlepunt), after checking the
    records since the previous one. A broken chain is never sealed: the run then fails, and the schedule overview
    shows 'Gestopt na herhaalde fouten' with the record where the chain breaks (and the metric of dead tasks rises)."""
    punt = controlepunt_schrijven()
    return f"Controlepunt bij record {punt.volgnummer} geschreven in {settings.WMOKETEN_AUDIT_CONTROLEPUNTEN}."
