"""Code lists of access (toegang): process phases, the assessment instrument, the plan's choices, the deadlines."""

from __future__ import annotations

from django.db import models


class Fase(models.TextChoices):
    """Where a melding stands in the process, from melding to beschikking."""

    MELDING = "melding", "Melding ontvangen"
    ONDERZOEK = "onderzoek", "Onderzoek (huisbezoek gepland)"
    BIJ_AANBIEDER = "bij_aanbieder", "Plan deel 2 bij aanbieder"
    AKKOORD = "akkoord", "Wacht op akkoord gemeente"
    AANVRAAG = "aanvraag", "Aanvraag ontvangen, beschikking te nemen"
    BESCHIKT = "beschikt", "Beschikt"


OPEN_FASEN = frozenset({Fase.MELDING, Fase.ONDERZOEK, Fase.BIJ_AANBIEDER, Fase.AKKOORD, Fase.AANVRAAG})


class TermijnCode(models.TextChoices):
    HUISBEZOEK = "huisbezoek", "Afspraak huisbezoek"
    ONDERZOEK = "onderzoek", "Onderzoek afgerond"
    DEEL2 = "deel2", "Ondersteuningsplan deel 2 door aanbieder"
    AKKOORD = "akkoord", "Akkoord gemeente"
    BESCHIKKING = "beschikking", "Beschikking na aanvraag"
    TOTAAL = "totaal", "Beschikking binnen 8 weken na melding"


class TermijnStatus(models.TextChoices):
    TE_LAAT = "te_laat", "Te laat"
    VANDAAG = "vandaag", "Vandaag"
    DEZE_WEEK = "deze_week", "Deze week"
    LATER = "later", "Later"
    OP_TIJD_AFGEROND = "op_tijd", "Op tijd afgerond"
    TE_LAAT_AFGEROND = "te_laat_afgerond", "Te laat afgerond"


class Reden(models.TextChoices):
    NIEUWE_CLIENT = "nieuw", "Nieuwe cliënt"
    GEWIJZIGDE_OMSTANDIGHEDEN = "wijziging", "Gewijzigde omstandigheden (vervolg- of herindicatie)"


class Verstrekkingsvorm(models.TextChoices):
    ZIN = "zin", "Zorg in natura"
    PGB = "pgb", "Persoonsgebonden budget (pgb)"


class Score(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"
    E = "E", "E"


class Criterium(models.TextChoices):
    """The five criteria of the beoordelingsinstrument, in the order of the plan."""

    VEILIGHEID = "veiligheid", "1. Veiligheid van cliënt en omgeving"
    BALANS = "balans", "2. Balans tussen beschermende en risicofactoren"
    AFSTAND = "afstand", "3. Afstand tot het beoogde resultaat"
    ZELFREDZAAMHEID = "zelfredzaamheid", "4. Zelfredzaamheid van cliënt en netwerk"
    MEDEWERKING = "medewerking", "5. Mate van medewerking van cliënt en netwerk"


class Categorie(models.TextChoices):
    EEN = "1", "Categorie 1"
    TWEE = "2", "Categorie 2"
    DRIE = "3", "Categorie 3"


class Intensiteit(models.TextChoices):
    BASIS = "basis", "Basis"
    AANVULLEND = "aanvullend", "Aanvullend"
    INTENSIEF = "intensief", "Intensief"


class Perspectief(models.TextChoices):
    """The expected course; decides the maximum indication term (and DFM's profile)."""

    STABIEL = "stabiel", "Stabiel"
    GROEI = "groei", "Groei of ontwikkeling verwacht"
    ACHTERUITGANG = "achteruitgang", "Achteruitgang verwacht"


class Vervoer(models.TextChoices):
    GEEN = "", "Geen vervoer"
    ZITTEND = "zittend", "Zittend vervoer"
    ROLSTOEL = "rolstoel", "Rolstoelvervoer"


class Indicatiemodel(models.TextChoices):
    PROFIEL = "profiel", "Profiel (categorie en intensiteit)"
    NORMENKADER = "normenkader", "Normenkader (uren en dagdelen)"
    ONTWIKKELPROFIEL = "ontwikkelprofiel", "Ontwikkelprofiel (groei, stabiel, achteruitgang)"
    TRAJECT = "traject", "Segment met trajectprijs"


class StapSoort(models.TextChoices):
    MELDING = "melding", "Melding geregistreerd"
    HUISBEZOEK = "huisbezoek", "Afspraak huisbezoek gemaakt"
    VERSLAG = "verslag", "Onderzoeksverslag vastgelegd"
    PLAN = "plan", "Ondersteuningsplan deel 1 opgesteld"
    PLAN_VERSTUURD = "plan_verstuurd", "Plan deel 1 ondertekend en naar aanbieder verstuurd"
    DEEL2 = "deel2", "Plan deel 2 ondertekend en ingediend door aanbieder"
    AKKOORD = "akkoord", "Akkoord gemeente; ondertekend onderzoeksverslag is de aanvraag"
    BESCHIKKING = "beschikking", "Beschikking vastgesteld"
    VOORSTEL = "voorstel", "Beschikking voorgesteld; wacht op goedkeuring door een tweede consulent"
    VOORSTEL_INGETROKKEN = "voorstel_ingetrokken", "Voorstel beschikking ingetrokken"
    VERVANGEN = "vervangen", "Ondertekend document vervangen door een nieuwe versie"


INDICATIETERMIJNEN_MAANDEN: tuple[tuple[int, str], ...] = (
    (6, "6 maanden"),
    (12, "1 jaar"),
    (18, "18 maanden"),
    (24, "2 jaar"),
    (36, "3 jaar"),
    (48, "4 jaar"),
    (60, "5 jaar"),
)
