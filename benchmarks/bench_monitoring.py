"""Monitoring queries on a generated region: every dashboard, benchmark and report query, each timed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/monitoring_bench .venv/bin/python benchmarks/bench_monitoring.py
        [--clients 100000] [--jaren 3] [--opnieuw] [--voorstel-indexen]

Generates (once; --opnieuw starts over) a region with 5 municipalities, 3 segments, 24 providers and N clients,
each with one or two assignments over `jaren` years, a start, two prestaties per client-month (one per half
month, about 3 % rejected; 2.7 million for 100,000 clients over 3 years), an evaluation with results, and a
melding with beschikking — written with COPY (psycopg `cursor.copy`). This is a throwaway database: the clients'
identifiers are made by `benchmark_bsn` and deliberately FAIL the 11-proef, so none can be a real BSN. Then runs
every KPI query for a one-year period (whole region, one segment, one provider) and prints its time. Nothing is
precomputed: every figure is read from the live tables, so nothing can go stale. `--voorstel-indexen` creates the
indexes proposed in docs/monitoring.md first (they belong in the migrations of declaraties/toewijzingen).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wmoketen.conf.demo")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, models  # noqa: E402
from django.utils import timezone  # noqa: E402
from stdnum.nl import bsn as stdnum_bsn  # noqa: E402

from wmoketen.catalogus.models import Gemeente, Perceel, Product, Profiel, Regio, Segment  # noqa: E402
from wmoketen.clienten.models import Client  # noqa: E402
from wmoketen.contracten.models import Aanbieder, Budgetplafond  # noqa: E402
from wmoketen.declaraties.models import Declaratie, Prestatie  # noqa: E402
from wmoketen.herindicatie.models import Evaluatie, EvaluatieResultaat  # noqa: E402
from wmoketen.monitoring import kpi, selectors  # noqa: E402
from wmoketen.monitoring.filters import Dimensie, Filter  # noqa: E402
from wmoketen.toegang.models import Beschikking, Melding, Ondersteuningsplan, Onderzoeksverslag  # noqa: E402
from wmoketen.toewijzingen.models import Start, Stop, Toewijzing  # noqa: E402

VOORGESTELDE_INDEXEN = [
    # (the covering index on the prestaties of a period is in declaraties/0003_monitoring_kostenindex)
    # assignments running in a period
    "CREATE INDEX IF NOT EXISTS mon_toewijzing_periode ON toewijzingen_toewijzing (ingangsdatum, einddatum)",
    "CREATE INDEX IF NOT EXISTS mon_toewijzing_eind ON toewijzingen_toewijzing (einddatum)",
    "CREATE INDEX IF NOT EXISTS mon_toewijzing_client ON toewijzingen_toewijzing (client_id, ingangsdatum)",
    "CREATE INDEX IF NOT EXISTS mon_evaluatie_gepland ON herindicatie_evaluatie (gepland_op)",
    "CREATE INDEX IF NOT EXISTS mon_beschikking_besluit ON toegang_beschikking (besluitdatum)",
]

NU = timezone.make_aware(datetime(2025, 1, 1, 12))


def _standaard(veld: models.Field) -> Any:  # type: ignore[type-arg]
    if veld.has_default():
        d = veld.get_default()
        return NU if isinstance(d, datetime) else d
    if veld.null:
        return None
    if isinstance(veld, models.BooleanField):
        return False
    if isinstance(veld, models.DateTimeField):
        return NU
    if isinstance(veld, (models.CharField, models.TextField)):
        return ""
    raise ValueError(f"geen standaard voor {veld}")


def kopieer(model: type[models.Model], velden: Sequence[str], rijen: Iterable[Sequence[Any]], start_id: int) -> int:
    """COPY rows into the model's table with explicit ids from `start_id`; other fields get their default."""
    import json

    alle = [f for f in model._meta.concrete_fields if not f.primary_key and not f.generated]  # the DB fills those
    opgegeven = {naam: i for i, naam in enumerate(velden)}
    kolommen = ["id"] + [f.column for f in alle]
    # per column: (index in the row or None, default, is JSON), worked out once instead of per row
    plan = [
        (
            opgegeven.get(f.name, opgegeven.get(f.attname)),
            None if f.name in opgegeven or f.attname in opgegeven else _standaard(f),
            isinstance(f, models.JSONField),
        )
        for f in alle
    ]
    n = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {model._meta.db_table} ({', '.join(kolommen)}) FROM STDIN") as copy:
            for i, rij in enumerate(rijen):
                waarden: list[Any] = [start_id + i]
                for idx, std, is_json in plan:
                    w = rij[idx] if idx is not None else std
                    waarden.append(json.dumps(w) if is_json else w)
                copy.write_row(waarden)
                n += 1
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{model._meta.db_table}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 1) FROM {model._meta.db_table}))"
        )
    return n


def benchmark_bsn(i: int) -> str:
    """The identifier of benchmark client `i`: "8" + i in 7 digits + a last digit chosen so that the number
    FAILS the 11-proef. Such a number can never be a real BSN (and is not in the 9999 test range, which holds
    only ~9,090 valid numbers — too few for 100,000 unique clients). The monitoring KPIs never validate or show a
    BSN, so these identifiers only keep `Client.bsn` unique in this throwaway benchmark database."""
    romp = f"8{i:07d}"
    if len(romp) != 8:
        raise ValueError("te veel benchmarkcliënten voor 8 cijfers")
    for laatste in "0123456789":
        kandidaat = romp + laatste
        if not stdnum_bsn.is_valid(kandidaat):
            return kandidaat
    raise AssertionError("onbereikbaar: hoogstens één laatste cijfer haalt de 11-proef")


def maand_plus(d: date, n: int) -> date:
    t = d.year * 12 + d.month - 1 + n
    return date(t // 12, t % 12 + 1, 1)


def maand_einde(d: date) -> date:
    return maand_plus(d, 1) - timedelta(days=1)


def genereer(aantal_clienten: int, jaren: int) -> None:
    rng = random.Random(7)
    begin = date(2025 - jaren, 1, 1)
    t0 = time.perf_counter()
    regio = Regio.objects.create(code="bench", naam="Benchmarkregio", geldig_van=begin)
    gemeenten = [Gemeente.objects.get_or_create(cbs_code=f"9{i:03d}", defaults={"naam": f"Gemeente {i}"})[0]
                 for i in range(5)]  # fmt: skip
    regio.gemeenten.set(gemeenten)
    segmenten, producten = [], []
    for s in range(3):
        seg = Segment.objects.create(regio=regio, code=f"S{s}", naam=f"Segment {s}")
        segmenten.append(seg)
        perceel = Perceel.objects.create(segment=seg, code=f"P{s}", naam=f"Perceel {s}")
        for p in range(2):
            prof = Profiel.objects.create(regio=regio, code=f"PR{s}{p}", naam=f"Profiel {s}{p}", categorie="1",
                                          intensiteit=str(p))  # fmt: skip
            producten.append(Product.objects.create(regio=regio, perceel=perceel, productcode=f"B{s}{p}00",
                                                    categorie="02", naam=f"Product {s}{p}", profiel=prof))  # fmt: skip
    aanbieders = [Aanbieder.objects.create(agb_code=f"77{i:06d}", naam=f"Benchaanbieder {i:02d}") for i in range(24)]
    per_segment = {s.pk: aanbieders[i * 8 : (i + 1) * 8] for i, s in enumerate(segmenten)}
    factor = {a.pk: (1.8 if i % 8 == 7 else 1.0 + (i % 8) * 0.04) for i, a in enumerate(aanbieders)}
    for s in segmenten:
        for a in per_segment[s.pk]:
            for j in range(jaren):
                Budgetplafond.objects.create(aanbieder=a, segment=s, jaar=begin.year + j, bedrag_cent=900_000_000)

    clients = [(benchmark_bsn(i), date(1940 + i % 60, 1 + i % 12, 1 + i % 28), f"Bench{i}", gemeenten[i % 5].pk)
               for i in range(aantal_clienten)]  # fmt: skip
    kopieer(Client, ["bsn", "geboortedatum", "achternaam", "gemeente_id"], clients, 1_000_000)
    print(f"  {len(clients):>9} cliënten", flush=True)

    toew, starts, stops, prest, decl, evals, resultaten = [], [], [], [], {}, [], []
    meldingen: list[tuple[int, int, date, date]] = []
    laatste_maand = maand_plus(begin, jaren * 12 - 1)
    tid, pid, sid = 2_000_000, 10_000_000, 2_000_000
    for ci in range(aantal_clienten):
        client_id = 1_000_000 + ci
        gem = gemeenten[ci % 5]
        n_toew = 1 if rng.random() < 0.6 else 2
        ingang = maand_plus(begin, rng.randint(-6, jaren * 12 - 2))
        for k in range(n_toew):
            product = producten[rng.randrange(len(producten))]
            aanbieder = rng.choice(per_segment[product.perceel.segment_id])
            duur = rng.randint(3, 24)
            eind_maand = maand_plus(ingang, duur - 1)
            einde = maand_einde(eind_maand) if eind_maand <= laatste_maand or rng.random() < 0.5 else None
            tid += 1
            reden = "09" if k == 0 and n_toew == 2 and rng.random() < 0.2 else ""
            gemaakt = timezone.make_aware(datetime.combine(ingang - timedelta(days=rng.randint(0, 14)),
                                                           datetime.min.time()))  # fmt: skip
            toew.append((tid, client_id, aanbieder.pk, product.pk, ingang, einde, rng.randint(2, 8), reden, gemaakt))
            if rng.random() < 0.92:
                sid += 1
                sb = ingang + timedelta(days=int(rng.expovariate(1 / 9)))
                starts.append((sid, client_id, aanbieder.pk, gem.cbs_code, tid, tid, sb, sb))
                if einde is not None:
                    stops.append((sid, rng.choice(["19", "19", "19", "21", "22", "38"]), einde, einde))
            m = max(ingang, begin)
            while m <= laatste_maand and (einde is None or m <= einde):
                sleutel = (aanbieder.pk, gem.pk, m)
                if sleutel not in decl:
                    decl[sleutel] = 5_000_000 + len(decl)
                # one line per half month (ProductPeriode 1-15 and 16-end), as providers that declare
                # per delivery period do: about two million lines and more
                for pb, pe in ((m, m + timedelta(days=14)), (m + timedelta(days=15), maand_einde(m))):
                    pid += 1
                    bedrag = int(45_000 * factor[aanbieder.pk] * rng.uniform(0.5, 1.5))
                    afgewezen = rng.random() < 0.03
                    prest.append((decl[sleutel], aanbieder.pk, client_id, tid, f"R{pid}", tid, pb, pe, bedrag,
                                  "afgewezen" if afgewezen else "goedgekeurd",
                                  [rng.choice(["9321", "9308", "0611", "9346"])] if afgewezen else [],
                                  0 if afgewezen else bedrag, product.productcode))  # fmt: skip
                m = maand_plus(m, 1)
            gepland = ingang + timedelta(days=90)
            if gepland <= laatste_maand:
                vast = gepland + timedelta(days=rng.randint(0, 60))
                evals.append((tid, gepland, vast))
            if einde is None:
                break
            ingang = maand_plus(einde, 1)
        melddatum = maand_plus(begin, rng.randint(0, jaren * 12 - 1)) + timedelta(days=rng.randint(0, 27))
        meldingen.append((client_id, regio.pk, melddatum, melddatum + timedelta(days=rng.randint(10, 40))))
    print(f"  rijen opgebouwd in {time.perf_counter() - t0:.1f} s", flush=True)

    kopieer(Toewijzing, ["toewijzing_nummer", "client_id", "aanbieder_id", "product_id", "ingangsdatum", "einddatum",
                         "volume", "reden_wijziging", "aangemaakt_op"], toew, 2_000_001)  # fmt: skip
    kopieer(Start, ["client_id", "aanbieder_id", "gemeente_code", "toewijzing_id", "toewijzing_nummer", "begindatum",
                    "ontvangen_op"], [s[1:] for s in starts], 2_000_001)  # fmt: skip
    start_ids = {s[0]: s[0] for s in starts}
    kopieer(Stop, ["start_id", "reden_beeindiging", "einddatum", "ontvangen_op"],
            [(start_ids[s[0]], *s[1:]) for s in stops], 1_000_000)  # fmt: skip
    print(f"  {len(toew):>9} toewijzingen, {len(starts)} starts, {len(stops)} stops", flush=True)
    decl_rijen = [(f"B{i}", a, g, m, maand_einde(m), maand_einde(m), f"B{i}", 0, maand_einde(m),
                   maand_einde(m) + timedelta(days=14), "beantwoord") for (a, g, m), i in decl.items()]  # fmt: skip
    kopieer(Declaratie, ["declaratie_nummer", "aanbieder_id", "gemeente_id", "periode_begin", "periode_eind",
                         "dagtekening", "bericht_identificatie", "totaal_ingediend_cent", "ontvangen_op",
                         "antwoord_uiterlijk", "status"], decl_rijen, 5_000_000)  # fmt: skip
    t1 = time.perf_counter()
    kopieer(Prestatie, ["declaratie_id", "aanbieder_id", "client_id", "toewijzing_id", "referentie_nummer",
                        "toewijzing_nummer", "begindatum", "einddatum", "ingediend_bedrag_cent", "status",
                        "retour_codes", "toegekend_cent", "product_code", "volgnummer", "product_categorie",
                        "geleverd_volume", "eenheid", "debet_credit"],
            ((*r, 1, "02", 1, "04", "D") for r in prest), 10_000_000)  # fmt: skip
    print(f"  {len(prest):>9} prestaties in {time.perf_counter() - t1:.1f} s", flush=True)
    kopieer(Evaluatie, ["toewijzing_id", "soort", "gepland_op", "status", "vastgesteld_op"],
            [(t, "tussen", g, "vastgesteld", v) for t, g, v in evals], 1_000_000)  # fmt: skip
    oordelen = ["behaald", "behaald", "deels", "niet"]
    from wmoketen.catalogus.models import Leefgebied

    lg = list(Leefgebied.objects.order_by("volgorde").values_list("pk", flat=True))
    for i in range(len(evals)):
        for j in range(2):
            resultaten.append((1_000_000 + i, f"R{j}", lg[(i + j) % len(lg)], "r", oordelen[(i * 7 + j) % 4]))
    kopieer(EvaluatieResultaat, ["evaluatie_id", "resultaat_code", "leefgebied_id", "omschrijving", "oordeel"],
            resultaten, 1_000_000)  # fmt: skip
    print(f"  {len(evals):>9} evaluaties, {len(resultaten)} resultaten", flush=True)
    kopieer(Melding, ["client_id", "regio_id", "melddatum", "aanvraag_op", "fase"],
            [(c, r, m, m + timedelta(days=20), "beschikt") for c, r, m, _ in meldingen], 1_000_000)  # fmt: skip
    kopieer(Onderzoeksverslag, ["melding_id", "gespreksdatum", "bevindingen"],
            [(1_000_000 + i, m[2], "-") for i, m in enumerate(meldingen)], 1_000_000)  # fmt: skip
    kopieer(Ondersteuningsplan, ["melding_id", "reden", "aanbieder_id", "termijn_maanden", "perspectief",
                                 "score_veiligheid", "score_balans", "score_afstand", "score_zelfredzaamheid",
                                 "score_medewerking", "uitkomst_punten", "uitkomst_categorie", "uitkomst_intensiteit",
                                 "oordeel_categorie", "oordeel_intensiteit"],
            [(1_000_000 + i, "nieuw", aanbieders[i % 24].pk, 12, "groei", "A", "A", "A", "A", "A", 5, "1", "basis",
              "1", "basis") for i in range(len(meldingen))], 1_000_000)  # fmt: skip
    kopieer(Beschikking, ["melding_id", "plan_id", "verslag_id", "besluitdatum", "ingangsdatum", "einddatum"],
            [(1_000_000 + i, 1_000_000 + i, 1_000_000 + i, b, b, b + timedelta(days=365))
             for i, (_, _, _, b) in enumerate(meldingen)], 1_000_000)  # fmt: skip
    print(f"  {len(meldingen):>9} meldingen met beschikking", flush=True)
    with connection.cursor() as c:
        # what autovacuum does on a live database: statistics, and the visibility map for index-only scans
        c.execute("VACUUM ANALYZE")
    print(f"generatie klaar in {time.perf_counter() - t0:.1f} s", flush=True)


def meet(naam: str, functie: Callable[[], Any]) -> float:
    t = time.perf_counter()
    resultaat = functie()
    duur = time.perf_counter() - t
    rijen = (
        len(resultaat.rijen)
        if hasattr(resultaat, "rijen")
        else (len(resultaat) if hasattr(resultaat, "__len__") else "")
    )
    teken = "OK " if duur < 1 else "TRAAG"
    print(f"  {teken} {duur * 1000:8.0f} ms  {naam} ({rijen} rijen)", flush=True)
    return duur


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--clients", type=int, default=100_000)
    p.add_argument("--jaren", type=int, default=3)
    p.add_argument("--opnieuw", action="store_true")
    p.add_argument("--voorstel-indexen", action="store_true")
    args = p.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Zet DATABASE_URL op een PostgreSQL-database.")
    call_command("migrate", verbosity=0)
    if args.opnieuw:
        call_command("flush", interactive=False, verbosity=0)
    if not Regio.objects.filter(code="bench").exists():
        print(f"Genereren: {args.clients} cliënten, {args.jaren} jaar", flush=True)
        genereer(args.clients, args.jaren)
    if args.voorstel_indexen:
        t = time.perf_counter()
        with connection.cursor() as c:
            for sql in VOORGESTELDE_INDEXEN:
                c.execute(sql)
            c.execute("ANALYZE")
        print(f"voorgestelde indexen aangelegd in {time.perf_counter() - t:.1f} s")
    print(f"prestaties: {Prestatie.objects.count()}, toewijzingen: {Toewijzing.objects.count()}")
    regio = Regio.objects.get(code="bench")
    f = Filter(van=date(2024, 1, 1), tot=date(2024, 12, 31), regio_id=regio.pk)
    peil = date(2025, 1, 15)
    segment = Segment.objects.filter(regio=regio).order_by("code").first()
    assert segment is not None
    aanbieder = Aanbieder.objects.filter(naam="Benchaanbieder 07").get()
    tijden: list[float] = []
    for label, flt in (("regio", f), ("segment", f.met(segment_id=segment.pk)),
                       ("aanbieder", f.met(aanbieder_id=aanbieder.pk))):  # fmt: skip
        print(f"Dashboard, filter {label}, per aanbieder, 2024:")
        for code, functie in selectors.TABELLEN.items():
            tijden.append(meet(code, lambda functie=functie, flt=flt: functie(flt, Dimensie.AANBIEDER, peil)))
        tijden.append(meet("trend cliënten per maand", lambda flt=flt: selectors.trend_clienten(flt)))
        tijden.append(meet("kosten per maand", lambda flt=flt: kpi.kosten_per_maand(flt)))
    print("Benchmark per segment:")
    for s in Segment.objects.filter(regio=regio).order_by("code"):
        tijden.append(meet(f"benchmark {s.code}", lambda s=s: selectors.benchmark(f, s).rijen))
    print("Rapport accountgesprek (alle onderdelen samen):")
    tijden.append(meet(f"rapport {aanbieder.naam}", lambda: selectors.rapport(aanbieder, f, peil).onderdelen))
    queries = tijden[:-1]
    print(f"Langste query: {max(queries) * 1000:.0f} ms; onder 1 s: {sum(t < 1 for t in queries)}/{len(queries)}")


if __name__ == "__main__":
    main()
