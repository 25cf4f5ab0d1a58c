"""Message objects from domain state: the 301 from the assignments (never a delta), and the provider's
305/307/315/317 and the municipality's 319 from portal input."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from wmoketen.clienten.models import Client
from wmoketen.toewijzingen.domain import Vorm
from wmoketen.toewijzingen.models import Start, Toewijzing
from wmoketen.toewijzingen.selectors import ToewijzingVoor301
from wmoketen.toewijzingen.services import vorm_van

from ..codec.model import wmo301, wmo305, wmo307, wmo315, wmo317, wmo319
from ..codec.model.basis import (
    Achternaam,
    Adres,
    Geboortedatum,
    Header,
    Huis,
    Omvang,
    Product,
    Telefoon,
    Telefoonnummers,
    VerkorteNaam,
    Verwijzer,
    VolledigeNaam,
)

EERSTE_AANLEVERING = "1"


def _voorletters(client: Client) -> str | None:
    letters = re.sub(r"[^A-Za-z]", "", client.voorletters)[:6]
    return letters or None


def _achternaam(client: Client) -> Achternaam:
    return Achternaam(achternaam=client.achternaam, voorvoegsel=client.voorvoegsel or None)


def postcode_zoals_verstuurd(postcode: str) -> str | None:
    """A Dutch postcode as the 301 carries it: '6001 ab' -> '6001AB' (CS089: no space)."""
    return "".join(postcode.split()).upper() or None


def _contact(client: Client) -> wmo301.Contact:
    """The client's BRP address (Soort 01). Postcode and LandCode go together (CD005); an address without a
    postcode or house number is sent as it is and the official rules (CD034, TR006, CD025) block the 301 with the
    reason, rather than an invented value."""
    huis = None
    if client.huisnummer is not None:
        huis = Huis(huisnummer=client.huisnummer, huisnummer_toevoeging=client.huisnummer_toevoeging[:4] or None)
    postcode = postcode_zoals_verstuurd(client.postcode)
    adres = Adres(
        huis=huis,
        postcode=postcode,
        straatnaam=client.straat[:24] or None,
        plaatsnaam=client.plaats[:80] or None,
        land_code="NL" if postcode else None,
    )
    digits = re.sub(r"\D", "", client.telefoon)[:15]
    telefoon = Telefoonnummers(telefoon01=Telefoon(telefoonnummer=digits, landnummer="0031")) if digits else None
    leeg = not (huis or postcode or adres.straatnaam or adres.plaatsnaam)
    return wmo301.Contact(soort="01", adres=None if leeg else adres, telefoon=telefoon)


def product_zoals_toegewezen(toewijzing: Toewijzing) -> Product | None:
    """The Product as the 301 carries it: category and code, or category only (aspecific/budget)."""
    vorm = vorm_van(toewijzing.product, toewijzing.ingangsdatum)
    code = toewijzing.product.productcode if vorm.met_productcode else None
    return Product(categorie=toewijzing.product.categorie, code=code)


def toegewezen_product(item: ToewijzingVoor301) -> wmo301.ToegewezenProduct | None:
    t = item.toewijzing
    vorm = vorm_van(t.product, t.ingangsdatum)
    if vorm.vorm == Vorm.GEEN_301:
        return None
    omvang = None
    budget = None
    if vorm.vorm == Vorm.OMVANG and t.volume is not None:
        omvang = Omvang(volume=t.volume, eenheid=t.eenheid or vorm.eenheid, frequentie=t.frequentie or vorm.frequentie)
    elif vorm.vorm == Vorm.BUDGET:
        budget = t.budget_cent
    reden = t.reden_wijziging or None
    if reden != "13" and not (item.gewijzigd and item.eerder_verzonden):
        reden = None  # IV099: only on a change since the last 301 with this number; never on a new one (IV066)
    return wmo301.ToegewezenProduct(
        toewijzing_nummer=t.toewijzing_nummer,
        referentie_aanbieder=item.referentie_aanbieder,
        product=product_zoals_toegewezen(t),
        toewijzingsdatum=t.toewijzingsdatum,
        toewijzingstijd=t.toewijzingstijd,
        ingangsdatum=t.ingangsdatum,
        einddatum=t.einddatum,
        reden_wijziging=reden,
        omvang=omvang,
        budget=budget,
    )


def wmo301_bouwen(*, header: Header, client: Client, items: list[ToewijzingVoor301]) -> wmo301.Wmo301 | None:
    """The 301 for one client at one provider from state; None when nothing is to be sent (taakgericht only)."""
    producten = tuple(p for p in (toegewezen_product(i) for i in items) if p is not None)
    if not producten:
        return None
    return wmo301.Wmo301(
        header=header,
        client=wmo301.Client(
            bsn=client.bsn,
            geboortedatum=Geboortedatum(datum=client.geboortedatum),
            geslacht=client.geslacht,
            naam=VolledigeNaam(geslachtsnaam=_achternaam(client), voorletters=_voorletters(client), naam_gebruik="1"),
            contactgegevens=(_contact(client),),
            toegewezen_producten=producten,
        ),
    )


def _verkort(client: Client) -> dict[str, object]:
    return {
        "bsn": client.bsn,
        "geboortedatum": Geboortedatum(datum=client.geboortedatum),
        "geslacht": client.geslacht,
        "naam": VerkorteNaam(geslachtsnaam=_achternaam(client), voorletters=_voorletters(client)),
    }


def wmo305_bouwen(
    *, header: Header, toewijzing: Toewijzing, begindatum: date, status: str = EERSTE_AANLEVERING
) -> wmo305.Wmo305:
    start = wmo305.StartProduct(
        toewijzing_nummer=toewijzing.toewijzing_nummer,
        product=product_zoals_toegewezen(toewijzing),
        toewijzing_ingangsdatum=toewijzing.ingangsdatum,
        begindatum=begindatum,
        status_aanlevering=status,
    )
    return wmo305.Wmo305(header=header, client=wmo305.Client(**_verkort(toewijzing.client), start_producten=(start,)))  # type: ignore[arg-type]


def wmo307_bouwen(
    *, header: Header, start: Start, reden_beeindiging: str, einddatum: date, status: str = EERSTE_AANLEVERING
) -> wmo307.Wmo307:
    product = (
        Product(categorie=start.product_categorie, code=start.product_code or None) if start.product_categorie else None
    )
    stop = wmo307.StopProduct(
        toewijzing_nummer=start.toewijzing_nummer,
        product=product,
        toewijzing_ingangsdatum=start.toewijzing_ingangsdatum,
        begindatum=start.begindatum,
        reden_beeindiging=reden_beeindiging,
        einddatum=einddatum,
        status_aanlevering=status,
    )
    return wmo307.Wmo307(header=header, client=wmo307.Client(**_verkort(start.client), stop_producten=(stop,)))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Aanvraag:
    """One requested product from the portal (315 AangevraagdProduct or 317 NieuwProduct)."""

    referentie_aanbieder: str
    product_categorie: str
    product_code: str | None
    ingangsdatum: date
    einddatum: date | None = None
    volume: int | None = None
    eenheid: str = ""
    frequentie: str = ""
    budget_cent: int | None = None
    verwijzer_type: str = "01"
    commentaar: str | None = None


def _omvang(a: Aanvraag) -> Omvang | None:
    if a.volume is None or not a.eenheid or not a.frequentie:
        return None
    return Omvang(volume=a.volume, eenheid=a.eenheid, frequentie=a.frequentie)


def wmo315_bouwen(*, header: Header, client: Client, aanvragen: list[Aanvraag]) -> wmo315.Wmo315:
    producten = tuple(
        wmo315.AangevraagdProduct(
            referentie_aanbieder=a.referentie_aanbieder,
            product=Product(categorie=a.product_categorie, code=a.product_code),
            toewijzing_ingangsdatum=a.ingangsdatum,
            toewijzing_einddatum=a.einddatum,
            omvang=_omvang(a) if a.budget_cent is None else None,
            budget=a.budget_cent,
            verwijzer=Verwijzer(type=a.verwijzer_type),
            commentaar=a.commentaar,
        )
        for a in aanvragen
    )
    return wmo315.Wmo315(header=header, client=wmo315.Client(**_verkort(client), aangevraagde_producten=producten))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Wijziging:
    toewijzing_nummer: int
    gewenste_ingangsdatum: date
    einddatum: date | None = None
    volume: int | None = None
    eenheid: str = ""
    frequentie: str = ""
    budget_cent: int | None = None


def wmo317_bouwen(
    *,
    header: Header,
    client: Client,
    referentie_aanbieder: str,
    reden_verzoek: str,
    ongewijzigd: list[int],
    te_wijzigen: list[Wijziging],
    nieuw: list[Aanvraag],
) -> wmo317.Wmo317:
    verzoek = wmo317.Verzoek(
        referentie_aanbieder=referentie_aanbieder,
        reden_verzoek=reden_verzoek,
        ongewijzigde_producten=tuple(wmo317.OngewijzigdProduct(toewijzing_nummer=n) for n in ongewijzigd),
        te_wijzigen_producten=tuple(
            wmo317.TeWijzigenProduct(
                toewijzing_nummer=w.toewijzing_nummer,
                gewenste_ingangsdatum=w.gewenste_ingangsdatum,
                einddatum=w.einddatum,
                omvang=Omvang(volume=w.volume, eenheid=w.eenheid, frequentie=w.frequentie)
                if w.volume is not None and w.eenheid and w.frequentie
                else None,
                budget=w.budget_cent,
            )
            for w in te_wijzigen
        ),
        nieuwe_producten=tuple(
            wmo317.NieuwProduct(
                product=Product(categorie=a.product_categorie, code=a.product_code),
                gewenste_ingangsdatum=a.ingangsdatum,
                einddatum=a.einddatum,
                omvang=_omvang(a) if a.budget_cent is None else None,
                budget=a.budget_cent,
            )
            for a in nieuw
        ),
    )
    return wmo317.Wmo317(header=header, client=wmo317.Client(bsn=client.bsn, verzoek=verzoek))


def wmo319_bouwen(
    *, header: Header, referentie_aanbieder: str, verzoek_antwoord: str, reden_afwijzing: str | None
) -> wmo319.Wmo319:
    return wmo319.Wmo319(
        header=header,
        antwoord=wmo319.Antwoord(
            referentie_aanbieder=referentie_aanbieder,
            verzoek_antwoord=verzoek_antwoord,
            reden_afwijzing_verzoek=reden_afwijzing if verzoek_antwoord == "1" else None,
        ),
    )
