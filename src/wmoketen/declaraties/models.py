"""Declarations (323), their prestaties with the outcome of the checks (325), and payment batches.

Money is integer eurocents. `toegekend_cent` and `Betaalregel.bedrag_cent` are signed: an approved credit is
negative, so sums net out. A prestatie is paid at most once: `Betaalregel.prestatie` is one-to-one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from wmoketen.catalogus.models import Gemeente
from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Aanbieder
from wmoketen.toewijzingen.models import Toewijzing

from .constants import BatchStatus, DebetCredit, DeclaratieStatus, PrestatieStatus


class Declaratie(models.Model):
    declaratie_nummer = models.CharField("DeclaratieNummer", max_length=12)
    aanbieder = models.ForeignKey(Aanbieder, on_delete=models.PROTECT, related_name="declaraties")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="declaraties")
    periode_begin = models.DateField("DeclaratiePeriode begindatum")
    periode_eind = models.DateField("DeclaratiePeriode einddatum")
    dagtekening = models.DateField("DeclaratieDagtekening")
    bericht_identificatie = models.CharField("BerichtIdentificatie van de 323", max_length=12)
    bericht_id = models.PositiveBigIntegerField("ontvangen bericht", null=True, blank=True)
    antwoord_bericht_id = models.PositiveBigIntegerField("verzonden 325", null=True, blank=True)
    totaal_ingediend_cent = models.BigIntegerField("TotaalIngediendBedrag (debet - credit)")
    totaal_toegekend_cent = models.BigIntegerField("TotaalToegekendBedrag", default=0)
    ontvangen_op = models.DateField()
    antwoord_uiterlijk = models.DateField("325 uiterlijk (10 werkdagen)")
    beantwoord_op = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=DeclaratieStatus.choices, default=DeclaratieStatus.ONTVANGEN)
    retour_codes = models.JSONField("retourcodes op declaratieniveau", default=list, blank=True)
    bevindingen = models.JSONField(default=list, blank=True)
    aangemaakt_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "declaratie"
        verbose_name_plural = "declaraties"
        ordering = ["-ontvangen_op", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["aanbieder", "declaratie_nummer"],
                condition=~Q(status=DeclaratieStatus.AFGEWEZEN),
                name="declaratienummer_uniek_per_aanbieder",  # TR333
            ),
        ]
        indexes = [models.Index(fields=["aanbieder", "gemeente", "periode_begin"])]

    def __str__(self) -> str:
        return f"Declaratie {self.declaratie_nummer}"


class Prestatie(models.Model):
    declaratie = models.ForeignKey(Declaratie, on_delete=models.CASCADE, related_name="prestaties")
    volgnummer = models.PositiveIntegerField("positie in de 323")
    # The single-column indexes of aanbieder and toewijzing stay, although composite indexes in Meta start with
    # them: without them the cost queries of monitoring ran 20-30 % slower at 2.7 million prestaties, for 3 %
    # gained on a 20 MB 323 (docs/declaraties.md).
    aanbieder = models.ForeignKey(Aanbieder, on_delete=models.PROTECT, related_name="prestaties")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, null=True, blank=True, related_name="prestaties")
    toewijzing = models.ForeignKey(
        Toewijzing, on_delete=models.PROTECT, null=True, blank=True, related_name="prestaties"
    )
    referentie_nummer = models.CharField("ReferentieNummer", max_length=20)
    vorig_referentie_nummer = models.CharField("VorigReferentieNummer", max_length=20, blank=True)
    toewijzing_nummer = models.PositiveBigIntegerField("ToewijzingNummer")
    product_categorie = models.CharField("ProductCategorie", max_length=2)
    product_code = models.CharField("ProductCode", max_length=5)
    begindatum = models.DateField("ProductPeriode begindatum")
    einddatum = models.DateField("ProductPeriode einddatum")
    geleverd_volume = models.PositiveBigIntegerField("GeleverdVolume")
    eenheid = models.CharField("Eenheid", max_length=2)
    product_tarief_cent = models.PositiveBigIntegerField("ProductTarief", null=True, blank=True)
    ingediend_bedrag_cent = models.PositiveBigIntegerField("IngediendBedrag")
    debet_credit = models.CharField(max_length=1, choices=DebetCredit.choices)
    status = models.CharField(max_length=12, choices=PrestatieStatus.choices)
    retour_codes = models.JSONField(default=list, blank=True)
    bevindingen = models.JSONField(default=list, blank=True)
    toegekend_cent = models.BigIntegerField("toegekend (credit negatief)", default=0)

    class Meta:
        verbose_name = "prestatie"
        verbose_name_plural = "prestaties"
        ordering = ["declaratie", "volgnummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["aanbieder", "referentie_nummer"],
                condition=Q(status=PrestatieStatus.GOEDGEKEURD),
                name="referentienummer_goedgekeurd_uniek",  # TR314 for what counts
            ),
        ]
        indexes = [
            models.Index(fields=["aanbieder", "referentie_nummer"]),
            models.Index(fields=["toewijzing", "status"]),
            # monitoring: the rejected lines of a period and their retourcodes (small: only rejected rows)
            models.Index(
                fields=["begindatum"],
                include=["aanbieder", "client", "toewijzing", "declaratie", "retour_codes"],
                condition=Q(status=PrestatieStatus.AFGEWEZEN),
                name="prestatie_afgewezen_begin",
            ),
            # monitoring: the prestaties of a period for cost per client, read index-only and summed per
            # assignment before the join to the assignment (monitoring.kpi.kosten.per_toewijzing)
            models.Index(
                fields=["begindatum"],
                include=["toewijzing", "client", "aanbieder", "declaratie", "status", "toegekend_cent"],
                name="prestatie_begin_kosten",
            ),
        ]

    def __str__(self) -> str:
        return f"Prestatie {self.referentie_nummer}"

    @property
    def is_credit(self) -> bool:
        return self.debet_credit == DebetCredit.CREDIT

    @property
    def goedgekeurd(self) -> bool:
        return self.status == PrestatieStatus.GOEDGEKEURD


class Betaalbatch(models.Model):
    """Approved prestaties of one municipality, to pay. Four eyes: approved by someone other than the creator."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="betaalbatches")
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    goedgekeurd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    goedgekeurd_op = models.DateTimeField(null=True, blank=True)
    vervaldatum = models.DateField("uiterlijk betalen op")
    status = models.CharField(max_length=12, choices=BatchStatus.choices, default=BatchStatus.CONCEPT)
    totaal_cent = models.BigIntegerField(default=0)
    # What stayed out when the batch was made, for the second pair of eyes: per provider and ceiling the amount
    # held above a budget ceiling, and the providers left out for want of a valid bank account (with the reason).
    aangehouden = models.JSONField("aangehouden boven het plafond", default=list, blank=True)
    uitgesloten = models.JSONField("niet betaalbaar (rekening)", default=list, blank=True)

    class Meta:
        verbose_name = "betaalbatch"
        verbose_name_plural = "betaalbatches"
        ordering = ["-aangemaakt_op", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(goedgekeurd_door__isnull=True) | ~Q(goedgekeurd_door=models.F("aangemaakt_door")),
                name="betaalbatch_vier_ogen",
            ),
        ]

    def __str__(self) -> str:
        return f"Betaalbatch {self.pk}"


class Betaalregel(models.Model):
    batch = models.ForeignKey(Betaalbatch, on_delete=models.CASCADE, related_name="regels")
    aanbieder = models.ForeignKey(Aanbieder, on_delete=models.PROTECT, related_name="betaalregels")
    prestatie = models.OneToOneField(Prestatie, on_delete=models.PROTECT, related_name="betaalregel")
    bedrag_cent = models.BigIntegerField("bedrag (credit negatief)")
    vervaldatum = models.DateField()

    class Meta:
        verbose_name = "betaalregel"
        verbose_name_plural = "betaalregels"
        ordering = ["batch", "aanbieder", "pk"]

    def __str__(self) -> str:
        return f"{self.batch} {self.prestatie}"
