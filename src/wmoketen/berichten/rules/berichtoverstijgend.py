"""Level-3 rules: checks against earlier messages, through the `ValidationContext`."""

from __future__ import annotations

from collections.abc import Iterator

from ..codec import BerichtSoort as S
from ..codec.model.wmo301 import Wmo301
from ..codec.model.wmo305 import StartProduct, Wmo305
from ..codec.model.wmo307 import StopProduct, Wmo307
from .base import BerichtView, Hit, Niveau, rule
from .context import BekendeStart, BekendeStop, ValidationContext

HEEN = (S.WMO301, S.WMO305, S.WMO307, S.WMO315, S.WMO317, S.WMO319, S.WMO323)
BRON = "regels/technische-regels/berichtoverstijgend/"
EERSTE_AANLEVERING = "1"
VERWIJDEREN = "3"
TIJDELIJK_BEEINDIGD = "20"


def _same_product(line: StartProduct | StopProduct, start: BekendeStart) -> bool:
    categorie = line.product.categorie if line.product else None
    code = line.product.code if line.product else None
    return (start.toewijzing_nummer, start.begindatum, start.product_categorie, start.product_code) == (
        line.toewijzing_nummer,
        line.begindatum,
        categorie,
        code,
    )


def _same_delivery(line: StartProduct | StopProduct, known: BekendeStart | BekendeStop) -> bool:
    return (known.toewijzing_nummer, known.begindatum) == (line.toewijzing_nummer, line.begindatum)


def _regie(view: BerichtView, context: ValidationContext) -> tuple[list[BekendeStart], list[BekendeStop]]:
    bericht = view.bericht
    assert isinstance(bericht, Wmo305 | Wmo307)
    key = {"gemeente": bericht.header.ontvanger, "aanbieder": bericht.header.afzender, "bsn": bericht.client.bsn}
    return list(context.starts(**key)), list(context.stops(**key))


@rule(
    "TR056",
    retourcode="9056",
    niveau=Niveau.BERICHTOVERSTIJGEND,
    soorten=HEEN,
    uitleg="BerichtIdentificatie/Identificatie is al eerder door deze afzender voor deze berichtsoort gebruikt.",
    bron=BRON + "TR056.md",
)
def check_tr056(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    assert context is not None
    header = view.bericht.header
    identificatie = header.bericht_identificatie.identificatie
    if context.bericht_identificatie_gebruikt(soort=view.soort, afzender=header.afzender, identificatie=identificatie):
        yield view.element_of(header.bericht_identificatie)


@rule(
    "TR332",
    retourcode="9332",
    niveau=Niveau.BERICHTOVERSTIJGEND,
    soorten=(S.WMO301,),
    uitleg="ToewijzingNummer is binnen deze gemeente al gebruikt voor een ander toegewezen product.",
    bron=BRON + "TR332.md",
)
def check_tr332(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    assert context is not None
    bericht = view.bericht
    assert isinstance(bericht, Wmo301)
    for product in bericht.client.toegewezen_producten:
        known = context.toewijzing(gemeente=bericht.header.afzender, toewijzing_nummer=product.toewijzing_nummer)
        if known and (known.bsn, known.aanbieder) != (bericht.client.bsn, bericht.header.ontvanger):
            yield view.element_of(product)


@rule(
    "TR019",
    retourcode="9019",
    niveau=Niveau.BERICHTOVERSTIJGEND,
    soorten=(S.WMO305, S.WMO307),
    uitleg="Het start- of stopbericht is niet te koppelen aan een toewijzing (ToewijzingNummer) van deze "
    "aanbieder voor deze cliënt.",
    bron=BRON + "TR019.md",
)
def check_tr019(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    assert context is not None
    bericht = view.bericht
    assert isinstance(bericht, Wmo305 | Wmo307)
    lines: tuple[StartProduct | StopProduct, ...] = (
        bericht.client.start_producten if isinstance(bericht, Wmo305) else bericht.client.stop_producten
    )
    for line in lines:
        if line.toewijzing_nummer is None:
            continue  # taakgericht: no toewijzing to link to (IV096)
        known = context.toewijzing(gemeente=bericht.header.ontvanger, toewijzing_nummer=line.toewijzing_nummer)
        if known is None or (known.bsn, known.aanbieder) != (bericht.client.bsn, bericht.header.afzender):
            yield view.element_of(line)


@rule(
    "TR326",
    retourcode="9326",
    niveau=Niveau.BERICHTOVERSTIJGEND,
    soorten=(S.WMO305,),
    uitleg="Er is nog een actuele start voor dit toegewezen product; eerst moet een stop volgen.",
    bron=BRON + "TR326.md",
)
def check_tr326(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    assert context is not None
    starts, stops = _regie(view, context)
    bericht = view.bericht
    assert isinstance(bericht, Wmo305)
    for line in bericht.client.start_producten:
        if line.status_aanlevering != EERSTE_AANLEVERING:
            continue
        for start in starts:
            stopped = any(
                (s.toewijzing_nummer, s.begindatum) == (start.toewijzing_nummer, start.begindatum) for s in stops
            )
            if start.toewijzing_nummer == line.toewijzing_nummer and not stopped:
                yield view.element_of(line)
                break


@rule(
    "TR074",
    retourcode="9074",
    niveau=Niveau.BERICHTOVERSTIJGEND,
    soorten=(S.WMO305, S.WMO307),
    uitleg="Een eerste aanlevering (StatusAanlevering 1) met deze sleutel is al eerder ontvangen.",
    bron=BRON + "TR074.md",
)
def check_tr074(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    assert context is not None
    starts, stops = _regie(view, context)
    bericht = view.bericht
    if isinstance(bericht, Wmo305):
        for line in bericht.client.start_producten:
            if line.status_aanlevering == EERSTE_AANLEVERING and any(_same_product(line, s) for s in starts):
                yield view.element_of(line)
    elif isinstance(bericht, Wmo307):
        for stop_line in bericht.client.stop_producten:
            if stop_line.status_aanlevering == EERSTE_AANLEVERING and any(
                _same_delivery(stop_line, s) and s.reden_beeindiging == stop_line.reden_beeindiging for s in stops
            ):
                yield view.element_of(stop_line)


@rule(
    "TR063",
    retourcode="9063",
    niveau=Niveau.BERICHTOVERSTIJGEND,
    soorten=(S.WMO305, S.WMO307),
    uitleg="Verwijderen (StatusAanlevering 3) kan niet: er is geen eerdere aanlevering met deze sleutel.",
    bron=BRON + "TR063.md",
)
def check_tr063(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    assert context is not None
    starts, stops = _regie(view, context)
    bericht = view.bericht
    if isinstance(bericht, Wmo305):
        for line in bericht.client.start_producten:
            if line.status_aanlevering == VERWIJDEREN and not any(_same_product(line, s) for s in starts):
                yield view.element_of(line)
    elif isinstance(bericht, Wmo307):
        for stop_line in bericht.client.stop_producten:
            if stop_line.status_aanlevering == VERWIJDEREN and not any(
                _same_delivery(stop_line, s) and s.reden_beeindiging == stop_line.reden_beeindiging for s in stops
            ):
                yield view.element_of(stop_line)


@rule(
    "TR071",
    retourcode="9071",
    niveau=Niveau.BERICHTOVERSTIJGEND,
    soorten=(S.WMO305,),
    uitleg="Deze start kan niet verwijderd worden: de levering is al gestopt.",
    bron=BRON + "TR071.md",
)
def check_tr071(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    assert context is not None
    _, stops = _regie(view, context)
    bericht = view.bericht
    assert isinstance(bericht, Wmo305)
    for line in bericht.client.start_producten:
        if line.status_aanlevering == VERWIJDEREN and any(_same_delivery(line, stop) for stop in stops):
            yield view.element_of(line)


@rule(
    "TR382",
    retourcode="9069",
    niveau=Niveau.BERICHTOVERSTIJGEND,
    soorten=(S.WMO307,),
    uitleg="Er is geen startbericht met dezelfde sleutel (ToewijzingNummer, Product, Begindatum); de "
    "sleutel uit de start moet ongewijzigd in de stop staan.",
    bron=BRON + "TR382.md",
)
def check_tr382(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    assert context is not None
    starts, _ = _regie(view, context)
    bericht = view.bericht
    assert isinstance(bericht, Wmo307)
    for line in bericht.client.stop_producten:
        if line.status_aanlevering == EERSTE_AANLEVERING and not any(_same_product(line, s) for s in starts):
            yield view.element_of(line)


def _earlier_stops(view: BerichtView, context: ValidationContext) -> Iterator[tuple[StopProduct, list[BekendeStop]]]:
    _, stops = _regie(view, context)
    bericht = view.bericht
    assert isinstance(bericht, Wmo307)
    for line in bericht.client.stop_producten:
        if line.status_aanlevering in {"1", "2"}:
            yield line, [stop for stop in stops if _same_delivery(line, stop)]


@rule(
    "TR413",
    retourcode="9413",
    niveau=Niveau.BERICHTOVERSTIJGEND,
    soorten=(S.WMO307,),
    uitleg="Er is al een tijdelijke stop (RedenBeeindiging 20); nu mag alleen een definitieve stop volgen.",
    bron=BRON + "TR413.md",
)
def check_tr413(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    assert context is not None
    for line, earlier in _earlier_stops(view, context):
        tijdelijk = any(stop.reden_beeindiging == TIJDELIJK_BEEINDIGD for stop in earlier)
        if tijdelijk and line.reden_beeindiging == TIJDELIJK_BEEINDIGD:
            yield view.element_of(line)


@rule(
    "TR414",
    retourcode="9414",
    niveau=Niveau.BERICHTOVERSTIJGEND,
    soorten=(S.WMO307,),
    uitleg="Einddatum moet gelijk aan of later zijn dan de Einddatum van de eerdere stop van deze levering.",
    bron=BRON + "TR414.md",
)
def check_tr414(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    assert context is not None
    for line, earlier in _earlier_stops(view, context):
        if any(line.einddatum < stop.einddatum for stop in earlier):
            yield view.element_of(line)


@rule(
    "TR415",
    retourcode="9415",
    niveau=Niveau.BERICHTOVERSTIJGEND,
    soorten=(S.WMO307,),
    uitleg="Deze levering is al definitief gestopt; een nieuwe stop is niet toegestaan.",
    bron=BRON + "TR415.md",
)
def check_tr415(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    assert context is not None
    for line, earlier in _earlier_stops(view, context):
        if any(stop.reden_beeindiging != TIJDELIJK_BEEINDIGD for stop in earlier):
            yield view.element_of(line)
