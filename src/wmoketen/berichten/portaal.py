"""Portal input -> message services for a provider without iWmo software of its own."""

from __future__ import annotations

from typing import Any

from wmoketen.catalogus.models import Gemeente, Product
from wmoketen.clienten.models import Client
from wmoketen.contracten import weergave
from wmoketen.contracten.models import Aanbieder
from wmoketen.toewijzingen.models import Toewijzing
from wmoketen.toewijzingen.selectors import actuele_toewijzingen
from wmoketen.toewijzingen.services import vorm_van

from . import services
from .models import Bericht
from .uitwisseling.bouwers import Aanvraag, Wijziging


def producten_voor(aanbieder: Aanbieder) -> list[tuple[str, str]]:
    """Products of the lots the provider is contracted for (value: product id)."""
    producten = (
        Product.objects.filter(perceel__overeenkomsten__aanbieder=aanbieder)
        .select_related("regio")
        .distinct()
        .order_by("regio__naam", "productcode")
    )
    return [(str(p.pk), f"{p.productcode} {p.naam} ({p.regio.naam})") for p in producten]


def gemeenten_voor(aanbieder: Aanbieder) -> list[tuple[str, str]]:
    """The gemeenten of the regions the provider has an agreement with (value: CBS code): where a 315 can go."""
    gemeenten = Gemeente.objects.filter(regios__overeenkomsten__aanbieder=aanbieder).distinct().order_by("naam")
    return [(g.cbs_code, weergave.gemeente(g)) for g in gemeenten]


def client_voor_vot(*, aanbieder: Aanbieder, bsn: str, gemeente_code: str) -> Client | None:
    """The client a 315 from the portal is about: the BSN's client of the chosen gemeente (one at most, the BSN is
    unique per gemeente), if the provider may send there at all. Never the client of another gemeente."""
    if gemeente_code not in {code for code, _ in gemeenten_voor(aanbieder)}:
        return None
    return Client.objects.filter(gemeente__cbs_code=gemeente_code, bsn=bsn).select_related("gemeente").first()


def vot_voor_client(*, aanbieder: Aanbieder, client: Client, gegevens: dict[str, Any], actor: object) -> Bericht:
    product = Product.objects.get(pk=gegevens["product"], perceel__overeenkomsten__aanbieder=aanbieder)
    vorm = vorm_van(product, gegevens["ingangsdatum"])
    aanvraag = Aanvraag(
        referentie_aanbieder=gegevens["referentie_aanbieder"],
        product_categorie=product.categorie,
        product_code=product.productcode if vorm.met_productcode else None,
        ingangsdatum=gegevens["ingangsdatum"],
        einddatum=gegevens.get("einddatum"),
        volume=gegevens.get("volume") if vorm.met_productcode else None,
        eenheid=vorm.eenheid,
        frequentie=vorm.frequentie,
    )
    return services.vot_versturen(client=client, aanbieder=aanbieder, aanvragen=[aanvraag], actor=actor)


def vow_voor_toewijzing(*, toewijzing: Toewijzing, gegevens: dict[str, Any], actor: object) -> Bericht:
    """A 317 with this toewijzing as TeWijzigenProduct and every other current one as OngewijzigdProduct (TR349)."""
    actueel = actuele_toewijzingen(client=toewijzing.client, aanbieder=toewijzing.aanbieder)
    volume = gegevens.get("volume")
    wijziging = Wijziging(
        toewijzing_nummer=toewijzing.toewijzing_nummer,
        gewenste_ingangsdatum=gegevens["gewenste_ingangsdatum"],
        einddatum=gegevens.get("einddatum") or toewijzing.einddatum,
        volume=volume if volume is not None else toewijzing.volume,
        eenheid=toewijzing.eenheid if toewijzing.volume is not None else "",
        frequentie=toewijzing.frequentie if toewijzing.volume is not None else "",
        budget_cent=toewijzing.budget_cent if toewijzing.volume is None else None,
    )
    return services.vow_versturen(
        client=toewijzing.client,
        aanbieder=toewijzing.aanbieder,
        referentie_aanbieder=gegevens["referentie_aanbieder"],
        reden_verzoek=gegevens["reden_verzoek"],
        ongewijzigd=[t.toewijzing_nummer for t in actueel if t.pk != toewijzing.pk],
        te_wijzigen=[wijziging],
        nieuw=[],
        actor=actor,
    )
