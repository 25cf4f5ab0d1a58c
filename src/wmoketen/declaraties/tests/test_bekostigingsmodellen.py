"""Integration: for one assignment per funding model the intake approves exactly the settlement engine's amounts
(the 323 declares the engine's monthly entitlement; every prestatie comes back approved for that amount)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories_berichten import product
from wmoketen.berichten.codec.model import wmo323
from wmoketen.catalogus.models import Tarief
from wmoketen.declaraties.adapters import bekostigingsregel_from_model, tariefregel_from_model
from wmoketen.declaraties.afrekening import bereken_aanspraken
from wmoketen.declaraties.feiten import Tariefregel, Toewijzingsfeiten
from wmoketen.declaraties.maandtoedeling import naar_kalendermaanden
from wmoketen.declaraties.models import Prestatie
from wmoketen.toewijzingen.models import Toewijzing
from wmoketen.toewijzingen.services import toewijzing_aanmaken

from .harnas import Opstelling, opstelling, prestatie, stuur, wmo323_bericht

pytestmark = pytest.mark.django_db


def _feiten(t: Toewijzing) -> Toewijzingsfeiten:
    return Toewijzingsfeiten(
        ingangsdatum=t.ingangsdatum, einddatum=t.einddatum, volume=t.volume, eenheid=t.eenheid,
        frequentie=t.frequentie, budget_cent=t.budget_cent, productcategorie=t.product.categorie,
    )  # fmt: skip


def _engine(t: Toewijzing, tarieven: list[Tariefregel] | None = None, geleverd: dict[str, int] | None = None):  # type: ignore[no-untyped-def]
    bekostiging = bekostigingsregel_from_model(t.product.bekostigingen.get())
    tarieven = tarieven or [tariefregel_from_model(x) for x in t.product.tarieven.all()]
    return bekostiging, tarieven, bereken_aanspraken(bekostiging, tarieven, _feiten(t), geleverd=geleverd)


def _goedgekeurd() -> list[tuple[str, int, str]]:
    return list(Prestatie.objects.order_by("volgnummer").values_list("referentie_nummer", "toegekend_cent", "status"))


@pytest.fixture
def o() -> Opstelling:
    return opstelling()


def test_pxq_per_week_and_etmaal(o: Opstelling) -> None:
    k = o.keten
    etmaal = product(k.pxq.perceel, "04A01", "04", "etmaal", "14", "4", tarief=11800)
    te = toewijzing_aanmaken(
        client=k.client, aanbieder=k.aanbieder, product=etmaal, ingangsdatum=date(2025, 3, 1),
        einddatum=date(2025, 4, 30), volume=3,
    )  # fmt: skip
    Toewijzing.objects.filter(pk=o.toewijzing.pk).update(einddatum=date(2025, 4, 30))
    o.toewijzing.refresh_from_db()
    regels = []
    for t, code, cat in ((o.toewijzing, "02A01", "02"), (te, "04A01", "04")):
        _, tarieven, afrekening = _engine(t)
        for i, a in enumerate(afrekening.aanspraken):
            assert a.volume is not None
            regels.append(
                (prestatie(f"{code}-{i}", nummer=t.toewijzing_nummer, categorie=cat, code=code, volume=a.volume,
                           tarief=tarieven[0].bedrag_cent, eenheid=t.eenheid, maand=(2025, 3 + i)), a.bedrag_cent)
            )  # fmt: skip
    stuur(wmo323_bericht(*(p for p, _ in regels), periode=(2025, 4)))
    assert _goedgekeurd() == [(p.product_referentie.referentie_nummer, b, "goedgekeurd") for p, b in regels]
    # April: 5 ISO weeks, but week 14 is shared with March and the whole assignment has 10 weeks x 4 h (TR322)
    assert [b for _, b in regels] == [24 * 6050, 16 * 6050, 3 * 11800, 3 * 11800]


def test_budget(o: Opstelling) -> None:
    k = o.keten
    t = toewijzing_aanmaken(
        client=k.client, aanbieder=k.aanbieder, product=k.budget, ingangsdatum=date(2025, 3, 1),
        einddatum=date(2025, 4, 30), budget_cent=100000,
    )  # fmt: skip
    tarieven = [Tariefregel(date(2022, 1, 1), None, 6000)]  # no contract tariff: the declared hourly rate
    _, _, afrekening = _engine(t, tarieven, geleverd={"2025-03": 10, "2025-04": 8})
    bedragen = [a.bedrag_cent for a in afrekening.aanspraken]
    assert bedragen == [60000, 40000]  # the budget of 1.000,00 caps April (8 h = 480,00)
    ps = [
        prestatie("B1", nummer=t.toewijzing_nummer, categorie="06", code="06A01", volume=10, tarief=6000),
        prestatie("B2", nummer=t.toewijzing_nummer, categorie="06", code="06A01", volume=8, tarief=6000,
                  maand=(2025, 4)),
    ]  # fmt: skip
    antwoord = stuur(wmo323_bericht(*ps, periode=(2025, 4)))
    assert _goedgekeurd() == [("B1", 60000, "goedgekeurd"), ("B2", 0, "afgewezen")]  # whole prestatie rejected
    assert antwoord.declaratie_antwoord is not None
    assert antwoord.declaratie_antwoord.clienten[0].prestaties[0].retour_codes == ("9369",)


@pytest.mark.parametrize(("model", "per", "prijs"), [("profiel", "maand", 60000), ("traject", "traject", 240000)])
def test_amount_based_profiel_and_traject(o: Opstelling, model: str, per: str, prijs: int) -> None:
    k = o.keten
    p = product(k.pxq.perceel, "10B01", "10", model, variant="outputgericht")
    Tarief.objects.create(product=p, geldig_van=date(2022, 1, 1), bedrag_cent=prijs, per=per)
    t = toewijzing_aanmaken(
        client=k.client, aanbieder=k.aanbieder, product=p, ingangsdatum=date(2025, 3, 11),
        einddatum=date(2025, 5, 20), volume=prijs if model == "traject" else None,
    )  # fmt: skip
    _, _, afrekening = _engine(t)
    maanden = naar_kalendermaanden(afrekening.aanspraken, _feiten(t).looptijd())
    ps: list[wmo323.Prestatie] = [
        prestatie(f"M{i}", nummer=t.toewijzing_nummer, categorie="10", code="10B01", eenheid="83",
                  volume=m.bedrag_cent, maand=(2025, 3 + i), begin=m.productperiode.van, eind=m.productperiode.tot)
        for i, m in enumerate(maanden)
    ]  # fmt: skip
    stuur(wmo323_bericht(*ps, periode=(2025, 5)))
    assert _goedgekeurd() == [(f"M{i}", m.bedrag_cent, "goedgekeurd") for i, m in enumerate(maanden)]
    if model == "profiel":
        assert [m.bedrag_cent for m in maanden] == [40645, 60000, 38710]  # 21/31, full, 20/31 of 600,00
    else:
        assert sum(m.bedrag_cent for m in maanden) == 240000
