"""Imports from the suite a region leaves, and exports of a region's data: each a `Migratie` with its report.

An import works in units (`Migratiestap`): one archived message (with its retour) or one template row, in a fixed
order (`fase`, `sortering`, `volgnummer`). A dry run goes through all units and changes nothing; the real run
commits per batch of units, so an interruption leaves finished batches finished and the next run goes on with the
open units (the pattern of `herindicatie.Conversierun`). Every refused unit or row has its `Afwijzing`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from wmoketen.catalogus.models import Regio

from .constants import Fase, Soort, Status, Uitkomst


class Migratie(models.Model):
    soort = models.CharField(max_length=10, choices=Soort.choices)
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="migraties")
    bron = models.CharField("bron of doel (map of zip-bestand)", max_length=500)
    vingerafdruk = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 over de namen, groottes en inhoud van de bestanden van de bron."
    )
    proef = models.BooleanField("proefdraai", default=False)
    proefdraai = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="De proefdraai die aan deze uitvoering voorafging.",
    )  # fmt: skip
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.WACHT)
    totaal = models.PositiveIntegerField(default=0)
    verwerkt = models.PositiveIntegerField(default=0)
    batches = models.PositiveIntegerField(default=0)
    tellingen = models.JSONField(default=dict, blank=True)
    totalen_oud = models.JSONField("totalen van het vorige systeem", default=dict, blank=True)
    rapport_md = models.TextField(blank=True)
    fout = models.TextField(blank=True)
    gestart_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    klaar_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "migratie"
        verbose_name_plural = "migraties"
        ordering = ["-aangemaakt_op", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["regio", "vingerafdruk"],
                condition=Q(soort="import", proef=False),
                name="een_uitvoering_per_bron",
            ),
        ]

    def __str__(self) -> str:
        wat = "Proefdraai" if self.proef else self.get_soort_display()
        return f"{wat} {self.regio.code} {self.aangemaakt_op:%d-%m-%Y %H:%M}"

    @property
    def voortgang_procent(self) -> int:
        return 100 if not self.totaal else min(100, self.verwerkt * 100 // self.totaal)


class Migratiestap(models.Model):
    """One unit of an import: an archived message (with the retour that answers it) or a template row."""

    migratie = models.ForeignKey(Migratie, on_delete=models.CASCADE, related_name="stappen")
    volgnummer = models.PositiveIntegerField()
    fase = models.PositiveSmallIntegerField(choices=Fase.choices)
    sortering = models.CharField(max_length=40, blank=True)
    pad = models.CharField("bestand in de bron", max_length=500)
    regel = models.PositiveIntegerField("regel in het sjabloon", null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    grootte = models.PositiveIntegerField(default=0)
    versie = models.CharField("iWmo-release", max_length=5, blank=True)
    soort = models.CharField(max_length=30)
    afzender = models.CharField(max_length=8, blank=True)
    ontvanger = models.CharField(max_length=8, blank=True)
    identificatie = models.CharField(max_length=40, blank=True)
    dagtekening = models.DateField(null=True, blank=True)
    heen_afzender = models.CharField(max_length=8, blank=True)
    heen_identificatie = models.CharField(max_length=40, blank=True)
    sleutel = models.CharField(max_length=40, blank=True)
    gegevens = models.JSONField(default=dict, blank=True)
    klaar = models.BooleanField(default=False)
    uitkomst = models.CharField(max_length=10, choices=Uitkomst.choices, default=Uitkomst.OPEN)
    reden = models.TextField(blank=True)

    class Meta:
        verbose_name = "migratiestap"
        verbose_name_plural = "migratiestappen"
        ordering = ["migratie", "fase", "sortering", "volgnummer"]
        constraints = [
            models.UniqueConstraint(fields=["migratie", "volgnummer"], name="migratiestap_volgnummer_uniek"),
        ]
        indexes = [
            models.Index(fields=["migratie", "klaar", "fase", "sortering", "volgnummer"], name="migratiestap_open"),
            models.Index(fields=["migratie", "soort", "heen_afzender", "heen_identificatie"], name="migratiestap_heen"),
            models.Index(fields=["migratie", "soort", "sleutel"], name="migratiestap_sleutel"),
        ]

    def __str__(self) -> str:
        return f"{self.pad}{f':{self.regel}' if self.regel else ''}"


class Afwijzing(models.Model):
    """A refused message, prestatie or template row, with its place in the source and the Dutch reason."""

    migratie = models.ForeignKey(Migratie, on_delete=models.CASCADE, related_name="afwijzingen")
    volgnummer = models.PositiveIntegerField()
    pad = models.CharField(max_length=500)
    regel = models.PositiveIntegerField("regel", null=True, blank=True)
    plek = models.CharField("plek in het bericht", max_length=200, blank=True)
    reden = models.TextField()

    class Meta:
        verbose_name = "afwijzing"
        verbose_name_plural = "afwijzingen"
        ordering = ["migratie", "volgnummer"]

    def __str__(self) -> str:
        return f"{self.pad}:{self.regel or ''} {self.reden[:60]}"
