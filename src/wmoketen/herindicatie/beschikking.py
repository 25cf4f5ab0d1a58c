"""On `toegang.beschikking_vastgesteld`: the re-indication that a new beschikking answers is done, and linked to it.

Runs inside the toegang transaction (core.events is synchronous), like the handler in toewijzingen/beschikking.py:
an error here rolls the beschikking back. Dependencies point herindicatie -> toegang, so toegang only announces
the fact and this app decides what it means for its own records.

What counts as answered (open = not yet done):

- an expiry signal (`Herindicatiesignaal`: open, reported by the provider, or melding registered) and a planned or
  started re-assessment of a conversion (`Herbeoordeling`) become **afgerond**, with the beschikking;
- an evaluation whose changed profile started a vervolgmelding (`Evaluatie.vervolgmelding`) gets the beschikking.

Matching: a record whose own vervolgmelding is the beschikking's melding always matches. A record without a
melding of its own matches a beschikking for the same client with a product in the same segment as the record's
assignment. A record that waits for another melding is left for that melding's beschikking. Idempotent: done
records are never matched again, so a second event for the same beschikking changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from wmoketen.toegang.models import Beschikking, PlanProduct
from wmoketen.toegang.services import BESCHIKKING_VASTGESTELD

from .models import (
    Evaluatie,
    Herbeoordeling,
    HerbeoordelingStatus,
    Herindicatiesignaal,
    SignaalStatus,
)

EVENT = BESCHIKKING_VASTGESTELD

OPEN_SIGNAAL = [SignaalStatus.OPEN, SignaalStatus.DOOR_AANBIEDER, SignaalStatus.GEMELD]
OPEN_HERBEOORDELING = [HerbeoordelingStatus.GEPLAND, HerbeoordelingStatus.GESTART]


@dataclass(frozen=True)
class Afgerond:
    """How many records one beschikking completed."""

    signalen: int
    evaluaties: int
    herbeoordelingen: int


def herindicatie_afronden(*, beschikking_id: int) -> Afgerond:
    """Mark the open re-indications that this beschikking answers as done and link them to it (see the module
    docstring for the matching). Returns the counts; a repeated call returns zeros."""
    beschikking = Beschikking.objects.select_related("melding").get(pk=beschikking_id)
    client_id = beschikking.melding.client_id
    segmenten = set(
        PlanProduct.objects.filter(plan_id=beschikking.plan_id).values_list("product__perceel__segment_id", flat=True)
    )
    eigen_melding = Q(melding_id=beschikking.melding_id)
    zelfde_segment = Q(
        melding__isnull=True,
        toewijzing__client_id=client_id,
        toewijzing__product__perceel__segment_id__in=segmenten,
    )
    signalen = (
        Herindicatiesignaal.objects.filter(status__in=OPEN_SIGNAAL, beschikking__isnull=True)
        .filter(eigen_melding | zelfde_segment)
        .update(status=SignaalStatus.AFGEROND, beschikking=beschikking)
    )
    herbeoordelingen = (
        Herbeoordeling.objects.filter(status__in=OPEN_HERBEOORDELING, beschikking__isnull=True)
        .filter(eigen_melding | zelfde_segment)
        .update(status=HerbeoordelingStatus.AFGEROND, beschikking=beschikking)
    )
    evaluaties = Evaluatie.objects.filter(vervolgmelding_id=beschikking.melding_id, beschikking__isnull=True).update(
        beschikking=beschikking
    )
    return Afgerond(signalen=signalen, evaluaties=evaluaties, herbeoordelingen=herbeoordelingen)


def bij_beschikking(*, beschikking_id: int, **_: Any) -> None:
    """Handler for `toegang.beschikking_vastgesteld`; subscribed in HerindicatieConfig.ready()."""
    herindicatie_afronden(beschikking_id=beschikking_id)
