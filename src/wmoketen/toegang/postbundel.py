"""Letter batches for the post room: the letters of a period, exactly as they were made and kept (the stored PDF
bytes, never rendered anew), in one ZIP with a list for the post room or a hybrid-mail service. Built on a worker
(`toegang.tasks.brieven_bundelen`); the page follows its progress and offers the file to the one who asked.

The list (postlijst.csv) holds the letter's number, kind, date and file name, no name or BSN: the address is in
the letter. Every letter in the batch is an export of a client's data and goes into the Logboek.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from wmoketen.accounts.models import Gebruiker
from wmoketen.audit.constants import Actie, Verwerkingsactiviteit
from wmoketen.audit.services import verwerkingen_log

from .models import Brief
from .selectors import brieven_zichtbaar_voor

MAX_DAGEN = 93  # a quarter at most: a batch is for the post of days or weeks
MAX_BRIEVEN = 2000  # the file is kept in the database until it is fetched; a larger batch is split by period
PER_KEER = 50  # letters read from the database at once (each holds its PDF)


@dataclass(frozen=True)
class Keuze:
    van: date
    tot: date
    soort: str = ""  # a BriefSoort, or empty for every kind


def brieven(gebruiker: Gebruiker, keuze: Keuze) -> QuerySet[Brief]:
    """The letters of the period in the user's scope, in the order they go into the batch (date, then number)."""
    qs = brieven_zichtbaar_voor(gebruiker).filter(datum__gte=keuze.van, datum__lte=keuze.tot)
    if keuze.soort:
        qs = qs.filter(soort=keuze.soort)
    return qs.order_by("datum", "pk")


def keuze_fout(keuze: Keuze) -> str | None:
    """Why a batch of this choice cannot be made (Dutch), or None."""
    if keuze.tot < keuze.van:
        return "De einddatum ligt vóór de begindatum."
    if (keuze.tot - keuze.van).days >= MAX_DAGEN:
        return f"Kies een periode van hoogstens {MAX_DAGEN} dagen."
    return None


def aantal_fout(aantal: int) -> str | None:
    if aantal == 0:
        return "Er zijn geen brieven in deze periode."
    if aantal > MAX_BRIEVEN:
        return f"Dit zijn {aantal} brieven; een bundel heeft er hoogstens {MAX_BRIEVEN}. Kies een kortere periode."
    return None


def bestandsnaam(keuze: Keuze) -> str:
    soort = f"-{keuze.soort}" if keuze.soort else ""
    return f"brieven{soort}-{keuze.van:%Y%m%d}-{keuze.tot:%Y%m%d}.zip"


def bundel_maken(
    gebruiker: Gebruiker, keuze: Keuze, voortgang: Callable[[int, int], None] = lambda gedaan, totaal: None
) -> tuple[bytes, int]:
    """The ZIP (letters and postlijst.csv) and the number of letters; the Logboek records the export per client."""
    ids = list(brieven(gebruiker, keuze).values_list("pk", flat=True))
    buffer = io.BytesIO()
    lijst = io.StringIO()
    schrijver = csv.writer(lijst, delimiter=";", lineterminator="\r\n")
    schrijver.writerow(["volgnummer", "kenmerk", "soort", "dagtekening", "bestand"])
    clienten: set[int] = set()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zip_:
        for begin in range(0, len(ids), PER_KEER):
            deel = Brief.objects.filter(pk__in=ids[begin : begin + PER_KEER]).order_by("datum", "pk")
            for volgnummer, brief in enumerate(deel, start=begin + 1):
                naam = f"{volgnummer:04d}-{brief.kenmerk}.pdf"
                zip_.writestr(naam, bytes(brief.pdf))
                schrijver.writerow(
                    [volgnummer, brief.kenmerk, brief.get_soort_display(), f"{brief.datum:%d-%m-%Y}", naam]
                )
                clienten.add(brief.client_id)
            voortgang(min(begin + PER_KEER, len(ids)), len(ids))
        zip_.writestr("postlijst.csv", "\ufeff" + lijst.getvalue())
    verwerkingen_log(
        actor=gebruiker,
        actie=Actie.EXPORTEREN,
        verwerkingsactiviteit=Verwerkingsactiviteit.TOEGANG,
        client_ids=sorted(clienten),
        object_type="brievenbundel",
        object_id=bestandsnaam(keuze),
    )
    return buffer.getvalue(), len(ids)
