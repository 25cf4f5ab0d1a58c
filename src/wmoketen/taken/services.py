"""Handing work to the background, and what functioneel beheer does with tasks.

`aanbieden` writes the task's row in the caller's transaction and gives it to the broker only after the commit
(a rolled-back request enqueues nothing; a worker never looks for a row that is not there yet). Without a broker
(setting CELERY_BROKER_URL empty: the demo, a single machine) Celery runs the task right there, after the commit,
through the same code.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from celery import Task
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from .models import AFGELOPEN, Taak, TaakStatus

log = logging.getLogger(__name__)

# a task handed to the broker but still waiting after this long is handed over again (a lost message; the task is
# idempotent, so a second copy does nothing the first did not)
OPNIEUW_AANBIEDEN_NA = timedelta(minutes=30)
# finished task rows (and the files of exports) are removed after this many days; dead ones stay until handled
BEWAAR_DAGEN = 14


def taak_van(naam: str) -> Task:
    from celery import current_app

    return current_app.tasks[naam]


def aanbieden(
    taak: Task,
    *,
    kwargs: dict[str, Any] | None = None,
    titel: str = "",
    door: Any = None,
    regio: Any = None,
    sleutel: str | None = None,
) -> Taak:
    """Record the task and enqueue it when the current transaction commits. With a `sleutel` the task exists at
    most once: an existing row is returned as it is (the caller decides whether to offer it again)."""
    kwargs = kwargs or {}
    if sleutel is not None:
        bestaand = Taak.objects.filter(sleutel=sleutel).first()
        if bestaand is not None:
            return bestaand
    try:
        with transaction.atomic():
            rij = Taak.objects.create(
                naam=taak.name,
                titel=(titel or getattr(taak, "titel", "") or taak.name)[:200],
                argumenten=kwargs,
                sleutel=sleutel,
                aangemaakt_door=door if getattr(door, "pk", None) else None,
                regio=regio,
            )
    except IntegrityError:  # the same sleutel offered at the same moment elsewhere: that one counts
        return Taak.objects.get(sleutel=sleutel)
    transaction.on_commit(lambda: publiceren(rij))
    return rij


def publiceren(rij: Taak) -> bool:
    """Give the task to the broker (or, without one, run it here). A broker that cannot be reached leaves the row
    waiting without `aangeboden_op`; `onderhoud` offers it again. True when handed over."""
    try:
        taak_van(rij.naam).apply_async(kwargs=rij.argumenten, task_id=str(rij.pk))
    except OperationalError as exc:
        log.warning("taak %s (%s) niet aan de broker gegeven, volgt later: %s", rij.naam, rij.pk, exc)
        return False
    Taak.objects.filter(pk=rij.pk).update(aangeboden_op=timezone.now())
    return True


@transaction.atomic
def opnieuw_aanbieden(*, taak: Taak) -> Taak:
    """Functioneel beheer (or the exchange, for a file that is back) offers a task again with fresh attempts."""
    taak = Taak.objects.select_for_update().get(pk=taak.pk)
    taak.status = TaakStatus.WACHTEND
    taak.pogingen = 0
    taak.aangeboden_op = None
    taak.klaar_op = None
    taak.gedaan = 0
    taak.save(update_fields=["status", "pogingen", "aangeboden_op", "klaar_op", "gedaan"])
    transaction.on_commit(lambda: publiceren(taak))
    return taak


@transaction.atomic
def afhandelen(*, taak: Taak, door: Any) -> Taak:
    """A dead task that beheer resolved another way (or decided to drop): it stays visible, no longer open."""
    taak = Taak.objects.select_for_update().get(pk=taak.pk)
    if taak.status != TaakStatus.DOOD:
        return taak
    naam = getattr(door, "username", "beheer")
    taak.status = TaakStatus.AFGEHANDELD
    taak.uitkomst = f"Afgehandeld door {naam} op {timezone.localtime():%d-%m-%Y %H:%M}."[:500]
    taak.save(update_fields=["status", "uitkomst"])
    return taak


def onderhoud(*, nu: Any = None) -> str:
    """Offer again what never reached the broker or got lost there, and remove old finished rows."""
    nu = nu or timezone.now()
    nooit = Taak.objects.filter(
        status=TaakStatus.WACHTEND, aangeboden_op__isnull=True, aangemaakt_op__lt=nu - timedelta(minutes=1)
    )
    verloren = Taak.objects.filter(status=TaakStatus.WACHTEND, aangeboden_op__lt=nu - OPNIEUW_AANBIEDEN_NA)
    # a retry the broker never got (its hand-over failed while the broker was away)
    vergeten = Taak.objects.filter(status=TaakStatus.OPNIEUW, volgende_poging_op__lt=nu - OPNIEUW_AANBIEDEN_NA)
    aangeboden = sum(1 for qs in (nooit, verloren, vergeten) for rij in list(qs) if publiceren(rij))
    oud = Taak.objects.filter(
        status__in=[s for s in AFGELOPEN if s != TaakStatus.DOOD], klaar_op__lt=nu - timedelta(days=BEWAAR_DAGEN)
    )
    verwijderd, _ = oud.delete()
    return f"{aangeboden} taak/taken opnieuw aangeboden, {verwijderd} oude afgeronde taak/taken verwijderd."


def eager() -> bool:
    return bool(getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False))
