"""Shared complex types of the basisschema (CDT_*) and the header used by every message kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..soorten import XSD_VERSIE
from ..xmlmap import Berichtklasse, Cdt, retourcodes


@dataclass(frozen=True, slots=True, kw_only=True)
class BerichtIdentificatie(Cdt):
    identificatie: str
    dagtekening: date


@dataclass(frozen=True, slots=True, kw_only=True)
class XsdVersie(Cdt):
    basisschema_xsd_versie: str = XSD_VERSIE
    bericht_xsd_versie: str = XSD_VERSIE


@dataclass(frozen=True, slots=True, kw_only=True)
class Geboortedatum(Cdt):
    datum: date
    datum_gebruik: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Achternaam(Cdt):
    achternaam: str
    voorvoegsel: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class VolledigeNaam(Cdt):
    geslachtsnaam: Achternaam
    partnernaam: Achternaam | None = None
    voornamen: str | None = None
    voorletters: str | None = None
    naam_gebruik: str


@dataclass(frozen=True, slots=True, kw_only=True)
class VerkorteNaam(Cdt):
    geslachtsnaam: Achternaam
    voornamen: str | None = None
    voorletters: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Huis(Cdt):
    huisnummer: int
    huisletter: str | None = None
    huisnummer_toevoeging: str | None = None
    aanduiding_woonadres: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Adres(Cdt):
    huis: Huis | None = None
    postcode: str | None = None
    straatnaam: str | None = None
    plaatsnaam: str | None = None
    land_code: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Telefoon(Cdt):
    telefoonnummer: str
    landnummer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Telefoonnummers(Cdt):
    telefoon01: Telefoon
    telefoon02: Telefoon | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Communicatie(Cdt):
    vorm: str
    taal: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenPeriode(Cdt):
    begindatum: date | None = None
    einddatum: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GeslotenPeriode(Cdt):
    begindatum: date
    einddatum: date


@dataclass(frozen=True, slots=True, kw_only=True)
class Product(Cdt):
    categorie: str
    code: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Omvang(Cdt):
    volume: int
    eenheid: str
    frequentie: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Verwijzer(Cdt):
    type: str
    naam: str | None = None
    zorgverlener_code: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Referentie(Cdt):
    referentie_nummer: str
    vorig_referentie_nummer: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BedragMetDC(Cdt):
    bedrag: int  # eurocent
    debet_credit: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TotaalBedragMetDC(Cdt):
    totaal_bedrag: int  # eurocent
    debet_credit: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Header(Berichtklasse):
    """Header of every message; BerichtCode, BerichtVersie (3) and BerichtSubversie (2) follow from the kind.

    The retour fields (IdentificatieRetour ... XsdVersieRetour) are only for 302-320, the declaratie fields
    (DeclaratieIdentificatie, XsdVersieDeclaratie) only for the 325; the XSD of each kind enforces which.
    """

    afzender: str
    ontvanger: str
    bericht_identificatie: BerichtIdentificatie
    xsd_versie: XsdVersie = field(default_factory=XsdVersie)
    identificatie_retour: str | None = None
    dagtekening_retour: date | None = None
    declaratie_identificatie: BerichtIdentificatie | None = None
    xslt_versie: str | None = None
    xsd_versie_retour: XsdVersie | None = None
    xsd_versie_declaratie: XsdVersie | None = None
    retour_codes: tuple[str, ...] = retourcodes()
