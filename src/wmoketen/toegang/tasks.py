"""Long work of access (toegang) on the worker: letter batches for the post room (postbundel)."""

from __future__ import annotations

from datetime import date

from celery import shared_task

from wmoketen.accounts.models import Gebruiker
from wmoketen.taken.basis import Achtergrondtaak

from . import postbundel


@shared_task(base=Achtergrondtaak, bind=True, name="toegang.brieven_bundelen", titel="Brieven voor de post")
def brieven_bundelen(self: Achtergrondtaak, *, gebruiker_id: int, van: str, tot: str, soort: str = "") -> str:
    """The letters of the period in the requester's scope (as the page counted them) in one ZIP for the requester.
    Runs again from the start when retried: it only reads, and the file is replaced."""
    gebruiker = Gebruiker.objects.get(pk=gebruiker_id)
    keuze = postbundel.Keuze(van=date.fromisoformat(van), tot=date.fromisoformat(tot), soort=soort)
    fout = postbundel.keuze_fout(keuze) or postbundel.aantal_fout(postbundel.brieven(gebruiker, keuze).count())
    if fout:
        return f"Niets gebundeld: {fout}"
    inhoud, aantal = postbundel.bundel_maken(
        gebruiker, keuze, lambda gedaan, totaal: self.voortgang(gedaan, totaal, f"{gedaan} van {totaal} brieven")
    )
    naam = postbundel.bestandsnaam(keuze)
    self.bestand_bewaren(naam=naam, soort="application/zip", inhoud=inhoud)
    return f"{aantal} brieven in {naam} ({len(inhoud) / 1_048_576:.1f} MB)."
