"""Client identity. The BSN is personal data: it never appears in URLs or logs."""

from __future__ import annotations

from django.db import models

from wmoketen.catalogus.models import Gemeente


class Geslacht(models.TextChoices):
    """iWmo code list COD046."""

    ONBEKEND = "0", "Onbekend"
    MANNELIJK = "1", "Mannelijk"
    VROUWELIJK = "2", "Vrouwelijk"


class Client(models.Model):
    bsn = models.CharField("BSN", max_length=9, unique=True)
    geboortedatum = models.DateField()
    geslacht = models.CharField(max_length=1, choices=Geslacht.choices, default=Geslacht.ONBEKEND)
    voorletters = models.CharField(max_length=20, blank=True)
    voornamen = models.CharField(max_length=100, blank=True)
    voorvoegsel = models.CharField(max_length=10, blank=True)
    achternaam = models.CharField(max_length=100)
    straat = models.CharField(max_length=100, blank=True)
    huisnummer = models.PositiveIntegerField(null=True, blank=True)
    huisnummer_toevoeging = models.CharField(max_length=10, blank=True)
    postcode = models.CharField(max_length=6, blank=True)
    plaats = models.CharField(max_length=80, blank=True)
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="clienten")
    telefoon = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = "cliënt"
        verbose_name_plural = "cliënten"
        ordering = ["achternaam", "voorletters"]

    def __str__(self) -> str:
        return self.naam

    @property
    def naam(self) -> str:
        parts = [self.voorletters, self.voorvoegsel, self.achternaam]
        return " ".join(p for p in parts if p)
