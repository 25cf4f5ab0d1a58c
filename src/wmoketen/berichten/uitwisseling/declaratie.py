"""The 323 declaration through the exchange: validate (levels 2-4 of the rule engine), hand the declaration to
`declaraties.services.declaratie_ontvangen` (the declaration rules against the database), build the 325 exactly
as IV087/TR342 prescribe, send it, and record it on the declaration.

The 325 (IV087, TR342):
* a level-2 error (XSLT level): header only, RetourCode 0001 and XsltVersie; the declaration counts as not sent;
* a level-3/4 error in the header (9056, 8848, S300): header only with that code;
* an error on declaration level (TR333 9333, TR318 8214): DeclaratieAntwoord with that code, TotaalToegekendBedrag
  0 and no prestaties (they are not judged);
* all prestaties approved: header 0200, DeclaratieAntwoord 8001, TotaalToegekendBedrag = TotaalIngediendBedrag,
  no clients;
* otherwise only the rejected prestaties (each with its codes) under their client, TotaalToegekendBedrag = the
  approved sum; sum(listed IngediendBedrag) = TotaalIngediend - TotaalToegekend.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from wmoketen.declaraties.intake import Beoordeling
from wmoketen.declaraties.invoer import Declaratie323, Prestatieregel
from wmoketen.declaraties.regels import REGELS
from wmoketen.declaraties.services import declaratie_beantwoord, declaratie_ontvangen

from ..codec.model.basis import BerichtIdentificatie, Header, TotaalBedragMetDC, XsdVersie
from ..codec.model.wmo323 import Client, DeclaratieAntwoord, Wmo323, Wmo325
from ..constants import XSLT_VERSIE, Kanaal
from ..models import Bericht
from ..rules import Finding, Niveau
from .verzenden import bericht_verzenden, volgende_identificatie

OK = "0200"
VOLLEDIG_TOEGEWEZEN = "8001"
PRESTATIE_PAD = re.compile(r"^/Bericht/Declaratie/Clienten/Client(?:\[(\d+)\])?/Prestaties/Prestatie(?:\[(\d+)\])?")
DECLARATIE_CODES = frozenset(r.code for r in REGELS)  # judged by the declaraties app itself


def _teken(bedrag: int, debet_credit: str) -> int:
    return -bedrag if debet_credit == "C" else bedrag


def _totaal(cent: int) -> TotaalBedragMetDC:
    return TotaalBedragMetDC(totaal_bedrag=abs(cent), debet_credit="D" if cent >= 0 else "C")


def volgnummers(bericht: Wmo323) -> dict[tuple[int, int], int]:
    """(client index, prestatie index), both 1-based as in finding paths -> position in the message."""
    result: dict[tuple[int, int], int] = {}
    n = 0
    for ci, client in enumerate(bericht.declaratie.clienten, start=1):
        for pi, _ in enumerate(client.prestaties, start=1):
            result[(ci, pi)] = n
            n += 1
    return result


def invoer_uit_323(bericht: Wmo323, vooraf: dict[int, list[tuple[str, str]]] | None = None) -> Declaratie323:
    d = bericht.declaratie
    vooraf = vooraf or {}
    prestaties = []
    n = 0
    for client in d.clienten:
        for p in client.prestaties:
            prestaties.append(
                Prestatieregel(
                    volgnummer=n,
                    bsn=client.bsn,
                    referentie_nummer=p.product_referentie.referentie_nummer,
                    vorig_referentie_nummer=p.product_referentie.vorig_referentie_nummer,
                    toewijzing_nummer=p.toewijzing_nummer,
                    product_categorie=p.product_categorie,
                    product_code=p.product_code,
                    begindatum=p.product_periode.begindatum,
                    einddatum=p.product_periode.einddatum,
                    geleverd_volume=p.geleverd_volume,
                    eenheid=p.eenheid,
                    product_tarief_cent=p.product_tarief,
                    ingediend_bedrag_cent=p.ingediend_bedrag.bedrag,
                    debet_credit=p.ingediend_bedrag.debet_credit,
                    vooraf=tuple(vooraf.get(n, ())),
                )
            )
            n += 1
    totaal = d.totaal_ingediend_bedrag
    return Declaratie323(
        aanbieder=bericht.header.afzender,
        gemeente=bericht.header.ontvanger,
        bericht_identificatie=bericht.header.bericht_identificatie.identificatie,
        declaratie_nummer=d.declaratie_nummer,
        periode_begin=d.declaratie_periode.begindatum,
        periode_eind=d.declaratie_periode.einddatum,
        dagtekening=d.declaratie_dagtekening,
        totaal_ingediend_cent=_teken(totaal.totaal_bedrag, totaal.debet_credit),
        prestaties=tuple(prestaties),
    )


def indelen(bericht: Wmo323, findings: list[Finding]) -> tuple[tuple[str, ...], dict[int, list[tuple[str, str]]]]:
    """Findings of the rule engine -> (header codes, per prestatie (rule, retourcode)). Level 2 gives 0001."""
    if any(f.niveau == Niveau.BERICHT for f in findings):
        return ("0001",), {}
    header: list[str] = []
    per_prestatie: dict[int, list[tuple[str, str]]] = {}
    posities = volgnummers(bericht)
    for f in findings:
        m = PRESTATIE_PAD.match(f.pad)
        if m is None:
            header.append(f.retourcode)  # header or declaration level: the whole message
        elif f.code not in DECLARATIE_CODES:
            key = (int(m.group(1) or 1), int(m.group(2) or 1))
            per_prestatie.setdefault(posities[key], []).append((f.code, f.retourcode))
    return tuple(dict.fromkeys(header)), per_prestatie


def wmo325_header(heen: Wmo323, *, codes: tuple[str, ...], dagtekening: date) -> Header:
    gemeente = heen.header.ontvanger
    return Header(
        afzender=gemeente,
        ontvanger=heen.header.afzender,
        bericht_identificatie=BerichtIdentificatie(
            identificatie=volgende_identificatie(gemeente, "325"), dagtekening=dagtekening
        ),
        declaratie_identificatie=heen.header.bericht_identificatie,
        xslt_versie=XSLT_VERSIE if "0001" in codes else None,
        xsd_versie_declaratie=heen.header.xsd_versie or XsdVersie(),
        retour_codes=codes,
    )


def wmo325_bouwen(heen: Wmo323, *, header: Header, beoordeling: Beoordeling | None) -> Wmo325:
    if beoordeling is None:
        return Wmo325(header=header)
    d = heen.declaratie
    ingediend = d.totaal_ingediend_bedrag
    if beoordeling.als_geheel_afgewezen:
        codes = tuple(dict.fromkeys(b.retourcode for b in beoordeling.declaratie_bevindingen))
        antwoord = DeclaratieAntwoord(
            declaratie_nummer=d.declaratie_nummer,
            totaal_ingediend_bedrag=ingediend,
            totaal_toegekend_bedrag=_totaal(0),
            retour_codes=codes,
        )
        return Wmo325(header=header, declaratie_antwoord=antwoord)
    if beoordeling.alles_goedgekeurd:
        antwoord = DeclaratieAntwoord(
            declaratie_nummer=d.declaratie_nummer,
            totaal_ingediend_bedrag=ingediend,
            totaal_toegekend_bedrag=ingediend,
            retour_codes=(VOLLEDIG_TOEGEWEZEN,),
        )
        return Wmo325(header=header, declaratie_antwoord=antwoord)
    oordelen = iter(beoordeling.prestaties)
    clienten = []
    for client in d.clienten:
        afgewezen = []
        for p in client.prestaties:
            oordeel = next(oordelen)
            if not oordeel.goedgekeurd:
                afgewezen.append(replace(p, retour_codes=oordeel.retourcodes))
        if afgewezen:
            clienten.append(Client(bsn=client.bsn, prestaties=tuple(afgewezen), retour_codes=(OK,)))
    antwoord = DeclaratieAntwoord(
        declaratie_nummer=d.declaratie_nummer,
        totaal_ingediend_bedrag=ingediend,
        totaal_toegekend_bedrag=_totaal(beoordeling.totaal_toegekend_cent),
        clienten=tuple(clienten),
        retour_codes=(OK,),
    )
    return Wmo325(header=header, declaratie_antwoord=antwoord)


def declaratie_verwerken(
    *, bericht: Wmo323, rij: Bericht, findings: list[Finding], vandaag: date, kanaal: Kanaal, actor: object | None
) -> tuple[Bericht, list[str]]:
    """Judge, store and answer a received 323. Returns the sent 325 row and the header/declaration codes."""
    header_codes, vooraf = indelen(bericht, findings)
    beoordeling = None
    resultaat = None
    if not header_codes:
        resultaat = declaratie_ontvangen(
            invoer=invoer_uit_323(bericht, vooraf), ontvangen_op=vandaag, bericht_id=rij.pk
        )
        beoordeling = resultaat.beoordeling
    header = wmo325_header(bericht, codes=header_codes or (OK,), dagtekening=vandaag)
    antwoord = wmo325_bouwen(bericht, header=header, beoordeling=beoordeling)
    verzonden = bericht_verzenden(bericht=antwoord, heen=rij, kanaal=kanaal, actor=actor)
    if resultaat is not None and resultaat.declaratie is not None:
        declaratie_beantwoord(declaratie=resultaat.declaratie, antwoord_bericht_id=verzonden.pk, op=vandaag)
    codes = list(header_codes)
    if antwoord.declaratie_antwoord is not None:
        codes += list(antwoord.declaratie_antwoord.retour_codes)
    return verzonden, codes
