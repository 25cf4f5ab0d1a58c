from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from wmoketen.accounts.models import Gebruiker
from wmoketen.accounts.selectors import client_scope

from .models import Client


def clienten_zichtbaar_voor(gebruiker: Gebruiker) -> QuerySet[Client]:
    return Client.objects.filter(client_scope(gebruiker)).distinct()


def client_ophalen(*, gebruiker: Gebruiker, client_id: int) -> Client:
    """The client, or Http404 when it does not exist or lies outside the user's scope (existence not revealed)."""
    client = clienten_zichtbaar_voor(gebruiker).filter(pk=client_id).select_related("gemeente").first()
    if client is None:
        raise Http404("Cliënt niet gevonden")
    return client
