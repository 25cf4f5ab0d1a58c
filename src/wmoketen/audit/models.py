"""Logboek dataverwerkingen: one append-only record per person per processing action."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .constants import Actie, Resultaat, Verwerkingsactiviteit


class Verwerking(models.Model):
    """Append-only: database triggers refuse UPDATE, DELETE and TRUNCATE (migrations 0002, 0003), the application's
    database role may only SELECT and INSERT (docs/security.md §2), and each record carries a keyed hash (HMAC)
    over the one before it, so `wmoketen audit verify` detects any change or removal; signed checkpoints outside
    the database (audit.controlepunt) also catch removal at the end, truncation and a restored older backup."""

    volgnummer = models.PositiveBigIntegerField(unique=True)
    tijdstip = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_omschrijving = models.CharField(max_length=150, help_text="Gebruikersnaam of systeemproces.")
    actie = models.CharField(max_length=30, choices=Actie.choices)
    verwerkingsactiviteit = models.CharField(max_length=30, choices=Verwerkingsactiviteit.choices)
    client_pseudoniem = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=60, blank=True)
    resultaat = models.CharField(max_length=20, choices=Resultaat.choices, default=Resultaat.GELUKT)
    toelichting = models.TextField(blank=True, help_text="Wat er veranderde (beheer), nooit een geheim of BSN.")
    vorige_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = "verwerking"
        verbose_name_plural = "logboek dataverwerkingen"
        ordering = ["-tijdstip", "-id"]
        indexes = [  # the burst check after an out-of-scope attempt: only those rows are in the index
            models.Index(
                fields=["actor", "tijdstip"],
                condition=models.Q(resultaat="buiten_bereik"),
                name="verwerking_buiten_bereik",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tijdstip:%d-%m-%Y %H:%M} {self.actor_omschrijving} {self.get_actie_display()}"


class Ketenkop(models.Model):
    """The head of the hash chain: one row, locked while records are appended so the chain stays a line."""

    volgnummer = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = "kop van de logboekketen"

    def __str__(self) -> str:
        return f"Logboekketen tot record {self.volgnummer}"


class Bereiksignaal(models.Model):
    """A burst of attempts outside an account's scope (404s on object pages): at least WMOKETEN_BEREIK_DREMPEL
    within WMOKETEN_BEREIK_VENSTER_MINUTEN. Shown to functioneel beheer until handled; each attempt itself is a
    Logboek record (resultaat buiten_bereik). Not part of the chain: it only points at it."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    eerste_poging = models.DateTimeField()
    laatste_poging = models.DateTimeField()
    aantal = models.PositiveIntegerField(help_text="Pogingen buiten bereik sinds de eerste poging van de reeks.")
    afgehandeld_op = models.DateTimeField(null=True, blank=True)
    afgehandeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "signaal pogingen buiten bereik"
        verbose_name_plural = "signalen pogingen buiten bereik"
        ordering = ["-laatste_poging"]

    def __str__(self) -> str:
        return f"{self.aantal} pogingen buiten bereik sinds {self.eerste_poging:%d-%m-%Y %H:%M}"
