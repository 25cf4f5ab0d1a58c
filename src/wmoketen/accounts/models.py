"""Users and their scope: a municipal user works for a region and one or more municipalities; a provider user
works for exactly one provider (aanbieder) and sees only its own clients."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from .constants import Rol


class Gebruiker(AbstractUser):
    rol = models.CharField(max_length=30, choices=Rol.choices, default=Rol.MONITORING)
    regio = models.ForeignKey(
        "catalogus.Regio", on_delete=models.PROTECT, null=True, blank=True, related_name="gebruikers"
    )
    gemeenten = models.ManyToManyField("catalogus.Gemeente", blank=True, related_name="gebruikers")
    aanbieder = models.ForeignKey(
        "contracten.Aanbieder", on_delete=models.PROTECT, null=True, blank=True, related_name="gebruikers"
    )

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"
        constraints = [
            models.CheckConstraint(
                condition=(Q(rol=Rol.AANBIEDER) & Q(aanbieder__isnull=False))
                | (~Q(rol=Rol.AANBIEDER) & Q(aanbieder__isnull=True)),
                name="gebruiker_aanbieder_alleen_bij_rol_aanbieder",
            ),
        ]

    @property
    def is_functioneel_beheer(self) -> bool:
        return self.rol == Rol.FUNCTIONEEL_BEHEER

    @property
    def is_aanbieder(self) -> bool:
        return self.rol == Rol.AANBIEDER

    def heeft_rol(self, *rollen: str) -> bool:
        return self.is_active and (self.rol in rollen)
