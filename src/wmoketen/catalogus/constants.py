"""Code lists of the catalogue. Values are the official iWmo codes where the standard has one."""

from __future__ import annotations

from django.db import models


class ProductCategorie(models.TextChoices):
    """iWmo code list WMO020."""

    HULP_BIJ_HET_HUISHOUDEN = "01", "Hulp bij het huishouden"
    BEGELEIDING = "02", "Begeleiding"
    PERSOONLIJKE_VERZORGING = "03", "Persoonlijke verzorging"
    KORTDUREND_VERBLIJF = "04", "Kortdurend verblijf"
    WOONDIENSTEN = "05", "Woondiensten"
    OVERIGE_INDIVIDU = "06", "Overige ondersteuning gericht op het individu of huishouden/gezin"
    DAGBESTEDING = "07", "Dagbesteding"
    VERVOERDIENSTEN = "08", "Vervoerdiensten"
    OVERIGE_GROEP = "09", "Overige groepsgerichte ondersteuning"
    OVERIGE_MAATWERK = "10", "Overige maatwerk arrangementen"
    ROLSTOELEN = "11", "Rolstoelen"
    VERVOERVOORZIENINGEN = "12", "Vervoervoorzieningen"
    WOONVOORZIENINGEN = "13", "Woonvoorzieningen"
    OVERIGE_HULPMIDDELEN = "14", "Overige hulpmiddelen"
    BESCHERMD_WONEN = "15", "Beschermd wonen"
    OPVANG = "16", "Opvang"
    SPOEDOPVANG = "17", "Spoedopvang"
    OVERIGE_BW_OPVANG = "18", "Overige beschermd wonen en opvang"


class Uitvoeringsvariant(models.TextChoices):
    """The three variants of the Uitvoeringsregeling Wmo 2015 (art. 1)."""

    INSPANNINGSGERICHT = "inspanningsgericht", "Inspanningsgericht"
    OUTPUTGERICHT = "outputgericht", "Outputgericht"
    TAAKGERICHT = "taakgericht", "Taakgericht"


class Eenheid(models.TextChoices):
    """iWmo code list WJ756 (there is no 81 in 3.2)."""

    MINUUT = "01", "Minuut"
    UUR = "04", "Uur"
    ETMAAL = "14", "Etmaal"
    DAGDEEL = "16", "Dagdeel (4 uur)"
    STUKS_OUTPUT = "82", "Stuks (output)"
    EUROS = "83", "Euro's"
    STUKS_INSPANNING = "84", "Stuks (inspanning)"


INSPANNING_EENHEDEN = frozenset(
    {Eenheid.MINUUT, Eenheid.UUR, Eenheid.ETMAAL, Eenheid.DAGDEEL, Eenheid.STUKS_INSPANNING}
)
OUTPUT_EENHEDEN = frozenset({Eenheid.STUKS_OUTPUT, Eenheid.EUROS})


class Frequentie(models.TextChoices):
    """iWmo code list WMO757."""

    PER_DAG = "1", "Per dag"
    PER_WEEK = "2", "Per week"
    PER_MAAND = "4", "Per maand"
    TOTAAL = "6", "Totaal binnen geldigheidsduur toewijzing"


class Bekostigingsmodel(models.TextChoices):
    """How a region pays for a product; each maps onto one iWmo variant (see domain.VARIANT_VAN_MODEL)."""

    PXQ = "pxq", "Prijs x hoeveelheid (p x q)"
    ETMAAL = "etmaal", "Prijs per etmaal"
    TRAJECT = "traject", "Trajectprijs"
    PROFIEL = "profiel", "Profielprijs per periode"
    BUDGET = "budget", "Budget per cliënt (maximumbudget)"
    TAAKGERICHT = "taakgericht", "Taakgericht (lumpsum, geen toewijzing per cliënt)"


class Periodegrid(models.TextChoices):
    KALENDERMAAND = "kalendermaand", "Kalendermaand"
    CAK_4_WEKEN = "cak_4_weken", "CAK-periode van 4 weken (13 per jaar)"


class CakWeek53(models.TextChoices):
    """Where a 53rd ISO week goes in the CAK calendar of 13 periods of 4 weeks (declaraties.perioden.CakGrid)."""

    PERIODE_13 = "periode_13", "In periode 13 van dat jaar (5 weken)"
    PERIODE_1 = "periode_1", "In periode 1 van het volgende jaar (5 weken)"


class EerstePeriode(models.TextChoices):
    NIETS = "niets", "Niets"
    PRO_RATA = "pro_rata", "Naar rato"
    VOLLEDIG = "volledig", "Volledig"


class LaatstePeriode(models.TextChoices):
    VOLLEDIG = "volledig", "Volledig"
    PRO_RATA = "pro_rata", "Naar rato"


class Onderbreking(models.TextChoices):
    VOLLEDIG = "volledig", "Doorbetalen (volledig)"
    PRO_RATA = "pro_rata", "Naar rato"
    NIETS = "niets", "Niet betalen"


class WisselAanbieder(models.TextChoices):
    OUDE_AANBIEDER = "oude_aanbieder", "Oude aanbieder krijgt de periode"
    NIEUWE_AANBIEDER = "nieuwe_aanbieder", "Nieuwe aanbieder krijgt de periode"
    PRO_RATA = "pro_rata", "Naar rato verdeeld"


class Declaratiemoment(models.TextChoices):
    PER_PERIODE = "per_periode", "Per periode"
    BIJ_START = "bij_start", "Bij start van het traject"
    BIJ_AFRONDING = "bij_afronding", "Bij afronding van het traject"


class PlafondRegel(models.TextChoices):
    """What a region does when a provider reaches its budget ceiling."""

    GEEN_NIEUWE_CLIENTEN = "geen_nieuwe_clienten", "Geen nieuwe cliënten meer toewijzen"
    OVERLEG = "overleg", "Overleg met de regio; declaraties boven het plafond worden aangehouden"
    NIET_BETALEN = "niet_betalen", "Declaraties boven het plafond worden niet betaald"
    SIGNALEREN = "signaleren", "Alleen signaleren"


class Leveringsvorm(models.TextChoices):
    ZIN = "zin", "Zorg in natura"
    PGB = "pgb", "Persoonsgebonden budget"


# The eleven life domains (leefgebieden) of the Zelfredzaamheid-Matrix, used for intended results.
LEEFGEBIEDEN: tuple[tuple[str, str], ...] = (
    ("financien", "Financiën"),
    ("dagbesteding", "Dagbesteding"),
    ("huisvesting", "Huisvesting"),
    ("huiselijke_relaties", "Huiselijke relaties"),
    ("geestelijke_gezondheid", "Geestelijke gezondheid"),
    ("lichamelijke_gezondheid", "Lichamelijke gezondheid"),
    ("verslaving", "Verslaving"),
    ("adl", "Activiteiten van het dagelijks leven (ADL)"),
    ("sociaal_netwerk", "Sociaal netwerk"),
    ("maatschappelijke_participatie", "Maatschappelijke participatie"),
    ("justitie", "Justitie"),
)
