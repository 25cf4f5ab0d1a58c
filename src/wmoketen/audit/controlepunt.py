"""Signed checkpoints of the Logboek's chain head, written outside the database.

The chain alone cannot show that its last records were removed together with the head, that the table was
emptied, or that an older backup was restored: each of those leaves a shorter chain that holds. So at intervals
(`wmoketen audit controlepunt`, scheduled on Celery beat) the head (volgnummer, hash) is appended as one JSON line
to a file (settings.WMOKETEN_AUDIT_CONTROLEPUNTEN) that belongs on storage the database administrator cannot
rewrite (another host, an append-only mount or `chattr +a`, WORM storage). Each line is signed with an HMAC under
AUDIT_KETEN_SLEUTEL and carries the signature of the line before it, so a line cannot be forged, changed or
taken out of the middle without the key. `wmoketen audit verify` demands that the database still holds the
record of the latest checkpoint, with that hash.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .keten import BEGIN, Breuk, controleer_keten, ketensleutel
from .models import Ketenkop, Verwerking


class ControlepuntFout(Exception):
    """The checkpoint file is missing, unreadable, forged, or does not match the database."""


@dataclass(frozen=True)
class Controlepunt:
    volgnummer: int
    hash: str
    tijdstip: str
    vorige: str  # signature of the line before, BEGIN for the first
    handtekening: str

    def inhoud(self) -> bytes:
        return "\x1f".join(("controlepunt", str(self.volgnummer), self.hash, self.tijdstip, self.vorige)).encode()


def _handtekening(cp: Controlepunt, sleutel: bytes) -> str:
    return hmac.new(sleutel, cp.inhoud(), hashlib.sha256).hexdigest()


def pad() -> Path:
    return Path(settings.WMOKETEN_AUDIT_CONTROLEPUNTEN)


def controlepunten_lezen(bestand: Path | None = None) -> list[Controlepunt]:
    """Every checkpoint in the file, each signature and link checked; ControlepuntFout at the first bad line."""
    bestand = bestand or pad()
    if not bestand.exists():
        return []
    sleutel, vorige = ketensleutel(), BEGIN
    punten: list[Controlepunt] = []
    for nummer, regel in enumerate(bestand.read_text(encoding="utf-8").splitlines(), start=1):
        if not regel.strip():
            continue
        try:
            velden = json.loads(regel)
            cp = Controlepunt(
                int(velden["volgnummer"]),
                str(velden["hash"]),
                str(velden["tijdstip"]),
                str(velden["vorige"]),
                str(velden["handtekening"]),
            )
        except (ValueError, KeyError, TypeError) as fout:
            raise ControlepuntFout(f"regel {nummer} van {bestand} is onleesbaar ({fout}).") from fout
        if not hmac.compare_digest(_handtekening(cp, sleutel), cp.handtekening):
            raise ControlepuntFout(f"regel {nummer} van {bestand} heeft geen geldige handtekening.")
        if cp.vorige != vorige:
            raise ControlepuntFout(f"regel {nummer} van {bestand} sluit niet aan op de regel ervoor.")
        if punten and cp.volgnummer < punten[-1].volgnummer:
            raise ControlepuntFout(f"regel {nummer} van {bestand} gaat terug in het logboek.")
        punten.append(cp)
        vorige = cp.handtekening
    return punten


def _segment_controleren(vanaf: Controlepunt | None, kop: Ketenkop) -> Breuk | None:
    start, vorige = (vanaf.volgnummer + 1, vanaf.hash) if vanaf else (1, BEGIN)
    records = Verwerking.objects.filter(volgnummer__gte=start).order_by("volgnummer").iterator(chunk_size=2000)
    return controleer_keten(records, kop.volgnummer, kop.hash, vanaf=start, vorige=vorige)


def controlepunt_schrijven(bestand: Path | None = None, *, nu: datetime | None = None) -> Controlepunt:
    """Append a signed checkpoint of the current chain head, after checking the records since the previous one
    (a broken chain is never sealed). The plain function Celery beat calls; the command is `audit controlepunt`."""
    bestand = bestand or pad()
    punten = controlepunten_lezen(bestand)
    laatste = punten[-1] if punten else None
    with transaction.atomic():
        kop = Ketenkop.objects.filter(pk=1).first() or Ketenkop(volgnummer=0, hash=BEGIN)
        if laatste is not None:
            _past_bij_database(laatste)
        breuk = _segment_controleren(laatste, kop)
    if breuk is not None:
        raise ControlepuntFout(f"logboek NIET intact bij record {breuk.volgnummer}: {breuk.reden}; geen controlepunt.")
    cp = Controlepunt(
        kop.volgnummer, kop.hash, (nu or timezone.now()).isoformat(), laatste.handtekening if laatste else BEGIN, ""
    )
    cp = Controlepunt(cp.volgnummer, cp.hash, cp.tijdstip, cp.vorige, _handtekening(cp, ketensleutel()))
    regel = json.dumps(cp.__dict__, sort_keys=True) + "\n"
    bestand.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(bestand, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, regel.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return cp


def _past_bij_database(cp: Controlepunt) -> None:
    """The database must still hold the checkpoint's record with the checkpoint's hash."""
    if cp.volgnummer == 0:
        return
    hash_in_db = Verwerking.objects.filter(volgnummer=cp.volgnummer).values_list("hash", flat=True).first()
    if hash_in_db is None:
        aantal = Verwerking.objects.count()
        raise ControlepuntFout(
            f"het controlepunt van {cp.tijdstip} kent record {cp.volgnummer}, de database heeft dat record niet "
            f"({aantal} records): records verwijderd, de tabel geleegd of een oudere back-up teruggezet."
        )
    if not hmac.compare_digest(hash_in_db, cp.hash):
        raise ControlepuntFout(
            f"record {cp.volgnummer} verschilt van het controlepunt van {cp.tijdstip}: het logboek is vervangen."
        )


def controlepunt_controleren(bestand: Path | None = None) -> Controlepunt:
    """The latest checkpoint, after checking that the database still holds it; ControlepuntFout otherwise."""
    bestand = bestand or pad()
    punten = controlepunten_lezen(bestand)
    if not punten:
        raise ControlepuntFout(
            f"geen controlepunt in {bestand}: verwijdering aan het eind, legen of terugzetten is zo niet uit te "
            "sluiten. Schrijf controlepunten met `wmoketen audit controlepunt` (op Celery beat)."
        )
    _past_bij_database(punten[-1])
    return punten[-1]
