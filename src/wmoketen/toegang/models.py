"""Access (toegang): from melding through onderzoek and ondersteuningsplan to beschikking.

Every step records who and when (fields on each record, and one `Stap` per step for the dossier timeline).
A signed document (onderzoeksverslag signed by the client, plan deel 1, plan deel 2, beschikking) is never
changed afterwards: services refuse it, and a new version `vervangt` the old one instead.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from wmoketen.catalogus.models import Leefgebied, Product, Regio
from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Aanbieder

from .constants import (
    AfhandelingSoort,
    Afwijzingsgrond,
    BezwaarUitkomst,
    BriefSoort,
    Categorie,
    Fase,
    Intensiteit,
    Perspectief,
    Reden,
    Score,
    StapSoort,
    TermijnCode,
    Verstrekkingsvorm,
    Vervoer,
)


def _gebruiker(related_name: str, verbose_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
    )


class Melding(models.Model):
    """A melding of a need for support; the root of one access process (dossier)."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="meldingen")
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="meldingen")
    melddatum = models.DateField()
    omschrijving = models.TextField("hulpvraag", blank=True)
    fase = models.CharField(max_length=20, choices=Fase.choices, default=Fase.MELDING)
    consulent = _gebruiker("meldingen_als_consulent", "consulent")
    huisbezoek_afspraak_op = models.DateField("afspraak huisbezoek gemaakt op", null=True, blank=True)
    huisbezoek_datum = models.DateField("datum huisbezoek", null=True, blank=True)
    aanvraag_op = models.DateField("aanvraag (ondertekend onderzoeksverslag) ontvangen op", null=True, blank=True)
    akkoord_door = _gebruiker("toegang_akkoorden", "akkoord door")
    volgende_termijn = models.CharField(max_length=20, choices=TermijnCode.choices, blank=True)
    volgende_uiterlijk = models.DateField(null=True, blank=True)
    geregistreerd_door = _gebruiker("toegang_meldingen", "geregistreerd door")
    geregistreerd_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "melding"
        verbose_name_plural = "meldingen"
        ordering = ["-melddatum", "-pk"]
        indexes = [models.Index(fields=["fase", "volgende_uiterlijk"])]

    def __str__(self) -> str:
        return f"Melding {self.pk} van {self.melddatum:%d-%m-%Y}"


class Onderzoeksverslag(models.Model):
    """The findings of the onderzoek. Signed by the client, it is the aanvraag."""

    melding = models.ForeignKey(Melding, on_delete=models.PROTECT, related_name="verslagen")
    versie = models.PositiveSmallIntegerField(default=1)
    vervangt = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="vervangen_door"
    )
    gespreksdatum = models.DateField()
    aanwezigen = models.CharField("aanwezig (cliënt en netwerk)", max_length=300, blank=True)
    bevindingen = models.TextField()
    ondertekend_op = models.DateField("ondertekend door cliënt op", null=True, blank=True)
    vastgelegd_door = _gebruiker("toegang_verslagen", "vastgelegd door")
    vastgelegd_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "onderzoeksverslag"
        verbose_name_plural = "onderzoeksverslagen"
        ordering = ["melding", "versie"]
        constraints = [models.UniqueConstraint(fields=["melding", "versie"], name="verslag_versie_uniek")]

    def __str__(self) -> str:
        return f"Onderzoeksverslag versie {self.versie}"

    @property
    def is_ondertekend(self) -> bool:
        return self.ondertekend_op is not None


class Ondersteuningsplan(models.Model):
    """Ondersteuningsplan deel 1: filled in by the municipality with the client, signed by both."""

    melding = models.ForeignKey(Melding, on_delete=models.PROTECT, related_name="plannen")
    versie = models.PositiveSmallIntegerField(default=1)
    vervangt = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="vervangen_door"
    )
    reden = models.CharField(max_length=20, choices=Reden.choices)
    verstrekkingsvorm = models.CharField(max_length=3, choices=Verstrekkingsvorm.choices, default=Verstrekkingsvorm.ZIN)
    aanbieder = models.ForeignKey(Aanbieder, on_delete=models.PROTECT, related_name="ondersteuningsplannen")
    termijn_maanden = models.PositiveSmallIntegerField("indicatietermijn (maanden)")
    perspectief = models.CharField(max_length=20, choices=Perspectief.choices)
    score_veiligheid = models.CharField(max_length=1, choices=Score.choices)
    score_balans = models.CharField(max_length=1, choices=Score.choices)
    score_afstand = models.CharField(max_length=1, choices=Score.choices)
    score_zelfredzaamheid = models.CharField(max_length=1, choices=Score.choices)
    score_medewerking = models.CharField(max_length=1, choices=Score.choices)
    uitkomst_punten = models.PositiveSmallIntegerField()
    uitkomst_categorie = models.CharField(max_length=1, choices=Categorie.choices)
    uitkomst_intensiteit = models.CharField(max_length=12, choices=Intensiteit.choices)
    oordeel_categorie = models.CharField("oordeel regisseur: categorie", max_length=1, choices=Categorie.choices)
    oordeel_intensiteit = models.CharField("oordeel regisseur: intensiteit", max_length=12, choices=Intensiteit.choices)
    motivatie_afwijking = models.TextField(blank=True)
    motivatie_product = models.TextField("motivatie productkeuze (profiel wijkt af van het oordeel)", blank=True)
    vervoer = models.CharField(max_length=10, choices=Vervoer.choices, blank=True)
    kortdurend_verblijf_etmalen = models.PositiveSmallIntegerField(
        "kortdurend verblijf (etmalen per 4 weken)", null=True, blank=True
    )
    toelichting = models.TextField(blank=True)
    toestemming_aanbieder = models.BooleanField(
        "schriftelijke toestemming cliënt om de aanbieder te benaderen", default=False
    )
    ondertekend_client_op = models.DateField(null=True, blank=True)
    ondertekend_gemeente_op = models.DateField(null=True, blank=True)
    ondertekend_gemeente_door = _gebruiker("toegang_plannen_ondertekend", "ondertekend namens de gemeente door")
    verzonden_op = models.DateField("verstuurd naar aanbieder op", null=True, blank=True)
    opgesteld_door = _gebruiker("toegang_plannen", "opgesteld door")
    opgesteld_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "ondersteuningsplan"
        verbose_name_plural = "ondersteuningsplannen"
        ordering = ["melding", "versie"]
        constraints = [models.UniqueConstraint(fields=["melding", "versie"], name="plan_versie_uniek")]

    def __str__(self) -> str:
        return f"Ondersteuningsplan versie {self.versie}"

    @property
    def is_ondertekend(self) -> bool:
        return self.ondertekend_client_op is not None and self.ondertekend_gemeente_op is not None

    @property
    def wijkt_af(self) -> bool:
        return (self.oordeel_categorie, self.oordeel_intensiteit) != (
            self.uitkomst_categorie,
            self.uitkomst_intensiteit,
        )

    def scores(self) -> dict[str, str]:
        return {
            "veiligheid": self.score_veiligheid,
            "balans": self.score_balans,
            "afstand": self.score_afstand,
            "zelfredzaamheid": self.score_zelfredzaamheid,
            "medewerking": self.score_medewerking,
        }


class PlanProduct(models.Model):
    """A product the plan indicates; `volume` where the region indicates hours, dagdelen or etmalen."""

    plan = models.ForeignKey(Ondersteuningsplan, on_delete=models.CASCADE, related_name="producten")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    volume = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "product in plan"
        verbose_name_plural = "producten in plan"
        ordering = ["plan", "product__perceel__segment__volgorde", "product__volgorde", "product__productcode"]
        constraints = [models.UniqueConstraint(fields=["plan", "product"], name="planproduct_uniek")]

    def __str__(self) -> str:
        return str(self.product)


class Deel2(models.Model):
    """Ondersteuningsplan deel 2: the provider's activities per intended result, signed by client and provider."""

    plan = models.ForeignKey(Ondersteuningsplan, on_delete=models.PROTECT, related_name="deel2_versies")
    versie = models.PositiveSmallIntegerField(default=1)
    vervangt = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="vervangen_door"
    )
    toelichting = models.TextField(blank=True)
    ondertekend_client_op = models.DateField()
    ondertekend_aanbieder_op = models.DateField()
    ingediend_door = _gebruiker("toegang_deel2", "ingediend door")
    ingediend_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "ondersteuningsplan deel 2"
        verbose_name_plural = "ondersteuningsplannen deel 2"
        ordering = ["plan", "versie"]
        constraints = [models.UniqueConstraint(fields=["plan", "versie"], name="deel2_versie_uniek")]

    def __str__(self) -> str:
        return f"Deel 2 versie {self.versie}"


class Deel2Resultaat(models.Model):
    deel2 = models.ForeignKey(Deel2, on_delete=models.CASCADE, related_name="resultaten")
    resultaat_code = models.CharField(max_length=20)
    leefgebied = models.ForeignKey(Leefgebied, on_delete=models.PROTECT, related_name="+")
    resultaat = models.CharField("beoogd resultaat", max_length=300)
    activiteiten = models.TextField()
    frequentie = models.CharField(max_length=100)

    class Meta:
        verbose_name = "resultaat in deel 2"
        verbose_name_plural = "resultaten in deel 2"
        ordering = ["deel2", "pk"]

    def __str__(self) -> str:
        return f"{self.resultaat_code} {self.resultaat}"


class Beschikking(models.Model):
    """The decision on the aanvraag. Immutable once made; it includes the onderzoeksverslag and the plan."""

    melding = models.OneToOneField(Melding, on_delete=models.PROTECT, related_name="beschikking")
    plan = models.ForeignKey(Ondersteuningsplan, on_delete=models.PROTECT, related_name="beschikkingen")
    verslag = models.ForeignKey(Onderzoeksverslag, on_delete=models.PROTECT, related_name="beschikkingen")
    besluitdatum = models.DateField()
    ingangsdatum = models.DateField()
    einddatum = models.DateField()
    toelichting = models.TextField(blank=True)
    vastgesteld_door = _gebruiker("toegang_beschikkingen", "vastgesteld door")
    vastgesteld_op = models.DateTimeField(default=timezone.now)
    jaarbedrag_cent = models.PositiveBigIntegerField("geraamde kosten per jaar (eurocent)", null=True, blank=True)
    pgb_jaarbedrag_cent = models.PositiveBigIntegerField(
        "persoonsgebonden budget per jaar (eurocent)", null=True, blank=True
    )
    vier_ogen = models.BooleanField("vier ogen vereist", default=False)
    goedgekeurd_door = _gebruiker("toegang_beschikkingen_goedgekeurd", "goedgekeurd door (tweede consulent)")
    goedgekeurd_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "beschikking"
        verbose_name_plural = "beschikkingen"
        ordering = ["-besluitdatum", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(einddatum__gte=models.F("ingangsdatum")), name="beschikking_periode_geldig"
            ),
            models.CheckConstraint(
                condition=Q(vier_ogen=False) | Q(goedgekeurd_door__isnull=False, goedgekeurd_op__isnull=False),
                name="beschikking_vier_ogen_goedgekeurd",
            ),
            models.CheckConstraint(
                condition=Q(goedgekeurd_door__isnull=True) | ~Q(goedgekeurd_door=models.F("vastgesteld_door")),
                name="beschikking_niet_eigen_werk_goedkeuren",
            ),
        ]

    def __str__(self) -> str:
        return f"Beschikking {self.pk} van {self.besluitdatum:%d-%m-%Y}"


class Beschikkingsvoorstel(models.Model):
    """A beschikking above the region's four-eyes amount, waiting for a second consultant. It has no effect until
    approved: only then is the Beschikking made and the assignments created."""

    melding = models.OneToOneField(Melding, on_delete=models.CASCADE, related_name="beschikkingsvoorstel")
    besluitdatum = models.DateField()
    ingangsdatum = models.DateField()
    toelichting = models.TextField(blank=True)
    jaarbedrag_cent = models.PositiveBigIntegerField("geraamde kosten per jaar (eurocent)")
    voorgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="voorgesteld door"
    )
    voorgesteld_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "beschikkingsvoorstel (vier ogen)"
        verbose_name_plural = "beschikkingsvoorstellen (vier ogen)"

    def __str__(self) -> str:
        return f"Voorstel beschikking melding {self.melding_id}"


class Stap(models.Model):
    """One step of the process, for the dossier timeline: what, on which date, who, and when recorded."""

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="stappen")
    soort = models.CharField(max_length=20, choices=StapSoort.choices)
    datum = models.DateField("datum van de stap")
    omschrijving = models.CharField(max_length=300, blank=True)
    door = _gebruiker("toegang_stappen", "door")
    geregistreerd_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "stap"
        verbose_name_plural = "stappen"
        ordering = ["melding", "datum", "geregistreerd_op", "pk"]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} op {self.datum:%d-%m-%Y}"


class Afhandeling(models.Model):
    """A melding that ends without a granting beschikking: refused, not processed (Awb art. 4:5), withdrawn by the
    client, or closed with an algemene voorziening. One per melding; never changed afterwards."""

    melding = models.OneToOneField(Melding, on_delete=models.PROTECT, related_name="afhandeling")
    soort = models.CharField(max_length=20, choices=AfhandelingSoort.choices)
    datum = models.DateField("datum besluit of afsluiting")
    grondslag = models.CharField(max_length=20, choices=Afwijzingsgrond.choices, blank=True)
    redenen = models.TextField("redenen en toelichting", blank=True)
    algemene_voorziening = models.CharField(max_length=200, blank=True)
    hersteltermijn_tot = models.DateField("hersteltermijn tot en met (Awb art. 4:5)", null=True, blank=True)
    door = _gebruiker("toegang_afhandelingen", "door")
    vastgelegd_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "afhandeling"
        verbose_name_plural = "afhandelingen"
        ordering = ["-datum", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(soort=AfhandelingSoort.AFWIJZING) | ~Q(grondslag=""), name="afwijzing_heeft_grondslag"
            ),
            models.CheckConstraint(
                condition=~Q(soort=AfhandelingSoort.BUITEN_BEHANDELING) | Q(hersteltermijn_tot__isnull=False),
                name="buiten_behandeling_heeft_hersteltermijn",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.datum:%d-%m-%Y}"


class Brief(models.Model):
    """A letter as it was made and sent: the PDF bytes are kept with the dossier and printed again from here,
    never rendered anew (a later change of template or data must not change what the client received)."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="brieven")
    melding = models.ForeignKey(Melding, on_delete=models.PROTECT, null=True, blank=True, related_name="brieven")
    soort = models.CharField(max_length=24, choices=BriefSoort.choices)
    onderwerp = models.CharField(max_length=200)
    kenmerk = models.CharField(max_length=40)
    datum = models.DateField("dagtekening (verzonden op)")
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    grootte = models.PositiveIntegerField("grootte (bytes)")
    besluit = models.BooleanField("besluit (bezwaar mogelijk)", default=False)
    gemaakt_door = _gebruiker("toegang_brieven", "gemaakt door")
    gemaakt_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "brief"
        verbose_name_plural = "brieven"
        ordering = ["-datum", "-pk"]
        indexes = [models.Index(fields=["client", "datum"])]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.kenmerk}"


class Bezwaar(models.Model):
    """An objection against a decision (Awb chapter 6 and 7): the terms follow from the dates recorded here
    (`domain.bezwaartermijnen`); the outcome is recorded once. A well-founded objection (gegrond) continues in a
    new melding through the normal path to a new beschikking."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="bezwaren")
    melding = models.ForeignKey(Melding, on_delete=models.PROTECT, null=True, blank=True, related_name="bezwaren")
    besluit = models.ForeignKey(Brief, on_delete=models.PROTECT, related_name="bezwaren")
    besluit_omschrijving = models.CharField("bestreden besluit", max_length=200)
    besluit_verzonden_op = models.DateField("besluit bekendgemaakt (verzonden) op")
    ontvangen_op = models.DateField("bezwaarschrift ontvangen op")
    ter_post_op = models.DateField("ter post bezorgd op (poststempel)", null=True, blank=True)
    gronden = models.TextField("gronden van het bezwaar", blank=True)
    verschoonbaar = models.BooleanField("te laat, maar verschoonbaar (Awb art. 6:11)", default=False)
    adviescommissie = models.BooleanField("adviescommissie (Awb art. 7:13)", default=False)
    verdaagd_tot = models.DateField("verdaagd tot (Awb art. 7:10 lid 3)", null=True, blank=True)
    uitgesteld_tot = models.DateField("verder uitgesteld tot (Awb art. 7:10 lid 4)", null=True, blank=True)
    uitstel_reden = models.CharField(max_length=200, blank=True)
    uitkomst = models.CharField(max_length=20, choices=BezwaarUitkomst.choices, blank=True)
    beslist_op = models.DateField(null=True, blank=True)
    toelichting_uitkomst = models.TextField(blank=True)
    vervolgmelding = models.OneToOneField(
        Melding, on_delete=models.PROTECT, null=True, blank=True, related_name="uit_bezwaar"
    )
    beroep_ingesteld_op = models.DateField("beroep ingesteld op", null=True, blank=True)
    beroep_uitkomst = models.CharField(max_length=20, choices=BezwaarUitkomst.choices, blank=True)
    beroep_uitspraak_op = models.DateField(null=True, blank=True)
    beslissen_uiterlijk = models.DateField("beslissen uiterlijk (Awb art. 7:10)")
    tijdig = models.BooleanField("tijdig ingediend (Awb art. 6:7-6:9)")
    geregistreerd_door = _gebruiker("toegang_bezwaren", "geregistreerd door")
    geregistreerd_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "bezwaar"
        verbose_name_plural = "bezwaren"
        ordering = ["-ontvangen_op", "-pk"]
        indexes = [models.Index(fields=["uitkomst", "beslissen_uiterlijk"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(uitkomst="") | Q(beslist_op__isnull=False), name="bezwaar_uitkomst_met_datum"
            ),
            models.CheckConstraint(
                condition=Q(ontvangen_op__gte=models.F("besluit_verzonden_op")), name="bezwaar_na_besluit"
            ),
        ]

    def __str__(self) -> str:
        return f"Bezwaar van {self.ontvangen_op:%d-%m-%Y}"

    @property
    def is_open(self) -> bool:
        return not self.uitkomst


class OvergenomenBeschikking(models.Model):
    """The import marker of a `Beschikking` taken over from the suite the region left (migratie, sjabloon
    beschikkingen): the beschikking itself is a full one (melding, verslag, plan with its products, dates, the
    assignments under it), so evaluation, re-indication, expiry signals and conversion treat it like any other;
    this row says where it came from: the old BeschikkingNummer, the file and row of the source, and the import
    run (`migratie.Migratie`, by number: toegang sits below migratie). No letter was sent and no event published:
    the old suite sent the letter and its assignments came from the archive."""

    beschikking = models.OneToOneField(Beschikking, on_delete=models.PROTECT, related_name="overname")
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="+")
    beschikking_nummer = models.PositiveBigIntegerField("BeschikkingNummer (vorig systeem)")
    toewijzing_nummers = models.JSONField("ToewijzingNummers die de beschikking dekt", default=list, blank=True)
    bron = models.CharField("bron (bestand en regel)", max_length=500, blank=True)
    migratie_nummer = models.PositiveIntegerField(
        "import (nummer van de migratie)", null=True, blank=True, help_text="De uitvoering die de beschikking overnam."
    )
    overgenomen_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "overgenomen beschikking"
        verbose_name_plural = "overgenomen beschikkingen"
        ordering = ["regio", "beschikking_nummer"]
        constraints = [
            models.UniqueConstraint(fields=["regio", "beschikking_nummer"], name="overgenomen_beschikking_uniek"),
        ]

    def __str__(self) -> str:
        return f"Beschikking {self.beschikking_nummer} (overgenomen)"
