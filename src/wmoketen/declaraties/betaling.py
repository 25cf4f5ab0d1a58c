"""Payment: approved prestaties become payment batches, paid within 30 calendar days of receipt, exported as a
SEPA credit transfer (pain.001.001.03, `sepaxml`) and a CSV for the finance system.

* Nothing is paid twice: `Betaalregel.prestatie` is one-to-one (a unique constraint), and creating a batch locks
  the candidate prestaties with `SELECT ... FOR UPDATE SKIP LOCKED`, so parallel workers take disjoint sets; a
  worker that still collides (a row committed into another batch after its snapshot) gets the unique violation,
  rolls back and retries.
* Credits and corrections net out per provider: a provider is taken into a batch only when its open approved
  prestaties (debets minus credits) sum to more than zero; otherwise they wait for new debets.
* Budget ceilings: under the region's rule `overleg` or `niet_betalen`, per provider, segment and year, debets
  go in order of receipt (then volgnummer) only while what is already in batches for that ceiling plus these
  stays within the Budgetplafond; the rest stays open (held, "aangehouden") and is taken by a later batch once
  the ceiling is raised. Credits always go. Without a ceiling row or under another rule nothing is held
  (`selectors.plafond_aanhoudingen`, `plafond.splits_op_plafond`). The ceiling rows are locked (FOR UPDATE) before
  what is already in batches is read, so parallel batches over the same ceiling take turns.
* Four eyes: a batch is created by one person and approved by another; the creator can never approve it (checked
  here and by a database constraint). Both actors and moments are recorded. Only an approved batch is exported.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from sepaxml import SepaTransfer

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker
from wmoketen.accounts.vierogen import andere_persoon_fout
from wmoketen.audit.constants import Actie, Verwerkingsactiviteit
from wmoketen.audit.services import verwerkingen_log
from wmoketen.catalogus.models import Gemeente
from wmoketen.contracten.models import Aanbieder
from wmoketen.contracten.rekening import iban_compact, rekeningfout
from wmoketen.core.fouten import Domeinfout
from wmoketen.core.money import format_euro

from .constants import BETAALTERMIJN_DAGEN, BatchStatus
from .models import Betaalbatch, Betaalregel, Prestatie
from .selectors import Aanhouding, met_plafondsleutel, openstaand_goedgekeurd, plafond_aanhoudingen

BETAALROLLEN = frozenset({Rol.BACKOFFICE, Rol.FUNCTIONEEL_BEHEER})
DEMO_REKENING = {"name": "Gemeente (demo)", "IBAN": "NL91ABNA0417164300", "BIC": "ABNANL2A"}


class BetaalFout(Domeinfout):
    """A refused payment action; the text is Dutch."""


def _mag_betalen(actor: Gebruiker) -> None:
    if not actor.heeft_rol(*BETAALROLLEN):
        raise BetaalFout("Alleen de backoffice declaraties beheert betaalbatches.")


def te_betalen(*, gemeente: Gemeente) -> QuerySet[Prestatie]:
    """Approved prestaties of this municipality not yet in any batch (some may be held above a ceiling)."""
    return openstaand_goedgekeurd().filter(declaratie__gemeente=gemeente)


def betaalbatch_aanmaken(*, gemeente: Gemeente, actor: Gebruiker, pogingen: int = 3) -> Betaalbatch | None:
    """A new batch (status concept) with every payable prestatie of this municipality, or None when nothing is
    payable. Prestaties above a budget ceiling are held under the region's rule. Safe to run in parallel: see the
    module docstring."""
    _mag_betalen(actor)
    for poging in range(pogingen):
        try:
            return _aanmaken(gemeente, actor)
        except IntegrityError:
            if poging == pogingen - 1:
                raise
    return None  # pragma: no cover


@transaction.atomic
def _aanmaken(gemeente: Gemeente, actor: Gebruiker) -> Betaalbatch | None:
    kandidaten = list(
        met_plafondsleutel(te_betalen(gemeente=gemeente))
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("declaratie", "aanbieder")
        .order_by("pk")
    )
    aanhoudingen = plafond_aanhoudingen(kandidaten, vergrendel=True)
    aangehouden = {p.pk for a in aanhoudingen for p in a.prestaties}
    kandidaten = [p for p in kandidaten if p.pk not in aangehouden]
    per_aanbieder: dict[int, list[Prestatie]] = defaultdict(list)
    for p in kandidaten:
        per_aanbieder[p.aanbieder_id].append(p)
    mee, uitgesloten = [], []
    for ps in per_aanbieder.values():
        if sum(p.toegekend_cent for p in ps) <= 0:
            continue  # credits and corrections net out: wait for new debets
        reden = ps[0].aanbieder.rekeningfout
        if reden:  # never into a batch that cannot be paid; listed for the approver and on the page
            uitgesloten.append(_regel_uitgesloten(ps, reden))
        else:
            mee.append(ps)
    if not mee:
        return None
    regels = [(p, p.declaratie.ontvangen_op + timedelta(days=BETAALTERMIJN_DAGEN)) for ps in mee for p in ps]
    batch = Betaalbatch.objects.create(
        gemeente=gemeente,
        aangemaakt_door=actor,
        vervaldatum=min(v for _, v in regels),
        totaal_cent=sum(p.toegekend_cent for p, _ in regels),
        aangehouden=[_regel_aangehouden(a) for a in aanhoudingen],
        uitgesloten=uitgesloten,
    )
    Betaalregel.objects.bulk_create(
        [
            Betaalregel(
                batch=batch, aanbieder_id=p.aanbieder_id, prestatie=p, bedrag_cent=p.toegekend_cent, vervaldatum=v
            )
            for p, v in regels
        ]
    )
    return batch


def _regel_uitgesloten(prestaties: list[Prestatie], reden: str) -> dict[str, object]:
    aanbieder = prestaties[0].aanbieder
    return {
        "agb_code": aanbieder.agb_code,
        "naam": aanbieder.naam,
        "reden": reden,
        "aantal": len(prestaties),
        "bedrag_cent": sum(p.toegekend_cent for p in prestaties),
    }


def _regel_aangehouden(a: Aanhouding) -> dict[str, object]:
    return {
        "agb_code": a.plafond.aanbieder.agb_code,
        "naam": a.plafond.aanbieder.naam,
        "segment": a.plafond.segment.naam,
        "jaar": a.plafond.jaar,
        "plafond_cent": a.plafond.bedrag_cent,
        "in_batches_cent": a.in_batches_cent,
        "aantal": len(a.prestaties),
        "bedrag_cent": a.bedrag_cent,
        "toelichting": a.toelichting,
    }


@transaction.atomic
def betaalbatch_goedkeuren(*, batch: Betaalbatch, actor: Gebruiker) -> Betaalbatch:
    """The second pair of eyes. The creator can never approve their own batch."""
    _mag_betalen(actor)
    batch = Betaalbatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != BatchStatus.CONCEPT:
        raise BetaalFout("Deze betaalbatch is niet (meer) te keuren.")
    if batch.aangemaakt_door_id == actor.pk:
        raise BetaalFout("Vier ogen: wie de betaalbatch aanmaakte, mag hem niet zelf goedkeuren.")
    fout = andere_persoon_fout(voorsteller=batch.aangemaakt_door, goedkeurder=actor, werk_sinds=batch.aangemaakt_op)
    if fout is not None:
        raise BetaalFout(fout)
    batch.goedgekeurd_door = actor
    batch.goedgekeurd_op = timezone.now()
    batch.status = BatchStatus.GOEDGEKEURD
    batch.save(update_fields=["goedgekeurd_door", "goedgekeurd_op", "status"])
    return batch


@transaction.atomic
def betaalbatch_annuleren(*, batch: Betaalbatch, actor: Gebruiker) -> Betaalbatch:
    """A batch not yet approved can be cancelled; its prestaties become payable again."""
    _mag_betalen(actor)
    batch = Betaalbatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != BatchStatus.CONCEPT:
        raise BetaalFout("Alleen een betaalbatch die nog op goedkeuring wacht, kan geannuleerd worden.")
    batch.regels.all().delete()
    batch.status = BatchStatus.GEANNULEERD
    batch.totaal_cent = 0
    batch.save(update_fields=["status", "totaal_cent"])
    return batch


def _per_aanbieder(batch: Betaalbatch) -> list[tuple[Aanbieder, int, date]]:
    """(provider, net amount, earliest due date) per provider in the batch."""
    aanbieders: dict[int, Aanbieder] = {}
    bedragen: dict[int, int] = defaultdict(int)
    vervaldata: dict[int, date] = {}
    for r in batch.regels.select_related("aanbieder"):
        aanbieders[r.aanbieder_id] = r.aanbieder
        bedragen[r.aanbieder_id] += r.bedrag_cent
        vervaldata[r.aanbieder_id] = min(vervaldata.get(r.aanbieder_id, r.vervaldatum), r.vervaldatum)
    return [(aanbieders[k], bedragen[k], vervaldata[k]) for k in aanbieders]


def _log_export(batch: Betaalbatch, actor: Gebruiker, soort: str) -> None:
    client_ids = set(batch.regels.exclude(prestatie__client=None).values_list("prestatie__client_id", flat=True))
    verwerkingen_log(
        actor=actor,
        actie=Actie.EXPORTEREN,
        verwerkingsactiviteit=Verwerkingsactiviteit.DECLARATIE,
        client_ids=sorted(client_ids),
        object_type=f"Betaalbatch {soort}",
        object_id=str(batch.pk),
    )


def _alleen_goedgekeurd(batch: Betaalbatch) -> Betaalbatch:
    batch = Betaalbatch.objects.select_related("gemeente").get(pk=batch.pk)
    if batch.status != BatchStatus.GOEDGEKEURD:
        raise BetaalFout("Alleen een goedgekeurde betaalbatch (vier ogen) kan worden geëxporteerd.")
    return batch


def _rekening_gemeente(gemeente: Gemeente) -> dict[str, str]:
    """The paying account of the municipality (setting WMOKETEN_BETAALREKENINGEN); only the demo pays from a demo
    account."""
    rekening = settings.WMOKETEN_BETAALREKENINGEN.get(gemeente.cbs_code)
    if rekening is None:
        if not settings.WMOKETEN_DEMO:
            raise BetaalFout(
                f"Voor gemeente {gemeente.naam} is geen betaalrekening ingesteld (WMOKETEN_BETAALREKENINGEN)."
            )
        rekening = {**DEMO_REKENING, "name": f"Gemeente {gemeente.naam}"}
    reden = rekeningfout(iban=rekening.get("IBAN", ""), bic=rekening.get("BIC", ""))
    if reden:
        raise BetaalFout(f"De betaalrekening van gemeente {gemeente.naam} is niet bruikbaar: {reden}")
    return dict(rekening)


def pain001(*, batch: Betaalbatch, actor: Gebruiker, vandaag: date | None = None) -> bytes:
    """SEPA credit transfer (pain.001.001.03), one transaction per provider (net amount), executed on the due
    date (or today when that has passed). Audit-logged per client in the batch."""
    batch = _alleen_goedgekeurd(batch)
    vandaag = vandaag or timezone.localdate()
    rekening = _rekening_gemeente(batch.gemeente)
    sepa = SepaTransfer({**rekening, "batch": True, "currency": "EUR"}, clean=True)
    for aanbieder, bedrag, vervaldatum in _per_aanbieder(batch):
        if bedrag <= 0:
            continue
        reden = aanbieder.rekeningfout
        if reden:  # the account was changed after the batch was made
            raise BetaalFout(f"Aanbieder {aanbieder.naam} kan niet betaald worden: {reden}")
        betaling = {
            "name": aanbieder.naam,
            "IBAN": iban_compact(aanbieder.iban),
            "amount": bedrag,
            "execution_date": max(vervaldatum, vandaag),
            "description": f"Wmo declaraties betaalbatch {batch.pk}",
            "endtoend_id": f"WMO{batch.pk}A{aanbieder.agb_code}",
        }
        if aanbieder.bic:
            betaling["BIC"] = aanbieder.bic
        sepa.add_payment(betaling)
    data: bytes = sepa.export(validate=True)
    _log_export(batch, actor, "pain.001")
    return data


CSV_KOLOMMEN = (
    "batch",
    "aanbieder_agb",
    "aanbieder_naam",
    "iban",
    "bic",
    "declaratienummer",
    "referentienummer",
    "debet_credit",
    "toewijzingnummer",
    "productcode",
    "begindatum",
    "einddatum",
    "bedrag_cent",
    "bedrag",
    "vervaldatum",
)


def betaal_csv(*, batch: Betaalbatch, actor: Gebruiker) -> str:
    """One row per prestatie for the finance system (';'-separated, no BSN). Audit-logged per client."""
    batch = _alleen_goedgekeurd(batch)
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\n")
    schrijver.writerow(CSV_KOLOMMEN)
    regels = batch.regels.select_related("aanbieder", "prestatie__declaratie").order_by("aanbieder__agb_code", "pk")
    for r in regels:
        p = r.prestatie
        schrijver.writerow(
            (
                batch.pk,
                r.aanbieder.agb_code,
                r.aanbieder.naam,
                iban_compact(r.aanbieder.iban) if r.aanbieder.iban else "",
                r.aanbieder.bic,
                p.declaratie.declaratie_nummer,
                p.referentie_nummer,
                p.debet_credit,
                p.toewijzing_nummer,
                p.product_code,
                p.begindatum.isoformat(),
                p.einddatum.isoformat(),
                r.bedrag_cent,
                format_euro(r.bedrag_cent),
                r.vervaldatum.isoformat(),
            )
        )
    _log_export(batch, actor, "csv")
    return uit.getvalue()
