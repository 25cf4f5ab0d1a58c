"""Writes to the Logboek dataverwerkingen. Every read of a client's personal data goes through here."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime
from operator import attrgetter

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .constants import Actie, Resultaat, Verwerkingsactiviteit
from .keten import bereken_hash
from .models import Ketenkop, Verwerking


def client_pseudoniem(client_id: int) -> str:
    """A stable pseudonym: the log can be searched per client without storing who the client is."""
    key = settings.AUDIT_PSEUDONIEM_SLEUTEL.encode()
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
    """Write one record per client (listing 50 clients writes 50 records), appended to the hash chain.
    Returns the number written."""
    actor_pk = getattr(actor, "pk", None)
    omschrijving = getattr(actor, "username", None) or str(actor or "systeem")
    nu = timezone.now()
    records = [
        NieuwRecord(
            tijdstip=nu,
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
    if not records:
        return 0
    with transaction.atomic():
        kop, _ = Ketenkop.objects.select_for_update().get_or_create(pk=1)
        for record in records:
            kop.volgnummer += 1
            record.volgnummer = kop.volgnummer
            record.vorige_hash = kop.hash
            record.hash = kop.hash = bereken_hash(record, kop.hash)
        _opslaan(records)
        kop.save(update_fields=["volgnummer", "hash"])
    return len(records)


@dataclass(slots=True)
class NieuwRecord:
    """One Logboek record before it is stored (a plain object: a message about thousands of clients writes
    thousands, and Django model instances cost more than the hashing)."""

    tijdstip: datetime
    actor_id: int | None
    actor_omschrijving: str
    actie: str
    verwerkingsactiviteit: str
    client_pseudoniem: str
    object_type: str
    object_id: str
    resultaat: str
    volgnummer: int = 0
    vorige_hash: str = ""
    hash: str = ""


def _opslaan(records: list[NieuwRecord]) -> None:
    """bulk_create; on PostgreSQL one COPY (compiling an INSERT of thousands of records costs more than the
    hashing)."""
    velden = [f.name for f in fields(NieuwRecord)]
    if connection.vendor != "postgresql":
        Verwerking.objects.bulk_create([Verwerking(**{v: getattr(r, v) for v in velden}) for r in records])
        return
    per_naam = {f.attname: f.column or f.attname for f in Verwerking._meta.concrete_fields}
    kolommen = ", ".join(connection.ops.quote_name(per_naam[v]) for v in velden)
    pakken = attrgetter(*velden)
    with connection.cursor() as cursor:
        sql = f"COPY {connection.ops.quote_name(Verwerking._meta.db_table)} ({kolommen}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for record in records:
                copy.write_row(pakken(record))
