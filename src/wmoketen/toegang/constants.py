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
    AFGEWEZEN = "afgewezen", "Afgewezen"
    BUITEN_BEHANDELING = "buiten_behandeling", "Buiten behandeling gesteld"
    INGETROKKEN = "ingetrokken", "Ingetrokken door de cliënt"
    ALGEMENE_VOORZIENING = "algemene_voorziening", "Afgesloten: algemene voorziening"


OPEN_FASEN = frozenset({Fase.MELDING, Fase.ONDERZOEK, Fase.BIJ_AANBIEDER, Fase.AKKOORD, Fase.AANVRAAG})


class AfhandelingSoort(models.TextChoices):
    """How a melding ends other than in a granting beschikking. An afwijzing and a buiten-behandelingstelling are
    decisions (besluiten, open to objection); an intrekking and a closure with an algemene voorziening are not."""

    AFWIJZING = "afwijzing", "Afwijzing van de aanvraag"
    BUITEN_BEHANDELING = "buiten_behandeling", "Aanvraag buiten behandeling gesteld"
    INTREKKING = "intrekking", "Melding of aanvraag ingetrokken door de cliënt"
    ALGEMENE_VOORZIENING = "algemene_voorziening", "Afgesloten met een algemene voorziening"


AFHANDELING_FASE = {
    AfhandelingSoort.AFWIJZING: Fase.AFGEWEZEN,
    AfhandelingSoort.BUITEN_BEHANDELING: Fase.BUITEN_BEHANDELING,
    AfhandelingSoort.INTREKKING: Fase.INGETROKKEN,
    AfhandelingSoort.ALGEMENE_VOORZIENING: Fase.ALGEMENE_VOORZIENING,
}
BESLUITEN = frozenset({AfhandelingSoort.AFWIJZING, AfhandelingSoort.BUITEN_BEHANDELING})


class Afwijzingsgrond(models.TextChoices):
    """The legal ground of a refusal, as the letter states it (docs/toegang.md says which articles were checked)."""

    EIGEN_KRACHT = "eigen_kracht", "Eigen kracht, gebruikelijke hulp, mantelzorg of sociaal netwerk volstaan"
    ALGEMENE_VOORZIENING = "algemene_voorziening", "Een algemene voorziening biedt passende ondersteuning"
    GEEN_BEPERKING = "geen_beperking", "Geen beperkingen in zelfredzaamheid of participatie die compensatie vragen"
    VOORLIGGEND = "voorliggend", "Een voorliggende voorziening gaat voor (Wlz, Zvw, andere wet)"
    ANDERS = "anders", "Andere grond (zie de toelichting)"


class BezwaarUitkomst(models.TextChoices):
    GEGROND = "gegrond", "Gegrond"
    ONGEGROND = "ongegrond", "Ongegrond"
    NIET_ONTVANKELIJK = "niet_ontvankelijk", "Niet-ontvankelijk"
    INGETROKKEN = "ingetrokken", "Ingetrokken"


class BriefSoort(models.TextChoices):
    ONTVANGST_MELDING = "ontvangst_melding", "Ontvangstbevestiging melding"
    ONTVANGST_AANVRAAG = "ontvangst_aanvraag", "Ontvangstbevestiging aanvraag"
    BESCHIKKING = "beschikking", "Beschikking (toekenning)"
    BESCHIKKING_PGB = "beschikking_pgb", "Beschikking persoonsgebonden budget"
    AFWIJZING = "afwijzing", "Beschikking: afwijzing"
    BUITEN_BEHANDELING = "buiten_behandeling", "Besluit: aanvraag buiten behandeling"
    INTREKKING = "intrekking", "Bevestiging intrekking"
    ALGEMENE_VOORZIENING = "algemene_voorziening", "Afsluiting melding: algemene voorziening"
    ONTVANGST_BEZWAAR = "ontvangst_bezwaar", "Ontvangstbevestiging bezwaar"
    VERDAGING_BEZWAAR = "verdaging_bezwaar", "Verdaging beslissing op bezwaar"
    BESLISSING_BEZWAAR = "beslissing_bezwaar", "Beslissing op bezwaar"
    BEEINDIGING = "beeindiging", "Beschikking: beëindiging voorziening"


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
    AANVRAAG = "aanvraag", "Aanvraag ontvangen (ondertekend onderzoeksverslag)"
    AFHANDELING = "afhandeling", "Melding afgehandeld"
    BRIEF = "brief", "Brief gemaakt"
    BEZWAAR = "bezwaar", "Bezwaar"


INDICATIETERMIJNEN_MAANDEN: tuple[tuple[int, str], ...] = (
    (6, "6 maanden"),
    (12, "1 jaar"),
    (18, "18 maanden"),
    (24, "2 jaar"),
    (36, "3 jaar"),
    (48, "4 jaar"),
    (60, "5 jaar"),
)
