"""Messages derived from state, for what the record holds but no stored message carries.

A region's messages are its chain record, but not all of its state went out as a message: a change after the
last 301 waits for the next exchange run, and data made before the exchange existed (or loaded as demo data) has no
301, 305 or 323 at all. So the export writes, next to the messages as they were sent and received, a message for
every version of an assignment, every start and stop and every declaration with its outcome that no stored message
carries, under berichten/afgeleid/. They are built like any message (XSD-validated) and marked: their
BerichtIdentificatie starts with AFG and they are in their own folder. An import takes their content and stores no
message for them: they were never sent (a derived 301 records no 301 as sent, so a pending change stays pending).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from wmoketen.berichten.codec import Bericht as CodecBericht
from wmoketen.berichten.codec.model import wmo301, wmo305, wmo307
from wmoketen.berichten.codec.model.basis import (
    BedragMetDC,
    BerichtIdentificatie,
    GeslotenPeriode,
    Header,
    Product,
    Referentie,
    TotaalBedragMetDC,
    XsdVersie,
)
from wmoketen.berichten.codec.model.wmo323 import Client as Client323
from wmoketen.berichten.codec.model.wmo323 import Declaratie as Declaratie323
from wmoketen.berichten.codec.model.wmo323 import DeclaratieAntwoord, Prestatie, Wmo323, Wmo325
from wmoketen.berichten.models import Bericht
from wmoketen.berichten.uitwisseling.bouwers import wmo301_bouwen, wmo305_bouwen, wmo307_bouwen
from wmoketen.declaraties.models import Declaratie
from wmoketen.toewijzingen.domain import Vorm
from wmoketen.toewijzingen.models import Start, Toewijzing, ToewijzingVersie
from wmoketen.toewijzingen.selectors import ToewijzingVoor301
from wmoketen.toewijzingen.services import vorm_van

from ..archief.kop import NietImporteerbaar, lees_kop
from ..archief.lezen import lees_bericht
from ..bron import KOP_BYTES

AFGELEID = "berichten/afgeleid"
Schrijf = Callable[[CodecBericht, str], bool]  # message, file name stem -> written (False: no valid message)


class Teller:
    def __init__(self) -> None:
        self.n = 0

    def header(self, afzender: str, ontvanger: str, dag: date) -> Header:
        self.n += 1
        return Header(
            afzender=afzender,
            ontvanger=ontvanger,
            bericht_identificatie=BerichtIdentificatie(identificatie=f"AFG{self.n:09d}", dagtekening=dag),
        )


def _gedragen(berichten: QuerySet[Bericht], soort: str) -> Iterator[CodecBericht]:
    """The stored messages of a kind as 3.2 objects (also those taken over from an older release)."""
    for inhoud in berichten.filter(soort=soort).values_list("inhoud", flat=True).iterator(chunk_size=200):
        data = bytes(inhoud)
        try:
            yield from lees_bericht(data, lees_kop(data[:KOP_BYTES]))
        except NietImporteerbaar:
            continue  # what cannot be read carries nothing: its content is derived from state instead


def versies_in_301(berichten: QuerySet[Bericht]) -> set[tuple[int, date, time]]:
    gedragen = set()
    for b in _gedragen(berichten, "301"):
        assert isinstance(b, wmo301.Wmo301)
        for p in b.client.toegewezen_producten:
            gedragen.add((p.toewijzing_nummer, p.toewijzingsdatum, p.toewijzingstijd))
    return gedragen


def _als_versie(t: Toewijzing, v: ToewijzingVersie | None) -> Toewijzing:
    """The assignment as it stood in version `v` (a copy: nothing is saved)."""
    kopie = Toewijzing(**{f.attname: getattr(t, f.attname) for f in Toewijzing._meta.concrete_fields})
    kopie.product, kopie.client = t.product, t.client
    if v is not None:
        for veld in ("ingangsdatum", "einddatum", "volume", "eenheid", "frequentie", "budget_cent", "reden_wijziging"):
            setattr(kopie, veld, getattr(v, veld))
        kopie.gewijzigd_op = timezone.make_aware(datetime.combine(v.toewijzingsdatum, v.toewijzingstijd))
    return kopie


def toewijzingen_afleiden(
    toewijzingen: QuerySet[Toewijzing], gedragen: set[tuple[int, date, time]], teller: Teller, schrijf: Schrijf
) -> int:
    """A 301 per version (or current state, for an assignment without versions) that no stored 301 carries."""
    aantal = 0
    rijen = toewijzingen.select_related("client__gemeente", "aanbieder", "product").prefetch_related(
        "versies", "product__bekostigingen", "product__tarieven"
    )
    for t in rijen.order_by("pk").iterator(chunk_size=500):
        if vorm_van(t.product, t.ingangsdatum).vorm == Vorm.GEEN_301:
            continue
        versies: list[ToewijzingVersie | None] = list(t.versies.all()) or [None]
        for v in versies:
            kopie = _als_versie(t, v)
            if (t.toewijzing_nummer, kopie.toewijzingsdatum, kopie.toewijzingstijd) in gedragen:
                continue
            item = ToewijzingVoor301(kopie, True, t.referentie_aanbieder or None, eerder_verzonden=True)
            header = teller.header(t.client.gemeente.cbs_code, t.aanbieder.agb_code, kopie.toewijzingsdatum)
            bericht = wmo301_bouwen(header=header, client=t.client, items=[item])
            if bericht is not None:
                schrijf(bericht, f"WMO301_{header.bericht_identificatie.identificatie}")
                aantal += 1
    return aantal


def regie_afleiden(starts: QuerySet[Start], berichten: QuerySet[Bericht], teller: Teller, schrijf: Schrijf) -> int:
    """A 305 per start and a 307 per stop (and one with StatusAanlevering 3 per deletion) no stored one carries."""
    gedragen: set[tuple[object, ...]] = set()
    for b in _gedragen(berichten, "305"):
        assert isinstance(b, wmo305.Wmo305)
        gedragen |= {(s.toewijzing_nummer, s.begindatum, s.status_aanlevering) for s in b.client.start_producten}
    for b in _gedragen(berichten, "307"):
        assert isinstance(b, wmo307.Wmo307)
        gedragen |= {
            (s.toewijzing_nummer, s.begindatum, s.reden_beeindiging, s.einddatum, s.status_aanlevering)
            for s in b.client.stop_producten
        }
    aantal = 0
    for start in starts.select_related("client", "aanbieder", "toewijzing__product").prefetch_related("stops"):
        if start.toewijzing is None:
            continue
        cbs, agb = start.gemeente_code, start.aanbieder.agb_code
        for status, dag in (("1", start.ontvangen_op), ("3", start.verwijderd_op)):
            if dag is None or (start.toewijzing_nummer, start.begindatum, status) in gedragen:
                continue
            bericht = wmo305_bouwen(
                header=teller.header(agb, cbs, dag),
                toewijzing=start.toewijzing,
                begindatum=start.begindatum,
                status=status,
            )
            product = (
                Product(categorie=start.product_categorie, code=start.product_code or None)
                if start.product_categorie
                else None
            )
            regel = replace(
                bericht.client.start_producten[0],
                product=product,
                toewijzing_ingangsdatum=start.toewijzing_ingangsdatum,
            )  # the start as it was recorded, not as the assignment stands now
            bericht = replace(bericht, client=replace(bericht.client, start_producten=(regel,)))
            schrijf(bericht, f"WMO305_{bericht.header.bericht_identificatie.identificatie}")
            aantal += 1
        for stop in start.stops.all():
            for status, dag in (("1", stop.ontvangen_op), ("3", stop.verwijderd_op)):
                sleutel = (start.toewijzing_nummer, start.begindatum, stop.reden_beeindiging, stop.einddatum, status)
                if dag is None or sleutel in gedragen:
                    continue
                bericht307 = wmo307_bouwen(
                    header=teller.header(agb, cbs, dag),
                    start=start,
                    reden_beeindiging=stop.reden_beeindiging,
                    einddatum=stop.einddatum,
                    status=status,
                )
                schrijf(bericht307, f"WMO307_{bericht307.header.bericht_identificatie.identificatie}")
                aantal += 1
    return aantal


def _totaal(cent: int) -> TotaalBedragMetDC:
    return TotaalBedragMetDC(totaal_bedrag=abs(cent), debet_credit="C" if cent < 0 else "D")


def declaraties_afleiden(declaraties: QuerySet[Declaratie], teller: Teller, schrijf: Schrijf) -> tuple[int, list[str]]:
    """A 323 with its 325 per declaration without a stored 323. A prestatie whose BSN is not known (a client that
    was not found, kept without client) cannot be written into a 323: such a declaration is named, not derived."""
    aantal = 0
    niet: list[str] = []
    for d in declaraties.select_related("aanbieder", "gemeente").order_by("pk").iterator(chunk_size=50):
        prestaties = list(d.prestaties.select_related("client", "toewijzing__client").order_by("volgnummer", "pk"))
        per_client: dict[str, list[Prestatie]] = defaultdict(list)
        afgewezen: dict[str, list[Prestatie]] = defaultdict(list)
        bekend = True
        for p in prestaties:
            client = p.client or (p.toewijzing.client if p.toewijzing else None)
            if client is None:
                bekend = False
                break
            regel = Prestatie(
                product_referentie=Referentie(
                    referentie_nummer=p.referentie_nummer, vorig_referentie_nummer=p.vorig_referentie_nummer or None
                ),
                toewijzing_nummer=p.toewijzing_nummer,
                product_categorie=p.product_categorie,
                product_code=p.product_code,
                product_periode=GeslotenPeriode(begindatum=p.begindatum, einddatum=p.einddatum),
                geleverd_volume=p.geleverd_volume,
                eenheid=p.eenheid,
                product_tarief=p.product_tarief_cent,
                ingediend_bedrag=BedragMetDC(bedrag=p.ingediend_bedrag_cent, debet_credit=p.debet_credit),
            )
            per_client[client.bsn].append(regel)
            if p.status == "afgewezen" and d.status != "afgewezen":
                afgewezen[client.bsn].append(replace(regel, retour_codes=tuple(p.retour_codes) or ("0200",)))
        if not bekend or not prestaties:
            niet.append(f"declaratie {d.declaratie_nummer} van {d.aanbieder.agb_code}")
            continue
        heen = Wmo323(
            header=teller.header(d.aanbieder.agb_code, d.gemeente.cbs_code, d.ontvangen_op),
            declaratie=Declaratie323(
                declaratie_nummer=d.declaratie_nummer,
                declaratie_periode=GeslotenPeriode(begindatum=d.periode_begin, einddatum=d.periode_eind),
                declaratie_dagtekening=d.dagtekening,
                totaal_ingediend_bedrag=_totaal(d.totaal_ingediend_cent),
                clienten=tuple(Client323(bsn=bsn, prestaties=tuple(ps)) for bsn, ps in per_client.items()),
            ),
        )
        codes = ("0200",) if afgewezen else ("8001",)
        if d.status == "afgewezen":
            codes = tuple(d.retour_codes) or ("9333",)
        antwoord = Wmo325(
            header=replace(
                teller.header(d.gemeente.cbs_code, d.aanbieder.agb_code, d.beantwoord_op or d.ontvangen_op),
                declaratie_identificatie=heen.header.bericht_identificatie,
                xsd_versie_declaratie=XsdVersie(),
                retour_codes=("0200",),
            ),
            declaratie_antwoord=DeclaratieAntwoord(
                declaratie_nummer=d.declaratie_nummer,
                totaal_ingediend_bedrag=_totaal(d.totaal_ingediend_cent),
                totaal_toegekend_bedrag=_totaal(d.totaal_toegekend_cent),
                clienten=tuple(
                    Client323(bsn=bsn, prestaties=tuple(ps), retour_codes=("0200",)) for bsn, ps in afgewezen.items()
                ),
                retour_codes=codes,
            ),
        )
        if schrijf(heen, f"WMO323_{heen.header.bericht_identificatie.identificatie}"):
            schrijf(antwoord, f"WMO325_{antwoord.header.bericht_identificatie.identificatie}")
            aantal += 2
    return aantal, niet
