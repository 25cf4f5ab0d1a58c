"""For the provider, before sending: the lines that may be declared for a month (`aanspraak.maandclaim`, the
computation the intake checks against), and 'what will be approved' for draft lines (the intake's own rules, run
without storing anything).

Which months: a DeclaratiePeriode must be over before it is declared (TR137: no period may end after the
Dagtekening) and must come after the last one used at the municipality (TR318, docs/declaraties.md); within it an
assignment's month that already has an approved, uncredited debet is not proposed again (TR389).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.db.models import Max

from wmoketen.contracten.models import Aanbieder
from wmoketen.core.fouten import Domeinfout
from wmoketen.toewijzingen.models import Toewijzing

from .aanspraak import maandclaim
from .bedragen import ingediend_bedrag
from .constants import DeclaratieStatus
from .fouten import Afrekenfout
from .intake import Beoordeling, beoordeel
from .intakecontext import goedgekeurd, laad_intakecontext, onderbrekingen_van, toewijzingsgegevens
from .invoer import Declaratie323, Prestatieregel
from .models import Declaratie, Prestatie
from .perioden import Periode, kalendermaand, kalendermaand_van

KEUZE_MAANDEN = 24  # at most this many months to choose from on the page
_EEN_DAG = timedelta(days=1)


class VoorstelFout(Domeinfout):
    """This month cannot be declared (not over yet, or not after the last DeclaratiePeriode)."""


@dataclass(frozen=True)
class Conceptregel:
    toewijzing_nummer: int
    bsn: str
    product_categorie: str
    product_code: str
    begindatum: date
    einddatum: date
    geleverd_volume: int
    eenheid: str
    product_tarief_cent: int | None
    ingediend_bedrag_cent: int
    debet_credit: str = "D"
    vorig_referentie_nummer: str | None = None
    toelichting: str = ""

    def met_volume(self, volume: int) -> Conceptregel:
        """The same line with the volume really delivered, and the amount that goes with it (TR346)."""
        bedrag = ingediend_bedrag(
            volume=volume, eenheid=self.eenheid, tarief_cent=self.product_tarief_cent, toewijzing_eenheid=self.eenheid
        )
        return replace(self, geleverd_volume=volume, ingediend_bedrag_cent=bedrag)


@dataclass(frozen=True)
class Voorstel:
    periode: Periode
    regels: list[Conceptregel]
    zonder_regel: list[str]  # assignments running in the month that got no line because the claim is unknown


def lopende_toewijzingen(*, aanbieder: Aanbieder, gemeente_code: str, maand: Periode) -> list[Toewijzing]:
    return list(
        Toewijzing.objects.filter(aanbieder=aanbieder, client__gemeente__cbs_code=gemeente_code)
        .filter(ingangsdatum__lte=maand.tot)
        .lopend_vanaf(maand.van)
        .niet_verwijderd()  # TR384
        .select_related("client", "product")
        .prefetch_related("product__bekostigingen__afrekenregel__regio", "product__tarieven")
        .order_by("client_id", "toewijzing_nummer")
    )


def laatste_declaratieperiode(*, aanbieder: Aanbieder, gemeente_code: str) -> date | None:
    """The begin of the last DeclaratiePeriode used at this municipality (a declaration rejected as a whole does
    not count: it counts as not sent)."""
    laatste: date | None = (
        Declaratie.objects.filter(aanbieder=aanbieder, gemeente__cbs_code=gemeente_code)
        .exclude(status=DeclaratieStatus.AFGEWEZEN)
        .aggregate(m=Max("periode_begin"))["m"]
    )
    return laatste


def declarabele_maanden(*, aanbieder: Aanbieder, gemeente_code: str, vandaag: date) -> list[Periode]:
    """The months that may be declared now, newest first: over by today (TR137), after the last DeclaratiePeriode
    (TR318), at most 24 of them (so never near the 60 months of TR335)."""
    laatste = laatste_declaratieperiode(aanbieder=aanbieder, gemeente_code=gemeente_code)
    maand = kalendermaand_van(vandaag)
    if maand.tot > vandaag:
        maand = kalendermaand_van(maand.van - _EEN_DAG)
    maanden: list[Periode] = []
    while len(maanden) < KEUZE_MAANDEN and (laatste is None or maand.van > laatste):
        maanden.append(maand)
        maand = kalendermaand_van(maand.van - _EEN_DAG)
    return maanden


def controleer_maand(*, aanbieder: Aanbieder, gemeente_code: str, periode: Periode, vandaag: date) -> None:
    """VoorstelFout when `periode` may not be declared now (see `declarabele_maanden`)."""
    if periode.tot > vandaag:
        raise VoorstelFout(
            f"De maand {periode.van:%m-%Y} is nog niet voorbij; declareren kan vanaf {periode.tot:%d-%m-%Y} "
            "(een periode mag niet na de dagtekening eindigen, TR137)."
        )
    laatste = laatste_declaratieperiode(aanbieder=aanbieder, gemeente_code=gemeente_code)
    if laatste is not None and periode.van <= laatste:
        raise VoorstelFout(
            f"Bij deze gemeente is al gedeclareerd over {laatste:%m-%Y}; een nieuwe declaratie gaat over een "
            "latere maand (TR318)."
        )


def voorstel(*, aanbieder: Aanbieder, gemeente_code: str, jaar: int, maand: int, vandaag: date) -> Voorstel:
    """One line per running assignment: what may be claimed for the month (`aanspraak.maandclaim`, in the
    assignment's unit). The provider lowers volumes to what was really delivered before sending."""
    periode = kalendermaand(jaar, maand)
    controleer_maand(aanbieder=aanbieder, gemeente_code=gemeente_code, periode=periode, vandaag=vandaag)
    toewijzingen = lopende_toewijzingen(aanbieder=aanbieder, gemeente_code=gemeente_code, maand=periode)
    eerder = goedgekeurd(
        aanbieder, {t.pk for t in toewijzingen}, {t.toewijzing_nummer for t in toewijzingen}, set()
    ).per_toewijzing
    regels, zonder = [], []
    onderbrekingen = onderbrekingen_van([t.pk for t in toewijzingen])
    for t in toewijzingen:
        g = toewijzingsgegevens(t, onderbrekingen.get(t.pk, ()))
        try:
            claim = maandclaim(
                model=g.model,
                bekostiging=g.bekostiging,
                tarieven=g.tarieven,
                feiten=g.feiten,
                maand=periode,
                eerder=[e.als_engine() for e in eerder.get(t.toewijzing_nummer, ())],
            )
        except Afrekenfout as fout:
            zonder.append(f"Toewijzing {t.toewijzing_nummer} ({t.product.productcode}): {fout}")
            continue
        if claim is None:
            continue
        regels.append(
            Conceptregel(
                t.toewijzing_nummer,
                g.bsn,
                g.product_categorie,
                g.productcode_in_301 or t.product.productcode,
                claim.productperiode.van,
                claim.productperiode.tot,
                claim.geleverd_volume,
                claim.eenheid,
                claim.product_tarief_cent,
                claim.ingediend_bedrag_cent,
                toelichting=claim.toelichting,
            )
        )
    return Voorstel(periode, regels, zonder)


def als_invoer(
    *, aanbieder: str, gemeente_code: str, periode: Periode, regels: list[Conceptregel], nummer: str = "CONCEPT"
) -> Declaratie323:
    prestaties = tuple(
        Prestatieregel(
            volgnummer=i,
            bsn=r.bsn,
            referentie_nummer=f"CONCEPT{i}",
            vorig_referentie_nummer=r.vorig_referentie_nummer,
            toewijzing_nummer=r.toewijzing_nummer,
            product_categorie=r.product_categorie,
            product_code=r.product_code,
            begindatum=r.begindatum,
            einddatum=r.einddatum,
            geleverd_volume=r.geleverd_volume,
            eenheid=r.eenheid,
            product_tarief_cent=r.product_tarief_cent,
            ingediend_bedrag_cent=r.ingediend_bedrag_cent,
            debet_credit=r.debet_credit,
        )
        for i, r in enumerate(regels)
    )
    totaal = sum(p.getekend_cent for p in prestaties)
    return Declaratie323(
        aanbieder, gemeente_code, "CONCEPT", nummer, periode.van, periode.tot, periode.tot, totaal, prestaties
    )


def voorcalculatie(invoer: Declaratie323) -> Beoordeling:
    """'What will be approved': every rule of the intake, against the database, nothing stored. Declaration-level
    rules (TR318, TR333) are left out: the portal picks the number and period itself. ReferentieNummers of drafts
    are placeholders (TR314 does not apply)."""
    ctx = laad_intakecontext(invoer)
    ctx.declaratienummer_gebruikt = False
    ctx.laatste_periode_begin = None
    ctx.bekende_referenties = set()
    return beoordeel(ctx)


def volgende_declaratieperiode(*, aanbieder: Aanbieder, gemeente_code: str, vandaag: date) -> Periode:
    """For a correction: the month after the last DeclaratiePeriode used (TR318), or the last month that is over.
    VoorstelFout when that month is not over yet (TR137): the correction then waits for the next declaration."""
    laatste = laatste_declaratieperiode(aanbieder=aanbieder, gemeente_code=gemeente_code)
    if laatste is None:
        return kalendermaand_van(vandaag.replace(day=1) - _EEN_DAG)
    volgende = kalendermaand(laatste.year + laatste.month // 12, laatste.month % 12 + 1)
    if volgende.tot > vandaag:
        raise VoorstelFout(
            f"Een correctie gaat mee in een declaratie over {volgende.van:%m-%Y} (de maand na de laatst gebruikte, "
            f"TR318); die kan vanaf {volgende.tot:%d-%m-%Y} verstuurd worden (TR137)."
        )
    return volgende


def correctieregels(*, prestatie: Prestatie, nieuw_volume: int) -> list[Conceptregel]:
    """Credit of an approved debet (a copy with C and VorigReferentieNummer, IV085) plus a new debet with the
    corrected volume for the same assignment, product and ProductPeriode."""
    credit = Conceptregel(
        prestatie.toewijzing_nummer,
        prestatie.client.bsn if prestatie.client else "",
        prestatie.product_categorie,
        prestatie.product_code,
        prestatie.begindatum,
        prestatie.einddatum,
        prestatie.geleverd_volume,
        prestatie.eenheid,
        prestatie.product_tarief_cent,
        prestatie.ingediend_bedrag_cent,
        "C",
        prestatie.referentie_nummer,
    )
    toewijzing_eenheid = prestatie.toewijzing.eenheid if prestatie.toewijzing else prestatie.eenheid
    debet = replace(
        credit,
        debet_credit="D",
        vorig_referentie_nummer=None,
        geleverd_volume=nieuw_volume,
        ingediend_bedrag_cent=ingediend_bedrag(
            volume=nieuw_volume,
            eenheid=prestatie.eenheid,
            tarief_cent=prestatie.product_tarief_cent,
            toewijzing_eenheid=toewijzing_eenheid,
        ),
    )
    return [credit, debet]
