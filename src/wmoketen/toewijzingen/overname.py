"""Taking over assignments, starts and stops from the archive of the suite a region leaves (app `migratie`).

Nothing here hands out a ToewijzingNummer, makes a version moment or sends a 301: numbers, versions and moments
are the ones the old suite sent, and the 301s it sent are recorded as sent (`Toewijzingsbericht`), so the next
301 only carries what changes from now on (OP087). The rules of the standard still hold and are the same
functions the message services use: no overlap of the same product (TR302), the start/stop rules (TR326, TR382,
TR071, TR413-TR415, TR063). Work comes in batches of messages and is checked in memory against what is stored
plus what earlier messages of the batch did; each message is taken over whole or not at all, and the outcome per
message carries the Dutch reasons of a refusal. The caller holds the transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import cast

from django.db.models import Q
from django.utils import timezone

from .constants import RedenWijziging, VerzoekAntwoord, VerzoekSoort, VerzoekStatus
from .domain import TR063, TR071, TR382, is_verwijderd, overlapt, stapeling_toegestaan, start_fout, stop_fout
from .models import Start, Stop, Toewijzing, Toewijzingsbericht, ToewijzingVersie, Verzoek, VerzoekRegel
from .verzoeken import _bijwerken_vot

REDENEN = frozenset(RedenWijziging.values)
BATCH = 2000


@dataclass(frozen=True, slots=True)
class Versie:
    """One ToegewezenProduct as a 301 carried it: one version of one ToewijzingNummer."""

    toewijzing_nummer: int
    product_id: int
    product_code: str
    product_categorie: str
    toewijzingsdatum: date
    toewijzingstijd: time
    ingangsdatum: date
    einddatum: date | None
    reden_wijziging: str = ""
    volume: int | None = None
    eenheid: str = ""
    frequentie: str = ""
    budget_cent: int | None = None
    referentie_aanbieder: str = ""

    @property
    def moment(self) -> tuple[date, time]:
        return (self.toewijzingsdatum, self.toewijzingstijd)

    @property
    def inhoud(self) -> tuple[object, ...]:
        """What must be equal when the same version is sent again (RedenWijziging goes only with a change,
        IV099, and ReferentieAanbieder only in the first 301 after granting a request, TR379)."""
        return (
            self.product_id,
            self.ingangsdatum,
            self.einddatum,
            self.volume,
            self.eenheid,
            self.frequentie,
            self.budget_cent,
        )


@dataclass(frozen=True)
class Overname301:
    """One archived 301: a client at a provider with the versions it carried. `verzonden`: the old suite sent
    it (recorded as the last 301 of the pair); False for a message derived from state that was never sent."""

    client_id: int
    aanbieder_id: int
    versies: tuple[Versie, ...]
    verzonden: bool = True


@dataclass
class Uitkomst:
    fouten: list[str] = field(default_factory=list)
    nieuwe_toewijzingen: int = 0
    nieuwe_versies: int = 0

    @property
    def geweigerd(self) -> bool:
        return bool(self.fouten)


@dataclass
class _Staat:
    """An assignment as it stands during the batch (stored or new)."""

    pk: int | None
    nummer: int
    client_id: int
    aanbieder_id: int
    laatste: Versie
    versies: dict[tuple[date, time], Versie]
    referentie: tuple[str, datetime | None]
    gewijzigd: bool = False


def _moment(v: Versie) -> datetime:
    return timezone.make_aware(datetime.combine(v.toewijzingsdatum, v.toewijzingstijd))


def _als_versie(t: Toewijzing, v: ToewijzingVersie | None) -> Versie:
    bron: Toewijzing | ToewijzingVersie = v if v is not None else t
    if v is not None:
        datum, tijd = v.toewijzingsdatum, v.toewijzingstijd
    else:
        datum, tijd = t.toewijzingsdatum, t.toewijzingstijd
    return Versie(
        toewijzing_nummer=t.toewijzing_nummer,
        product_id=t.product_id,
        product_code=t.product.productcode,
        product_categorie=t.product.categorie,
        toewijzingsdatum=datum,
        toewijzingstijd=tijd,
        ingangsdatum=bron.ingangsdatum,
        einddatum=bron.einddatum,
        reden_wijziging=bron.reden_wijziging,
        volume=bron.volume,
        eenheid=bron.eenheid,
        frequentie=bron.frequentie,
        budget_cent=bron.budget_cent,
    )


def _laad(berichten: Sequence[Overname301]) -> tuple[dict[int, _Staat], dict[tuple[int, int], set[int]]]:
    """The stored assignments these messages touch: by number, and every assignment of their pairs."""
    nummers = {v.toewijzing_nummer for b in berichten for v in b.versies}
    client_ids = {b.client_id for b in berichten}
    aanbieder_ids = {b.aanbieder_id for b in berichten}
    rijen = list(
        Toewijzing.objects.filter(
            Q(toewijzing_nummer__in=nummers) | Q(client_id__in=client_ids, aanbieder_id__in=aanbieder_ids)
        ).select_related("product")
    )
    versies: dict[int, list[ToewijzingVersie]] = defaultdict(list)
    for v in ToewijzingVersie.objects.filter(toewijzing__in=[t.pk for t in rijen]).order_by():
        versies[v.toewijzing_id].append(v)
    staten: dict[int, _Staat] = {}
    paren: dict[tuple[int, int], set[int]] = defaultdict(set)
    for t in rijen:
        eigen = {(v.toewijzingsdatum, v.toewijzingstijd): _als_versie(t, v) for v in versies[t.pk]}
        laatste = _als_versie(t, None)
        eigen.setdefault(laatste.moment, laatste)
        staten[t.toewijzing_nummer] = _Staat(
            t.pk,
            t.toewijzing_nummer,
            t.client_id,
            t.aanbieder_id,
            laatste,
            eigen,
            (t.referentie_aanbieder, t.referentie_op),
        )
        paren[(t.client_id, t.aanbieder_id)].add(t.toewijzing_nummer)
    return staten, paren


def _versie_fout(v: Versie) -> str | None:
    if v.einddatum is not None and v.einddatum < v.ingangsdatum:
        return f"Toewijzing {v.toewijzing_nummer}: de einddatum ligt vóór de ingangsdatum."
    if v.reden_wijziging and v.reden_wijziging not in REDENEN:
        return (
            f"Toewijzing {v.toewijzing_nummer}: RedenWijziging {v.reden_wijziging} bestaat niet in iWmo 3.2 "
            "(01 is sinds release 3.1 vervangen door 13 of 14)."
        )
    return None


def _toepassen(staat: _Staat | None, b: Overname301, v: Versie) -> tuple[_Staat | None, str | None, bool]:
    """The state after version `v`, a refusal, and whether the version is new."""
    if staat is not None and (staat.client_id, staat.aanbieder_id) != (b.client_id, b.aanbieder_id):
        return (
            None,
            (
                f"ToewijzingNummer {v.toewijzing_nummer} hoort al bij een andere cliënt of aanbieder; een nummer is "
                "uniek binnen de gemeente (TR332)."
            ),
            False,
        )
    if staat is None:
        staat = _Staat(None, v.toewijzing_nummer, b.client_id, b.aanbieder_id, v, {}, ("", None), gewijzigd=True)
    elif staat.laatste.product_id != v.product_id:
        return (
            None,
            (
                f"Toewijzing {v.toewijzing_nummer}: het product wijzigt van {staat.laatste.product_code} naar "
                f"{v.product_code}; een ander product krijgt een nieuw ToewijzingNummer (IV066)."
            ),
            False,
        )
    bestaand = staat.versies.get(v.moment)
    if bestaand is not None:
        tegenstrijdig = bestaand.inhoud != v.inhoud or (
            v.reden_wijziging and bestaand.reden_wijziging and v.reden_wijziging != bestaand.reden_wijziging
        )
        if tegenstrijdig:
            return (
                None,
                (
                    f"Toewijzing {v.toewijzing_nummer}: twee verschillende versies met dezelfde Toewijzingsdatum en "
                    f"-tijd ({v.toewijzingsdatum:%d-%m-%Y} {v.toewijzingstijd:%H:%M:%S})."
                ),
                False,
            )
        if not (v.referentie_aanbieder and not staat.referentie[0]):
            return staat, None, False
    nieuw = replace(
        staat,
        versies={**staat.versies, v.moment: bestaand or v},
        laatste=v if v.moment >= staat.laatste.moment else staat.laatste,
        gewijzigd=True,
    )
    if v.referentie_aanbieder and not staat.referentie[0]:
        nieuw.referentie = (v.referentie_aanbieder, _moment(v))
    return nieuw, None, bestaand is None


def _stapeling(paar: set[int], staten: dict[int, _Staat], gewijzigd: set[int]) -> list[str]:
    """TR302 over the pair as it would stand: the same product may not be assigned twice at once."""
    fouten = []
    for nummer in sorted(gewijzigd):
        a = staten[nummer].laatste
        if stapeling_toegestaan(a.product_categorie) or is_verwijderd(
            reden_wijziging=a.reden_wijziging, ingangsdatum=a.ingangsdatum, einddatum=a.einddatum
        ):
            continue
        for ander in sorted(paar - {nummer}):
            b = staten[ander].laatste
            if b.product_code != a.product_code or is_verwijderd(
                reden_wijziging=b.reden_wijziging, ingangsdatum=b.ingangsdatum, einddatum=b.einddatum
            ):
                continue
            if overlapt(a.ingangsdatum, a.einddatum, b.ingangsdatum, b.einddatum) and (
                ander not in gewijzigd or ander > nummer
            ):
                fouten.append(
                    f"Stapeling: product {a.product_code} van toewijzing {nummer} overlapt met toewijzing {ander} "
                    "in dezelfde periode; dat mag niet (TR302)."
                )
    return fouten


def toewijzingen_overnemen(berichten: Sequence[Overname301]) -> list[Uitkomst]:
    """Take over a batch of archived 301s, in their order (see the module docstring). One outcome per message."""
    staten, paren = _laad(berichten)
    uitkomsten: list[Uitkomst] = []
    nieuwe_versies: list[tuple[int, Versie]] = []
    verzonden: list[tuple[int, int, datetime, list[int]]] = []
    for b in berichten:
        uitkomst = Uitkomst()
        voorstel: dict[int, _Staat] = {}
        versies: list[Versie] = []
        for v in b.versies:
            fout = _versie_fout(v)
            if fout is None:
                staat, fout, nieuw = _toepassen(
                    voorstel.get(v.toewijzing_nummer) or staten.get(v.toewijzing_nummer), b, v
                )
                if staat is not None:
                    voorstel[v.toewijzing_nummer] = staat
                    if nieuw:
                        versies.append(v)
            if fout is not None:
                uitkomst.fouten.append(fout)
        paar = paren[(b.client_id, b.aanbieder_id)] | set(voorstel)
        if not uitkomst.fouten:
            uitkomst.fouten = _stapeling(paar, {**staten, **voorstel}, {n for n, s in voorstel.items() if s.gewijzigd})
        if not uitkomst.fouten:
            uitkomst.nieuwe_toewijzingen = sum(1 for n in voorstel if n not in staten)
            uitkomst.nieuwe_versies = len(versies)
            staten.update(voorstel)
            paren[(b.client_id, b.aanbieder_id)] = paar
            nieuwe_versies += [(v.toewijzing_nummer, v) for v in versies]
            if b.verzonden and b.versies:
                moment = max(_moment(v) for v in b.versies)
                verzonden.append((b.client_id, b.aanbieder_id, moment, [v.toewijzing_nummer for v in b.versies]))
        uitkomsten.append(uitkomst)
    _opslaan([s for s in staten.values() if s.gewijzigd], nieuwe_versies, verzonden)
    return uitkomsten


def _velden(s: _Staat) -> dict[str, object]:
    v = s.laatste
    return {
        "ingangsdatum": v.ingangsdatum,
        "einddatum": v.einddatum,
        "volume": v.volume,
        "eenheid": v.eenheid,
        "frequentie": v.frequentie,
        "budget_cent": v.budget_cent,
        "reden_wijziging": v.reden_wijziging,
        "gewijzigd_op": _moment(v),
        "referentie_aanbieder": s.referentie[0],
        "referentie_op": s.referentie[1],
    }


def _opslaan(
    staten: list[_Staat], versies: list[tuple[int, Versie]], verzonden: list[tuple[int, int, datetime, list[int]]]
) -> None:
    nieuw = [
        Toewijzing(
            toewijzing_nummer=s.nummer,
            client_id=s.client_id,
            aanbieder_id=s.aanbieder_id,
            product_id=s.laatste.product_id,
            **_velden(s),
        )
        for s in staten
        if s.pk is None
    ]
    Toewijzing.objects.bulk_create(nieuw, batch_size=BATCH)
    bestaand = {s.pk: s for s in staten if s.pk is not None}
    if bestaand:
        rijen = list(Toewijzing.objects.filter(pk__in=bestaand))
        for t in rijen:
            for naam, waarde in _velden(bestaand[t.pk]).items():
                setattr(t, naam, waarde)
        Toewijzing.objects.bulk_update(rijen, list(_velden(staten[0])), batch_size=200)
    pks = dict(
        Toewijzing.objects.filter(toewijzing_nummer__in={n for n, _ in versies}).values_list("toewijzing_nummer", "pk")
    )
    ToewijzingVersie.objects.bulk_create(
        [
            ToewijzingVersie(
                toewijzing_id=pks[nummer],
                toewijzingsdatum=v.toewijzingsdatum,
                toewijzingstijd=v.toewijzingstijd,
                ingangsdatum=v.ingangsdatum,
                einddatum=v.einddatum,
                volume=v.volume,
                eenheid=v.eenheid,
                frequentie=v.frequentie,
                budget_cent=v.budget_cent,
                reden_wijziging=v.reden_wijziging,
            )
            for nummer, v in versies
        ],
        batch_size=BATCH,
    )
    _verzonden_vastleggen(verzonden)


def _verzonden_vastleggen(verzonden: list[tuple[int, int, datetime, list[int]]]) -> None:
    """One Toewijzingsbericht per sent 301, unless that very one is recorded (the same archive taken over twice)."""
    if not verzonden:
        return
    bekend = set(
        (c, a, op, tuple(n))
        for c, a, op, n in Toewijzingsbericht.objects.filter(
            client_id__in={c for c, *_ in verzonden}, aanbieder_id__in={a for _, a, *_ in verzonden}
        ).values_list("client_id", "aanbieder_id", "verzonden_op", "toewijzing_nummers")
    )
    nieuw = []
    for c, a, op, nummers in verzonden:
        sleutel = (c, a, op, tuple(nummers))
        if sleutel not in bekend:
            bekend.add(sleutel)
            nieuw.append(Toewijzingsbericht(client_id=c, aanbieder_id=a, verzonden_op=op, toewijzing_nummers=nummers))
    Toewijzingsbericht.objects.bulk_create(nieuw, batch_size=BATCH)


@dataclass(frozen=True, slots=True)
class StartInvoer:
    """A StartProduct of a 305; `verwijderen`: StatusAanlevering 3."""

    toewijzing_nummer: int
    begindatum: date
    product_categorie: str = ""
    product_code: str = ""
    toewijzing_ingangsdatum: date | None = None
    verwijderen: bool = False


@dataclass(frozen=True, slots=True)
class StopInvoer:
    """A StopProduct of a 307 (key: ToewijzingNummer + Begindatum of the start); `verwijderen`: status 3."""

    toewijzing_nummer: int
    begindatum: date
    reden_beeindiging: str
    einddatum: date
    verwijderen: bool = False


@dataclass(frozen=True)
class OvernameRegie:
    """One archived 305 (starts) or 307 (stops) of a client at a provider, received on `ontvangen_op`."""

    client_id: int
    aanbieder_id: int
    gemeente_code: str
    ontvangen_op: date
    starts: tuple[StartInvoer, ...] = ()
    stops: tuple[StopInvoer, ...] = ()


@dataclass
class _Stop:
    pk: int | None
    reden_beeindiging: str
    einddatum: date
    ontvangen_op: date
    verwijderd_op: date | None
    was_verwijderd: date | None = None


@dataclass
class _Start:
    """A start with its stops during the batch (stored: `pk`, or new)."""

    pk: int | None
    velden: dict[str, object]
    begindatum: date
    verwijderd_op: date | None
    stops: list[_Stop]
    was_verwijderd: date | None = None

    def actuele_stops(self) -> list[_Stop]:
        return [s for s in self.stops if s.verwijderd_op is None]


def _leveringen(regie: Sequence[OvernameRegie]) -> dict[tuple[int, int, int], list[_Start]]:
    client_ids = {r.client_id for r in regie}
    aanbieder_ids = {r.aanbieder_id for r in regie}
    starts = list(Start.objects.filter(client_id__in=client_ids, aanbieder_id__in=aanbieder_ids).order_by("pk"))
    stops: dict[int, list[_Stop]] = defaultdict(list)
    for x in Stop.objects.filter(start__in=starts).order_by("pk"):
        stops[x.start_id].append(
            _Stop(x.pk, x.reden_beeindiging, x.einddatum, x.ontvangen_op, x.verwijderd_op, x.verwijderd_op)
        )
    per_sleutel: dict[tuple[int, int, int], list[_Start]] = defaultdict(list)
    for s in starts:
        if s.toewijzing_nummer is not None:
            per_sleutel[(s.client_id, s.aanbieder_id, s.toewijzing_nummer)].append(
                _Start(s.pk, {}, s.begindatum, s.verwijderd_op, stops[s.pk], s.verwijderd_op)
            )
    return per_sleutel


def _met_sleutel(leveringen: list[_Start], begindatum: date) -> _Start | None:
    return next((lv for lv in leveringen if lv.begindatum == begindatum and lv.verwijderd_op is None), None)


def _start(r: OvernameRegie, s: StartInvoer, leveringen: list[_Start], toewijzing_id: int | None) -> str | None:
    """Apply one StartProduct to `leveringen` (a working copy); a refusal in Dutch."""
    if toewijzing_id is None:
        return f"Start op toewijzing {s.toewijzing_nummer}: die toewijzing is niet bekend."
    if s.verwijderen:
        levering = _met_sleutel(leveringen, s.begindatum)
        if levering is None:
            return f"Toewijzing {s.toewijzing_nummer}: {TR382}"
        if levering.actuele_stops():
            return f"Toewijzing {s.toewijzing_nummer}: {TR071}"
        levering.verwijderd_op = r.ontvangen_op
        return None
    fout = start_fout(
        open_starts_zonder_stop=sum(1 for lv in leveringen if lv.verwijderd_op is None and not lv.actuele_stops())
    )
    if fout is not None:
        return f"Toewijzing {s.toewijzing_nummer}: {fout}"
    velden = {
        "client_id": r.client_id,
        "aanbieder_id": r.aanbieder_id,
        "gemeente_code": r.gemeente_code,
        "toewijzing_id": toewijzing_id,
        "toewijzing_nummer": s.toewijzing_nummer,
        "product_categorie": s.product_categorie,
        "product_code": s.product_code,
        "toewijzing_ingangsdatum": s.toewijzing_ingangsdatum,
        "ontvangen_op": r.ontvangen_op,
    }
    leveringen.append(_Start(None, velden, s.begindatum, None, []))
    return None


def _stop(r: OvernameRegie, p: StopInvoer, leveringen: list[_Start]) -> str | None:
    levering = _met_sleutel(leveringen, p.begindatum)
    if levering is None:
        return f"Stop op toewijzing {p.toewijzing_nummer}: {TR382}"
    actueel = levering.actuele_stops()
    if p.verwijderen:
        stop = next((x for x in actueel if x.reden_beeindiging == p.reden_beeindiging), None)
        if stop is None:
            return f"Toewijzing {p.toewijzing_nummer}: {TR063}"
        stop.verwijderd_op = r.ontvangen_op
        return None
    fout = stop_fout(
        eerdere=[(x.reden_beeindiging, x.einddatum) for x in actueel],
        reden_beeindiging=p.reden_beeindiging,
        einddatum=p.einddatum,
    )
    if fout is not None:
        return f"Toewijzing {p.toewijzing_nummer}: {fout}"
    levering.stops.append(_Stop(None, p.reden_beeindiging, p.einddatum, r.ontvangen_op, None))
    return None


def regie_overnemen(regie: Sequence[OvernameRegie]) -> list[Uitkomst]:
    """Take over a batch of archived 305/307 messages in their order, each whole or not at all."""
    per_sleutel = _leveringen(regie)
    nummers = {x.toewijzing_nummer for r in regie for x in r.starts} | {
        x.toewijzing_nummer for r in regie for x in r.stops
    }
    toewijzingen = {
        (nummer, client_id, aanbieder_id): pk
        for pk, nummer, client_id, aanbieder_id in Toewijzing.objects.filter(toewijzing_nummer__in=nummers).values_list(
            "pk", "toewijzing_nummer", "client_id", "aanbieder_id"
        )
    }
    uitkomsten = []
    for r in regie:
        uitkomst = Uitkomst()
        sleutels = {
            (r.client_id, r.aanbieder_id, n)
            for n in [x.toewijzing_nummer for x in r.starts] + [x.toewijzing_nummer for x in r.stops]
        }
        werk = {k: deepcopy(per_sleutel.get(k, [])) for k in sleutels}
        for s in r.starts:
            sleutel = (r.client_id, r.aanbieder_id, s.toewijzing_nummer)
            toewijzing_id = toewijzingen.get((s.toewijzing_nummer, r.client_id, r.aanbieder_id))
            fout = _start(r, s, werk[sleutel], toewijzing_id)
            if fout is not None:
                uitkomst.fouten.append(fout)
        for p in r.stops:
            fout = _stop(r, p, werk[(r.client_id, r.aanbieder_id, p.toewijzing_nummer)])
            if fout is not None:
                uitkomst.fouten.append(fout)
        if not uitkomst.fouten:
            per_sleutel.update(werk)
        uitkomsten.append(uitkomst)
    _regie_opslaan([lv for leveringen in per_sleutel.values() for lv in leveringen])
    return uitkomsten


def _regie_opslaan(leveringen: list[_Start]) -> None:
    """New starts (with their ids back), new stops, and the deletions (StatusAanlevering 3) of stored rows."""
    nieuw = [lv for lv in leveringen if lv.pk is None]
    nieuw_ids = {id(lv) for lv in nieuw}
    starts = Start.objects.bulk_create(
        [Start(begindatum=lv.begindatum, verwijderd_op=lv.verwijderd_op, **lv.velden) for lv in nieuw],
        batch_size=BATCH,
    )
    for lv, start in zip(nieuw, starts, strict=True):
        lv.pk = start.pk
    Stop.objects.bulk_create(
        [
            Stop(
                start_id=cast(int, lv.pk),
                reden_beeindiging=x.reden_beeindiging,
                einddatum=x.einddatum,
                ontvangen_op=x.ontvangen_op,
                verwijderd_op=x.verwijderd_op,
            )
            for lv in leveringen
            for x in lv.stops
            if x.pk is None
        ],
        batch_size=BATCH,
    )
    for lv in leveringen:
        if lv.pk is not None and lv.verwijderd_op != lv.was_verwijderd and id(lv) not in nieuw_ids:
            Start.objects.filter(pk=lv.pk).update(verwijderd_op=lv.verwijderd_op)
        for x in lv.stops:
            if x.pk is not None and x.verwijderd_op != x.was_verwijderd:
                Stop.objects.filter(pk=x.pk).update(verwijderd_op=x.verwijderd_op)


def verzoek_toekenning_overnemen(verzoek: Verzoek) -> bool:
    """A request the old suite granted: its ReferentieAanbieder came back on a 301 (TR379). A VOT line is granted
    with the assignment that carries its reference, a VOW as a whole. True when anything was granted."""
    toewijzingen = Toewijzing.objects.filter(client=verzoek.client, aanbieder=verzoek.aanbieder).exclude(
        referentie_aanbieder=""
    )
    per_referentie = {t.referentie_aanbieder: t for t in toewijzingen.order_by("referentie_op", "pk")}
    regels = list(verzoek.regels.all())
    if verzoek.soort == VerzoekSoort.VOW:
        t = per_referentie.get(verzoek.referentie_aanbieder)
        if t is None:
            return False
        VerzoekRegel.objects.filter(verzoek=verzoek).update(status=VerzoekStatus.TOEGEKEND)
        verzoek.status = VerzoekStatus.TOEGEKEND
        verzoek.beantwoord_op = timezone.localdate(t.referentie_op) if t.referentie_op else None
        verzoek.save(update_fields=["status", "beantwoord_op"])
        return True
    op: date | None = None
    for regel in regels:
        t = per_referentie.get(regel.referentie_aanbieder)
        if t is not None:
            regel.status, regel.resultaat = VerzoekStatus.TOEGEKEND, t
            regel.save(update_fields=["status", "resultaat"])
            op = timezone.localdate(t.referentie_op) if t.referentie_op else verzoek.ontvangen_op
    if op is not None:
        _bijwerken_vot(verzoek, op)
    return op is not None


def verzoek_antwoord_overnemen(
    *, aanbieder_id: int, referentie_aanbieder: str, antwoord: str, reden_afwijzing: str, op: date
) -> bool:
    """The old suite's 319 on a request: rejected (1, with its reason) or in onderzoek (2). The request is found by
    the provider and its ReferentieAanbieder (of the VOW, or of a VOT line). False when no open request has it."""
    status = VerzoekStatus.AFGEWEZEN if antwoord == VerzoekAntwoord.AFGEWEZEN else VerzoekStatus.IN_ONDERZOEK
    reden = reden_afwijzing if status == VerzoekStatus.AFGEWEZEN else ""
    open_ = (VerzoekStatus.OPEN, VerzoekStatus.IN_ONDERZOEK)
    vow = Verzoek.objects.filter(
        aanbieder_id=aanbieder_id, soort=VerzoekSoort.VOW, referentie_aanbieder=referentie_aanbieder, status__in=open_
    ).first()
    if vow is not None:
        vow.regels.update(status=status, reden_afwijzing=reden)
        vow.status, vow.reden_afwijzing, vow.beantwoord_op = status, reden, op
        vow.save(update_fields=["status", "reden_afwijzing", "beantwoord_op"])
        return True
    regel = (
        VerzoekRegel.objects.filter(
            verzoek__aanbieder_id=aanbieder_id,
            verzoek__soort=VerzoekSoort.VOT,
            referentie_aanbieder=referentie_aanbieder,
            status__in=open_,
        )
        .select_related("verzoek")
        .first()
    )
    if regel is None:
        return False
    regel.status, regel.reden_afwijzing = status, reden
    regel.save(update_fields=["status", "reden_afwijzing"])
    _bijwerken_vot(regel.verzoek, op)
    return True
