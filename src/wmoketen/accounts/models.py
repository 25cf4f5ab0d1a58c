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
    totp_geheim = models.CharField(
        "TOTP-geheim", max_length=64, blank=True, help_text="Gedeeld geheim van de authenticator-app (RFC 6238)."
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
    def tweede_factor_verplicht(self) -> bool:
        """Functioneel beheer must use a second factor; other staff once they have set one up."""
        return self.rol == Rol.FUNCTIONEEL_BEHEER or bool(self.totp_geheim)

    @property
    def is_functioneel_beheer(self) -> bool:
        return self.rol == Rol.FUNCTIONEEL_BEHEER

    @property
    def is_aanbieder(self) -> bool:
        return self.rol == Rol.AANBIEDER

    def heeft_rol(self, *rollen: str) -> bool:
        return self.is_active and (self.rol in rollen)


class Sessie(models.Model):
    """A signed-in session, so users can see where they are signed in and end a session themselves."""

    gebruiker = models.ForeignKey(Gebruiker, on_delete=models.CASCADE, related_name="sessies")
    sessiesleutel = models.CharField(max_length=40, unique=True)
    aangemeld_op = models.DateTimeField()
    laatst_actief = models.DateTimeField()
    ip_adres = models.GenericIPAddressField(null=True, blank=True)
    apparaat = models.CharField("browser", max_length=200, blank=True)

    class Meta:
        verbose_name = "sessie"
        verbose_name_plural = "sessies"
        ordering = ["-laatst_actief"]

    def __str__(self) -> str:
        return f"{self.gebruiker} sinds {self.aangemeld_op:%d-%m-%Y %H:%M}"
