"""One row per background task: what it is, who asked for it, how far it is, how it ended.

The row is what the pages show (progress, outcome, the file an export produced) and what functioneel beheer
sees of schedules and of tasks that kept failing (dead letter). Its id is the Celery task id. A row is written
before the task is handed to the broker (in the caller's transaction), so a task whose hand-over failed is not
lost: `taken.services.onderhoud` offers it again.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class TaakStatus(models.TextChoices):
    WACHTEND = "wachtend", "Wacht op een worker"
    BEZIG = "bezig", "Bezig"
    OPNIEUW = "opnieuw", "Mislukt, wordt opnieuw geprobeerd"
    KLAAR = "klaar", "Klaar"
    DOOD = "dood", "Gestopt na herhaalde fouten"
    AFGEHANDELD = "afgehandeld", "Afgehandeld door beheer"


OPEN = (TaakStatus.WACHTEND, TaakStatus.BEZIG, TaakStatus.OPNIEUW)
AFGELOPEN = (TaakStatus.KLAAR, TaakStatus.DOOD, TaakStatus.AFGEHANDELD)


class Taak(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    naam = models.CharField("taak", max_length=100, help_text="Naam van de Celery-taak.")
    titel = models.CharField(max_length=200)
    argumenten = models.JSONField(default=dict, blank=True)
    sleutel = models.CharField(
        max_length=300, unique=True, null=True, blank=True, help_text="Voor taken die per ding maar één keer mogen."
    )
    planning = models.CharField("planning", max_length=60, blank=True, help_text="Naam in het schema van beat.")
    status = models.CharField(max_length=12, choices=TaakStatus.choices, default=TaakStatus.WACHTEND)
    pogingen = models.PositiveSmallIntegerField(default=0)
    gedaan = models.PositiveIntegerField(default=0)
    totaal = models.PositiveIntegerField(null=True, blank=True)
    stap = models.CharField("voortgang", max_length=200, blank=True)
    uitkomst = models.CharField(max_length=500, blank=True)
    fout = models.TextField(blank=True)
    bestand = models.BinaryField(null=True, blank=True)
    bestandsnaam = models.CharField(max_length=200, blank=True)
    bestandstype = models.CharField(max_length=100, blank=True)
    regio = models.ForeignKey("catalogus.Regio", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    aangeboden_op = models.DateTimeField("aan de broker gegeven", null=True, blank=True)
    gestart_op = models.DateTimeField(null=True, blank=True)
    klaar_op = models.DateTimeField(null=True, blank=True)
    volgende_poging_op = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "achtergrondtaak"
        verbose_name_plural = "achtergrondtaken"
        ordering = ["-aangemaakt_op"]
        indexes = [
            models.Index(fields=["status", "aangemaakt_op"]),
            models.Index(fields=["naam", "-aangemaakt_op"]),
        ]

    def __str__(self) -> str:
        return f"{self.titel} ({self.get_status_display()})"

    @property
    def procent(self) -> int | None:
        if not self.totaal:
            return 100 if self.status == TaakStatus.KLAAR else None
        return min(100, self.gedaan * 100 // self.totaal)

    @property
    def afgelopen(self) -> bool:
        return self.status in AFGELOPEN
