"""What a user hears after sending from a page: sent, or blocked with the reason (the message is then in the list
as blocked, and nothing went to the receiver)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest

from .constants import Status
from .models import Bericht


def blokkade(bericht: Bericht) -> str:
    """Why a message was blocked, in one line: the rules it breaks with their Dutch explanation."""
    return "; ".join(f"{b['code']}: {b['uitleg']}" for b in bericht.bevindingen)


def meld_verzending(request: HttpRequest, bericht: Bericht | None, tekst: str) -> None:
    if bericht is not None and bericht.status == Status.GEBLOKKEERD:
        messages.error(
            request,
            f"Niet verzonden: WMO{bericht.soort} voldoet niet aan de officiële validatie en zou door het "
            f"knooppunt geweigerd worden. {blokkade(bericht)}. Het bericht staat als geblokkeerd in de "
            "berichtenlijst; pas de gegevens aan en verstuur opnieuw.",
        )
    else:
        messages.success(request, tekst)
