"""Apply a valid received message to domain state, through the toewijzingen services (municipality side).

305 creates or deletes a Start, 307 a Stop, 315 and 317 a Verzoek to answer. On the provider side nothing
changes: the state a 301 or 319 describes is the municipality's, which this system already holds.
"""

from __future__ import annotations

from datetime import date

from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Aanbieder
from wmoketen.core.fouten import Domeinfout
from wmoketen.toewijzingen import services, verzoeken
from wmoketen.toewijzingen.constants import RegelSoort, VerzoekSoort
from wmoketen.toewijzingen.verzoeken import RegelInvoer

from ..codec import Bericht as CodecBericht
from ..codec.model.basis import Omvang, Product
from ..codec.model.wmo305 import Wmo305
from ..codec.model.wmo307 import Wmo307
from ..codec.model.wmo315 import Wmo315
from ..codec.model.wmo317 import Wmo317
from ..models import Bericht

VERWIJDEREN = "3"


def _regel(
    soort: RegelSoort,
    *,
    product: Product | None = None,
    omvang: Omvang | None = None,
    referentie_aanbieder: str = "",
    toewijzing_nummer: int | None = None,
    ingangsdatum: date | None = None,
    einddatum: date | None = None,
    budget_cent: int | None = None,
    beschikking_nummer: int | None = None,
) -> RegelInvoer:
    return RegelInvoer(
        soort=soort,
        referentie_aanbieder=referentie_aanbieder,
        toewijzing_nummer=toewijzing_nummer,
        product_categorie=product.categorie if product else "",
        product_code=(product.code or "") if product else "",
        ingangsdatum=ingangsdatum,
        einddatum=einddatum,
        volume=omvang.volume if omvang else None,
        eenheid=omvang.eenheid if omvang else "",
        frequentie=omvang.frequentie if omvang else "",
        budget_cent=budget_cent,
        beschikking_nummer=beschikking_nummer,
    )


def _regie(bericht: Wmo305 | Wmo307, client: Client, aanbieder: Aanbieder, gemeente: str, op: date) -> None:
    if isinstance(bericht, Wmo305):
        for start in bericht.client.start_producten:
            if start.status_aanlevering == VERWIJDEREN:
                services.start_verwijderen(
                    client=client,
                    aanbieder=aanbieder,
                    toewijzing_nummer=start.toewijzing_nummer,
                    begindatum=start.begindatum,
                    op=op,
                )
            else:
                services.start_registreren(
                    client=client,
                    aanbieder=aanbieder,
                    gemeente_code=gemeente,
                    toewijzing_nummer=start.toewijzing_nummer,
                    product_categorie=start.product.categorie if start.product else "",
                    product_code=(start.product.code or "") if start.product else "",
                    toewijzing_ingangsdatum=start.toewijzing_ingangsdatum,
                    begindatum=start.begindatum,
                    ontvangen_op=op,
                )
        return
    for stop in bericht.client.stop_producten:
        if stop.status_aanlevering == VERWIJDEREN:
            services.stop_verwijderen(
                client=client,
                aanbieder=aanbieder,
                toewijzing_nummer=stop.toewijzing_nummer,
                begindatum=stop.begindatum,
                reden_beeindiging=stop.reden_beeindiging,
                op=op,
            )
        else:
            services.stop_registreren(
                client=client,
                aanbieder=aanbieder,
                toewijzing_nummer=stop.toewijzing_nummer,
                begindatum=stop.begindatum,
                reden_beeindiging=stop.reden_beeindiging,
                einddatum=stop.einddatum,
                ontvangen_op=op,
            )


def toepassen(bericht: CodecBericht, rij: Bericht, vandaag: date) -> None:
    if len(rij.partij) != 4 or not isinstance(bericht, Wmo305 | Wmo307 | Wmo315 | Wmo317):
        return
    client = rij.client
    aanbieder = Aanbieder.objects.filter(agb_code=rij.agb_code).first()
    if client is None or aanbieder is None:
        raise Domeinfout("Cliënt (BSN) of aanbieder (AGB-code) is bij de gemeente niet bekend; niets verwerkt.")
    if isinstance(bericht, Wmo305 | Wmo307):
        _regie(bericht, client, aanbieder, rij.gemeente_code, vandaag)
    elif isinstance(bericht, Wmo315):
        regels = [
            _regel(
                RegelSoort.AANGEVRAAGD,
                product=p.product,
                omvang=p.omvang,
                referentie_aanbieder=p.referentie_aanbieder,
                ingangsdatum=p.toewijzing_ingangsdatum,
                einddatum=p.toewijzing_einddatum,
                budget_cent=p.budget,
                beschikking_nummer=p.beschikking_nummer,
            )
            for p in bericht.client.aangevraagde_producten
        ]
        verzoeken.verzoek_registreren(
            soort=VerzoekSoort.VOT,
            client=client,
            aanbieder=aanbieder,
            gemeente_code=rij.gemeente_code,
            regels=regels,
            ontvangen_op=vandaag,
            commentaar=bericht.client.commentaar or "",
        )
    else:
        v = bericht.client.verzoek
        regels = [
            _regel(RegelSoort.ONGEWIJZIGD, toewijzing_nummer=p.toewijzing_nummer) for p in v.ongewijzigde_producten
        ]
        regels += [
            _regel(
                RegelSoort.TE_WIJZIGEN,
                omvang=p.omvang,
                toewijzing_nummer=p.toewijzing_nummer,
                ingangsdatum=p.gewenste_ingangsdatum,
                einddatum=p.einddatum,
                budget_cent=p.budget,
            )
            for p in v.te_wijzigen_producten
        ]
        regels += [
            _regel(
                RegelSoort.NIEUW,
                product=p.product,
                omvang=p.omvang,
                ingangsdatum=p.gewenste_ingangsdatum,
                einddatum=p.einddatum,
                budget_cent=p.budget,
            )
            for p in v.nieuwe_producten
        ]
        verzoeken.verzoek_registreren(
            soort=VerzoekSoort.VOW,
            client=client,
            aanbieder=aanbieder,
            gemeente_code=rij.gemeente_code,
            regels=regels,
            ontvangen_op=vandaag,
            referentie_aanbieder=v.referentie_aanbieder,
            reden_verzoek=v.reden_verzoek,
        )
