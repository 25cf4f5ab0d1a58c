from datetime import date
from types import SimpleNamespace

from wmoketen.declaraties.adapters import bekostigingsregel_from_model, tariefregel_from_model
from wmoketen.declaraties.feiten import MLW_2018, Bekostigingsregel, Tariefregel
from wmoketen.declaraties.perioden import CakGrid


def test_adapters_lezen_alleen_attributen():
    afrekenregel = SimpleNamespace(
        periodegrid="cak_4_weken",
        eerste_periode="niets",
        laatste_periode="volledig",
        onderbreking="volledig",
        wissel_aanbieder="oude_aanbieder",
        declaratiemoment="per_periode",
        regio=SimpleNamespace(cak_week_53="periode_13"),
    )
    bekostiging = SimpleNamespace(
        geldig_van=date(2018, 1, 1),
        geldig_tot=None,
        model="profiel",
        eenheid="",
        frequentie="",
        afrekenregel=afrekenregel,
        maximum_budget_cent=None,
    )
    assert bekostigingsregel_from_model(bekostiging) == Bekostigingsregel(
        date(2018, 1, 1), None, "profiel", afrekenregels=MLW_2018
    )
    tarief = SimpleNamespace(geldig_van=date(2018, 1, 1), geldig_tot=None, bedrag_cent=24000, per="4_weken")
    assert tariefregel_from_model(tarief) == Tariefregel(date(2018, 1, 1), None, 24000, "4_weken")
    # the region's CAK calendar travels with the settlement rules
    afrekenregel.regio.cak_week_53 = "periode_1"
    regels = bekostigingsregel_from_model(bekostiging).afrekenregels
    assert regels is not None and regels.cak_grid == CakGrid(week_53="periode_1")
