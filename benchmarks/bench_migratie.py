"""Figures for the import of a legacy archive (prints; not a test). Issue 18: an archive of 100,000 assignments
with 24 months of declarations (about 2 million prestaties) on PostgreSQL; target under 10 minutes, memory flat in
the archive's size (streamed).

A synthetic archive (`migratie.proefarchief`, test BSNs, XSD-valid messages with their retours and 325s) is
written to a temporary folder (not timed), then the dry run and the real run are timed apart. Printed: assignments
and prestaties per second of each, the peak memory (resident set) of each run, and the real run's time scaled
linearly to the full archive next to the 10-minute target (an extrapolation when --schaal < 1: say so).

The machine is shared, so wall time says little: the figures to compare are CPU seconds, of this process
(`time.process_time`, user + sys) and, on a PostgreSQL server on the same machine, of the server process that
serves this connection (user + sys from /proc/PID/stat), and the number of queries per prestatie. `--stand PAD`
writes the outcome (`migratie.tests.stand` plus the stored messages, declarations, Logboek records per activity,
the units with their outcome and the report's counters) as JSON, to compare the outcome of two versions of the
code on the same archive.

  DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python benchmarks/bench_migratie.py --schaal 0.01

--schaal 1 is the full archive (100,000 assignments); --maanden the months of declarations (24). A throwaway test
database is created and removed. Without DATABASE_URL it runs on SQLite (not the production database).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import json
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wmoketen.conf.test")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
VOL = 100_000
VOL_PRESTATIES = 2_000_000
DOEL_SECONDEN = 600


def _piek_mb() -> float | None:
    """Peak resident set size (VmHWM) in MB since the last reset, Linux only."""
    try:
        for regel in Path("/proc/self/status").read_text().splitlines():
            if regel.startswith("VmHWM:"):
                return int(regel.split()[1]) / 1024
    except OSError:
        return None
    return None


def _piek_resetten() -> None:
    """Reset the peak to the current resident size (writing 5 to clear_refs, Linux >= 4.0)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


_PID: list[int] = []


def _server_cpu() -> float | None:
    """CPU seconds (user + sys) of the PostgreSQL server process of this connection, when it runs on this machine."""
    if connection.vendor != "postgresql":
        return None
    if not _PID:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            _PID.append(cursor.fetchone()[0])
    pid = _PID[0]
    try:
        velden = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(velden[11]) + int(velden[12])) / os.sysconf("SC_CLK_TCK")


def _stand_schrijven(pad: Path, regio: object, echt: object) -> None:
    """The outcome of the real run as plain data (no ids, no moments of the run itself), sorted."""
    from collections import Counter

    from wmoketen.audit.models import Verwerking
    from wmoketen.berichten.models import Bericht
    from wmoketen.declaraties.models import Declaratie, Prestatie
    from wmoketen.migratie.tests.stand import stand
    from wmoketen.toewijzingen.models import Toewijzingsbericht

    def rijen(qs: object, *velden: str) -> list[list[object]]:
        return sorted((list(r) for r in qs.values_list(*velden)), key=repr)  # type: ignore[attr-defined]

    codes = set(regio.gemeenten.values_list("cbs_code", flat=True))  # type: ignore[attr-defined]
    uit = stand(codes)
    uit["berichtrijen"] = rijen(
        Bericht.objects.all(),
        "partij", "richting", "soort", "afzender", "ontvanger", "identificatie", "dagtekening", "identificatie_retour",
        "gemeente_code", "agb_code", "client__bsn", "sha256", "grootte", "status", "bevindingen", "retour_codes",
        "samenvatting", "heen__sha256", "kanaal", "bestandsnaam", "retour_uiterlijk",
    )  # fmt: skip
    uit["inhoud_gelijk"] = all(
        len(inhoud) in (0, grootte) for inhoud, grootte in Bericht.objects.values_list("inhoud", "grootte").iterator()
    )
    sha = dict(Bericht.objects.values_list("pk", "sha256"))
    uit["declaratierijen"] = sorted(
        (
            [*r[:3], sha.get(r[3]), sha.get(r[4]), *r[5:]]
            for r in Declaratie.objects.values_list(
                "declaratie_nummer", "aanbieder__agb_code", "bericht_identificatie", "bericht_id",
                "antwoord_bericht_id", "ontvangen_op", "antwoord_uiterlijk", "beantwoord_op", "bevindingen",
            )
        ),
        key=repr,
    )  # fmt: skip
    uit["prestatierijen"] = rijen(
        Prestatie.objects.all(),
        "declaratie__declaratie_nummer", "aanbieder__agb_code", "volgnummer", "referentie_nummer", "client__bsn",
        "bevindingen",
    )  # fmt: skip
    uit["toewijzingsberichten"] = rijen(
        Toewijzingsbericht.objects.all(), "client__bsn", "aanbieder__agb_code", "verzonden_op", "toewijzing_nummers"
    )
    uit["logboek"] = sorted(
        Counter(Verwerking.objects.filter(object_type="migratie").values_list("actie", "verwerkingsactiviteit")).items()
    )
    uit["stappen"] = rijen(echt.stappen.all(), "volgnummer", "pad", "soort", "klaar", "uitkomst", "reden")  # type: ignore[attr-defined]
    uit["tellingen"] = echt.tellingen  # type: ignore[attr-defined]
    uit["afwijzingen"] = rijen(echt.afwijzingen.all(), "pad", "regel", "plek", "reden")  # type: ignore[attr-defined]
    pad.write_text(json.dumps(uit, default=str, indent=0, sort_keys=True), encoding="utf-8")


class PerFase:
    """CPU (process and server) and queries per phase of the import, from the progress callback after each batch."""

    def __init__(self) -> None:
        self.per_fase: dict[str, list[float]] = {}
        self.queries = 0
        self._vorig = (time.process_time(), _server_cpu() or 0.0, 0)

    def __call__(self, v: object) -> None:
        nu = (time.process_time(), _server_cpu() or 0.0, self.queries)
        rij = self.per_fase.setdefault(v.fase, [0.0, 0.0, 0, 0])  # type: ignore[attr-defined]
        for i in range(3):
            rij[i] += nu[i] - self._vorig[i]
        rij[3] += 1
        self._vorig = nu

    def afdrukken(self, naam: str) -> None:
        for fase, (cpu, server, queries, batches) in self.per_fase.items():
            print(
                f"  {naam}, fase {fase}: {cpu:,.2f} s CPU proces + {server:,.2f} s CPU server, "
                f"{int(queries):,} queries, {int(batches)} batches"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    print(f"belasting van de machine bij de start (load average 1 min): {os.getloadavg()[0]:.1f}")
    parser.add_argument("--schaal", type=float, default=1.0, help="deel van 100.000 toewijzingen (1 = volledig)")
    parser.add_argument("--maanden", type=int, default=24, help="maanden met declaraties")
    parser.add_argument("--batch", type=int, default=500, help="eenheden per batch")
    parser.add_argument("--profiel", action="store_true", help="cProfile van de uitvoering (CPU-tijd, wmoketen)")
    parser.add_argument("--stand", type=Path, help="schrijf de uitkomst van de uitvoering als JSON (om te vergelijken)")
    args = parser.parse_args()
    aantal = max(1, round(VOL * args.schaal))

    from django.conf import settings

    setup_test_environment()
    werkmap = tempfile.TemporaryDirectory(prefix="bench-migratie-")
    settings.WMOKETEN_UITWISSELING_MAP = werkmap.name
    oude_naam = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from wmoketen.catalogus.models import Regio
        from wmoketen.contracten.services import regio_laden
        from wmoketen.declaraties.models import Prestatie
        from wmoketen.migratie.importeren import import_draaien, proefdraai_aanmaken, uitvoering_aanmaken
        from wmoketen.migratie.proefarchief import proefarchief_schrijven
        from wmoketen.toewijzingen.models import Toewijzing

        regio_laden(pad=ROOT / "regions" / "midden-limburg-2024.yaml")
        regio = Regio.objects.get(code="midden-limburg-2024")
        bron = Path(werkmap.name) / "archief"
        t0 = time.perf_counter()
        s = proefarchief_schrijven(regio=regio, doel=bron, toewijzingen=aantal, maanden=args.maanden)
        grootte = sum(p.stat().st_size for p in bron.rglob("*") if p.is_file()) / 1_048_576
        print(
            f"{connection.vendor}, schaal {args.schaal:g}: archief van {s.toewijzingen:,} toewijzingen, "
            f"{s.prestaties:,} prestaties, {s.berichten:,} berichten ({grootte:,.0f} MB) geschreven in "
            f"{time.perf_counter() - t0:.0f} s (niet meegeteld)"
        )

        _piek_resetten()
        basis = _piek_mb()
        t0, c0, s0 = time.perf_counter(), time.process_time(), _server_cpu()
        proeffasen = PerFase()
        proef = import_draaien(proefdraai_aanmaken(regio=regio, bron=bron).pk, batch=args.batch, voortgang=proeffasen)
        proeftijd, proef_cpu = time.perf_counter() - t0, time.process_time() - c0
        s1 = _server_cpu()
        proef_server = s1 - s0 if s0 is not None and s1 is not None else None
        proefpiek = _piek_mb()
        assert proef.tellingen["soorten"].get("toewijzingen") == s.toewijzingen, proef.tellingen["soorten"]

        _piek_resetten()
        queries = 0

        def tel(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            nonlocal queries
            queries += 1
            echtfasen.queries += 1
            return execute(sql, params, many, context)

        profiel = cProfile.Profile(time.process_time) if args.profiel else None
        t0, c0, s0 = time.perf_counter(), time.process_time(), _server_cpu()
        echtfasen = PerFase()
        with connection.execute_wrapper(tel):
            if profiel is not None:
                profiel.enable()
            echt = import_draaien(uitvoering_aanmaken(proefdraai=proef).pk, batch=args.batch, voortgang=echtfasen)
            if profiel is not None:
                profiel.disable()
        looptijd, echt_cpu = time.perf_counter() - t0, time.process_time() - c0
        s1 = _server_cpu()
        echt_server = s1 - s0 if s0 is not None and s1 is not None else None
        echtpiek = _piek_mb()
        toewijzingen = Toewijzing.objects.count()
        prestaties = Prestatie.objects.count()
        print(
            f"overgenomen: {toewijzingen:,} toewijzingen (archief {s.toewijzingen:,}), {prestaties:,} prestaties "
            f"(archief {s.prestaties:,}), {echt.afwijzingen.count()} afwijzingen"
        )

        for naam, tijd, cpu, server, piek in (
            ("proefdraai", proeftijd, proef_cpu, proef_server, proefpiek),
            ("uitvoering", looptijd, echt_cpu, echt_server, echtpiek),
        ):
            geheugen = f"piekgeheugen {piek:,.0f} MB (vóór de import {basis:,.0f} MB)" if piek and basis else ""
            db = f" + {server:,.1f} s CPU van de databaseserver" if server is not None else ""
            print(
                f"{naam}: {tijd:,.1f} s wandklok; {cpu:,.1f} s CPU van dit proces{db} "
                f"({(cpu + (server or 0)) * 1000 / max(prestaties, 1):.3f} ms CPU per prestatie); "
                f"{toewijzingen / tijd:,.0f} toewijzingen/s, {prestaties / tijd:,.0f} prestaties/s (wandklok); "
                f"{geheugen}"
            )
        print(f"queries in de uitvoering: {queries:,} ({queries / max(prestaties, 1):.3f} per prestatie)")
        print("per fase (na elke batch gemeten; de index en het rapport vallen erbuiten):")
        proeffasen.afdrukken("proefdraai")
        echtfasen.afdrukken("uitvoering")
        if profiel is not None:
            pstats.Stats(profiel).sort_stats("cumulative").print_stats(r"wmoketen", 45)
            pstats.Stats(profiel).sort_stats("tottime").print_stats(25)
        if args.stand is not None:
            _stand_schrijven(args.stand, regio, echt)
            print(f"uitkomst geschreven naar {args.stand}")
        per_toewijzing = looptijd * VOL / toewijzingen
        per_prestatie = looptijd * VOL_PRESTATIES / max(prestaties, 1)
        if aantal >= VOL:
            print(f"uitvoering: {looptijd / 60:,.1f} min, {'binnen' if looptijd <= DOEL_SECONDEN else 'BOVEN'} het "
                  f"doel van {DOEL_SECONDEN // 60} minuten")  # fmt: skip
        else:
            print(
                f"GEËXTRAPOLEERD (schaal {args.schaal:g}, niet gemeten): uitvoering van het volle archief lineair naar "
                f"toewijzingen {per_toewijzing / 60:,.1f} min, naar prestaties {per_prestatie / 60:,.1f} min; doel "
                f"{DOEL_SECONDEN // 60} min. Vaste kosten per 323 wegen op kleine schaal zwaarder "
                "(kleine declaraties): een bovengrens die alleen een volle run bevestigt of weerlegt."
            )
    finally:
        connection.creation.destroy_test_db(oude_naam, verbosity=0)
        werkmap.cleanup()


if __name__ == "__main__":
    main()
