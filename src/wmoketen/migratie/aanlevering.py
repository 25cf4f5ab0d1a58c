"""Import from the page of functioneel beheer, with four eyes: one beheerder of the region uploads a source (a zip
of the iWmo archive, or one filled template as CSV or XLSX); its dry run runs in the background (`tasks.importeren`
through `wmoketen.taken`); another beheerder reviews the report and starts the real run, which runs as a task with
its progress on the page. The rule of four eyes is the one of every approval (`accounts.vierogen`), as for a
conversion started from the page. The command line (`wmoketen migratie ...`) stays for the operator.

An upload is hostile until checked, before anything is stored or read: its size, its type by content (not by
name), and for a zip (and an XLSX, which is a zip) its directory: no encrypted members, no names that climb out, no
member larger than what the import would read, a bounded total and a bounded compression ratio (a zip bomb is
refused from its directory, without unpacking). Every refusal is a Dutch `MigratieFout`.
"""

from __future__ import annotations

import io
import shutil
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import transaction

from wmoketen.accounts.models import Gebruiker
from wmoketen.accounts.vierogen import andere_persoon_fout
from wmoketen.berichten.codec import MAX_BERICHT_BYTES
from wmoketen.catalogus.models import Regio
from wmoketen.taken.models import Taak, TaakStatus
from wmoketen.taken.services import aanbieden, opnieuw_aanbieden

from .constants import Soort, Status
from .fouten import MigratieFout
from .importeren import proefdraai_aanmaken, uitvoering_aanmaken
from .models import Migratie
from .sjablonen import lezen as sjabloon_lezen
from .sjablonen.definities import SJABLONEN

MB = 1024 * 1024
MAX_UPLOAD = 1024 * MB  # what one upload may be (the archive of a large region, zipped)
MAX_UITGEPAKT = 20 * 1024 * MB  # the sum of what the import reads from a zip, unpacked
MAX_BESTANDEN = 1_000_000
MAX_VERHOUDING = 200  # unpacked : packed of one member; XML of the chain packs 10 to 40 times
MAX_XLSX_UITGEPAKT = 400 * MB
SPREADSHEETS = (".csv", ".xlsx")


def _max_upload() -> int:
    return int(getattr(settings, "WMOKETEN_MIGRATIE_MAX_UPLOAD", MAX_UPLOAD))


@dataclass(frozen=True)
class Upload:
    """An uploaded file as the view hands it over: its name as the user gave it, its size and its content."""

    naam: str
    grootte: int
    stukken: Iterable[bytes]


def _importmap(regio: Regio) -> Path:
    return Path(settings.VAR_DIR) / "migratie" / "import" / f"{regio.code}-{uuid.uuid4().hex}"


def _opslaan(upload: Upload, doel: Path, maximum: int) -> None:
    """Write the upload in pieces, never more than `maximum` bytes (the size the browser stated is not trusted)."""
    doel.parent.mkdir(parents=True, exist_ok=True)
    geschreven = 0
    with doel.open("wb") as f:
        for stuk in upload.stukken:
            geschreven += len(stuk)
            if geschreven > maximum:
                raise MigratieFout(f"{_naam(upload)} is groter dan {maximum // MB} MB; dat neemt de pagina niet aan.")
            f.write(stuk)


def _naam(upload: Upload) -> str:
    return PurePosixPath(upload.naam.replace("\\", "/")).name or "het bestand"


def _begin(pad: Path) -> bytes:
    with pad.open("rb") as f:
        return f.read(8192)


def _zip_controleren(pad: Path | io.BytesIO, wat: str, *, xlsx: bool = False) -> None:
    """Refuse a zip that is broken, encrypted, climbs out with its names, or unpacks to too much."""
    try:
        archief = zipfile.ZipFile(pad)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise MigratieFout(f"{wat} is geen geldig zip-bestand ({exc}).") from exc
    with archief:
        leden = archief.infolist()
        if len(leden) > MAX_BESTANDEN:
            raise MigratieFout(f"{wat} bevat meer dan {MAX_BESTANDEN} bestanden.")
        totaal = 0
        for lid in leden:
            naam = lid.filename
            if lid.flag_bits & 0x1:
                raise MigratieFout(f"{wat}: {naam} is versleuteld; lever het archief zonder wachtwoord aan.")
            delen = PurePosixPath(naam.replace("\\", "/")).parts
            if naam.startswith(("/", "\\")) or ".." in delen or (delen and delen[0].endswith(":")):
                raise MigratieFout(f"{wat}: de bestandsnaam {naam!r} is niet toegestaan.")
            if lid.is_dir():
                continue
            if lid.file_size and not lid.compress_size:
                raise MigratieFout(f"{wat}: {naam} heeft een onmogelijke grootte; het zip-bestand is beschadigd.")
            if lid.compress_size and lid.file_size / lid.compress_size > MAX_VERHOUDING:
                raise MigratieFout(
                    f"{wat}: {naam} pakt uit tot meer dan {MAX_VERHOUDING} keer zijn grootte; dat lijkt een zip-bom "
                    "en wordt niet gelezen."
                )
            if xlsx:
                totaal += lid.file_size
                continue
            klein = naam.lower()
            if klein.endswith(".xml") and lid.file_size > MAX_BERICHT_BYTES:
                raise MigratieFout(f"{wat}: {naam} is groter dan 25 MB; geen geldig iWmo-bericht (OP179).")
            if klein.endswith(SPREADSHEETS):
                if lid.file_size > sjabloon_lezen.MAX_BYTES:
                    raise MigratieFout(f"{wat}: {naam} is groter dan {sjabloon_lezen.MAX_BYTES // MB} MB.")
                if klein.endswith(".xlsx"):
                    with archief.open(lid) as f:
                        _zip_controleren(io.BytesIO(f.read(lid.file_size)), f"{wat}: {naam}", xlsx=True)
            if klein.endswith((".xml", *SPREADSHEETS)):
                totaal += lid.file_size
        grens = MAX_XLSX_UITGEPAKT if xlsx else MAX_UITGEPAKT
        if totaal > grens:
            raise MigratieFout(f"{wat} pakt uit tot meer dan {grens // MB} MB; splits de bron in delen.")


def _spreadsheet_controleren(pad: Path, wat: str) -> None:
    begin = _begin(pad)
    if pad.suffix == ".xlsx":
        if not begin.startswith(b"PK\x03\x04"):
            raise MigratieFout(f"{wat} heeft de naam van een XLSX-bestand, maar is het niet.")
        _zip_controleren(pad, wat, xlsx=True)
        with zipfile.ZipFile(pad) as z:
            if "xl/workbook.xml" not in z.namelist():
                raise MigratieFout(f"{wat} is geen werkmap van een spreadsheet (XLSX).")
        return
    if b"\x00" in begin or begin.startswith(b"PK\x03\x04"):
        raise MigratieFout(f"{wat} is geen tekstbestand; lever een sjabloon aan als CSV (UTF-8) of XLSX.")
    try:
        begin.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(begin) - 4:  # not merely a character cut off at the end of the first piece
            raise MigratieFout(f"{wat} is geen UTF-8-tekst; sla het bestand op als CSV UTF-8.") from exc


def _sjabloonnaam(bestandsnaam: str, gekozen: str) -> str:
    stam = PurePosixPath(bestandsnaam).stem.lower()
    naam = gekozen or stam
    if naam != "totalen" and naam not in SJABLONEN:
        keuzes = ", ".join([*SJABLONEN, "totalen"])
        raise MigratieFout(
            f"Welk sjabloon is {bestandsnaam}? Geef het bestand de naam van het sjabloon of kies het ({keuzes})."
        )
    return naam


def _beheerder(door: Gebruiker, regio: Regio) -> None:
    if not door.is_functioneel_beheer or door.regio_id != regio.pk:
        raise MigratieFout("Alleen functioneel beheer van deze regio importeert gegevens in haar.")


@transaction.atomic
def import_aanleveren(
    *, regio: Regio, door: Gebruiker, bestand: Upload, sjabloon: str = "", totalen: Upload | None = None
) -> Migratie:
    """Check and store an upload, register its dry run and hand that to a worker. `bestand` is a zip (the archive,
    with sjablonen/ and totalen.csv in it if wanted) or one template (CSV or XLSX; its name or `sjabloon` says
    which); `totalen` the old suite's totals next to a template. Nothing is stored when a check fails."""
    from . import tasks

    _beheerder(door, regio)
    naam = _naam(bestand)
    achtervoegsel = PurePosixPath(naam.lower()).suffix
    if achtervoegsel not in {".zip", *SPREADSHEETS}:
        raise MigratieFout(
            f"{naam}: de pagina neemt een zip-bestand (het archief van berichten) of een sjabloon (CSV of XLSX) aan."
        )
    if bestand.grootte > _max_upload():
        raise MigratieFout(f"{naam} is groter dan {_max_upload() // MB} MB; dat neemt de pagina niet aan.")
    if totalen is not None and achtervoegsel == ".zip":
        raise MigratieFout(
            "Zet de totalen van het vorige systeem als totalen.csv in het zip-bestand, naast berichten/."
        )
    map_ = _importmap(regio)
    try:
        if achtervoegsel == ".zip":
            bron = map_ / "bron.zip"
            _opslaan(bestand, bron, _max_upload())
            if not _begin(bron).startswith(b"PK"):
                raise MigratieFout(f"{naam} heeft de naam van een zip-bestand, maar is het niet.")
            _zip_controleren(bron, naam)
        else:
            bron = map_
            soort = _sjabloonnaam(naam, sjabloon)
            doel = (map_ if soort == "totalen" else map_ / "sjablonen") / f"{soort}{achtervoegsel}"
            _opslaan(bestand, doel, sjabloon_lezen.MAX_BYTES)
            _spreadsheet_controleren(doel, naam)
            if totalen is not None:
                tnaam = _naam(totalen)
                tachter = PurePosixPath(tnaam.lower()).suffix
                if tachter not in SPREADSHEETS:
                    raise MigratieFout(f"{tnaam}: de totalen zijn een CSV- of XLSX-bestand.")
                if soort == "totalen":
                    raise MigratieFout("Lever de totalen één keer aan.")
                tdoel = map_ / f"totalen{tachter}"
                _opslaan(totalen, tdoel, sjabloon_lezen.MAX_BYTES)
                _spreadsheet_controleren(tdoel, tnaam)
    except BaseException:
        shutil.rmtree(map_, ignore_errors=True)
        raise
    proef = proefdraai_aanmaken(regio=regio, bron=bron, door=door)
    aanbieden(
        tasks.importeren,
        kwargs={"migratie_id": proef.pk},
        titel=f"Proefdraai import {naam}",
        door=door,
        regio=regio,
        sleutel=taaksleutel(proef),
    )
    return proef


def upload_opruimen(migratie: Migratie) -> bool:
    """Remove the uploaded source once its real run is complete (it holds personal data; the report stays). Only a
    source the page stored; a source of the command line is the operator's. True when removed."""
    if migratie.proef or migratie.status != Status.KLAAR:
        return False
    importmap = (Path(settings.VAR_DIR) / "migratie" / "import").resolve()
    pad = Path(migratie.bron).resolve()
    map_ = pad if pad.is_dir() else pad.parent
    if map_.parent != importmap:
        return False
    shutil.rmtree(map_, ignore_errors=True)
    return True


def taaksleutel(migratie: Migratie) -> str:
    return f"migratie-import-{migratie.pk}"


def taak_van(migratie: Migratie) -> Taak | None:
    """The background task of this dry run or run, if the page started one."""
    return Taak.objects.filter(sleutel=taaksleutel(migratie)).first()


def bronnaam(migratie: Migratie) -> str:
    """The source as the page names it: the uploaded file's kind, never the server's path."""
    pad = Path(migratie.bron)
    if pad.name == "bron.zip":
        return "archief (zip)"
    if pad.parent.name == "import" and pad.is_dir():  # an uploaded template (and totals): a few files
        namen = sorted(p.relative_to(pad).as_posix() for p in pad.rglob("*") if p.is_file())
        return ", ".join(namen) or pad.name
    return pad.name  # a source of the command line: its name only (it may be a folder of 100,000 messages)


def vier_ogen_fout(*, proef: Migratie, door: Gebruiker) -> str | None:
    """Why `door` may not start the real run of this dry run (None if they may): whoever uploaded never starts
    their own import, and the starting account must verifiably be another person (accounts.vierogen)."""
    if proef.gestart_door is None:
        return (
            "Deze proefdraai is via de opdrachtregel gestart; lever de bron hier aan om haar met vier ogen te starten."
        )
    if proef.gestart_door_id == door.pk:
        return (
            "Vier ogen: wie de bron aanleverde, start de import niet zelf; een andere functioneel beheerder doet dat."
        )
    return andere_persoon_fout(voorsteller=proef.gestart_door, goedkeurder=door, werk_sinds=proef.aangemaakt_op)


@transaction.atomic
def import_starten(*, proef: Migratie, vingerafdruk: str, door: Gebruiker) -> Migratie:
    """The second beheerder starts the real run of the dry run whose report they reviewed (four eyes). Again after
    an interruption: the run goes on where it stopped."""
    from . import tasks

    proef = Migratie.objects.select_for_update(of=("self",)).select_related("regio").get(pk=proef.pk)
    _beheerder(door, proef.regio)
    if proef.soort != Soort.IMPORT or not proef.proef:
        raise MigratieFout("Alleen de uitvoering van een proefdraai wordt hier gestart.")
    if proef.status != Status.KLAAR:
        raise MigratieFout("De proefdraai is nog niet klaar; wacht op het rapport.")
    if vingerafdruk != proef.vingerafdruk:
        raise MigratieFout("De bron is opnieuw ingelezen sinds u het rapport bekeek; bekijk het nieuwe rapport.")
    fout = vier_ogen_fout(proef=proef, door=door)
    if fout is not None:
        raise MigratieFout(fout)
    echt = uitvoering_aanmaken(proefdraai=proef, door=door)
    if echt.status == Status.KLAAR:
        raise MigratieFout(f"Deze bron is al overgenomen (import {echt.pk}).")
    taak = aanbieden(
        tasks.importeren,
        kwargs={"migratie_id": echt.pk},
        titel=f"Import uitvoeren (proefdraai {proef.pk})",
        door=door,
        regio=proef.regio,
        sleutel=taaksleutel(echt),
    )
    if taak.status in (TaakStatus.WACHTEND, TaakStatus.BEZIG, TaakStatus.OPNIEUW) and taak.aangeboden_op:
        raise MigratieFout("Deze import loopt al; de voortgang staat op de pagina.")
    if taak.status in (TaakStatus.DOOD, TaakStatus.AFGEHANDELD, TaakStatus.KLAAR) and taak.aangeboden_op:
        opnieuw_aanbieden(taak=taak)  # resume an interrupted run
    return echt
