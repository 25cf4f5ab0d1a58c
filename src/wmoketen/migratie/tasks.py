"""Long work of the migratie capability on the worker (Celery through `wmoketen.taken`): the export of a region and
the dry run and real run of an import, started from the page of functioneel beheer. The command line runs the same
functions in the foreground."""

from __future__ import annotations

import threading
from collections.abc import Callable

from celery import shared_task
from django.db import connection, connections

from wmoketen.taken.basis import Achtergrondtaak

from .aanlevering import upload_opruimen
from .constants import Status
from .export.schrijven import export_draaien
from .fouten import MigratieFout
from .importeren import Voortgang, import_draaien


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


def _buiten_transactie(schrijf: Callable[[], None]) -> None:
    """Progress the page can see while the dry run's own transaction is still open (it is rolled back at the end):
    written through a short thread with its own connection, as `importeren._voortgang_buiten_transactie` does for
    the Migratie. SQLite has one writer: there the task's row shows the progress at the end."""
    if not connection.in_atomic_block:
        schrijf()
        return
    if connection.vendor != "postgresql":
        return

    def draad() -> None:
        try:
            schrijf()
        finally:
            connections.close_all()

    t = threading.Thread(target=draad, daemon=True)
    t.start()
    t.join()


@shared_task(base=Achtergrondtaak, bind=True, name="migratie.importeren", titel="Import (proefdraai of uitvoering)")
def importeren(self: Achtergrondtaak, *, migratie_id: int) -> str:
    """The dry run or the real run of an import started on the page (migratie.aanlevering). Idempotent: a finished
    one is left as it is; an interrupted real run goes on with its open units, a dry run starts again."""

    def voortgang(v: Voortgang) -> None:
        _buiten_transactie(lambda: self.voortgang(v.verwerkt, v.totaal, f"{v.fase}, batch {v.batch}"))

    try:
        migratie = import_draaien(migratie_id, voortgang=voortgang)
    except MigratieFout as fout:  # the source cannot be read, or changed since the dry run: said on the page
        return f"Import {migratie_id} niet gelukt: {fout}"[:500]
    self.voortgang(migratie.verwerkt, migratie.totaal, "klaar")
    upload_opruimen(migratie)
    wat = "Proefdraai" if migratie.proef else "Uitvoering"
    vervolg = (
        "Een andere functioneel beheerder bekijkt het rapport en start de import."
        if migratie.proef
        else "Het rapport staat op de pagina Migratie."
    )
    return (
        f"{wat} {migratie.pk} klaar: {migratie.verwerkt} van {migratie.totaal} berichten en regels verwerkt, "
        f"{migratie.afwijzingen.count()} afgewezen. {vervolg}"
    )[:500]
