"""The streamed 323 intake (uitwisseling/stroom323.py and declaratie.py) through `bericht_ontvangen`: judged in
parts of `DEEL` prestaties with the same outcome as one whole, refused at the door or rolled back whole when
level 1 fails late, a header-only 0001 for a late level-2 error, TR381 per prestatie in a later part, the raw
bytes stored exactly (binary COPY on PostgreSQL) and no DOCTYPE."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.factories import ClientFactory
from wmoketen.audit.constants import Actie
from wmoketen.audit.models import Verwerking
from wmoketen.audit.services import client_pseudoniem
from wmoketen.berichten.codec import build, parse
from wmoketen.berichten.codec.model import wmo323
from wmoketen.berichten.constants import Kanaal, Richting, Status
from wmoketen.berichten.models import Bericht
from wmoketen.berichten.tests import factories as f
from wmoketen.berichten.uitwisseling import inhoud, stroom323
from wmoketen.berichten.uitwisseling.ontvangen import BerichtGeweigerd, Ontvangst, bericht_ontvangen
from wmoketen.core.bsn import test_bsns
from wmoketen.declaraties.models import Declaratie, Prestatie
from wmoketen.declaraties.services import Intake
from wmoketen.declaraties.tests.harnas import VANDAAG, opstelling, prestatie, wmo323_bericht
from wmoketen.toewijzingen.models import Toewijzing
from wmoketen.toewijzingen.services import toewijzing_aanmaken

pytestmark = pytest.mark.django_db

NS = b'xmlns="http://www.istandaarden.nl/iwmo/3_2/wmo323/schema"'
ONGELDIG_BSN = "123456789"  # 9 digits (XSD-valid) that fail the 11-proef
assert ONGELDIG_BSN not in (f.BSN, f.BSN_2, f.BSN_3)
BSN_4 = test_bsns(4)[3]  # a client without an assignment


@pytest.fixture(autouse=True)
def uitwisseling(tmp_path: Path, settings: Any) -> Path:
    settings.WMOKETEN_UITWISSELING_MAP = tmp_path
    return tmp_path


# --- the chain: three clients of one provider, and one approved March debet (PA1) for the credit to correct ----


def drie_clienten() -> None:
    """opstelling(): client A (BSN) with 1001, 02A01 begeleiding 4 h/week, € 60,50/h, March-December 2025.
    Added: client B (BSN_2) with 2001, 02A02 10 h in total (cumulative, TR322); client C (BSN_3) with 3001,
    02A01 4 h/week."""
    k = opstelling().keten
    for bsn, product, nummer in ((f.BSN_2, k.totaal, 2001), (f.BSN_3, k.pxq, 3001)):
        client = ClientFactory(gemeente=k.gemeente, bsn=bsn)
        t = toewijzing_aanmaken(
            client=client, aanbieder=k.aanbieder, product=product, ingangsdatum=date(2025, 3, 1),
            einddatum=date(2025, 12, 31), volume=10 if nummer == 2001 else 4,
        )  # fmt: skip
        Toewijzing.objects.filter(pk=t.pk).update(toewijzing_nummer=nummer)


# Built once, so every setup receives exactly the same bytes (the harness numbers each message it builds).
EERSTE = build(wmo323_bericht(prestatie("PA1", volume=10)))  # March, client A: approved, 60500


def hoofd(*, dup_c: wmo323.Prestatie | None = None) -> wmo323.Wmo323:
    """The April 323: 8 prestaties of 3 clients (volgnummer 0-7)."""
    return wmo323_bericht(
        periode=(2025, 4),
        clienten=(
            wmo323.Client(
                bsn=f.BSN,
                prestaties=(
                    prestatie("CA1", volume=10, credit_van="PA1"),  # 0 credit of PA1: -60500
                    prestatie("PA1N", volume=8),  # 1 corrected March debet: 48400
                    prestatie("DUP", volume=4, maand=(2025, 4)),  # 2 24200
                ),
            ),
            wmo323.Client(
                bsn=f.BSN_2,
                prestaties=(
                    prestatie("PB1", nummer=2001, code="02A02", volume=6),  # 3 36300
                    prestatie("PB2", nummer=2001, code="02A02", volume=6, maand=(2025, 4)),  # 4 6 + 6 > 10: 9322
                ),
            ),
            wmo323.Client(
                bsn=f.BSN_3,
                prestaties=(
                    prestatie("PC1", nummer=3001, volume=5),  # 5 30250
                    dup_c or prestatie("DUP", nummer=3001, volume=4, maand=(2025, 4)),  # 6 ReferentieNummer again
                    prestatie("PC3", nummer=9999, volume=2),  # 7 unknown assignment: 9338
                ),
            ),
        ),
    )


HOOFD = build(hoofd())
INGEDIEND = -60500 + 48400 + 24200 + 36300 + 36300 + 30250 + 24200 + 12100
TOEGEKEND = -60500 + 48400 + 24200 + 36300 + 30250
assert (INGEDIEND, TOEGEKEND) == (151250, 78650)


@pytest.fixture
def opgezet() -> None:
    drie_clienten()
    ontvangst = ontvang(EERSTE)
    assert ontvangst.bericht.retour_codes == ["8001"]


@pytest.fixture
def delen(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every client its own part; returns the sizes of the parts the intake judged, in order."""
    monkeypatch.setattr(stroom323, "DEEL", 1)
    return deelgroottes(monkeypatch)


def deelgroottes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    groottes: list[int] = []
    origineel: Callable[..., Any] = Intake.verwerk

    def verwerk(self: Intake, prestaties: Sequence[Any]) -> Any:
        groottes.append(len(prestaties))
        return origineel(self, prestaties)

    monkeypatch.setattr(Intake, "verwerk", verwerk)
    return groottes


def ontvang(data: bytes) -> Ontvangst:
    return bericht_ontvangen(data=data, kanaal=Kanaal.BESTAND, vandaag=VANDAAG)


def antwoord_van(ontvangst: Ontvangst) -> wmo323.Wmo325:
    assert ontvangst.retour is not None
    antwoord = parse(bytes(ontvangst.retour.inhoud))
    assert isinstance(antwoord, wmo323.Wmo325)
    return antwoord


def afgewezen(antwoord: wmo323.Wmo325) -> list[tuple[str, str, tuple[str, ...]]]:
    """(BSN, ReferentieNummer, retourcodes) of every prestatie the 325 lists, in order."""
    assert antwoord.declaratie_antwoord is not None
    return [
        (c.bsn, p.product_referentie.referentie_nummer, p.retour_codes)
        for c in antwoord.declaratie_antwoord.clienten
        for p in c.prestaties
    ]


def prestatierijen(bericht: Bericht) -> list[tuple[int, str, str, list[str], int]]:
    return list(
        Prestatie.objects.filter(declaratie__bericht_id=bericht.pk)
        .order_by("volgnummer")
        .values_list("volgnummer", "referentie_nummer", "status", "retour_codes", "toegekend_cent")
    )


def tellingen() -> dict[str, int]:
    return {
        "bericht": Bericht.objects.count(),
        "declaratie": Declaratie.objects.count(),
        "prestatie": Prestatie.objects.count(),
        "logboek": Verwerking.objects.count(),
    }


def vervang_laatste(data: bytes, oud: bytes, nieuw: bytes) -> bytes:
    voor, gevonden, na = data.rpartition(oud)
    assert gevonden, oud
    return voor + nieuw + na


# --- 1. parts give the same result as one whole --------------------------------------------------------------


@dataclass
class Ronde:
    delen: list[int]
    antwoord_xml: bytes
    antwoord: wmo323.Wmo325
    rijen: list[tuple[int, str, str, list[str], int]]
    toegekend_cent: int | None


def ronde(monkeypatch: pytest.MonkeyPatch, groottes: list[int], deel: int, voor: bytes, data: bytes) -> Ronde:
    """A fresh setup, `voor` and then `data` received with parts of `deel` prestaties; undone afterwards (a
    savepoint), so the next round starts from the same empty database."""
    monkeypatch.setattr(stroom323, "DEEL", deel)
    groottes.clear()
    with transaction.atomic():
        drie_clienten()
        assert ontvang(voor).bericht.retour_codes == ["8001"]
        groottes.clear()
        ontvangst = ontvang(data)
        assert ontvangst.retour is not None
        declaratie = Declaratie.objects.filter(bericht_id=ontvangst.bericht.pk).first()
        uitkomst = Ronde(
            delen=list(groottes),
            antwoord_xml=bytes(ontvangst.retour.inhoud),
            antwoord=antwoord_van(ontvangst),
            rijen=prestatierijen(ontvangst.bericht),
            toegekend_cent=None if declaratie is None else declaratie.totaal_toegekend_cent,
        )
        transaction.set_rollback(True)
    assert not Bericht.objects.exists()
    return uitkomst


GOED, AF = "goedgekeurd", "afgewezen"


def test_parts_give_the_same_325_and_rows_as_one_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    groottes = deelgroottes(monkeypatch)
    per_client = ronde(monkeypatch, groottes, 1, EERSTE, HOOFD)
    twee_delen = ronde(monkeypatch, groottes, 4, EERSTE, HOOFD)
    geheel = ronde(monkeypatch, groottes, 10_000, EERSTE, HOOFD)
    # the parts really differ: one per client; A+B then C (a part closes once it holds >= 4); everything at once
    assert (per_client.delen, twee_delen.delen, geheel.delen) == ([3, 2, 3], [5, 3], [8])

    verwacht_rijen = [
        (0, "CA1", GOED, [], -60500),  # the credit of PA1 (received before) ...
        (1, "PA1N", GOED, [], 48400),  # ... and the corrected debet for March
        (2, "DUP", GOED, [], 24200),
        (3, "PB1", GOED, [], 36300),
        (4, "PB2", AF, ["9322"], 0),  # TR322: 6 + 6 h over the 10 h assigned in total
        (5, "PC1", GOED, [], 30250),
        (6, "DUP", AF, ["8021"], 0),  # TR314: client A used DUP earlier in the message
        (7, "PC3", AF, ["9338"], 0),  # TR338: no assignment 9999
    ]
    verwacht_325 = [(f.BSN_2, "PB2", ("9322",)), (f.BSN_3, "DUP", ("8021",)), (f.BSN_3, "PC3", ("9338",))]
    for r in (per_client, twee_delen, geheel):
        assert r.rijen == verwacht_rijen
        assert afgewezen(r.antwoord) == verwacht_325
        assert r.antwoord.header.retour_codes == ("0200",)
        da = r.antwoord.declaratie_antwoord
        assert da is not None
        assert da.retour_codes == ("0200",)
        assert (da.totaal_toegekend_bedrag.totaal_bedrag, da.totaal_toegekend_bedrag.debet_credit) == (78650, "D")
        assert (da.totaal_ingediend_bedrag.totaal_bedrag, da.totaal_ingediend_bedrag.debet_credit) == (151250, "D")
        # TR342: the listed prestaties (36300 + 24200 + 12100) add up to what was not granted
        assert sum(p.ingediend_bedrag.bedrag for c in da.clienten for p in c.prestaties) == INGEDIEND - TOEGEKEND
        assert r.toegekend_cent == TOEGEKEND == 78650
    # the 325 is the same document byte for byte (its identification comes from the undone counter)
    assert per_client.antwoord_xml == twee_delen.antwoord_xml == geheel.antwoord_xml


# The credit and the debet with the same ReferentieNummer, of two clients.
VOOR_X = build(
    wmo323_bericht(
        clienten=(
            wmo323.Client(bsn=f.BSN, prestaties=(prestatie("PA1", volume=10),)),
            wmo323.Client(bsn=f.BSN_3, prestaties=(prestatie("PC0", nummer=3001, volume=5),)),
        )
    )
)
HOOFD_X = build(
    wmo323_bericht(
        periode=(2025, 4),
        clienten=(
            wmo323.Client(bsn=f.BSN, prestaties=(prestatie("X", volume=4, maand=(2025, 4)),)),  # debet 24200
            wmo323.Client(bsn=f.BSN_3, prestaties=(prestatie("X", nummer=3001, volume=5, credit_van="PC0"),)),
        ),
    )
)


def test_parts_same_result_when_a_credit_and_a_debet_of_two_clients_share_a_reference(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """TR314 in message order: the debet of client 1 keeps X, the credit of client 2 gets 8021, whether or not
    they share a part. (At 9396e8b one part judged credits first and gave the debet 8021 instead.)"""
    groottes = deelgroottes(monkeypatch)
    geheel = ronde(monkeypatch, groottes, 10_000, VOOR_X, HOOFD_X)
    per_client = ronde(monkeypatch, groottes, 1, VOOR_X, HOOFD_X)
    assert (geheel.delen, per_client.delen) == ([2], [1, 1])
    for r in (geheel, per_client):
        assert r.rijen == [(0, "X", GOED, [], 24200), (1, "X", AF, ["8021"], 0)]
        assert afgewezen(r.antwoord) == [(f.BSN_3, "X", ("8021",))]
        da = r.antwoord.declaratie_antwoord
        assert da is not None
        assert (da.totaal_toegekend_bedrag.totaal_bedrag, da.totaal_toegekend_bedrag.debet_credit) == (24200, "D")
        assert r.toegekend_cent == 24200
    assert per_client.antwoord_xml == geheel.antwoord_xml


# --- 2. an XSD error late in the file: refused, and everything done for the earlier parts undone ---------------

# Broken in the last prestatie (PC3) of the last client.
LAAT_FOUT = {
    # read without trouble; libxml2 reports it only after the last client was judged
    "eenheid-99": (b"<wmo323:Eenheid>04<", b"<wmo323:Eenheid>99<", "'99'", [3, 2, 3]),
    # the reader cannot convert it (int()): it reads on to the XSD error
    "volume-twee": (b"<wmo323:GeleverdVolume>2<", b"<wmo323:GeleverdVolume>twee<", "'twee'", [3, 2]),
    # a missing element shifts the positions the reader relies on
    "zonder-productperiode": (None, None, "ProductPeriode", [3, 2]),
}


def laat_fout(naam: str) -> bytes:
    oud, nieuw, _, _ = LAAT_FOUT[naam]
    if oud is None or nieuw is None:
        open_tag, sluit_tag = b"<wmo323:ProductPeriode>", b"</wmo323:ProductPeriode>"
        begin = HOOFD.rindex(open_tag)
        eind = HOOFD.index(sluit_tag, begin) + len(sluit_tag)
        return HOOFD[:begin] + HOOFD[eind:]
    return vervang_laatste(HOOFD, oud, nieuw)


@pytest.mark.parametrize("naam", list(LAAT_FOUT))
def test_xsd_error_in_the_last_client_refuses_the_message_and_keeps_nothing(
    opgezet: None, delen: list[int], naam: str
) -> None:
    data = laat_fout(naam)
    voor = tellingen()
    assert voor == {"bericht": 2, "declaratie": 1, "prestatie": 1, "logboek": 1}  # EERSTE: 323 in, 325 out
    with pytest.raises(BerichtGeweigerd) as exc:
        ontvang(data)
    tekst = str(exc.value)
    _, _, detail, gelezen = LAAT_FOUT[naam]
    assert tekst.startswith("Bericht geweigerd: ")
    assert detail in tekst
    assert delen == gelezen  # the earlier clients were judged and stored before the error surfaced ...
    assert tellingen() == voor  # ... and all of it is gone: no Bericht, Declaratie, Prestatie or Logboek rows
    assert not Bericht.objects.filter(identificatie=identificatie(data)).exists()


@pytest.mark.parametrize("naam", list(LAAT_FOUT))
def test_xsd_error_in_the_last_client_is_named_an_xsd_error(opgezet: None, delen: list[int], naam: str) -> None:
    """At 9396e8b `_veilig` looked for `exc.domain`, which lxml's XMLSyntaxError does not have: every XSD error of
    a streamed 323 read 'geen goedgevormde XML'; an unreadable value gave Python's English text."""
    with pytest.raises(BerichtGeweigerd) as exc:
        ontvang(laat_fout(naam))
    # the same words as a non-streamed message gets (ontvangen._lees)
    assert str(exc.value).startswith(
        "Bericht geweigerd: WMO323 voldoet niet aan het XSD (transportfout, er volgt geen retourbericht): "
    )


def identificatie(data: bytes) -> str:
    gevonden = re.search(rb"Identificatie>([^<]+)</", data)
    assert gevonden is not None
    return gevonden.group(1).decode()


def test_not_well_formed_late_in_the_file_is_refused_with_nothing_kept(opgezet: None, delen: list[int]) -> None:
    data = vervang_laatste(HOOFD, b"</wmo323:Clienten>", b"</wmo323:Client>")
    voor = tellingen()
    with pytest.raises(BerichtGeweigerd, match=r"^Bericht geweigerd: geen goedgevormde XML \("):
        ontvang(data)
    assert delen == [3, 2, 3]
    assert tellingen() == voor


# --- 3. a level-2 error in a late client: header-only 325 with 0001, the declaration counts as not sent ---------


@pytest.mark.parametrize(
    ("bericht", "code", "pad"),
    [
        (
            hoofd(),  # the BSN of client 3 replaced below
            "CS002",
            "/Bericht/Declaratie/Clienten/Client[3]/Bsn",
        ),
        (
            hoofd(dup_c=prestatie("DUP", nummer=3001, volume=4, begin=date(2025, 3, 15), eind=date(2025, 4, 14))),
            "CS337",
            "/Bericht/Declaratie/Clienten/Client[3]/Prestaties/Prestatie[2]/ProductPeriode",
        ),
    ],
    ids=["bsn-11-proef", "productperiode-twee-maanden"],
)
def test_level_2_error_in_the_last_client_gives_a_header_only_0001(
    opgezet: None, delen: list[int], bericht: wmo323.Wmo323, code: str, pad: str
) -> None:
    data = build(bericht)
    if code == "CS002":
        assert data.count(f.BSN_3.encode()) == 1
        data = data.replace(f.BSN_3.encode(), ONGELDIG_BSN.encode())
    voor = tellingen()
    ontvangst = ontvang(data)
    # parts 1 and 2 were judged and stored before the error showed (then undone); the part holding it is not judged
    assert delen == [3, 2]
    antwoord = antwoord_van(ontvangst)
    assert antwoord.header.retour_codes == ("0001",)
    assert antwoord.header.xslt_versie == "1.0.0"
    assert antwoord.declaratie_antwoord is None
    # no Declaratie or Prestatie kept: still only those of EERSTE
    assert (Declaratie.objects.count(), Prestatie.objects.count()) == (voor["declaratie"], voor["prestatie"])
    assert not Declaratie.objects.filter(bericht_id=ontvangst.bericht.pk).exists()
    rij = Bericht.objects.get(pk=ontvangst.bericht.pk)
    assert (rij.richting, rij.soort, rij.status, rij.retour_codes) == (Richting.IN, "323", Status.AFGEKEURD, ["0001"])
    assert [(b["code"], b["retourcode"], b["pad"], b["niveau"]) for b in rij.bevindingen] == [(code, "0001", pad, 2)]
    assert bytes(rij.inhoud) == data
    assert Bericht.objects.count() == voor["bericht"] + 2  # the 323 and its 325
    assert ontvangst.retour is not None and ontvangst.retour.heen_id == rij.pk


def test_a_323_answered_with_0001_still_logs_its_clients(opgezet: None, delen: list[int]) -> None:
    """The message is stored, so its receipt is logged per known client. At 9396e8b the records were written
    inside the savepoint that the 0001 rolls back: none were left."""
    data = HOOFD.replace(f.BSN_3.encode(), ONGELDIG_BSN.encode())
    ontvangst = ontvang(data)
    assert ontvangst.bericht.retour_codes == ["0001"]
    gelogd = Verwerking.objects.filter(
        actie=Actie.BERICHT_ONTVANGEN, object_type="WMO323", object_id=str(ontvangst.bericht.pk)
    ).count()
    assert gelogd == 2  # clients A and B are known (BSN 123456789 is nobody)


def test_a_judged_323_logs_every_known_client_also_one_without_an_assignment_here(
    opgezet: None, delen: list[int]
) -> None:
    """The judgement gives the clients with an assignment at this provider; a client known to the region without
    one (so none to judge against) is looked up by BSN and logged too."""
    a = Toewijzing.objects.get(toewijzing_nummer=1001).client
    zonder = ClientFactory(gemeente=a.gemeente, bsn=BSN_4)
    bericht = wmo323_bericht(
        periode=(2025, 4),
        clienten=(
            wmo323.Client(bsn=f.BSN, prestaties=(prestatie("LA1", volume=4, maand=(2025, 4)),)),
            wmo323.Client(bsn=BSN_4, prestaties=(prestatie("LD1", nummer=4001, volume=4, maand=(2025, 4)),)),
        ),
    )
    ontvangst = ontvang(build(bericht))
    antwoord = antwoord_van(ontvangst)
    assert antwoord.declaratie_antwoord is not None
    afgewezen = [(c.bsn, p.retour_codes) for c in antwoord.declaratie_antwoord.clienten for p in c.prestaties]
    assert afgewezen == [(BSN_4, ("9338",))]  # no assignment: rejected, but the client is known
    gelogd = Verwerking.objects.filter(
        actie=Actie.BERICHT_ONTVANGEN, object_type="WMO323", object_id=str(ontvangst.bericht.pk)
    )
    assert sorted(v.client_pseudoniem for v in gelogd) == sorted(client_pseudoniem(pk) for pk in (a.pk, zonder.pk))


# --- 4. TR381 on one prestatie of a later part ----------------------------------------------------------------


def test_tr381_rejects_only_that_prestatie_in_a_later_part(opgezet: None, delen: list[int]) -> None:
    bericht = wmo323_bericht(
        periode=(2025, 4),
        clienten=(
            wmo323.Client(bsn=f.BSN, prestaties=(prestatie("A1", volume=4, maand=(2025, 4)),)),
            wmo323.Client(
                bsn=f.BSN_2, prestaties=(prestatie("B1", nummer=2001, code="02A02", volume=6, maand=(2025, 4)),)
            ),
            wmo323.Client(
                bsn=f.BSN_3,
                prestaties=(
                    prestatie("C1", nummer=3001, volume=4, maand=(2025, 4)),
                    prestatie("C2", nummer=3001, code="02Z99", volume=2),  # in no region's catalogue
                    prestatie("C3", nummer=3001, volume=3),
                ),
            ),
        ),
    )
    ontvangst = ontvang(build(bericht))
    assert delen == [1, 1, 3]  # C2 is in the third part
    antwoord = antwoord_van(ontvangst)
    assert antwoord.header.retour_codes == ("0200",)
    # S329 first (TR381 travels with the prestatie); 9340 as well: assignment 3001 is for 02A01
    assert afgewezen(antwoord) == [(f.BSN_3, "C2", ("S329", "9340"))]
    assert prestatierijen(ontvangst.bericht) == [
        (0, "A1", GOED, [], 24200),
        (1, "B1", GOED, [], 36300),
        (2, "C1", GOED, [], 24200),
        (3, "C2", AF, ["S329", "9340"], 0),
        (4, "C3", GOED, [], 18150),
    ]
    da = antwoord.declaratie_antwoord
    assert da is not None
    assert (da.totaal_toegekend_bedrag.totaal_bedrag, da.totaal_toegekend_bedrag.debet_credit) == (102850, "D")
    assert (da.totaal_ingediend_bedrag.totaal_bedrag, da.totaal_ingediend_bedrag.debet_credit) == (114950, "D")
    rij = Bericht.objects.get(pk=ontvangst.bericht.pk)
    assert [(b["code"], b["retourcode"], b["pad"], b["niveau"]) for b in rij.bevindingen] == [
        ("TR381", "S329", "/Bericht/Declaratie/Clienten/Client[3]/Prestaties/Prestatie[2]/ProductCode", 4)
    ]
    assert rij.retour_codes == ["0200"]
    assert Declaratie.objects.get(bericht_id=rij.pk).totaal_toegekend_cent == 102850


# --- 5. the raw bytes, exactly, and the same bytes twice ------------------------------------------------------


def opgevuld(data: bytes, doel: int) -> bytes:
    """`data` with comments before the root element up to `doel` bytes: non-ASCII UTF-8, CR LF, a tab and the
    text-COPY specials (backslash, \\N, \\.) in every one, so a text COPY or an encoding step would show."""
    stuk = "<!-- é€ 漢 \\ \\N \\. \t x \r\n -->".encode() + b"\n"
    aantal, rest = divmod(doel - len(data), len(stuk))
    return data.replace(b"?>", b"?>" + stuk * aantal + b" " * rest, 1)


@pytest.mark.parametrize("stuk", [inhoud.STUK, 7], ids=["stukken-van-1-MB", "stukken-van-7-bytes"])
def test_the_stored_raw_bytes_equal_the_input_exactly(
    opgezet: None, monkeypatch: pytest.MonkeyPatch, stuk: int
) -> None:
    monkeypatch.setattr(inhoud, "STUK", stuk)
    grootte = 2 * 1024 * 1024 + 12_345 if stuk == inhoud.STUK else 50_001  # 3 pieces, the last one short
    data = opgevuld(HOOFD, grootte)
    assert len(data) == grootte
    with CaptureQueriesContext(connection) as queries:
        ontvangst = ontvang(data)
    assert ontvangst.nieuw
    sqls = [q["sql"] for q in queries.captured_queries]
    if connection.vendor == "postgresql":  # the binary COPY through a temporary table (COPY itself is not logged)
        assert sum("CREATE TEMPORARY TABLE wmoketen_inhoud" in sql for sql in sqls) == 1
        assert sum("SET inhoud = (SELECT inhoud FROM wmoketen_inhoud)" in sql for sql in sqls) == 1
        assert sum(sql == "DROP TABLE wmoketen_inhoud" for sql in sqls) == 1
    else:
        assert not any("wmoketen_inhoud" in sql for sql in sqls)
    rij = Bericht.objects.get(pk=ontvangst.bericht.pk)
    opgeslagen = bytes(rij.inhoud)
    assert len(opgeslagen) == rij.grootte == grootte
    assert opgeslagen == data
    assert rij.sha256 == hashlib.sha256(data).hexdigest()
    assert rij.retour_codes == ["0200"]  # the padding changed nothing for the declaration


def test_the_same_bytes_twice_return_the_stored_row_and_change_nothing(opgezet: None) -> None:
    eerste = ontvang(HOOFD)
    assert eerste.nieuw and eerste.retour is not None
    voor = tellingen()
    # EERSTE and HOOFD, each a 323 in and a 325 out; Logboek: A received, then A, B, C received and B, C sent
    assert voor == {"bericht": 4, "declaratie": 2, "prestatie": 9, "logboek": 1 + 3 + 2}
    tweede = ontvang(HOOFD)
    assert not tweede.nieuw
    assert tweede.bericht.pk == eerste.bericht.pk
    assert tweede.retour is not None and tweede.retour.pk == eerste.retour.pk
    assert bytes(Bericht.objects.get(pk=tweede.bericht.pk).inhoud) == HOOFD
    assert tellingen() == voor


# --- 6. no DOCTYPE or entity declaration in a 323 --------------------------------------------------------------


@pytest.mark.parametrize(
    "proloog",
    [
        b"<!DOCTYPE Bericht [<!ELEMENT Bericht ANY>]>",
        b'<!DOCTYPE Bericht [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        b'<!DOCTYPE Bericht SYSTEM "http://example.invalid/evil.dtd">',
        b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>',
    ],
    ids=["doctype", "xxe", "externe-dtd", "entiteiten"],
)
def test_a_doctype_or_entity_declaration_is_refused_before_anything_is_stored(
    opgezet: None, delen: list[int], proloog: bytes
) -> None:
    data = HOOFD.replace(b"?>", b"?>\n" + proloog, 1)
    assert stroom323.is_323(data)
    voor = tellingen()
    with pytest.raises(BerichtGeweigerd, match=r"^Bericht geweigerd: een DOCTYPE of entiteitdeclaratie is niet "):
        ontvang(data)
    assert delen == []  # refused at the door: nothing was judged
    assert tellingen() == voor


@pytest.mark.parametrize(
    "ervoor",
    [b"<!-- <Bericht " + NS + b"> -->", b"<?verwerking <Bericht " + NS + b">?>"],
    ids=["commentaar", "processing-instruction"],
)
def test_a_doctype_after_a_comment_is_refused_at_the_door(opgezet: None, delen: list[int], ervoor: bytes) -> None:
    """At 9396e8b the prolog scan took '<B' inside the comment for the root element, and the stream checked the
    docinfo only after the last part: the whole 323 was judged and stored, then rolled back, and UnsafeXmlError
    (not BerichtGeweigerd) left bericht_ontvangen."""
    data = HOOFD.replace(b"?>", b"?>" + ervoor + b"<!DOCTYPE Bericht [<!ENTITY x 'y'>]>", 1)
    assert stroom323.is_323(data)
    voor = tellingen()
    with pytest.raises(BerichtGeweigerd, match=r"^Bericht geweigerd: een DOCTYPE of (DTD|entiteitdeclaratie) is"):
        ontvang(data)
    assert delen == []  # nothing was judged
    assert tellingen() == voor


@pytest.mark.parametrize(
    ("oud", "nieuw", "gelezen"),
    [
        # not a date: reading it fails at once, the reader waits for libxml2's XSD error; no part is judged
        (b"<wmo323:DeclaratieDagtekening>", b"<wmo323:DeclaratieDagtekening>2025-13-", []),
        # readable text against the pattern: the error surfaces late, after all parts; all of it is undone
        (b"<wmo323:DeclaratieNummer>", b"<wmo323:DeclaratieNummer>#", [3, 2, 3]),
    ],
    ids=["dagtekening", "declaratienummer"],
)
def test_xsd_error_in_the_declaration_fields_is_an_xsd_refusal(
    opgezet: None, delen: list[int], oud: bytes, nieuw: bytes, gelezen: list[int]
) -> None:
    """The declaration fields are read before libxml2 has reported their XSD error: the reader waits for it."""
    data = HOOFD.replace(oud, nieuw, 1)
    voor = tellingen()
    with pytest.raises(BerichtGeweigerd) as exc:
        ontvang(data)
    assert str(exc.value).startswith(
        "Bericht geweigerd: WMO323 voldoet niet aan het XSD (transportfout, er volgt geen retourbericht): "
    )
    assert delen == gelezen
    assert tellingen() == voor
