"""The keyed hash chain over the Logboek dataverwerkingen: pure functions, so a verifier needs only the rows and
the key.

Each record's hash is an HMAC-SHA256, under a key that lives outside the database (AUDIT_KETEN_SLEUTEL), over
the previous record's hash and every field of the record. Whoever holds only the database cannot recompute the
chain after changing or removing a record: with plain SHA-256 they could (issue 13, item 2).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

BEGIN = "0" * 64


class Record(Protocol):
    volgnummer: int
    tijdstip: datetime
    actor_id: int | None
    actor_omschrijving: str
    actie: str
    verwerkingsactiviteit: str
    client_pseudoniem: str
    object_type: str
    object_id: str
    resultaat: str
    toelichting: str
    vorige_hash: str
    hash: str


def ketensleutel() -> bytes:
    sleutel = settings.AUDIT_KETEN_SLEUTEL
    if not sleutel:
        raise ImproperlyConfigured(
            "AUDIT_KETEN_SLEUTEL ontbreekt: zonder sleutel kan het logboek niet worden geketend."
        )
    return str(sleutel).encode()


class Hasher:
    """HMAC-SHA256 under one key; the keyed state is prepared once and copied per record (a 323 logs thousands)."""

    def __init__(self, sleutel: bytes) -> None:
        self._basis = hmac.new(sleutel, b"wmoketen-logboek-v2\x1f", hashlib.sha256)

    def __call__(self, record: Record, vorige_hash: str) -> str:
        velden = (
            vorige_hash,
            str(record.volgnummer),
            record.tijdstip.isoformat(),
            str(record.actor_id or ""),
            record.actor_omschrijving,
            record.actie,
            record.verwerkingsactiviteit,
            record.client_pseudoniem,
            record.object_type,
            record.object_id,
            record.resultaat,
            record.toelichting,
        )
        mac = self._basis.copy()
        mac.update("\x1f".join(velden).encode())
        return mac.hexdigest()


def bereken_hash(record: Record, vorige_hash: str, sleutel: bytes | None = None) -> str:
    return Hasher(sleutel if sleutel is not None else ketensleutel())(record, vorige_hash)


@dataclass(frozen=True)
class Breuk:
    volgnummer: int
    reden: str


def controleer_keten(
    records: Iterable[Record],
    kop_volgnummer: int,
    kop_hash: str,
    *,
    sleutel: bytes | None = None,
    vanaf: int = 1,
    vorige: str = BEGIN,
) -> Breuk | None:
    """The first place where the chain does not hold, or None. Records come in volgnummer order, starting at
    `vanaf` whose predecessor has hash `vorige` (1 and BEGIN for the whole log)."""
    hasher = Hasher(sleutel if sleutel is not None else ketensleutel())
    verwacht = vanaf
    for record in records:
        if record.volgnummer != verwacht:
            return Breuk(verwacht, f"record {verwacht} ontbreekt (volgende is {record.volgnummer})")
        if record.vorige_hash != vorige:
            return Breuk(record.volgnummer, "verwijzing naar het vorige record klopt niet")
        if not hmac.compare_digest(hasher(record, vorige), record.hash):
            return Breuk(record.volgnummer, "inhoud van het record is gewijzigd")
        vorige, verwacht = record.hash, verwacht + 1
    if kop_volgnummer > verwacht - 1:
        return Breuk(verwacht, f"de laatste {kop_volgnummer - verwacht + 1} record(s) zijn verwijderd")
    if kop_volgnummer != verwacht - 1 or not hmac.compare_digest(vorige, kop_hash):
        return Breuk(verwacht - 1, "de kop van de keten hoort niet bij het laatste record")
    return None
