"""Files for the finance system and the CAK on the worker: the payment files of an approved batch and the CAK
cost-price export. The request checks the scope and hands over; the task checks it again for the same user (it
may run later) and keeps the file for that user only."""

from __future__ import annotations

from datetime import date

from celery import shared_task

from wmoketen.accounts.models import Gebruiker
from wmoketen.taken.basis import Achtergrondtaak

from . import betaling, selectors, services


@shared_task(base=Achtergrondtaak, bind=True, name="declaraties.betaalbestand_maken", titel="Betaalbestand")
def betaalbestand_maken(self: Achtergrondtaak, *, gebruiker_id: int, batch_id: int, soort: str) -> str:
    gebruiker = Gebruiker.objects.get(pk=gebruiker_id)
    batch = selectors.betaalbatches_zichtbaar(gebruiker).filter(pk=batch_id).first()
    if batch is None:
        return "Deze betaalbatch is niet (meer) zichtbaar voor u; niets gemaakt."
    try:
        if soort == "pain001":
            inhoud = betaling.pain001(batch=batch, actor=gebruiker)
            naam, type_ = f"betaalbatch-{batch.pk}-pain001.xml", "application/xml"
        else:
            inhoud = betaling.betaal_csv(batch=batch, actor=gebruiker).encode()
            naam, type_ = f"betaalbatch-{batch.pk}.csv", "text/csv; charset=utf-8"
    except betaling.BetaalFout as fout:
        return f"Niet gemaakt: {fout}"[:500]
    self.bestand_bewaren(naam=naam, soort=type_, inhoud=inhoud)
    return f"{naam} is klaar."


@shared_task(base=Achtergrondtaak, bind=True, name="declaraties.cak_export_maken", titel="CAK-kostprijs")
def cak_export_maken(self: Achtergrondtaak, *, gebruiker_id: int, gemeente_id: int, jaar: int) -> str:
    gebruiker = Gebruiker.objects.get(pk=gebruiker_id)
    gemeente = gebruiker.gemeenten.filter(pk=gemeente_id).first()
    if gemeente is None or gebruiker.rol not in selectors.GEMEENTE_ROLLEN:
        return "Deze gemeente is niet (meer) van u; niets gemaakt."
    date(jaar, 1, 1)  # a valid year (checked by the view too)
    inhoud = services.cak_export(gemeente=gemeente, jaar=jaar, actor=gebruiker)
    naam = f"cak-kostprijs-{gemeente.cbs_code}-{jaar}.csv"
    self.bestand_bewaren(naam=naam, soort="text/csv; charset=utf-8", inhoud=inhoud.encode())
    return f"{naam} is klaar."
