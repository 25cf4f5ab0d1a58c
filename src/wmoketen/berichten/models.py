"""The exchange: every message in and out, kept as raw bytes with a parsed summary, findings and retour.

Each row is one party's copy: a 305 sent by a provider through the portal is one `uit` row with
`partij` = its AGB code and, once the municipality's inbox is processed, one `in` row with `partij` = the CBS
code. Receiving the same bytes twice finds the existing row (unique per partij, richting and sha256).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from wmoketen.clienten.models import Client

from .constants import HEEN_VAN, SOORT_CHOICES, SOORT_NAMEN, Kanaal, Richting, Status

XML_OP_PAGINA = 200_000  # bytes of XML shown inline on the message page


class Bericht(models.Model):
    partij = models.CharField("partij (CBS- of AGB-code)", max_length=8, db_index=True)
    richting = models.CharField(max_length=3, choices=Richting.choices)
    soort = models.CharField(max_length=3, choices=SOORT_CHOICES)
    afzender = models.CharField("Afzender", max_length=8)
    ontvanger = models.CharField("Ontvanger", max_length=8)
    identificatie = models.CharField("BerichtIdentificatie", max_length=12)
    dagtekening = models.DateField("Dagtekening")
    identificatie_retour = models.CharField("IdentificatieRetour", max_length=12, blank=True)
    gemeente_code = models.CharField(max_length=4, db_index=True)
    agb_code = models.CharField("AGB-code", max_length=8, db_index=True)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, null=True, blank=True, related_name="berichten")
    inhoud = models.BinaryField("ruwe XML")
    sha256 = models.CharField(max_length=64)
    grootte = models.PositiveIntegerField("grootte (bytes)")
    status = models.CharField(max_length=12, choices=Status.choices)
    bevindingen = models.JSONField(default=list, blank=True)
    retour_codes = models.JSONField("retourcodes", default=list, blank=True)
    samenvatting = models.JSONField(default=dict, blank=True)
    heen = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="retouren")
    kanaal = models.CharField(max_length=10, choices=Kanaal.choices)
    bestandsnaam = models.CharField(max_length=200, blank=True)
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    afgeleverd_op = models.DateTimeField("afgeleverd aan transport", null=True, blank=True)
    retour_uiterlijk = models.DateField("retour uiterlijk", null=True, blank=True)

    class Meta:
        verbose_name = "bericht"
        verbose_name_plural = "berichten"
        ordering = ["-aangemaakt_op", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["partij", "richting", "sha256"], name="bericht_eenmaal_per_partij"),
        ]
        indexes = [models.Index(fields=["partij", "richting", "soort", "afzender", "identificatie"])]

    def __str__(self) -> str:
        return f"WMO{self.soort} {self.identificatie} ({self.get_richting_display()})"

    @property
    def van(self) -> str:
        """Who sent this message. A retour (302, 306, ...) copies the heen-bericht's header without swapping
        Afzender and Ontvanger (IV028), so it travels from the header's Ontvanger to its Afzender."""
        return self.ontvanger if self.soort in HEEN_VAN else self.afzender

    @property
    def aan(self) -> str:
        return self.afzender if self.soort in HEEN_VAN else self.ontvanger

    @property
    def soort_naam(self) -> str:
        return SOORT_NAMEN.get(self.soort, "")

    @property
    def xml(self) -> str:
        return bytes(self.inhoud).decode("utf-8", errors="replace")

    @property
    def xml_ingekort(self) -> bool:
        return self.grootte > XML_OP_PAGINA

    @property
    def xml_op_pagina(self) -> str:
        """What the message page shows: the whole XML, or its first 200 KB (a 323 can be 25 MB)."""
        return bytes(self.inhoud[:XML_OP_PAGINA]).decode("utf-8", errors="replace")


class Volgnummer(models.Model):
    """Per sending party a counter for BerichtIdentificatie and IdentificatieRetour (unique per sender, TR056)."""

    partij = models.CharField(max_length=8, unique=True)
    laatste = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "volgnummer"
        verbose_name_plural = "volgnummers"

    def __str__(self) -> str:
        return f"{self.partij}: {self.laatste}"
