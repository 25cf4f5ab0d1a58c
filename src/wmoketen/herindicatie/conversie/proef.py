"""The dry run: per municipality, provider and segment how many assignments are converted (ended + created),
shortened or left, and the money effect per month. Reads only."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from wmoketen.catalogus.constants import Eenheid
from wmoketen.catalogus.models import Product
from wmoketen.catalogus.selectors import product_op_datum
from wmoketen.toewijzingen.domain import Vorm
from wmoketen.toewijzingen.models import Toewijzing
from wmoketen.toewijzingen.services import vorm_van

from ..domain import Actie
from .definitie import Conversiedefinitie
from .geldeffect import maandbedragen, optellen
from .selectie import Kandidaat, doelproducten, kandidaten, regio_van


@dataclass(frozen=True)
class NieuweOmvang:
    volume: int | None
    eenheid: str
    frequentie: str
    budget_cent: int | None


def nieuwe_omvang(product: Product, ingangsdatum: date, oud: Toewijzing) -> NieuweOmvang:
    """What toewijzing_aanmaken will give the new assignment: the traject price (eenheid 83), the maximum budget,
    or the old volume for p x q."""
    vorm = vorm_van(product, ingangsdatum)
    if vorm.vorm == Vorm.OMVANG:
        if vorm.eenheid == Eenheid.EUROS:
            tarief = product_op_datum(product=product, dag=ingangsdatum).tarief
            return NieuweOmvang(tarief.bedrag_cent if tarief else None, vorm.eenheid, vorm.frequentie, None)
        return NieuweOmvang(oud.volume, vorm.eenheid, vorm.frequentie, None)
    if vorm.vorm == Vorm.BUDGET:
        bekostiging = product_op_datum(product=product, dag=ingangsdatum).bekostiging
        return NieuweOmvang(None, "", "", bekostiging.maximum_budget_cent if bekostiging else None)
    return NieuweOmvang(None, "", "", None)


# the counter field per action (Groep, Conversierun)
TELLER = {
    Actie.OMZETTEN: "omgezet",
    Actie.INKORTEN: "ingekort",
    Actie.ONGEMOEID: "ongemoeid",
    Actie.HANDMATIG: "handmatig",
}


@dataclass
class Groep:
    gemeente: str
    aanbieder: str
    segment: str
    omgezet: int = 0
    ingekort: int = 0
    ongemoeid: int = 0
    handmatig: int = 0
    geld_voor_cent: int = 0
    geld_na_cent: int = 0

    @property
    def beeindigd(self) -> int:
        return self.omgezet + self.ingekort

    @property
    def aangemaakt(self) -> int:
        return self.omgezet


@dataclass
class Proefresultaat:
    code: str
    naam: str
    peildatum: date
    horizon: date
    totaal: int = 0
    tellingen: dict[str, int] = field(default_factory=lambda: {a.value: 0 for a in Actie})
    groepen: list[Groep] = field(default_factory=list)
    per_maand: list[tuple[str, int, int]] = field(default_factory=list)  # (month, before, after)
    client_ids: list[int] = field(default_factory=list)

    @property
    def verschil_cent(self) -> int:
        return sum(na - voor for _, voor, na in self.per_maand)

    def als_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "naam": self.naam,
            "peildatum": self.peildatum.isoformat(),
            "horizon": self.horizon.isoformat(),
            "totaal": self.totaal,
            "tellingen": self.tellingen,
            "groepen": [asdict(g) for g in self.groepen],
            "per_maand": [list(r) for r in self.per_maand],
        }


def _geld(k: Kandidaat, doel: Product | None, definitie: Conversiedefinitie) -> tuple[dict[str, int], dict[str, int]]:
    t = k.toewijzing
    van, tot = definitie.peildatum, definitie.horizon()

    def oud(einddatum: date | None) -> dict[str, int]:
        return maandbedragen(
            product=t.product,
            ingangsdatum=t.ingangsdatum,
            einddatum=einddatum,
            volume=t.volume,
            eenheid=t.eenheid,
            frequentie=t.frequentie,
            budget_cent=t.budget_cent,
            van=van,
            tot=tot,
        )

    voor = oud(t.einddatum)
    if k.actie.actie in {Actie.ONGEMOEID, Actie.HANDMATIG}:
        return voor, voor
    na: defaultdict[str, int] = defaultdict(int)
    optellen(na, oud(k.actie.oude_einddatum))
    if k.actie.actie == Actie.OMZETTEN and doel is not None and k.actie.nieuwe_ingangsdatum is not None:
        omvang = nieuwe_omvang(doel, k.actie.nieuwe_ingangsdatum, t)
        optellen(
            na,
            maandbedragen(
                product=doel,
                ingangsdatum=k.actie.nieuwe_ingangsdatum,
                einddatum=k.actie.nieuwe_einddatum,
                volume=omvang.volume,
                eenheid=omvang.eenheid,
                frequentie=omvang.frequentie,
                budget_cent=omvang.budget_cent,
                van=van,
                tot=tot,
            ),
        )
    return voor, dict(na)


def proefdraai(definitie: Conversiedefinitie) -> Proefresultaat:
    """Everything the real run would do, counted, and the money effect per month; nothing is written."""
    regio = regio_van(definitie)
    doelen = doelproducten(definitie, regio)
    resultaat = Proefresultaat(definitie.code, definitie.naam, definitie.peildatum, definitie.horizon())
    groepen: dict[tuple[str, str, str], Groep] = {}
    voor_maand: defaultdict[str, int] = defaultdict(int)
    na_maand: defaultdict[str, int] = defaultdict(int)
    clienten: set[int] = set()
    for k in kandidaten(definitie, regio):
        resultaat.totaal += 1
        resultaat.tellingen[k.actie.actie.value] += 1
        sleutel = (k.gemeente_code, k.agb_code, k.segment_code)
        groep = groepen.setdefault(sleutel, Groep(*sleutel))
        veld = TELLER[k.actie.actie]
        setattr(groep, veld, getattr(groep, veld) + 1)
        voor, na = _geld(k, doelen.get(k.regel), definitie)
        optellen(voor_maand, voor)
        optellen(na_maand, na)
        groep.geld_voor_cent += sum(voor.values())
        groep.geld_na_cent += sum(na.values())
        if k.actie.actie in {Actie.OMZETTEN, Actie.INKORTEN}:
            clienten.add(k.toewijzing.client_id)
    resultaat.groepen = [groepen[s] for s in sorted(groepen)]
    maanden = sorted(set(voor_maand) | set(na_maand))
    resultaat.per_maand = [(m, voor_maand[m], na_maand[m]) for m in maanden]
    resultaat.client_ids = sorted(clienten)
    return resultaat
