"""A synthetic archive of a suite a region leaves: the messages of some years of assignments, starts, stops and
monthly declarations with their 325s, as an old suite would have kept them. For the tests, the dry-run example in
the docs (`wmoketen migratie proefarchief`) and the benchmark. Never real personal data: the clients have BSNs
from the test range (9999...), which holds about 9,090 valid numbers, so a large archive gives each client more
assignments rather than more clients.

Every message is built with the codec (XSD-validated) in the layout of the export: berichten/<soort>/<file>.xml.
With `slecht` the archive also holds the bad input an import must report, one of each: an unknown product code,
a municipality outside the region, an unknown provider, an overlapping assignment, a duplicate reference, broken
XML, a 323 without its 325, an iWmo 2.1 301 (importable) and 303 (not), a template row with a wrong cell, and a
totals file that differs in one month.
"""

from __future__ import annotations

import calendar
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from pathlib import Path

from wmoketen.berichten.codec import Bericht as CodecBericht
from wmoketen.berichten.codec import build
from wmoketen.berichten.codec.model import wmo301, wmo305, wmo307
from wmoketen.berichten.codec.model.basis import (
    Achternaam,
    Adres,
    BedragMetDC,
    BerichtIdentificatie,
    Geboortedatum,
    GeslotenPeriode,
    Header,
    Huis,
    Omvang,
    Product,
    Referentie,
    TotaalBedragMetDC,
    VerkorteNaam,
    VolledigeNaam,
    XsdVersie,
)
from wmoketen.berichten.codec.model.wmo323 import Client as Client323
from wmoketen.berichten.codec.model.wmo323 import Declaratie, DeclaratieAntwoord, Prestatie, Wmo323, Wmo325
from wmoketen.berichten.uitwisseling.retour import retour_bouwen
from wmoketen.catalogus.constants import Eenheid
from wmoketen.catalogus.models import Product as CatalogusProduct
from wmoketen.catalogus.models import Regio
from wmoketen.catalogus.selectors import product_op_datum
from wmoketen.contracten.models import Overeenkomst
from wmoketen.core.bsn import test_bsns
from wmoketen.declaraties.bedragen import ingediend_bedrag
from wmoketen.toewijzingen.domain import Vorm
from wmoketen.toewijzingen.services import vorm_van

from .verslag import GELD

MAX_CLIENTEN = 9000


@dataclass
class Spoor:
    """One assignment: a client's product at a provider, its months, and what happens to it."""

    nummer: int
    bsn: str
    gemeente: str
    agb: str
    product: CatalogusProduct
    volume: int
    tarief: int
    eenheid: str
    frequentie: str
    ingang: date
    eind: date
    ingekort: date | None = None  # a second version ends it earlier (RedenWijziging 05)


@dataclass
class Samenvatting:
    berichten: int = 0
    toewijzingen: int = 0
    prestaties: int = 0
    bedragen: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)


def _maanden(eerste: date, aantal: int) -> Iterator[tuple[date, date]]:
    jaar, maand = eerste.year, eerste.month
    for _ in range(aantal):
        yield date(jaar, maand, 1), date(jaar, maand, calendar.monthrange(jaar, maand)[1])
        jaar, maand = (jaar + 1, 1) if maand == 12 else (jaar, maand + 1)


class Schrijver:
    def __init__(self, doel: Path) -> None:
        self.doel = doel
        self.teller: dict[str, int] = defaultdict(int)
        self.aantal = 0

    def identificatie(self, partij: str) -> str:
        self.teller[partij] += 1
        return f"OUD{self.teller[partij]:08d}"

    def header(self, afzender: str, ontvanger: str, dag: date) -> Header:
        return Header(
            afzender=afzender,
            ontvanger=ontvanger,
            bericht_identificatie=BerichtIdentificatie(identificatie=self.identificatie(afzender), dagtekening=dag),
        )

    def schrijf(self, bericht: CodecBericht, map_: str = "") -> None:
        self.bytes(build(bericht), bericht.SOORT.value, bericht.header.bericht_identificatie.identificatie, map_)

    def bytes(self, data: bytes, soort: str, naam: str, map_: str = "") -> None:
        pad = self.doel / "berichten" / (map_ or soort)
        pad.mkdir(parents=True, exist_ok=True)
        self.aantal += 1
        (pad / f"WMO{soort}_{self.aantal:07d}_{naam}.xml").write_bytes(data)

    def retour(self, heen: CodecBericht, dag: date) -> None:
        ontvanger = heen.header.ontvanger
        self.schrijf(retour_bouwen(heen, [], identificatie_retour=self.identificatie(ontvanger), dagtekening=dag))


def _sporen(regio: Regio, aantal: int, eerste: date, maanden: int, rng: random.Random) -> list[Spoor]:
    gemeenten = sorted(g.cbs_code for g in regio.gemeenten.all())
    producten = [
        p
        for p in CatalogusProduct.objects.filter(regio=regio).prefetch_related("bekostigingen", "tarieven")
        if vorm_van(p, eerste).vorm == Vorm.OMVANG and product_op_datum(product=p, dag=eerste).tarief is not None
    ]
    aanbieders = sorted(
        {o.aanbieder.agb_code for o in Overeenkomst.objects.filter(regio=regio).select_related("aanbieder")}
    )
    clienten = min(MAX_CLIENTEN, aantal)
    bsns = test_bsns(clienten)
    laatste = list(_maanden(eerste, maanden))[-1][1]
    sporen = []
    for n in range(aantal):
        client = n % clienten
        spoor_nr = n // clienten  # the how-manieth assignment of this client: another product
        product = producten[(spoor_nr + client) % len(producten)]
        vorm = vorm_van(product, eerste)
        tarief = product_op_datum(product=product, dag=eerste).tarief
        assert tarief is not None
        ingang = eerste + timedelta(days=rng.choice((0, 0, 0, 14, 31)))
        spoor = Spoor(
            nummer=800_000 + n,
            bsn=bsns[client],
            gemeente=gemeenten[client % len(gemeenten)],
            agb=aanbieders[(spoor_nr + client) % len(aanbieders)],
            product=product,
            volume=rng.choice((2, 3, 4, 6)) if vorm.eenheid != Eenheid.EUROS else tarief.bedrag_cent,
            tarief=tarief.bedrag_cent,
            eenheid=vorm.eenheid,
            frequentie=vorm.frequentie,
            ingang=ingang,
            eind=laatste,
        )
        if rng.random() < 0.1:
            spoor.ingekort = ingang + timedelta(days=rng.randint(60, 300))
            if spoor.ingekort >= laatste:
                spoor.ingekort = None
        sporen.append(spoor)
    return sporen


def _client301(bsn: str, rng: random.Random) -> wmo301.Client:
    return wmo301.Client(
        bsn=bsn,
        geboortedatum=Geboortedatum(datum=date(1940 + int(bsn[-2:]) % 60, 1 + int(bsn[-3]) % 12, 15)),
        geslacht=str(int(bsn[-1]) % 3),
        naam=VolledigeNaam(
            geslachtsnaam=Achternaam(achternaam=f"Proefpersoon{bsn[-4:]}"), voorletters="A", naam_gebruik="1"
        ),
        contactgegevens=(
            wmo301.Contact(
                soort="01",
                adres=Adres(
                    huis=Huis(huisnummer=1 + int(bsn[-3:]) % 200),
                    postcode=f"{6000 + int(bsn[-3:]) % 900}AB",
                    straatnaam="Proefstraat",
                    plaatsnaam="Proefstad",
                    land_code="NL",
                ),
            ),
        ),
        toegewezen_producten=(),
    )


def _toegewezen(s: Spoor, moment: tuple[date, time], einddatum: date, reden: str | None) -> wmo301.ToegewezenProduct:
    return wmo301.ToegewezenProduct(
        toewijzing_nummer=s.nummer,
        product=Product(categorie=s.product.categorie, code=s.product.productcode),
        toewijzingsdatum=moment[0],
        toewijzingstijd=moment[1],
        ingangsdatum=s.ingang,
        einddatum=einddatum,
        reden_wijziging=reden,
        omvang=Omvang(volume=s.volume, eenheid=s.eenheid, frequentie=s.frequentie),
    )


def _verkort(bsn: str, rng: random.Random) -> dict[str, object]:
    c = _client301(bsn, rng)
    return {
        "bsn": bsn,
        "geboortedatum": c.geboortedatum,
        "geslacht": c.geslacht,
        "naam": VerkorteNaam(geslachtsnaam=c.naam.geslachtsnaam, voorletters="A"),
    }


def proefarchief_schrijven(
    *, regio: Regio, doel: Path, toewijzingen: int, maanden: int = 24, eerste: date | None = None,
    slecht: bool = False, seed: int = 1, betalingen: bool = False,
) -> Samenvatting:  # fmt: skip
    """Write the archive under `doel` (berichten/, sjablonen/, totalen.csv) and say what it holds. With
    `betalingen` the old suite has paid every declaration with approved prestaties except those of the last month
    (sjablonen/betalingen.csv, and the paid amounts in totalen.csv)."""
    rng = random.Random(seed)
    eerste = eerste or date(regio.geldig_van.year, regio.geldig_van.month, 1)
    sporen = _sporen(regio, toewijzingen, eerste, maanden, rng)
    w = Schrijver(doel)
    samenvatting = Samenvatting(toewijzingen=len(sporen))
    per_paar: dict[tuple[str, str], list[Spoor]] = defaultdict(list)
    for s in sporen:
        per_paar[(s.bsn, s.agb)].append(s)
    for (bsn, agb), eigen in per_paar.items():
        _toewijzingsberichten(w, bsn, agb, eigen, rng)
    bedragen: dict[str, dict[str, dict[str, int]]] = {}
    betaald: list[tuple[str, str, int, date]] = []
    laatste_maand = list(_maanden(eerste, maanden))[-1][0] if maanden else eerste
    for begin, eind in _maanden(eerste, maanden):
        per_declaratie: dict[tuple[str, str], list[Spoor]] = defaultdict(list)
        for s in sporen:
            laatste = s.ingekort or s.eind
            if s.ingang <= eind and laatste >= begin:
                per_declaratie[(s.agb, s.gemeente)].append(s)
        for (agb, cbs), eigen in sorted(per_declaratie.items()):
            ingediend, goedgekeurd, aantal, nummer = _declaratie(w, agb, cbs, begin, eind, eigen, rng)
            maand = bedragen.setdefault(agb, {}).setdefault(f"{begin:%Y-%m}", dict.fromkeys(GELD, 0))
            maand["gedeclareerd"] += ingediend
            maand["goedgekeurd"] += goedgekeurd
            if betalingen and goedgekeurd and begin != laatste_maand:
                maand["betaald"] += goedgekeurd
                betaald.append((agb, nummer, goedgekeurd, eind + timedelta(days=30)))
            samenvatting.prestaties += aantal
    if slecht:
        _slecht(w, regio, sporen, bedragen, rng)
    _totalen(doel, bedragen)
    if betaald:
        regels = ["aanbieder;declaratienummer;bedrag;betaald_op"]
        regels += [f"{agb};{nummer};{_euro(bedrag)};{op.isoformat()}" for agb, nummer, bedrag, op in betaald]
        (doel / "sjablonen").mkdir(parents=True, exist_ok=True)
        (doel / "sjablonen" / "betalingen.csv").write_text("\n".join(regels) + "\n", encoding="utf-8")
    samenvatting.berichten = w.aantal
    samenvatting.bedragen = bedragen
    return samenvatting


def _toewijzingsberichten(w: Schrijver, bsn: str, agb: str, sporen: list[Spoor], rng: random.Random) -> None:
    """The 301 (and 302) of a client at a provider, a later 301 for shortened ones, the 305s and 307s."""
    cbs = sporen[0].gemeente
    begin = min(s.ingang for s in sporen)
    moment = (begin - timedelta(days=7), time(9, rng.randint(0, 59), rng.randint(0, 59)))
    client = _client301(bsn, rng)
    eerste = wmo301.Wmo301(
        header=w.header(cbs, agb, moment[0]),
        client=_met(client, tuple(_toegewezen(s, moment, s.eind, None) for s in sporen)),
    )
    w.schrijf(eerste)
    w.retour(eerste, moment[0] + timedelta(days=1))
    ingekort = [s for s in sporen if s.ingekort]
    if ingekort:
        dag = min(s.ingekort for s in ingekort if s.ingekort) - timedelta(days=20)
        later = (dag, time(10, rng.randint(0, 59), rng.randint(0, 59)))
        tweede = wmo301.Wmo301(
            header=w.header(cbs, agb, later[0]),
            client=_met(
                client,
                tuple(
                    _toegewezen(s, later, s.ingekort, "05") if s.ingekort else _toegewezen(s, moment, s.eind, None)
                    for s in sporen
                ),
            ),
        )
        w.schrijf(tweede)
        w.retour(tweede, later[0] + timedelta(days=1))
    start = wmo305.Wmo305(
        header=w.header(agb, cbs, begin + timedelta(days=2)),
        client=wmo305.Client(
            **_verkort(bsn, rng),  # type: ignore[arg-type]
            start_producten=tuple(
                wmo305.StartProduct(
                    toewijzing_nummer=s.nummer,
                    product=Product(categorie=s.product.categorie, code=s.product.productcode),
                    toewijzing_ingangsdatum=s.ingang,
                    begindatum=s.ingang,
                    status_aanlevering="1",
                )
                for s in sporen
            ),
        ),
    )
    w.schrijf(start)
    w.retour(start, start.header.bericht_identificatie.dagtekening + timedelta(days=1))
    for s in ingekort:
        assert s.ingekort is not None
        stop = wmo307.Wmo307(
            header=w.header(agb, cbs, s.ingekort + timedelta(days=2)),
            client=wmo307.Client(
                **_verkort(bsn, rng),  # type: ignore[arg-type]
                stop_producten=(
                    wmo307.StopProduct(
                        toewijzing_nummer=s.nummer,
                        product=Product(categorie=s.product.categorie, code=s.product.productcode),
                        toewijzing_ingangsdatum=s.ingang,
                        begindatum=s.ingang,
                        reden_beeindiging="19",
                        einddatum=s.ingekort,
                        status_aanlevering="1",
                    ),
                ),
            ),
        )
        w.schrijf(stop)
        w.retour(stop, stop.header.bericht_identificatie.dagtekening + timedelta(days=1))


def _met(client: wmo301.Client, producten: tuple[wmo301.ToegewezenProduct, ...]) -> wmo301.Client:
    from dataclasses import replace

    return replace(client, toegewezen_producten=producten)


def _declaratie(
    w: Schrijver, agb: str, cbs: str, begin: date, eind: date, sporen: list[Spoor], rng: random.Random
) -> tuple[int, int, int, str]:
    """The 323 of a provider at a municipality for one month and its 325 (about 2 % rejected with 9321): the
    amounts declared and approved, the number of prestaties, and the DeclaratieNummer."""
    per_client: dict[str, list[Prestatie]] = defaultdict(list)
    afgewezen: dict[str, list[Prestatie]] = defaultdict(list)
    ingediend = goedgekeurd = 0
    for s in sporen:
        van, tot = max(begin, s.ingang), min(eind, s.ingekort or s.eind)
        volume = s.volume if s.eenheid == Eenheid.EUROS else s.volume * 4
        bedrag = ingediend_bedrag(volume=volume, eenheid=s.eenheid, tarief_cent=s.tarief, toewijzing_eenheid=s.eenheid)
        p = Prestatie(
            product_referentie=Referentie(referentie_nummer=f"{s.nummer}-{begin:%Y%m}"),
            toewijzing_nummer=s.nummer,
            product_categorie=s.product.categorie,
            product_code=s.product.productcode,
            product_periode=GeslotenPeriode(begindatum=van, einddatum=tot),
            geleverd_volume=volume,
            eenheid=s.eenheid,
            product_tarief=None if s.eenheid == Eenheid.EUROS else s.tarief,
            ingediend_bedrag=BedragMetDC(bedrag=bedrag, debet_credit="D"),
        )
        per_client[s.bsn].append(p)
        ingediend += bedrag
        if rng.random() < 0.02:
            afgewezen[s.bsn].append(_met_codes(p, ("9321",)))
        else:
            goedgekeurd += bedrag
    dag = eind + timedelta(days=5)
    nummer = f"D{w.teller[agb] + 1:010d}"
    heen = Wmo323(
        header=w.header(agb, cbs, dag),
        declaratie=Declaratie(
            declaratie_nummer=nummer,
            declaratie_periode=GeslotenPeriode(begindatum=begin, einddatum=eind),
            declaratie_dagtekening=dag,
            totaal_ingediend_bedrag=TotaalBedragMetDC(totaal_bedrag=ingediend, debet_credit="D"),
            clienten=tuple(Client323(bsn=b, prestaties=tuple(ps)) for b, ps in per_client.items()),
        ),
    )
    w.schrijf(heen)
    antwoord_codes = ("0200",) if afgewezen else ("8001",)
    antwoord = Wmo325(
        header=Header(
            afzender=cbs,
            ontvanger=agb,
            bericht_identificatie=BerichtIdentificatie(
                identificatie=w.identificatie(cbs), dagtekening=dag + timedelta(days=3)
            ),
            declaratie_identificatie=heen.header.bericht_identificatie,
            xsd_versie_declaratie=XsdVersie(),
            retour_codes=("0200",),
        ),
        declaratie_antwoord=DeclaratieAntwoord(
            declaratie_nummer=nummer,
            totaal_ingediend_bedrag=TotaalBedragMetDC(totaal_bedrag=ingediend, debet_credit="D"),
            totaal_toegekend_bedrag=TotaalBedragMetDC(totaal_bedrag=goedgekeurd, debet_credit="D"),
            clienten=tuple(
                Client323(bsn=b, prestaties=tuple(ps), retour_codes=("0200",)) for b, ps in afgewezen.items()
            ),
            retour_codes=antwoord_codes,
        ),
    )
    w.schrijf(antwoord)
    return ingediend, goedgekeurd, sum(len(p) for p in per_client.values()), nummer


def _met_codes(p: Prestatie, codes: tuple[str, ...]) -> Prestatie:
    from dataclasses import replace

    return replace(p, retour_codes=codes)


def _totalen(doel: Path, bedragen: dict[str, dict[str, dict[str, int]]]) -> None:
    regels = ["aanbieder;maand;gedeclareerd;goedgekeurd;betaald"]
    for agb, maanden in sorted(bedragen.items()):
        for maand, b in sorted(maanden.items()):
            regels.append(f"{agb};{maand};{_euro(b['gedeclareerd'])};{_euro(b['goedgekeurd'])};{_euro(b['betaald'])}")
    (doel / "totalen.csv").write_text("\n".join(regels) + "\n", encoding="utf-8")


def _euro(cent: int) -> str:
    return f"{cent // 100},{cent % 100:02d}"


def _slecht(
    w: Schrijver, regio: Regio, sporen: list[Spoor], bedragen: dict[str, dict[str, dict[str, int]]],
    rng: random.Random,
) -> None:  # fmt: skip
    """One of each kind of bad input (see the module docstring)."""
    from .slechte_invoer import slechte_invoer_schrijven

    slechte_invoer_schrijven(w, regio, sporen, bedragen, rng)
