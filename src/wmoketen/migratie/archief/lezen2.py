"""iWmo 2.x messages (in use until 31-12-2020), read where their structure allows.

There is no 2.x schema in wmoketen (and none is needed after 2020), so the structure is checked here element by
element, by local name (2.0 wrote `Berichtidentificatie`, `Adressen`; 2.1 `BerichtIdentificatie`,
`Contactgegevens`). What maps onto 3.2:

* 301: per client its ToegewezenProducten with ToewijzingNummer. A product without ToewijzingNummer (allowed in
  2.x) is not importable: a 3.2 declaration refers to the number. The 2.x Beschikking around the products is not
  taken over (3.0 removed it from the toewijzing); use the beschikkingen template for it.
* 305 and 307: StartProduct and StopProduct; without ToewijzingNummer the start is matched later on client,
  provider, product and the assignment's start date.
* Everything else is reported as not importable with the reason: the declaration 303/304 was replaced by the
  323/325 in release 3.0 and a 323 holds no period before 2021 (CS100); requests (315/316) were answered
  differently before 3.0 (no 319).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

from lxml import etree

from wmoketen.berichten.codec import Bericht, BerichtError
from wmoketen.berichten.codec.model import wmo301, wmo305, wmo307
from wmoketen.berichten.codec.model.basis import (
    Achternaam,
    Adres,
    BerichtIdentificatie,
    Geboortedatum,
    Header,
    Huis,
    Omvang,
    Product,
    VerkorteNaam,
    VolledigeNaam,
)
from wmoketen.berichten.codec.safexml import parse_untrusted

from .kop import Kop, NietImporteerbaar

NIET: dict[str, str] = {
    "303": (
        "iWmo 2.x-declaratie (WMO303): sinds release 3.0 (1-1-2021) vervangen door de 323/325, die geen perioden "
        "vóór 2021 kent (CS100). Niet overgenomen; neem betaalde bedragen over met het sjabloon betalingen."
    ),
    "304": "iWmo 2.x-retour op een declaratie (WMO304): hoort bij de 303, die niet wordt overgenomen.",
    "315": (
        "iWmo 2.x-verzoek om toewijzing: vóór release 3.0 anders beantwoord (er was geen 319); niet overgenomen. "
        "Een toegekend verzoek staat als toewijzing in de 301."
    ),
    "316": "iWmo 2.x-retour op een verzoek om toewijzing: hoort bij de 315, die niet wordt overgenomen.",
}


def _naam(element: etree._Element) -> str:
    return etree.QName(element).localname.lower()


def _kind(element: etree._Element | None, *pad: str) -> etree._Element | None:
    for naam in pad:
        if element is None:
            return None
        element = next((c for c in element if isinstance(c.tag, str) and _naam(c) == naam.lower()), None)
    return element


def _kinderen(element: etree._Element | None, naam: str) -> list[etree._Element]:
    if element is None:
        return []
    return [c for c in element if isinstance(c.tag, str) and _naam(c) == naam.lower()]


def _tekst(element: etree._Element | None, *pad: str) -> str | None:
    gevonden = _kind(element, *pad)
    if gevonden is None or gevonden.text is None or not gevonden.text.strip():
        return None
    return gevonden.text.strip()


def _verplicht(element: etree._Element | None, plek: str, *pad: str) -> str:
    waarde = _tekst(element, *pad)
    if waarde is None:
        raise NietImporteerbaar(f"{plek}: {'/'.join(pad)} ontbreekt.")
    return waarde


def _datum(waarde: str | None, plek: str) -> date | None:
    if waarde is None:
        return None
    try:
        return date.fromisoformat(waarde)
    except ValueError as exc:
        raise NietImporteerbaar(f"{plek}: {waarde!r} is geen datum (JJJJ-MM-DD).") from exc


def _getal(waarde: str | None, plek: str) -> int | None:
    if waarde is None:
        return None
    if not waarde.isdigit():
        raise NietImporteerbaar(f"{plek}: {waarde!r} is geen geheel getal.")
    return int(waarde)


def _header(kop: Kop) -> Header:
    return Header(
        afzender=kop.afzender,
        ontvanger=kop.ontvanger,
        bericht_identificatie=BerichtIdentificatie(identificatie=kop.identificatie, dagtekening=kop.dagtekening),
    )


def _clientkop(client: etree._Element, plek: str) -> dict[str, object]:
    geboren = _datum(_verplicht(client, plek, "Geboortedatum", "Datum"), plek)
    assert geboren is not None
    naam = _kind(client, "Naam")
    achternaam = Achternaam(
        achternaam=_verplicht(naam, plek, "Geslachtsnaam", "Naam"),
        voorvoegsel=_tekst(naam, "Geslachtsnaam", "Voorvoegsel"),
    )
    return {
        "bsn": _verplicht(client, plek, "Bsn"),
        "geboortedatum": Geboortedatum(datum=geboren),
        "geslacht": _tekst(client, "Geslacht") or "0",
        "achternaam": achternaam,
        "voorletters": _tekst(naam, "Voorletters"),
        "voornamen": _tekst(naam, "Voornamen"),
    }


def _contact(client: etree._Element) -> tuple[wmo301.Contact, ...]:
    contact = _kind(client, "Contactgegevens", "Contact") or _kind(client, "Adressen", "Adres")
    adres = _kind(contact, "Adres")
    if contact is None or adres is None:
        return ()
    huisnummer = _tekst(adres, "Huis", "Huisnummer")
    huis = None
    if huisnummer is not None and huisnummer.isdigit():
        huis = Huis(huisnummer=int(huisnummer), huisnummer_toevoeging=_tekst(adres, "Huis", "HuisnummerToevoeging"))
    return (
        wmo301.Contact(
            soort=_tekst(contact, "Soort") or "01",
            adres=Adres(
                huis=huis,
                postcode=_tekst(adres, "Postcode"),
                straatnaam=_tekst(adres, "Straatnaam"),
                plaatsnaam=_tekst(adres, "Plaatsnaam"),
                land_code=_tekst(adres, "LandCode"),
            ),
        ),
    )


def _omvang(element: etree._Element | None, plek: str) -> Omvang | None:
    omvang = _kind(element, "Omvang")
    if omvang is None:
        return None
    volume = _getal(_verplicht(omvang, plek, "Volume"), plek)
    assert volume is not None
    return Omvang(
        volume=volume, eenheid=_verplicht(omvang, plek, "Eenheid"), frequentie=_verplicht(omvang, plek, "Frequentie")
    )


def _product(element: etree._Element | None) -> Product | None:
    product = _kind(element, "Product")
    categorie = _tekst(product, "Categorie")
    return Product(categorie=categorie, code=_tekst(product, "Code")) if categorie else None


def _toegewezen(p: etree._Element, plek: str) -> wmo301.ToegewezenProduct:
    nummer = _getal(_tekst(p, "ToewijzingNummer"), plek)
    if nummer is None:
        raise NietImporteerbaar(
            f"{plek}: geen ToewijzingNummer (mocht in iWmo 2.x); een 3.2-declaratie verwijst naar het nummer, dus "
            "deze toewijzing is niet over te nemen."
        )
    tijd = _verplicht(p, plek, "Toewijzingstijd")
    try:
        toewijzingstijd = time.fromisoformat(tijd)
    except ValueError as exc:
        raise NietImporteerbaar(f"{plek}: Toewijzingstijd {tijd!r} is geen tijd (UU:MM:SS).") from exc
    ingang = _datum(_verplicht(p, plek, "Ingangsdatum"), plek)
    toewijzingsdatum = _datum(_verplicht(p, plek, "Toewijzingsdatum"), plek)
    assert ingang is not None and toewijzingsdatum is not None
    return wmo301.ToegewezenProduct(
        toewijzing_nummer=nummer,
        referentie_aanbieder=_tekst(p, "ReferentieAanbieder"),
        product=_product(p),
        toewijzingsdatum=toewijzingsdatum,
        toewijzingstijd=toewijzingstijd,
        ingangsdatum=ingang,
        einddatum=_datum(_tekst(p, "Einddatum"), plek),
        reden_wijziging=_tekst(p, "RedenWijziging"),
        omvang=_omvang(p, plek),
        budget=_getal(_tekst(p, "Budget"), plek),
    )


def _lees_301(root: etree._Element, kop: Kop) -> list[Bericht]:
    berichten: list[Bericht] = []
    for i, client in enumerate(_kinderen(_kind(root, "Clienten"), "Client"), start=1):
        plek = f"Client[{i}]"
        velden = _clientkop(client, plek)
        producten = [
            p
            for p in (*_kinderen(_kind(client, "Beschikking", "ToegewezenProducten"), "ToegewezenProduct"),
                      *_kinderen(_kind(client, "ToegewezenProducten"), "ToegewezenProduct"))
        ]  # fmt: skip
        if not producten:
            raise NietImporteerbaar(f"{plek}: geen ToegewezenProduct.")
        berichten.append(
            wmo301.Wmo301(
                header=_header(kop),
                client=wmo301.Client(
                    bsn=str(velden["bsn"]),
                    geboortedatum=velden["geboortedatum"],  # type: ignore[arg-type]
                    geslacht=str(velden["geslacht"]),
                    naam=VolledigeNaam(
                        geslachtsnaam=velden["achternaam"],  # type: ignore[arg-type]
                        voorletters=velden["voorletters"],  # type: ignore[arg-type]
                        voornamen=velden["voornamen"],  # type: ignore[arg-type]
                        naam_gebruik="1",
                    ),
                    contactgegevens=_contact(client),
                    toegewezen_producten=tuple(
                        _toegewezen(p, f"{plek}/ToegewezenProduct[{j}]") for j, p in enumerate(producten, start=1)
                    ),
                ),
            )
        )
    if not berichten:
        raise NietImporteerbaar("Geen cliënt in dit bericht.")
    return berichten


def _verkort(velden: dict[str, object]) -> dict[str, object]:
    return {
        "bsn": velden["bsn"],
        "geboortedatum": velden["geboortedatum"],
        "geslacht": velden["geslacht"],
        "naam": VerkorteNaam(
            geslachtsnaam=velden["achternaam"],  # type: ignore[arg-type]
            voorletters=velden["voorletters"],  # type: ignore[arg-type]
        ),
    }


def _lees_305(root: etree._Element, kop: Kop) -> list[Bericht]:
    berichten: list[Bericht] = []
    for i, client in enumerate(_kinderen(_kind(root, "Clienten"), "Client"), start=1):
        plek = f"Client[{i}]"
        starts = []
        for j, s in enumerate(_kinderen(_kind(client, "StartProducten"), "StartProduct"), start=1):
            p = f"{plek}/StartProduct[{j}]"
            begin = _datum(_verplicht(s, p, "Begindatum"), p)
            assert begin is not None
            starts.append(
                wmo305.StartProduct(
                    toewijzing_nummer=_getal(_tekst(s, "ToewijzingNummer"), p),
                    product=_product(s),
                    toewijzing_ingangsdatum=_datum(_tekst(s, "ToewijzingIngangsdatum") or _tekst(s, "Ingangsdatum"), p),
                    begindatum=begin,
                    status_aanlevering=_tekst(s, "StatusAanlevering") or _tekst(client, "StatusAanlevering") or "1",
                )
            )
        berichten.append(
            wmo305.Wmo305(
                header=_header(kop),
                client=wmo305.Client(**_verkort(_clientkop(client, plek)), start_producten=tuple(starts)),  # type: ignore[arg-type]
            )
        )
    return berichten


def _lees_307(root: etree._Element, kop: Kop) -> list[Bericht]:
    berichten: list[Bericht] = []
    for i, client in enumerate(_kinderen(_kind(root, "Clienten"), "Client"), start=1):
        plek = f"Client[{i}]"
        stops = []
        for j, s in enumerate(_kinderen(_kind(client, "StopProducten"), "StopProduct"), start=1):
            p = f"{plek}/StopProduct[{j}]"
            begin = _datum(_verplicht(s, p, "Begindatum"), p)
            eind = _datum(_verplicht(s, p, "Einddatum"), p)
            assert begin is not None and eind is not None
            stops.append(
                wmo307.StopProduct(
                    toewijzing_nummer=_getal(_tekst(s, "ToewijzingNummer"), p),
                    product=_product(s),
                    toewijzing_ingangsdatum=_datum(_tekst(s, "ToewijzingIngangsdatum") or _tekst(s, "Ingangsdatum"), p),
                    begindatum=begin,
                    reden_beeindiging=_verplicht(s, p, "RedenBeeindiging"),
                    einddatum=eind,
                    status_aanlevering=_tekst(s, "StatusAanlevering") or _tekst(client, "StatusAanlevering") or "1",
                )
            )
        berichten.append(
            wmo307.Wmo307(
                header=_header(kop),
                client=wmo307.Client(**_verkort(_clientkop(client, plek)), stop_producten=tuple(stops)),  # type: ignore[arg-type]
            )
        )
    return berichten


LEZERS: dict[str, Callable[[etree._Element, Kop], list[Bericht]]] = {
    "301": _lees_301,
    "305": _lees_305,
    "307": _lees_307,
}


def lees(data: bytes, kop: Kop) -> list[Bericht]:
    if kop.soort in NIET:
        raise NietImporteerbaar(NIET[kop.soort])
    lezer = LEZERS.get(kop.soort)
    if lezer is None:
        raise NietImporteerbaar(f"iWmo {kop.versie}-bericht WMO{kop.soort}: deze soort wordt uit 2.x niet overgenomen.")
    try:
        root = parse_untrusted(data).getroot()
    except BerichtError as exc:
        raise NietImporteerbaar(str(exc).replace("Bericht geweigerd: ", "")) from exc
    return lezer(root, kop)
