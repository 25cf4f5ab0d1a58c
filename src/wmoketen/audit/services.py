"""Writes to the Logboek dataverwerkingen. Every read of a client's personal data goes through here."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from operator import attrgetter

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Min
from django.utils import timezone

from .constants import Actie, Resultaat, Verwerkingsactiviteit
from .keten import Hasher, ketensleutel
from .models import Bereiksignaal, Ketenkop, Verwerking


def client_pseudoniem(client_id: int) -> str:
    """A stable pseudonym: the log can be searched per client without storing who the client is."""
    if not settings.AUDIT_PSEUDONIEM_SLEUTEL:
        raise ImproperlyConfigured("AUDIT_PSEUDONIEM_SLEUTEL ontbreekt.")
    key = settings.AUDIT_PSEUDONIEM_SLEUTEL.encode()
    return hmac.new(key, f"client:{client_id}".encode(), hashlib.sha256).hexdigest()


def _actor(actor: object | None) -> tuple[int | None, str]:
    """(user id for the FK, description): a user, or a system such as a koppeling (a string, no user id)."""
    if hasattr(actor, "username"):
        return getattr(actor, "pk", None), str(getattr(actor, "username", ""))[:150]
    return None, str(actor or "systeem")[:150]


def verwerkingen_log(
    *,
    actor: object | None,
    actie: Actie,
    verwerkingsactiviteit: Verwerkingsactiviteit,
    client_ids: Iterable[int],
    object_type: str = "",
    object_id: str = "",
    resultaat: Resultaat = Resultaat.GELUKT,
    toelichting: str = "",
) -> int:
    """Write one record per client (listing 50 clients writes 50 records), appended to the hash chain, in the
    caller's transaction when there is one (so a change and its record are stored together or not at all).
    Returns the number written."""
    return verwerkingen_log_reeks(
        [
            Logregel(
                actor=actor,
                actie=actie,
                verwerkingsactiviteit=verwerkingsactiviteit,
                client_ids=tuple(client_ids),
                object_type=object_type,
                object_id=object_id,
                resultaat=resultaat,
                toelichting=toelichting,
            )
        ]
    )


@dataclass(frozen=True)
class Logregel:
    """The arguments of one verwerkingen_log call, for verwerkingen_log_reeks."""

    actor: object | None
    actie: Actie
    verwerkingsactiviteit: Verwerkingsactiviteit
    client_ids: tuple[int, ...]
    object_type: str = ""
    object_id: str = ""
    resultaat: Resultaat = Resultaat.GELUKT
    toelichting: str = ""


def verwerkingen_log_reeks(regels: Iterable[Logregel]) -> int:
    """verwerkingen_log for many calls at once (a conversion batch logs every message it sends): the records of
    all calls, in their order, are appended under one lock of the head and stored in one COPY. The chain is exactly
    the one the calls one by one would make (consecutive volgnummers, each record's HMAC over its predecessor); only
    the tijdstip is one moment for all. Returns the number written."""
    nu = timezone.now()
    pseudoniemen: dict[int, str] = {}
    records: list[NieuwRecord] = []
    for regel in regels:
        actor_pk, omschrijving = _actor(regel.actor)
        for client_id in dict.fromkeys(regel.client_ids):
            pseudoniem = pseudoniemen.get(client_id)
            if pseudoniem is None:
                pseudoniem = pseudoniemen[client_id] = client_pseudoniem(client_id)
            records.append(
                NieuwRecord(
                    tijdstip=nu,
                    actor_id=actor_pk,
                    actor_omschrijving=omschrijving,
                    actie=regel.actie,
                    verwerkingsactiviteit=regel.verwerkingsactiviteit,
                    client_pseudoniem=pseudoniem,
                    object_type=regel.object_type,
                    object_id=regel.object_id,
                    resultaat=regel.resultaat,
                    toelichting=regel.toelichting,
                )
            )
    _toevoegen(records)
    return len(records)


def wijziging_log(
    *,
    actor: object | None,
    actie: Actie,
    object_type: str,
    object_id: str,
    toelichting: str,
    verwerkingsactiviteit: Verwerkingsactiviteit = Verwerkingsactiviteit.BEHEER,
    resultaat: Resultaat = Resultaat.GELUKT,
) -> None:
    """One record about something other than a client (an account, a contract, a setting changed by beheer)."""
    actor_pk, omschrijving = _actor(actor)
    _toevoegen(
        [
            NieuwRecord(
                tijdstip=timezone.now(),
                actor_id=actor_pk,
                actor_omschrijving=omschrijving,
                actie=actie,
                verwerkingsactiviteit=verwerkingsactiviteit,
                client_pseudoniem="",
                object_type=object_type[:60],
                object_id=object_id[:60],
                resultaat=resultaat,
                toelichting=toelichting,
            )
        ]
    )


def beheerwijziging_vastleggen(
    *, actor: object | None, actie: str, object_type: str, object_id: str, toelichting: str
) -> None:
    """Handler of core.admin's BEHEER_GEWIJZIGD: a change made in the admin, in the admin's transaction."""
    wijziging_log(
        actor=actor, actie=Actie(actie), object_type=object_type, object_id=object_id, toelichting=toelichting
    )


def buiten_bereik_vastleggen(
    *, actor: object, object_type: str, object_id: str, verwerkingsactiviteit: Verwerkingsactiviteit
) -> Bereiksignaal | None:
    """An attempt outside the actor's scope (need-to-know answered 404): one Logboek record (resultaat
    buiten_bereik), and when the actor made WMOKETEN_BEREIK_DREMPEL of them within WMOKETEN_BEREIK_VENSTER_MINUTEN,
    an open Bereiksignaal for functioneel beheer (one per burst: later attempts raise its count). Returns the open
    signal, if any. Its own transaction: it runs after the view's transaction has ended."""
    with transaction.atomic():
        wijziging_log(
            actor=actor,
            actie=Actie.INZIEN,
            object_type=object_type,
            object_id=object_id,
            toelichting="Niet gevonden of buiten bereik (404).",
            verwerkingsactiviteit=verwerkingsactiviteit,
            resultaat=Resultaat.BUITEN_BEREIK,
        )
        nu = timezone.now()
        actor_id, _ = _actor(actor)
        if actor_id is None:  # only a signed-in account is counted
            return None
        pogingen = Verwerking.objects.filter(actor_id=actor_id, resultaat=Resultaat.BUITEN_BEREIK)
        signaal = Bereiksignaal.objects.filter(actor_id=actor_id, afgehandeld_op=None).order_by("-pk").first()
        if signaal is not None:
            signaal.aantal = pogingen.filter(tijdstip__gte=signaal.eerste_poging).count()
            signaal.laatste_poging = nu
            signaal.save(update_fields=["aantal", "laatste_poging"])
            return signaal
        recent = pogingen.filter(tijdstip__gte=nu - timedelta(minutes=settings.WMOKETEN_BEREIK_VENSTER_MINUTEN))
        aantal = recent.count()
        if aantal < settings.WMOKETEN_BEREIK_DREMPEL:
            return None
        eerste = recent.aggregate(eerste=Min("tijdstip"))["eerste"] or nu
        return Bereiksignaal.objects.create(actor_id=actor_id, eerste_poging=eerste, laatste_poging=nu, aantal=aantal)


def bereiksignaal_afhandelen(*, signaal: Bereiksignaal, door: object) -> None:
    """Functioneel beheer has looked into the burst (a later burst opens a new signal)."""
    Bereiksignaal.objects.filter(pk=signaal.pk, afgehandeld_op=None).update(
        afgehandeld_op=timezone.now(), afgehandeld_door_id=_actor(door)[0]
    )
    wijziging_log(
        actor=door,
        actie=Actie.WIJZIGEN,
        object_type="bereiksignaal",
        object_id=str(signaal.pk),
        toelichting=f"Signaal afgehandeld: {signaal.aantal} pogingen buiten bereik door {signaal.actor}.",
    )


def _toevoegen(records: list[NieuwRecord]) -> None:
    """Append to the chain: the head row is locked until the transaction ends, so the chain stays one line."""
    if not records:
        return
    hasher = Hasher(ketensleutel())
    with transaction.atomic():
        kop, _ = Ketenkop.objects.select_for_update().get_or_create(pk=1)
        for record in records:
            kop.volgnummer += 1
            record.volgnummer = kop.volgnummer
            record.vorige_hash = kop.hash
            record.hash = kop.hash = hasher(record, kop.hash)
        _opslaan(records)
        kop.save(update_fields=["volgnummer", "hash"])


@dataclass(slots=True)
class NieuwRecord:
    """One Logboek record before it is stored (a plain object: a message about thousands of clients writes
    thousands, and Django model instances cost more than the hashing)."""

    tijdstip: datetime
    actor_id: int | None
    actor_omschrijving: str
    actie: str
    verwerkingsactiviteit: str
    client_pseudoniem: str
    object_type: str
    object_id: str
    resultaat: str
    toelichting: str = ""
    volgnummer: int = 0
    vorige_hash: str = ""
    hash: str = ""


def _opslaan(records: list[NieuwRecord]) -> None:
    """bulk_create; on PostgreSQL one COPY (compiling an INSERT of thousands of records costs more than the
    hashing)."""
    velden = [f.name for f in fields(NieuwRecord)]
    if connection.vendor != "postgresql":
        Verwerking.objects.bulk_create([Verwerking(**{v: getattr(r, v) for v in velden}) for r in records])
        return
    per_naam = {f.attname: f.column or f.attname for f in Verwerking._meta.concrete_fields}
    kolommen = ", ".join(connection.ops.quote_name(per_naam[v]) for v in velden)
    pakken = attrgetter(*velden)
    with connection.cursor() as cursor:
        sql = f"COPY {connection.ops.quote_name(Verwerking._meta.db_table)} ({kolommen}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for record in records:
                copy.write_row(pakken(record))
