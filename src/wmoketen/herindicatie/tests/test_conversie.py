"""Conversion runs: definition files, dry run, the real run (idempotent, resumable), serve-out and 301s."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.db import transaction

from wmoketen.audit.models import Verwerking
from wmoketen.declaraties.adapters import bekostigingsregel_from_model, tariefregel_from_model
from wmoketen.declaraties.afrekening import bereken_aanspraken
from wmoketen.declaraties.feiten import Toewijzingsfeiten
from wmoketen.herindicatie.conversie.definitie import DefinitieFout, lees_definitie
from wmoketen.herindicatie.conversie.proef import proefdraai
from wmoketen.herindicatie.conversie.selectie import ConversieFout
from wmoketen.herindicatie.conversie.uitvoering import proefdraai_opslaan, run_uitvoeren, run_voorbereiden
from wmoketen.herindicatie.models import Conversierun, Conversiestap, RunStatus, StapStatus
from wmoketen.toewijzingen.models import Toewijzing, Toewijzingsbericht

from .conversie_fixture import LN_CONVERSIE, ln_fixture, toestand

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------------------------------- definitie


def test_meegeleverde_definities_zijn_geldig():
    ln = lees_definitie(LN_CONVERSIE)
    assert ln.inhoud.code == "limburg-noord-2022-traject"
    assert [r.wijze for r in ln.inhoud.regels] == ["administratief", "uitdienen"]
    dfm = lees_definitie(LN_CONVERSIE.parent / "de-fryske-marren-2022.yaml")
    assert dfm.inhoud.herbeoordeling is not None
    assert dfm.inhoud.herbeoordeling.capaciteit_per_consulent_per_week == 6


def test_fouten_noemen_bestand_regel_en_sleutel(tmp_path: Path):
    pad = tmp_path / "fout.yaml"
    pad.write_text(
        "versie: x\ncode: Fout Code\nnaam: n\nregio: r\npeildatum: 1 april 2022\nregels:\n"
        "  - naam: a\n    producten: [HH]\n    van_model: pxq\n    naar_model: trajekt\n    wijze: administratief\n"
        "  - naam: b\n    van_model: pxq\n    naar_model: traject\n    wijze: uitdienen\n",
        encoding="utf-8",
    )
    with pytest.raises(DefinitieFout) as exc:
        lees_definitie(pad)
    assert [f.tekst(pad) for f in exc.value.fouten] == [
        f"{pad}:2: code: 'Fout Code' heeft niet de juiste vorm (^[a-z0-9][a-z0-9-]*$)",
        f"{pad}:5: peildatum: moet een datum zijn in de vorm JJJJ-MM-DD",
        f"{pad}:10: regels[1].naar_model: onbekende waarde 'trajekt'; toegestaan: 'pxq', 'etmaal', 'traject', "
        "'profiel', 'budget' of 'taakgericht'",
        f"{pad}:12: regels[2]: noem 'producten' of 'segmenten' (of beide)",
    ]


# --------------------------------------------------------------------------------------------- proefdraai


def test_proefdraai_telt_en_berekent_geldeffect_zonder_iets_te_wijzigen():
    ln_fixture()
    voor = toestand()
    r = proefdraai(lees_definitie(LN_CONVERSIE).inhoud)
    assert toestand() == voor
    assert r.totaal == 6
    assert r.tellingen == {"omzetten": 2, "inkorten": 2, "ongemoeid": 2, "handmatig": 0}
    assert [(g.gemeente, g.aanbieder, g.segment, g.beeindigd, g.aangemaakt, g.ongemoeid) for g in r.groepen] == [
        ("0983", "99020001", "PXQ", 1, 0, 0),
        ("0983", "99020003", "PXQ", 1, 1, 1),
        ("0984", "99020001", "PXQ", 0, 0, 1),
        ("0984", "99020003", "PXQ", 1, 1, 0),
        ("0984", "99020004", "PXQ", 1, 0, 0),
    ]
    per_maand = {m: (voor, na) for m, voor, na in r.per_maand}
    # January: nothing changes yet; April: HH (3 h + 2 h a week at € 29,80) becomes 2 x 3A at € 295,00
    assert per_maand["2022-01"] == (357320, 357320)
    assert per_maand["2022-04"] == (330700, 300300)
    assert per_maand["2022-12"] == (0, 29500)
    opgeslagen = proefdraai_opslaan(gelezen=lees_definitie(LN_CONVERSIE))
    assert (opgeslagen.soort, opgeslagen.omgezet, opgeslagen.ingekort) == ("proef", 2, 2)
    assert "| 2022-04 | € 3.307,00 | € 3.003,00 | € -304,00 |" in opgeslagen.rapport_md
    assert Conversiestap.objects.count() == 0


# -------------------------------------------------------------------------------------------- uitvoering


def test_run_zet_om_kort_in_stuurt_301_en_schrijft_rapport():
    ln_fixture()
    gelezen = lees_definitie(LN_CONVERSIE)
    voortgang = []
    run = run_uitvoeren(run=run_voorbereiden(gelezen=gelezen), batch_grootte=2, voortgang=voortgang.append)
    assert (run.status, run.totaal, run.verwerkt, run.omgezet, run.ingekort, run.ongemoeid) == ("klaar", 6, 6, 2, 2, 2)
    assert [(v.batch, v.verwerkt, v.totaal) for v in voortgang] == [(1, 2, 6), (2, 4, 6), (3, 6, 6)]
    assert run.berichten_301 == 4
    assert run.rapport_csv.splitlines()[1:3] == [
        "1;0983;99020003;PXQ;100001;HH;2022-01-01;2022-03-31;10;omzetten;100007;3AHH;2022-04-01;2023-05-31;",
        "2;0983;99020001;PXQ;100002;BGI;2022-01-01;2022-12-31;10;inkorten;;;;;",
    ]
    nieuw = Toewijzing.objects.get(toewijzing_nummer=100007)
    # 3AHH is a traject at EUR 295,00 a month, assigned in total (83/6): 14 months (04-2022 .. 05-2023), not the
    # price of one month (that volume made TR322 refuse the second month)
    assert (nieuw.product.productcode, nieuw.volume, nieuw.eenheid, nieuw.frequentie) == ("3AHH", 14 * 29500, "83", "6")
    assert nieuw.vorige.toewijzing_nummer == 100001
    # OP087: one 301 per client+provider with the ended and the new assignment
    assert sorted(tuple(b.toewijzing_nummers) for b in Toewijzingsbericht.objects.all()) == [
        (100001, 100007),
        (100002,),
        (100005,),
        (100006, 100008),
    ]
    assert Verwerking.objects.filter(object_type="conversierun", object_id=str(run.pk)).count() == 4


def test_nogmaals_draaien_verandert_niets():
    ln_fixture()
    gelezen = lees_definitie(LN_CONVERSIE)
    run = run_uitvoeren(run=run_voorbereiden(gelezen=gelezen))
    na = toestand()
    opnieuw = run_voorbereiden(gelezen=gelezen)
    assert opnieuw.pk == run.pk
    run_uitvoeren(run=opnieuw)
    assert toestand() == na
    assert Conversierun.objects.filter(soort="echt").count() == 1


class _Terug(Exception):
    pass


def test_onderbroken_en_hervat_geeft_precies_hetzelfde_als_ononderbroken():
    ln_fixture(clienten=3)  # 18 assignments; batches of 4 (a client/provider pair is never split)
    gelezen = lees_definitie(LN_CONVERSIE)
    begin = toestand()
    try:
        with transaction.atomic():
            run_uitvoeren(run=run_voorbereiden(gelezen=gelezen), batch_grootte=4)
            referentie = toestand()
            raise _Terug
    except _Terug:
        pass
    assert toestand() == begin

    def crash(batch: int) -> None:
        if batch == 3:
            raise RuntimeError("stroomstoring")

    run = run_voorbereiden(gelezen=gelezen)
    with pytest.raises(RuntimeError):
        run_uitvoeren(run=run, batch_grootte=4, in_batch=crash)
    run.refresh_from_db()
    assert (run.status, run.batches, run.verwerkt) == (RunStatus.ONDERBROKEN, 2, 8)
    assert run.fout == "RuntimeError: stroomstoring"
    assert run.stappen.filter(status=StapStatus.KLAAR).count() == 8
    assert run.stappen.filter(status=StapStatus.OPEN).count() == 10
    # resume: the same run, only the open steps
    hervat = run_uitvoeren(run=run_voorbereiden(gelezen=gelezen), batch_grootte=4)
    assert hervat.pk == run.pk
    assert (hervat.status, hervat.verwerkt, hervat.omgezet, hervat.ingekort) == ("klaar", 18, 6, 6)
    assert toestand() == referentie
    assert referentie != begin


def test_andere_versie_terwijl_een_run_onaf_is_wordt_geweigerd(tmp_path: Path):
    ln_fixture()
    gelezen = lees_definitie(LN_CONVERSIE)
    run_voorbereiden(gelezen=gelezen)
    anders = tmp_path / "ln.yaml"
    anders.write_text(
        LN_CONVERSIE.read_text(encoding="utf-8").replace(
            "capaciteit_per_consulent_per_week: 8", "capaciteit_per_consulent_per_week: 9"
        ),
        encoding="utf-8",
    )
    with pytest.raises(ConversieFout, match="onafgemaakte run"):
        run_voorbereiden(gelezen=lees_definitie(anders))


def test_uitgediende_toewijzing_is_na_de_uiterste_datum_niet_meer_betaalbaar():
    ln_fixture()
    run_uitvoeren(run=run_voorbereiden(gelezen=lees_definitie(LN_CONVERSIE)))
    bgg = Toewijzing.objects.select_related("product").get(toewijzing_nummer=100005)
    # own end 30-09-2024, cut-off 31-12-2022: einddatum = min(own end, cut-off)
    assert (bgg.einddatum, bgg.reden_wijziging) == (date(2022, 12, 31), "10")
    bekostiging = bgg.product.bekostigingen.get()
    afrekening = bereken_aanspraken(
        bekostigingsregel_from_model(bekostiging),
        [tariefregel_from_model(t) for t in bgg.product.tarieven.all()],
        Toewijzingsfeiten(
            ingangsdatum=bgg.ingangsdatum,
            einddatum=bgg.einddatum,
            volume=bgg.volume,
            eenheid=bgg.eenheid,
            frequentie=bgg.frequentie,
            productcategorie=bgg.product.categorie,
        ),
        horizon=date(2023, 6, 30),
    )
    labels = [a.periode.label for a in afrekening.aanspraken]
    assert labels[0] == "2022-01" and labels[-1] == "2022-12"
    assert all(a.periode.periode.tot <= date(2022, 12, 31) for a in afrekening.aanspraken)
    # at most the ISO weeks 2..52 of 2022 x 2 dagdelen x € 54,10 (cumulative maximum, TR322), nothing after
    assert afrekening.totaal_cent == 51 * 2 * 5410
    # an assignment that already ended before the cut-off is left alone
    bgi = Toewijzing.objects.get(toewijzing_nummer=100004)
    assert (bgi.einddatum, bgi.reden_wijziging) == (date(2022, 6, 30), "")
