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

SJABLONEN: dict[str, Sjabloon] = {s.naam: s for s in (CLIENTEN, TOEWIJZINGSPRODUCTEN)}
