from __future__ import annotations

from django.db.models import QuerySet

from .keten import BEGIN, Breuk, controleer_keten
from .models import Ketenkop, Verwerking
from .services import client_pseudoniem


def verwerkingen_van_client(*, client_id: int) -> QuerySet[Verwerking]:
    """Who processed this client's data, newest first (for an AVG inzageverzoek)."""
    return Verwerking.objects.filter(client_pseudoniem=client_pseudoniem(client_id))


def keten_controleren() -> tuple[int, Breuk | None]:
    """(number of records, first break or None), streaming the log in order."""
    kop = Ketenkop.objects.filter(pk=1).first()
    records = Verwerking.objects.order_by("volgnummer").iterator(chunk_size=2000)
    aantal = Verwerking.objects.count()
    breuk = controleer_keten(records, kop.volgnummer if kop else 0, kop.hash if kop else BEGIN)
    return aantal, breuk
