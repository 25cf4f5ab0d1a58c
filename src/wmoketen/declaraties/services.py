"""Writes of declarations: the intake of a 323 (judge, store, schedule the 325) and recording the sent 325.

Payment batches are in betaling.py. The message layer (berichten) streams a received 323 into an `Intake` as plain
data (invoer.py), part by part, and builds the 325 from the judgements it gets back.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from django.db import transaction

from wmoketen.audit.constants import Actie, Verwerkingsactiviteit
from wmoketen.audit.services import verwerkingen_log
from wmoketen.catalogus.models import Gemeente
from wmoketen.core.werkdagen import werkdagen_na

from .cak import cak_regels, schrijf_csv
from .constants import ANTWOORD_TERMIJN_WERKDAGEN, DeclaratieStatus, PrestatieStatus
from .intake import Prestatieoordeel, beoordeel_declaratie, beoordeel_prestaties, niet_beoordeeld
from .intakecontext import laad_declaratiecontext, laad_deelcontext
from .invoer import Declaratie323, Prestatieregel
from .models import Declaratie
from .opslag import prestaties_opslaan
from .selectors import cak_voorzieningen


class Intake:
    """The intake of one received 323, fed part by part (`verwerk`) so that a 20 MB message never sits in
    memory whole: each part is judged against the database (which holds the parts stored before it) and its
    Prestatie rows are written at once. Call it inside the transaction that stores the message; `afronden`
    records the approved total. The 325 deadline is 10 working days (OP090x4)."""

    def __init__(self, *, invoer: Declaratie323, ontvangen_op: date, bericht_id: int | None = None) -> None:
        self.basis = laad_declaratiecontext(invoer)
        self.declaratie_bevindingen = beoordeel_declaratie(self.basis)
        self.toegekend_cent = 0
        self.afgewezen_aantal = 0
        self.declaratie: Declaratie | None = None
        if self.basis.aanbieder is None or self.basis.gemeente is None:
            return  # nothing to store: the 325 answers from the judgement alone
        self.declaratie = Declaratie.objects.create(
            declaratie_nummer=invoer.declaratie_nummer,
            aanbieder=self.basis.aanbieder,
            gemeente=self.basis.gemeente,
            periode_begin=invoer.periode_begin,
            periode_eind=invoer.periode_eind,
            dagtekening=invoer.dagtekening,
            bericht_identificatie=invoer.bericht_identificatie,
            bericht_id=bericht_id,
            totaal_ingediend_cent=invoer.totaal_ingediend_cent,
            totaal_toegekend_cent=0,
            ontvangen_op=ontvangen_op,
            antwoord_uiterlijk=werkdagen_na(ontvangen_op, ANTWOORD_TERMIJN_WERKDAGEN),
            status=DeclaratieStatus.AFGEWEZEN if self.als_geheel_afgewezen else DeclaratieStatus.ONTVANGEN,
            retour_codes=[b.retourcode for b in self.declaratie_bevindingen],
            bevindingen=[b.als_dict() for b in self.declaratie_bevindingen],
        )

    @property
    def als_geheel_afgewezen(self) -> bool:
        return bool(self.declaratie_bevindingen)

    def verwerk(self, prestaties: Sequence[Prestatieregel]) -> list[Prestatieoordeel]:
        """Judge and store the next part (all prestaties of its clients, in message order)."""
        ctx = laad_deelcontext(self.basis, prestaties)
        if self.als_geheel_afgewezen:
            oordelen = niet_beoordeeld(ctx, prestaties)
        else:
            oordelen = beoordeel_prestaties(ctx, prestaties)
            for o in oordelen:
                if o.goedgekeurd:
                    self.toegekend_cent += o.toegekend_cent
                else:
                    self.afgewezen_aantal += 1
        if self.declaratie is not None:
            prestaties_opslaan(_prestatierijen(oordelen, self.declaratie, self.als_geheel_afgewezen))
        return oordelen

    def afronden(self) -> Declaratie | None:
        if self.declaratie is not None and not self.als_geheel_afgewezen:
            self.declaratie.totaal_toegekend_cent = self.toegekend_cent
            self.declaratie.save(update_fields=["totaal_toegekend_cent"])
        return self.declaratie


def _prestatierijen(
    oordelen: Sequence[Prestatieoordeel], declaratie: Declaratie, afgewezen: bool
) -> Iterator[dict[str, Any]]:
    """One Prestatie row per judged prestatie, as column values, in message order."""
    goedgekeurd, niet = PrestatieStatus.GOEDGEKEURD.value, PrestatieStatus.AFGEWEZEN.value
    for oordeel in oordelen:
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
