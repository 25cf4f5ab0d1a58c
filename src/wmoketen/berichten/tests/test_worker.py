"""The exchange on a real RabbitMQ broker with real worker processes (`wmoketen worker`), as in production.

Runs when WMOKETEN_TEST_BROKER names a RabbitMQ server (CI: amqp://guest:guest@127.0.0.1:5672//) and the suite runs
on PostgreSQL (the workers are other processes: they share the test database); mandatory with
WMOKETEN_BROKER_TESTS=verplicht. Each session gets its own RabbitMQ vhost, so other installations and other test
runs on the same broker are not touched.

What must hold, whatever happens to the workers, the broker or the database connection: every file in the inbox
is processed exactly once (one stored message, one declaration, one 325 delivered, one Logboek record), none is
lost or left behind, and a task that keeps failing stops in the dead-letter state.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from kombu import pools

from wmoketen.berichten.codec import build
from wmoketen.berichten.tasks import postvakken_lezen
from wmoketen.celery import app
from wmoketen.declaraties.tests import harnas
from wmoketen.taken.models import Taak, TaakStatus
from wmoketen.taken.services import aanbieden, onderhoud

BROKER = os.environ.get("WMOKETEN_TEST_BROKER", "")
VERPLICHT = os.environ.get("WMOKETEN_BROKER_TESTS") == "verplicht"
REPO = Path(__file__).resolve().parents[4]
AANTAL = 40

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


def _nodig() -> None:
    reden = ""
    if not BROKER:
        reden = "WMOKETEN_TEST_BROKER is niet gezet"
    elif connection.vendor != "postgresql":
        reden = "workers in andere processen hebben PostgreSQL nodig"
    elif shutil.which("rabbitmqctl") is None:
        reden = "rabbitmqctl ontbreekt"
    if reden:
        if VERPLICHT:
            pytest.fail(f"brokertests zijn verplicht maar kunnen niet draaien: {reden}")
        pytest.skip(reden)


def _rabbitmqctl(*args: str, node: str | None = None, home: Path | None = None) -> None:
    env = {**os.environ, **({"HOME": str(home)} if home else {})}
    cmd = ["rabbitmqctl", *(["-n", node] if node else []), *args]
    subprocess.run(cmd, check=True, capture_output=True, env=env, timeout=60)


@pytest.fixture(scope="session")
def vhost() -> Iterator[str]:
    """A vhost of our own on the shared RabbitMQ for this session."""
    if not BROKER or shutil.which("rabbitmqctl") is None:
        yield ""
        return
    naam = f"wmoketen-test-{uuid.uuid4().hex[:8]}"
    _rabbitmqctl("add_vhost", naam)
    _rabbitmqctl("set_permissions", "-p", naam, "guest", ".*", ".*", ".*")
    yield naam
    _rabbitmqctl("delete_vhost", naam)


def _met_vhost(url: str, vhost: str) -> str:
    from urllib.parse import quote, urlsplit, urlunsplit

    delen = urlsplit(url)
    return urlunsplit((delen.scheme, delen.netloc, "/" + quote(vhost, safe=""), "", ""))


@dataclass
class Opstelling:
    """The test process publishes to `broker`; workers are started with `werker()` and stopped at the end."""

    tmp: Path
    broker: str
    werkers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    omgeving: dict[str, str] = field(default_factory=dict)

    def werker(self, naam: str, *, wachten: bool = True, **extra: str) -> subprocess.Popen[bytes]:
        log = (self.tmp / f"{naam}.log").open("wb")
        proces = subprocess.Popen(
            [sys.executable, "-m", "wmoketen.cli", "worker", "--pool", "solo", "--naam", f"{naam}@test"],
            cwd=REPO,
            env={**self.omgeving, **extra},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.werkers.append(proces)
        if wachten:
            self.gereed(naam)
        return proces

    def gereed(self, *namen: str) -> None:
        for naam in namen:
            _wacht(lambda n=naam: "ready" in self.log(n), 120, f"worker {naam} start")

    def log(self, naam: str) -> str:
        return (self.tmp / f"{naam}.log").read_text(errors="replace")


def _wacht(voorwaarde: Callable[[], bool], seconden: float, wat: str) -> None:
    grens = time.monotonic() + seconden
    while time.monotonic() < grens:
        if voorwaarde():
            return
        time.sleep(0.05)
    raise AssertionError(f"te lang gewacht op: {wat}")


def _sessies_beeindigen(*, midden_in_het_werk: bool = False) -> None:
    """End the other sessions on the test database (a killed worker's session may outlive it until the server
    notices; or, `midden_in_het_werk`, only sessions inside a transaction that is not the task bookkeeping)."""
    filter_ = (
        " AND state IN ('active', 'idle in transaction') AND xact_start IS NOT NULL AND query NOT ILIKE '%taken_taak%'"
        if midden_in_het_werk
        else ""
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = current_database() AND pid <> pg_backend_pid(){filter_}"
        )


@pytest.fixture
def opstelling(tmp_path: Path, vhost: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Opstelling]:
    _nodig()
    o = Opstelling(tmp_path, _met_vhost(BROKER, vhost))
    yield from _opstelling(o, monkeypatch)


def _opstelling(o: Opstelling, monkeypatch: pytest.MonkeyPatch) -> Iterator[Opstelling]:
    s = connection.settings_dict
    wachtwoord = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    o.omgeving = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
        "DJANGO_SETTINGS_MODULE": "wmoketen.conf.test",
        "DATABASE_URL": f"postgres://{s['USER']}{wachtwoord}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}",
        "CELERY_BROKER_URL": o.broker,
        "WMOKETEN_UITWISSELING_MAP": str(o.tmp / "uitwisseling"),
        "WMOKETEN_VAR_DIR": str(o.tmp / "var"),
        "WMOKETEN_TAAK_PAUZE_SECONDEN": "1",
        "PYTHONPATH": str(REPO / "src"),
    }
    # this process publishes to the same broker (not eager), and reads the same file drop
    monkeypatch.setattr(settings, "CELERY_TASK_ALWAYS_EAGER", False)
    monkeypatch.setattr(settings, "WMOKETEN_UITWISSELING_MAP", o.tmp / "uitwisseling")
    monkeypatch.setattr(settings, "WMOKETEN_TAAK_PAUZE_SECONDEN", 1)
    from wmoketen.berichten.uitwisseling import transport as transport_module

    transport_module._transport.cache_clear()
    oud = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=o.broker, task_always_eager=False)
    _nieuwe_verbindingen()
    try:
        yield o
    finally:
        for proces in o.werkers:
            if proces.poll() is None:
                proces.send_signal(signal.SIGTERM)
        for proces in o.werkers:
            try:
                proces.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proces.kill()
                proces.wait()
        app.conf.update(**oud)
        _nieuwe_verbindingen()
        transport_module._transport.cache_clear()
        _sessies_beeindigen()


def _nieuwe_verbindingen() -> None:
    """Forget this process's broker connections (another broker URL, or a broker that restarted)."""
    pools.reset()  # close and forget every pooled connection and producer
    app._pool = None
    if "amqp" in app.__dict__:
        app.__dict__["amqp"]._producer_pool = None


def _berichten(inbox: Path, aantal: int = AANTAL) -> set[str]:
    inbox.mkdir(parents=True, exist_ok=True)
    namen = set()
    for i in range(aantal):
        maand = 3 + i % 10
        bericht = harnas.wmo323_bericht(harnas.prestatie(f"P{i:04d}", maand=(2025, maand)), periode=(2025, maand))
        naam = f"wmo323-{i:04d}.xml"
        (inbox / naam).write_bytes(build(bericht))
        namen.add(naam)
    return namen


def _poll() -> None:
    """What beat does every minute: hand the inbox poll to the broker."""
    rij = aanbieden(postvakken_lezen, titel="Postvakken lezen (test)")
    rij.refresh_from_db()
    assert rij.aangeboden_op is not None, "de poll kon niet aan de broker worden gegeven"


def _klaar(inbox: Path) -> bool:
    return (
        not [p for p in inbox.iterdir() if p.is_file()]
        and not Taak.objects.filter(
            naam="berichten.bestand_ontvangen", status__in=[TaakStatus.WACHTEND, TaakStatus.BEZIG, TaakStatus.OPNIEUW]
        ).exists()
    )


def _verwerkt(inbox: Path) -> int:
    map_ = inbox / "verwerkt"
    return len(list(map_.glob("wmo323-*"))) if map_.is_dir() else 0


def _precies_een_keer(o: Opstelling, namen: set[str]) -> None:
    from django.db.models import Count

    from wmoketen.audit.models import Verwerking
    from wmoketen.berichten.models import Bericht
    from wmoketen.declaraties.models import Declaratie, Prestatie

    inbox = o.tmp / "uitwisseling" / harnas.GEMEENTE / "in"
    assert sorted(p.name for p in inbox.iterdir() if p.is_file()) == []  # nothing left behind
    assert {p.name for p in (inbox / "verwerkt").glob("wmo323-*")} == namen  # nothing lost
    binnen = Bericht.objects.filter(richting="in", soort="323", partij=harnas.GEMEENTE)
    vijf = Bericht.objects.filter(richting="uit", soort="325")
    telling = {
        "in_323": binnen.count(),
        "in_uniek": binnen.values("sha256").distinct().count(),
        "uit_325": vijf.count(),
        "retouren_per_heen": sorted(set(vijf.values("heen").annotate(n=Count("pk")).values_list("n", flat=True))),
        "afgeleverd": vijf.filter(afgeleverd_op__isnull=False).count(),
        "declaraties": Declaratie.objects.count(),
        "prestaties": Prestatie.objects.count(),
        "logboek_ontvangen": Verwerking.objects.filter(actie="bericht_ontvangen", object_type="WMO323").count(),
    }
    n = len(namen)
    assert telling == {
        "in_323": n,
        "in_uniek": n,
        "uit_325": n,
        "retouren_per_heen": [1],
        "afgeleverd": n,
        "declaraties": n,
        "prestaties": n,
        "logboek_ontvangen": n,
    }
    # the 325s reached the provider and were read there once each
    assert Bericht.objects.filter(richting="in", soort="325", partij=harnas.AANBIEDER).count() == n


def test_two_workers_process_every_file_once_also_when_one_is_killed_mid_task(opstelling: Opstelling) -> None:
    harnas.opstelling()
    inbox = opstelling.tmp / "uitwisseling" / harnas.GEMEENTE / "in"
    namen = _berichten(inbox)
    een = opstelling.werker("w1", wachten=False)
    opstelling.werker("w2", wachten=False)
    opstelling.gereed("w1", "w2")
    _poll()
    _wacht(lambda: _verwerkt(inbox) >= AANTAL // 3, 120, "een derde verwerkt")
    os.kill(een.pid, signal.SIGKILL)  # mid-task: the broker gives its unacknowledged task to another worker
    een.wait(timeout=30)
    assert _verwerkt(inbox) < AANTAL, "alles was al klaar voordat de worker kon worden gestopt"
    opstelling.werker("w3")
    _wacht(lambda: _klaar(inbox), 180, "alles verwerkt")
    _poll()  # anything a killed worker left waiting is offered again; nothing is done twice
    _wacht(lambda: Taak.objects.filter(naam="berichten.postvakken_lezen", status=TaakStatus.KLAAR).count() == 2, 60, "")
    _wacht(lambda: _klaar(opstelling.tmp / "uitwisseling" / harnas.AANBIEDER / "in"), 120, "325's gelezen")
    _precies_een_keer(opstelling, namen)
    assert "w2@test" in {t.worker.split("@")[0] + "@test" for t in Taak.objects.exclude(worker="")}


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class EigenRabbit:
    """A RabbitMQ node of our own (its own port and data folder), so it can be restarted without touching the
    broker others use."""

    map_: Path
    poort: int
    naam: str

    def start(self) -> None:
        env = {
            **os.environ,
            "HOME": str(self.map_),
            "RABBITMQ_NODENAME": self.naam,
            "RABBITMQ_NODE_PORT": str(self.poort),
            "RABBITMQ_DIST_PORT": str(_vrije_poort()),
            "RABBITMQ_MNESIA_BASE": str(self.map_ / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.map_ / "log"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.map_ / "plugins"),
            "RABBITMQ_CONFIG_FILE": str(self.map_ / "rabbitmq"),
            "RABBITMQ_PID_FILE": str(self.map_ / "pid"),
            "RABBITMQ_FEATURE_FLAGS_FILE": str(self.map_ / "feature_flags"),
        }
        with (self.map_ / "server.log").open("ab") as log:
            subprocess.Popen(["rabbitmq-server"], env=env, stdout=log, stderr=subprocess.STDOUT)
        _wacht(self._open, 90, "eigen RabbitMQ start")
        time.sleep(1)  # the port opens just before the vhost is ready

    def _open(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.poort), timeout=0.5):
                return True
        except OSError:
            return False

    def stop(self) -> None:
        _rabbitmqctl("stop", node=self.naam, home=self.map_)
        _wacht(lambda: not self._open(), 60, "eigen RabbitMQ stopt")


@pytest.fixture
def eigen_rabbit() -> Iterator[EigenRabbit]:
    _nodig()
    if shutil.which("rabbitmq-server") is None:
        pytest.skip("rabbitmq-server ontbreekt")
    # the server drops to the rabbitmq user: a folder it can reach (pytest's own tmp folders are root-only)
    map_ = Path(tempfile.mkdtemp(prefix="wmoketen-rabbit-"))
    map_.chmod(0o777)
    (map_ / "rabbitmq.conf").write_text("")
    (map_ / "plugins").write_text("[].\n")
    for bestand in map_.iterdir():
        bestand.chmod(0o666)
    rabbit = EigenRabbit(map_, _vrije_poort(), f"wmoketen-test-{uuid.uuid4().hex[:6]}@localhost")
    rabbit.start()
    try:
        yield rabbit
    finally:
        with contextlib.suppress(subprocess.CalledProcessError, AssertionError):
            rabbit.stop()
        shutil.rmtree(map_, ignore_errors=True)


@pytest.fixture
def bij_eigen_rabbit(
    eigen_rabbit: EigenRabbit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Opstelling]:
    yield from _opstelling(Opstelling(tmp_path, f"amqp://guest:guest@127.0.0.1:{eigen_rabbit.poort}//"), monkeypatch)


def test_a_broker_restart_loses_nothing_and_doubles_nothing(
    eigen_rabbit: EigenRabbit, bij_eigen_rabbit: Opstelling
) -> None:
    o = bij_eigen_rabbit
    harnas.opstelling()
    inbox = o.tmp / "uitwisseling" / harnas.GEMEENTE / "in"
    namen = _berichten(inbox)
    o.werker("w1")
    _poll()
    _wacht(lambda: _verwerkt(inbox) >= AANTAL // 4, 120, "een kwart verwerkt")
    eigen_rabbit.stop()  # durable queue, persistent messages: what waits survives; the task in hand is redone
    gestopt_bij = _verwerkt(inbox)
    time.sleep(2)
    eigen_rabbit.start()
    _nieuwe_verbindingen()  # this process's connections to the stopped broker are gone
    assert gestopt_bij < AANTAL, "alles was al klaar voordat de broker stopte"
    # hand-overs that failed while the broker was away wait on their Taak row: maintenance offers them again
    time.sleep(5)
    onderhoud(nu=timezone.now() + timedelta(hours=1))
    _poll()
    _wacht(lambda: _klaar(inbox), 180, "alles verwerkt na de herstart")
    _wacht(lambda: _klaar(o.tmp / "uitwisseling" / harnas.AANBIEDER / "in"), 120, "325's gelezen")
    _precies_een_keer(o, namen)


def test_a_dropped_database_connection_is_retried_with_one_effect(opstelling: Opstelling) -> None:
    harnas.opstelling()
    inbox = opstelling.tmp / "uitwisseling" / harnas.GEMEENTE / "in"
    namen = _berichten(inbox)
    opstelling.werker("w1", wachten=False)
    opstelling.werker("w2", wachten=False)
    opstelling.gereed("w1", "w2")
    _poll()
    # the server closes a worker's connection while it is inside the intake (a transaction of the exchange, not the
    # task bookkeeping), until that has made at least three tasks fail
    grens = time.monotonic() + 120
    while time.monotonic() < grens and _verwerkt(inbox) < AANTAL:
        if Taak.objects.filter(naam="berichten.bestand_ontvangen", pogingen__gte=2).count() >= 3:
            break
        _sessies_beeindigen(midden_in_het_werk=True)
        time.sleep(0.05)
    _poll()  # the next scheduled poll (a poll whose connection was cut is not retried: the schedule is)
    _wacht(lambda: _klaar(inbox), 180, "alles verwerkt")
    _wacht(lambda: _klaar(opstelling.tmp / "uitwisseling" / harnas.AANBIEDER / "in"), 120, "325's gelezen")
    # tasks really failed on the cut connection, were retried and then finished (a success clears the error)
    assert (
        Taak.objects.filter(naam="berichten.bestand_ontvangen", pogingen__gte=2, status=TaakStatus.KLAAR).count() >= 3
    )
    _precies_een_keer(opstelling, namen)
    # no message task gave up; a poll that lost its connection is simply the next poll's work
    assert not Taak.objects.filter(naam="berichten.bestand_ontvangen", status=TaakStatus.DOOD).exists()


def test_a_task_that_kills_its_worker_each_time_stops_as_a_dead_letter(opstelling: Opstelling) -> None:
    """A poison message (here: a worker killed every time it runs the task) is not delivered forever: after
    WMOKETEN_TAAK_POGINGEN starts the task stops, visible to beheer, and its file waits in the inbox."""
    harnas.opstelling()
    inbox = opstelling.tmp / "uitwisseling" / harnas.GEMEENTE / "in"
    inbox.mkdir(parents=True)
    groot = harnas.wmo323_bericht(*[harnas.prestatie(f"G{i:05d}", maand=(2025, 3)) for i in range(4000)])
    (inbox / "groot.xml").write_bytes(build(groot))
    _poll()
    for poging in (1, 2):
        werker = opstelling.werker(f"k{poging}", WMOKETEN_TAAK_POGINGEN="2")
        loopt = Taak.objects.filter(naam="berichten.bestand_ontvangen", status=TaakStatus.BEZIG, pogingen=poging)
        _wacht(loopt.exists, 60, f"poging {poging} loopt")
        os.kill(werker.pid, signal.SIGKILL)
        werker.wait(timeout=30)
        _sessies_beeindigen()
    opstelling.werker("k3", WMOKETEN_TAAK_POGINGEN="2")
    _wacht(lambda: Taak.objects.filter(naam="berichten.bestand_ontvangen", status=TaakStatus.DOOD).exists(), 60, "dood")
    taak = Taak.objects.get(naam="berichten.bestand_ontvangen")
    assert taak.fout.startswith("Gestopt na 2 pogingen (de worker stopte midden in de taak).")
    assert (inbox / "groot.xml").exists()  # nothing half-written, the file waits for beheer
    from wmoketen.declaraties.models import Declaratie

    assert not Declaratie.objects.exists()


def test_the_portal_only_hands_over_and_the_worker_answers(opstelling: Opstelling) -> None:
    """Issue 14 item 9: a provider's send in the portal stores the message and hands it over; the municipality's
    side runs in the worker, and the retour reaches the provider's copy there too."""
    from django.test import Client as HttpClient
    from django.urls import reverse

    from tests.auth import login_met_tweede_factor
    from wmoketen.berichten.models import Bericht

    o = harnas.opstelling()
    http = login_met_tweede_factor(HttpClient(), o.keten.medewerker)
    begin = time.monotonic()
    antwoord = http.post(reverse("berichten:start", args=[o.toewijzing.pk]), {"begindatum": "2025-03-03"})
    assert antwoord.status_code == 302 and time.monotonic() - begin < 10
    heen = Bericht.objects.get(richting="uit", soort="305")
    assert heen.status == "verzonden"  # nothing processed in the request: no worker runs yet
    assert not Bericht.objects.filter(richting="in", soort="305").exists()
    taak = Taak.objects.get(naam="berichten.bestand_ontvangen")
    assert (taak.status, taak.argumenten["partij"]) == (TaakStatus.WACHTEND, harnas.GEMEENTE)
    assert taak.aangeboden_op is not None  # in the broker's queue
    opstelling.werker("w1")
    _wacht(lambda: Bericht.objects.get(pk=heen.pk).status == "goedgekeurd", 120, "de 306 bij de aanbieder")
    assert Bericht.objects.filter(richting="in", soort="305", partij=harnas.GEMEENTE).count() == 1
    assert Bericht.objects.filter(richting="in", soort="306", partij=harnas.AANBIEDER).count() == 1


def test_beat_starts_with_the_schedule(opstelling: Opstelling) -> None:
    log = opstelling.tmp / "beat.log"
    beat = subprocess.Popen(
        [sys.executable, "-m", "wmoketen.cli", "beat"],
        cwd=REPO,
        env=opstelling.omgeving,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    opstelling.werkers.append(beat)
    _wacht(lambda: "beat: Starting..." in log.read_text(errors="replace"), 60, "beat start")
    time.sleep(1)
    assert beat.poll() is None, log.read_text()
