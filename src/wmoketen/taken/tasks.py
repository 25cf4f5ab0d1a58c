"""Keeping the task list itself healthy (Celery beat every 5 minutes)."""

from __future__ import annotations

from celery import shared_task

from .basis import Achtergrondtaak
from .services import onderhoud as _onderhoud


@shared_task(base=Achtergrondtaak, bind=True, name="taken.onderhoud", titel="Onderhoud takenlijst", periodiek=True)
def onderhoud(self: Achtergrondtaak) -> str:
    return _onderhoud()
