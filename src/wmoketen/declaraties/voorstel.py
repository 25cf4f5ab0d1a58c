"""For the provider, before sending: the lines the settlement engine proposes for a month, and 'what will be
approved' for draft lines (the same rules as the intake, run without storing anything)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from django.db.models import Max, Q

from wmoketen.contracten.models import Aanbieder
from wmoketen.toewijzingen.models import Toewijzing

from .afrekening import bereken_aanspraken, max_volume_in_periode
from .bedragen import minuten_bedrag
from .constants import DeclaratieStatus
from .controle import Controlecontext
from .feiten import tarief_op
from .intake import Beoordeling, beoordeel
from .intakecontext import _gegevens, laad_intakecontext
from .invoer import Declaratie323, Prestatieregel
from .maandtoedeling import naar_kalendermaanden
from .models import Declaratie, Prestatie
from .perioden import Periode, kalendermaand
from .voorcalculatie import Voorcalculatie, voorcalculeer


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


def bedrag(*, volume: int, eenheid: str, tarief_cent: int | None, toewijzing_eenheid: str) -> int:
    """TR346/CS339/IV081: the amount a line must carry."""
    if eenheid == "83":
        return volume
    if eenheid == "01" and toewijzing_eenheid == "04":
        return minuten_bedrag(tarief_cent or 0, volume)
    return volume * (tarief_cent or 0)


def lopende_toewijzingen(*, aanbieder: Aanbieder, gemeente_code: str, maand: Periode) -> list[Toewijzing]:
    return list(
        Toewijzing.objects.filter(aanbieder=aanbieder, client__gemeente__cbs_code=gemeente_code)
        .filter(ingangsdatum__lte=maand.tot)
        .filter(Q(einddatum__isnull=True) | Q(einddatum__gte=maand.van))
        .exclude(reden_wijziging="13")
        .select_related("client", "product")
        .prefetch_related("product__bekostigingen__afrekenregel", "product__tarieven")
        .order_by("client_id", "toewijzing_nummer")
    )


def voorstel(*, aanbieder: Aanbieder, gemeente_code: str, jaar: int, maand: int) -> list[Conceptregel]:
    """One line per running assignment for the month, from the settlement engine: the most that may be declared
    (volume products: the IV076/IV077 maximum x contract tariff; profiel/traject: the month entitlement in euros).
    The provider lowers volumes to what was really delivered before sending."""
    periode = kalendermaand(jaar, maand)
    regels = []
    for t in lopende_toewijzingen(aanbieder=aanbieder, gemeente_code=gemeente_code, maand=periode):
        g = _gegevens(t)
        pp = periode.overlap(g.feiten.looptijd(periode.tot))
        if pp is None or g.bekostiging is None:
            continue
        code = g.productcode_in_301 or t.product.productcode
        if g.model in {"profiel", "traject"} and g.tarieven:
            try:
                afrekening = bereken_aanspraken(g.bekostiging, g.tarieven, g.feiten, horizon=periode.tot)
            except ValueError:
                continue
            maanden = {m.label: m for m in naar_kalendermaanden(afrekening.aanspraken, g.feiten.looptijd(periode.tot))}
            m = maanden.get(f"{jaar:04d}-{maand:02d}")
            if m is None:
                continue
            regels.append(
                Conceptregel(
                    t.toewijzing_nummer,
                    g.bsn,
                    g.product_categorie,
                    code,
                    m.productperiode.van,
                    m.productperiode.tot,
                    m.bedrag_cent,
                    "83",
                    None,
                    m.bedrag_cent,
                    toelichting=m.toelichting,
                )
            )
            continue
        volume = max_volume_in_periode(g.feiten, pp)
        if not volume or not g.tarieven:
            continue
        tarief = tarief_op(g.tarieven, pp.van).bedrag_cent
        eenheid = g.feiten.eenheid or "04"
        regels.append(
            Conceptregel(
                t.toewijzing_nummer,
                g.bsn,
                g.product_categorie,
                code,
                pp.van,
                pp.tot,
                volume,
                eenheid,
                tarief,
                bedrag(volume=volume, eenheid=eenheid, tarief_cent=tarief, toewijzing_eenheid=g.feiten.eenheid),
                toelichting=f"Maximaal {volume} volgens de toewijzing (IV076/IV077).",
            )
        )
    return regels


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


def voorcalculatie_engine(invoer: Declaratie323, toewijzing_nummer: int) -> Voorcalculatie | None:
    """The settlement engine's `voorcalculeer` for the draft lines of one assignment (amounts and reasons)."""
    ctx = laad_intakecontext(invoer)
    g = ctx.toewijzingen.get(toewijzing_nummer)
    if g is None or g.bekostiging is None or not g.tarieven:
        return None
    from .controle import Prestatie as EnginePrestatie

    concepten = [
        EnginePrestatie(p.productperiode, p.geleverd_volume, p.eenheid, p.ingediend_bedrag_cent, p.product_tarief_cent)
        for p in invoer.prestaties
        if p.toewijzing_nummer == toewijzing_nummer and not p.is_credit
    ]
    eerder = tuple(e.als_engine() for e in ctx.goedgekeurd_per_toewijzing.get(toewijzing_nummer, ()))
    return voorcalculeer(concepten, Controlecontext(g.bekostiging, g.tarieven, g.feiten, eerder))


def volgende_declaratieperiode(*, aanbieder: Aanbieder, gemeente_code: str, vandaag: date) -> Periode:
    """For a correction: the month after the last DeclaratiePeriode used (TR318), or the current month."""
    laatste = (
        Declaratie.objects.filter(aanbieder=aanbieder, gemeente__cbs_code=gemeente_code)
        .exclude(status=DeclaratieStatus.AFGEWEZEN)
        .aggregate(m=Max("periode_begin"))["m"]
    )
    if laatste is None:
        return kalendermaand(vandaag.year, vandaag.month)
    volgende = kalendermaand(laatste.year + laatste.month // 12, laatste.month % 12 + 1)
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
        ingediend_bedrag_cent=bedrag(
            volume=nieuw_volume,
            eenheid=prestatie.eenheid,
            tarief_cent=prestatie.product_tarief_cent,
            toewijzing_eenheid=toewijzing_eenheid,
        ),
    )
    return [credit, debet]
