"""The hash chain over the Logboek dataverwerkingen: pure functions, so a verifier needs nothing but the rows."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

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
    vorige_hash: str
    hash: str


def bereken_hash(record: Record, vorige_hash: str) -> str:
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
    )
    return hashlib.sha256("\x1f".join(velden).encode()).hexdigest()


@dataclass(frozen=True)
class Breuk:
    volgnummer: int
    reden: str


def controleer_keten(records: Iterable[Record], kop_volgnummer: int, kop_hash: str) -> Breuk | None:
    """The first place where the chain does not hold, or None. Records must come in volgnummer order."""
    vorige, verwacht = BEGIN, 1
    for record in records:
        if record.volgnummer != verwacht:
            return Breuk(verwacht, f"record {verwacht} ontbreekt (volgende is {record.volgnummer})")
        if record.vorige_hash != vorige:
            return Breuk(record.volgnummer, "verwijzing naar het vorige record klopt niet")
        if bereken_hash(record, vorige) != record.hash:
            return Breuk(record.volgnummer, "inhoud van het record is gewijzigd")
        vorige, verwacht = record.hash, verwacht + 1
    if verwacht - 1 != kop_volgnummer or vorige != kop_hash:
        return Breuk(verwacht, f"de laatste {kop_volgnummer - verwacht + 1} record(s) zijn verwijderd")
    return None
