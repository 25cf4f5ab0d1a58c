"""Long work of the migratie capability on the worker (Celery through `wmoketen.taken`): the export of a region
started from the page of functioneel beheer. The command line runs the same function in the foreground."""

from __future__ import annotations

from celery import shared_task

from wmoketen.taken.basis import Achtergrondtaak

from .constants import Status
from .export.schrijven import export_draaien


@shared_task(base=Achtergrondtaak, bind=True, name="migratie.exporteren", titel="Export van de regio")
def exporteren(self: Achtergrondtaak, *, migratie_id: int) -> str:
    """Write the export registered on the page. Idempotent: a finished export is left as it is; an interrupted one
    is written again from the start (its half file never had the final name)."""
    self.voortgang(0, 1, "bezig met schrijven")
    migratie = export_draaien(migratie_id)
    if migratie.status != Status.KLAAR:  # pragma: no cover - export_draaien raises on failure
        return f"Export {migratie_id} is niet klaar: {migratie.fout}"[:500]
    self.voortgang(1, 1, "klaar")
    t = migratie.tellingen
    berichten = sum(t.get("berichten", {}).values())
    return (
        f"Export {migratie.pk} klaar: {t.get('clienten', 0)} cliënten, {berichten} berichten, "
        f"{t.get('brieven', 0)} brieven. Download op de pagina Migratie."
    )
