from __future__ import annotations

from django.db.models import QuerySet

from .models import Verwerking
from .services import client_pseudoniem


def verwerkingen_van_client(*, client_id: int) -> QuerySet[Verwerking]:
    """Who processed this client's data, newest first (for an AVG inzageverzoek)."""
    return Verwerking.objects.filter(client_pseudoniem=client_pseudoniem(client_id))
