"""Writes to the Logboek dataverwerkingen. Every read of a client's personal data goes through here."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

from django.conf import settings

from .constants import Actie, Resultaat, Verwerkingsactiviteit
from .models import Verwerking


def client_pseudoniem(client_id: int) -> str:
    """A stable pseudonym: the log can be searched per client without storing who the client is."""
    key = getattr(settings, "AUDIT_PSEUDONIEM_SLEUTEL", settings.SECRET_KEY).encode()
    return hmac.new(key, f"client:{client_id}".encode(), hashlib.sha256).hexdigest()


def verwerkingen_log(
    *,
    actor: object | None,
    actie: Actie,
    verwerkingsactiviteit: Verwerkingsactiviteit,
    client_ids: Iterable[int],
    object_type: str = "",
    object_id: str = "",
    resultaat: Resultaat = Resultaat.GELUKT,
) -> int:
    """Write one record per client (listing 50 clients writes 50 records). Returns the number written."""
    actor_pk = getattr(actor, "pk", None)
    omschrijving = getattr(actor, "username", None) or str(actor or "systeem")
    records = [
        Verwerking(
            actor_id=actor_pk,
            actor_omschrijving=omschrijving,
            actie=actie,
            verwerkingsactiviteit=verwerkingsactiviteit,
            client_pseudoniem=client_pseudoniem(client_id),
            object_type=object_type,
            object_id=object_id,
            resultaat=resultaat,
        )
        for client_id in dict.fromkeys(client_ids)
    ]
    Verwerking.objects.bulk_create(records)
    return len(records)
