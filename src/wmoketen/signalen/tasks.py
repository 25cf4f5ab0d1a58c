"""E-mail notices of the task lists (Celery beat: conf/planning.py)."""

from __future__ import annotations

from datetime import date

from celery import shared_task

from wmoketen.taken.basis import Achtergrondtaak

from .services import SignaalFout
from .services import kennisgevingen_versturen as _versturen


@shared_task(
    base=Achtergrondtaak, bind=True, name="signalen.kennisgevingen", titel="Kennisgevingen takenlijst", periodiek=True
)
def kennisgevingen(self: Achtergrondtaak, *, vandaag: str | None = None) -> str:
    """Idempotent: each item is announced once per user, whichever run announces it."""
    try:
        v = _versturen(vandaag=date.fromisoformat(vandaag) if vandaag else None)
    except SignaalFout as fout:
        return str(fout)
    return f"{v.mails} e-mails over {v.punten} nieuwe punten ({v.gebruikers} gebruikers met een e-mailadres)."
