"""The real run: idempotent and resumable.

`run_voorbereiden` registers the definition (Conversie) and creates one Conversierun per definition hash with a
Conversiestap per source assignment, in one transaction. `run_uitvoeren` (the batch driver, deliberately not
atomic as a whole) processes the open steps in batches: each batch is one transaction that ends the old
assignments (RedenWijziging 10), creates the new ones, marks the steps done, sends the 301 for every affected
client/provider pair and writes the audit records. A crash leaves finished batches finished and the rest open;
running again resumes with the open steps; a finished run changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from wmoketen.accounts.models import Gebruiker
from wmoketen.audit.constants import Actie as AuditActie
from wmoketen.audit.constants import Verwerkingsactiviteit
from wmoketen.audit.services import verwerkingen_log
from wmoketen.berichten.services import toewijzingen_301_verzenden
from wmoketen.berichten.uitwisseling.verzenden import gebundeld_afleveren
from wmoketen.catalogus.models import Product
from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Aanbieder
from wmoketen.toewijzingen.constants import RedenWijziging
from wmoketen.toewijzingen.reeks import Heruitgeven, Inkorten, Opdracht, toewijzingen_in_reeks_wijzigen
from wmoketen.toewijzingen.services import ToewijzingFout

from ..domain import Actie
from ..models import Conversie, Conversierun, Conversiestap, RunSoort, RunStatus, StapStatus
from .definitie import Conversiedefinitie, GelezenDefinitie
from .proef import TELLER, proefdraai
from .rapport import rapport_csv, rapport_md
from .selectie import ConversieFout, doelproducten, kandidaten, regio_van

STANDAARD_BATCH = 500
STAPPEN_PER_INSERT = 2000


@transaction.atomic
def conversie_registreren(*, gelezen: GelezenDefinitie) -> Conversie:
    """Store (or update) the definition by its code."""
    definitie = gelezen.inhoud
    regio = regio_van(definitie)
    conversie, _ = Conversie.objects.update_or_create(
        code=definitie.code,
        defaults={
            "naam": definitie.naam,
            "regio": regio,
            "bestand": str(gelezen.pad),
            "sha256": gelezen.sha256,
            "definitie": gelezen.als_json(),
            "geladen_op": timezone.now(),
        },
    )
    return conversie


def definitie_van(conversie: Conversie) -> Conversiedefinitie:
    return Conversiedefinitie.model_validate(conversie.definitie)


@transaction.atomic
def proefdraai_opslaan(*, gelezen: GelezenDefinitie, door: Gebruiker | None = None) -> Conversierun:
    """Run the dry run and keep its report (a Conversierun of soort proef)."""
    conversie = conversie_registreren(gelezen=gelezen)
    resultaat = proefdraai(gelezen.inhoud)
    nu = timezone.now()
    return Conversierun.objects.create(
        conversie=conversie,
        soort=RunSoort.PROEF,
        sha256=gelezen.sha256,
        status=RunStatus.KLAAR,
        gestart_op=nu,
        klaar_op=nu,
        totaal=resultaat.totaal,
        verwerkt=resultaat.totaal,
        omgezet=resultaat.tellingen[Actie.OMZETTEN],
        ingekort=resultaat.tellingen[Actie.INKORTEN],
        ongemoeid=resultaat.tellingen[Actie.ONGEMOEID],
        handmatig=resultaat.tellingen[Actie.HANDMATIG],
        samenvatting=resultaat.als_json(),
        rapport_md=rapport_md(resultaat.als_json(), stappen=None),
        gestart_door=door,
    )


@transaction.atomic
def run_voorbereiden(
    *, gelezen: GelezenDefinitie, door: Gebruiker | None = None, aangeleverd_door: Gebruiker | None = None
) -> Conversierun:
    """The real run for this exact definition: the existing one (to resume, or finished), else a new one with
    its steps. Refused while another version of the same definition has an unfinished run."""
    conversie = conversie_registreren(gelezen=gelezen)
    bestaand = Conversierun.objects.filter(conversie=conversie, soort=RunSoort.ECHT, sha256=gelezen.sha256).first()
    if bestaand is not None:
        return bestaand
    onaf = Conversierun.objects.filter(conversie=conversie, soort=RunSoort.ECHT).exclude(status=RunStatus.KLAAR)
    if onaf.exists():
        raise ConversieFout(
            f"Conversie {conversie.code} heeft een onafgemaakte run met een andere versie van de definitie; "
            "maak die eerst af."
        )
    definitie = gelezen.inhoud
    proef = proefdraai(definitie)
    run = Conversierun.objects.create(
        conversie=conversie,
        soort=RunSoort.ECHT,
        sha256=gelezen.sha256,
        status=RunStatus.BEZIG,
        samenvatting=proef.als_json(),
        gestart_door=door,
        aangeleverd_door=aangeleverd_door,
    )
    totaal = 0
    deel: list[Conversiestap] = []
    for n, k in enumerate(kandidaten(definitie, regio_van(definitie)), start=1):  # in parts: memory stays flat
        deel.append(
            Conversiestap(
                run=run,
                volgnummer=n,
                toewijzing=k.toewijzing,
                regel=k.regel,
                actie=k.actie.actie.value,
                gemeente_code=k.gemeente_code,
                agb_code=k.agb_code,
                segment_code=k.segment_code,
                opmerking=k.actie.reden[:300],
            )
        )
        if len(deel) == STAPPEN_PER_INSERT:
            Conversiestap.objects.bulk_create(deel)
            totaal, deel = totaal + len(deel), []
    Conversiestap.objects.bulk_create(deel)
    run.totaal = totaal + len(deel)
    run.save(update_fields=["totaal"])
    return run


@dataclass(frozen=True)
class Voortgang:
    batch: int
    verwerkt: int
    totaal: int
    berichten_301: int


def run_uitvoeren(
    *,
    run: Conversierun,
    batch_grootte: int = STANDAARD_BATCH,
    voortgang: Callable[[Voortgang], None] | None = None,
    in_batch: Callable[[int], None] | None = None,
) -> Conversierun:
    """Process the open steps in batches, one transaction per batch (see the module docstring).

    `voortgang` is called after each committed batch; `in_batch(n)` inside batch n just before it commits (a hook
    for tests that inject a crash). On an exception the run is marked 'onderbroken' and the exception re-raised."""
    if run.soort != RunSoort.ECHT:
        raise ConversieFout("Een proefdraai voert niets uit.")
    run.refresh_from_db()
    if run.status == RunStatus.KLAAR:
        return run
    definitie = definitie_van(run.conversie)
    doelen = doelproducten(definitie, regio_van(definitie))
    Conversierun.objects.filter(pk=run.pk).update(status=RunStatus.BEZIG, fout="")
    try:
        while _batch(run, definitie, doelen, batch_grootte, in_batch):
            run.refresh_from_db()
            if voortgang is not None:
                voortgang(Voortgang(run.batches, run.verwerkt, run.totaal, run.berichten_301))
    except Exception as exc:
        Conversierun.objects.filter(pk=run.pk).update(status=RunStatus.ONDERBROKEN, fout=f"{type(exc).__name__}: {exc}")
        raise
    _afronden(run)
    run.refresh_from_db()
    return run


def _opdracht(stap: Conversiestap, definitie: Conversiedefinitie, doelen: dict[int, Product]) -> Opdracht | None:
    """What one step asks of the toewijzingen (toewijzingen.reeks), None when it leaves its toewijzing alone."""
    regel = definitie.regels[stap.regel]
    oud = stap.toewijzing
    if stap.actie == Actie.OMZETTEN:
        assert regel.datum is not None
        return Heruitgeven(
            toewijzing_id=oud.pk,
            per=regel.datum,
            product=doelen[stap.regel],
            einddatum=oud.einddatum if oud.einddatum is not None else regel.nieuwe_einddatum,
            # p x q and etmaal take the old volume along; traject, profile and budget get theirs from the catalogue
            omvang_meenemen=regel.naar_model in {"pxq", "etmaal"},
        )
    if stap.actie == Actie.INKORTEN:
        assert regel.uiterlijk is not None
        return Inkorten(toewijzing_id=oud.pk, einddatum=regel.uiterlijk)
    return None


def _batch(
    run: Conversierun,
    definitie: Conversiedefinitie,
    doelen: dict[int, Product],
    grootte: int,
    in_batch: Callable[[int], None] | None,
) -> bool:
    """One batch, set-based: the steps' changes in one call of toewijzingen.reeks (a refusal turns its step into
    'handmatig' with the reason, as one by one), the steps stored, the 301 of every affected pair sent together
    and the Logboek records appended together: a fixed number of queries per batch."""
    # the batch's 301s go to the transport together right after the commit (not one transaction per message)
    with gebundeld_afleveren(), transaction.atomic():
        # one batch of a run at a time, also when two workers got the same run (a message delivered twice)
        list(Conversierun.objects.select_for_update().filter(pk=run.pk).values_list("pk", flat=True))
        open_ = Conversiestap.objects.select_for_update().filter(run=run, status=StapStatus.OPEN).order_by("volgnummer")
        stappen = list(open_.select_related("toewijzing")[:grootte])
        if not stappen:
            return False
        # never split a client/provider pair over two batches: one 301 per pair per batch
        laatste = stappen[-1].toewijzing
        stappen += list(
            open_.filter(
                volgnummer__gt=stappen[-1].volgnummer,
                toewijzing__client_id=laatste.client_id,
                toewijzing__aanbieder_id=laatste.aanbieder_id,
            ).select_related("toewijzing")
        )
        opdrachten = [(stap, _opdracht(stap, definitie, doelen)) for stap in stappen]
        uitkomsten = iter(
            toewijzingen_in_reeks_wijzigen(
                opdrachten=[o for _, o in opdrachten if o is not None], reden_wijziging=RedenWijziging.BEKOSTIGING
            )
        )
        paren: set[tuple[int, int]] = set()
        nu = timezone.now()
        tel = dict.fromkeys(("omgezet", "ingekort", "ongemoeid", "handmatig"), 0)
        for stap, opdracht in opdrachten:
            if opdracht is not None:
                uitkomst = next(uitkomsten)
                if isinstance(uitkomst, ToewijzingFout):
                    stap.actie = Actie.HANDMATIG
                    stap.opmerking = str(uitkomst)[:300]
                else:
                    if isinstance(opdracht, Heruitgeven):
                        stap.nieuwe_toewijzing = uitkomst
                    paren.add((stap.toewijzing.client_id, stap.toewijzing.aanbieder_id))
            stap.status = StapStatus.KLAAR
            stap.verwerkt_op = nu
            tel[TELLER[Actie(stap.actie)]] += 1
        # in parts of 100: one UPDATE with a CASE of 500 ids per column costs PostgreSQL 500 x 500 comparisons
        Conversiestap.objects.bulk_update(
            stappen, ["status", "verwerkt_op", "actie", "nieuwe_toewijzing", "opmerking"], batch_size=100
        )
        verzonden = _berichten(sorted(paren))
        if paren:
            verwerkingen_log(
                actor=run.gestart_door,
                actie=AuditActie.WIJZIGEN,
                verwerkingsactiviteit=Verwerkingsactiviteit.TOEWIJZING,
                client_ids=sorted({c for c, _ in paren}),
                object_type="conversierun",
                object_id=str(run.pk),
            )
        batchnummer = run.batches + 1
        Conversierun.objects.filter(pk=run.pk).update(
            verwerkt=F("verwerkt") + len(stappen),
            omgezet=F("omgezet") + tel["omgezet"],
            ingekort=F("ingekort") + tel["ingekort"],
            ongemoeid=F("ongemoeid") + tel["ongemoeid"],
            handmatig=F("handmatig") + tel["handmatig"],
            berichten_301=F("berichten_301") + verzonden,
            batches=F("batches") + 1,
        )
        run.batches = batchnummer
        if in_batch is not None:
            in_batch(batchnummer)
    return True


def _berichten(paren: list[tuple[int, int]]) -> int:
    """Send the 301 of every pair; the state of all pairs is read at once (toewijzingen_301_verzenden)."""
    if not paren:
        return 0
    clienten = Client.objects.select_related("gemeente").in_bulk([c for c, _ in paren])
    aanbieders = Aanbieder.objects.in_bulk([a for _, a in paren])
    berichten = toewijzingen_301_verzenden(paren=[(clienten[c], aanbieders[a]) for c, a in paren])
    return sum(1 for b in berichten if b is not None)


@transaction.atomic
def _afronden(run: Conversierun) -> None:
    run = Conversierun.objects.select_for_update().get(pk=run.pk)
    if run.status == RunStatus.KLAAR:
        return
    stappen = run.stappen.select_related("toewijzing__product", "nieuwe_toewijzing__product").order_by("volgnummer")
    run.rapport_csv = rapport_csv(stappen.iterator(chunk_size=2000))  # the steps streamed, the text is the report
    run.rapport_md = rapport_md(run.samenvatting, stappen=stappen.filter(actie=Actie.HANDMATIG))
    run.status = RunStatus.KLAAR
    run.klaar_op = timezone.now()
    run.save(update_fields=["rapport_csv", "rapport_md", "status", "klaar_op"])
