"""Taking over what the access process of the suite a region leaves still holds (app `migratie`, its templates):
meldingen in progress with their phase and legal dates, and beschikkingen with their terms.

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
from .models import Melding, OvergenomenBeschikking, Stap
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
    client_id: int
    regio: Regio
    beschikking_nummer: int
    besluitdatum: date
    ingangsdatum: date
    einddatum: date
    toewijzing_nummers: tuple[int, ...] = ()
    omschrijving: str = ""


@transaction.atomic
def beschikking_overnemen(b: BeschikkingInvoer) -> tuple[OvergenomenBeschikking, bool]:
    """The beschikking (new, True), or the same one taken over before (False). Refuses a term that ends before it
    starts, and a number already taken over with other facts."""
    if b.einddatum < b.ingangsdatum:
        raise ToegangFout(f"einddatum {b.einddatum:%d-%m-%Y} ligt vóór de ingangsdatum {b.ingangsdatum:%d-%m-%Y}.")
    velden = {
        "client_id": b.client_id,
        "besluitdatum": b.besluitdatum,
        "ingangsdatum": b.ingangsdatum,
        "einddatum": b.einddatum,
        "toewijzing_nummers": sorted(b.toewijzing_nummers),
        "omschrijving": b.omschrijving[:300],
    }
    bestaand = OvergenomenBeschikking.objects.filter(regio=b.regio, beschikking_nummer=b.beschikking_nummer).first()
    if bestaand is not None:
        if any(getattr(bestaand, k) != v for k, v in velden.items()):
            raise ToegangFout(
                f"BeschikkingNummer {b.beschikking_nummer} is al overgenomen met andere gegevens; elk nummer hoort "
                "bij één beschikking."
            )
        return bestaand, False
    return OvergenomenBeschikking.objects.create(regio=b.regio, beschikking_nummer=b.beschikking_nummer, **velden), True
