"""The month start on real components (issue 17; prints figures, not a test).

200 providers of mixed size (a few large, many small) each put one 323 in the municipality's inbox at once:
80,000 prestaties in all (three months of one region's assignments, ~26,700 assignments of ~9,000 clients from
the BSN test range). One inbox poll (what beat does every minute) hands every file to the workers; real
`wmoketen worker` processes on RabbitMQ and PostgreSQL take the intake (level 1-4 rules, declaration, 325 built
and delivered to the provider's inbox, and the provider's side reading its 325). Run with 1 and with 2 workers,
each on a fresh database. While the workers run, one user at a time asks the five pages we expect busiest at a
month start through the real web server (`wmoketen serve`, gunicorn, 2 processes):
  - /berichten/ as the largest provider (did my 325 come?),
  - /declaraties/ as the largest provider,
  - /declaraties/ as the municipality's backoffice,
  - /toegang/ (werklijst) as a consultant,
  - /taken/ as functioneel beheer (the queue).
Printed per run: prestaties per second (all prestaties / time from the poll to the last 325 delivered), the time
until the last 325, p50/p95 per page during the peak, and the counts checked at the end (each file once: 200
stored 323s, 200 declarations, all prestaties, 200 325s each answering one 323 and delivered, 200 read by the
provider). Targets: 2 workers >= 1.7x one worker; page p95 < 1 s during the peak; nothing lost or doubled.

Needs PostgreSQL and RabbitMQ (rabbitmqctl on this machine): a vhost of its own (created and deleted) and a test
database `test_<name>` per run (created and dropped), so nothing of anyone else is touched.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maandstart \
    CELERY_BROKER_URL=amqp://guest:guest@127.0.0.1:5672// .venv/bin/python benchmarks/bench_maandstart.py

Options: --schaal 0.25 (a quarter of the prestaties and clients, still 200 providers), --werkers 1,2.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]
AANBIEDERS = 200
PRESTATIES = 80_000
MAANDEN = (1, 2, 3)  # January-March 2025: three prestaties per assignment
SOORTEN = ("pxq", "totaal", "hulpmiddel")
VELDEN: dict[str, dict[str, Any]] = {
    "pxq": {"categorie": "02", "code": "02A01", "eenheid": "04", "tarief": 6050},
    "totaal": {"categorie": "02", "code": "02A02", "eenheid": "04", "tarief": 6050},
    "hulpmiddel": {"categorie": "14", "code": "14A01", "eenheid": "84", "tarief": 1000},
}
VOLUME = {"pxq": 4, "totaal": 400, "hulpmiddel": 50}
GEMEENTE = "0363"


def grootten(toewijzingen: int) -> list[int]:
    """Assignments per provider: Zipf-like (the largest ~10% of the region, the smallest a handful); every
    provider declares at least 3 assignments, so at a small --schaal the total is a little above the target."""
    gewicht = [1 / (k**0.8) for k in range(1, AANBIEDERS + 1)]
    som = sum(gewicht)
    n = [max(3, round(toewijzingen * g / som)) for g in gewicht]
    n[0] = max(n[0] + toewijzingen - sum(n), n[1])
    return n


# ----------------------------------------------------------------------------------------------- one run


def _wacht(voorwaarde: Callable[[], bool], seconden: float, wat: str, stap: float = 0.5) -> None:
    grens = time.monotonic() + seconden
    while time.monotonic() < grens:
        if voorwaarde():
            return
        time.sleep(stap)
    raise SystemExit(f"te lang gewacht op: {wat}")


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _opzetten(schaal: float) -> dict[str, Any]:
    from django.db import connection

    from tests.factories import AanbiederFactory, GebruikerFactory, OvereenkomstFactory
    from tests.factories_berichten import keten
    from wmoketen.accounts.constants import Rol
    from wmoketen.clienten.models import Client
    from wmoketen.core.bsn import test_bsns
    from wmoketen.toewijzingen.models import Toewijzing

    per_aanbieder = grootten(round(PRESTATIES * schaal / len(MAANDEN)))
    clienten = math.ceil(sum(per_aanbieder) / len(SOORTEN))
    k = keten(cbs_code=GEMEENTE, naam="Amsterdam", agb_code="10000001")
    perceel = k.pxq.perceel
    aanbieders = [k.aanbieder]
    for i in range(1, AANBIEDERS):
        a = AanbiederFactory(agb_code=f"2{i:07d}", naam=f"Zorgaanbieder {i:03d}")
        OvereenkomstFactory(regio=k.regio, aanbieder=a).percelen.add(perceel)
        aanbieders.append(a)
    nummers = [b for b in test_bsns(clienten + 1) if b != k.client.bsn][:clienten]
    Client.objects.bulk_create(
        [
            Client(bsn=b, gemeente=k.gemeente, achternaam=f"Test{i}", geboortedatum=date(1950, 1, 1))
            for i, b in enumerate(nummers)
        ],
        batch_size=2000,
    )
    ids = dict(Client.objects.filter(bsn__in=nummers).values_list("bsn", "pk"))
    paren = [(c, soort) for soort in SOORTEN for c in range(clienten)]  # each client-product at one provider
    plan: list[list[tuple[str, int, str]]] = []
    rijen = []
    volgende = 0
    for a, n in zip(aanbieders, per_aanbieder, strict=True):
        eigen = []
        for c, soort in paren[volgende : volgende + n]:
            nummer = 100_000 + len(rijen)
            rijen.append(
                Toewijzing(
                    toewijzing_nummer=nummer,
                    client_id=ids[nummers[c]],
                    aanbieder=a,
                    product=getattr(k, soort),
                    ingangsdatum=date(2025, 1, 1),
                    einddatum=date(2025, 12, 31),
                    volume=VOLUME[soort],
                    eenheid=VELDEN[soort]["eenheid"],
                    frequentie="2" if soort == "pxq" else "6",
                )
            )
            eigen.append((nummers[c], nummer, soort))
        volgende += n
        plan.append(eigen)
    Toewijzing.objects.bulk_create(rijen, batch_size=2000)
    backoffice = GebruikerFactory(username="bench-backoffice", rol=Rol.BACKOFFICE, regio=k.regio)
    backoffice.gemeenten.add(k.gemeente)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as autovacuum keeps them in production
    return {
        "aanbieders": [a.agb_code for a in aanbieders],
        "plan": plan,
        "gebruikers": {
            "aanbieder": k.medewerker,  # the largest provider
            "backoffice": backoffice,
            "consulent": k.consulent,
            "beheer": GebruikerFactory(username="bench-beheer", rol=Rol.FUNCTIONEEL_BEHEER, regio=k.regio),
        },
    }


def _maak_323(eigen: list[tuple[str, int, str]], afzender: str, volgnummer: int) -> bytes:
    from wmoketen.berichten.codec import build
    from wmoketen.berichten.codec.model import wmo323
    from wmoketen.declaraties.tests.harnas import prestatie, wmo323_bericht

    per_client: dict[str, list[wmo323.Prestatie]] = {}
    for bsn, nummer, soort in eigen:
        for m in MAANDEN:
            per_client.setdefault(bsn, []).append(
                prestatie(f"R{nummer}M{m}", nummer=nummer, maand=(2025, m), volume=10, **VELDEN[soort])
            )
    clienten = tuple(wmo323.Client(bsn=b, prestaties=tuple(ps)) for b, ps in per_client.items())
    bericht = wmo323_bericht(
        clienten=clienten, nummer=f"MS{volgnummer:04d}", periode=(2025, MAANDEN[-1]), aanbieder=afzender,
        gemeente=GEMEENTE,
    )  # fmt: skip
    return build(bericht)


class Paginas(threading.Thread):
    """One user at a time asks the five pages in turn, through the real web server, until stopped."""

    def __init__(self, basis: str, paginas: list[tuple[str, str, str]]) -> None:
        super().__init__(daemon=True)
        self.basis, self.paginas = basis, paginas
        self.tijden: dict[str, list[tuple[float, float]]] = {naam: [] for naam, _, _ in paginas}
        self.fouten: list[str] = []
        self.stop = threading.Event()
        self.warm = threading.Event()

    def run(self) -> None:
        for _, pad, cookie in self.paginas:  # warm up: each server process's first request loads code
            for _ in range(3):
                with urllib.request.urlopen(urllib.request.Request(self.basis + pad, headers={"Cookie": cookie})):
                    pass
        self.warm.set()
        while not self.stop.is_set():
            for naam, pad, cookie in self.paginas:
                verzoek = urllib.request.Request(self.basis + pad, headers={"Cookie": cookie})
                begin = time.monotonic()
                try:
                    with urllib.request.urlopen(verzoek, timeout=60) as antwoord:
                        antwoord.read()
                        if antwoord.status != 200 or antwoord.url != self.basis + pad:
                            self.fouten.append(f"{naam}: {antwoord.status} {antwoord.url}")
                except Exception as exc:  # a failed page is a figure, not a crash
                    self.fouten.append(f"{naam}: {exc}")
                self.tijden[naam].append((begin, time.monotonic() - begin))
                time.sleep(0.2)  # a user reads the page


def _cpu_seconden(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), 0 elsewhere."""
    try:
        velden = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(velden[11]) + int(velden[12])) / os.sysconf("SC_CLK_TCK")


def _p(waarden: list[float], q: float) -> float:
    if not waarden:
        return float("nan")
    gesorteerd = sorted(waarden)
    return gesorteerd[min(len(gesorteerd) - 1, math.ceil(q * len(gesorteerd)) - 1)]


def run(werkers: int, schaal: float) -> dict[str, Any]:
    broker_basis = os.environ.get("CELERY_BROKER_URL", "")
    if not broker_basis.startswith("amqp") or "postgres" not in os.environ.get("DATABASE_URL", ""):
        raise SystemExit("nodig: DATABASE_URL (PostgreSQL) en CELERY_BROKER_URL (RabbitMQ, amqp://...)")
    vhost = f"wmoketen-bench-{uuid.uuid4().hex[:8]}"
    delen = urlsplit(broker_basis)
    broker = urlunsplit((delen.scheme, delen.netloc, "/" + quote(vhost, safe=""), "", ""))
    subprocess.run(["rabbitmqctl", "add_vhost", vhost], check=True, capture_output=True)
    subprocess.run(
        ["rabbitmqctl", "set_permissions", "-p", vhost, delen.username or "guest", ".*", ".*", ".*"],
        check=True,
        capture_output=True,
    )
    tmp = Path(tempfile.mkdtemp(prefix="bench-maandstart-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="wmoketen.conf.test",
        CELERY_BROKER_URL=broker,
        WMOKETEN_UITWISSELING_MAP=str(tmp / "uitwisseling"),
        WMOKETEN_VAR_DIR=str(tmp / "var"),
    )
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count, Max
    from django.test import Client as HttpClient

    from tests.auth import login_met_tweede_factor
    from wmoketen.berichten.models import Bericht
    from wmoketen.berichten.tasks import postvakken_lezen
    from wmoketen.declaraties.models import Declaratie, Prestatie
    from wmoketen.taken.models import OPEN, Taak, TaakStatus
    from wmoketen.taken.services import aanbieden

    oud = connection.settings_dict["NAME"]
    naam = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    processen: list[subprocess.Popen[bytes]] = []
    try:
        t = time.monotonic()
        o = _opzetten(schaal)
        opzet = time.monotonic() - t
        inbox = tmp / "uitwisseling" / GEMEENTE / "in"
        inbox.mkdir(parents=True)
        aantal_prestaties = 0
        for i, (agb, eigen) in enumerate(zip(o["aanbieders"], o["plan"], strict=True)):
            (inbox / f"wmo323-{agb}.xml").write_bytes(_maak_323(eigen, agb, i))
            aantal_prestaties += len(eigen) * len(MAANDEN)
        mb = sum(p.stat().st_size for p in inbox.iterdir()) / 1e6
        bestanden = len(o["aanbieders"])

        s = connection.settings_dict
        omgeving = {
            **os.environ,
            "DATABASE_URL": f"postgres://{s['USER']}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}",
            "PYTHONPATH": str(REPO / "src"),
        }
        if s.get("PASSWORD"):
            omgeving["DATABASE_URL"] = omgeving["DATABASE_URL"].replace("@", f":{s['PASSWORD']}@", 1)
        poort = _vrije_poort()
        web_log = (tmp / "web.log").open("wb")
        processen.append(
            subprocess.Popen(
                [sys.executable, "-m", "wmoketen.cli", "serve", "--adres", f"127.0.0.1:{poort}", "--workers", "2"],
                cwd=REPO,
                env=omgeving,
                stdout=web_log,
                stderr=subprocess.STDOUT,
            )
        )
        basis = f"http://127.0.0.1:{poort}"

        def leeft() -> bool:
            try:
                with urllib.request.urlopen(basis + "/health/live", timeout=2) as a:
                    return a.status == 200
            except OSError:
                return False

        _wacht(leeft, 120, "webserver")
        cookie_naam = settings.SESSION_COOKIE_NAME

        def cookie(gebruiker: Any) -> str:
            http = login_met_tweede_factor(HttpClient(), gebruiker)
            return f"{cookie_naam}={http.cookies[cookie_naam].value}"

        g = o["gebruikers"]
        paginas = [
            ("berichten (aanbieder)", "/berichten/", cookie(g["aanbieder"])),
            ("declaraties (aanbieder)", "/declaraties/", cookie(g["aanbieder"])),
            ("declaraties (backoffice)", "/declaraties/", cookie(g["backoffice"])),
            ("werklijst (consulent)", "/toegang/", cookie(g["consulent"])),
            ("achtergrondtaken (beheer)", "/taken/", cookie(g["beheer"])),
        ]
        logs = []
        werker_pids = []
        for w in range(werkers):
            log = tmp / f"w{w}.log"
            logs.append(log)
            processen.append(
                subprocess.Popen(
                    [sys.executable, "-m", "wmoketen.cli", "worker", "--pool", "solo", "--naam", f"w{w}@bench"],
                    cwd=REPO,
                    env=omgeving,
                    stdout=log.open("wb"),
                    stderr=subprocess.STDOUT,
                )
            )
            werker_pids.append(processen[-1].pid)
        for log in logs:
            _wacht(lambda log=log: "ready" in log.read_text(errors="replace"), 120, f"worker {log.stem}")
        cpu_voor = sum(_cpu_seconden(pid) for pid in werker_pids)

        lezer = Paginas(basis, paginas)
        lezer.start()
        lezer.warm.wait(300)
        time.sleep(5)  # the pages at rest, before the peak
        begin = time.monotonic()
        belasting_voor = os.getloadavg()[0]
        poll = aanbieden(postvakken_lezen, titel="Postvakken lezen (maandstart)")
        poll.refresh_from_db()
        start = poll.aangemaakt_op
        uit_325 = Bericht.objects.filter(richting="uit", soort="325")

        def alle_325() -> bool:
            return uit_325.filter(afgeleverd_op__isnull=False).count() >= bestanden

        _wacht(alle_325, 3600, "alle 325's")
        piek_eind = time.monotonic()
        cpu_werkers = sum(_cpu_seconden(pid) for pid in werker_pids) - cpu_voor
        belasting_na = os.getloadavg()[0]
        laatste = uit_325.aggregate(m=Max("afgeleverd_op"))["m"]
        tot_laatste_325 = (laatste - start).total_seconds()
        _wacht(lambda: not Taak.objects.filter(status__in=OPEN).exists(), 600, "de 325's gelezen", 1)
        lezer.stop.set()
        lezer.join(timeout=60)

        telling = {
            "323 opgeslagen": Bericht.objects.filter(richting="in", soort="323", partij=GEMEENTE).count(),
            "323 uniek": Bericht.objects.filter(richting="in", soort="323", partij=GEMEENTE)
            .values("sha256")
            .distinct()
            .count(),
            "declaraties": Declaratie.objects.count(),
            "prestaties": Prestatie.objects.count(),
            "prestaties goedgekeurd": Prestatie.objects.filter(status="goedgekeurd").count(),
            "325 verzonden": uit_325.count(),
            "325 afgeleverd": uit_325.filter(afgeleverd_op__isnull=False).count(),
            "325 per 323": sorted(set(uit_325.values("heen").annotate(n=Count("pk")).values_list("n", flat=True))),
            "325 gelezen door aanbieder": Bericht.objects.filter(richting="in", soort="325").count(),
            "in postvak IN gebleven": len([p for p in inbox.iterdir() if p.is_file()]),
            "taken dood": Taak.objects.filter(status=TaakStatus.DOOD).count(),
        }
        verwacht = {
            "323 opgeslagen": bestanden,
            "323 uniek": bestanden,
            "declaraties": bestanden,
            "prestaties": aantal_prestaties,
            "prestaties goedgekeurd": aantal_prestaties,
            "325 verzonden": bestanden,
            "325 afgeleverd": bestanden,
            "325 per 323": [1],
            "325 gelezen door aanbieder": bestanden,
            "in postvak IN gebleven": 0,
            "taken dood": 0,
        }
        pagina_cijfers = {}
        for naam_pagina, metingen in lezer.tijden.items():
            tijdens = [d for t0, d in metingen if begin <= t0 <= piek_eind]
            rust = [d for t0, d in metingen if t0 < begin]
            pagina_cijfers[naam_pagina] = {
                "n": len(tijdens),
                "p50": _p(tijdens, 0.5),
                "p95": _p(tijdens, 0.95),
                "rust_p50": statistics.median(rust) if rust else float("nan"),
            }
        return {
            "werkers": werkers,
            "database": naam,
            "opzet_s": opzet,
            "bestanden": bestanden,
            "mb": mb,
            "prestaties": aantal_prestaties,
            "grootste": max(len(e) for e in o["plan"]) * len(MAANDEN),
            "kleinste": min(len(e) for e in o["plan"]) * len(MAANDEN),
            "tot_laatste_325_s": tot_laatste_325,
            "prestaties_per_s": aantal_prestaties / tot_laatste_325,
            "cpu_werkers_s": cpu_werkers,
            "belasting": (belasting_voor, belasting_na),
            "paginas": pagina_cijfers,
            "pagina_fouten": lezer.fouten[:5],
            "telling": telling,
            "telling_klopt": telling == verwacht,
            "verwacht": verwacht,
        }
    finally:
        for p in processen:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in processen:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        with connection.cursor() as cursor:  # sessions a killed process may have left
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        connection.creation.destroy_test_db(oud, verbosity=0)
        subprocess.run(["rabbitmqctl", "delete_vhost", vhost], check=False, capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


# ----------------------------------------------------------------------------------------------- report


def verslag(uitkomsten: list[dict[str, Any]], schaal: float) -> None:
    eerste = uitkomsten[0]
    print(
        f"maandstart{' (schaal ' + str(schaal) + ')' if schaal != 1 else ''}: {eerste['bestanden']} aanbieders, "
        f"elk één 323 ({eerste['kleinste']:,}-{eerste['grootste']:,} prestaties), samen {eerste['prestaties']:,} "
        f"prestaties, {eerste['mb']:.1f} MB; PostgreSQL + RabbitMQ, `wmoketen worker --pool solo`; opzet "
        f"{eerste['opzet_s']:.0f} s; machine: {os.cpu_count()} cores, gedeeld"
    )
    for u in uitkomsten:
        print(
            f"{u['werkers']} worker(s): {u['prestaties_per_s']:,.0f} prestaties/s | laatste 325 na "
            f"{u['tot_laatste_325_s']:.1f} s | tellingen {'kloppen' if u['telling_klopt'] else 'KLOPPEN NIET'}"
        )
        cpu = u["cpu_werkers_s"]
        print(
            f"    CPU van de workers tot de laatste 325: {cpu:.0f} s"
            + (f" ({u['prestaties'] / cpu:,.0f} prestaties per CPU-seconde)" if cpu else "")
            + f"; belasting van de machine (load average 1 min) {u['belasting'][0]:.1f} bij de start, "
            f"{u['belasting'][1]:.1f} aan het eind"
        )
        for naam, c in u["paginas"].items():
            print(
                f"    {naam:<27} p50 {c['p50'] * 1000:6.0f} ms  p95 {c['p95'] * 1000:6.0f} ms  "
                f"({c['n']} keer tijdens de piek; in rust p50 {c['rust_p50'] * 1000:.0f} ms)"
            )
        if u["pagina_fouten"]:
            print(f"    paginafouten: {u['pagina_fouten']}")
        if not u["telling_klopt"]:
            print(f"    telling {u['telling']}\n    verwacht {u['verwacht']}")
    per_n = {u["werkers"]: u for u in uitkomsten}
    if 1 in per_n and 2 in per_n:
        factor = per_n[2]["prestaties_per_s"] / per_n[1]["prestaties_per_s"]
        print(f"2 workers / 1 worker: {factor:.2f}x (doel >= 1.7x)")
    p95 = max(c["p95"] for u in uitkomsten for c in u["paginas"].values())
    print(f"hoogste pagina-p95 tijdens de piek: {p95 * 1000:.0f} ms (doel < 1000 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schaal", type=float, default=1.0)
    parser.add_argument("--werkers", default="1,2")
    parser.add_argument("--run", type=int, help=argparse.SUPPRESS)  # one run, in its own process
    args = parser.parse_args()
    if args.run:
        print("UITKOMST " + json.dumps(run(args.run, args.schaal), default=str), flush=True)
        return
    uitkomsten = []
    for n in [int(x) for x in args.werkers.split(",")]:
        proces = subprocess.run(
            [sys.executable, __file__, "--run", str(n), "--schaal", str(args.schaal)],
            capture_output=True,
            text=True,
            check=False,
        )
        regels = [r for r in proces.stdout.splitlines() if r.startswith("UITKOMST ")]
        if proces.returncode != 0 or not regels:
            sys.stderr.write(proces.stdout[-3000:] + proces.stderr[-5000:])
            raise SystemExit(f"run met {n} worker(s) mislukt")
        uitkomsten.append(json.loads(regels[-1].removeprefix("UITKOMST ")))
    verslag(uitkomsten, args.schaal)


if __name__ == "__main__":
    main()
