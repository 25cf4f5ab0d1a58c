"""The fast judgement of the prestaties of a 323 gives exactly what the straightforward version gave.

`beoordeel_prestaties` and the prestatie rules were rewritten for speed (the engine's findings kept on the Geval,
the earlier approved prestaties converted once, the last day of a month without date arithmetic, shared
ProductPeriodes). The straightforward versions (the code before the rewrite) are kept here as references and
compared over seeded random messages in memory: the same findings (rule, retourcode, text) in the same order, the
same amounts and ids, and the same exception with the same message where the reference raised one.
"""

import random
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

import pytest

from wmoketen.declaraties.controle import Prestatie as EnginePrestatie
from wmoketen.declaraties.controle import controleer_prestatie
from wmoketen.declaraties.feiten import Afrekenregels, Bekostigingsregel, Tariefregel, Toewijzingsfeiten
from wmoketen.declaraties.intake import Prestatieoordeel, Regelbevinding, beoordeel_prestaties
from wmoketen.declaraties.intakecontext import EerderePrestatie, Intakecontext, Toewijzingsgegevens
from wmoketen.declaraties.invoer import Declaratie323, Prestatieregel
from wmoketen.declaraties.perioden import Periode
from wmoketen.declaraties.regels import (
    Berichtstaat,
    Geval,
    _laatste_dag,
    _maandaanspraak,
    _sleutel,
    _sleutel_eerder,
    regels_voor,
)

# --- the references: the code before the rewrite -----------------------------------------------------------

ENGINEREGELS = {"TR307", "TR308", "TR341", "TR418", "TR346", "TR321", "TR322", "TR369"}


def ref_laatste_dag(dag: date) -> date:
    return (dag.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def ref_tr387(g: Geval) -> str | None:
    assert g.t is not None
    begin = g.p.begindatum
    ingang = g.t.feiten.ingangsdatum
    verwacht = (
        ingang
        if (ingang.year, ingang.month) == (begin.year, begin.month) and ingang > begin.replace(day=1)
        else begin.replace(day=1)
    )
    if begin != verwacht and begin >= ingang:
        return f"Verwacht {verwacht:%d-%m-%Y}, opgegeven {begin:%d-%m-%Y}."
    return None


def ref_tr388(g: Geval) -> str | None:
    assert g.t is not None
    eind = g.p.einddatum
    einde_toewijzing = g.t.feiten.einddatum
    verwacht = ref_laatste_dag(eind)
    if einde_toewijzing is not None and einde_toewijzing < verwacht and einde_toewijzing >= eind.replace(day=1):
        verwacht = einde_toewijzing
    if eind != verwacht and (einde_toewijzing is None or eind <= einde_toewijzing):
        return f"Verwacht {verwacht:%d-%m-%Y}, opgegeven {eind:%d-%m-%Y}."
    return None


def ref_tr323(g: Geval) -> str | None:
    vorig = g.p.vorig_referentie_nummer or ""
    debet = g.ctx.debets.get(vorig)
    if debet is None:
        return f"Er is geen goedgekeurde debetprestatie met ReferentieNummer {vorig}."
    if _sleutel_eerder(debet) != _sleutel(g.p):
        return "ToewijzingNummer, product of ProductPeriode wijkt af van de debetprestatie."
    return None


def ref_tr389(g: Geval) -> str | None:
    sleutel = _sleutel(g.p)
    for eerder in g.ctx.goedgekeurd_per_toewijzing.get(g.p.toewijzing_nummer, ()):
        if _sleutel_eerder(eerder) == sleutel and eerder.referentie_nummer not in g.staat.gecrediteerd:
            return f"Debetprestatie {eerder.referentie_nummer} voor deze periode is nog niet gecrediteerd."
    if sleutel in g.staat.debet_sleutels:
        return "Dit bericht bevat al een debetprestatie voor deze periode."
    return None


def ref_engine_prestatie(p: Prestatieregel) -> EnginePrestatie:
    return EnginePrestatie(
        productperiode=Periode(p.begindatum, p.einddatum),
        geleverd_volume=p.geleverd_volume,
        eenheid=p.eenheid,
        ingediend_bedrag_cent=p.ingediend_bedrag_cent,
        product_tarief_cent=p.product_tarief_cent,
        referentie=p.referentie_nummer,
    )


def ref_controlecontext(g: Geval) -> Any:
    from wmoketen.declaraties.controle import Controlecontext

    t = g.t
    assert t is not None
    bekostiging = t.bekostiging or Bekostigingsregel(geldig_van=date.min, geldig_tot=None, model=t.model)
    tarieven = t.tarieven
    if not tarieven and g.p.eenheid != "83":
        tarieven = [Tariefregel(date.min, None, g.p.product_tarief_cent or 0)]
    eerder = [
        e.als_engine()
        for e in g.ctx.goedgekeurd_per_toewijzing.get(g.p.toewijzing_nummer, ())
        if e.referentie_nummer not in g.staat.gecrediteerd
    ]
    eerder += g.staat.goedgekeurd.get(g.p.toewijzing_nummer, [])
    return Controlecontext(
        bekostiging=bekostiging,
        tarieven=tarieven,
        toewijzing=t.feiten,
        eerder_goedgekeurd=tuple(eerder),
        maandaanspraak_cent=_maandaanspraak(g, bekostiging, tarieven),
    )


def ref_beoordeel_prestaties(ctx: Intakecontext, prestaties: Sequence[Prestatieregel]) -> list[Prestatieoordeel]:
    staat = Berichtstaat()
    engine: dict[int, tuple[EnginePrestatie, dict[str, str]]] = {}

    def ref_engine(g: Geval, code: str) -> str | None:
        uitkomst = engine.get(g.p.volgnummer)
        if uitkomst is None:
            resultaat = controleer_prestatie(ref_engine_prestatie(g.p), ref_controlecontext(g))
            meldingen: dict[str, str] = {}
            for b in resultaat.bevindingen:
                if b.blokkerend:
                    meldingen.setdefault(b.regel, b.melding)
            uitkomst = engine[g.p.volgnummer] = (resultaat.prestatie, meldingen)
        return uitkomst[1].get(code)

    eigen: dict[str, Callable[[Geval], str | None]] = {
        "TR387": ref_tr387,
        "TR388": ref_tr388,
        "TR323": ref_tr323,
        "TR389": ref_tr389,
    }

    def check(code: str, standaard: Callable[[Geval], str | None]) -> Callable[[Geval], str | None]:
        if code in ENGINEREGELS:
            return lambda g: ref_engine(g, code)
        return eigen.get(code, standaard)

    for p in reversed(prestaties):
        staat.eerste_met_referentie[p.referentie_nummer] = p.volgnummer
    per_soort = {
        False: [(r, check(r.code, r.check)) for r in regels_voor("prestatie") if r.geldt_voor != "credit"],
        True: [(r, check(r.code, r.check)) for r in regels_voor("prestatie") if r.geldt_voor != "debet"],
    }
    per_volgnummer: dict[int, Prestatieoordeel] = {}
    volgorde = [p for p in prestaties if p.is_credit] + [p for p in prestaties if not p.is_credit]
    for p in volgorde:
        t = ctx.toewijzingen.get(p.toewijzing_nummer)
        geval = Geval(p, t, ctx, staat)
        bevindingen = [Regelbevinding(regel, code, "Gemeld door de berichtcontrole.") for regel, code in p.vooraf]
        for r, uitvoeren in per_soort[p.is_credit]:
            melding = uitvoeren(geval)
            if melding:
                bevindingen.append(Regelbevinding(r.code, r.retourcode, f"{r.uitleg} {melding}"))
                if r.poort:
                    break
        if not bevindingen:
            if p.is_credit:
                staat.gecrediteerd.add(p.vorig_referentie_nummer or "")
            else:
                staat.debet_sleutels.add(
                    (p.toewijzing_nummer, p.product_categorie, p.product_code, p.begindatum, p.einddatum)
                )
                berekend = engine.get(p.volgnummer)
                als_engine = berekend[0] if berekend is not None else ref_engine_prestatie(p)
                staat.goedgekeurd.setdefault(p.toewijzing_nummer, []).append(als_engine)
        per_volgnummer[p.volgnummer] = Prestatieoordeel(
            p, tuple(bevindingen), t.pk if t is not None else None, ctx.client_ids.get(p.bsn)
        )
    return [per_volgnummer[p.volgnummer] for p in prestaties]


# --- random messages in memory ------------------------------------------------------------------------------


def _maandeinde(dag: date) -> date:
    return ref_laatste_dag(dag)


def _dag(r: random.Random, jaar: int = 2025) -> date:
    return date(jaar, 1, 1) + timedelta(days=r.randrange(500))


def _toewijzing(r: random.Random, nummer: int, bsns: list[str]) -> Toewijzingsgegevens:
    begin = _dag(r)
    eind = r.choice([None, begin + timedelta(days=r.randrange(300)), begin, begin - timedelta(days=1)])
    if eind is not None and eind >= begin and r.random() < 0.5:
        eind = _maandeinde(eind)
    if r.random() < 0.5:
        begin = begin.replace(day=1)
    model = r.choice(["pxq", "pxq", "pxq", "profiel", "traject", "budget", "etmaal", ""])
    eenheid = r.choice(["04", "04", "01", "14", "83", "82", ""])
    frequentie = r.choice(["1", "2", "2", "4", "6", ""])
    per = r.choice(["eenheid", "maand", "4_weken", "traject"])
    tarieven = r.choice(
        [
            [],
            [Tariefregel(date(2020, 1, 1), None, r.choice([6050, 7000, 0]), per)],
            [
                Tariefregel(date(2025, 1, 1), date(2025, 6, 30), 6050, per),
                Tariefregel(date(2025, 7, 1), None, 6500, per),
            ],
            [Tariefregel(date(2025, 3, 1), None, 6050, per)],
        ]
    )
    regels = r.choice(
        [
            None,
            Afrekenregels(),
            Afrekenregels(factuur_pas_na_startbericht=True),
            Afrekenregels(periodegrid="cak_4_weken", eerste_periode="niets", laatste_periode="volledig"),
        ]
    )
    budget = r.choice([None, 50_000, 10**7])
    bekostiging = r.choice(
        [None, Bekostigingsregel(date(2020, 1, 1), None, model, eenheid, frequentie, regels, budget)]
    )
    categorie = r.choice(["02", "02", "01", "03"])
    return Toewijzingsgegevens(
        pk=100 + nummer,
        client_id=10 + nummer,
        bsn=r.choice(bsns),
        aanbieder_id=1,
        product_categorie=categorie,
        productcode_in_301=r.choice([None, "02A01", "02A02"]),
        verwijderd=r.random() < 0.05,
        model=model,
        feiten=Toewijzingsfeiten(
            ingangsdatum=begin,
            einddatum=eind,
            volume=r.choice([None, 4, 10, 100, 2000]),
            eenheid=eenheid,
            frequentie=frequentie,
            budget_cent=r.choice([None, None, 30_000, 500_000]),
            productcategorie=categorie,
            startbericht_ontvangen=r.choice([None, True, False]),
        ),
        bekostiging=bekostiging,
        tarieven=tarieven,
    )


def _eerdere(r: random.Random) -> list[EerderePrestatie]:
    eerdere = []
    for i in range(r.randint(0, 6)):
        begin = _dag(r).replace(day=1)
        eerdere.append(
            EerderePrestatie(
                referentie_nummer=f"E{i}",
                vorig_referentie_nummer=r.choice(["", "", f"E{r.randrange(6)}"]),
                toewijzing_nummer=r.randint(1, 6),
                product_categorie=r.choice(["02", "01"]),
                product_code=r.choice(["02A01", "02A02"]),
                begindatum=begin,
                einddatum=_maandeinde(begin),
                geleverd_volume=r.randint(0, 40),
                eenheid=r.choice(["04", "01", "83"]),
                product_tarief_cent=r.choice([6050, None]),
                ingediend_bedrag_cent=r.randint(0, 300_000),
                debet_credit=r.choice(["D", "D", "C"]),
            )
        )
    return eerdere


def _prestatie(
    r: random.Random, volgnummer: int, toewijzingen: dict[int, Toewijzingsgegevens], debets: list[EerderePrestatie]
) -> Prestatieregel:
    credit = r.random() < 0.25
    t = toewijzingen[r.randint(1, len(toewijzingen))]
    begin = _dag(r)
    if r.random() < 0.7:
        begin = begin.replace(day=1)
    eind = r.choice([_maandeinde(begin), _maandeinde(begin), begin + timedelta(days=r.randrange(40))])
    if r.random() < 0.02:
        eind = begin - timedelta(days=1)  # an invalid period: the same exception as before
    vorig = r.choice([f"E{r.randrange(7)}", "R1", None]) if credit else r.choice([None, None, "X"])
    if credit and debets and r.random() < 0.7:
        e = r.choice(debets)
        vorig = e.referentie_nummer if r.random() < 0.8 else vorig
        nummer, categorie, code, begin, eind = (
            e.toewijzing_nummer,
            e.product_categorie,
            e.product_code,
            e.begindatum,
            e.einddatum,
        )
    elif r.random() < 0.9:
        nummer = t.pk - 100
        categorie = t.product_categorie if r.random() < 0.95 else "03"
        code = (t.productcode_in_301 or "02A07") if r.random() < 0.95 else "02A02"
        eerste, laatste = t.feiten.ingangsdatum, t.feiten.einddatum or t.feiten.ingangsdatum + timedelta(days=300)
        if r.random() < 0.7 and laatste >= eerste:
            begin = eerste + timedelta(days=r.randrange((laatste - eerste).days + 1))
            if r.random() < 0.6 and begin.replace(day=1) >= eerste:
                begin = begin.replace(day=1)
            eind = min(_maandeinde(begin), laatste) if r.random() < 0.6 else _maandeinde(begin)
    else:
        nummer, categorie, code = r.randint(1, 6), r.choice(["02", "01"]), r.choice(["02A01", "02A02"])
    eenheid = r.choice(["04", "01", "83", "14"]) if r.random() < 0.3 or not t.feiten.eenheid else t.feiten.eenheid
    volume = r.choice([0, 1, 2, 4, 10, 17, 240, 5000])
    tarief = r.choice([6050, 101, 7000, None, 0]) if r.random() < 0.3 or not t.tarieven else t.tarieven[-1].bedrag_cent
    if eenheid == "83":
        bedrag = volume
    elif eenheid == "01":
        bedrag = (volume * (tarief or 0) + 30) // 60
    else:
        bedrag = volume * (tarief or 0)
    if r.random() < 0.2:
        bedrag += r.choice([-1, 1, 100])
    return Prestatieregel(
        volgnummer=volgnummer,
        bsn=t.bsn if r.random() < 0.9 else r.choice(["111", "222", "333"]),
        referentie_nummer=f"R{r.randrange(12)}" if r.random() < 0.3 else f"N{volgnummer}",
        vorig_referentie_nummer=vorig,
        toewijzing_nummer=nummer,
        product_categorie=categorie,
        product_code=code,
        begindatum=begin,
        einddatum=eind,
        geleverd_volume=volume,
        eenheid=eenheid,
        product_tarief_cent=tarief,
        ingediend_bedrag_cent=bedrag,
        debet_credit="C" if credit else "D",
        vooraf=(("TR346", "9346"),) if r.random() < 0.05 else (),
    )


def willekeurig_bericht(seed: int) -> tuple[Intakecontext, list[Prestatieregel]]:
    """A part of a 323 with its context: a few assignments (some odd), earlier approved prestaties and credits,
    and prestaties that mostly fit, with now and then a wrong product, period, tariff, amount or reference."""
    r = random.Random(seed)
    bsns = ["111", "222", "333"]
    toewijzingen = {nummer: _toewijzing(r, nummer, bsns) for nummer in range(1, r.randint(1, 5) + 1)}
    eerdere = _eerdere(r)
    debets = {e.referentie_nummer: e for e in eerdere if e.debet_credit == "D"}
    gecrediteerd = {e.vorig_referentie_nummer for e in eerdere if e.debet_credit == "C"}
    per_toewijzing: dict[int, list[EerderePrestatie]] = {}
    for e in debets.values():
        if e.referentie_nummer not in gecrediteerd:
            per_toewijzing.setdefault(e.toewijzing_nummer, []).append(e)
    prestaties = [
        _prestatie(r, volgnummer, toewijzingen, list(debets.values())) for volgnummer in range(1, r.randint(1, 12) + 1)
    ]
    periode = _dag(r, 2026).replace(day=1) if r.random() < 0.9 else _dag(r).replace(day=1)
    ctx = Intakecontext(
        invoer=Declaratie323("12345678", "0363", "B1", "D1", periode, _maandeinde(periode), periode, 0),
        aanbieder=None,
        gemeente=None,
        toewijzingen=toewijzingen,
        client_ids={b: i for i, b in enumerate(bsns) if r.random() < 0.8},
        bekende_referenties={f"R{i}" for i in range(12) if r.random() < 0.1},
        debets=debets,
        gecrediteerd=gecrediteerd,
        goedgekeurd_per_toewijzing=per_toewijzing,
        laatste_periode_begin=None,
        declaratienummer_gebruikt=False,
    )
    return ctx, prestaties


def uitkomst(beoordeel: Callable[..., list[Prestatieoordeel]], seed: int) -> Any:
    ctx, prestaties = willekeurig_bericht(seed)  # a fresh context: the maandaanspraak cache lives in it
    try:
        oordelen = beoordeel(ctx, prestaties)
    except Exception as fout:  # the same exception is part of the outcome
        return ("fout", type(fout).__name__, str(fout))
    return [
        (
            o.prestatie.volgnummer,
            tuple((b.regel, b.retourcode, b.melding) for b in o.bevindingen),
            o.retourcodes,
            o.toegekend_cent,
            o.toewijzing_id,
            o.client_id,
        )
        for o in oordelen
    ]


# --- the comparisons ----------------------------------------------------------------------------------------


def test_laatste_dag_gelijk_aan_de_referentie():
    dag = date(2015, 1, 1)
    while dag < date(2035, 1, 1):
        assert _laatste_dag(dag) == ref_laatste_dag(dag), dag
        dag += timedelta(days=1)
    for dag in (date(9999, 12, 1), date(9999, 12, 28), date(9999, 12, 31)):
        with pytest.raises(OverflowError):
            ref_laatste_dag(dag)
        with pytest.raises(OverflowError):
            _laatste_dag(dag)


@pytest.mark.parametrize("blok", range(4))
def test_beoordeel_prestaties_gelijk_aan_de_referentie(blok):
    uitkomsten = []
    for seed in range(blok * 500, (blok + 1) * 500):
        snel = uitkomst(beoordeel_prestaties, seed)
        assert snel == uitkomst(ref_beoordeel_prestaties, seed), seed
        uitkomsten.append(snel)
    # the random messages reach every branch that matters: approvals, rejections by the rules of every kind
    # (including the engine's), and the exceptions of an invalid period or a missing tariff
    oordelen = [o for u in uitkomsten if u[0] != "fout" for o in u]
    codes = {c for o in oordelen for c in o[2]}
    assert any(o[3] != 0 for o in oordelen)
    assert {"9307", "9308", "9321", "9322", "9338", "9341", "9346", "9369", "9387", "9388", "8017"} <= codes
    assert any(u[0] == "fout" for u in uitkomsten)
