"""Demo: evaluations planned for the running assignments, a few indications that expire soon (signalled), the
Limburg-Noord 2022 conversion with a dry run, and the De Fryske Marren 2022 re-assessment planning. Idempotent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from django.utils import timezone

from wmoketen.catalogus.models import Regio
from wmoketen.catalogus.selectors import product_op_datum
from wmoketen.clienten.models import Client
from wmoketen.toegang.demo import keuzes_op
from wmoketen.toewijzingen.services import ToewijzingFout, toewijzing_aanmaken

from .conversie.definitie import DefinitieFout, GelezenDefinitie, lees_definitie
from .conversie.selectie import ConversieFout
from .conversie.uitvoering import conversie_registreren, proefdraai_opslaan, run_uitvoeren, run_voorbereiden
from .models import Conversie, RunSoort
from .services import HerindicatieFout, evaluaties_bijwerken, herbeoordelingen_plannen, signalen_bijwerken

AFLOPEND = 3


def _conversies_map() -> Path:
    """conversies/ at the repository root (next to regions/)."""
    return Path(__file__).resolve().parents[3] / "conversies"


def speeldag(regio: Regio, vandaag: date) -> date:
    """The day the demo plays in a region: today, or for a region whose agreements ended (De Fryske Marren 2022)
    a day in its last months, when indications there were about to expire."""
    if regio.geldig_tot and regio.geldig_tot < vandaag + timedelta(days=90):
        return min(vandaag, regio.geldig_tot - timedelta(days=75))
    return vandaag


def _aflopende_indicaties(log: Callable[[str], None]) -> None:
    """In every region a few clients whose indication ends in about two months (of the region's play day): the
    signal is due, so every region's 'Aflopende indicaties' has work in it."""
    vandaag = timezone.localdate()
    for regio in Regio.objects.order_by("code"):
        dag = speeldag(regio, vandaag)
        einde = dag + timedelta(days=60 + 7 * AFLOPEND)
        keuzes = [(o, p) for o, p in keuzes_op(regio, dag) if product_op_datum(product=p, dag=einde).bekostiging]
        if not keuzes:
            continue
        overeenkomst, product = keuzes[0]
        aantal = 0
        for client in Client.objects.filter(gemeente__regios=regio, overleden_op__isnull=True).order_by("bsn"):
            if aantal >= AFLOPEND:
                break
            if client.toewijzingen.filter(product=product).exists():
                aantal += 1
                continue
            try:
                toewijzing_aanmaken(
                    client=client,
                    aanbieder=overeenkomst.aanbieder,
                    product=product,
                    ingangsdatum=max(dag - timedelta(days=300), overeenkomst.ingangsdatum, regio.geldig_van),
                    einddatum=dag + timedelta(days=60 + 7 * aantal),
                    volume=3,
                )
            except ToewijzingFout:
                continue
            aantal += 1
        log(f"herindicatie: {aantal} aflopende indicaties in {regio.naam}")


def _registreren(gelezen: GelezenDefinitie) -> Conversie:
    """The stored conversion, registered again only when its definition file changed."""
    bestaand = Conversie.objects.filter(code=gelezen.inhoud.code, sha256=gelezen.sha256).first()
    return bestaand or conversie_registreren(gelezen=gelezen)


def vul_demo(log: Callable[[str], None]) -> None:
    _aflopende_indicaties(log)
    map_ = _conversies_map()
    try:
        ln = lees_definitie(map_ / "limburg-noord-2022.yaml")
        conversie = _registreren(ln)
        if not conversie.runs.filter(soort=RunSoort.PROEF, sha256=ln.sha256).exists():
            run = proefdraai_opslaan(gelezen=ln)
            log(f"herindicatie: proefdraai Limburg-Noord 2022: {run.totaal} toewijzingen in scope")
        if not conversie.runs.filter(soort=RunSoort.ECHT, sha256=ln.sha256).exists():  # and then carried out
            run = run_uitvoeren(run=run_voorbereiden(gelezen=ln))
            log(
                f"herindicatie: conversie Limburg-Noord 2022 uitgevoerd: {run.omgezet} omgezet, {run.ingekort} "
                f"ingekort, {run.berichten_301} 301-berichten"
            )
        dfm = _registreren(lees_definitie(map_ / "de-fryske-marren-2022.yaml"))
        if not dfm.herbeoordelingen.exists():
            uitkomst = herbeoordelingen_plannen(conversie=dfm)
            log(f"herindicatie: planning De Fryske Marren 2022: {uitkomst.ingepland} herbeoordelingen ingepland")
    except (DefinitieFout, ConversieFout, HerindicatieFout) as fout:
        log(f"herindicatie: conversiedemo overgeslagen: {fout}")


def rond_af(log: Callable[[str], None]) -> None:
    """Evaluations and signals for every assignment of the demo (also those later demos made), as the nightly
    task does."""
    vandaag = timezone.localdate()
    log(f"herindicatie: {evaluaties_bijwerken(vandaag=vandaag)} evaluaties gepland")
    nieuw = signalen_bijwerken(vandaag=vandaag)
    for dag in sorted({speeldag(r, vandaag) for r in Regio.objects.all()} - {vandaag}):
        nieuw += signalen_bijwerken(vandaag=dag)  # as the nightly task did then in a region whose agreements ended
    log(f"herindicatie: {nieuw} nieuwe signalen voor aflopende indicaties")
