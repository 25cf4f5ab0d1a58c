"""The region files the project ships (regions/*.yaml) load, load again without changes, and say what the
agreements say."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from wmoketen.catalogus.models import Perceel, Product, Profiel, Regio, Segment
from wmoketen.contracten.models import Aanbieder, Budgetplafond, Overeenkomst
from wmoketen.contracten.services import regio_laden

REGIONS = Path(settings.BASE_DIR) / "regions"
BESTANDEN = sorted(REGIONS.glob("*.yaml"))


def laad(naam: str) -> Regio:
    regio_laden(pad=REGIONS / naam)
    return Regio.objects.get(code=naam.removesuffix(".yaml"))


def test_de_vier_regiobestanden_zijn_er() -> None:
    assert {p.name for p in BESTANDEN} >= {
        "midden-limburg-west-2018.yaml",
        "limburg-noord-2022.yaml",
        "midden-limburg-2024.yaml",
        "de-fryske-marren-2022.yaml",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("pad", BESTANDEN, ids=lambda p: p.stem)
def test_laadt_en_tweede_keer_ongewijzigd(pad: Path) -> None:
    eerste = regio_laden(pad=pad)
    assert not eerste.ongewijzigd
    tweede = regio_laden(pad=pad)
    assert tweede.ongewijzigd, tweede.samenvatting()


@pytest.mark.django_db
@pytest.mark.parametrize("pad", BESTANDEN, ids=lambda p: p.stem)
def test_aanbieders_zijn_demo_met_fictieve_agb(pad: Path) -> None:
    regio = laad(pad.name)
    aanbieders = Aanbieder.objects.filter(overeenkomsten__regio=regio).distinct()
    assert 3 <= aanbieders.count() <= 5
    for aanbieder in aanbieders:
        assert aanbieder.is_demo
        assert aanbieder.agb_code.startswith("99") and len(aanbieder.agb_code) == 8
    # Niet elke aanbieder zit in elk perceel.
    perceelsets = {frozenset(o.percelen.values_list("pk", flat=True)) for o in Overeenkomst.objects.filter(regio=regio)}
    assert len(perceelsets) > 1


@pytest.mark.django_db
def test_midden_limburg_west_2018() -> None:
    regio = laad("midden-limburg-west-2018.yaml")
    assert sorted(regio.gemeenten.values_list("cbs_code", flat=True)) == ["0946", "0988", "1640"]
    assert regio.max_indicatie_stabiel_maanden == 60
    assert regio.max_indicatie_verandering_maanden == 24
    assert min(regio.indicatietermijnen_maanden) == 6 and max(regio.indicatietermijnen_maanden) == 60

    p2701 = Product.objects.get(regio=regio, productcode="2701")
    assert p2701.cak_code == "405"
    assert p2701.categorie == "02"
    kostprijs = p2701.cak_kostprijzen.get()
    assert (kostprijs.bedrag_cent, kostprijs.per, kostprijs.is_demowaarde) == (15000, "4_weken", False)
    # Elke begeleidingsproduct (individueel en groep) heeft dezelfde kostprijs van 150 euro per 4 weken.
    begeleiding = Product.objects.filter(regio=regio, productcode__regex=r"^[27]70[1-7]$")
    assert begeleiding.count() == 14
    for product in begeleiding:
        assert [(k.bedrag_cent, k.per) for k in product.cak_kostprijzen.all()] == [(15000, "4_weken")]
        assert product.bekostigingen.get().model == "profiel"
    cak_codes = Product.objects.filter(regio=regio).values_list("cak_code", flat=True)
    assert sorted(cak_codes.filter(productcode__startswith="77")) == ["411", "412", "413", "415", "418", "421", "424"]
    assert set(cak_codes.filter(productcode__startswith="47")) == {"428", "447", "448", "449"}

    regel = p2701.bekostigingen.get().afrekenregel
    assert regel.periodegrid == "cak_4_weken"
    assert (regel.eerste_periode, regel.laatste_periode, regel.onderbreking) == ("niets", "volledig", "volledig")
    assert regel.wissel_aanbieder == "oude_aanbieder"
    # Alle tarieven in dit bestand zijn demowaarden.
    assert all(t.is_demowaarde for p in Product.objects.filter(regio=regio) for t in p.tarieven.all())


@pytest.mark.django_db
def test_limburg_noord_2022() -> None:
    regio = laad("limburg-noord-2022.yaml")
    assert sorted(regio.gemeenten.values_list("cbs_code", flat=True)) == [
        "0889",  # Beesel
        "0893",  # Bergen (L.)
        "0907",  # Gennep
        "0983",  # Venlo
        "0984",  # Venray
        "1507",  # Horst aan de Maas
        "1894",  # Peel en Maas
    ]
    assert not regio.gemeenten.filter(naam="Mook en Middelaar").exists()  # geen deelnemer van de MGR
    codes = list(Segment.objects.filter(regio=regio).order_by("volgorde").values_list("code", flat=True))
    assert codes[:7] == ["1A1", "1A2", "1B", "2A", "2B", "3A", "LOG"]

    plafonds = Budgetplafond.objects.filter(segment__regio=regio)
    assert plafonds.exists()
    assert set(plafonds.values_list("segment__code", flat=True)) == {"1A1", "1A2", "1B"}
    assert all(p.is_demowaarde and p.jaar == 2022 for p in plafonds)

    # Nieuwe producten: trajectprijs vanaf 2022-01-01, zonder einddatum.
    nieuw = Product.objects.filter(regio=regio, perceel__segment__code__in=["1A1", "1A2", "1B", "2A", "2B", "3A"])
    assert nieuw.count() == 8
    for product in nieuw:
        rij = product.bekostigingen.get()
        assert (rij.model, str(rij.geldig_van), rij.geldig_tot) == ("traject", "2022-01-01", None)
    assert Product.objects.get(regio=regio, productcode="3AHH").categorie == "01"
    assert Product.objects.get(regio=regio, productcode="LOG").bekostigingen.get().model == "etmaal"
    # Oude p x q-producten lopen uiterlijk tot en met 31-12-2022.
    oud = Product.objects.filter(regio=regio, bekostigingen__model="pxq")
    assert oud.count() == 3
    for product in oud:
        assert str(product.bekostigingen.get().geldig_tot) == "2022-12-31"


@pytest.mark.django_db
def test_midden_limburg_2024() -> None:
    regio = laad("midden-limburg-2024.yaml")
    assert regio.een_perceel_tegelijk is True
    assert regio.gemeenten.count() == 7
    percelen = Perceel.objects.filter(segment__regio=regio)
    assert sorted(percelen.values_list("code", flat=True)) == ["1", "2", "3", "4", "5"]
    assert list(percelen.filter(uitgezonderd_enkel_perceel=True).values_list("code", flat=True)) == ["5"]
    kdv = Product.objects.get(regio=regio, productcode="KDV")
    assert kdv.perceel.uitgezonderd_enkel_perceel
    assert kdv.bekostigingen.get().model == "etmaal"
    # Productcodes zijn uniek in de hele regio (per perceel een eigen code).
    alle = list(Product.objects.filter(regio=regio).values_list("productcode", flat=True))
    assert len(alle) == len(set(alle)) == 13
    assert Product.objects.get(regio=regio, productcode="BGI3").bekostigingen.get().eenheid == "04"  # uur
    assert Product.objects.get(regio=regio, productcode="BGG2").bekostigingen.get().eenheid == "16"  # dagdeel
    assert Product.objects.get(regio=regio, productcode="BGI1").grondslagen.count() == 5


@pytest.mark.django_db
def test_de_fryske_marren_2022() -> None:
    regio = laad("de-fryske-marren-2022.yaml")
    assert list(regio.gemeenten.values_list("cbs_code", "naam")) == [("1940", "De Fryske Marren")]
    profielen = Profiel.objects.filter(regio=regio)
    assert set(profielen.values_list("categorie", flat=True)) == {"groei", "stabiel", "achteruitgang"}
    assert profielen.values("aard").distinct().count() > 1
    assert profielen.values("intensiteit").distinct().count() > 1
    producten = Product.objects.filter(regio=regio)
    assert set(producten.values_list("categorie", flat=True)) == {"02", "03", "04", "07", "08"}
    for product in producten:
        rij = product.bekostigingen.get()
        assert rij.model == "budget"
        assert rij.maximum_budget_cent and rij.maximum_budget_cent > 0
        assert str(rij.geldig_tot) == "2022-12-31"
