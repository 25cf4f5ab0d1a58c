"""Making a letter and keeping it with the dossier. Called inside the service that takes the decision, in the
same transaction: a letter that cannot be made raises `BriefFout`, the transaction rolls back, and the decision is
neither recorded nor sent; the user reads why."""

from __future__ import annotations

import hashlib
import logging
from datetime import date

from django.db.models import Q
from PIL import Image, UnidentifiedImageError
from reportlab.platypus.doctemplate import LayoutError

from wmoketen.accounts.models import Gebruiker
from wmoketen.clienten.models import Client, Relatie

from .constants import BriefSoort
from .fouten import BriefFout
from .huisstijl import MAX_LOGO_BYTES, Huisstijl
from .models import Brief, Melding
from .opmaak import Briefinhoud, brief_pdf, naam_van

log = logging.getLogger(__name__)


def afschrift_aan(client: Client, op: date) -> str:
    """The legal representatives of the client on this date: they get a copy of every letter."""
    actief = Relatie.objects.filter(client=client, wettelijk_vertegenwoordiger=True, geldig_van__lte=op).filter(
        Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=op)
    )
    return "; ".join(f"{r.naam} ({r.get_soort_display().lower()})" for r in actief)


def _logo_controleren(huisstijl: Huisstijl) -> None:
    pad = huisstijl.logo_pad()
    if pad is None:
        return
    if not pad.is_file():
        raise BriefFout(f"Het logo van {huisstijl.naam} ({huisstijl.logo}) ontbreekt; meld dit aan functioneel beheer.")
    if pad.stat().st_size > MAX_LOGO_BYTES:
        raise BriefFout(f"Het logo van {huisstijl.naam} is groter dan {MAX_LOGO_BYTES // 1000} kB.")
    try:
        with Image.open(pad) as beeld:
            beeld.verify()
    except (UnidentifiedImageError, OSError) as exc:
        raise BriefFout(f"Het logo van {huisstijl.naam} ({huisstijl.logo}) is geen leesbare afbeelding.") from exc


def brief_maken(
    *,
    soort: BriefSoort,
    client: Client,
    melding: Melding | None,
    huisstijl: Huisstijl,
    inhoud: Briefinhoud,
    door: Gebruiker | None,
    consulent: str = "",
) -> Brief:
    """Render the letter with the municipality's letterhead and store it. Must run inside the transaction of the
    decision: a BriefFout then leaves nothing behind."""
    _logo_controleren(huisstijl)
    if not inhoud.afschrift_aan:
        kopie = afschrift_aan(client, inhoud.datum)
        if kopie:
            inhoud = Briefinhoud(**{**inhoud.__dict__, "afschrift_aan": kopie})
    try:
        pdf = brief_pdf(
            huisstijl=huisstijl,
            client=client,
            gemeentenaam=client.gemeente.naam,
            consulent=consulent or naam_van(door),
            inhoud=inhoud,
        )
    except LayoutError as exc:  # a table or text that does not fit a page
        log.warning("brief %s voor client_id=%s niet gemaakt: %s", soort, client.pk, exc)
        raise BriefFout(
            "De brief kon niet worden opgemaakt: een onderdeel past niet op een pagina (bijvoorbeeld een heel lange "
            "tekst zonder spaties). Het besluit is niet vastgelegd en niet verzonden; pas de tekst aan."
        ) from exc
    return Brief.objects.create(
        client=client,
        melding=melding,
        soort=soort,
        onderwerp=inhoud.onderwerp,
        kenmerk=inhoud.kenmerk,
        datum=inhoud.datum,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        grootte=len(pdf),
        besluit=inhoud.besluit,
        gemaakt_door=door,
    )
