"""The procurement catalogue: everything a region buys, how it pays for it, and at what price.

A region is configured, not programmed: every row here is loaded from a file under regions/ by
`wmoketen region load` (see catalogus/regiobestand/). Money is integer eurocents.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from .constants import (
    Bekostigingsmodel,
    CakWeek53,
    Declaratiemoment,
    Eenheid,
    EerstePeriode,
    Frequentie,
    LaatstePeriode,
    Onderbreking,
    Periodegrid,
    PlafondRegel,
    ProductCategorie,
    Uitvoeringsvariant,
    WisselAanbieder,
)

cbs_code_validator = RegexValidator(r"^\d{4}$", "Een CBS-gemeentecode bestaat uit precies 4 cijfers.")


class Gemeente(models.Model):
    """A municipality, identified nationally by its 4-digit CBS code. It may take part in several regions."""

    cbs_code = models.CharField("CBS-code", max_length=4, unique=True, validators=[cbs_code_validator])
    naam = models.CharField(max_length=100)

    class Meta:
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"
        ordering = ["naam"]

    def __str__(self) -> str:
        return f"{self.naam} ({self.cbs_code})"


class Regio(models.Model):
    """A regional collaboration and its procurement model for a period, e.g. 'Midden-Limburg West 2018'."""

    code = models.SlugField(max_length=50, unique=True)
    naam = models.CharField(max_length=150)
    omschrijving = models.TextField(blank=True)
    bron = models.TextField("bron", blank=True, help_text="De overeenkomsten waarop deze configuratie berust.")
    geldig_van = models.DateField()
    geldig_tot = models.DateField(null=True, blank=True)
    gemeenten = models.ManyToManyField(Gemeente, related_name="regios")
    een_perceel_tegelijk = models.BooleanField(
        "één perceel tegelijk per cliënt",
        default=False,
        help_text="Een cliënt heeft maar in één perceel tegelijk een toewijzing, op uitgezonderde percelen na.",
    )
    indicatietermijnen_maanden = models.JSONField("toegestane indicatietermijnen (maanden)", default=list, blank=True)
    max_indicatie_stabiel_maanden = models.PositiveSmallIntegerField(
        "maximale indicatieduur bij stabiele situatie (maanden)", default=60
    )
    cak_week_53 = models.CharField(
        "CAK-kalender: week 53",
        max_length=12,
        choices=CakWeek53.choices,
        default=CakWeek53.PERIODE_13,
        help_text="Waar een 53e ISO-week valt in de CAK-perioden van 4 weken (afrekenen en CAK-kostprijs).",
    )
    max_indicatie_verandering_maanden = models.PositiveSmallIntegerField(
        "maximale indicatieduur bij verwachte groei, ontwikkeling of achteruitgang (maanden)", default=24
    )
    instellingen = models.JSONField(
        "overige instellingen",
        default=dict,
        blank=True,
        help_text="Regio-instellingen van andere onderdelen (toegang, declaraties), uit het regiobestand.",
    )
    bestand_versie = models.CharField("versie regiobestand", max_length=50, blank=True)
    bestand_sha256 = models.CharField(max_length=64, blank=True)
    geladen_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "regio"
        verbose_name_plural = "regio's"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class Segment(models.Model):
    """A segment of the procurement, with its four procurement instruments."""

    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="segmenten")
    code = models.CharField(max_length=20)
    naam = models.CharField(max_length=150)
    omschrijving = models.TextField(blank=True)
    toegang = models.TextField("instrument toegang", blank=True)
    bekostiging = models.TextField("instrument bekostiging", blank=True)
    leveranciersmanagement = models.TextField("instrument leveranciersmanagement", blank=True)
    contractduur = models.CharField("contractduur", max_length=100, blank=True, help_text="Bijvoorbeeld 4+1+1 jaar.")
    max_indicatie_maanden = models.PositiveSmallIntegerField("maximale indicatieduur (maanden)", null=True, blank=True)
    plafondregel = models.CharField(
        "regel bij bereiken budgetplafond", max_length=30, choices=PlafondRegel.choices, blank=True
    )
    volgorde = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "segment"
        verbose_name_plural = "segmenten"
        ordering = ["regio", "volgorde", "code"]
        constraints = [models.UniqueConstraint(fields=["regio", "code"], name="segment_code_uniek_per_regio")]

    def __str__(self) -> str:
        return f"{self.code} {self.naam}"


class Perceel(models.Model):
    """A lot within a segment. Regions without lots have one lot per segment."""

    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="percelen")
    code = models.CharField(max_length=20)
    naam = models.CharField(max_length=150)
    omschrijving = models.TextField(blank=True)
    uitgezonderd_enkel_perceel = models.BooleanField(
        "uitgezonderd van één-perceel-regel",
        default=False,
        help_text="Mag naast een toewijzing in een ander perceel lopen (bijvoorbeeld kortdurend verblijf).",
    )
    volgorde = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "perceel"
        verbose_name_plural = "percelen"
        ordering = ["segment", "volgorde", "code"]
        constraints = [models.UniqueConstraint(fields=["segment", "code"], name="perceel_code_uniek_per_segment")]

    def __str__(self) -> str:
        return f"{self.code} {self.naam}"


class Leefgebied(models.Model):
    """One of the eleven life domains; national, seeded by a data migration."""

    code = models.SlugField(max_length=40, unique=True)
    naam = models.CharField(max_length=100)
    volgorde = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "leefgebied"
        verbose_name_plural = "leefgebieden"
        ordering = ["volgorde"]

    def __str__(self) -> str:
        return self.naam


class Grondslag(models.Model):
    """The ground (grondslag) on which support is given, e.g. somatiek or psychiatrisch."""

    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="grondslagen")
    code = models.SlugField(max_length=40)
    naam = models.CharField(max_length=100)

    class Meta:
        verbose_name = "grondslag"
        verbose_name_plural = "grondslagen"
        ordering = ["regio", "naam"]
        constraints = [models.UniqueConstraint(fields=["regio", "code"], name="grondslag_code_uniek_per_regio")]

    def __str__(self) -> str:
        return self.naam


class Profiel(models.Model):
    """A cell of the region's profile grid: category x intensity, or ontwikkeling x aard x intensiteit."""

    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="profielen")
    code = models.CharField(max_length=30)
    naam = models.CharField(max_length=150)
    categorie = models.CharField(max_length=40, help_text="Bijvoorbeeld 1, 2, 3 of groei, stabiel, achteruitgang.")
    aard = models.CharField(max_length=60, blank=True, help_text="Aard van de problematiek, waar de regio die kent.")
    intensiteit = models.CharField(max_length=40)
    volgorde = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "profiel"
        verbose_name_plural = "profielen"
        ordering = ["regio", "volgorde", "code"]
        constraints = [models.UniqueConstraint(fields=["regio", "code"], name="profiel_code_uniek_per_regio")]

    def __str__(self) -> str:
        return self.naam


class Afrekenregel(models.Model):
    """How a period is settled: the period grid and what is paid at start, end, interruption and switch."""

    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="afrekenregels")
    code = models.SlugField(max_length=40)
    naam = models.CharField(max_length=150)
    periodegrid = models.CharField(max_length=20, choices=Periodegrid.choices, default=Periodegrid.KALENDERMAAND)
    eerste_periode = models.CharField(max_length=20, choices=EerstePeriode.choices, default=EerstePeriode.PRO_RATA)
    laatste_periode = models.CharField(max_length=20, choices=LaatstePeriode.choices, default=LaatstePeriode.PRO_RATA)
    onderbreking = models.CharField(max_length=20, choices=Onderbreking.choices, default=Onderbreking.PRO_RATA)
    wissel_aanbieder = models.CharField(
        "bij wissel van aanbieder",
        max_length=20,
        choices=WisselAanbieder.choices,
        default=WisselAanbieder.PRO_RATA,
    )
    declaratiemoment = models.CharField(
        max_length=20, choices=Declaratiemoment.choices, default=Declaratiemoment.PER_PERIODE
    )
    toelichting = models.TextField(blank=True)

    class Meta:
        verbose_name = "afrekenregel"
        verbose_name_plural = "afrekenregels"
        ordering = ["regio", "code"]
        constraints = [models.UniqueConstraint(fields=["regio", "code"], name="afrekenregel_code_uniek_per_regio")]

    def __str__(self) -> str:
        return self.naam


class Product(models.Model):
    """A product the region buys, within a lot. ProductCode is the iWmo code (max 5 characters)."""

    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="producten")
    perceel = models.ForeignKey(Perceel, on_delete=models.CASCADE, related_name="producten")
    productcode = models.CharField("iWmo-productcode", max_length=5)
    categorie = models.CharField("iWmo-productcategorie", max_length=2, choices=ProductCategorie.choices)
    regio_productcode = models.CharField("productcode van de regio", max_length=20, blank=True)
    cak_code = models.CharField("CAK-code", max_length=10, blank=True)
    naam = models.CharField(max_length=150)
    omschrijving = models.TextField(blank=True)
    profiel = models.ForeignKey(Profiel, on_delete=models.PROTECT, null=True, blank=True, related_name="producten")
    grondslagen = models.ManyToManyField(Grondslag, blank=True, related_name="producten")
    volgorde = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "product"
        verbose_name_plural = "producten"
        ordering = ["regio", "perceel", "volgorde", "productcode"]
        constraints = [
            models.UniqueConstraint(fields=["perceel", "productcode"], name="productcode_uniek_per_perceel"),
        ]

    def __str__(self) -> str:
        return f"{self.productcode} {self.naam}"


class Bekostiging(models.Model):
    """How a product is funded in a period. A product switches model by a new row from a new date."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="bekostigingen")
    geldig_van = models.DateField()
    geldig_tot = models.DateField(null=True, blank=True, help_text="Laatste dag waarop deze bekostiging geldt.")
    model = models.CharField(max_length=20, choices=Bekostigingsmodel.choices)
    variant = models.CharField("uitvoeringsvariant", max_length=20, choices=Uitvoeringsvariant.choices)
    eenheid = models.CharField(max_length=2, choices=Eenheid.choices, blank=True)
    frequentie = models.CharField(max_length=1, choices=Frequentie.choices, blank=True)
    afrekenregel = models.ForeignKey(
        Afrekenregel, on_delete=models.PROTECT, null=True, blank=True, related_name="bekostigingen"
    )
    maximum_budget_cent = models.PositiveBigIntegerField("maximumbudget per cliënt (eurocent)", null=True, blank=True)
    toelichting = models.TextField(blank=True)

    class Meta:
        verbose_name = "bekostiging"
        verbose_name_plural = "bekostigingen"
        ordering = ["product", "geldig_van"]
        constraints = [
            models.CheckConstraint(
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=models.F("geldig_van")),
                name="bekostiging_periode_geldig",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product.productcode}: {self.get_model_display()} vanaf {self.geldig_van:%d-%m-%Y}"


class TariefPer(models.TextChoices):
    EENHEID = "eenheid", "Per eenheid"
    WEEK = "week", "Per week"
    MAAND = "maand", "Per maand"
    VIER_WEKEN = "4_weken", "Per 4 weken"
    JAAR = "jaar", "Per jaar"
    TRAJECT = "traject", "Per traject"


class Tarief(models.Model):
    """A product's price in a period, in integer eurocents."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="tarieven")
    geldig_van = models.DateField()
    geldig_tot = models.DateField(null=True, blank=True)
    bedrag_cent = models.PositiveBigIntegerField("bedrag (eurocent)")
    per = models.CharField(max_length=10, choices=TariefPer.choices, default=TariefPer.EENHEID)
    is_demowaarde = models.BooleanField(
        "demowaarde",
        default=False,
        help_text="De overeenkomst noemt geen bedrag; dit is een aannemelijke demowaarde.",
    )
    bron = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "tarief"
        verbose_name_plural = "tarieven"
        ordering = ["product", "geldig_van"]
        constraints = [
            models.CheckConstraint(
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=models.F("geldig_van")),
                name="tarief_periode_geldig",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product.productcode} vanaf {self.geldig_van:%d-%m-%Y}"


class CakKostprijs(models.Model):
    """The cost price a municipality reports to the CAK for the client contribution, per CAK period."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="cak_kostprijzen")
    geldig_van = models.DateField()
    geldig_tot = models.DateField(null=True, blank=True)
    bedrag_cent = models.PositiveBigIntegerField("kostprijs (eurocent)")
    per = models.CharField(max_length=10, choices=TariefPer.choices, default=TariefPer.VIER_WEKEN)
    is_demowaarde = models.BooleanField("demowaarde", default=False)

    class Meta:
        verbose_name = "CAK-kostprijs"
        verbose_name_plural = "CAK-kostprijzen"
        ordering = ["product", "geldig_van"]

    def __str__(self) -> str:
        return f"CAK-kostprijs {self.product.productcode} vanaf {self.geldig_van:%d-%m-%Y}"
