"""The bad input a synthetic archive carries with `slecht`: one of each kind an import must report per message or
row with a Dutch reason, and take over nothing of."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, time, timedelta
from typing import TYPE_CHECKING

from lxml import etree

from wmoketen.berichten.codec.model import wmo301
from wmoketen.berichten.codec.model.basis import Product
from wmoketen.catalogus.models import Regio
from wmoketen.core.bsn import test_bsns

if TYPE_CHECKING:
    from .proefarchief import Schrijver, Spoor

ONBEKENDE_GEMEENTE = "0363"
ONBEKENDE_AANBIEDER = "99999999"


def _nieuwe_bsns(sporen: list[Spoor], aantal: int) -> list[str]:
    gebruikt = {s.bsn for s in sporen}
    return [b for b in test_bsns(aantal + len(gebruikt), start=999_990_000) if b not in gebruikt][:aantal]


def slechte_invoer_schrijven(
    w: Schrijver, regio: Regio, sporen: list[Spoor], bedragen: dict[str, dict[str, dict[str, int]]],
    rng: random.Random,
) -> None:  # fmt: skip
    from .proefarchief import _client301, _declaratie, _toegewezen

    s = sporen[0]
    dag = s.ingang - timedelta(days=3)
    moment = (dag, time(11, 0, 0))
    bsns = _nieuwe_bsns(sporen, 4)

    def eenmalig(bsn: str, cbs: str, agb: str, product: wmo301.ToegewezenProduct) -> None:
        bericht = wmo301.Wmo301(
            header=w.header(cbs, agb, dag),
            client=replace(_client301(bsn, rng), toegewezen_producten=(product,)),
        )
        w.schrijf(bericht)

    # an unknown product code
    eenmalig(
        bsns[0],
        s.gemeente,
        s.agb,
        replace(
            _toegewezen(s, moment, s.eind, None),
            toewijzing_nummer=990_001,
            product=Product(categorie="02", code="XXX99"),
        ),
    )
    # a municipality outside the region, and an unknown provider
    eenmalig(
        bsns[1], ONBEKENDE_GEMEENTE, s.agb, replace(_toegewezen(s, moment, s.eind, None), toewijzing_nummer=990_002)
    )
    eenmalig(
        bsns[2],
        s.gemeente,
        ONBEKENDE_AANBIEDER,
        replace(_toegewezen(s, moment, s.eind, None), toewijzing_nummer=990_003),
    )
    # the same product again, for the same client at the same provider, in the same period (TR302)
    eenmalig(
        s.bsn,
        s.gemeente,
        s.agb,
        replace(_toegewezen(s, (s.ingang, time(12, 0, 0)), s.eind, None), toewijzing_nummer=990_004),
    )
    # a duplicate reference: a later declaration approves a ReferentieNummer the first one approved already
    laatste_maand = max(date.fromisoformat(f"{m}-01") for m in bedragen[s.agb])
    eind = laatste_maand.replace(day=28)
    voor = len(list((w.doel / "berichten" / "323").glob("*.xml")))
    _declaratie(w, s.agb, s.gemeente, s.ingang.replace(day=1), eind, [s], random.Random(99))
    nieuw = sorted((w.doel / "berichten" / "323").glob("*.xml"))[voor:]
    assert nieuw, "geen 323 geschreven"
    # broken XML
    heel = sorted((w.doel / "berichten" / "301").glob("*.xml"))[0].read_bytes()
    w.bytes(heel[: len(heel) * 2 // 3], "301", "afgebroken")
    # a 323 without its 325
    zonder = sporen[-1]
    _declaratie(
        w,
        zonder.agb,
        zonder.gemeente,
        zonder.ingang.replace(day=1),
        zonder.ingang.replace(day=28),
        [zonder],
        random.Random(7),
    )
    laatste_325 = sorted((w.doel / "berichten" / "325").glob("*.xml"))[-1]
    laatste_325.unlink()
    # iWmo 2.1: a 301 that can be read, and a declaration 303 that cannot
    w.bytes(_wmo301_21(bsns[3], s, w.identificatie(s.gemeente)), "301", "iwmo21", "2x")
    w.bytes(_wmo303_21(s, w.identificatie(s.agb)), "303", "iwmo21", "2x")
    # a template with one good row and one with cells of the wrong type
    sjablonen = w.doel / "sjablonen"
    sjablonen.mkdir(parents=True, exist_ok=True)
    (sjablonen / "clienten.csv").write_text(
        "bsn;gemeente;geboortedatum;voornamen;achternaam;huisnummer\n"
        f"{s.bsn};{s.gemeente};1950-03-01;Anna Maria;Proefpersoon{s.bsn[-4:]};12\n"
        f"{sporen[1].bsn};{sporen[1].gemeente};31-02-1950;Piet;Proefpersoon;12a\n",
        encoding="utf-8",
    )
    # the old suite's totals differ from the archive in one month
    maand = bedragen[s.agb][min(bedragen[s.agb])]
    maand["goedgekeurd"] += 1250


def _ns(soort: str) -> tuple[str, str]:
    return (
        f"http://www.istandaarden.nl/iwmo/2_1/wmo{soort}/schema/2_1",
        "http://www.istandaarden.nl/iwmo/2_1/basisschema/schema/2_1",
    )


def _el(ouder: etree._Element, ns: str, naam: str, tekst: str | None = None) -> etree._Element:
    element = etree.SubElement(ouder, f"{{{ns}}}{naam}")
    if tekst is not None:
        element.text = tekst
    return element


def _kop(
    root: etree._Element, ns: str, b: str, code: str, afzender: str, ontvanger: str, identificatie: str, dag: date
) -> None:
    header = _el(root, ns, "Header")
    _el(header, ns, "BerichtCode", code)
    _el(header, ns, "BerichtVersie", "2")
    _el(header, ns, "BerichtSubversie", "1")
    _el(header, ns, "Afzender", afzender)
    _el(header, ns, "Ontvanger", ontvanger)
    ident = _el(header, ns, "BerichtIdentificatie")
    _el(ident, b, "Identificatie", identificatie)
    _el(ident, b, "Dagtekening", dag.isoformat())


def _wmo301_21(bsn: str, s: Spoor, identificatie: str) -> bytes:
    ns, b = _ns("301")
    root = etree.Element(f"{{{ns}}}Bericht", nsmap={"wmo301": ns, "iwmo": b})
    dag = s.ingang - timedelta(days=10)
    _kop(root, ns, b, "414", s.gemeente, s.agb, identificatie, dag)
    client = _el(_el(root, ns, "Clienten"), ns, "Client")
    _el(client, ns, "Bsn", bsn)
    _el(_el(client, ns, "Geboortedatum"), b, "Datum", "1948-06-01")
    _el(client, ns, "Geslacht", "2")
    naam = _el(client, ns, "Naam")
    _el(_el(naam, b, "Geslachtsnaam"), b, "Naam", "Oudsysteem")
    _el(naam, b, "Voorletters", "M")
    beschikking = _el(client, ns, "Beschikking")
    _el(beschikking, ns, "BeschikkingNummer", "123456")
    product = _el(_el(beschikking, ns, "ToegewezenProducten"), ns, "ToegewezenProduct")
    _el(product, ns, "ToewijzingNummer", "990005")
    p = _el(product, ns, "Product")
    _el(p, b, "Categorie", s.product.categorie)
    _el(p, b, "Code", s.product.productcode)
    _el(product, ns, "Aanbieder", s.agb)
    _el(product, ns, "Toewijzingsdatum", dag.isoformat())
    _el(product, ns, "Toewijzingstijd", "08:30:00")
    _el(product, ns, "Ingangsdatum", s.ingang.isoformat())
    _el(product, ns, "Einddatum", s.eind.isoformat())
    omvang = _el(product, ns, "Omvang")
    _el(omvang, b, "Volume", str(s.volume))
    _el(omvang, b, "Eenheid", s.eenheid)
    _el(omvang, b, "Frequentie", s.frequentie)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _wmo303_21(s: Spoor, identificatie: str) -> bytes:
    ns, b = _ns("303")
    root = etree.Element(f"{{{ns}}}Bericht", nsmap={"wmo303": ns, "iwmo": b})
    _kop(root, ns, b, "416", s.agb, s.gemeente, identificatie, date(2020, 12, 5))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
