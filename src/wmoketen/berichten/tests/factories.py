"""Valid example messages of every kind, with test BSNs (range 9999, 11-proef) and made-up names only."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

from wmoketen.berichten.codec import Bericht, BerichtSoort
from wmoketen.berichten.codec.model import wmo301, wmo305, wmo307, wmo315, wmo317, wmo319, wmo323
from wmoketen.berichten.codec.model.basis import (
    Achternaam,
    Adres,
    BedragMetDC,
    BerichtIdentificatie,
    Communicatie,
    Geboortedatum,
    GeslotenPeriode,
    Header,
    Huis,
    Omvang,
    OpenPeriode,
    Product,
    Referentie,
    Telefoon,
    Telefoonnummers,
    TotaalBedragMetDC,
    VerkorteNaam,
    Verwijzer,
    VolledigeNaam,
    XsdVersie,
)
from wmoketen.core.bsn import test_bsns

BSN, BSN_2, BSN_3 = test_bsns(3)
GEMEENTE = "0363"
AANBIEDER = "12345678"
DAGTEKENING = date(2025, 3, 3)


def header(van: str, naar: str, identificatie: str = "B0001", dagtekening: date = DAGTEKENING) -> Header:
    return Header(
        afzender=van,
        ontvanger=naar,
        bericht_identificatie=BerichtIdentificatie(identificatie=identificatie, dagtekening=dagtekening),
    )


def retour_header(heen: Header) -> Header:
    return replace(
        heen,
        identificatie_retour="R0001",
        dagtekening_retour=date(2025, 3, 4),
        xsd_versie_retour=XsdVersie(),
        retour_codes=("0001",),
        xslt_versie="1.0.0",
    )


def verkorte_naam() -> VerkorteNaam:
    return VerkorteNaam(geslachtsnaam=Achternaam(achternaam="Testpersoon", voorvoegsel="de"), voorletters="AB")


def toegewezen_product(**changes: object) -> wmo301.ToegewezenProduct:
    product = wmo301.ToegewezenProduct(
        toewijzing_nummer=1001,
        product=Product(categorie="02", code="02A01"),
        toewijzingsdatum=date(2025, 3, 1),
        toewijzingstijd=time(10, 15, 0),
        ingangsdatum=date(2025, 3, 1),
        einddatum=date(2025, 12, 31),
        omvang=Omvang(volume=4, eenheid="04", frequentie="2"),
    )
    return replace(product, **changes)  # type: ignore[arg-type]


def wmo301_bericht(*producten: wmo301.ToegewezenProduct) -> wmo301.Wmo301:
    contact = wmo301.Contact(
        soort="01",
        adres=Adres(
            huis=Huis(huisnummer=12, huisletter="a"),
            postcode="1234AB",
            straatnaam="Teststraat",
            plaatsnaam="Teststad",
            land_code="NL",
        ),
        telefoon=Telefoonnummers(telefoon01=Telefoon(telefoonnummer="0201234567", landnummer="0031")),
    )
    client = wmo301.Client(
        bsn=BSN,
        geboortedatum=Geboortedatum(datum=date(1950, 6, 1)),
        geslacht="2",
        naam=VolledigeNaam(geslachtsnaam=Achternaam(achternaam="Testpersoon"), voorletters="A", naam_gebruik="1"),
        communicatie=Communicatie(vorm="1", taal="Pools"),
        relaties=(
            wmo301.Relatie(
                nummer="REL1",
                soort="12",
                naam=VolledigeNaam(geslachtsnaam=Achternaam(achternaam="Partner"), naam_gebruik="1"),
                contact=wmo301.Contact(
                    soort="02",
                    telefoon=Telefoonnummers(telefoon01=Telefoon(telefoonnummer="0201234568", landnummer="0031")),
                    emailadres="partner@example.invalid",
                ),
            ),
        ),
        contactgegevens=(
            contact,
            wmo301.Contact(
                soort="04",
                telefoon=Telefoonnummers(telefoon01=Telefoon(telefoonnummer="0612345678", landnummer="0031")),
                periode=OpenPeriode(begindatum=date(2025, 1, 1), einddatum=date(2025, 6, 30)),
            ),
        ),
        toegewezen_producten=producten or (toegewezen_product(),),
    )
    return wmo301.Wmo301(header=header(GEMEENTE, AANBIEDER), client=client)


def start_product(**changes: object) -> wmo305.StartProduct:
    product = wmo305.StartProduct(
        toewijzing_nummer=1001,
        product=Product(categorie="02", code="02A01"),
        toewijzing_ingangsdatum=date(2025, 3, 1),
        begindatum=date(2025, 3, 3),
        status_aanlevering="1",
    )
    return replace(product, **changes)  # type: ignore[arg-type]


def wmo305_bericht(*producten: wmo305.StartProduct) -> wmo305.Wmo305:
    client = wmo305.Client(
        bsn=BSN,
        geboortedatum=Geboortedatum(datum=date(1950, 6, 1)),
        geslacht="2",
        naam=verkorte_naam(),
        start_producten=producten or (start_product(),),
    )
    return wmo305.Wmo305(header=header(AANBIEDER, GEMEENTE), client=client)


def stop_product(**changes: object) -> wmo307.StopProduct:
    product = wmo307.StopProduct(
        toewijzing_nummer=1001,
        product=Product(categorie="02", code="02A01"),
        toewijzing_ingangsdatum=date(2025, 3, 1),
        begindatum=date(2025, 3, 3),
        reden_beeindiging="19",
        einddatum=date(2025, 3, 31),
        status_aanlevering="1",
    )
    return replace(product, **changes)  # type: ignore[arg-type]


def wmo307_bericht(*producten: wmo307.StopProduct) -> wmo307.Wmo307:
    client = wmo307.Client(
        bsn=BSN,
        geboortedatum=Geboortedatum(datum=date(1950, 6, 1)),
        geslacht="2",
        naam=verkorte_naam(),
        stop_producten=producten or (stop_product(),),
    )
    return wmo307.Wmo307(header=header(AANBIEDER, GEMEENTE, dagtekening=date(2025, 4, 1)), client=client)


def aangevraagd_product(**changes: object) -> wmo315.AangevraagdProduct:
    product = wmo315.AangevraagdProduct(
        referentie_aanbieder="VOT-2025-001",
        beschikking_nummer=555,
        product=Product(categorie="07", code="07A01"),
        beschikking_ingangsdatum=date(2025, 2, 1),
        toewijzing_ingangsdatum=date(2025, 4, 1),
        toewijzing_einddatum=date(2025, 12, 31),
        omvang=Omvang(volume=3, eenheid="16", frequentie="2"),
        verwijzer=Verwijzer(type="02", zorgverlener_code="01234567"),
        raamcontract="2",
    )
    return replace(product, **changes)  # type: ignore[arg-type]


def wmo315_bericht(*producten: wmo315.AangevraagdProduct) -> wmo315.Wmo315:
    client = wmo315.Client(
        bsn=BSN,
        geboortedatum=Geboortedatum(datum=date(1950, 6, 1)),
        geslacht="1",
        naam=verkorte_naam(),
        commentaar="Graag spoedig",
        aangevraagde_producten=producten or (aangevraagd_product(),),
    )
    return wmo315.Wmo315(header=header(AANBIEDER, GEMEENTE), client=client)


def verzoek(**changes: object) -> wmo317.Verzoek:
    result = wmo317.Verzoek(
        referentie_aanbieder="VOW-2025-001",
        reden_verzoek="1",
        ongewijzigde_producten=(wmo317.OngewijzigdProduct(toewijzing_nummer=1002),),
        te_wijzigen_producten=(
            wmo317.TeWijzigenProduct(
                toewijzing_nummer=1001,
                gewenste_ingangsdatum=date(2025, 4, 1),
                einddatum=date(2025, 12, 31),
                omvang=Omvang(volume=6, eenheid="04", frequentie="2"),
            ),
        ),
        nieuwe_producten=(
            wmo317.NieuwProduct(
                product=Product(categorie="07", code="07A01"),
                gewenste_ingangsdatum=date(2025, 4, 1),
                einddatum=date(2025, 12, 31),
                omvang=Omvang(volume=2, eenheid="16", frequentie="2"),
            ),
        ),
    )
    return replace(result, **changes)  # type: ignore[arg-type]


def wmo317_bericht(inhoud: wmo317.Verzoek | None = None) -> wmo317.Wmo317:
    client = wmo317.Client(bsn=BSN, verzoek=inhoud or verzoek())
    return wmo317.Wmo317(header=header(AANBIEDER, GEMEENTE), client=client)


def wmo319_bericht(**changes: object) -> wmo319.Wmo319:
    antwoord = wmo319.Antwoord(referentie_aanbieder="VOT-2025-001", verzoek_antwoord="1", reden_afwijzing_verzoek="3")
    return wmo319.Wmo319(header=header(GEMEENTE, AANBIEDER), antwoord=replace(antwoord, **changes))  # type: ignore[arg-type]


def prestatie(**changes: object) -> wmo323.Prestatie:
    result = wmo323.Prestatie(
        product_referentie=Referentie(referentie_nummer="P0001"),
        toewijzing_nummer=1001,
        product_categorie="02",
        product_code="02A01",
        product_periode=GeslotenPeriode(begindatum=date(2025, 3, 1), einddatum=date(2025, 3, 31)),
        geleverd_volume=4,
        eenheid="04",
        product_tarief=6000,
        ingediend_bedrag=BedragMetDC(bedrag=24000, debet_credit="D"),
    )
    return replace(result, **changes)  # type: ignore[arg-type]


def totaal(prestaties: tuple[wmo323.Prestatie, ...]) -> TotaalBedragMetDC:
    som = sum(p.ingediend_bedrag.bedrag * (1 if p.ingediend_bedrag.debet_credit == "D" else -1) for p in prestaties)
    return TotaalBedragMetDC(totaal_bedrag=abs(som), debet_credit="D" if som >= 0 else "C")


def wmo323_bericht(*prestaties: wmo323.Prestatie, totaal_bedrag: TotaalBedragMetDC | None = None) -> wmo323.Wmo323:
    prestaties = prestaties or (prestatie(),)
    declaratie = wmo323.Declaratie(
        declaratie_nummer="D2025031",
        declaratie_periode=GeslotenPeriode(begindatum=date(2025, 3, 1), einddatum=date(2025, 3, 31)),
        declaratie_dagtekening=date(2025, 4, 2),
        totaal_ingediend_bedrag=totaal_bedrag or totaal(prestaties),
        clienten=(wmo323.Client(bsn=BSN, prestaties=prestaties),),
    )
    return wmo323.Wmo323(header=header(AANBIEDER, GEMEENTE, dagtekening=date(2025, 4, 2)), declaratie=declaratie)


def wmo325_bericht() -> wmo323.Wmo325:
    afgewezen = replace(prestatie(), retour_codes=("9346",))
    antwoord = wmo323.DeclaratieAntwoord(
        declaratie_nummer="D2025031",
        totaal_ingediend_bedrag=TotaalBedragMetDC(totaal_bedrag=48000, debet_credit="D"),
        totaal_toegekend_bedrag=TotaalBedragMetDC(totaal_bedrag=24000, debet_credit="D"),
        clienten=(wmo323.Client(bsn=BSN, prestaties=(afgewezen,), retour_codes=("0200",)),),
        retour_codes=("0200",),
    )
    heen = header(GEMEENTE, AANBIEDER, "A0001", dagtekening=date(2025, 4, 3))
    return wmo323.Wmo325(
        header=replace(
            heen,
            declaratie_identificatie=BerichtIdentificatie(identificatie="B0001", dagtekening=date(2025, 4, 2)),
            xsd_versie_declaratie=XsdVersie(),
            retour_codes=("0200",),
        ),
        declaratie_antwoord=antwoord,
    )


def retour_van(bericht: Bericht) -> Bericht:
    """The retour message on a heen-bericht, with 0200 on every class of the client (IV028 shape)."""
    from wmoketen.berichten.codec.model.wmo301 import Wmo302
    from wmoketen.berichten.codec.model.wmo305 import Wmo306
    from wmoketen.berichten.codec.model.wmo307 import Wmo308
    from wmoketen.berichten.codec.model.wmo315 import Wmo316
    from wmoketen.berichten.codec.model.wmo317 import Wmo318
    from wmoketen.berichten.codec.model.wmo319 import Wmo320

    ok = ("0200",)
    h = retour_header(bericht.header)
    if isinstance(bericht, wmo301.Wmo301):
        c = bericht.client
        client = replace(
            c,
            relaties=tuple(
                replace(r, retour_codes=ok, contact=replace(r.contact, retour_codes=ok)) for r in c.relaties
            ),
            contactgegevens=tuple(replace(x, retour_codes=ok) for x in c.contactgegevens),
            toegewezen_producten=tuple(replace(p, retour_codes=("9332",)) for p in c.toegewezen_producten),
            retour_codes=ok,
        )
        return Wmo302(header=h, client=client)
    if isinstance(bericht, wmo305.Wmo305):
        c5 = bericht.client
        sp = tuple(replace(p, retour_codes=("9019",)) for p in c5.start_producten)
        return Wmo306(header=h, client=replace(c5, start_producten=sp, retour_codes=ok))
    if isinstance(bericht, wmo307.Wmo307):
        c7 = bericht.client
        st = tuple(replace(p, retour_codes=("9069",)) for p in c7.stop_producten)
        return Wmo308(header=h, client=replace(c7, stop_producten=st, retour_codes=ok))
    if isinstance(bericht, wmo315.Wmo315):
        c15 = bericht.client
        ap = tuple(replace(p, retour_codes=("9374",)) for p in c15.aangevraagde_producten)
        return Wmo316(header=h, client=replace(c15, aangevraagde_producten=ap, retour_codes=ok))
    if isinstance(bericht, wmo317.Wmo317):
        v = bericht.client.verzoek
        v2 = replace(
            v,
            ongewijzigde_producten=tuple(replace(p, retour_codes=ok) for p in v.ongewijzigde_producten),
            te_wijzigen_producten=tuple(replace(p, retour_codes=ok) for p in v.te_wijzigen_producten),
            nieuwe_producten=tuple(replace(p, retour_codes=ok) for p in v.nieuwe_producten),
            retour_codes=("9374",),
        )
        return Wmo318(header=h, client=replace(bericht.client, verzoek=v2, retour_codes=ok))
    if isinstance(bericht, wmo319.Wmo319):
        return Wmo320(header=h, antwoord=replace(bericht.antwoord, retour_codes=("0200",)))
    raise ValueError(bericht)


def all_examples() -> dict[BerichtSoort, Bericht]:
    heen: list[Bericht] = [
        wmo301_bericht(),
        wmo305_bericht(),
        wmo307_bericht(),
        wmo315_bericht(),
        wmo317_bericht(),
        wmo319_bericht(),
    ]
    examples: list[Bericht] = [*heen, *(retour_van(b) for b in heen), wmo323_bericht(), wmo325_bericht()]
    return {b.SOORT: b for b in examples}
