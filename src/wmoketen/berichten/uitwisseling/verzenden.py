"""Sending: a message object -> XSD-valid bytes -> the official level-2 rules -> a stored `uit` row -> the
transport (after commit).

Nothing leaves that the receiving hub would refuse: a message that breaks a level-2 rule (our engine gives the
official validation's verdict, see docs/regels.md) is stored with status `geblokkeerd` and its findings, is never
handed to the transport, and the signal `bericht_geblokkeerd` fires; the sender and functioneel beheer see it in the
message list.

The row is the outbox: the transport gets the file only when the transaction commits, and `afleveren_open()`
(run by `wmoketen exchange run`) delivers any row that was stored but not yet handed over. By default each message
is delivered in its own transaction right after the commit; a caller that sends many messages in one transaction
(a conversion batch) wraps it in `gebundeld_afleveren()` so they are delivered together (`afleveren_samen`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, replace
from datetime import date
from functools import partial
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from wmoketen.audit.constants import Actie, Resultaat, Verwerkingsactiviteit
from wmoketen.audit.services import Logregel, verwerkingen_log_reeks
from wmoketen.clienten.models import Client
from wmoketen.core.werkdagen import werkdagen_na

from ..codec import Bericht as CodecBericht
from ..codec import BerichtSoort, build, read_xml
from ..codec.model.basis import BerichtIdentificatie, Header
from ..constants import GEMEENTE_IS_AFZENDER, HEEN_SOORTEN, RETOUR_TERMIJN_WERKDAGEN, Kanaal, Richting, Status
from ..models import Bericht, Volgnummer
from ..rules import Finding, Niveau, validate_parsed
from ..signals import bericht_geblokkeerd
from .samenvatting import samenvatting
from .transport import transport

log = logging.getLogger(__name__)


def volgende_identificatie(partij: str, soort: str) -> str:
    """'301-00000042': unique per sender over all kinds (so also per kind, TR056), at most 12 characters.

    One `UPDATE ... RETURNING` (it locks the party's counter until the transaction ends, like the
    SELECT FOR UPDATE did); only a party's first message creates the counter."""
    tabel = connection.ops.quote_name(Volgnummer._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {tabel} SET laatste = laatste + 1 WHERE partij = %s RETURNING laatste", [partij])
        rij = cursor.fetchone()
    if rij is not None:
        return f"{soort}-{rij[0]:08d}"
    teller, _ = Volgnummer.objects.select_for_update().get_or_create(partij=partij)
    teller.laatste += 1
    teller.save(update_fields=["laatste"])
    return f"{soort}-{teller.laatste:08d}"


def identificaties_reserveren(partijen: Sequence[str], soort: str) -> list[str]:
    """`volgende_identificatie(partij, soort)` for each party in the list, in order (a party may occur many times):
    one UPDATE per distinct party, the same numbers as one by one."""
    aantal: dict[str, int] = {}
    for partij in partijen:
        aantal[partij] = aantal.get(partij, 0) + 1
    tabel = connection.ops.quote_name(Volgnummer._meta.db_table)
    volgende: dict[str, int] = {}
    for partij, n in aantal.items():
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {tabel} SET laatste = laatste + %s WHERE partij = %s RETURNING laatste", [n, partij]
            )
            rij = cursor.fetchone()
        if rij is None:
            teller, _ = Volgnummer.objects.select_for_update().get_or_create(partij=partij)
            teller.laatste += n
            teller.save(update_fields=["laatste"])
            rij = (teller.laatste,)
        volgende[partij] = rij[0] - n + 1
    uit: list[str] = []
    for partij in partijen:
        uit.append(f"{soort}-{volgende[partij]:08d}")
        volgende[partij] += 1
    return uit


def nieuwe_header(*, soort: BerichtSoort, afzender: str, ontvanger: str, dagtekening: date | None = None) -> Header:
    return Header(
        afzender=afzender,
        ontvanger=ontvanger,
        bericht_identificatie=BerichtIdentificatie(
            identificatie=volgende_identificatie(afzender, soort.value),
            dagtekening=dagtekening or timezone.localdate(),
        ),
    )


def partijen_van(soort: str, afzender: str, ontvanger: str) -> tuple[str, str]:
    """(gemeente, aanbieder) from a header; retours copy the heen header unchanged (IV028)."""
    return (afzender, ontvanger) if soort in GEMEENTE_IS_AFZENDER else (ontvanger, afzender)


def bestandsnaam(soort: str, afzender: str, identificatie: str, sha: str) -> str:
    return f"WMO{soort}_{afzender}_{identificatie}_{sha[:8]}.xml"


def bericht_rij(
    *, bericht: CodecBericht, data: bytes, sha: str, partij: str, richting: Richting, kanaal: Kanaal, **velden: Any
) -> Bericht:
    """An unsaved Bericht row with what every stored copy carries, in and out alike: the header's parties and
    identification, the bytes and the summary. `velden` adds what differs per direction."""
    header = bericht.header
    soort = bericht.SOORT.value
    gemeente, agb = partijen_van(soort, header.afzender, header.ontvanger)
    return Bericht(
        partij=partij,
        richting=richting,
        soort=soort,
        afzender=header.afzender,
        ontvanger=header.ontvanger,
        identificatie=header.bericht_identificatie.identificatie,
        dagtekening=header.bericht_identificatie.dagtekening,
        identificatie_retour=header.identificatie_retour or "",
        gemeente_code=gemeente,
        agb_code=agb,
        inhoud=data,
        sha256=sha,
        grootte=len(data),
        kanaal=kanaal,
        samenvatting=samenvatting(bericht),
        **velden,
    )


def bsns_in(bericht: CodecBericht) -> list[str]:
    """Every BSN in a message (one client, or the clients of a 323/325), in order, once each."""
    gevonden: list[str] = []

    def walk(obj: object) -> None:
        bsn = getattr(obj, "bsn", None)
        if isinstance(bsn, str):
            gevonden.append(bsn)
        for name in getattr(obj, "__dataclass_fields__", {}):
            value = getattr(obj, name)
            for item in value if isinstance(value, tuple) else (value,):
                if hasattr(item, "__dataclass_fields__"):
                    walk(item)

    walk(bericht)
    return list(dict.fromkeys(gevonden))


def gemeente_van(bericht: CodecBericht) -> str:
    """The CBS code of the gemeente a message is between (sender or receiver, by kind; retours copy the header)."""
    header = bericht.header
    return partijen_van(bericht.SOORT.value, header.afzender, header.ontvanger)[0]


def _per_bsn(bericht: CodecBericht, bsns: list[str]) -> dict[str, int]:
    """BSN -> client id of the message's gemeente. The BSN is unique per gemeente: the client of another gemeente
    with the same BSN is never the one a message is about (nor shown its Logboek record)."""
    if not bsns:
        return {}
    return dict(Client.objects.filter(gemeente__cbs_code=gemeente_van(bericht), bsn__in=bsns).values_list("bsn", "pk"))


def client_ids_bij(bericht: CodecBericht) -> list[int]:
    """The known clients a message is about: the Logboek gets one record per client per message."""
    bsns = bsns_in(bericht)
    per_bsn = _per_bsn(bericht, bsns)
    return [per_bsn[b] for b in bsns if b in per_bsn]


def client_bij(bericht: CodecBericht) -> Client | None:
    """The client of the message's gemeente with the message's BSN (one at most: unique per gemeente)."""
    client = getattr(bericht, "client", None)
    bsn = getattr(client, "bsn", None)
    if bsn is None:
        return None
    return Client.objects.filter(gemeente__cbs_code=gemeente_van(bericht), bsn=bsn).first()


def clienten_bij(bericht: CodecBericht) -> tuple[int | None, list[int]]:
    """`client_bij` (as an id) and `client_ids_bij` together, in one query."""
    bsns = bsns_in(bericht)
    per_bsn = _per_bsn(bericht, bsns)
    bsn = getattr(getattr(bericht, "client", None), "bsn", None)
    return (per_bsn.get(bsn) if bsn is not None else None), [per_bsn[b] for b in bsns if b in per_bsn]


def bevindingen_voor_verzenden(data: bytes) -> list[Finding]:
    """The level-2 findings on XSD-valid bytes we built: what the official validation of the hub would refuse."""
    return validate_parsed(read_xml(data), niveaus={Niveau.BERICHT}).findings


@transaction.atomic
def bericht_verzenden(
    *,
    bericht: CodecBericht,
    kanaal: Kanaal = Kanaal.SYSTEEM,
    heen: Bericht | None = None,
    actor: object | None = None,
) -> Bericht:
    """Build (XSD-validated), check against the official level-2 rules, store in the sender's outbox and hand to
    the transport when the transaction commits. A message that breaks a rule is stored as blocked and not handed
    over (status `geblokkeerd`): the caller checks `status` before it records the message as sent.

    For a retour (`heen` given) the sender is the party that received `heen`, and it goes back to `heen`'s sender.
    """
    return berichten_verzenden(berichten=[bericht], kanaal=kanaal, heen=heen, actor=actor)[0]


@transaction.atomic
def berichten_verzenden(
    *,
    berichten: Sequence[CodecBericht],
    kanaal: Kanaal = Kanaal.SYSTEEM,
    heen: Bericht | None = None,
    actor: object | None = None,
) -> list[Bericht]:
    """`bericht_verzenden` for many messages, in their order, with the same result (rows, blocking, Logboek
    records in the same order), in a fixed number of queries: the clients of all messages read at once, the rows
    stored with one INSERT, the Logboek records appended together (audit.services.verwerkingen_log_reeks), the
    earlier blocked copies looked up once. Returns the stored row per message (for a blocked message that was
    blocked before in the same form: that earlier row)."""
    if not berichten:
        return []
    dag = timezone.localdate()
    termijn: dict[str, date | None] = {}
    voorbereid = []
    for bericht in berichten:
        data = build(bericht)
        voorbereid.append((bericht, data, bevindingen_voor_verzenden(data), bsns_in(bericht)))
    # the client of the message's gemeente with the BSN (unique per gemeente, as _per_bsn), for all messages at once
    alle_bsns = {b for *_, bsns in voorbereid for b in bsns}
    gemeenten = {gemeente_van(b) for b, *_ in voorbereid}
    per_sleutel: dict[tuple[str, str], int] = {}
    if alle_bsns:
        for code, bsn_, pk in Client.objects.filter(gemeente__cbs_code__in=gemeenten, bsn__in=alle_bsns).values_list(
            "gemeente__cbs_code", "bsn", "pk"
        ):
            per_sleutel[(code, bsn_)] = pk
    rijen: list[tuple[Bericht, list[Finding], str, list[int]]] = []
    for bericht, data, bevindingen, bsns in voorbereid:
        header = bericht.header
        soort = bericht.SOORT.value
        gemeente = gemeente_van(bericht)
        per_bsn = {b: per_sleutel[(gemeente, b)] for b in bsns if (gemeente, b) in per_sleutel}
        if heen is not None:
            partij = heen.partij
            identificatie = header.identificatie_retour or ""
        else:
            partij = header.afzender
            identificatie = header.bericht_identificatie.identificatie
        sha = hashlib.sha256(data).hexdigest()
        bsn = getattr(getattr(bericht, "client", None), "bsn", None)
        if soort not in termijn:
            termijn[soort] = werkdagen_na(dag, RETOUR_TERMIJN_WERKDAGEN) if soort in HEEN_SOORTEN - {"323"} else None
        rij = bericht_rij(
            bericht=bericht,
            data=data,
            sha=sha,
            partij=partij,
            richting=Richting.UIT,
            kanaal=kanaal,
            client_id=per_bsn.get(bsn) if bsn is not None else None,
            status=Status.VERZONDEN if soort in HEEN_SOORTEN else Status.ONTVANGEN,
            retour_codes=list(header.retour_codes),
            heen=heen,
            bestandsnaam=bestandsnaam(soort, partij, identificatie, sha),
            retour_uiterlijk=termijn[soort],
        )
        rijen.append((rij, bevindingen, identificatie, [per_bsn[b] for b in bsns if b in per_bsn]))
    eerder = _eerder_geblokkeerd([rij for rij, bevindingen, _, _ in rijen if bevindingen])
    uitkomst: list[Bericht] = []
    nieuw: list[Bericht] = []
    regels: list[Logregel] = []
    for rij, bevindingen, identificatie, client_ids in rijen:
        if bevindingen:
            rij.status = Status.GEBLOKKEERD
            rij.bevindingen = [asdict(f) for f in bevindingen]
            rij.retour_uiterlijk = None
            sleutel = _blokkade_sleutel(rij)
            kern = _zonder_identificatie(bytes(rij.inhoud), identificatie)
            zelfde = next((e for e in eerder.get(sleutel, []) if _kern(e) == kern), None)
            if zelfde is not None:
                uitkomst.append(zelfde)
                continue
            eerder.setdefault(sleutel, []).append(rij)
        uitkomst.append(rij)
        nieuw.append(rij)
        regels.append(
            Logregel(
                actor=actor,
                actie=Actie.BERICHT_VERZONDEN,
                verwerkingsactiviteit=Verwerkingsactiviteit.TOEWIJZING,
                client_ids=tuple(client_ids),
                object_type=f"WMO{rij.soort}",
                resultaat=Resultaat.GEWEIGERD if bevindingen else Resultaat.GELUKT,
            )
        )
    Bericht.objects.bulk_create(nieuw)
    verwerkingen_log_reeks([replace(r, object_id=str(rij.pk)) for r, rij in zip(regels, nieuw, strict=True)])
    verzonden: list[int] = []
    for rij in nieuw:
        if rij.status != Status.GEBLOKKEERD:
            verzonden.append(rij.pk)
            continue
        log.warning(
            "WMO%s %s van %s geblokkeerd (niet verzonden): %s",
            rij.soort,
            rij.identificatie_retour or rij.identificatie,
            rij.partij,
            ", ".join(sorted({f["code"] for f in rij.bevindingen})),
        )
        bericht_geblokkeerd.send(sender=Bericht, bericht=rij)
    if verzonden:
        bundel = _bundel.get()
        if bundel is None:
            transaction.on_commit(partial(afleveren_en_doorgeven, verzonden))
        else:  # delivered with the others when gebundeld_afleveren ends; a rolled-back message never gets in
            transaction.on_commit(partial(bundel.extend, verzonden))
    return uitkomst


def _zonder_identificatie(data: bytes, identificatie: str) -> bytes:
    return data.replace(f">{identificatie}<".encode(), b"><", 1)


def _kern(rij: Bericht) -> bytes:
    return _zonder_identificatie(bytes(rij.inhoud), rij.identificatie_retour or rij.identificatie)


def _blokkade_sleutel(rij: Bericht) -> tuple[object, ...]:
    return (rij.partij, rij.soort, rij.ontvanger, rij.dagtekening, rij.client_id)


def _eerder_geblokkeerd(rijen: list[Bericht]) -> dict[tuple[object, ...], list[Bericht]]:
    """The stored blocked messages these new blocked ones may repeat (same sender, kind, receiver, day and client):
    a 301 from state is built again on every exchange run until the data is fixed, and is then not stored again."""
    if not rijen:
        return {}
    client_ids = {r.client_id for r in rijen if r.client_id is not None}
    met_client = Q(client_id__in=client_ids) if client_ids else Q(pk__in=[])
    zonder_client = Q(client__isnull=True) if any(r.client_id is None for r in rijen) else Q(pk__in=[])
    gevonden: dict[tuple[object, ...], list[Bericht]] = {}
    for eerder in Bericht.objects.filter(
        partij__in={r.partij for r in rijen},
        richting=Richting.UIT,
        soort__in={r.soort for r in rijen},
        ontvanger__in={r.ontvanger for r in rijen},
        status=Status.GEBLOKKEERD,
        dagtekening__in={r.dagtekening for r in rijen},
    ).filter(met_client | zonder_client):
        gevonden.setdefault(_blokkade_sleutel(eerder), []).append(eerder)
    return gevonden


def afleveren(pk: int) -> None:
    """Hand one stored outgoing message to the transport (idempotent: delivered rows are skipped)."""
    afleveren_samen([pk])


def afleveren_en_doorgeven(pks: list[int]) -> None:
    """After the commit: hand the messages to the transport, then offer each one whose receiver this system serves
    to the worker as a task (berichten.tasks), so it is processed now rather than at the next inbox poll. Without
    a broker that task runs right here: the portal's send is answered on the next page, as in the demo."""
    from ..tasks import ontvangst_aanbieden

    geleverd: list[tuple[str, str]] = []
    try:
        afleveren_samen(pks, geleverd_aan=geleverd)
    finally:
        ontvangst_aanbieden(geleverd)


AFLEVEREN_PER_KEER = 100  # messages locked, handed over and marked delivered in one transaction


def afleveren_samen(pks: Iterable[int], *, geleverd_aan: list[tuple[str, str]] | None = None) -> int:
    """`afleveren` for many stored outgoing messages, in pk order, AFLEVEREN_PER_KEER per transaction: the
    undelivered rows are locked together, each is handed to the transport, and the handed ones are marked delivered
    in one UPDATE. Idempotent like `afleveren` (delivered rows are skipped; a parallel deliverer waits for the lock
    and then skips them). A transport error commits the marks of the messages handed over before it and is raised,
    as with one transaction per message; the rest waits for `afleveren_open`. Returns the number delivered.

    The price: a crash between handing over and the commit leaves up to AFLEVEREN_PER_KEER messages (not one)
    undelivered in the table, and `afleveren_open` hands those over again (the same file name and bytes).
    `geleverd_aan` receives (receiver, file name) of every message handed over."""
    ids = sorted(set(pks))
    geleverd = 0
    for begin in range(0, len(ids), AFLEVEREN_PER_KEER):
        fout: Exception | None = None
        klaar: list[int] = []
        with transaction.atomic():
            naar = transport()
            berichten = list(
                Bericht.objects.select_for_update()
                .filter(pk__in=ids[begin : begin + AFLEVEREN_PER_KEER], afgeleverd_op__isnull=True)
                .exclude(status=Status.GEBLOKKEERD)
                .only("partij", "ontvanger", "bestandsnaam", "inhoud", "heen")
                .order_by("pk")
            )
            heen_ids = {b.heen_id for b in berichten if b.heen_id is not None}
            heen_afzender = (
                dict(Bericht.objects.filter(pk__in=heen_ids).values_list("pk", "afzender")) if heen_ids else {}
            )
            aan: list[tuple[str, str]] = []
            for bericht in berichten:
                ontvanger = bericht.ontvanger if bericht.heen_id is None else heen_afzender[bericht.heen_id]
                try:
                    naar.afleveren(
                        afzender=bericht.partij,
                        ontvanger=ontvanger,
                        bestandsnaam=bericht.bestandsnaam,
                        inhoud=bytes(bericht.inhoud),
                    )
                except Exception as exc:
                    fout = exc
                    break
                klaar.append(bericht.pk)
                aan.append((ontvanger, bericht.bestandsnaam))
            if klaar:
                Bericht.objects.filter(pk__in=klaar).update(afgeleverd_op=timezone.now())
        geleverd += len(klaar)
        if geleverd_aan is not None:
            geleverd_aan.extend(aan)
        if fout is not None:
            raise fout
    return geleverd


_bundel: ContextVar[list[int] | None] = ContextVar("wmoketen_afleveren_bundel", default=None)


@contextmanager
def gebundeld_afleveren() -> Iterator[None]:
    """Deliver the messages sent in this block together when it ends (`afleveren_samen`) instead of one transaction
    per message. Put it around the transaction: `with gebundeld_afleveren(), transaction.atomic(): ...`.

    A message still goes out only once its transaction has committed: its on_commit adds it to the bundle, and a
    rolled-back message is never added. Inside an open transaction (the outermost commit comes after the block)
    the block changes nothing: each message is delivered on that commit as before; nested in another block, the
    outer one delivers."""
    if transaction.get_connection().in_atomic_block or _bundel.get() is not None:
        yield
        return
    bundel: list[int] = []
    token = _bundel.set(bundel)
    try:
        yield
    finally:
        _bundel.reset(token)
        if bundel:  # bulk (a conversion batch): the receivers read them at their next inbox poll
            afleveren_samen(bundel)


def afleveren_open() -> int:
    """Deliver every outgoing message that is stored but not yet handed to the transport."""
    ids = list(
        Bericht.objects.filter(richting=Richting.UIT, afgeleverd_op__isnull=True)
        .exclude(status=Status.GEBLOKKEERD)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in ids:
        afleveren(pk)
    return len(ids)
