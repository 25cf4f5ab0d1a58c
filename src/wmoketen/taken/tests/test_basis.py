"""The task base class in eager mode (no broker): the same code path the worker runs."""

from __future__ import annotations

from typing import Any

import pytest
from celery import shared_task
from django.utils import timezone
from kombu.exceptions import OperationalError

from wmoketen.taken import services
from wmoketen.taken.basis import Achtergrondtaak, pauze_na
from wmoketen.taken.models import Taak, TaakStatus

pytestmark = pytest.mark.django_db

POGINGEN: dict[str, int] = {}


@shared_task(base=Achtergrondtaak, bind=True, name="taken.tests.lukt", titel="Proef die lukt")
def lukt(self: Achtergrondtaak, *, n: int) -> str:
    self.voortgang(n, n * 2, "halverwege")
    return f"{n} gedaan"


@shared_task(base=Achtergrondtaak, bind=True, name="taken.tests.faalt", titel="Proef die faalt")
def faalt(self: Achtergrondtaak, *, sleutel: str, tot: int) -> str:
    POGINGEN[sleutel] = POGINGEN.get(sleutel, 0) + 1
    if POGINGEN[sleutel] <= tot:
        raise RuntimeError("database weg bij cliënt 999999990")  # a valid test BSN: must never reach the record
    return "uiteindelijk gelukt"


@shared_task(base=Achtergrondtaak, bind=True, name="taken.tests.periodiek", periodiek=True)
def periodiek(self: Achtergrondtaak) -> str:
    raise RuntimeError("postvak onleesbaar")


def _aanbieden(taak: Any, capture: Any, **kwargs: Any) -> Taak:
    with capture(execute=True):
        rij = services.aanbieden(taak, kwargs=kwargs)
    rij.refresh_from_db()
    return rij


def test_a_task_records_its_run_progress_and_outcome(django_capture_on_commit_callbacks: Any) -> None:
    rij = _aanbieden(lukt, django_capture_on_commit_callbacks, n=3)
    assert (rij.status, rij.uitkomst, rij.pogingen) == (TaakStatus.KLAAR, "3 gedaan", 1)
    assert (rij.gedaan, rij.totaal, rij.stap, rij.titel) == (3, 6, "halverwege", "Proef die lukt")
    assert rij.aangeboden_op is not None and rij.klaar_op is not None and rij.fout == ""


def test_nothing_is_enqueued_when_the_transaction_rolls_back(django_capture_on_commit_callbacks: Any) -> None:
    from django.db import transaction

    class Terug(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Terug), transaction.atomic():
        services.aanbieden(lukt, kwargs={"n": 1})
        raise Terug
    assert callbacks == [] and not Taak.objects.exists()


def test_a_failing_task_is_retried_and_then_succeeds(django_capture_on_commit_callbacks: Any) -> None:
    rij = _aanbieden(faalt, django_capture_on_commit_callbacks, sleutel="twee", tot=2)
    assert (rij.status, rij.pogingen, rij.uitkomst, rij.fout) == (TaakStatus.KLAAR, 3, "uiteindelijk gelukt", "")


def test_a_task_that_keeps_failing_stops_in_the_dead_letter_state(django_capture_on_commit_callbacks: Any) -> None:
    rij = _aanbieden(faalt, django_capture_on_commit_callbacks, sleutel="altijd", tot=99)
    assert (rij.status, rij.pogingen) == (TaakStatus.DOOD, 5)
    assert POGINGEN["altijd"] == 5  # never retried forever
    assert "RuntimeError: database weg bij cliënt *********" in rij.fout and "999999990" not in rij.fout
    # delivered once more (a duplicate message): a dead task does nothing
    faalt.apply(kwargs={"sleutel": "altijd", "tot": 99}, task_id=str(rij.pk))
    assert POGINGEN["altijd"] == 5
    # functioneel beheer offers it again with fresh attempts
    POGINGEN["altijd"] = 99 - 1
    with django_capture_on_commit_callbacks(execute=True):
        services.opnieuw_aanbieden(taak=rij)
    rij.refresh_from_db()
    assert (rij.status, rij.pogingen, rij.uitkomst) == (TaakStatus.KLAAR, 2, "uiteindelijk gelukt")


def test_a_task_whose_worker_died_each_time_stops_after_the_attempts(django_capture_on_commit_callbacks: Any) -> None:
    """A worker killed mid-task leaves the row 'bezig'; the broker delivers it again. Each start counts, so a task
    that kills its worker every time does not circle forever."""
    rij = Taak.objects.create(naam=lukt.name, titel="x", status=TaakStatus.BEZIG, pogingen=5)
    lukt.apply(kwargs={"n": 1}, task_id=str(rij.pk))
    rij.refresh_from_db()
    assert rij.status == TaakStatus.DOOD
    assert rij.fout.startswith("Gestopt na 5 pogingen (de worker stopte midden in de taak).")
    assert rij.gedaan == 0  # it did not run


def test_a_finished_task_delivered_again_does_nothing(django_capture_on_commit_callbacks: Any) -> None:
    rij = _aanbieden(lukt, django_capture_on_commit_callbacks, n=2)
    Taak.objects.filter(pk=rij.pk).update(gedaan=0)
    lukt.apply(kwargs={"n": 2}, task_id=str(rij.pk))
    rij.refresh_from_db()
    assert (rij.status, rij.pogingen, rij.gedaan) == (TaakStatus.KLAAR, 1, 0)


def test_a_periodic_task_is_not_retried_and_shows_as_failed_run(django_capture_on_commit_callbacks: Any) -> None:
    rij = _aanbieden(periodiek, django_capture_on_commit_callbacks)
    assert (rij.status, rij.pogingen) == (TaakStatus.DOOD, 1)
    assert "postvak onleesbaar" in rij.fout


def test_a_key_makes_a_task_exist_once(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        een = services.aanbieden(lukt, kwargs={"n": 1}, sleutel="k")
        twee = services.aanbieden(lukt, kwargs={"n": 2}, sleutel="k")
    assert een.pk == twee.pk and Taak.objects.count() == 1


def test_a_broker_that_cannot_be_reached_leaves_the_task_for_maintenance(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    def onbereikbaar(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("[Errno 111] Connection refused")

    monkeypatch.setattr(lukt, "apply_async", onbereikbaar)
    with django_capture_on_commit_callbacks(execute=True):
        rij = services.aanbieden(lukt, kwargs={"n": 4})
    rij.refresh_from_db()
    assert (rij.status, rij.aangeboden_op) == (TaakStatus.WACHTEND, None)
    monkeypatch.undo()
    assert services.onderhoud().startswith("0 taak")  # too young: the request may still be handing it over
    uitkomst = services.onderhoud(nu=timezone.now() + timezone.timedelta(minutes=2))
    rij.refresh_from_db()
    assert uitkomst.startswith("1 taak/taken opnieuw aangeboden")
    assert (rij.status, rij.uitkomst) == (TaakStatus.KLAAR, "4 gedaan")


def test_maintenance_removes_old_finished_rows_but_keeps_dead_ones(django_capture_on_commit_callbacks: Any) -> None:
    oud = timezone.now() - timezone.timedelta(days=20)
    Taak.objects.create(naam="x", titel="klaar", status=TaakStatus.KLAAR, klaar_op=oud)
    dood = Taak.objects.create(naam="x", titel="dood", status=TaakStatus.DOOD, klaar_op=oud)
    assert services.onderhoud().endswith("1 oude afgeronde taak/taken verwijderd.")
    assert list(Taak.objects.values_list("pk", flat=True)) == [dood.pk]


def test_the_pause_between_attempts_grows_and_is_bounded() -> None:
    assert [pauze_na(n) for n in (1, 2, 3, 4, 5, 9)] == [15, 30, 60, 120, 240, 600]
