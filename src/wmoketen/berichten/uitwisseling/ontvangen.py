"""Receiving: raw bytes from a transport or an upload -> refused at the door, or stored, validated, applied
and answered with the retour.

At the door (nothing stored): more than 25 MB, a DOCTYPE/entity/DTD, not well-formed, not an iWmo message,
not XSD-valid (level 1: a transport error, no retour, IV028), or not addressed to the receiving party.
The same bytes a second time find the stored row and change nothing; a new message that reuses a
BerichtIdentificatie of this sender is stored and answered with 9056 (TR056) and changes nothing either.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from wmoketen.audit.constants import Actie, Verwerkingsactiviteit
from wmoketen.audit.services import verwerkingen_log
from wmoketen.catalogus.models import Gemeente
from wmoketen.contracten.models import Aanbieder
from wmoketen.core.fouten import Domeinfout
from wmoketen.core.metriek import BERICHTEN_ONTVANGEN
from wmoketen.core.werkdagen import werkdagen_na

from ..codec import Bericht as CodecBericht
from ..codec import BerichtError, ParsedXml, read_xml, to_object
from ..codec.model.wmo323 import Wmo325
from ..codec.schema import schema_errors
from ..constants import HEEN_VAN, RETOUR_TERMIJN_WERKDAGEN, RETOUR_VAN, Kanaal, Richting, Status
from ..models import Bericht
from ..rules import validate_parsed
from .context import DatabaseContext
from .declaratie import declaratie_verwerken, status_na_325
from .inhoud import inhoud_bewaren
from .retour import retour_bouwen
from .samenvatting import MAX_REGELS, samenvatting
from .stroom323 import Stroom323, StroomFout, is_323
from .toepassen import toepassen
from .verzenden import (
    bericht_rij,
    bericht_verzenden,
    bestandsnaam,
    client_bij,
    client_ids_bij,
    volgende_identificatie,
)


class BerichtGeweigerd(Domeinfout):
    """Refused before anything is stored; the text is Dutch and tells the sender what is wrong."""


@dataclass(frozen=True)
class Ontvangst:
    bericht: Bericht
    nieuw: bool
    retour: Bericht | None


def _lees(data: bytes) -> tuple[ParsedXml, CodecBericht]:
    try:
        parsed = read_xml(data)
    except BerichtError as exc:
        raise BerichtGeweigerd(str(exc)) from exc
    errors = schema_errors(parsed.soort, parsed.root)
    if errors:
        raise BerichtGeweigerd(
            f"Bericht geweigerd: {parsed.soort.label} voldoet niet aan het XSD (transportfout, er volgt geen "
            f"retourbericht): {errors[0]}"
        )
    return parsed, to_object(parsed)


def ontvanger_van(bericht: CodecBericht) -> str:
    """The receiving party: a retour copies the heen header (IV028), so it goes to the header's Afzender."""
    soort = bericht.SOORT.value
    return bericht.header.afzender if soort in HEEN_VAN else bericht.header.ontvanger


def _bestaand(partij: str, sha: str) -> Ontvangst | None:
    bestaand = Bericht.objects.filter(partij=partij, richting=Richting.IN, sha256=sha).first()
    if bestaand is None:
        return None
    return Ontvangst(bestaand, False, bestaand.retouren.filter(richting=Richting.UIT).first())


def bericht_ontvangen(
    *,
    data: bytes,
    kanaal: Kanaal,
    partij: str | None = None,
    bestandsnaam_bron: str = "",
    vandaag: date | None = None,
    actor: object | None = None,
) -> Ontvangst:
    """Receive one message for `partij` (default: the party the header addresses). A 323 is streamed
    (stroom323.py): its XSD errors can surface late, and then everything done for it is rolled back."""
    try:
        ontvangst = _ontvangen(data, kanaal, partij, bestandsnaam_bron, vandaag, actor)
    except BerichtGeweigerd:
        BERICHTEN_ONTVANGEN.labels("onbekend", "geweigerd").inc()
        raise
    uitkomst = str(ontvangst.bericht.status) if ontvangst.nieuw else "dubbel"
    BERICHTEN_ONTVANGEN.labels(ontvangst.bericht.soort, uitkomst).inc()
    return ontvangst


def _ontvangen(
    data: bytes,
    kanaal: Kanaal,
    partij: str | None,
    bestandsnaam_bron: str,
    vandaag: date | None,
    actor: object | None,
) -> Ontvangst:
    stroom: Stroom323 | None = None
    parsed: ParsedXml | None = None
    if is_323(data):
        try:
            stroom = Stroom323(data)
        except BerichtError as exc:  # StroomFout and UnsafeXmlError carry the Dutch reason
            raise BerichtGeweigerd(str(exc)) from exc
        bericht: CodecBericht = stroom.kop
    else:
        parsed, bericht = _lees(data)
    ontvanger = ontvanger_van(bericht)
    if partij is not None and partij != ontvanger:
        raise BerichtGeweigerd(f"Bericht geweigerd: het is gericht aan {ontvanger}, niet aan {partij}.")
    sha = hashlib.sha256(data).hexdigest()
    bestaand = _bestaand(ontvanger, sha)
    if bestaand is not None:
        return bestaand
    try:
        with transaction.atomic():
            if stroom is not None:
                return _verwerk_323(data, sha, stroom, ontvanger, kanaal, bestandsnaam_bron, vandaag, actor)
            assert parsed is not None
            return _verwerk(data, sha, parsed, bericht, ontvanger, kanaal, bestandsnaam_bron, vandaag, actor)
    except StroomFout as exc:  # level 1 failed late in the stream: nothing was kept
        raise BerichtGeweigerd(str(exc)) from exc
    except BerichtError:
        raise
    except IntegrityError:
        bestaand = _bestaand(ontvanger, sha)  # the same bytes arrived twice at the same moment
        if bestaand is None:
            raise
        return bestaand
    except BerichtGeweigerd:
        raise
    except Domeinfout as exc:  # a domain service refused (e.g. ToewijzingFout): nothing was stored
        raise BerichtGeweigerd(f"Bericht niet verwerkt: {exc}") from exc


def _een_afzender_tegelijk(afzender: str) -> None:
    """Serialise the intake of one sender's messages (a row lock on the sender until this transaction commits).
    Without it, two workers judging overlapping 323s at the same moment both see no earlier approval and both
    approve the same delivery (double debet, TR389); the same goes for a reused BerichtIdentificatie (TR056).
    FOR NO KEY UPDATE: it does not block inserts that merely reference the sender (foreign keys)."""
    model = Aanbieder if len(afzender) == 8 else Gemeente
    veld = "agb_code" if model is Aanbieder else "cbs_code"
    list(model.objects.select_for_update(no_key=True).filter(**{veld: afzender}).values_list("pk", flat=True))


def _verwerk(
    data: bytes,
    sha: str,
    parsed: ParsedXml,
    bericht: CodecBericht,
    partij: str,
    kanaal: Kanaal,
    bron: str,
    vandaag: date | None,
    actor: object | None,
) -> Ontvangst:
    soort = bericht.SOORT.value
    header = bericht.header
    vandaag = vandaag or timezone.localdate()
    _een_afzender_tegelijk(header.afzender)
    client = client_bij(bericht)
    rij = bericht_rij(
        bericht=bericht,
        data=data,
        sha=sha,
        partij=partij,
        richting=Richting.IN,
        kanaal=kanaal,
        client=client,
        bestandsnaam=bron or bestandsnaam(soort, header.afzender, header.bericht_identificatie.identificatie, sha),
    )
    retour: Bericht | None = None
    if soort in HEEN_VAN:
        _retour_ontvangen(rij, bericht)
    else:
        findings = validate_parsed(parsed, context=DatabaseContext(today=vandaag), niveaus=(2, 3, 4)).findings
        rij.bevindingen = [asdict(f) for f in findings]
        rij.status = Status.AFGEKEURD if findings else Status.GOEDGEKEURD
        if soort in RETOUR_VAN:
            rij.retour_uiterlijk = werkdagen_na(vandaag, RETOUR_TERMIJN_WERKDAGEN)
        rij.save()
        if isinstance(bericht, Wmo325):
            _antwoord_ontvangen(rij, bericht)
        elif not findings:
            toepassen(bericht, rij, vandaag)
        if soort in RETOUR_VAN:
            retour_object = retour_bouwen(
                bericht,
                findings,
                identificatie_retour=volgende_identificatie(partij, RETOUR_VAN[soort]),
                dagtekening=vandaag,
            )
            retour = bericht_verzenden(bericht=retour_object, heen=rij, kanaal=kanaal, actor=actor)
            rij.retour_codes = list(retour_object.header.retour_codes)
            rij.save(update_fields=["retour_codes"])
    verwerkingen_log(
        actor=actor,
        actie=Actie.BERICHT_ONTVANGEN,
        verwerkingsactiviteit=Verwerkingsactiviteit.TOEWIJZING,
        client_ids=[client.pk] if client is not None else client_ids_bij(bericht),
        object_type=f"WMO{soort}",
        object_id=str(rij.pk),
    )
    return Ontvangst(rij, True, retour)


def _verwerk_323(
    data: bytes,
    sha: str,
    stroom: Stroom323,
    partij: str,
    kanaal: Kanaal,
    bron: str,
    vandaag: date | None,
    actor: object | None,
) -> Ontvangst:
    header = stroom.kop.header
    vandaag = vandaag or timezone.localdate()
    _een_afzender_tegelijk(header.afzender)
    rij = bericht_rij(
        bericht=stroom.kop,
        data=data,
        sha=sha,
        partij=partij,
        richting=Richting.IN,
        kanaal=kanaal,
        bestandsnaam=bron or bestandsnaam("323", header.afzender, header.bericht_identificatie.identificatie, sha),
        status=Status.ONTVANGEN,
    )
    rij.inhoud = b""
    rij.save()  # the declaration refers to it
    inhoud_bewaren(rij, data)
    retour, codes, findings, status = declaratie_verwerken(stroom, rij=rij, vandaag=vandaag, kanaal=kanaal, actor=actor)
    rij.bevindingen = [asdict(f) for f in findings]
    rij.samenvatting = samenvatting(stroom.samenvattingsbericht)
    if stroom.aantal_prestaties > MAX_REGELS:
        rij.samenvatting["regels_totaal"] = stroom.aantal_prestaties
    rij.retour_codes = codes
    rij.status = status
    rij.save(update_fields=["bevindingen", "samenvatting", "retour_codes", "status"])
    return Ontvangst(rij, True, retour)


def alle_retourcodes(bericht: CodecBericht) -> list[str]:
    codes: list[str] = []

    def walk(obj: object) -> None:
        codes.extend(getattr(obj, "retour_codes", ()) or ())
        for name in getattr(obj, "__dataclass_fields__", {}):
            value = getattr(obj, name)
            for item in value if isinstance(value, tuple) else (value,):
                if hasattr(item, "__dataclass_fields__"):
                    walk(item)

    walk(bericht)
    return list(dict.fromkeys(codes))


def _retour_ontvangen(rij: Bericht, bericht: CodecBericht) -> None:
    """A retour: link it to our heen-bericht and record the outcome there."""
    heen = (
        Bericht.objects.select_for_update()
        .filter(
            partij=rij.partij,
            richting=Richting.UIT,
            soort=HEEN_VAN[rij.soort],
            afzender=rij.afzender,
            identificatie=rij.identificatie,
        )
        .first()
    )
    codes = alle_retourcodes(bericht)
    rij.status = Status.ONTVANGEN
    rij.retour_codes = codes
    rij.heen = heen
    rij.save()
    if heen is not None:
        heen.status = Status.GOEDGEKEURD if set(codes) <= {"0200"} else Status.AFGEKEURD
        heen.retour_codes = codes
        heen.save(update_fields=["status", "retour_codes"])


def _antwoord_ontvangen(rij: Bericht, bericht: Wmo325) -> None:
    """A 325 at the provider: link it to the provider's own 323 (DeclaratieIdentificatie) and record the outcome."""
    codes = alle_retourcodes(bericht)
    rij.status = Status.ONTVANGEN
    rij.retour_codes = codes
    declaratie_id = bericht.header.declaratie_identificatie
    heen = None
    if declaratie_id is not None:
        heen = (
            Bericht.objects.select_for_update()
            .filter(
                partij=rij.partij,
                richting=Richting.UIT,
                soort="323",
                afzender=rij.ontvanger,
                identificatie=declaratie_id.identificatie,
            )
            .first()
        )
    rij.heen = heen
    rij.save(update_fields=["status", "retour_codes", "heen"])
    if heen is not None:
        samenvatting = heen.samenvatting or {}
        aantal = samenvatting.get("regels_totaal", len(samenvatting.get("regels", []))) or None
        heen.status = status_na_325(bericht, aantal_prestaties=aantal)
        heen.retour_codes = codes
        heen.save(update_fields=["status", "retour_codes"])
