"""Writes of the contracten app."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from wmoketen.catalogus.models import Regio
from wmoketen.core.fouten import Domeinfout
from wmoketen.core.money import format_euro

from .models import Aanbieder, Budgetplafond
from .regiobestand.laden import Laadverslag, laad_regiobestand
from .regiobestand.lezen import lees_regiobestand


def regio_laden(*, pad: Path | str, alleen_gewijzigd: bool = False) -> Laadverslag:
    """Load a region file (catalogue and contracts) as a whole. Raises RegiobestandFout; then nothing changed.

    `alleen_gewijzigd`: leave a region alone whose file (by its sha256) is the one already loaded, so what was
    added since (budget ceilings of the demo, of this year) stays; the demo loads its regions this way."""
    gelezen = lees_regiobestand(pad)
    if (
        alleen_gewijzigd
        and Regio.objects.filter(code=gelezen.inhoud.regio.code, bestand_sha256=gelezen.sha256).exists()
    ):
        return Laadverslag(regio=gelezen.inhoud.regio.code)
    return laad_regiobestand(gelezen)


class PlafondFout(Domeinfout):
    """A ceiling's usage that cannot be taken over (Dutch text)."""


@transaction.atomic
def plafondverbruik_overnemen(
    *, aanbieder: Aanbieder, regio_id: int, segment_code: str, jaar: int, verbruik_cent: int, bedrag_cent: int | None
) -> tuple[Budgetplafond, bool]:
    """Record what the old suite already used of a ceiling of the region file (migratie, sjabloon budgetplafonds):
    (ceiling, changed). The ceiling itself comes from the region file only (a reload removes any other); a stated
    amount that differs from it is refused."""
    plafond = (
        Budgetplafond.objects.select_for_update()
        .filter(aanbieder=aanbieder, segment__regio_id=regio_id, segment__code=segment_code, jaar=jaar)
        .first()
    )
    if plafond is None:
        raise PlafondFout(
            f"Geen budgetplafond voor aanbieder {aanbieder.agb_code}, segment {segment_code}, {jaar} in het "
            "regiobestand; zet het plafond in het regiobestand (budgetplafonds) en laad het opnieuw."
        )
    if bedrag_cent is not None and bedrag_cent != plafond.bedrag_cent:
        raise PlafondFout(
            f"Plafond {format_euro(bedrag_cent)} wijkt af van het regiobestand ({format_euro(plafond.bedrag_cent)}); "
            "pas het regiobestand aan of laat de kolom plafond leeg."
        )
    if plafond.verbruik_vooraf_cent == verbruik_cent:
        return plafond, False
    plafond.verbruik_vooraf_cent = verbruik_cent
    plafond.save(update_fields=["verbruik_vooraf_cent"])
    return plafond, True
