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
    # Each TOTP code counts once: the time step (RFC 6238 T) of the last accepted code; a code of that step or an
    # earlier one is refused, also in another session.
    totp_laatste_stap = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    # Four eyes between accounts (accounts.vierogen): who created this account, and who last changed, and when,
    # what it may do or how it signs in (password, role, region, gemeenten, provider, active), if not its holder.
    aangemaakt_door = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    bevoegd_door = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    bevoegdheid_gewijzigd_op = models.DateTimeField(null=True, blank=True, editable=False)

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


class Systeemkoppeling(models.Model):
    """Credentials of one system that uploads iWmo messages for exactly one party (a provider's software, a
    gemeente's own system). Never a person's password: a random token, stored only as its SHA-256."""

    naam = models.CharField(max_length=100, help_text="Welk systeem, bijvoorbeeld 'ECD van Zorg BV'.")
    aanbieder = models.ForeignKey(
        "contracten.Aanbieder", on_delete=models.PROTECT, null=True, blank=True, related_name="koppelingen"
    )
    gemeente = models.ForeignKey(
        "catalogus.Gemeente", on_delete=models.PROTECT, null=True, blank=True, related_name="koppelingen"
    )
    token_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    token_begin = models.CharField("begin van het token", max_length=8, editable=False)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    aangemaakt_door = models.ForeignKey(
        Gebruiker, on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    laatst_gebruikt_op = models.DateTimeField(null=True, blank=True, editable=False)
    ingetrokken_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "systeemkoppeling"
        verbose_name_plural = "systeemkoppelingen"
        constraints = [
            models.CheckConstraint(
                condition=(Q(aanbieder__isnull=False) & Q(gemeente__isnull=True))
                | (Q(aanbieder__isnull=True) & Q(gemeente__isnull=False)),
                name="koppeling_precies_een_partij",
            ),
        ]

    def __str__(self) -> str:
        return f"koppeling {self.naam} ({self.partij_code})"

    @property
    def partij_code(self) -> str:
        """The AGB code of the provider or the CBS code of the gemeente this system speaks for."""
        return self.aanbieder.agb_code if self.aanbieder else self.gemeente.cbs_code  # type: ignore[union-attr]


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
