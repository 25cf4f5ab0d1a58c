"""Exactly once under a dying worker: `wmoketen exchange run` runs as a real process over a file drop with many
inbound 323s, is killed with SIGKILL half-way, and runs again. Every message must then be processed exactly once:
one stored message per file, one 325 each, one declaration each, one log record per received message, and no
file lost or left in the inbox.

The database is the PostgreSQL test database when the suite runs on PostgreSQL, otherwise a temporary SQLite
*file* (the suite's in-memory SQLite database cannot be shared with another process)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from wmoketen.berichten.codec import build
from wmoketen.declaraties.tests import harnas

AANTAL = 40

SEED = """
import django; django.setup()
from wmoketen.declaraties.tests.harnas import opstelling
opstelling()
"""

TELLING = """
import django, json; django.setup()
from wmoketen.audit.models import Verwerking
from wmoketen.berichten.models import Bericht
from wmoketen.declaraties.models import Declaratie, Prestatie
from django.db.models import Count
binnen = Bericht.objects.filter(richting="in", soort="323")
print(json.dumps({
    "in_323": binnen.count(),
    "in_uniek": binnen.values("sha256").distinct().count(),
    "uit_325": Bericht.objects.filter(richting="uit", soort="325").count(),
    "retouren_per_heen": sorted(set(
        Bericht.objects.filter(richting="uit", soort="325").values("heen").annotate(n=Count("pk"))
        .values_list("n", flat=True))),
    "afgeleverd": Bericht.objects.filter(richting="uit", soort="325", afgeleverd_op__isnull=False).count(),
    "declaraties": Declaratie.objects.count(),
    "prestaties": Prestatie.objects.count(),
    "logboek_ontvangen": Verwerking.objects.filter(actie="bericht_ontvangen", object_type="WMO323").count(),
}))
"""


def _repo() -> Path:
    return Path(__file__).resolve().parents[4]


def _omgeving(tmp_path: Path, request: pytest.FixtureRequest) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["DJANGO_SETTINGS_MODULE"] = "wmoketen.conf.test"
    env["WMOKETEN_UITWISSELING_MAP"] = str(tmp_path / "uitwisseling")
    env["SECRET_KEY"] = settings.SECRET_KEY
    env["AUDIT_PSEUDONIEM_SLEUTEL"] = settings.AUDIT_PSEUDONIEM_SLEUTEL
    if connection.vendor == "postgresql":
        request.getfixturevalue("transactional_db")  # the test database exists and is emptied afterwards
        s = connection.settings_dict
        wachtwoord = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
        env["DATABASE_URL"] = f"postgres://{s['USER']}{wachtwoord}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'wmoketen.sqlite3'}"
        _run(env, "manage.py", "migrate", "-v0")
    _python(env, SEED)
    return env


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    uit = subprocess.run(
        [sys.executable, *args], cwd=_repo(), env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert uit.returncode == 0, uit.stderr[-3000:]
    return uit


def _python(env: dict[str, str], code: str) -> str:
    return _run(env, "-c", code).stdout


def _berichten(inbox: Path) -> list[Path]:
    """AANTAL different 323s for assignment 1001 (one prestatie each, months March-December 2025)."""
    inbox.mkdir(parents=True)
    paden = []
    for i in range(AANTAL):
        maand = 3 + i % 10
        bericht = harnas.wmo323_bericht(harnas.prestatie(f"P{i:04d}", maand=(2025, maand)), periode=(2025, maand))
        pad = inbox / f"wmo323-{i:04d}.xml"
        pad.write_bytes(build(bericht))
        os.utime(pad, ns=(1_700_000_000_000_000_000 + i, 1_700_000_000_000_000_000 + i))
        paden.append(pad)
    return paden


def _verweesde_sessies_beeindigen() -> None:
    """A killed worker's PostgreSQL session can outlive its process until the server notices the dead socket; end
    it, or the test database cannot be dropped at the end of the run."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


def test_a_killed_worker_leaves_every_message_processed_exactly_once(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    env = _omgeving(tmp_path, request)
    inbox = tmp_path / "uitwisseling" / harnas.GEMEENTE / "in"
    namen = {p.name for p in _berichten(inbox)}
    verwerkt = inbox / "verwerkt"

    werker = subprocess.Popen(
        [sys.executable, "manage.py", "exchange_run"],
        cwd=_repo(),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    grens = time.monotonic() + 120
    while time.monotonic() < grens and werker.poll() is None:
        if verwerkt.is_dir() and len(list(verwerkt.glob("wmo323-*"))) >= AANTAL // 3:
            break
        time.sleep(0.005)
    assert werker.poll() is None, "de worker was al klaar voordat hij kon worden gestopt"
    os.kill(werker.pid, signal.SIGKILL)
    werker.wait(timeout=30)
    request.addfinalizer(_verweesde_sessies_beeindigen)
    assert werker.returncode == -signal.SIGKILL
    half = len([p for p in verwerkt.iterdir() if p.name.startswith("wmo323-")])
    assert AANTAL // 3 <= half < AANTAL  # really killed half-way

    _run(env, "manage.py", "exchange_run")

    assert sorted(p.name for p in inbox.iterdir() if p.is_file()) == []  # nothing left behind
    assert {p.name for p in verwerkt.iterdir() if p.name.startswith("wmo323-")} == namen  # nothing lost
    telling = json.loads(_python(env, TELLING))
    assert telling == {
        "in_323": AANTAL,
        "in_uniek": AANTAL,
        "uit_325": AANTAL,
        "retouren_per_heen": [1],
        "afgeleverd": AANTAL,
        "declaraties": AANTAL,
        "prestaties": AANTAL,
        "logboek_ontvangen": AANTAL,
    }
    aanbieder_in = tmp_path / "uitwisseling" / harnas.AANBIEDER / "in"
    # one 325 file per 323 (in the provider's inbox, or already read by its side of the exchange)
    vijf = [p for p in aanbieder_in.rglob("WMO325_*") if p.is_file()]
    assert len(vijf) == AANTAL


@pytest.mark.django_db
def test_a_crash_between_commit_and_move_is_repaired_on_the_next_run(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    """Deterministic version of the window the kill test hits by chance: the database work is committed, the
    process dies before the file is moved. The next run finds the stored message by its hash and only moves it."""
    from wmoketen.berichten.models import Bericht
    from wmoketen.berichten.uitwisseling import transport as transport_module
    from wmoketen.berichten.uitwisseling.transport import BestandsTransport
    from wmoketen.berichten.uitwisseling.verwerken import uitwisseling_verwerken
    from wmoketen.declaraties.models import Declaratie

    settings.WMOKETEN_UITWISSELING_MAP = tmp_path
    transport_module._transport.cache_clear()
    harnas.opstelling()
    inbox = tmp_path / harnas.GEMEENTE / "in"
    inbox.mkdir(parents=True)
    bericht = harnas.wmo323_bericht(harnas.prestatie("P1", maand=(2025, 3)))
    (inbox / "wmo323-a.xml").write_bytes(build(bericht))

    class Sterft(BaseException):
        pass

    class StervendTransport(BestandsTransport):
        def verwerkt(self, aflevering: transport_module.Aflevering) -> None:
            raise Sterft

    with pytest.raises(Sterft):
        uitwisseling_verwerken(via=StervendTransport(tmp_path))
    assert (inbox / "wmo323-a.xml").exists()
    assert Declaratie.objects.count() == 1

    verslag = uitwisseling_verwerken(via=BestandsTransport(tmp_path))
    assert verslag.dubbel == 1  # (`ontvangen` counts the 325 now read from the provider's inbox)
    assert not (inbox / "wmo323-a.xml").exists()
    assert (inbox / "verwerkt" / "wmo323-a.xml").exists()
    assert Declaratie.objects.count() == 1
    assert Bericht.objects.filter(richting="in", soort="323").count() == 1
    assert Bericht.objects.filter(richting="uit", soort="325").count() == 1


def _parallel(taken: list[bytes]) -> list[BaseException]:
    """Receive each byte string in its own thread, all starting at once."""
    import threading

    from django.db import connections

    from wmoketen.berichten.constants import Kanaal
    from wmoketen.berichten.uitwisseling.ontvangen import bericht_ontvangen

    fouten: list[BaseException] = []
    start = threading.Barrier(len(taken))

    def werker(data: bytes) -> None:
        try:
            start.wait()
            bericht_ontvangen(data=data, kanaal=Kanaal.BESTAND, vandaag=harnas.VANDAAG)
        except BaseException as exc:
            fouten.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=werker, args=(d,)) for d in taken]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return fouten


POSTGRES = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parallel writers need PostgreSQL (SQLite serialises the database)"
)


@POSTGRES
@pytest.mark.django_db(transaction=True)
def test_the_same_323_received_by_parallel_workers_is_processed_once() -> None:
    from wmoketen.berichten.models import Bericht
    from wmoketen.declaraties.models import Declaratie, Prestatie

    harnas.opstelling()
    data = build(harnas.wmo323_bericht(harnas.prestatie("P1", maand=(2025, 3))))
    assert _parallel([data] * 8) == []
    assert Bericht.objects.filter(richting="in", soort="323").count() == 1
    assert Bericht.objects.filter(richting="uit", soort="325").count() == 1
    assert Declaratie.objects.count() == 1
    assert list(Prestatie.objects.values_list("referentie_nummer", "status")) == [("P1", "goedgekeurd")]


@POSTGRES
@pytest.mark.django_db(transaction=True)
def test_overlapping_323s_from_parallel_workers_never_approve_a_prestatie_twice() -> None:
    """Eight different 323s claim the same delivery (same assignment, same month): exactly one is approved, the
    other seven are rejected as a double debet (TR389 and friends); every message is stored and answered."""
    from wmoketen.berichten.models import Bericht
    from wmoketen.declaraties.models import Declaratie, Prestatie

    harnas.opstelling()
    berichten = [build(harnas.wmo323_bericht(harnas.prestatie(f"P{i}", maand=(2025, 3)))) for i in range(8)]
    assert _parallel(berichten) == []
    assert Bericht.objects.filter(richting="in", soort="323").count() == 8
    assert Bericht.objects.filter(richting="uit", soort="325").count() == 8
    assert Declaratie.objects.count() == 8
    assert Prestatie.objects.count() == 8
    assert Prestatie.objects.filter(status="goedgekeurd").count() == 1
    assert sum(Prestatie.objects.filter(status="goedgekeurd").values_list("toegekend_cent", flat=True)) == 10 * 6050
