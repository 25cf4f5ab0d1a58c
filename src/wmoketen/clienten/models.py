"""Client identity. The BSN is personal data: it never appears in URLs or logs.

Address and contact data change; every change writes a `Clientversie` (what was recorded, from which source, by
whom), so the history stays. Representatives and contact persons are `Relatie` rows that are ended, never deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Lower
from django.utils import timezone

from wmoketen.catalogus.models import Gemeente


class Geslacht(models.TextChoices):
    """iWmo code list COD046."""

    ONBEKEND = "0", "Onbekend"
    MANNELIJK = "1", "Mannelijk"
    VROUWELIJK = "2", "Vrouwelijk"


def _zoeknaam() -> Lower:
    """Every name part in lower case, one space apart: what the name search matches (trigram index on PostgreSQL,
    migration 0002). A generated column, so it can never disagree with the name (also after anonymising)."""
    return Lower(
        Concat(
            "voornamen",
            Value(" "),
            "voorletters",
            Value(" "),
            "voorvoegsel",
            Value(" "),
            "achternaam",
            output_field=models.CharField(),
        )
    )


class Client(models.Model):
    """A client of one gemeente. Each gemeente is its own controller of the data (AVG art. 4(7)), so the BSN is
    unique per gemeente, not in the system: the same person known to two gemeenten (after a move) has a record,
    and a history, in each; neither sees the other's (need-to-know follows `gemeente`, accounts.client_scope).
    Look a client up by BSN only together with the gemeente (docs/clienten.md, "Eén dossier per gemeente")."""

    bsn = models.CharField("BSN", max_length=9)
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
    email = models.EmailField("e-mailadres", blank=True)
    overleden_op = models.DateField("datum van overlijden", null=True, blank=True)
    zoeknaam = models.GeneratedField(
        expression=_zoeknaam(), output_field=models.CharField(max_length=240), db_persist=True
    )
    # The surname alone, lower-cased: what the similar-name fallback compares (a typo in a first name should
    # not pull in everyone called Johannes).
    zoekachternaam = models.GeneratedField(
        expression=Lower("achternaam"), output_field=models.CharField(max_length=100), db_persist=True
    )

    class Meta:
        verbose_name = "cliënt"
        verbose_name_plural = "cliënten"
        ordering = ["achternaam", "voorletters"]
        indexes = [
            models.Index(fields=["geboortedatum"], name="client_geboortedatum"),
            models.Index(fields=["postcode", "huisnummer"], name="client_postcode_huisnummer"),
            models.Index(fields=["bsn"], name="client_bsn"),  # the search by BSN over the user's gemeenten
        ]
        constraints = [models.UniqueConstraint(fields=["gemeente", "bsn"], name="client_bsn_per_gemeente")]

    def __str__(self) -> str:
        return self.naam

    @property
    def naam(self) -> str:
        parts = [self.voorletters, self.voorvoegsel, self.achternaam]
        return " ".join(p for p in parts if p)

    @property
    def adres(self) -> str:
        straat = f"{self.straat} {self.huisnummer or ''}{self.huisnummer_toevoeging}".strip()
        return ", ".join(p for p in (straat, f"{self.postcode} {self.plaats}".strip()) if p)


class Bron(models.TextChoices):
    HANDMATIG = "handmatig", "Handmatig ingevoerd"
    BRP = "brp", "Basisregistratie Personen (BRP)"


# The fields a Clientversie records (identity, address, contact).
VERSIE_VELDEN = (
    "geboortedatum",
    "geslacht",
    "voorletters",
    "voornamen",
    "voorvoegsel",
    "achternaam",
    "straat",
    "huisnummer",
    "huisnummer_toevoeging",
    "postcode",
    "plaats",
    "gemeente_id",
    "telefoon",
    "email",
    "overleden_op",
)


class Clientversie(models.Model):
    """The client's data as recorded from `geldig_van`: one row per change, the newest is current."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="versies")
    geldig_van = models.DateField()
    gegevens = models.JSONField()
    gewijzigd = models.JSONField("gewijzigde velden", default=list)
    bron = models.CharField(max_length=10, choices=Bron.choices, default=Bron.HANDMATIG)
    toelichting = models.CharField(max_length=300, blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "versie cliëntgegevens"
        verbose_name_plural = "versies cliëntgegevens"
        ordering = ["client", "-vastgelegd_op", "-pk"]

    def __str__(self) -> str:
        return f"Gegevens {self.client_id} vanaf {self.geldig_van:%d-%m-%Y}"


class SoortRelatie(models.TextChoices):
    """iWmo COD472 (the codes a 301 Relatie carries), the ones a Wmo dossier uses."""

    CURATOR = "03", "Curator"
    FINANCIEEL_GEMACHTIGD = "04", "Financieel (gemachtigd)"
    OUDER = "10", "Ouder"
    VOOGD = "11", "Voogd"
    PARTNER = "12", "Partner"
    BEWINDVOERDER = "14", "Bewindvoerder"
    MENTOR = "15", "Mentor"
    KIND = "16", "Zoon/dochter"
    FAMILIELID = "17", "Familielid"
    BUUR = "19", "Buur"
    VRIEND = "20", "Vriend(in)/kennis"
    CLIENTONDERSTEUNER = "21", "Cliëntondersteuner"
    HUISARTS = "22", "Huisarts"
    ANDERS = "09", "Anders"


# Representatives by law (Burgerlijk Wetboek: curatele, mentorschap, beschermingsbewind; voogdij over minors).
WETTELIJKE_VERTEGENWOORDIGERS = frozenset(
    {SoortRelatie.CURATOR, SoortRelatie.BEWINDVOERDER, SoortRelatie.MENTOR, SoortRelatie.VOOGD}
)


class Relatie(models.Model):
    """A representative or contact person. Ended with `geldig_tot`, never deleted: the history stays."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="relaties")
    soort = models.CharField(max_length=2, choices=SoortRelatie.choices)
    wettelijk_vertegenwoordiger = models.BooleanField(default=False)
    contactpersoon = models.BooleanField("eerste contactpersoon", default=False)
    voorletters = models.CharField(max_length=20, blank=True)
    voorvoegsel = models.CharField(max_length=10, blank=True)
    achternaam = models.CharField(max_length=100)
    telefoon = models.CharField(max_length=20, blank=True)
    email = models.EmailField("e-mailadres", blank=True)
    adres = models.CharField(max_length=200, blank=True)
    geldig_van = models.DateField()
    geldig_tot = models.DateField(null=True, blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "relatie"
        verbose_name_plural = "relaties"
        ordering = ["client", "-geldig_van", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=models.F("geldig_van")),
                name="relatie_periode_geldig",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.naam}"

    @property
    def naam(self) -> str:
        return " ".join(p for p in (self.voorletters, self.voorvoegsel, self.achternaam) if p)
