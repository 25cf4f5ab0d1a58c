"""Figures for `controleer_prestatie`, the settlement engine's check of one prestatie (prints; not a test).

The intake of a 323 runs the check once per debet prestatie. This builds ~30,000 prestaties with their contexts the
way the intake does (one `Toewijzingsfeiten` per assignment, the tariff list copied per assignment, the earlier
approved prestaties of the assignment as a fresh tuple per check) for 20,000 assignments in 2025:

* p x q per week (frequentie '2', eenheid '04', 2-6 hours a week), start dates spread over a year, 15% open-ended;
* a total volume for the assignment (frequentie '6', 400 hours);
* an amount product (eenheid '83', budget model, an amount per month and a budget).

March for every assignment, April for 45% (March then approved earlier); the assignments that ran before March
also carry their earlier approved months. ~3% of the prestaties carry an error (amount, tariff, volume over the
maximum, a period across two months or before the start), the rest is approved: the common path.

Measured: µs per call, the best of 9 passes over all prestaties (results dropped; the passes alternate between
the implementations, so a busy machine slows both alike) and a first pass that keeps the results, as the intake
does. With a git revision in BENCH_BASIS (default 90cc269, the commit before the speed-up) the engine modules of
that revision are loaded side by side from git and measured on the same inputs, and every finding (rule, message,
retourcode, blocking) is compared: any difference stops the script.

  .venv/bin/python benchmarks/bench_controle.py
  BENCH_BASIS= .venv/bin/python benchmarks/bench_controle.py   (current code only)
  BENCH_PROFIEL=1 ...                                          (cProfile of one pass over the current code)
"""

from __future__ import annotations

import cProfile
import gc
import importlib
import os
import pstats
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

BASIS = os.environ.get("BENCH_BASIS", "90cc269")
PROFIEL = os.environ.get("BENCH_PROFIEL", "") == "1"
TOEWIJZINGEN = int(os.environ.get("BENCH_TOEWIJZINGEN", "20000"))
RONDES = 9
MODULES = ("perioden", "bedragen", "feiten", "afrekening", "controle")


def modules_van(revisie: str) -> dict[str, ModuleType]:
    """The engine modules of a git revision as a throwaway package (relative imports stay inside it)."""
    pakket = f"declaraties_{revisie.replace('-', '_')}"
    map_ = Path(tempfile.mkdtemp(prefix="bench-controle-")) / pakket
    map_.mkdir()
    (map_ / "__init__.py").write_text("")
    for naam in MODULES:
        bron = subprocess.run(
            ["git", "show", f"{revisie}:src/wmoketen/declaraties/{naam}.py"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        (map_ / f"{naam}.py").write_text(bron)
    sys.path.insert(0, str(map_.parent))
    return {naam: importlib.import_module(f"{pakket}.{naam}") for naam in MODULES}


def huidige_modules() -> dict[str, ModuleType]:
    return {naam: importlib.import_module(f"wmoketen.declaraties.{naam}") for naam in MODULES}


def gevallen(m: dict[str, ModuleType]) -> list[tuple[Any, Any]]:
    """(prestatie, context) pairs built with the classes of module set `m` (same seed: same inputs)."""
    feiten, perioden, controle = m["feiten"], m["perioden"], m["controle"]
    Periode, kalendermaand = perioden.Periode, perioden.kalendermaand
    Prestatie, Controlecontext = controle.Prestatie, controle.Controlecontext
    Toewijzingsfeiten, Tariefregel, Bekostigingsregel = (
        feiten.Toewijzingsfeiten,
        feiten.Tariefregel,
        feiten.Bekostigingsregel,
    )
    rnd = random.Random(20250506)
    tarieven = {
        "pxq": [Tariefregel(date(2024, 1, 1), date(2024, 12, 31), 5890), Tariefregel(date(2025, 1, 1), None, 6050)],
        "totaal": [Tariefregel(date(2024, 1, 1), date(2024, 12, 31), 5890), Tariefregel(date(2025, 1, 1), None, 6050)],
        "bedrag": [Tariefregel(date(2024, 1, 1), None, 1)],
    }
    bekostiging = {
        "pxq": Bekostigingsregel(date(2024, 1, 1), None, "pxq", eenheid="04", frequentie="2"),
        "totaal": Bekostigingsregel(date(2024, 1, 1), None, "pxq", eenheid="04", frequentie="6"),
        "bedrag": Bekostigingsregel(
            date(2024, 1, 1), None, "budget", eenheid="83", frequentie="4", maximum_budget_cent=900_000
        ),
    }
    soorten = ("pxq", "totaal", "bedrag")
    uitkomst = []
    for j in range(TOEWIJZINGEN):
        soort = soorten[0 if j % 9 < 4 else 1 if j % 9 < 8 else 2]
        begin = date(2024, 3, 1) + timedelta(days=rnd.randrange(395))  # up to 30-03-2025
        einde: date | None = None if rnd.random() < 0.15 else begin + timedelta(days=rnd.choice((182, 364, 729)))
        if einde is not None and einde < date(2025, 4, 30):
            einde = date(2025, 4, 30) + timedelta(days=rnd.randrange(240))
        if soort == "pxq":
            t = Toewijzingsfeiten(begin, einde, volume=rnd.choice((2, 3, 4, 6)), eenheid="04", frequentie="2")
        elif soort == "totaal":
            t = Toewijzingsfeiten(begin, einde, volume=400, eenheid="04", frequentie="6")
        else:
            t = Toewijzingsfeiten(
                begin, einde, volume=rnd.choice((40_000, 60_000)), eenheid="83", frequentie="4", budget_cent=800_000
            )
        eerder: list[Any] = []
        for maand in range(1, 3):
            pp = kalendermaand(2025, maand).overlap(Periode(begin, einde or date(2025, 12, 31)))
            if pp is not None:
                eerder.append(_prestatie(Prestatie, soort, t, pp, rnd, fouten=False))
        maanden = (3, 4) if j < TOEWIJZINGEN * 45 // 100 else (3,)
        for maand in maanden:
            pp = kalendermaand(2025, maand).overlap(Periode(begin, einde or date(2025, 12, 31)))
            if pp is None:
                continue
            p = _prestatie(Prestatie, soort, t, pp, rnd, fouten=True, Periode=Periode)
            context = Controlecontext(bekostiging[soort], list(tarieven[soort]), t, tuple(eerder))
            uitkomst.append((p, context))
            eerder.append(p)
    return uitkomst


def _prestatie(Prestatie: Any, soort: str, t: Any, pp: Any, rnd: random.Random, *, fouten: bool, **k: Any) -> Any:
    if soort == "bedrag":
        volume = rnd.randrange(10_000, t.volume)
        p = Prestatie(pp, volume, "83", volume, None)
    else:
        volume = rnd.randrange(1, 9) if soort == "pxq" else rnd.randrange(4, 30)
        p = Prestatie(pp, volume, "04", volume * 6050, 6050)
    if not fouten or rnd.random() >= 0.03:
        return p
    fout = rnd.randrange(5)
    if fout == 0:  # amount off by a cent (TR346 or CS339)
        return Prestatie(pp, p.geleverd_volume, p.eenheid, p.ingediend_bedrag_cent + 1, p.product_tarief_cent)
    if fout == 1:  # old tariff (TR418 + TR346)
        return Prestatie(
            pp, p.geleverd_volume, p.eenheid, p.geleverd_volume * 5890, 5890 if soort != "bedrag" else None
        )
    if fout == 2:  # volume far over the maximum (TR321 / TR322 / TR369)
        groot = p.geleverd_volume * 50
        return Prestatie(pp, groot, p.eenheid, groot if soort == "bedrag" else groot * 6050, p.product_tarief_cent)
    Periode = k["Periode"]
    if fout == 3:  # across two months (CS337)
        return Prestatie(Periode(pp.van, pp.tot + timedelta(days=3)), *_rest(p))
    return Prestatie(Periode(t.ingangsdatum - timedelta(days=2), pp.tot), *_rest(p))  # before the start (TR307)


def _rest(p: Any) -> tuple[Any, ...]:
    return (p.geleverd_volume, p.eenheid, p.ingediend_bedrag_cent, p.product_tarief_cent)


def eerste_ronde(controleer: Callable[[Any, Any], Any], paren: list[tuple[Any, Any]]) -> tuple[float, list[Any]]:
    """µs per call over one pass that keeps the results (as the intake keeps them per prestatie)."""
    gc.collect()
    t0 = time.perf_counter()
    resultaten = [controleer(p, c) for p, c in paren]
    return (time.perf_counter() - t0) / len(paren) * 1e6, resultaten


def ronde(controleer: Callable[[Any, Any], Any], paren: list[tuple[Any, Any]]) -> float:
    """µs per call over one pass that drops the results."""
    gc.collect()
    t0 = time.perf_counter()
    for p, c in paren:
        controleer(p, c)
    return (time.perf_counter() - t0) / len(paren) * 1e6


def als_tekst(resultaat: Any) -> tuple[tuple[str, str, str | None, bool], ...]:
    return tuple((b.regel, b.melding, b.retourcode, b.blokkerend) for b in resultaat.bevindingen)


def main() -> None:
    huidig = huidige_modules()
    paren = gevallen(huidig)
    nieuw_controleer = huidig["controle"].controleer_prestatie
    goed = sum(1 for p, c in paren if nieuw_controleer(p, c).goedgekeurd)
    verschillend = len({c.toewijzing for _, c in paren})
    print(
        f"{len(paren):,} prestaties ({goed:,} goedgekeurd) over {TOEWIJZINGEN:,} toewijzingen,"
        f" {verschillend:,} verschillende Toewijzingsfeiten; Python {sys.version.split()[0]}"
    )
    te_meten = [("na (werkmap)", nieuw_controleer, paren)]
    if BASIS:
        basis = modules_van(BASIS)
        te_meten.insert(0, (f"voor ({BASIS})", basis["controle"].controleer_prestatie, gevallen(basis)))
    # rounds alternate between the implementations, so a busy machine slows both alike; the best round counts
    eerste: dict[str, float] = {}
    uitkomsten: dict[str, list[Any]] = {}
    beste: dict[str, float] = {}
    for naam, controleer, invoer in te_meten:
        eerste[naam], uitkomsten[naam] = eerste_ronde(controleer, invoer)
    for _ in range(RONDES):
        for naam, controleer, invoer in te_meten:
            beste[naam] = min(beste.get(naam, float("inf")), ronde(controleer, invoer))
    for naam, _, _ in te_meten:
        print(f"{naam}: {beste[naam]:.2f} µs/aanroep (beste van {RONDES}), eerste ronde {eerste[naam]:.2f} µs/aanroep")
    if BASIS:
        oud, nieuw = (uitkomsten[naam] for naam, _, _ in te_meten)
        verschil = [i for i, (a, b) in enumerate(zip(oud, nieuw, strict=True)) if als_tekst(a) != als_tekst(b)]
        if verschil:
            i = verschil[0]
            raise SystemExit(f"{len(verschil)} verschillen, eerste #{i}: {als_tekst(oud[i])} != {als_tekst(nieuw[i])}")
        (v, _, _), (n, _, _) = te_meten
        print(
            f"versnelling {beste[v] / beste[n]:.1f}x (eerste ronde {eerste[v] / eerste[n]:.1f}x);"
            f" alle {len(paren):,} uitkomsten gelijk (regel, melding, retourcode, blokkerend)"
        )
    if PROFIEL:
        profiel = cProfile.Profile()
        profiel.enable()
        for p, c in paren:
            nieuw_controleer(p, c)
        profiel.disable()
        pstats.Stats(profiel).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
