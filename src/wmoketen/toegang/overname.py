"""Taking over what the access process of the suite a region leaves still holds (app `migratie`, its templates):
meldingen in progress with their phase and legal dates, and beschikkingen with their terms (full beschikkingen,
with a marker of where they came from).

A melding is registered as the old suite knew it: its facts (melddatum, appointment and date of the home visit,
aanvraag) become the same `Stap` rows the consultant's steps write, and the phase and the next legal deadline
follow from those facts by the same rule as every melding (`services._bijwerken`): the migration states the
facts, wmoketen computes the deadlines. No letter is sent: the old suite sent them. A phase that does not follow
from the facts is refused, with the date that is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from wmoketen.catalogus.models import Regio
from wmoketen.clienten.models import Client

from .constants import Fase, StapSoort
from .fouten import ToegangFout
from .models import (
    Beschikking,
    Melding,
    Ondersteuningsplan,
    Onderzoeksverslag,
    OvergenomenBeschikking,
    PlanProduct,
    Stap,
)
from .services import _bijwerken

OVERNEEMBARE_FASEN = (Fase.MELDING, Fase.ONDERZOEK, Fase.AANVRAAG)


@dataclass(frozen=True)
class MeldingInvoer:
    client_id: int
    regio: Regio
    melddatum: date
    fase: str
    huisbezoek_afspraak_op: date | None = None
    huisbezoek_datum: date | None = None
    aanvraag_op: date | None = None
    omschrijving: str = ""


def _fase_uit_feiten(m: MeldingInvoer) -> Fase:
    if m.aanvraag_op is not None:
        return Fase.AANVRAAG
    if m.huisbezoek_afspraak_op is not None:
        return Fase.ONDERZOEK
    return Fase.MELDING


def _controleer(m: MeldingInvoer, vandaag: date) -> None:
    fouten = []
    if m.fase not in OVERNEEMBARE_FASEN:
        fouten.append(
            f"fase {m.fase!r} wordt niet overgenomen: alleen lopende meldingen in fase "
            f"{', '.join(str(f) for f in OVERNEEMBARE_FASEN)} (ligt het plan al bij de aanbieder, neem de melding "
            "dan over in fase onderzoek en stel het plan opnieuw op)"
        )
    for naam, datum in (
        ("melddatum", m.melddatum),
        ("huisbezoek_afspraak_op", m.huisbezoek_afspraak_op),
        ("huisbezoek_datum", m.huisbezoek_datum),
        ("aanvraag_op", m.aanvraag_op),
    ):
        if datum is not None and naam != "huisbezoek_datum" and datum > vandaag:
            fouten.append(f"{naam} {datum:%d-%m-%Y} ligt in de toekomst")
        if datum is not None and datum < m.melddatum:
            fouten.append(f"{naam} {datum:%d-%m-%Y} ligt vóór de melddatum {m.melddatum:%d-%m-%Y}")
    if m.huisbezoek_datum is not None and m.huisbezoek_afspraak_op is None:
        fouten.append("een datum huisbezoek zonder de datum waarop de afspraak is gemaakt (huisbezoek_afspraak_op)")
    if not fouten and m.fase in OVERNEEMBARE_FASEN and _fase_uit_feiten(m) != m.fase:
        nodig = {Fase.ONDERZOEK: "huisbezoek_afspraak_op", Fase.AANVRAAG: "aanvraag_op"}
        if m.fase in nodig:
            fouten.append(f"fase {m.fase} vraagt de datum {nodig[Fase(m.fase)]}")
        else:
            fouten.append(f"fase {m.fase}, maar de datums zeggen fase {_fase_uit_feiten(m)}")
    if fouten:
        raise ToegangFout("; ".join(fouten) + ".")


@transaction.atomic
def melding_overnemen(melding: MeldingInvoer, *, vandaag: date) -> tuple[Melding, bool]:
    """The melding (new, True) or the one already taken over for this client and melddatum (False). Refuses with
    ToegangFout when the phase does not follow from the dates, a date lies in the future or before the melding."""
    _controleer(melding, vandaag)
    bestaand = Melding.objects.filter(client_id=melding.client_id, melddatum=melding.melddatum).first()
    if bestaand is not None:
        return bestaand, False
    client = Client.objects.get(pk=melding.client_id)
    nieuw = Melding.objects.create(
        client=client,
        regio=melding.regio,
        melddatum=melding.melddatum,
        omschrijving=melding.omschrijving,
        huisbezoek_afspraak_op=melding.huisbezoek_afspraak_op,
        huisbezoek_datum=melding.huisbezoek_datum,
        aanvraag_op=melding.aanvraag_op,
    )
    feiten = [(StapSoort.MELDING, melding.melddatum, "Overgenomen uit het vorige systeem.")]
    if melding.huisbezoek_afspraak_op is not None:
        omschrijving = f"Huisbezoek op {melding.huisbezoek_datum:%d-%m-%Y}." if melding.huisbezoek_datum else ""
        feiten.append((StapSoort.HUISBEZOEK, melding.huisbezoek_afspraak_op, omschrijving))
    if melding.aanvraag_op is not None:
        feiten.append((StapSoort.AANVRAAG, melding.aanvraag_op, "Aanvraag (vorig systeem)."))
    Stap.objects.bulk_create(
        [Stap(melding=nieuw, soort=soort, datum=datum, omschrijving=tekst) for soort, datum, tekst in feiten]
    )
    _bijwerken(nieuw)
    return nieuw, True


@dataclass(frozen=True)
class BeschikkingInvoer:
    """A beschikking of the old suite. `producten` are (product id, volume) of the assignments under it; `aanbieder_id`
    is the provider the plan names (the provider of the first assignment)."""

    client_id: int
    regio: Regio
    beschikking_nummer: int
    besluitdatum: date
    ingangsdatum: date
    einddatum: date
    aanbieder_id: int
    producten: tuple[tuple[int, int | None], ...]
    toewijzing_nummers: tuple[int, ...] = ()
    omschrijving: str = ""
    melddatum: date | None = None
    bron: str = ""
    migratie_nummer: int | None = None


def _termijn_maanden(ingang: date, eind: date) -> int:
    """The term in whole months, counted as the plan does (the last month counts when it is reached)."""
    maanden = (eind.year - ingang.year) * 12 + eind.month - ingang.month + (1 if eind.day >= ingang.day - 1 else 0)
    return max(1, maanden)


def _zelfde(bestaand: OvergenomenBeschikking, b: BeschikkingInvoer) -> bool:
    beschikking = bestaand.beschikking
    return (
        beschikking.melding.client_id == b.client_id
        and (beschikking.besluitdatum, beschikking.ingangsdatum, beschikking.einddatum)
        == (b.besluitdatum, b.ingangsdatum, b.einddatum)
        and bestaand.toewijzing_nummers == sorted(b.toewijzing_nummers)
        and beschikking.toelichting == b.omschrijving[:300]
    )


@transaction.atomic
def beschikking_overnemen(b: BeschikkingInvoer) -> tuple[Beschikking, bool]:
    """A full beschikking as the old suite decided it (new, True), or the one taken over before under this number
    (False): a melding in phase beschikt, an onderzoeksverslag and a plan that say the dossier stayed in the old
    suite, the plan's products, the dates and term, and the import marker (`OvergenomenBeschikking`). No letter
    and no `beschikking_vastgesteld` event: the old suite sent the letter, and the assignments exist already (the
    caller links them). Refuses a term that ends before it starts, a melddatum after the decision, a beschikking
    without products, and a number already taken over with other facts."""
    fouten = []
    if b.einddatum < b.ingangsdatum:
        fouten.append(f"einddatum {b.einddatum:%d-%m-%Y} ligt vóór de ingangsdatum {b.ingangsdatum:%d-%m-%Y}")
    if b.melddatum is not None and b.melddatum > b.besluitdatum:
        fouten.append(f"melddatum {b.melddatum:%d-%m-%Y} ligt na de besluitdatum {b.besluitdatum:%d-%m-%Y}")
    if not b.producten:
        fouten.append("een beschikking zonder producten: noem de toewijzingen die eronder vallen")
    if fouten:
        raise ToegangFout("; ".join(fouten) + ".")
    bestaand = (
        OvergenomenBeschikking.objects.filter(regio=b.regio, beschikking_nummer=b.beschikking_nummer)
        .select_related("beschikking__melding")
        .first()
    )
    if bestaand is not None:
        if not _zelfde(bestaand, b):
            raise ToegangFout(
                f"BeschikkingNummer {b.beschikking_nummer} is al overgenomen met andere gegevens; elk nummer hoort "
                "bij één beschikking."
            )
        return bestaand.beschikking, False
    herkomst = f"Overgenomen uit het vorige systeem (BeschikkingNummer {b.beschikking_nummer})"
    melddatum = b.melddatum or b.besluitdatum
    client = Client.objects.get(pk=b.client_id)
    melding = Melding.objects.create(
        client=client,
        regio=b.regio,
        melddatum=melddatum,
        omschrijving=b.omschrijving or f"{herkomst}.",
        fase=Fase.BESCHIKT,
        aanvraag_op=b.besluitdatum,
    )
    verslag = Onderzoeksverslag.objects.create(
        melding=melding,
        gespreksdatum=melddatum,
        bevindingen=f"{herkomst}; het onderzoek is daar vastgelegd.",
    )
    plan = Ondersteuningsplan.objects.create(
        melding=melding,
        # the assessment (reason, perspective, scores, category) stayed in the old suite: left empty, not made up
        reden="",
        perspectief="",
        score_veiligheid="",
        score_balans="",
        score_afstand="",
        score_zelfredzaamheid="",
        score_medewerking="",
        uitkomst_punten=0,
        uitkomst_categorie="",
        uitkomst_intensiteit="",
        oordeel_categorie="",
        oordeel_intensiteit="",
        aanbieder_id=b.aanbieder_id,
        termijn_maanden=_termijn_maanden(b.ingangsdatum, b.einddatum),
        toelichting=f"{herkomst}; het plan is daar vastgelegd.",
    )
    per_product: dict[int, int | None] = {}
    for product_id, volume in b.producten:  # two assignments of one product: one line in the plan
        per_product.setdefault(product_id, volume)
    PlanProduct.objects.bulk_create(PlanProduct(plan=plan, product_id=p, volume=v) for p, v in per_product.items())
    beschikking = Beschikking.objects.create(
        melding=melding,
        plan=plan,
        verslag=verslag,
        besluitdatum=b.besluitdatum,
        ingangsdatum=b.ingangsdatum,
        einddatum=b.einddatum,
        toelichting=b.omschrijving[:300],
    )
    Stap.objects.bulk_create(
        [
            Stap(melding=melding, soort=StapSoort.MELDING, datum=melddatum, omschrijving=f"{herkomst}."),
            Stap(
                melding=melding,
                soort=StapSoort.BESCHIKKING,
                datum=b.besluitdatum,
                omschrijving=f"{herkomst}; ingang {b.ingangsdatum:%d-%m-%Y}, einde {b.einddatum:%d-%m-%Y}."[:300],
            ),
        ]
    )
    OvergenomenBeschikking.objects.create(
        beschikking=beschikking,
        regio=b.regio,
        beschikking_nummer=b.beschikking_nummer,
        toewijzing_nummers=sorted(b.toewijzing_nummers),
        bron=b.bron[:500],
        migratie_nummer=b.migratie_nummer,
    )
    return beschikking, True
