"""The base class of every background task: each run is recorded on its `Taak` row, failures are retried with a
growing pause, and a task that keeps failing stops in the dead-letter state (`dood`) for functioneel beheer
instead of being retried forever.

Exactly once is the task's own business (each task is idempotent: it works on ids and finds what is already
done); this class adds what makes that safe to lean on:
- late acknowledgement: the broker keeps the message until the run ends, so a worker that dies mid-task
  (killed, machine gone, connection lost) leaves the message to be delivered again, to any worker;
- every start counts as an attempt, also a start after a worker died: a task that kills its worker each time
  stops after WMOKETEN_TAAK_POGINGEN attempts instead of circling forever;
- a finished or dead task delivered again does nothing.

Called directly (`taak(...)` rather than `.delay`) a task just runs: that is how the command line uses them.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any, TypeVar

from celery import Task
from celery.exceptions import Reject
from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connections, transaction
from django.utils import timezone

from wmoketen.core import logcontext
from wmoketen.core.logboek import maskeer_bsn
from wmoketen.core.metriek import TAAK_DOOD, TAAK_DUUR, TAAK_FOUTEN

from .models import Taak, TaakStatus

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_PAUZE_SECONDEN = 600


def pauze_na(poging: int) -> int:
    """Seconds before attempt `poging + 1`: 15, 30, 60, 120, ... at most 10 minutes (WMOKETEN_TAAK_PAUZE_SECONDEN
    sets the first pause)."""
    return int(min(MAX_PAUZE_SECONDEN, settings.WMOKETEN_TAAK_PAUZE_SECONDEN * 2 ** max(0, poging - 1)))


def _bijhouden(schrijf: Callable[[], T], *, eager: bool) -> T:
    """Write the bookkeeping of a run, surviving a database connection that was dropped meanwhile (the server
    restarted, a proxy cut it): reconnect and try again. When the database stays away, the worker gives the
    message back to the broker (the task is idempotent: it runs again later) instead of losing the record."""
    for poging in range(3):
        try:
            return schrijf()
        except (OperationalError, InterfaceError) as exc:
            if eager:
                raise
            log.warning("boekhouding van een taak: databaseverbinding weg, opnieuw verbinden (%s)", exc)
            close_if_unusable()
            time.sleep(0.5 * (poging + 1))
    try:
        return schrijf()
    except (OperationalError, InterfaceError) as exc:
        time.sleep(5)  # the database is away: hand the task back, a little later
        raise Reject(exc, requeue=True) from exc


def close_if_unusable() -> None:
    """Drop the database connections that broke (the server restarted, a proxy cut them); the next query opens a
    fresh one."""
    for verbinding in connections.all(initialized_only=True):
        if not verbinding.in_atomic_block:
            verbinding.close_if_unusable_or_obsolete()


def foutregel(exc: BaseException) -> str:
    """The error as beheer sees it: type, message and the last frames, without a BSN."""
    staart = "".join(traceback.format_exception(exc)[-6:])
    return maskeer_bsn(staart)[-4000:]


class Achtergrondtaak(Task):
    abstract = True
    acks_late = True
    reject_on_worker_lost = True
    ignore_result = True
    max_retries = None  # Celery does not count: the Taak row does (pogingen_max), including dead workers
    titel = "Achtergrondtaak"
    max_pogingen: int | None = None  # default: settings.WMOKETEN_TAAK_POGINGEN (1 for a periodic task)
    # run by the schedule (beat): a failed run is not retried, the next scheduled run is the retry; it shows as the
    # schedule's last outcome rather than in the dead-letter list
    periodiek = False

    @property
    def pogingen_max(self) -> int:
        if self.max_pogingen:
            return self.max_pogingen
        return 1 if self.periodiek else int(settings.WMOKETEN_TAAK_POGINGEN)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.request.called_directly:
            return self.run(*args, **kwargs)
        taak_id = str(self.request.id)
        if not self.request.is_eager:
            close_old_connections()  # a connection the database dropped since the last task is replaced
        with logcontext.taak(taak_id):
            eager = bool(self.request.is_eager)
            while True:  # without a broker a retry runs here at once; the worker gets it back from the broker
                taak = _bijhouden(partial(self._begin, taak_id, kwargs), eager=eager)
                if taak is None:
                    return None
                begin = time.monotonic()
                try:
                    uitkomst = self.run(*args, **kwargs)
                except Exception as exc:
                    duur = time.monotonic() - begin
                    opnieuw = _bijhouden(partial(self._mislukt, taak, exc, duur), eager=eager)
                    if opnieuw and eager:
                        continue
                    if taak.status == TaakStatus.OPNIEUW:
                        raise self.retry(exc=exc, countdown=pauze_na(taak.pogingen)) from exc
                    return None
                _bijhouden(partial(self._klaar, taak, uitkomst), eager=eager)
                TAAK_DUUR.labels(self.name, "ok").observe(time.monotonic() - begin)
                return uitkomst

    # --- the record -------------------------------------------------------------------------------------------

    def _begin(self, taak_id: str, kwargs: dict[str, Any]) -> Taak | None:
        """Mark the run started; None when it must not run (finished, dead, or out of attempts)."""
        nu = timezone.now()
        with transaction.atomic():
            taak, _ = Taak.objects.select_for_update().get_or_create(
                pk=taak_id,
                defaults={
                    "naam": self.name,
                    "titel": self.titel,
                    "argumenten": kwargs,
                    "aangeboden_op": nu,
                },
            )
            if taak.status in (TaakStatus.KLAAR, TaakStatus.AFGEHANDELD, TaakStatus.DOOD):
                log.info("taak %s (%s) is al %s; niets te doen", self.name, taak_id, taak.status)
                return None
            if taak.pogingen >= self.pogingen_max:
                reden = "de worker stopte midden in de taak" if taak.status == TaakStatus.BEZIG else "te vaak mislukt"
                taak.status = TaakStatus.DOOD
                taak.klaar_op = timezone.now()
                taak.fout = f"Gestopt na {taak.pogingen} pogingen ({reden}).\n{taak.fout}"[:4000]
                taak.save(update_fields=["status", "klaar_op", "fout"])
                TAAK_DOOD.labels(self.name).inc()
                log.error("taak %s (%s) gestopt na %s pogingen: %s", self.name, taak_id, taak.pogingen, reden)
                return None
            taak.pogingen += 1
            taak.status = TaakStatus.BEZIG
            taak.gestart_op = nu
            taak.worker = str(self.request.hostname or "")[:200]
            taak.volgende_poging_op = None
            taak.save(update_fields=["pogingen", "status", "gestart_op", "worker", "volgende_poging_op"])
        return taak

    def _klaar(self, taak: Taak, uitkomst: Any) -> None:
        velden: dict[str, Any] = {"status": TaakStatus.KLAAR, "klaar_op": timezone.now(), "fout": ""}
        if isinstance(uitkomst, str):
            velden["uitkomst"] = maskeer_bsn(uitkomst)[:500]
        Taak.objects.filter(pk=taak.pk).update(**velden)

    def _mislukt(self, taak: Taak, exc: Exception, duur: float) -> bool:
        """Record the failure; True when another attempt follows (the row is then 'opnieuw')."""
        TAAK_FOUTEN.labels(self.name).inc()
        if not self.request.is_eager:
            close_if_unusable()  # a dropped database connection must not also fail the bookkeeping
        fout = foutregel(exc)
        if taak.pogingen < self.pogingen_max:
            pauze = pauze_na(taak.pogingen)
            log.warning(
                "taak %s (%s) mislukt (poging %s van %s), opnieuw over %s s: %s",
                self.name, taak.pk, taak.pogingen, self.pogingen_max, pauze, maskeer_bsn(repr(exc)),
            )  # fmt: skip
            Taak.objects.filter(pk=taak.pk).update(
                status=TaakStatus.OPNIEUW,
                fout=fout,
                volgende_poging_op=timezone.now() + timedelta(seconds=pauze),
            )
            taak.status = TaakStatus.OPNIEUW
            TAAK_DUUR.labels(self.name, "retry").observe(duur)
            return True
        log.error(
            "taak %s (%s) gestopt na %s pogingen (dode-letterstatus): %s",
            self.name, taak.pk, taak.pogingen, maskeer_bsn(repr(exc)),
        )  # fmt: skip
        Taak.objects.filter(pk=taak.pk).update(status=TaakStatus.DOOD, fout=fout, klaar_op=timezone.now())
        taak.status = TaakStatus.DOOD
        TAAK_DOOD.labels(self.name).inc()
        TAAK_DUUR.labels(self.name, "dead").observe(duur)
        return False

    # --- for the task body ------------------------------------------------------------------------------------

    def voortgang(self, gedaan: int, totaal: int | None = None, stap: str = "") -> None:
        """Record progress for the page (its own autocommit write; call it between transactions)."""
        if self.request.called_directly:
            return
        velden: dict[str, Any] = {"gedaan": gedaan, "stap": stap[:200]}
        if totaal is not None:
            velden["totaal"] = totaal
        Taak.objects.filter(pk=str(self.request.id)).update(**velden)

    def bestand_bewaren(self, *, naam: str, soort: str, inhoud: bytes) -> None:
        """Keep the file the task produced (an export) for the one who asked for it."""
        if self.request.called_directly:
            return
        Taak.objects.filter(pk=str(self.request.id)).update(bestand=inhoud, bestandsnaam=naam, bestandstype=soort)
