"""Import of a region's record from the suite it leaves: always first a dry run, then the real run.

`proefdraai_aanmaken` and `uitvoering_aanmaken` register the work (quickly, in a request or a command);
`import_draaien(migratie_id)` does it (a command or a background task; it takes an id and may run again):

1. **Index** (dry run only): every file of the source becomes one or more units (`Migratiestap`): a message with
   its kind, parties, identification and date read from its header, a template row with its values. The source
   gets its fingerprint (SHA-256 over names and contents). The real run copies the index of its dry run and checks
   each file's hash again when it reads it: a source that changed since the dry run stops the run.
2. **Work**, phase by phase in a fixed order (assignments, requests, starts and stops, declarations, loose
   retours, templates), in batches of units. The dry run does all of it inside one transaction that is rolled back
   at the end, so it changes nothing and predicts the real run exactly (same code, same order); its progress is
   written through a second connection. The real run commits per batch, with the units marked done and the
   report's counters in the same transaction: interrupted and resumed it ends exactly as uninterrupted.
3. **Report** (`rapport.py`): counts per kind, municipality and provider, money per provider per month next to
   the old suite's totals, every refusal with its place.
"""

from __future__ import annotations

import hashlib
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Min
from django.utils import timezone

from wmoketen.catalogus.models import Regio

from .archief.kop import NietImporteerbaar, lees_kop
from .archief.regio import Regiocontext
from .archief.verwerken import Archiefverwerking, Werk, controleer_ongewijzigd
from .bron import Bestand, Bron
from .constants import Fase, Soort, Status, Uitkomst
from .fouten import MigratieFout
from .models import Migratie, Migratiestap
from .rapport import rapport_md
from .sjablonen import lezen as sjabloon_lezen
from .sjablonen.verwerken import Sjabloonverwerking
from .totalen import lees_totalen
from .verslag import Afwijzingen, Verslag

STANDAARD_BATCH = 500
BATCH_PER_FASE = {Fase.DECLARATIES: 10}  # a 323 can hold 25 MB of prestaties: smaller batches, same memory
FASE_VAN_SOORT = {
    "301": Fase.TOEWIJZINGEN,
    "315": Fase.VERZOEKEN,
    "317": Fase.VERZOEKEN,
    "319": Fase.VERZOEKEN,
    "305": Fase.REGIE,
    "307": Fase.REGIE,
    "323": Fase.DECLARATIES,
}


class _Terugdraaien(Exception):
    """Ends the dry run's transaction: everything it did is rolled back."""


def proefdraai_aanmaken(*, regio: Regio, bron: Path | str, door: object | None = None) -> Migratie:
    Bron(bron)  # exists and is a folder or zip: refuse now rather than in the background
    return Migratie.objects.create(
        soort=Soort.IMPORT, regio=regio, bron=str(bron), proef=True, gestart_door=_gebruiker(door)
    )


def uitvoering_aanmaken(*, proefdraai: Migratie, door: object | None = None) -> Migratie:
    """The real run that follows this dry run: the existing one for the same source (to resume, or finished),
    else a new one."""
    if not proefdraai.proef or proefdraai.status != Status.KLAAR:
        raise MigratieFout("Voer eerst een proefdraai van deze bron helemaal uit en bekijk het rapport.")
    bestaand = Migratie.objects.filter(
        soort=Soort.IMPORT, proef=False, regio=proefdraai.regio, vingerafdruk=proefdraai.vingerafdruk
    ).first()
    if bestaand is not None:
        return bestaand
    return Migratie.objects.create(
        soort=Soort.IMPORT,
        regio=proefdraai.regio,
        bron=proefdraai.bron,
        vingerafdruk=proefdraai.vingerafdruk,
        proef=False,
        proefdraai=proefdraai,
        totaal=proefdraai.totaal,
        totalen_oud=proefdraai.totalen_oud,
        gestart_door=_gebruiker(door),
    )


def _gebruiker(door: object | None) -> Any:
    return door if getattr(door, "pk", None) is not None else None


@dataclass(frozen=True)
class Voortgang:
    batch: int
    verwerkt: int
    totaal: int
    fase: str


def import_draaien(
    migratie_id: int,
    *,
    batch: int = STANDAARD_BATCH,
    voortgang: Callable[[Voortgang], None] | None = None,
    in_batch: Callable[[int], None] | None = None,
) -> Migratie:
    """Do the import (see the module docstring). Idempotent: a finished import changes nothing, an interrupted
    one goes on. `in_batch(n)` runs inside batch n just before it commits (tests inject a crash there)."""
    migratie = Migratie.objects.select_related("regio").get(pk=migratie_id)
    if migratie.status == Status.KLAAR:
        return migratie
    Migratie.objects.filter(pk=migratie.pk).update(status=Status.BEZIG, fout="")
    try:
        if migratie.proef:
            _proefdraai(migratie, batch, voortgang, in_batch)
        else:
            _uitvoering(migratie, batch, voortgang, in_batch)
    except Exception as exc:
        status = Status.MISLUKT if isinstance(exc, MigratieFout) else Status.ONDERBROKEN
        Migratie.objects.filter(pk=migratie.pk).update(status=status, fout=f"{exc}"[:4000])
        raise
    migratie.refresh_from_db()
    return migratie


# --- index ----------------------------------------------------------------------------------------------------


def _index(migratie: Migratie, bron: Bron) -> None:
    """One unit per message file and per template row; the source's fingerprint over names and contents."""
    vinger = hashlib.sha256()
    stappen: list[Migratiestap] = []
    volgnummer = 0

    def stap(**velden: Any) -> None:
        nonlocal volgnummer
        volgnummer += 1
        stappen.append(Migratiestap(migratie=migratie, volgnummer=volgnummer, **velden))
        if len(stappen) >= 2000:
            Migratiestap.objects.bulk_create(stappen)
            stappen.clear()

    for bestand in bron.berichten():
        sha = bron.sha256(bestand)
        vinger.update(f"{bestand.pad}\0{bestand.grootte}\0{sha}\n".encode())
        stap(**_bericht_index(bron, bestand, sha))
    for bestand in bron.sjablonen():
        sha = bron.sha256(bestand)
        vinger.update(f"{bestand.pad}\0{bestand.grootte}\0{sha}\n".encode())
        for velden in sjabloon_lezen.index(bron.lees(bestand, max_bytes=sjabloon_lezen.MAX_BYTES), bestand.pad):
            stap(sha256=sha, grootte=bestand.grootte, **velden)
    totalen = bron.totalen()
    if totalen is not None:
        inhoud = bron.lees(totalen, max_bytes=sjabloon_lezen.MAX_BYTES)
        vinger.update(f"{totalen.pad}\0{totalen.grootte}\0{hashlib.sha256(inhoud).hexdigest()}\n".encode())
        migratie.totalen_oud = lees_totalen(inhoud, totalen.pad)
    Migratiestap.objects.bulk_create(stappen)
    migratie.vingerafdruk = vinger.hexdigest()
    migratie.totaal = volgnummer
    migratie.save(update_fields=["vingerafdruk", "totaal", "totalen_oud"])


def _bericht_index(bron: Bron, bestand: Bestand, sha: str) -> dict[str, Any]:
    velden: dict[str, Any] = {"pad": bestand.pad, "sha256": sha, "grootte": bestand.grootte}
    try:
        if bestand.grootte > 25 * 1024 * 1024:
            raise NietImporteerbaar("Groter dan 25 MB: geen geldig iWmo-bericht (OP179).")
        kop = lees_kop(bron.lees_begin(bestand))
    except NietImporteerbaar as exc:
        return {**velden, "fase": Fase.NIET_IMPORTEERBAAR, "soort": "onbekend", "reden": str(exc)}
    fase = FASE_VAN_SOORT.get(kop.soort, Fase.RETOUREN if kop.is_retour else Fase.NIET_IMPORTEERBAAR)
    reden = ""
    if kop.soort in {"303", "304"} or (kop.versie.startswith("2.") and fase == Fase.RETOUREN and not kop.is_retour):
        fase = Fase.NIET_IMPORTEERBAAR
    if fase == Fase.NIET_IMPORTEERBAAR:
        from .archief.lezen2 import NIET

        reden = NIET.get(kop.soort, f"WMO{kop.soort} uit iWmo {kop.versie} wordt niet overgenomen.")
    return {
        **velden,
        "fase": fase,
        "sortering": f"{kop.dagtekening:%Y%m%d}-{kop.soort}",
        "versie": kop.versie,
        "soort": kop.soort,
        "afzender": kop.afzender[:8],
        "ontvanger": kop.ontvanger[:8],
        "identificatie": kop.identificatie[:40],
        "dagtekening": kop.dagtekening,
        "heen_afzender": kop.heen_afzender[:8],
        "heen_identificatie": kop.heen_identificatie[:40],
        "sleutel": kop.identificatie_retour[:40],
        "reden": reden,
    }


# --- work -------------------------------------------------------------------------------------------------------


class _Lezer:
    """Reads a unit's file from the source and checks that it is the file the index saw."""

    def __init__(self, bron: Bron) -> None:
        self.bron = bron

    def __call__(self, stap: Migratiestap) -> bytes:
        data = self.bron.lees(Bestand(stap.pad, stap.grootte))
        controleer_ongewijzigd(stap, hashlib.sha256(data).hexdigest())
        return data


def _werk(migratie: Migratie, bron: Bron, verslag: Verslag, afwijzingen: Afwijzingen) -> Werk:
    def productkeuze(nummer: int) -> str | None:
        rij = Migratiestap.objects.filter(migratie=migratie, soort="toewijzingsproducten", sleutel=str(nummer)).first()
        return str(rij.gegevens.get("productcode") or "") or None if rij is not None else None

    return Werk(
        migratie=migratie,
        lezer=_Lezer(bron),
        regio=Regiocontext(migratie.regio),
        verslag=verslag,
        afwijzingen=afwijzingen,
        proef=migratie.proef,
        actor=migratie.gestart_door,
        productkeuze=productkeuze,
    )


def _volgende(migratie: Migratie, grootte: int) -> list[Migratiestap]:
    open_ = Migratiestap.objects.filter(migratie=migratie, klaar=False)
    fase = open_.aggregate(f=Min("fase"))["f"]
    if fase is None:
        return []
    grootte = BATCH_PER_FASE.get(fase, grootte)
    return list(open_.filter(fase=fase).order_by("sortering", "volgnummer")[:grootte])


def _batch(werk: Werk, stappen: list[Migratiestap]) -> int:
    """Work one batch of one phase; returns the number of units it finished (with the retours it took along)."""
    archief = Archiefverwerking(werk)
    sjablonen = Sjabloonverwerking(werk)
    fase = stappen[0].fase
    doen: dict[int, Callable[[list[Migratiestap]], None]] = {
        Fase.TOEWIJZINGEN: archief.toewijzingen,
        Fase.VERZOEKEN: archief.verzoeken,
        Fase.REGIE: archief.regie,
        Fase.DECLARATIES: archief.declaraties,
        Fase.RETOUREN: archief.losse_retouren,
        Fase.CLIENTEN: sjablonen.verwerk,
        Fase.SJABLONEN: sjablonen.verwerk,
        Fase.NIET_IMPORTEERBAAR: archief.niet_importeerbaar,
    }
    doen[fase](stappen)
    gewijzigd = werk.gewijzigde_stappen()
    for stap in stappen:
        if not stap.klaar:  # a phase leaves nothing open; if it did, the unit would be taken again forever
            werk.klaar(stap, Uitkomst.GEWEIGERD, "Niet verwerkt.")
    _stappen_opslaan(gewijzigd)
    werk.afwijzingen.batch_klaar()
    return len(gewijzigd)


def _stappen_opslaan(stappen: list[Migratiestap]) -> None:
    """The units' outcome, one UPDATE per distinct outcome (most units of a batch share one): `bulk_update` would
    build a CASE with a condition per unit and field."""
    groepen: dict[tuple[bool, str, str], list[int]] = defaultdict(list)
    for stap in stappen:
        groepen[(stap.klaar, stap.uitkomst, stap.reden)].append(stap.pk)
    for (klaar, uitkomst, reden), pks in groepen.items():
        for i in range(0, len(pks), 900):
            Migratiestap.objects.filter(pk__in=pks[i : i + 900]).update(klaar=klaar, uitkomst=uitkomst, reden=reden)


def _voortgang_buiten_transactie(migratie_id: int, verwerkt: int, batches: int) -> None:
    """The dry run's progress, visible to the page while the dry run's own transaction is still open: written
    by a short thread, which has its own database connection. Only on PostgreSQL (SQLite has one writer)."""
    if connection.vendor != "postgresql":
        return

    def schrijf() -> None:
        from django.db import connections

        try:
            Migratie.objects.filter(pk=migratie_id).update(verwerkt=verwerkt, batches=batches)
        finally:
            connections.close_all()

    draad = threading.Thread(target=schrijf, daemon=True)
    draad.start()
    draad.join()


def _proefdraai(
    migratie: Migratie,
    batch: int,
    voortgang: Callable[[Voortgang], None] | None,
    in_batch: Callable[[int], None] | None,
) -> None:
    bron = Bron(migratie.bron)
    with transaction.atomic():
        Migratiestap.objects.filter(migratie=migratie).delete()
        migratie.afwijzingen.all().delete()
        _index(migratie, bron)
    verslag = Verslag()
    afwijzingen = Afwijzingen(migratie, later=True)
    werk = _werk(migratie, bron, verslag, afwijzingen)
    verwerkt = batches = 0
    try:
        with transaction.atomic():
            while stappen := _volgende(migratie, batch):
                verwerkt += _batch(werk, stappen)
                batches += 1
                if in_batch is not None:
                    in_batch(batches)
                _voortgang_buiten_transactie(migratie.pk, verwerkt, batches)
                if voortgang is not None:
                    voortgang(Voortgang(batches, verwerkt, migratie.totaal, Fase(stappen[0].fase).label))
            raise _Terugdraaien
    except _Terugdraaien:
        pass
    afwijzingen.na_terugdraaien()
    _afronden(migratie, verslag, verwerkt=verwerkt, batches=batches)


def _uitvoering(
    migratie: Migratie,
    batch: int,
    voortgang: Callable[[Voortgang], None] | None,
    in_batch: Callable[[int], None] | None,
) -> None:
    bron = Bron(migratie.bron)
    with transaction.atomic():
        if not Migratiestap.objects.filter(migratie=migratie).exists():
            assert migratie.proefdraai is not None
            _kopieer_index(migratie.proefdraai, migratie)
    migratie.refresh_from_db()
    verslag = Verslag(migratie.tellingen)
    werk = _werk(migratie, bron, verslag, Afwijzingen(migratie, later=False))
    while True:
        with transaction.atomic():
            stappen = _volgende(migratie, batch)
            if not stappen:
                break
            klaar = _batch(werk, stappen)
            Migratie.objects.filter(pk=migratie.pk).update(
                verwerkt=F("verwerkt") + klaar, batches=F("batches") + 1, tellingen=verslag.als_json()
            )
            migratie.refresh_from_db(fields=["verwerkt", "batches"])
            if in_batch is not None:
                in_batch(migratie.batches)
        if voortgang is not None:
            voortgang(Voortgang(migratie.batches, migratie.verwerkt, migratie.totaal, Fase(stappen[0].fase).label))
    _volgnummers(migratie)
    _afronden(migratie, verslag, verwerkt=migratie.verwerkt, batches=migratie.batches)


def _kopieer_index(van: Migratie, naar: Migratie) -> None:
    velden = [f.name for f in Migratiestap._meta.concrete_fields if f.name not in {"id", "migratie"}]
    batch: list[Migratiestap] = []
    for rij in van.stappen.order_by("volgnummer").values(*velden).iterator(chunk_size=2000):
        rij.update(klaar=False, uitkomst=Uitkomst.OPEN)
        batch.append(Migratiestap(migratie=naar, **rij))
        if len(batch) >= 2000:
            Migratiestap.objects.bulk_create(batch)
            batch = []
    Migratiestap.objects.bulk_create(batch)


def _volgnummers(migratie: Migratie) -> None:
    """The sender counters move past the archived identifications (berichten.archief.volgnummers_bijwerken)."""
    from wmoketen.berichten.archief import volgnummers_bijwerken
    from wmoketen.berichten.constants import HEEN_SOORTEN
    from wmoketen.declaraties.selectors import nummers_van_aanbieders

    paren = []
    for soort, afzender, ontvanger, identificatie, eigen_retour in (
        Migratiestap.objects.filter(migratie=migratie, uitkomst__in=[Uitkomst.NIEUW, Uitkomst.MET_HEEN])
        .values_list("soort", "afzender", "ontvanger", "identificatie", "sleutel")
        .iterator(chunk_size=5000)
    ):
        if soort in HEEN_SOORTEN or soort == "325":
            paren.append((afzender, identificatie))
        elif eigen_retour:  # a retour is sent by the receiver of its heen-bericht (its header is a copy, IV028)
            paren.append((ontvanger, eigen_retour))
    aanbieders = set(
        Migratiestap.objects.filter(migratie=migratie, soort="323", uitkomst=Uitkomst.NIEUW).values_list(
            "afzender", flat=True
        )
    )
    with transaction.atomic():
        volgnummers_bijwerken(paren)
        volgnummers_bijwerken(nummers_van_aanbieders(aanbieders))


def _afronden(migratie: Migratie, verslag: Verslag, *, verwerkt: int, batches: int) -> None:
    migratie.refresh_from_db()
    migratie.tellingen = verslag.als_json()
    migratie.verwerkt = verwerkt
    migratie.batches = batches
    migratie.status = Status.KLAAR
    migratie.klaar_op = timezone.now()
    migratie.rapport_md = rapport_md(migratie)
    migratie.save()
