"""Evaluations, expiry signals, conversion runs and the re-assessment planning."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from wmoketen.catalogus.models import Leefgebied, Regio
from wmoketen.clienten.models import Client
from wmoketen.core.paden import bestandsnaam, zonder_paden
from wmoketen.toegang.models import Beschikking, Melding
from wmoketen.toewijzingen.models import Toewijzing


class EvaluatieStatus(models.TextChoices):
    GEPLAND = "gepland", "Gepland"
    VOORSTEL = "voorstel", "Ingevuld door aanbieder"
    VASTGESTELD = "vastgesteld", "Vastgesteld"


class EvaluatieSoort(models.TextChoices):
    TUSSEN = "tussen", "Tussenevaluatie"
    EIND = "eind", "Eindevaluatie"


class Oordeel(models.TextChoices):
    BEHAALD = "behaald", "Behaald"
    DEELS = "deels", "Deels behaald"
    NIET = "niet", "Niet behaald"


class Evaluatie(models.Model):
    """One planned evaluation of an assignment, filled in by the provider and settled by the consultant with the
    client (the triangle). A changed profile starts a vervolg melding in toegang."""

    toewijzing = models.ForeignKey(Toewijzing, on_delete=models.CASCADE, related_name="evaluaties")
    soort = models.CharField(max_length=10, choices=EvaluatieSoort.choices)
    gepland_op = models.DateField()
    status = models.CharField(max_length=12, choices=EvaluatieStatus.choices, default=EvaluatieStatus.GEPLAND)
    overgenomen = models.BooleanField(
        "overgenomen uit het vorige systeem",
        default=False,
        help_text="Gepland door het vorige systeem (migratie): de planning van die toewijzing volgt dan die van het "
        "vorige systeem, niet de regels van de regio.",
    )
    client_betrokken = models.BooleanField("cliënt betrokken", default=False)
    toelichting_aanbieder = models.TextField(blank=True)
    ingevuld_door_aanbieder_op = models.DateField(null=True, blank=True)
    toelichting = models.TextField("conclusie consulent", blank=True)
    profiel_gewijzigd = models.BooleanField(default=False)
    vastgesteld_op = models.DateField(null=True, blank=True)
    vastgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vervolgmelding = models.ForeignKey(Melding, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    beschikking = models.ForeignKey(
        Beschikking,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="nieuwe beschikking",
        help_text="De beschikking op de vervolgmelding: daarmee is de herindicatie afgerond.",
    )

    class Meta:
        verbose_name = "evaluatie"
        verbose_name_plural = "evaluaties"
        ordering = ["gepland_op", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["toewijzing", "soort", "gepland_op"], name="evaluatie_uniek"),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.gepland_op:%d-%m-%Y}"


class EvaluatieResultaat(models.Model):
    """Per intended result (from plan deel 2 or the region's matrix): achieved, partly or not, and why."""

    evaluatie = models.ForeignKey(Evaluatie, on_delete=models.CASCADE, related_name="resultaten")
    resultaat_code = models.CharField(max_length=20)
    leefgebied = models.ForeignKey(Leefgebied, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    omschrijving = models.CharField(max_length=300)
    oordeel_aanbieder = models.CharField(max_length=10, choices=Oordeel.choices, blank=True)
    toelichting_aanbieder = models.TextField(blank=True)
    oordeel = models.CharField("oordeel (vastgesteld)", max_length=10, choices=Oordeel.choices, blank=True)
    toelichting = models.TextField(blank=True)

    class Meta:
        verbose_name = "resultaat in evaluatie"
        verbose_name_plural = "resultaten in evaluatie"
        ordering = ["evaluatie", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["evaluatie", "resultaat_code"], name="evaluatieresultaat_uniek"),
        ]

    def __str__(self) -> str:
        return f"{self.resultaat_code} {self.omschrijving}"


class SignaalStatus(models.TextChoices):
    OPEN = "open", "Open"
    DOOR_AANBIEDER = "door_aanbieder", "Gemeld door aanbieder namens cliënt"
    GEMELD = "gemeld", "Vervolgmelding geregistreerd"
    AFGEROND = "afgerond", "Afgerond: nieuwe beschikking"
    VERVALLEN = "vervallen", "Vervallen"


class Herindicatiesignaal(models.Model):
    """An indication that expires: raised on the signal date, so the 8-week process ends before the end date."""

    toewijzing = models.ForeignKey(Toewijzing, on_delete=models.CASCADE, related_name="herindicatiesignalen")
    einddatum = models.DateField()
    laatste_melddatum = models.DateField()
    signaaldatum = models.DateField()
    status = models.CharField(max_length=20, choices=SignaalStatus.choices, default=SignaalStatus.OPEN)
    aanbieder_gemeld_op = models.DateField(null=True, blank=True)
    aanbieder_toelichting = models.TextField(blank=True)
    melding = models.ForeignKey(Melding, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    beschikking = models.ForeignKey(
        Beschikking,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="nieuwe beschikking",
        help_text="De beschikking die op dit signaal volgde: daarmee is de herindicatie afgerond.",
    )
    aangemaakt_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "herindicatiesignaal"
        verbose_name_plural = "herindicatiesignalen"
        ordering = ["laatste_melddatum", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["toewijzing", "einddatum"], name="signaal_uniek_per_einddatum"),
            models.CheckConstraint(
                condition=models.Q(status="afgerond", beschikking__isnull=False)
                | (~models.Q(status="afgerond") & models.Q(beschikking__isnull=True)),
                name="signaal_afgerond_met_beschikking",
            ),
        ]

    def __str__(self) -> str:
        return f"Herindicatie vóór {self.einddatum:%d-%m-%Y}"


class Conversie(models.Model):
    """A conversion definition as loaded from a file under conversies/ (the validated content as JSON)."""

    code = models.SlugField(max_length=60, unique=True)
    naam = models.CharField(max_length=200)
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="conversies")
    bestand = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    definitie = models.JSONField()
    geladen_op = models.DateTimeField(default=timezone.now)
    # uploaded on the page (not via the command line): who, so that another beheerder must start it (four eyes)
    aangeleverd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # the latest background task for this conversion (dry run or run): its progress is shown on the page
    taak = models.ForeignKey("taken.Taak", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = "conversie"
        verbose_name_plural = "conversies"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.naam

    @property
    def bestandsnaam(self) -> str:
        """The definition's file name without the server's directories (a page never shows a server path)."""
        return bestandsnaam(self.bestand)


class RunSoort(models.TextChoices):
    PROEF = "proef", "Proefdraai"
    ECHT = "echt", "Uitvoering"


class RunStatus(models.TextChoices):
    BEZIG = "bezig", "Bezig"
    ONDERBROKEN = "onderbroken", "Onderbroken"
    KLAAR = "klaar", "Klaar"


class Conversierun(models.Model):
    """One dry run or real run of a conversion definition (identified by the definition's hash)."""

    conversie = models.ForeignKey(Conversie, on_delete=models.PROTECT, related_name="runs")
    soort = models.CharField(max_length=10, choices=RunSoort.choices)
    sha256 = models.CharField("hash van de definitie", max_length=64)
    status = models.CharField(max_length=12, choices=RunStatus.choices, default=RunStatus.BEZIG)
    gestart_op = models.DateTimeField(default=timezone.now)
    klaar_op = models.DateTimeField(null=True, blank=True)
    totaal = models.PositiveIntegerField(default=0)
    verwerkt = models.PositiveIntegerField(default=0)
    omgezet = models.PositiveIntegerField(default=0)
    ingekort = models.PositiveIntegerField(default=0)
    ongemoeid = models.PositiveIntegerField(default=0)
    handmatig = models.PositiveIntegerField(default=0)
    berichten_301 = models.PositiveIntegerField(default=0)
    batches = models.PositiveIntegerField(default=0)
    fout = models.TextField(blank=True)
    samenvatting = models.JSONField(default=dict, blank=True)
    rapport_csv = models.TextField(blank=True)
    rapport_md = models.TextField(blank=True)
    gestart_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    aangeleverd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "conversierun"
        verbose_name_plural = "conversieruns"
        ordering = ["-gestart_op", "-pk"]
        constraints = [
            models.CheckConstraint(  # four eyes: who uploaded the definition does not start its run
                condition=models.Q(aangeleverd_door__isnull=True)
                | models.Q(gestart_door__isnull=True)
                | ~models.Q(gestart_door=models.F("aangeleverd_door")),
                name="conversierun_vier_ogen",
            ),
            models.UniqueConstraint(
                fields=["conversie", "sha256"],
                condition=models.Q(soort="echt"),
                name="een_echte_run_per_definitie",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.conversie.code}"

    @property
    def voortgang_procent(self) -> int:
        return 100 if not self.totaal else self.verwerkt * 100 // self.totaal

    @property
    def fout_tekst(self) -> str:
        """The last error as a page may show it: an exception's text without server paths."""
        return zonder_paden(self.fout)


class StapStatus(models.TextChoices):
    OPEN = "open", "Open"
    KLAAR = "klaar", "Klaar"


class Conversiestap(models.Model):
    """One source assignment in a real run: pending until its batch commits; then done with its result."""

    run = models.ForeignKey(Conversierun, on_delete=models.CASCADE, related_name="stappen")
    volgnummer = models.PositiveIntegerField()
    toewijzing = models.ForeignKey(Toewijzing, on_delete=models.PROTECT, related_name="conversiestappen")
    regel = models.PositiveSmallIntegerField("regel in de definitie")
    actie = models.CharField(max_length=12)
    status = models.CharField(max_length=8, choices=StapStatus.choices, default=StapStatus.OPEN)
    nieuwe_toewijzing = models.ForeignKey(Toewijzing, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    gemeente_code = models.CharField(max_length=4)
    agb_code = models.CharField(max_length=8)
    segment_code = models.CharField(max_length=20)
    opmerking = models.CharField(max_length=300, blank=True)
    verwerkt_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "conversiestap"
        verbose_name_plural = "conversiestappen"
        ordering = ["run", "volgnummer"]
        constraints = [
            models.UniqueConstraint(fields=["run", "toewijzing"], name="conversiestap_uniek"),
            models.UniqueConstraint(fields=["run", "volgnummer"], name="conversiestap_volgnummer_uniek"),
        ]
        indexes = [models.Index(fields=["run", "status", "volgnummer"])]

    def __str__(self) -> str:
        return f"Stap {self.volgnummer} ({self.actie})"


class HerbeoordelingStatus(models.TextChoices):
    GEPLAND = "gepland", "Gepland"
    GESTART = "gestart", "Vervolgmelding geregistreerd"
    AFGEROND = "afgerond", "Afgerond: nieuwe beschikking"


class Herbeoordeling(models.Model):
    """A client planned for re-assessment in a week by a consultant (spread within the capacity per week)."""

    conversie = models.ForeignKey(Conversie, on_delete=models.CASCADE, related_name="herbeoordelingen")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="herbeoordelingen")
    toewijzing = models.ForeignKey(Toewijzing, on_delete=models.PROTECT, related_name="+")
    week = models.DateField(help_text="Maandag van de week.")
    uiterlijk = models.DateField()
    consulent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="herbeoordelingen"
    )
    status = models.CharField(max_length=10, choices=HerbeoordelingStatus.choices, default=HerbeoordelingStatus.GEPLAND)
    melding = models.ForeignKey(Melding, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    beschikking = models.ForeignKey(
        Beschikking,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="nieuwe beschikking",
        help_text="De beschikking na de herbeoordeling: daarmee is die afgerond.",
    )

    class Meta:
        verbose_name = "herbeoordeling"
        verbose_name_plural = "herbeoordelingen"
        ordering = ["week", "consulent", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["conversie", "client"], name="herbeoordeling_uniek"),
            models.CheckConstraint(
                condition=models.Q(status="afgerond", beschikking__isnull=False)
                | (~models.Q(status="afgerond") & models.Q(beschikking__isnull=True)),
                name="herbeoordeling_afgerond_met_beschikking",
            ),
        ]

    def __str__(self) -> str:
        return f"Herbeoordeling week van {self.week:%d-%m-%Y}"
