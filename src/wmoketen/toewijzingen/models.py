"""Assignments (toewijzingen) of a product to a provider for a client.

This is the record the access process creates on a beschikking; the messaging issue adds versions,
start/stop state and the 301 that carries it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from wmoketen.catalogus.constants import Eenheid, Frequentie
from wmoketen.catalogus.models import Product
from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Aanbieder


class Toewijzing(models.Model):
    toewijzing_nummer = models.PositiveIntegerField("ToewijzingNummer", unique=True)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="toewijzingen")
    aanbieder = models.ForeignKey(Aanbieder, on_delete=models.PROTECT, related_name="toewijzingen")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="toewijzingen")
    ingangsdatum = models.DateField()
    einddatum = models.DateField(null=True, blank=True)
    volume = models.PositiveBigIntegerField(null=True, blank=True)
    eenheid = models.CharField(max_length=2, choices=Eenheid.choices, blank=True)
    frequentie = models.CharField(max_length=1, choices=Frequentie.choices, blank=True)
    budget_cent = models.PositiveBigIntegerField(null=True, blank=True)
    beschikking = models.ForeignKey(
        "toegang.Beschikking", on_delete=models.PROTECT, null=True, blank=True, related_name="toewijzingen"
    )
    reden_wijziging = models.CharField(
        "reden wijziging", max_length=2, blank=True, help_text="iWmo LDT_RedenWijziging, bijvoorbeeld 05."
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "toewijzing"
        verbose_name_plural = "toewijzingen"
        ordering = ["client", "ingangsdatum"]
        constraints = [
            models.CheckConstraint(
                condition=Q(einddatum__isnull=True) | Q(einddatum__gte=models.F("ingangsdatum")),
                name="toewijzing_periode_geldig",
            ),
        ]

    def __str__(self) -> str:
        return f"Toewijzing {self.toewijzing_nummer}"
