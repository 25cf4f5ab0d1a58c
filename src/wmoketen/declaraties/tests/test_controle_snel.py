"""The fast check of a prestatie gives exactly what the straightforward version gave.

`controleer_prestatie` and the limits it calls were rewritten for speed (the intake runs them per prestatie). The
straightforward versions are kept here as references (the code as it was before the rewrite) and compared over
grids of inputs: same findings (rule, text, retourcode, blocking) in the same order, same numbers, and the same
exception with the same message where the reference raised one.
"""

import calendar
import itertools
import random
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import pytest

from wmoketen.core.money import format_euro
from wmoketen.declaraties.afrekening import OUTPUT_EENHEDEN, max_volume_in_periode, max_volume_totaal
from wmoketen.declaraties.bedragen import deel_half_op, minuten_bedrag, minuuttarief
from wmoketen.declaraties.controle import Bevinding, Controlecontext, Prestatie, controleer_prestatie
from wmoketen.declaraties.feiten import (
    Afrekenregels,
    Bekostigingsregel,
    Tariefregel,
    Toewijzingsfeiten,
    _geen_tarief_tekst,
    tarief_op,
)
from wmoketen.declaraties.fouten import Afrekenfout, GeenTarief
from wmoketen.declaraties.perioden import (
    Periode,
    aantal_kalendermaanden,
    is_een_kalendermaand,
    iso_weken,
    iso_weken_tussen,
    kalendermaand,
    kalendermaanden,
)

D = date

# --- the references: the code before the rewrite -----------------------------------------------------------


def ref_iso_weken(periode: Periode) -> int:
    maandag_van = periode.van - timedelta(days=periode.van.weekday())
    maandag_tot = periode.tot - timedelta(days=periode.tot.weekday())
    return (maandag_tot - maandag_van).days // 7 + 1


def ref_zondagen(periode: Periode) -> int:
    eerste_zondag = periode.van + timedelta(days=(6 - periode.van.weekday()) % 7)
    if eerste_zondag > periode.tot:
        return 0
    return (periode.tot - eerste_zondag).days // 7 + 1


def ref_kalendermaanden(bereik: Periode) -> list[Periode]:
    maanden = []
    jaar, maand = bereik.van.year, bereik.van.month
    while date(jaar, maand, 1) <= bereik.tot:
        maanden.append(Periode(date(jaar, maand, 1), date(jaar, maand, calendar.monthrange(jaar, maand)[1])))
        jaar, maand = (jaar + 1, 1) if maand == 12 else (jaar, maand + 1)
    return maanden


def ref_output_weken(toewijzing: Toewijzingsfeiten, binnen: Periode) -> int:
    weken = ref_zondagen(binnen)
    einde = toewijzing.einddatum
    if einde is None or einde.weekday() == 6:
        return weken
    laatste_zondag = einde - timedelta(days=einde.weekday() + 1)
    anker = laatste_zondag if laatste_zondag >= toewijzing.ingangsdatum else einde
    return weken + (1 if binnen.bevat(anker) else 0)


def ref_max_volume_in_periode(toewijzing: Toewijzingsfeiten, productperiode: Periode) -> int | None:
    if toewijzing.volume is None:
        return None
    binnen = productperiode.overlap(Periode(toewijzing.ingangsdatum, toewijzing.einddatum or productperiode.tot))
    if binnen is None:
        return 0
    volume = toewijzing.volume
    frequentie = toewijzing.frequentie
    if frequentie == "2":
        if toewijzing.eenheid in OUTPUT_EENHEDEN:
            return ref_output_weken(toewijzing, binnen) * volume
        if toewijzing.productcategorie == "01":
            return 6 * volume
        return ref_iso_weken(binnen) * volume
    if frequentie == "4":
        return volume
    if frequentie == "1":
        return binnen.dagen * volume
    return None


def ref_max_volume_totaal(toewijzing: Toewijzingsfeiten, horizon: date | None = None) -> int | None:
    if toewijzing.volume is None:
        return None
    looptijd = toewijzing.looptijd(horizon)
    volume = toewijzing.volume
    if toewijzing.frequentie == "2":
        if toewijzing.eenheid in OUTPUT_EENHEDEN:
            return (ref_zondagen(looptijd) + (0 if looptijd.tot.weekday() == 6 else 1)) * volume
        return ref_iso_weken(looptijd) * volume
    if toewijzing.frequentie == "4":
        return len(ref_kalendermaanden(looptijd)) * volume
    if toewijzing.frequentie == "1":
        return looptijd.dagen * volume
    return volume


def ref_tarief_op(tarieven: Sequence[Tariefregel], dag: date) -> Tariefregel:
    for tarief in tarieven:
        if tarief.geldig_op(dag):
            return tarief
    raise GeenTarief(_geen_tarief_tekst(tarieven, dag))


def ref_controleer(prestatie: Prestatie, context: Controlecontext) -> tuple[Bevinding, ...]:
    toewijzing = context.toewijzing
    regels = context.bekostiging.afrekenregels or Afrekenregels()
    bevindingen: list[Bevinding] = []
    pp = prestatie.productperiode
    if (pp.van.year, pp.van.month) != (pp.tot.year, pp.tot.month):
        bevindingen.append(Bevinding("CS337", f"De productperiode {pp} valt niet binnen één kalendermaand.", "0001"))
    if pp.van < toewijzing.ingangsdatum:
        bevindingen.append(
            Bevinding(
                "TR307", f"De productperiode begint voor de ingangsdatum {toewijzing.ingangsdatum:%d-%m-%Y}.", "9307"
            )
        )
    if toewijzing.einddatum is not None and pp.tot > toewijzing.einddatum:
        bevindingen.append(
            Bevinding("TR308", f"De productperiode eindigt na de einddatum {toewijzing.einddatum:%d-%m-%Y}.", "9308")
        )
    eenheid_past = prestatie.eenheid == toewijzing.eenheid or (prestatie.eenheid == "01" and toewijzing.eenheid == "04")
    if toewijzing.eenheid and not eenheid_past:
        bevindingen.append(
            Bevinding(
                "TR341", f"Eenheid {prestatie.eenheid} past niet bij de toewijzing ({toewijzing.eenheid}).", "9341"
            )
        )
    if bevindingen:
        return tuple(bevindingen)
    bevindingen += ref_bedrag_en_tarief(prestatie, context)
    bevindingen += ref_volume(prestatie, context)
    bevindingen += ref_budget(prestatie, context)
    bevindingen += ref_maandaanspraak(prestatie, context)
    if regels.factuur_pas_na_startbericht and toewijzing.startbericht_ontvangen is False:
        bevindingen.append(
            Bevinding(
                "REGIO-START",
                "Regionale afspraak: declareren pas na een startbericht; dat ontbreekt. Let op: iWmo OP364 "
                "verbiedt afkeuren hierop, deze afwijking staat bewust aan.",
            )
        )
    return tuple(bevindingen)


def ref_bedrag_en_tarief(prestatie: Prestatie, context: Controlecontext) -> list[Bevinding]:
    bevindingen = []
    if prestatie.eenheid == "83":
        if prestatie.ingediend_bedrag_cent != prestatie.geleverd_volume:
            bevindingen.append(
                Bevinding(
                    "CS339", "Bij eenheid euro's is het ingediende bedrag gelijk aan het volume in centen.", "0001"
                )
            )
        return bevindingen
    contract = ref_tarief_op(context.tarieven, prestatie.productperiode.van).bedrag_cent
    in_minuten = prestatie.eenheid == "01" and context.toewijzing.eenheid == "04"
    toegestaan = {contract, deel_half_op(contract, 60)} if in_minuten else {contract}
    if prestatie.product_tarief_cent not in toegestaan:
        bevindingen.append(
            Bevinding(
                "TR418",
                f"Het tarief {format_euro(prestatie.product_tarief_cent)} wijkt af van het contracttarief "
                f"{format_euro(contract)}.",
                "0611",
            )
        )
    if in_minuten:
        verwacht = deel_half_op(contract * prestatie.geleverd_volume, 60)
    else:  # TR346: volume x the declared ProductTarief (a tariff other than the contract's is TR418's finding)
        verwacht = prestatie.geleverd_volume * (prestatie.product_tarief_cent or 0)
    if prestatie.ingediend_bedrag_cent != verwacht:
        uitleg = " (uurtarief x minuten / 60, afgerond op centen; IV081)" if in_minuten else ""
        bevindingen.append(
            Bevinding(
                "TR346",
                f"Ingediend {format_euro(prestatie.ingediend_bedrag_cent)}, verwacht {format_euro(verwacht)}{uitleg}.",
                "9346",
            )
        )
    return bevindingen


def ref_volume(prestatie: Prestatie, context: Controlecontext) -> list[Bevinding]:
    toewijzing = context.toewijzing
    if toewijzing.volume is None:
        return []
    factor = 60 if prestatie.eenheid == "01" and toewijzing.eenheid == "04" else 1
    volume = prestatie.geleverd_volume
    bevindingen = []
    maximum = ref_max_volume_in_periode(toewijzing, prestatie.productperiode)
    if maximum is not None and volume > maximum * factor:
        bevindingen.append(
            Bevinding(
                "TR321",
                f"Volume {volume} is meer dan het maximum {maximum * factor} voor deze productperiode (IV077).",
                "9321",
            )
        )
    totaal = ref_max_volume_totaal(toewijzing, prestatie.productperiode.tot)
    if totaal is not None:
        eerder = sum(p.geleverd_volume for p in context.eerder_goedgekeurd)
        if eerder + volume > totaal * factor:
            bevindingen.append(
                Bevinding(
                    "TR322",
                    f"Samen met eerder goedgekeurd ({eerder}) komt het volume boven het toegewezen totaal "
                    f"{totaal * factor}.",
                    "9322",
                )
            )
    return bevindingen


def ref_budget(prestatie: Prestatie, context: Controlecontext) -> list[Bevinding]:
    budgetten = [b for b in (context.bekostiging.maximum_budget_cent, context.toewijzing.budget_cent) if b is not None]
    if not budgetten:
        return []
    budget = min(budgetten)
    eerder = sum(p.ingediend_bedrag_cent for p in context.eerder_goedgekeurd)
    if eerder + prestatie.ingediend_bedrag_cent > budget:
        return [
            Bevinding(
                "TR369",
                f"Samen met eerder goedgekeurd ({format_euro(eerder)}) past "
                f"{format_euro(prestatie.ingediend_bedrag_cent)} "
                f"niet binnen het budget van {format_euro(budget)}.",
                "9369",
            )
        ]
    return []


def ref_maandaanspraak(prestatie: Prestatie, context: Controlecontext) -> list[Bevinding]:
    if context.maandaanspraak_cent is None:
        return []
    label = f"{prestatie.productperiode.van:%Y-%m}"
    aanspraak = context.maandaanspraak_cent.get(label, 0)
    eerder = sum(
        p.ingediend_bedrag_cent for p in context.eerder_goedgekeurd if f"{p.productperiode.van:%Y-%m}" == label
    )
    if eerder + prestatie.ingediend_bedrag_cent > aanspraak:
        return [
            Bevinding(
                "TR321",
                f"Voor {label} is de aanspraak volgens de afrekenregel {format_euro(aanspraak)}; "
                f"eerder goedgekeurd {format_euro(eerder)}, nu {format_euro(prestatie.ingediend_bedrag_cent)}.",
                "9321",
            )
        ]
    return []


def uitkomst(functie: Callable[..., Any], *args: Any) -> tuple[str, Any]:
    """('ok', value) or ('fout', exception type, message): so a raised exception is compared too."""
    try:
        return ("ok", functie(*args))
    except (ValueError, TypeError, Afrekenfout) as fout:
        return ("fout", (type(fout), str(fout)))


# --- grids ---------------------------------------------------------------------------------------------------

# Start and end dates around month, year and week boundaries (Sundays, Mondays, leap days) plus open ends.
BEGINS = [D(2024, 2, 29), D(2024, 12, 30), D(2025, 1, 1), D(2025, 3, 9), D(2025, 3, 10), D(2025, 3, 31)]
EINDES = [None, D(2024, 1, 15), D(2025, 3, 16), D(2025, 3, 20), D(2025, 4, 30), D(2025, 12, 28), D(2026, 1, 4)]
FEITEN_SOORTEN = [
    # (volume, eenheid, frequentie, productcategorie)
    (None, "04", "2", "02"),
    (3, "04", "2", "02"),
    (2, "04", "2", "01"),
    (5, "82", "2", "02"),
    (30000, "83", "2", "10"),
    (7, "14", "4", "02"),
    (40000, "83", "4", "10"),
    (1, "16", "1", "05"),
    (400, "04", "6", "02"),
    (9, "04", "", "02"),
]
PERIODEN = [
    Periode(van, van + timedelta(days=lengte))
    for van in (D(2024, 12, 28), D(2025, 2, 24), D(2025, 3, 1), D(2025, 3, 12), D(2025, 3, 17), D(2025, 12, 29))
    for lengte in (0, 3, 6, 13, 27, 45)
]


def alle_feiten() -> list[Toewijzingsfeiten]:
    return [
        Toewijzingsfeiten(begin, eind, volume=v, eenheid=e, frequentie=f, productcategorie=c)
        for begin, eind, (v, e, f, c) in itertools.product(BEGINS, EINDES, FEITEN_SOORTEN)
    ]


def test_max_volume_in_periode_gelijk_aan_de_referentie():
    vergeleken = verschillend = 0
    for feiten, periode in itertools.product(alle_feiten(), PERIODEN):
        verwacht = uitkomst(ref_max_volume_in_periode, feiten, periode)
        assert uitkomst(max_volume_in_periode, feiten, periode) == verwacht, (feiten, periode)
        vergeleken += 1
        verschillend += verwacht[0] == "ok" and verwacht[1] not in (None, 0)
    assert vergeleken == len(BEGINS) * len(EINDES) * len(FEITEN_SOORTEN) * len(PERIODEN)
    assert verschillend > vergeleken // 4  # the grid reaches real maxima, not only None/0


def test_max_volume_totaal_gelijk_aan_de_referentie():
    fouten = 0
    for feiten, horizon in itertools.product(alle_feiten(), [None, D(2024, 6, 30), D(2025, 3, 31), D(2026, 2, 1)]):
        verwacht = uitkomst(ref_max_volume_totaal, feiten, horizon)
        assert uitkomst(max_volume_totaal, feiten, horizon) == verwacht, (feiten, horizon)
        fouten += verwacht[0] == "fout"
    assert fouten > 0  # open end without horizon, or an end before the start: the same ValueError


def test_max_volume_in_periode_voorbeelden():
    weken = Toewijzingsfeiten(D(2025, 10, 7), D(2025, 12, 30), volume=3, eenheid="04", frequentie="2")
    assert max_volume_in_periode(weken, Periode(D(2025, 10, 7), D(2025, 10, 31))) == 12  # weeks 41-44
    assert max_volume_in_periode(weken, kalendermaand(2025, 12)) == 15  # weeks 49-1, cut at 30-12
    assert max_volume_in_periode(weken, kalendermaand(2025, 9)) == 0  # before the assignment
    assert max_volume_totaal(weken) == 39  # weeks 41..1
    maand = Toewijzingsfeiten(D(2025, 1, 15), D(2025, 12, 31), volume=10, eenheid="14", frequentie="4")
    assert max_volume_totaal(maand) == 120
    open_einde = Toewijzingsfeiten(D(2025, 1, 15), None, volume=10, eenheid="14", frequentie="4")
    with pytest.raises(ValueError, match="peildatum"):
        max_volume_totaal(open_einde)
    with pytest.raises(ValueError, match="voor het begin"):
        max_volume_in_periode(open_einde, kalendermaand(2024, 12))  # as before: the open end is cut at the period


def test_laatste_jaar_van_de_kalender_zoals_voorheen():
    # kalendermaanden raises when a range ends in December 9999; the count per month keeps that behaviour.
    feiten = Toewijzingsfeiten(D(9999, 1, 1), D(9999, 12, 31), volume=1, eenheid="14", frequentie="4")
    assert uitkomst(max_volume_totaal, feiten) == uitkomst(ref_max_volume_totaal, feiten)
    assert uitkomst(max_volume_totaal, feiten)[0] == "fout"
    november = Toewijzingsfeiten(D(9999, 1, 1), D(9999, 11, 30), volume=1, eenheid="14", frequentie="4")
    assert max_volume_totaal(november) == ref_max_volume_totaal(november) == 11


def test_periodetellingen_gelijk_aan_dag_voor_dag():
    start = D(2023, 12, 20)
    for begin in range(0, 40, 3):
        for lengte in range(0, 420, 11):
            van = start + timedelta(days=begin)
            periode = Periode(van, van + timedelta(days=lengte))
            weken = {d.isocalendar()[:2] for d in periode.dag_voor_dag()}
            assert iso_weken(periode) == iso_weken_tussen(periode.van, periode.tot) == len(weken)
            assert iso_weken(periode) == ref_iso_weken(periode)
            assert aantal_kalendermaanden(periode.van, periode.tot) == len(kalendermaanden(periode))
            maanden = {(d.year, d.month) for d in periode.dag_voor_dag()}
            assert is_een_kalendermaand(periode) == (len(maanden) == 1)
    assert iso_weken_tussen(D(1, 1, 1), D(1, 1, 7)) == 1  # 01-01-0001 is a Monday
    assert iso_weken_tussen(D(1, 1, 7), D(1, 1, 8)) == 2


def test_minuten_en_minuuttarief_gelijk_aan_deel_half_op():
    for uurtarief in [*range(-130, 131), 6500, 6050, 12345, -6500]:
        assert minuuttarief(uurtarief) == deel_half_op(uurtarief, 60)
        for minuten in (0, 1, 29, 30, 31, 59, 60, 95, 135, -95):
            assert minuten_bedrag(uurtarief, minuten) == deel_half_op(uurtarief * minuten, 60)
    assert minuten_bedrag(6500, 95) == 10292
    assert minuuttarief(6500) == 108


def test_tarief_op_gelijk_aan_geldig_op():
    tarieven = [
        Tariefregel(D(2024, 1, 1), D(2024, 12, 31), 5890),
        Tariefregel(D(2025, 1, 1), D(2025, 6, 30), 6050),
        Tariefregel(D(2025, 3, 1), None, 6100),  # overlaps: the first valid one wins
    ]
    for dag in (D(2023, 12, 31), D(2024, 1, 1), D(2024, 12, 31), D(2025, 3, 1), D(2025, 6, 30), D(2025, 7, 1)):
        assert uitkomst(tarief_op, tarieven, dag) == uitkomst(ref_tarief_op, tarieven, dag)
    assert tarief_op(tarieven, D(2025, 3, 1)).bedrag_cent == 6050
    assert uitkomst(tarief_op, tarieven, D(2023, 12, 31)) == (
        "fout",
        (GeenTarief, "Er is geen contracttarief geldig op 31-12-2023 (het tarief geldt vanaf 01-01-2024)."),
    )


# --- the whole check over generated cases -------------------------------------------------------------------


def willekeurige_gevallen(aantal: int, seed: int) -> list[tuple[Prestatie, Controlecontext]]:
    """Cases that reach every branch: all frequencies and units, budgets, monthly entitlements, minutes against an
    hourly tariff, the regional start rule, periods across months or outside the assignment, errors in amount,
    tariff and volume, earlier approved prestaties, and tariffs missing on the day."""
    rnd = random.Random(seed)
    gevallen = []
    for _ in range(aantal):
        volume, t_eenheid, frequentie, categorie = rnd.choice(FEITEN_SOORTEN)
        t_eenheid = rnd.choice([t_eenheid, t_eenheid, t_eenheid, ""])
        begin = D(2024, 11, 1) + timedelta(days=rnd.randrange(200))
        eind = rnd.choice([None, begin + timedelta(days=rnd.randrange(0, 400))])
        feiten = Toewijzingsfeiten(
            begin,
            eind,
            volume=volume if volume is None else rnd.choice([volume, volume * 3, 1]),
            eenheid=t_eenheid,
            frequentie=frequentie,
            budget_cent=rnd.choice([None, None, 50_000, 500_000]),
            productcategorie=categorie,
            startbericht_ontvangen=rnd.choice([None, True, False]),
        )
        regels = rnd.choice([None, Afrekenregels(), Afrekenregels(factuur_pas_na_startbericht=True)])
        bekostiging = Bekostigingsregel(
            D(2024, 1, 1),
            None,
            rnd.choice(["pxq", "budget", "profiel"]),
            eenheid=t_eenheid,
            frequentie=frequentie,
            afrekenregels=regels,
            maximum_budget_cent=rnd.choice([None, None, 40_000, 400_000, 500_000]),
        )
        tarieven = rnd.choice(
            [
                [Tariefregel(D(2024, 1, 1), None, 6500)],
                [Tariefregel(D(2024, 1, 1), D(2024, 12, 31), 5890), Tariefregel(D(2025, 1, 1), None, 6050)],
                [Tariefregel(D(2025, 2, 1), None, 7000)],  # nothing valid before February: GeenTarief
            ]
        )
        schoon = rnd.random() < 0.4  # one calendar month inside the assignment, right unit: the common path
        if schoon:
            looptijd = Periode(begin, eind or begin + timedelta(days=200))
            maand = rnd.choice(kalendermaanden(looptijd))
            pp = maand.overlap(looptijd) or maand
            van = pp.van
        else:
            maand = rnd.choice(kalendermaanden(Periode(begin - timedelta(days=40), begin + timedelta(days=200))))
            van = maand.van + timedelta(days=rnd.choice([0, 0, 0, rnd.randrange(maand.dagen)]))
            tot = rnd.choice([maand.tot, maand.tot, van + timedelta(days=rnd.randrange(0, 45))])
            pp = Periode(van, tot)
        p_eenheid = rnd.choice([t_eenheid or "04", t_eenheid or "04", "01", "04", "83", "14"])
        tarief = rnd.choice(tarieven).bedrag_cent
        if schoon:
            p_eenheid = t_eenheid or "04"
            tarief = next((t.bedrag_cent for t in tarieven if t.geldig_op(van)), tarief)
        if p_eenheid == "83":
            geleverd = rnd.randrange(1, 80_000)
            ingediend = rnd.choice([geleverd, geleverd, geleverd + 1])
            product_tarief = None
        elif p_eenheid == "01" and t_eenheid == "04":
            geleverd = rnd.randrange(1, 2000)
            product_tarief = rnd.choice([tarief, deel_half_op(tarief, 60), tarief + 1, None])
            ingediend = rnd.choice([deel_half_op(tarief * geleverd, 60), geleverd * (product_tarief or 0)])
        else:
            geleverd = rnd.randrange(1, 4 if schoon else 40)
            product_tarief = rnd.choice([tarief, tarief, tarief, tarief + 5, None])
            ingediend = rnd.choice([geleverd * tarief, geleverd * tarief, geleverd * tarief - 1])
        eerder = tuple(
            Prestatie(
                rnd.choice([kalendermaand(2025, 1), kalendermaand(2025, 3), maand]),
                rnd.randrange(1, 60),
                p_eenheid,
                rnd.randrange(0, 200_000),
                product_tarief,
            )
            for _ in range(rnd.choice([0, 0, 1, 2, 4]))
        )
        maandaanspraak: Mapping[str, int] | None = rnd.choice(
            [None, None, {f"{van:%Y-%m}": rnd.randrange(0, 300_000)}, {"2025-01": 100_000}]
        )
        context = Controlecontext(bekostiging, tarieven, feiten, eerder, maandaanspraak)
        gevallen.append((Prestatie(pp, geleverd, p_eenheid, ingediend, product_tarief), context))
    return gevallen


def als_tuple(bevindingen: Sequence[Bevinding]) -> tuple[tuple[str, str, str | None, bool], ...]:
    return tuple((b.regel, b.melding, b.retourcode, b.blokkerend) for b in bevindingen)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_controleer_prestatie_gelijk_aan_de_referentie(seed):
    per_regel: dict[str, int] = {}
    goedgekeurd = fouten = 0
    for prestatie, context in willekeurige_gevallen(4000, seed):
        verwacht = uitkomst(ref_controleer, prestatie, context)
        gekregen = uitkomst(controleer_prestatie, prestatie, context)
        if verwacht[0] == "fout":
            assert gekregen == verwacht, prestatie
            fouten += 1
            continue
        assert gekregen[0] == "ok", (prestatie, gekregen)
        resultaat = gekregen[1]
        assert resultaat.prestatie is prestatie
        assert isinstance(resultaat.bevindingen, tuple)
        assert als_tuple(resultaat.bevindingen) == als_tuple(verwacht[1]), (prestatie, context)
        goedgekeurd += resultaat.goedgekeurd
        for b in resultaat.bevindingen:
            per_regel[b.regel] = per_regel.get(b.regel, 0) + 1
    # the grid reaches every finding, approvals and the missing-tariff error
    assert set(per_regel) == {
        "CS337",
        "TR307",
        "TR308",
        "TR341",
        "CS339",
        "TR418",
        "TR346",
        "TR321",
        "TR322",
        "TR369",
        "REGIO-START",
    }
    assert goedgekeurd > 200
    assert fouten > 0


def test_goedgekeurd_geeft_geen_bevindingen_en_het_bedrag():
    feiten = Toewijzingsfeiten(D(2025, 10, 7), D(2025, 12, 30), volume=3, eenheid="04", frequentie="2")
    context = Controlecontext(
        Bekostigingsregel(D(2025, 1, 1), None, "pxq", eenheid="04", frequentie="2"),
        [Tariefregel(D(2025, 1, 1), None, 6500)],
        feiten,
        (Prestatie(Periode(D(2025, 10, 7), D(2025, 10, 31)), 12, "04", 78000, 6500),),
    )
    resultaat = controleer_prestatie(Prestatie(kalendermaand(2025, 11), 15, "04", 97500, 6500), context)
    assert resultaat.bevindingen == ()
    assert resultaat.goedgekeurd_bedrag_cent == 97500
    # 12 + 15 + 13 = 40 > 39 hours over the assignment; the text is the same as before
    december = Prestatie(Periode(D(2025, 12, 1), D(2025, 12, 30)), 13, "04", 84500, 6500)
    context = Controlecontext(
        context.bekostiging, context.tarieven, feiten, (*context.eerder_goedgekeurd, resultaat.prestatie)
    )
    assert als_tuple(controleer_prestatie(december, context).bevindingen) == (
        ("TR322", "Samen met eerder goedgekeurd (27) komt het volume boven het toegewezen totaal 39.", "9322", True),
    )
