"""Assignments (toewijzingen) of a product to a provider for a client.

This is the record the access process creates on a beschikking; the messaging issue adds versions,
start/stop state and the 301 that carries it.
"""

from __future__ import annotations

from datetime import date, time

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from wmoketen.catalogus.constants import Eenheid, Frequentie
from wmoketen.catalogus.models import Product
from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Aanbieder
from wmoketen.core.werkdagen import werkdagen_tussen

from .constants import (
    START_STOP_TERMIJN_WERKDAGEN,
    BeeindigingsReden,
    RedenAfwijzing,
    RedenBeeindiging,
    RedenVerzoek,
    RedenWijziging,
    RegelSoort,
    VerzoekSoort,
    VerzoekStatus,
)
from .domain import VERWIJDERD_REDENEN


def verwijderd_q(pad: str = "") -> Q:
    """A deleted assignment in SQL (`domain.is_verwijderd`: RedenWijziging 13 or the old 01 with Einddatum =
    Ingangsdatum); `pad` reaches it through a relation ("toewijzing__"). Exclude it, or use `niet_verwijderd()`."""
    return Q(**{f"{pad}reden_wijziging__in": sorted(VERWIJDERD_REDENEN), f"{pad}einddatum": F(f"{pad}ingangsdatum")})


class ToewijzingQuerySet(models.QuerySet["Toewijzing"]):
    def niet_verwijderd(self) -> ToewijzingQuerySet:
        """Without the deleted assignments (`verwijderd_q`): those never existed."""
        return self.exclude(verwijderd_q())

    def lopend_vanaf(self, dag: date) -> ToewijzingQuerySet:
        """Not ended before `dag`: running on `dag` or starting later (no Einddatum, or one on or after `dag`)."""
        return self.filter(Q(einddatum__isnull=True) | Q(einddatum__gte=dag))


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
    gewijzigd_op = models.DateTimeField(
        "vastgesteld op",
        default=timezone.now,
        help_text="Moment waarop de gemeente deze versie vaststelde (Toewijzingsdatum/-tijd, IV013).",
    )
    referentie_aanbieder = models.CharField("ReferentieAanbieder", max_length=36, blank=True)
    referentie_op = models.DateTimeField(null=True, blank=True)
    vorige = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="opvolgers",
        help_text="De beëindigde toewijzing waarvoor deze opnieuw is uitgegeven.",
    )  # fmt: skip
    wissel_van = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="wissel_naar",
        verbose_name="wissel van", help_text="De toewijzing bij de vorige aanbieder voor dezelfde behoefte.",
    )  # fmt: skip
    einde_door_wissel = models.BooleanField(
        "einde door wissel van aanbieder", default=False,
        help_text="Deze toewijzing eindigt omdat de cliënt voor dezelfde behoefte naar een andere aanbieder gaat.",
    )  # fmt: skip

    objects = ToewijzingQuerySet.as_manager()

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

    @property
    def toewijzingsdatum(self) -> date:
        return timezone.localtime(self.gewijzigd_op).date()

    @property
    def reden_wijziging_tekst(self) -> str:
        """'02 Cliënt overleden' (WMO002), empty when unchanged."""
        if not self.reden_wijziging:
            return ""
        label = dict(RedenWijziging.choices).get(self.reden_wijziging, "")
        return f"{self.reden_wijziging} {label}".strip()

    @property
    def toewijzingstijd(self) -> time:
        return timezone.localtime(self.gewijzigd_op).time().replace(microsecond=0)

    @property
    def begin_door_wissel(self) -> bool:
        """This assignment starts because the client switched to this provider (the settlement's switch rule)."""
        return self.wissel_van_id is not None


class OnderbrekingReden(models.TextChoices):
    OPNAME = "opname", "Opname (ziekenhuis, revalidatie)"
    VAKANTIE = "vakantie", "Vakantie of verblijf elders"
    ANDERS = "anders", "Anders"


class Onderbreking(models.Model):
    """A period in which the care of a running assignment was interrupted (admission, holiday). The settlement
    applies the region's rule (Afrekenregel.onderbreking: paid on, pro rata, or nothing); no 301 carries it."""

    toewijzing = models.ForeignKey(Toewijzing, on_delete=models.CASCADE, related_name="onderbrekingen")
    van = models.DateField("van")
    tot = models.DateField("tot en met")
    reden = models.CharField(max_length=10, choices=OnderbrekingReden.choices)
    toelichting = models.CharField(max_length=200, blank=True)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    vastgelegd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "onderbreking"
        verbose_name_plural = "onderbrekingen"
        ordering = ["toewijzing", "van"]
        constraints = [
            models.CheckConstraint(condition=Q(tot__gte=models.F("van")), name="onderbreking_periode_geldig"),
        ]

    def __str__(self) -> str:
        return f"Onderbreking {self.van:%d-%m-%Y} t/m {self.tot:%d-%m-%Y}"


class Toewijzingsbericht(models.Model):
    """A 301 sent for a client at a provider: the moment decides what "changed since the last 301" means (OP087)."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="toewijzingsberichten")
    aanbieder = models.ForeignKey(Aanbieder, on_delete=models.PROTECT, related_name="toewijzingsberichten")
    verzonden_op = models.DateTimeField()
    toewijzing_nummers = models.JSONField(default=list)

    class Meta:
        verbose_name = "verzonden toewijzingsbericht"
        verbose_name_plural = "verzonden toewijzingsberichten"
        ordering = ["-verzonden_op"]
        indexes = [models.Index(fields=["client", "aanbieder", "verzonden_op"])]

    def __str__(self) -> str:
        return f"301 {self.verzonden_op:%Y-%m-%d %H:%M}"


class ToewijzingVersie(models.Model):
    """Every version of a toewijzing as fixed by the municipality (IV013: the latest date/time is current)."""

    toewijzing = models.ForeignKey(Toewijzing, on_delete=models.CASCADE, related_name="versies")
    toewijzingsdatum = models.DateField("Toewijzingsdatum")
    toewijzingstijd = models.TimeField("Toewijzingstijd")
    ingangsdatum = models.DateField()
    einddatum = models.DateField(null=True, blank=True)
    volume = models.PositiveBigIntegerField(null=True, blank=True)
    eenheid = models.CharField(max_length=2, blank=True)
    frequentie = models.CharField(max_length=1, blank=True)
    budget_cent = models.PositiveBigIntegerField(null=True, blank=True)
    reden_wijziging = models.CharField(max_length=2, choices=RedenWijziging.choices, blank=True)

    class Meta:
        verbose_name = "toewijzingsversie"
        verbose_name_plural = "toewijzingsversies"
        ordering = ["toewijzing", "toewijzingsdatum", "toewijzingstijd", "pk"]

    def __str__(self) -> str:
        return f"{self.toewijzing} {self.toewijzingsdatum} {self.toewijzingstijd}"


class Start(models.Model):
    """A StartProduct received in a 305 (key: Bsn + ToewijzingNummer + Product + Begindatum, IV008)."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="starts")
    aanbieder = models.ForeignKey(Aanbieder, on_delete=models.PROTECT, related_name="starts")
    gemeente_code = models.CharField(max_length=4)
    toewijzing = models.ForeignKey(Toewijzing, on_delete=models.PROTECT, null=True, blank=True, related_name="starts")
    toewijzing_nummer = models.PositiveIntegerField("ToewijzingNummer", null=True, blank=True)
    product_categorie = models.CharField(max_length=2, blank=True)
    product_code = models.CharField(max_length=5, blank=True)
    toewijzing_ingangsdatum = models.DateField(null=True, blank=True)
    begindatum = models.DateField("Begindatum")
    ontvangen_op = models.DateField()
    verwijderd_op = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "start"
        verbose_name_plural = "starts"
        ordering = ["begindatum", "pk"]

    def __str__(self) -> str:
        return f"Start {self.toewijzing_nummer} {self.begindatum}"

    @property
    def werkdagen_na_begin(self) -> int:
        return werkdagen_tussen(self.begindatum, self.ontvangen_op)

    @property
    def tijdig(self) -> bool:
        """Reported within 5 working days after the real start (OP271)."""
        return self.werkdagen_na_begin <= START_STOP_TERMIJN_WERKDAGEN


class Stop(models.Model):
    """A StopProduct received in a 307; reden 20 is a temporary stop (then a definitive stop or a new start)."""

    start = models.ForeignKey(Start, on_delete=models.PROTECT, related_name="stops")
    reden_beeindiging = models.CharField(max_length=2, choices=RedenBeeindiging.choices)
    einddatum = models.DateField("Einddatum")
    ontvangen_op = models.DateField()
    verwijderd_op = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "stop"
        verbose_name_plural = "stops"
        ordering = ["einddatum", "pk"]

    def __str__(self) -> str:
        return f"Stop {self.start.toewijzing_nummer} {self.einddatum}"

    @property
    def is_tijdelijk(self) -> bool:
        return self.reden_beeindiging == RedenBeeindiging.TIJDELIJK

    @property
    def tijdig(self) -> bool:
        return werkdagen_tussen(self.einddatum, self.ontvangen_op) <= START_STOP_TERMIJN_WERKDAGEN


class Verzoek(models.Model):
    """A verzoek om toewijzing (315, answered per product) or om wijziging (317, answered as a whole)."""

    soort = models.CharField(max_length=3, choices=VerzoekSoort.choices)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="verzoeken")
    aanbieder = models.ForeignKey(Aanbieder, on_delete=models.PROTECT, related_name="verzoeken")
    gemeente_code = models.CharField(max_length=4)
    referentie_aanbieder = models.CharField("ReferentieAanbieder", max_length=36, blank=True)
    reden_verzoek = models.CharField(max_length=1, choices=RedenVerzoek.choices, blank=True)
    commentaar = models.CharField(max_length=200, blank=True)
    ontvangen_op = models.DateField()
    uiterste_antwoorddatum = models.DateField()
    status = models.CharField(max_length=12, choices=VerzoekStatus.choices, default=VerzoekStatus.OPEN)
    reden_afwijzing = models.CharField(max_length=1, choices=RedenAfwijzing.choices, blank=True)
    beantwoord_op = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "verzoek"
        verbose_name_plural = "verzoeken"
        ordering = ["uiterste_antwoorddatum", "pk"]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.referentie_aanbieder or self.pk}"


class VerzoekRegel(models.Model):
    """One product line of a verzoek: AangevraagdProduct (315) or Ongewijzigd/TeWijzigen/NieuwProduct (317)."""

    verzoek = models.ForeignKey(Verzoek, on_delete=models.CASCADE, related_name="regels")
    soort = models.CharField(max_length=12, choices=RegelSoort.choices)
    referentie_aanbieder = models.CharField("ReferentieAanbieder", max_length=36, blank=True)
    toewijzing = models.ForeignKey(
        Toewijzing, on_delete=models.PROTECT, null=True, blank=True, related_name="verzoekregels"
    )
    product = models.ForeignKey(Product, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    product_categorie = models.CharField(max_length=2, blank=True)
    product_code = models.CharField(max_length=5, blank=True)
    ingangsdatum = models.DateField(null=True, blank=True)
    einddatum = models.DateField(null=True, blank=True)
    volume = models.PositiveBigIntegerField(null=True, blank=True)
    eenheid = models.CharField(max_length=2, blank=True)
    frequentie = models.CharField(max_length=1, blank=True)
    budget_cent = models.PositiveBigIntegerField(null=True, blank=True)
    beschikking_nummer = models.PositiveBigIntegerField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=VerzoekStatus.choices, default=VerzoekStatus.OPEN)
    reden_afwijzing = models.CharField(max_length=1, choices=RedenAfwijzing.choices, blank=True)
    resultaat = models.ForeignKey(
        Toewijzing, on_delete=models.PROTECT, null=True, blank=True, related_name="uit_verzoekregels"
    )

    class Meta:
        verbose_name = "verzoekregel"
        verbose_name_plural = "verzoekregels"
        ordering = ["verzoek", "pk"]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.product_categorie}{self.product_code}"


class Beeindiging(models.Model):
    """The municipality ended (or deleted, when it had not started) a client's provisions: why, as of which last
    day, which assignments, and the letter. The assignments themselves carry the change (einddatum and
    RedenWijziging, a new version) and go out in the next 301; nothing is deleted from the records."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="beeindigingen")
    reden = models.CharField(max_length=20, choices=BeeindigingsReden.choices)
    per = models.DateField("laatste dag van de ondersteuning")
    toewijzingen = models.ManyToManyField(Toewijzing, related_name="beeindigingen")
    toelichting = models.TextField(blank=True)
    akkoord_aanbieder = models.BooleanField(
        "in overeenstemming met de aanbieder (einddatum in het verleden, OP186)", default=False
    )
    nieuwe_gemeente = models.ForeignKey(
        "catalogus.Gemeente", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    overgenomen = models.ManyToManyField(Toewijzing, related_name="overgenomen_uit", blank=True)
    brief = models.ForeignKey("toegang.Brief", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    vastgelegd_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "beëindiging door de gemeente"
        verbose_name_plural = "beëindigingen door de gemeente"
        ordering = ["-vastgelegd_op", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_reden_display()} per {self.per:%d-%m-%Y}"


class Nummerreeks(models.Model):
    """The last ToewijzingNummer handed out. Locked while a number is taken, so two assignments created at the
    same moment never get the same number (max + 1 would collide)."""

    laatste = models.PositiveBigIntegerField(default=100000)

    class Meta:
        verbose_name = "nummerreeks toewijzingen"

    def __str__(self) -> str:
        return f"Laatste ToewijzingNummer {self.laatste}"
