"""Writes of declarations: the intake of a 323 (judge, store, schedule the 325) and recording the sent 325.

Payment batches are in betaling.py. The message layer (berichten) calls `declaratie_ontvangen` with the 323 as
plain data (invoer.py) and builds the 325 from the returned `Beoordeling`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from wmoketen.audit.constants import Actie, Verwerkingsactiviteit
from wmoketen.audit.services import verwerkingen_log
from wmoketen.catalogus.models import Gemeente
from wmoketen.core.werkdagen import werkdagen_na

from .cak import cak_regels, schrijf_csv
from .constants import ANTWOORD_TERMIJN_WERKDAGEN, DeclaratieStatus, PrestatieStatus
from .intake import Beoordeling, beoordeel
from .intakecontext import laad_intakecontext
from .invoer import Declaratie323
from .models import Declaratie
from .opslag import prestaties_opslaan
from .selectors import cak_voorzieningen


@dataclass(frozen=True)
class Ontvangstresultaat:
    declaratie: Declaratie | None  # None when the provider or municipality is unknown here
    beoordeling: Beoordeling


@transaction.atomic
def declaratie_ontvangen(
    *, invoer: Declaratie323, ontvangen_op: date, bericht_id: int | None = None
) -> Ontvangstresultaat:
    """Judge a 323 against the database (bulk-loaded), store the declaration and its prestaties, and set the
    deadline of the 325 (10 working days, OP090x4). Returns the judgement the 325 is built from."""
    ctx = laad_intakecontext(invoer)
    beoordeling = beoordeel(ctx)
    if ctx.aanbieder is None or ctx.gemeente is None:
        return Ontvangstresultaat(None, beoordeling)
    afgewezen = beoordeling.als_geheel_afgewezen
    declaratie = Declaratie.objects.create(
        declaratie_nummer=invoer.declaratie_nummer,
        aanbieder=ctx.aanbieder,
        gemeente=ctx.gemeente,
        periode_begin=invoer.periode_begin,
        periode_eind=invoer.periode_eind,
        dagtekening=invoer.dagtekening,
        bericht_identificatie=invoer.bericht_identificatie,
        bericht_id=bericht_id,
        totaal_ingediend_cent=invoer.totaal_ingediend_cent,
        totaal_toegekend_cent=beoordeling.totaal_toegekend_cent,
        ontvangen_op=ontvangen_op,
        antwoord_uiterlijk=werkdagen_na(ontvangen_op, ANTWOORD_TERMIJN_WERKDAGEN),
        status=DeclaratieStatus.AFGEWEZEN if afgewezen else DeclaratieStatus.ONTVANGEN,
        retour_codes=[b.retourcode for b in beoordeling.declaratie_bevindingen],
        bevindingen=[b.als_dict() for b in beoordeling.declaratie_bevindingen],
    )
    prestaties_opslaan(_prestatierijen(beoordeling, declaratie, afgewezen))
    return Ontvangstresultaat(declaratie, beoordeling)


def _prestatierijen(beoordeling: Beoordeling, declaratie: Declaratie, afgewezen: bool) -> Iterator[dict[str, Any]]:
    """One Prestatie row per judged prestatie, as column values, in message order."""
    goedgekeurd, niet = PrestatieStatus.GOEDGEKEURD.value, PrestatieStatus.AFGEWEZEN.value
    for oordeel in beoordeling.prestaties:
        p = oordeel.prestatie
        goed = oordeel.goedgekeurd and not afgewezen
        yield {
            "declaratie_id": declaratie.pk,
            "volgnummer": p.volgnummer,
            "aanbieder_id": declaratie.aanbieder_id,
            "client_id": oordeel.client_id,
            "toewijzing_id": oordeel.toewijzing_id,
            "referentie_nummer": p.referentie_nummer,
            "vorig_referentie_nummer": p.vorig_referentie_nummer or "",
            "toewijzing_nummer": p.toewijzing_nummer,
            "product_categorie": p.product_categorie,
            "product_code": p.product_code,
            "begindatum": p.begindatum,
            "einddatum": p.einddatum,
            "geleverd_volume": p.geleverd_volume,
            "eenheid": p.eenheid,
            "product_tarief_cent": p.product_tarief_cent,
            "ingediend_bedrag_cent": p.ingediend_bedrag_cent,
            "debet_credit": p.debet_credit,
            "status": goedgekeurd if goed else niet,
            "retour_codes": list(oordeel.retourcodes) if not afgewezen else [],
            "bevindingen": [b.als_dict() for b in oordeel.bevindingen],
            "toegekend_cent": oordeel.toegekend_cent if goed else 0,
        }


@transaction.atomic
def declaratie_beantwoord(*, declaratie: Declaratie, antwoord_bericht_id: int | None, op: date) -> None:
    """Record that the 325 was sent."""
    declaratie.antwoord_bericht_id = antwoord_bericht_id
    declaratie.beantwoord_op = op
    if declaratie.status == DeclaratieStatus.ONTVANGEN:
        declaratie.status = DeclaratieStatus.BEANTWOORD
    declaratie.save(update_fields=["antwoord_bericht_id", "beantwoord_op", "status"])


def cak_export(*, gemeente: Gemeente, jaar: int, actor: object) -> str:
    """The CAK cost price per client per CAK period as CSV (cak.schrijf_csv); audit-logged once per client."""
    voorzieningen, clienten = cak_voorzieningen(gemeente=gemeente, jaar=jaar)
    regels = [r for r in cak_regels(voorzieningen) if r.jaar == jaar]
    uit = io.StringIO()
    schrijf_csv(regels, uit)
    verwerkingen_log(
        actor=actor,
        actie=Actie.EXPORTEREN,
        verwerkingsactiviteit=Verwerkingsactiviteit.DECLARATIE,
        client_ids=sorted({clienten[r.bsn] for r in regels}),
        object_type="CAK-kostprijs",
        object_id=f"{gemeente.cbs_code}-{jaar}",
    )
    return uit.getvalue()
