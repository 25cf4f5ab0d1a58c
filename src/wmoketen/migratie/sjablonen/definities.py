"""The published templates: what the archive of iWmo messages does not hold, one spreadsheet per kind.

Each template is a list of columns with a type, whether it is required, and a Dutch description; the published
files (CSV and XLSX, `wmoketen migratie sjablonen MAP`) carry the descriptions, docs/migratie.md lists them, and
reading checks every cell against its type (`lezen.py`). The export of wmoketen writes the same templates filled,
so an export reads back in through the same door.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..constants import Fase


class Type(StrEnum):
    TEKST = "tekst"
    GETAL = "geheel getal"
    DATUM = "datum (JJJJ-MM-DD of DD-MM-JJJJ)"
    BEDRAG = "bedrag in euro's (1234,56)"
    BSN = "BSN (9 cijfers, elfproef)"
    CBS = "CBS-gemeentecode (4 cijfers)"
    AGB = "AGB-code (8 cijfers)"
    LIJST = "lijst van gehele getallen, gescheiden door spaties of komma's"
    MAAND = "maand (JJJJ-MM)"


@dataclass(frozen=True)
class Kolom:
    naam: str
    type: Type
    verplicht: bool
    omschrijving: str
    keuzes: tuple[str, ...] = ()  # allowed values (codes), when the column is a code list


@dataclass(frozen=True)
class Sjabloon:
    naam: str  # the file name without extension
    titel: str
    omschrijving: str
    kolommen: tuple[Kolom, ...]
    fase: int = Fase.SJABLONEN
    sleutel: str = ""  # the column whose value other phases look the row up by

    @property
    def verplicht(self) -> list[str]:
        return [k.naam for k in self.kolommen if k.verplicht]

    def kolom(self, naam: str) -> Kolom | None:
        return next((k for k in self.kolommen if k.naam == naam), None)


BSN = Kolom("bsn", Type.BSN, True, "Burgerservicenummer van de cliënt.")
GEMEENTE = Kolom("gemeente", Type.CBS, True, "De gemeente van de cliënt (CBS-code), een gemeente van de regio.")

CLIENTEN = Sjabloon(
    "clienten",
    "Cliënten",
    "De persoonsgegevens van elke cliënt, volledig. Een 301 draagt geen voornamen en kort straatnamen in; dit "
    "sjabloon gaat voor op de gegevens uit de berichten.",
    (
        BSN,
        GEMEENTE,
        Kolom("geboortedatum", Type.DATUM, True, "Geboortedatum."),
        Kolom("geslacht", Type.TEKST, False, "0 onbekend, 1 man, 2 vrouw (COD046).", ("0", "1", "2")),
        Kolom("voorletters", Type.TEKST, False, "Voorletters, bijvoorbeeld J.P."),
        Kolom("voornamen", Type.TEKST, False, "Voornamen."),
        Kolom("voorvoegsel", Type.TEKST, False, "Voorvoegsel van de achternaam, bijvoorbeeld van der."),
        Kolom("achternaam", Type.TEKST, True, "Achternaam (geslachtsnaam)."),
        Kolom("straat", Type.TEKST, False, "Straatnaam van het woonadres."),
        Kolom("huisnummer", Type.GETAL, False, "Huisnummer."),
        Kolom("huisnummer_toevoeging", Type.TEKST, False, "Huisletter of toevoeging."),
        Kolom("postcode", Type.TEKST, False, "Postcode, zes tekens zonder spatie (1234AB)."),
        Kolom("plaats", Type.TEKST, False, "Woonplaats."),
        Kolom("telefoon", Type.TEKST, False, "Telefoonnummer."),
    ),
    fase=Fase.CLIENTEN,
)

TOEWIJZINGSPRODUCTEN = Sjabloon(
    "toewijzingsproducten",
    "Producten van toewijzingen zonder productcode",
    "Een 301 met alleen een productcategorie (budget of zonder eenheid) noemt het product niet. Heeft de "
    "catalogus in die categorie meer producten zonder productcode, dan geeft dit sjabloon per ToewijzingNummer "
    "het product.",
    (
        Kolom("toewijzingnummer", Type.GETAL, True, "ToewijzingNummer zoals in de 301."),
        Kolom("productcode", Type.TEKST, True, "De iWmo-productcode van het product in de catalogus van de regio."),
    ),
    sleutel="toewijzingnummer",
)

TOTALEN = Sjabloon(
    "totalen",
    "Totalen van het vorige systeem",
    "Per aanbieder per maand van de declaratieperiode wat het vorige systeem als gedeclareerd, goedgekeurd en "
    "betaald rapporteert. Het rapport van de import zet de overgenomen bedragen ernaast en noemt elk verschil. "
    "Het bestand heet totalen.csv of totalen.xlsx en staat naast de mappen berichten en sjablonen.",
    (
        Kolom("aanbieder", Type.AGB, True, "AGB-code van de aanbieder."),
        Kolom("maand", Type.MAAND, True, "Maand van de declaratieperiode."),
        Kolom("gedeclareerd", Type.BEDRAG, False, "Ingediend: debet min credit."),
        Kolom("goedgekeurd", Type.BEDRAG, False, "Goedgekeurd (toegekend): debet min credit."),
        Kolom("betaald", Type.BEDRAG, False, "Betaald."),
    ),
)

BSN_BEKEND = Kolom(
    "bsn", Type.BSN, True, "Burgerservicenummer; de cliënt komt uit de berichten of het sjabloon clienten."
)
GEMEENTE_VAN_BSN = Kolom(
    "gemeente",
    Type.CBS,
    False,
    "De gemeente van de cliënt (CBS-code). Nodig als het BSN cliënt is van meer dan één gemeente van de regio "
    "(een dossier per gemeente); anders mag de kolom leeg blijven.",
)
TOEWIJZINGNUMMER = Kolom("toewijzingnummer", Type.GETAL, True, "ToewijzingNummer zoals in de 301.")

BESCHIKKINGEN = Sjabloon(
    "beschikkingen",
    "Beschikkingen met hun looptijd",
    "Per beschikking van het vorige systeem het nummer, de datums en de looptijd, en de toewijzingen die eronder "
    "vallen. Elke genoemde toewijzing moet van dezelfde cliënt zijn en binnen de looptijd liggen. Elke regel wordt "
    "een volledige beschikking in wmoketen, met de producten van haar toewijzingen (het plan noemt de aanbieder van "
    "de eerste), zodat evaluatie, herindicatie, het signaal voor een aflopende indicatie en een conversie haar "
    "behandelen als elke andere. De inhoud van het dossier (onderzoek, afwegingen van het plan) blijft in het "
    "vorige systeem; de beschikking draagt het oude nummer, het bestand en de regel, en de import.",
    (
        BSN_BEKEND,
        Kolom("beschikkingnummer", Type.GETAL, True, "BeschikkingNummer in het vorige systeem (uniek in de regio)."),
        Kolom("besluitdatum", Type.DATUM, True, "Datum van het besluit."),
        Kolom("ingangsdatum", Type.DATUM, True, "Eerste dag van de looptijd."),
        Kolom("einddatum", Type.DATUM, True, "Laatste dag van de looptijd (de termijn van de beschikking)."),
        Kolom(
            "toewijzingnummers",
            Type.LIJST,
            True,
            "De ToewijzingNummers die onder deze beschikking vallen; hun producten zijn de producten van de "
            "beschikking.",
        ),
        Kolom("omschrijving", Type.TEKST, False, "Korte omschrijving, bijvoorbeeld de voorziening."),
        Kolom(
            "melddatum", Type.DATUM, False, "Datum van de melding die tot de beschikking leidde (leeg: besluitdatum)."
        ),
        GEMEENTE_VAN_BSN,
    ),
    sleutel="beschikkingnummer",
)

MELDINGEN = Sjabloon(
    "meldingen",
    "Lopende meldingen",
    "Meldingen waarop nog niet is beslist, met hun fase en datums. Uit de datums berekent wmoketen de fase en de "
    "eerstvolgende wettelijke termijn, zoals bij elke melding; een fase die niet uit de datums volgt, wordt "
    "geweigerd. Geeft u de termijn van het vorige systeem mee (kolom uiterlijk), dan noemt het rapport elk verschil. "
    "Ligt het plan al bij de aanbieder, neem de melding dan over in fase onderzoek en stel het plan opnieuw op.",
    (
        BSN_BEKEND,
        Kolom("melddatum", Type.DATUM, True, "Datum van de melding (start van de wettelijke termijnen)."),
        Kolom("fase", Type.TEKST, True, "Fase van de melding.", ("melding", "onderzoek", "aanvraag")),
        Kolom("huisbezoek_afspraak_op", Type.DATUM, False, "Datum waarop de afspraak voor het huisbezoek is gemaakt."),
        Kolom("huisbezoek_datum", Type.DATUM, False, "Datum van het (geplande) huisbezoek."),
        Kolom("aanvraag_op", Type.DATUM, False, "Datum waarop de aanvraag (ondertekend verslag) is ontvangen."),
        Kolom(
            "uiterlijk",
            Type.DATUM,
            False,
            "Eerstvolgende wettelijke termijn volgens het vorige systeem (ter controle; wmoketen rekent zelf).",
        ),
        Kolom("omschrijving", Type.TEKST, False, "De hulpvraag."),
        GEMEENTE_VAN_BSN,
    ),
)

EVALUATIES = Sjabloon(
    "evaluaties",
    "Geplande evaluaties",
    "Evaluaties die het vorige systeem plande. Een toewijzing met een overgenomen evaluatie houdt de planning van "
    "het vorige systeem (wmoketen plant er niet zelf bij).",
    (
        TOEWIJZINGNUMMER,
        Kolom("soort", Type.TEKST, True, "Soort evaluatie.", ("tussen", "eind")),
        Kolom("gepland_op", Type.DATUM, True, "Geplande datum, binnen de looptijd van de toewijzing."),
    ),
    sleutel="toewijzingnummer",
)

BUDGETPLAFONDS = Sjabloon(
    "budgetplafonds",
    "Verbruik van budgetplafonds",
    "Wat het vorige systeem dit jaar al heeft goedgekeurd onder een budgetplafond, buiten de declaraties in het "
    "archief (anders telt het dubbel). Het plafond zelf staat in het regiobestand.",
    (
        Kolom("aanbieder", Type.AGB, True, "AGB-code van de aanbieder."),
        Kolom("segment", Type.TEKST, True, "Code van het segment zoals in het regiobestand."),
        Kolom("jaar", Type.GETAL, True, "Jaar van het plafond."),
        Kolom("verbruikt", Type.BEDRAG, True, "Al verbruikt (goedgekeurd) volgens het vorige systeem."),
        Kolom("plafond", Type.BEDRAG, False, "Het plafond ter controle; moet gelijk zijn aan het regiobestand."),
    ),
)

BETALINGEN = Sjabloon(
    "betalingen",
    "Gedane betalingen",
    "Per declaratie wat het vorige systeem heeft betaald. Het bedrag moet gelijk zijn aan het goedgekeurde bedrag "
    "van de declaratie (credits verrekend); die prestaties komen dan in geen betaalbatch meer.",
    (
        Kolom("aanbieder", Type.AGB, True, "AGB-code van de aanbieder."),
        Kolom("declaratienummer", Type.TEKST, True, "DeclaratieNummer zoals in de 323."),
        Kolom("bedrag", Type.BEDRAG, True, "Betaald bedrag."),
        Kolom("betaald_op", Type.DATUM, True, "Datum van de betaling."),
    ),
)

SJABLONEN: dict[str, Sjabloon] = {
    s.naam: s
    for s in (CLIENTEN, TOEWIJZINGSPRODUCTEN, BESCHIKKINGEN, MELDINGEN, EVALUATIES, BUDGETPLAFONDS, BETALINGEN)
}
