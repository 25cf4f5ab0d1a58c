"""The KPI definitions as data: name, Dutch definition, unit and source models. Rendered into docs/monitoring.md
(`python -m wmoketen.monitoring.definities` prints the section) and shown as explanations on the pages."""

from __future__ import annotations

from dataclasses import dataclass

from .domain import DREMPEL


@dataclass(frozen=True)
class Definitie:
    code: str
    naam: str
    definitie: str
    eenheid: str
    bronnen: tuple[str, ...]


DEFINITIES: tuple[Definitie, ...] = (
    Definitie(
        "clienten",
        "Cliënten in zorg, instroom en uitstroom",
        "In zorg: het aantal verschillende cliënten met een toewijzing die op minstens één dag van de periode loopt. "
        "Instroom: cliënten met een toewijzing die in de periode ingaat en die in dezelfde groep (aanbieder, "
        "segment, gemeente) geen toewijzing hadden die vóór de periode inging. Uitstroom: cliënten met een "
        "toewijzing die in de periode eindigt en die in dezelfde groep geen toewijzing hebben die na de periode "
        "doorloopt. Verwijderde toewijzingen (reden wijziging 13) tellen nergens mee.",
        "cliënten",
        ("toewijzingen.Toewijzing",),
    ),
    Definitie(
        "kosten",
        "Kosten per cliënt",
        "Per cliënt de som van de toegekende bedragen (credits negatief) van goedgekeurde prestaties waarvan de "
        "productperiode in de periode begint; daarover per groep (aanbieder, product, profiel, segment, gemeente) het "
        "gemiddelde, de mediaan, het 10e, 25e, 75e en 90e percentiel (lineair geïnterpoleerd, als PostgreSQL "
        "percentile_cont), de spreiding (interkwartielafstand) en de standaardafwijking (populatie).",
        "euro per cliënt",
        ("declaraties.Prestatie", "toewijzingen.Toewijzing", "catalogus.Product", "catalogus.Profiel"),
    ),
    Definitie(
        "plafond",
        "Gedeclareerd ten opzichte van het budgetplafond",
        "Per budgetplafond (aanbieder, segment, jaar): goedgekeurd (toegekend) en in behandeling (ingediend, "
        "declaratie nog niet beantwoord) over prestaties van dat jaar in het segment, als aandeel van het plafond, "
        "met de prognose voor het jaareinde en de signalen 80/90/100% van de declaratiemodule (docs/afrekenen.md).",
        "euro en procent",
        ("contracten.Budgetplafond", "declaraties.Prestatie"),
    ),
    Definitie(
        "wachttijd",
        "Wachttijd van toewijzing tot start",
        "Kalenderdagen van de toewijzing (de laatste van de dag waarop de toewijzing is gemaakt en haar "
        "ingangsdatum) tot de begindatum van de eerste niet-verwijderde start (305), voor toewijzingen waarvan de "
        "eerste start in de periode ligt; nooit negatief. Daarnaast het aantal cliënten met een toewijzing die in "
        "de periode ingaat en nog geen start heeft.",
        "dagen",
        ("toewijzingen.Toewijzing", "toewijzingen.Start"),
    ),
    Definitie(
        "doorlooptijd",
        "Doorlooptijd van melding tot beschikking",
        "Kalenderdagen van de melddatum tot de besluitdatum, voor beschikkingen met een besluitdatum in de "
        "periode; en het aandeel dat binnen de wettelijke termijn is genomen: uiterlijk twee weken na de aanvraag "
        "en nooit later dan acht weken na de melding (Wmo 2015 art. 2.3.2 en 2.3.5, toegang.domain), zonder "
        "geregistreerde aanvraag acht weken na de melding. Beschikkingen die bij de migratie uit het vorige "
        "systeem zijn overgenomen tellen niet mee (hun melddatum is daar gebleven).",
        "dagen en procent",
        ("toegang.Melding", "toegang.Beschikking"),
    ),
    Definitie(
        "bezwaren",
        "Bezwaren tegen besluiten",
        "Bezwaren met een ontvangstdatum in de periode, per gemeente van de cliënt: het aantal, de uitkomst tot nu "
        "toe (gegrond, ongegrond, niet-ontvankelijk, ingetrokken, nog open), het aandeel dat binnen de bezwaartermijn "
        "is ingediend (Awb art. 6:7-6:9) en van de beslisten het aandeel dat uiterlijk op de beslisdatum is beslist "
        "(Awb art. 7:10, met verdaging en uitstel).",
        "bezwaren en procent",
        ("toegang.Bezwaar",),
    ),
    Definitie(
        "verstrekkingsvorm",
        "Beschikkingen in natura en als pgb",
        "Beschikkingen met een besluitdatum in de periode naar verstrekkingsvorm: zorg in natura (met toewijzingen "
        "aan een aanbieder) of een persoonsgebonden budget (pgb: geen toewijzing en geen 301, de cliënt koopt de "
        "ondersteuning zelf in), met de som van de toegekende pgb-bedragen per jaar. Een pgb telt niet mee in de "
        "cijfers die op toewijzingen rusten (cliënten in zorg, wachttijd, duur).",
        "beschikkingen en euro",
        ("toegang.Beschikking",),
    ),
    Definitie(
        "evaluaties",
        "Evaluaties op tijd",
        "Van de evaluaties die in de periode gepland staan en op de peildatum al moesten zijn gedaan: het aantal "
        "vastgestelde, en het aandeel dat uiterlijk vier weken (28 dagen) na de geplande datum is vastgesteld.",
        "procent",
        ("herindicatie.Evaluatie",),
    ),
    Definitie(
        "resultaten",
        "Behaalde resultaten per leefgebied",
        "Van de beoogde resultaten in evaluaties die in de periode zijn vastgesteld: per leefgebied het aandeel "
        "behaald, deels behaald en niet behaald (het oordeel dat de consulent met de cliënt vaststelde).",
        "procent",
        ("herindicatie.EvaluatieResultaat", "catalogus.Leefgebied"),
    ),
    Definitie(
        "afloop",
        "Afloop van trajecten",
        "Van de toewijzingen die in de periode eindigen: het aandeel dat volgens plan is beëindigd (stop met reden "
        "19), het aandeel dat is afgeschaald (een vervolgtoewijzing met een lager volume van hetzelfde product of "
        "een lager budget) en de herindicatiegraad (het aandeel met een vervolgtoewijzing). Een vervolgtoewijzing "
        "is een toewijzing voor dezelfde cliënt in hetzelfde segment, bij welke aanbieder ook, die na de "
        "ingangsdatum en uiterlijk 31 dagen na de einddatum ingaat.",
        "procent",
        ("toewijzingen.Toewijzing", "toewijzingen.Stop"),
    ),
    Definitie(
        "duur",
        "Duur van trajecten",
        "Kalenderdagen van ingangsdatum tot en met einddatum van de toewijzingen die in de periode eindigen "
        "(gemiddelde, mediaan en percentielen). Een traject is hier één toewijzing.",
        "dagen",
        ("toewijzingen.Toewijzing",),
    ),
    Definitie(
        "wissels",
        "Wisselingen van aanbieder",
        "Naar een andere aanbieder: cliënten met een toewijzing die in de periode eindigt met reden wijziging 09 "
        "(overstap naar andere aanbieder) of een stop met reden 38. Van een andere aanbieder: cliënten met een "
        "toewijzing die in de periode ingaat en die is uitgegeven voor een toewijzing bij een andere aanbieder.",
        "cliënten",
        ("toewijzingen.Toewijzing", "toewijzingen.Stop"),
    ),
    Definitie(
        "afgewezen",
        "Afgewezen declaratieregels",
        "Van de prestaties waarvan de productperiode in de periode begint: het aantal en aandeel afgewezen regels "
        "en de drie meest voorkomende retourcodes op de afgewezen regels.",
        "regels en procent",
        ("declaraties.Prestatie",),
    ),
)

ONDERDRUKKING = (
    f'Een cel die over 1 tot en met {DREMPEL - 1} cliënten gaat, toont "< {DREMPEL}": het aantal cliënten '
    f"zelf, en elk cijfer dat uit die cliënten is afgeleid (gemiddelden, percentielen, aandelen) in dezelfde rij. "
    "Dat geldt op de pagina's, in de grafieken en in de CSV-, Excel- en PDF-exports. Nul wordt wel getoond."
)


def definitie(code: str) -> Definitie:
    return next(d for d in DEFINITIES if d.code == code)


def als_markdown() -> str:
    regels = ["| KPI | Definitie | Eenheid | Bron |", "|---|---|---|---|"]
    for d in DEFINITIES:
        regels.append(f"| {d.naam} | {d.definitie} | {d.eenheid} | {', '.join(f'`{b}`' for b in d.bronnen)} |")
    return "\n".join(regels)


if __name__ == "__main__":  # pragma: no cover
    print(als_markdown())
