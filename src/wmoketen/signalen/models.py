"""What the signals remember: which item was announced to whom by e-mail (each notice once), and which rejected
message someone marked as handled. Only keys of items (kind and ids), never personal data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Kennisgeving(models.Model):
    """One item (by its key) announced to one user by e-mail: the next run does not announce it again."""

    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sleutel = models.CharField(max_length=120, help_text="Soort en nummers van het punt, bv. bezwaar:12:2026-12-20.")
    verzonden_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "kennisgeving"
        verbose_name_plural = "kennisgevingen"
        constraints = [
            models.UniqueConstraint(fields=["gebruiker", "sleutel"], name="kennisgeving_eenmaal_per_punt"),
        ]

    def __str__(self) -> str:
        return self.sleutel


class Afgevinkt(models.Model):
    """A rejected or blocked message someone has dealt with: off the task list of everyone who sees it."""

    sleutel = models.CharField(max_length=120, unique=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "afgevinkt punt"
        verbose_name_plural = "afgevinkte punten"

    def __str__(self) -> str:
        return self.sleutel
