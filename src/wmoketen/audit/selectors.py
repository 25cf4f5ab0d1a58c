from __future__ import annotations

from django.db.models import Max, QuerySet

from .keten import BEGIN, Breuk, controleer_keten
from .models import Ketenkop, Verwerking
from .services import client_pseudoniem


def verwerkingen_van_client(*, client_id: int) -> QuerySet[Verwerking]:
    """Who processed this client's data, newest first (for an AVG inzageverzoek)."""
    return Verwerking.objects.filter(client_pseudoniem=client_pseudoniem(client_id))


def keten_controleren() -> tuple[int, Breuk | None]:
    """(number of records, first break or None), streaming the log in order up to the head as it is now (records
    appended meanwhile come after it and are checked next time)."""
    kop = Ketenkop.objects.filter(pk=1).first() or Ketenkop(volgnummer=0, hash=BEGIN)
    records = Verwerking.objects.filter(volgnummer__lte=kop.volgnummer).order_by("volgnummer")
    breuk = controleer_keten(records.iterator(chunk_size=2000), kop.volgnummer, kop.hash)
    if breuk is None:
        hoogste = Verwerking.objects.aggregate(n=Max("volgnummer"))["n"] or 0
        nieuwe_kop = Ketenkop.objects.filter(pk=1).values_list("volgnummer", flat=True).first() or 0
        if hoogste > nieuwe_kop:
            breuk = Breuk(nieuwe_kop + 1, "er staan records na de kop van de keten")
    return records.count(), breuk
