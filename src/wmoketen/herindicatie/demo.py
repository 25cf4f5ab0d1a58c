"""Demo: evaluations planned for the running assignments, a few indications that expire soon (signalled), the
Limburg-Noord 2022 conversion with a dry run, and the De Fryske Marren 2022 re-assessment planning. Idempotent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from wmoketen.catalogus.models import Product
from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Overeenkomst
from wmoketen.toewijzingen.services import ToewijzingFout, toewijzing_aanmaken

from .conversie.definitie import DefinitieFout, GelezenDefinitie, lees_definitie
from .conversie.selectie import ConversieFout
from .conversie.uitvoering import conversie_registreren, proefdraai_opslaan
from .models import Conversie, RunSoort
from .services import HerindicatieFout, evaluaties_bijwerken, herbeoordelingen_plannen, signalen_bijwerken

AFLOPEND = 3


def _conversies_map() -> Path:
    """conversies/ at the repository root (next to regions/)."""
    return Path(__file__).resolve().parents[3] / "conversies"


def _aflopende_indicaties(log: Callable[[str], None]) -> None:
    """A few clients of Midden-Limburg 2024 whose indication ends in about two months: the signal is due."""
    vandaag = timezone.localdate()
    product = Product.objects.filter(regio__code="midden-limburg-2024", productcode="BGI1").first()
    overeenkomst = (
        Overeenkomst.objects.filter(regio__code="midden-limburg-2024", percelen__producten=product)
        .select_related("aanbieder")
        .order_by("kenmerk")
        .first()
    )
    if product is None or overeenkomst is None:
        return
    clienten = Client.objects.filter(gemeente__regios__code="midden-limburg-2024").order_by("bsn")
    aantal = 0
    for client in clienten:
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
                ingangsdatum=vandaag - timedelta(days=300),
                einddatum=vandaag + timedelta(days=60 + 7 * aantal),
                volume=3,
            )
        except ToewijzingFout:
            continue
        aantal += 1
    log(f"herindicatie: {aantal} aflopende indicaties in Midden-Limburg 2024")


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
    log(f"herindicatie: {signalen_bijwerken(vandaag=vandaag)} nieuwe signalen voor aflopende indicaties")
