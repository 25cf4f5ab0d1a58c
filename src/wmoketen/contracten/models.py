"""Providers (aanbieders), their agreements with a region, and budget ceilings."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from wmoketen.catalogus.models import Perceel, Product, Regio, Segment

from .constants import Procedure, SoortOvereenkomst
from .rekening import rekeningfout

agb_code_validator = RegexValidator(r"^\d{8}$", "Een AGB-code bestaat uit precies 8 cijfers.")


class Aanbieder(models.Model):
    agb_code = models.CharField("AGB-code", max_length=8, unique=True, validators=[agb_code_validator])
    naam = models.CharField(max_length=150)
    kvk_nummer = models.CharField("KvK-nummer", max_length=8, blank=True)
    iban = models.CharField("IBAN", max_length=34, blank=True)
    bic = models.CharField("BIC", max_length=11, blank=True)
    is_demo = models.BooleanField("demo-aanbieder", default=False)

    class Meta:
        verbose_name = "aanbieder"
        verbose_name_plural = "aanbieders"
        ordering = ["naam"]

    def __str__(self) -> str:
        return f"{self.naam} ({self.agb_code})"

    def clean(self) -> None:
        if self.iban or self.bic:
            fout = rekeningfout(iban=self.iban, bic=self.bic)
            if fout:
                raise ValidationError({"iban": fout})

    @property
    def rekeningfout(self) -> str | None:
        """Why this provider cannot be paid (no or an invalid IBAN/BIC), or None."""
        return rekeningfout(iban=self.iban, bic=self.bic)


class Overeenkomst(models.Model):
    """An agreement between a region and a provider for some lots (and optionally only some products)."""

    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="overeenkomsten")
    aanbieder = models.ForeignKey(Aanbieder, on_delete=models.PROTECT, related_name="overeenkomsten")
    kenmerk = models.CharField(max_length=50)
    soort = models.CharField(max_length=30, choices=SoortOvereenkomst.choices)
    procedure = models.CharField(max_length=20, choices=Procedure.choices)
    ingangsdatum = models.DateField()
    einddatum = models.DateField(null=True, blank=True)
    verlengingsopties = models.CharField(max_length=50, blank=True, help_text="Bijvoorbeeld 1+1 jaar.")
    percelen = models.ManyToManyField(Perceel, related_name="overeenkomsten")
    producten = models.ManyToManyField(
        Product,
        blank=True,
        related_name="overeenkomsten",
        help_text="Leeg: alle producten van de gecontracteerde percelen.",
    )

    class Meta:
        verbose_name = "overeenkomst"
        verbose_name_plural = "overeenkomsten"
        ordering = ["regio", "aanbieder__naam"]
        constraints = [
            models.UniqueConstraint(fields=["regio", "kenmerk"], name="overeenkomst_kenmerk_uniek_per_regio"),
            models.CheckConstraint(
                condition=Q(einddatum__isnull=True) | Q(einddatum__gte=models.F("ingangsdatum")),
                name="overeenkomst_periode_geldig",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kenmerk} {self.aanbieder.naam}"


class Budgetplafond(models.Model):
    """The most a provider may earn in a segment in a year."""

    aanbieder = models.ForeignKey(Aanbieder, on_delete=models.PROTECT, related_name="budgetplafonds")
    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="budgetplafonds")
    jaar = models.PositiveSmallIntegerField()
    bedrag_cent = models.PositiveBigIntegerField("plafond (eurocent)")
    verbruik_vooraf_cent = models.PositiveBigIntegerField(
        "verbruikt in het vorige systeem (eurocent)",
        default=0,
        help_text="Wat het vorige systeem dit jaar al goedkeurde buiten het overgenomen archief (migratie, sjabloon "
        "budgetplafonds); telt mee in het verbruik.",
    )
    is_demowaarde = models.BooleanField("demowaarde", default=False)

    class Meta:
        verbose_name = "budgetplafond"
        verbose_name_plural = "budgetplafonds"
        ordering = ["segment", "aanbieder__naam", "jaar"]
        constraints = [
            models.UniqueConstraint(fields=["aanbieder", "segment", "jaar"], name="budgetplafond_uniek"),
        ]

    def __str__(self) -> str:
        return f"{self.aanbieder.naam} {self.segment.code} {self.jaar}"
