"""The 323 declaration through the exchange: stream it (stroom323.py: XSD and the level-2 checks while reading),
feed it part by part to `declaraties.services.Intake` (the declaration rules against the database, rows stored
per part), run the message-level rules of levels 2-4 on the skeleton, build the 325 exactly as IV087/TR342
prescribe, send it, and record it on the declaration. Memory stays flat: only the rejected prestaties are kept
for the 325.

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

from dataclasses import dataclass, field, replace
from datetime import date

from django.db import transaction

from wmoketen.audit.constants import Actie, Verwerkingsactiviteit
from wmoketen.audit.services import verwerkingen_log
from wmoketen.clienten.models import Client as ClientModel
from wmoketen.core.metriek import PRESTATIES_BEOORDEELD
from wmoketen.declaraties.intake import Prestatieoordeel
from wmoketen.declaraties.invoer import Declaratie323, Prestatieregel
from wmoketen.declaraties.services import Intake, declaratie_beantwoord

from ..codec.model.basis import (
    BedragMetDC,
    BerichtIdentificatie,
    GeslotenPeriode,
    Header,
    Referentie,
    TotaalBedragMetDC,
    XsdVersie,
)
from ..codec.model.wmo323 import Client, DeclaratieAntwoord, Prestatie, Wmo323, Wmo325
from ..constants import XSLT_VERSIE, Kanaal, Status
from ..models import Bericht
from ..rules import Finding, Niveau
from ..rules.base import REGISTRY, BerichtView
from ..rules.engine import rules_for
from .context import DatabaseContext
from .stroom323 import Deel, Stroom323, declaratiekop
from .verzenden import bericht_verzenden, volgende_identificatie

OK = "0200"
VOLLEDIG_TOEGEWEZEN = "8001"
# Level 4 on a prestatie: the product code list. (TR346 on a prestatie is the declarations app's own rule.)
TR381 = next(r for r in REGISTRY if r.code == "TR381")


def _totaal(cent: int) -> TotaalBedragMetDC:
    return TotaalBedragMetDC(totaal_bedrag=abs(cent), debet_credit="D" if cent >= 0 else "C")


def invoer_uit_323(bericht: Wmo323) -> Declaratie323:
    """A whole 323 as objects -> plain data (the portal's draft preview; the exchange streams instead)."""
    d = bericht.declaratie
    prestaties: list[Prestatieregel] = []
    for client in d.clienten:
        for p in client.prestaties:
            prestaties.append(
                Prestatieregel(
                    volgnummer=len(prestaties),
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
                )
            )
    return replace(declaratiekop(bericht), prestaties=tuple(prestaties))


def als_325_prestatie(p: Prestatieregel, retour_codes: tuple[str, ...]) -> Prestatie:
    """A rejected prestatie as the 325 repeats it: the 323 fields with its retourcodes."""
    return Prestatie(
        product_referentie=Referentie(
            referentie_nummer=p.referentie_nummer, vorig_referentie_nummer=p.vorig_referentie_nummer
        ),
        toewijzing_nummer=p.toewijzing_nummer,
        product_categorie=p.product_categorie,
        product_code=p.product_code,
        product_periode=GeslotenPeriode(begindatum=p.begindatum, einddatum=p.einddatum),
        geleverd_volume=p.geleverd_volume,
        eenheid=p.eenheid,
        product_tarief=p.product_tarief_cent,
        ingediend_bedrag=BedragMetDC(bedrag=p.ingediend_bedrag_cent, debet_credit=p.debet_credit),
        retour_codes=retour_codes,
    )


@dataclass
class Uitkomst:
    """What the stream left for the 325 and the stored message: rejected prestaties (per client, in order),
    prestatie-level findings of the rule engine, and the clients already written to the Logboek."""

    afgewezen: dict[tuple[int, str], list[Prestatie]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    gelogd: dict[int, None] = field(default_factory=dict)  # ordered set of client ids
    beoordeeld: int = 0


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


def wmo325_bouwen(heen: Wmo323, *, header: Header, intake: Intake | None, uitkomst: Uitkomst) -> Wmo325:
    if intake is None:
        return Wmo325(header=header)
    d = heen.declaratie
    ingediend = d.totaal_ingediend_bedrag
    if intake.als_geheel_afgewezen:
        codes = tuple(dict.fromkeys(b.retourcode for b in intake.declaratie_bevindingen))
        antwoord = DeclaratieAntwoord(
            declaratie_nummer=d.declaratie_nummer,
            totaal_ingediend_bedrag=ingediend,
            totaal_toegekend_bedrag=_totaal(0),
            retour_codes=codes,
        )
    elif not intake.afgewezen_aantal:
        antwoord = DeclaratieAntwoord(
            declaratie_nummer=d.declaratie_nummer,
            totaal_ingediend_bedrag=ingediend,
            totaal_toegekend_bedrag=ingediend,
            retour_codes=(VOLLEDIG_TOEGEWEZEN,),
        )
    else:
        clienten = tuple(
            Client(bsn=bsn, prestaties=tuple(ps), retour_codes=(OK,)) for (_, bsn), ps in uitkomst.afgewezen.items()
        )
        antwoord = DeclaratieAntwoord(
            declaratie_nummer=d.declaratie_nummer,
            totaal_ingediend_bedrag=ingediend,
            totaal_toegekend_bedrag=_totaal(intake.toegekend_cent),
            clienten=clienten,
            retour_codes=(OK,),
        )
    return Wmo325(header=header, declaratie_antwoord=antwoord)


def status_na_325(antwoord: Wmo325, *, aantal_prestaties: int | None) -> Status:
    """The outcome of a 323 as its 325 tells it: Goedgekeurd (8001), Deels goedgekeurd (some prestaties listed
    as rejected, not all), Afgekeurd (refused in the header or as a whole, or every prestatie rejected).
    `aantal_prestaties`: how many the 323 held; unknown (None), a TotaalToegekendBedrag of 0 means none approved."""
    da = antwoord.declaratie_antwoord
    if not set(antwoord.header.retour_codes) <= {OK} or da is None:
        return Status.AFGEKEURD
    if VOLLEDIG_TOEGEWEZEN in da.retour_codes:
        return Status.GOEDGEKEURD
    if not set(da.retour_codes) <= {OK}:
        return Status.AFGEKEURD
    afgewezen = sum(len(c.prestaties) for c in da.clienten)
    if aantal_prestaties is None:
        return Status.DEELS if da.totaal_toegekend_bedrag.totaal_bedrag else Status.AFGEKEURD
    return Status.DEELS if afgewezen < aantal_prestaties else Status.AFGEKEURD


def _met_productcodecontrole(deel: Deel, context: DatabaseContext, op: date, uitkomst: Uitkomst) -> None:
    """TR381 (level 4) per prestatie; a finding travels with the prestatie to the intake (`vooraf`)."""
    for i, p in enumerate(deel.prestaties):
        if not context.productcode_bij_categorie(p.product_categorie, p.product_code, op=op):
            deel.prestaties[i] = replace(p, vooraf=((TR381.code, TR381.retourcode),))
            pad = f"{deel.pad(i)}/ProductCode"
            uitkomst.findings.append(Finding(TR381.code, TR381.retourcode, TR381.uitleg, pad, int(TR381.niveau)))


def _bewaar_afgewezen(deel: Deel, oordelen: list[Prestatieoordeel], uitkomst: Uitkomst) -> None:
    for i, oordeel in enumerate(oordelen):
        if not oordeel.goedgekeurd:
            p = oordeel.prestatie
            sleutel = (deel.posities[i][0], p.bsn)
            uitkomst.afgewezen.setdefault(sleutel, []).append(als_325_prestatie(p, oordeel.retourcodes))


def _berichtregels(stroom: Stroom323, context: DatabaseContext, uitkomst: Uitkomst) -> list[Finding]:
    """The message-level rules on the skeleton, level by level (IV032): level 2 with the scan of the stream,
    then levels 3 and 4 (the product code findings of the stream count as level 4)."""
    view = BerichtView(stroom.skelet)
    for niveau in (Niveau.BERICHT, Niveau.BERICHTOVERSTIJGEND, Niveau.EXTERNE_BRON):
        gevonden = [f for r in rules_for(stroom.kop.SOORT, [niveau]) for f in r.findings(view, context)]
        if niveau == Niveau.EXTERNE_BRON:
            gevonden += uitkomst.findings
        if gevonden:
            return gevonden
    return []


def _log_clienten(
    deel: Deel, rij: Bericht, actor: object | None, uitkomst: Uitkomst, oordelen: list[Prestatieoordeel]
) -> None:
    """One Logboek record per known client per message, written part by part (flat memory). The judgement knows
    the clients with an assignment here; only the other BSNs are looked up."""
    per_bsn = {o.prestatie.bsn: o.client_id for o in oordelen if o.client_id is not None}
    onbekend = [b for b in dict.fromkeys(deel.bsns) if b not in per_bsn]
    if onbekend:
        gemeente = ClientModel.objects.filter(gemeente__cbs_code=rij.gemeente_code)  # BSN unique per gemeente
        per_bsn.update(gemeente.filter(bsn__in_lijst=onbekend).values_list("bsn", "pk"))
    nieuw = [per_bsn[b] for b in dict.fromkeys(deel.bsns) if b in per_bsn and per_bsn[b] not in uitkomst.gelogd]
    uitkomst.gelogd.update(dict.fromkeys(nieuw))
    _log(nieuw, rij, actor)


def _log(client_ids: list[int], rij: Bericht, actor: object | None) -> None:
    verwerkingen_log(
        actor=actor,
        actie=Actie.BERICHT_ONTVANGEN,
        verwerkingsactiviteit=Verwerkingsactiviteit.TOEWIJZING,
        client_ids=client_ids,
        object_type="WMO323",
        object_id=str(rij.pk),
    )


def _tel(beoordeeld: int, afgewezen: int) -> None:
    """Prometheus: prestaties judged, counted once the declaration is committed (a rolled-back one counts not)."""

    def tellen() -> None:
        PRESTATIES_BEOORDEELD.labels("goedgekeurd").inc(beoordeeld - afgewezen)
        PRESTATIES_BEOORDEELD.labels("afgekeurd").inc(afgewezen)

    transaction.on_commit(tellen)


def declaratie_verwerken(
    stroom: Stroom323, *, rij: Bericht, vandaag: date, kanaal: Kanaal, actor: object | None
) -> tuple[Bericht, list[str], list[Finding], Status]:
    """Judge, store and answer a received 323 (inside the caller's transaction), and log the clients it is
    about. Returns the sent 325 row, the header/declaration codes, the rule engine's findings and the outcome."""
    context = DatabaseContext(today=vandaag, ontvangen_bericht_id=rij.pk)
    bericht = stroom.kop
    uitkomst = Uitkomst()
    op = bericht.header.bericht_identificatie.dagtekening
    begin = transaction.savepoint()
    intake = Intake(invoer=stroom.invoer, ontvangen_op=vandaag, bericht_id=rij.pk)
    for deel in stroom.delen():
        oordelen: list[Prestatieoordeel] = []
        if not any(stroom.scan.hits.values()):  # after a level-2 error the judgement would be rolled back
            _met_productcodecontrole(deel, context, op, uitkomst)
            oordelen = intake.verwerk(deel.prestaties)
            uitkomst.beoordeeld += len(oordelen)
            _bewaar_afgewezen(deel, oordelen, uitkomst)
        _log_clienten(deel, rij, actor, uitkomst, oordelen)
    findings = _berichtregels(stroom, context, uitkomst)
    header_codes: tuple[str, ...] = ()
    if any(f.niveau == Niveau.BERICHT for f in findings):
        header_codes = ("0001",)
    elif findings:
        header_codes = tuple(dict.fromkeys(f.retourcode for f in findings if f.code != TR381.code))
    if header_codes:
        transaction.savepoint_rollback(begin)  # IV087: the declaration counts as not sent ...
        _log(list(uitkomst.gelogd), rij, actor)  # ... but it was received, and it is about these clients
        declaratie = None
    else:
        transaction.savepoint_commit(begin)
        declaratie = intake.afronden()
        _tel(uitkomst.beoordeeld, intake.afgewezen_aantal)
    header = wmo325_header(bericht, codes=header_codes or (OK,), dagtekening=vandaag)
    antwoord = wmo325_bouwen(bericht, header=header, intake=None if header_codes else intake, uitkomst=uitkomst)
    verzonden = bericht_verzenden(bericht=antwoord, heen=rij, kanaal=kanaal, actor=actor)
    if declaratie is not None:
        declaratie_beantwoord(declaratie=declaratie, antwoord_bericht_id=verzonden.pk, op=vandaag)
    codes = list(header_codes)
    if antwoord.declaratie_antwoord is not None:
        codes += list(antwoord.declaratie_antwoord.retour_codes)
    return verzonden, codes, findings, status_na_325(antwoord, aantal_prestaties=stroom.aantal_prestaties)
