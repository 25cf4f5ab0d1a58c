"""Code lists of declarations and payment. Values are stable identifiers or official codes, labels Dutch."""

from __future__ import annotations

from django.db import models

ANTWOORD_TERMIJN_WERKDAGEN = 10  # OP090x4 / IV087: the 325 within 10 working days, always
BETAALTERMIJN_DAGEN = 30  # pay approved prestaties within 30 calendar days of receipt


class DebetCredit(models.TextChoices):
    DEBET = "D", "Debet"
    CREDIT = "C", "Credit"


class DeclaratieStatus(models.TextChoices):
    ONTVANGEN = "ontvangen", "Ontvangen, wordt beoordeeld"
    BEANTWOORD = "beantwoord", "Beantwoord (325 verzonden)"
    AFGEWEZEN = "afgewezen", "Als geheel afgewezen (geldt als niet verzonden)"


class Uitkomst(models.TextChoices):
    """What became of a declaration, from its prestaties (shown in lists; not stored)."""

    IN_BEHANDELING = "in_behandeling", "In behandeling"
    GOEDGEKEURD = "goedgekeurd", "Goedgekeurd"
    DEELS = "deels", "Deels goedgekeurd"
    AFGEWEZEN = "afgewezen", "Afgewezen"


class PrestatieStatus(models.TextChoices):
    GOEDGEKEURD = "goedgekeurd", "Goedgekeurd"
    AFGEWEZEN = "afgewezen", "Afgewezen"


class BatchStatus(models.TextChoices):
    CONCEPT = "concept", "Wacht op tweede goedkeuring"
    GOEDGEKEURD = "goedgekeurd", "Goedgekeurd (vier ogen)"
    GEANNULEERD = "geannuleerd", "Geannuleerd"
    OVERGENOMEN = "overgenomen", "Betaald door het vorige systeem (migratie)"


class Retourcode(models.TextChoices):
    """The retourcodes (WJ001) a 325 can carry in wmoketen."""

    TECHNISCH = "0001", "Bericht afgekeurd om technische redenen"
    GEEN_OPMERKING = "0200", "Geen opmerking over deze berichtklasse"
    NIET_BEOORDEELD = "0233", "Berichtklasse niet beoordeeld"
    TARIEF = "0611", "Ingediend tarief is niet gelijk aan het contracttarief"
    VOLLEDIG_TOEGEWEZEN = "8001", "Declaratie volledig toegewezen"
    CREDIT_ZONDER_DEBET = "8017", "Credit prestatie zonder bekende debet prestatie"
    REFERENTIE_DUBBEL = "8021", "ReferentieNummer prestatie al aangeleverd"
    BSN_ONBEKEND = "8187", "Prestatie hoort niet bij deze cliënt"
    PERIODE_SLUIT_NIET_AAN = "8214", "DeclaratiePeriode sluit niet aan op de vorige"
    DAGTEKENING_TOEKOMST = "8848", "Dagtekening ligt in de toekomst"
    IDENTIFICATIE_DUBBEL = "9056", "BerichtIdentificatie niet uniek"
    BEGIN_BUITEN_TOEWIJZING = "9307", "Begindatum ProductPeriode ligt voor de ingangsdatum van de toewijzing"
    EIND_BUITEN_TOEWIJZING = "9308", "Einddatum ProductPeriode ligt na de einddatum van de toewijzing"
    NIET_IN_DECLARATIEPERIODE = "9319", "ProductPeriode valt niet in (een voorgaande) DeclaratiePeriode"
    VOLUME_PERIODE = "9321", "Volume boven het toegewezen volume voor deze periode"
    VOLUME_TOTAAL = "9322", "Volume samen met eerder gedeclareerd boven het toegewezen volume"
    DECLARATIENUMMER_DUBBEL = "9333", "DeclaratieNummer is niet uniek"
    TOEWIJZING_ONBEKEND = "9338", "Prestatie is niet te koppelen aan een toegewezen product"
    CATEGORIE = "9339", "ProductCategorie wijkt af van de toewijzing"
    CODE = "9340", "ProductCode wijkt af van de toewijzing"
    EENHEID = "9341", "Eenheid past niet bij de toewijzing"
    BEDRAG = "9346", "IngediendBedrag is niet gelijk aan GeleverdVolume x ProductTarief"
    BUDGET = "9369", "Gedeclareerd past niet binnen het toegewezen budget"
    VERWIJDERDE_TOEWIJZING = "9384", "Declaratie op een verwijderde toewijzing"
    BEGIN_MAANDGRENS = "9387", "Begindatum ProductPeriode is niet de eerste dag van de maand of de ingangsdatum"
    EIND_MAANDGRENS = "9388", "Einddatum ProductPeriode is niet de laatste dag van de maand of de einddatum"
    DUBBELE_DEBET = "9389", "Er is al een debetprestatie voor deze periode, zonder credit"
    DUBBELE_CREDIT = "9390", "Deze prestatie is al gecrediteerd"
    PRODUCTCODE_CATEGORIE = "S329", "ProductCode hoort niet bij de ProductCategorie"
    GEMEENTECODE = "S300", "Gemeentecode komt niet voor in de CBS-lijst"


def retourcode_tekst(code: str) -> str:
    try:
        return str(Retourcode(code).label)
    except ValueError:
        return ""


def retourcodes_tekst(codes: list[str] | None) -> str:
    """['0200', '8001'] -> '0200 Geen opmerking over deze berichtklasse; 8001 ...' (a code the list does not name
    stays a code; none -> '–'): on pages (the `retourcodes` filter) and in exports alike."""
    if not codes:
        return "–"
    return "; ".join(f"{c} {tekst}" if (tekst := retourcode_tekst(c)) else c for c in codes)
