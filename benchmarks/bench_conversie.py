"""Figures for a conversion run (prints; not a test).

10,000 running p x q assignments in Limburg-Noord 2022 (half hulp bij het huishouden, converted administratively
to traject 3A; half begeleiding, served out until 31-12-2022), 5,000 clients with two providers each. Times the
dry run (selection plus the money effect per month through the settlement engine) and the real run (ending and creating
assignments, versions, one 301 per client/provider pair built and validated against the XSD, audit records), and prints
the 301s per second.

Every phase prints its wall time and its CPU time (user + sys of this process and of its PostgreSQL server
process, read from /proc): on a shared machine the wall time includes waiting for the CPU. The peak resident memory
(ru_maxrss) is printed after each phase: compare two counts to see that it stays flat.

Run on PostgreSQL (a throwaway test database and exchange folder are created and removed):
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/herindicatie .venv/bin/python benchmarks/bench_conversie.py
BENCH_AANTAL=1000 for a smaller run; BENCH_PROFIEL=1 adds a cProfile of the real run (the wmoketen functions by
cumulative time). The queries of the real run are counted (per 301 and per step) and the slowest and fastest
batch are printed, to see whether the rate drops as the data grows.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import resource
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wmoketen.conf.test")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

AANTAL = int(os.environ.get("BENCH_AANTAL", "10000"))
PROFIEL = os.environ.get("BENCH_PROFIEL", "") == "1"
ROOT = Path(__file__).resolve().parents[1]


def vullen() -> None:
    from wmoketen.catalogus.models import Gemeente, Product
    from wmoketen.clienten.models import Client
    from wmoketen.contracten.models import Aanbieder
    from wmoketen.contracten.services import regio_laden
    from wmoketen.core.bsn import test_bsns
    from wmoketen.toewijzingen.models import Nummerreeks, Toewijzing, ToewijzingVersie

    regio_laden(pad=ROOT / "regions" / "limburg-noord-2022.yaml")
    gemeenten = list(Gemeente.objects.filter(regios__code="limburg-noord-2022").order_by("cbs_code"))
    producten = {p.productcode: p for p in Product.objects.filter(regio__code="limburg-noord-2022")}
    aanbieders = {a.agb_code: a for a in Aanbieder.objects.filter(agb_code__startswith="9902")}
    soorten = [("HH", "99020003"), ("BGI", "99020001"), ("HH", "99020003"), ("BGG", "99020004")]
    clienten = Client.objects.bulk_create(
        Client(
            bsn=bsn,
            geboortedatum=date(1950, 1, 1),
            achternaam=f"Bench{i}",
            voorletters="B.",
            gemeente=gemeenten[i % len(gemeenten)],
            # an address, or every 301 is blocked (CD034, TR006) and the blocked path is measured instead
            straat="Benchstraat",
            huisnummer=1 + i % 200,
            postcode=f"{5900 + i % 90}AB",
            plaats="Venlo",
        )
        for i, bsn in enumerate(test_bsns(AANTAL // 2))
    )
    moment = timezone.make_aware(datetime(2021, 12, 20, 9, 0))
    toewijzingen = []
    for i in range(AANTAL):  # two assignments per client, at two providers (the test range has ~9,000 BSNs)
        client = clienten[i // 2]
        code, agb = soorten[(i // 2) % 2 * 2 + i % 2]
        toewijzingen.append(
            Toewijzing(
                toewijzing_nummer=200000 + i,
                client=client,
                aanbieder=aanbieders[agb],
                product=producten[code],
                ingangsdatum=date(2022, 1, 1),
                einddatum=date(2023, 6, 30) if i % 3 else date(2022, 9, 30),
                volume=2 + i % 3,
                eenheid="04" if code != "BGG" else "16",
                frequentie="2",
                gewijzigd_op=moment,
            )
        )
    toewijzingen = Toewijzing.objects.bulk_create(toewijzingen, batch_size=2000)
    ToewijzingVersie.objects.bulk_create(
        (
            ToewijzingVersie(
                toewijzing=t,
                toewijzingsdatum=date(2021, 12, 20),
                toewijzingstijd=moment.time(),
                ingangsdatum=t.ingangsdatum,
                einddatum=t.einddatum,
                volume=t.volume,
                eenheid=t.eenheid,
                frequentie=t.frequentie,
            )
            for t in toewijzingen
        ),
        batch_size=2000,
    )
    Nummerreeks.objects.update_or_create(pk=1, defaults={"laatste": 200000 + AANTAL})


def backend_cpu() -> float:
    """CPU seconds (user + sys) of this connection's PostgreSQL server process so far (it runs on this machine)."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    velden = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(velden[11]) + int(velden[12])) / os.sysconf("SC_CLK_TCK")


class Klok:
    """Wall time and CPU time (user + sys) of this process and of its database server process: the machine is
    shared, so the wall time alone says little."""

    def __init__(self) -> None:
        self.wand, self.cpu, self.db = time.perf_counter(), time.process_time(), backend_cpu()

    def __str__(self) -> str:
        wand, cpu, db = time.perf_counter() - self.wand, time.process_time() - self.cpu, backend_cpu() - self.db
        return f"{wand:.1f} s wand, CPU {cpu:.1f} s Python + {db:.1f} s PostgreSQL = {cpu + db:.1f} s"

    def cpu_totaal(self) -> float:
        return time.process_time() - self.cpu + backend_cpu() - self.db


def geheugen_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    from django.conf import settings

    setup_test_environment()
    uitwisseling = tempfile.TemporaryDirectory(prefix="bench-conversie-")  # never the shared var/uitwisseling
    settings.WMOKETEN_UITWISSELING_MAP = uitwisseling.name
    oude_naam = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from wmoketen.herindicatie.conversie.definitie import lees_definitie
        from wmoketen.herindicatie.conversie.proef import proefdraai
        from wmoketen.herindicatie.conversie.uitvoering import Voortgang, run_uitvoeren, run_voorbereiden

        t0 = time.perf_counter()
        vullen()
        print(f"{connection.vendor}: {AANTAL} lopende toewijzingen aangemaakt in {time.perf_counter() - t0:.1f} s")
        gelezen = lees_definitie(ROOT / "conversies" / "limburg-noord-2022.yaml")

        print(f"piekgeheugen na vullen: {geheugen_mb():.0f} MB")
        klok = Klok()
        proef = proefdraai(gelezen.inhoud)
        proef_cpu = klok.cpu_totaal()
        print(
            f"proefdraai: {proef.totaal} toewijzingen, {proef.tellingen}, {len(proef.per_maand)} maanden "
            f"geldeffect in {klok} ({proef.totaal / proef_cpu:,.0f} toewijzingen per CPU-seconde; doel "
            f"10.000 in < 3 s); piekgeheugen {geheugen_mb():.0f} MB"
        )

        klok = Klok()
        run = run_voorbereiden(gelezen=gelezen)
        voorbereiding = str(klok)
        queries = 0

        def tel(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        batchtijden: list[float] = []
        vorige = time.perf_counter()

        def voortgang(_: Voortgang) -> None:
            nonlocal vorige
            batchtijden.append(time.perf_counter() - vorige)
            vorige = time.perf_counter()

        profiel = cProfile.Profile() if PROFIEL else None
        klok = Klok()
        t0 = vorige = time.perf_counter()
        with connection.execute_wrapper(tel):
            if profiel is not None:
                profiel.enable()
            run = run_uitvoeren(run=run, batch_grootte=500, voortgang=voortgang)
            if profiel is not None:
                profiel.disable()
        looptijd = time.perf_counter() - t0
        cpu = klok.cpu_totaal()
        print(
            f"run: voorbereiden (incl. proefdraai en stappen) {voorbereiding}; uitvoeren {klok} in "
            f"{run.batches} batches: {run.omgezet} omgezet, {run.ingekort} ingekort, {run.ongemoeid} ongemoeid, "
            f"{run.handmatig} handmatig, {run.berichten_301} 301-berichten gebouwd en gevalideerd (XSD en de regels "
            f"van niveau 2) ({run.berichten_301 / cpu:,.0f} 301 per CPU-seconde, {run.berichten_301 / looptijd:,.0f} "
            f"301/s wand; doel 10.000 toewijzingen in < 10 s); piekgeheugen {geheugen_mb():.0f} MB"
        )
        print(
            f"queries: {queries:,} ({queries / max(run.berichten_301, 1):.2f} per 301 (doel < 2), "
            f"{queries / max(run.verwerkt, 1):.1f} per stap); batch snelste {min(batchtijden):.2f} s, "
            f"eerste {batchtijden[0]:.2f} s, laatste {batchtijden[-1]:.2f} s, traagste {max(batchtijden):.2f} s"
        )
        if profiel is not None:
            pstats.Stats(profiel).sort_stats("cumulative").print_stats(r"wmoketen", 40)
    finally:
        connection.creation.destroy_test_db(oude_naam, verbosity=0)
        uitwisseling.cleanup()


if __name__ == "__main__":
    main()
