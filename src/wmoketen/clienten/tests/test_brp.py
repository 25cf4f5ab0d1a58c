"""The BRP client against a local stand-in that answers per the Haal Centraal BRP Personen Bevragen specification."""

from __future__ import annotations

from datetime import date

import pytest

from tests.brp_standin import Standin, brp, persoon  # noqa: F401  (the fixture)
from wmoketen.clienten.brp import BrpFout, BrpKoppeling, koppeling_voor, persoon_ophalen, verschillen

BSN = "999993653"


def test_a_person_is_read_as_the_specification_returns_it(brp: Standin) -> None:  # noqa: F811
    brp.personen[BSN] = persoon(BSN)
    p = persoon_ophalen(bsn=BSN, koppeling=koppeling_voor("0988"))  # type: ignore[arg-type]
    assert p is not None
    assert (p.voorletters, p.achternaam, p.geboortedatum, p.geslacht) == ("M.J.", "Peeters", date(1942, 5, 17), "2")
    assert (p.straat, p.huisnummer, p.huisnummer_toevoeging, p.postcode, p.plaats) == (
        "Wilhelminasingel", 14, "a", "6001GS", "Weert"
    )  # fmt: skip
    assert (p.gemeente_code, p.gemeente_naam, p.overleden_op) == ("0988", "Weert", None)
    # what went over the wire: the BSN in the body, only the fields we need
    [vraag] = brp.verzoeken
    assert vraag["type"] == "RaadpleegMetBurgerservicenummer" and vraag["burgerservicenummer"] == [BSN]
    assert "leeftijd" not in vraag["fields"] and "verblijfplaats" in vraag["fields"]


def test_unknown_deceased_and_partial_dates(brp: Standin) -> None:  # noqa: F811
    assert persoon_ophalen(bsn="999990019", koppeling=koppeling_voor("0988")) is None  # type: ignore[arg-type]
    brp.personen[BSN] = persoon(
        BSN,
        overlijden={"datum": {"type": "Datum", "datum": "2025-04-30", "langFormaat": "30 april 2025"}},
        geboorte={"datum": {"type": "JaarDatum", "jaar": 1942, "langFormaat": "1942"}},
    )
    p = persoon_ophalen(bsn=BSN, koppeling=koppeling_voor("0988"))  # type: ignore[arg-type]
    assert p is not None and (p.overleden_op, p.geboortedatum) == (date(2025, 4, 30), None)


def test_refusals_and_outages_are_told_in_dutch(brp: Standin, settings: object) -> None:  # noqa: F811
    brp.storing = True
    with pytest.raises(BrpFout, match="503: Bronservice BRP is tijdelijk niet beschikbaar"):
        persoon_ophalen(bsn=BSN, koppeling=koppeling_voor("0988"))  # type: ignore[arg-type]
    with pytest.raises(BrpFout, match="401"):
        persoon_ophalen(bsn=BSN, koppeling=BrpKoppeling(url=brp.url, api_key="fout"))
    with pytest.raises(BrpFout, match="niet bereikbaar"):
        persoon_ophalen(bsn=BSN, koppeling=BrpKoppeling(url="http://127.0.0.1:9/brp", timeout=1))


def test_the_stand_in_validates_like_the_specification(brp: Standin) -> None:  # noqa: F811
    import json
    import urllib.error
    import urllib.request

    verzoek = urllib.request.Request(
        brp.url + "/personen",
        data=json.dumps(
            {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": ["12"], "fields": ["x"]}
        ).encode(),
        headers={"X-API-KEY": "test-sleutel", "Content-Type": "application/json"},
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as fout:
        urllib.request.urlopen(verzoek, timeout=5)
    probleem = json.loads(fout.value.read())
    assert fout.value.code == 400 and fout.value.headers["Content-Type"].startswith("application/problem+json")
    assert {p["name"] for p in probleem["invalidParams"]} == {"burgerservicenummer", "fields[0]"}


def test_without_configuration_there_is_no_brp(settings: object) -> None:
    settings.WMOKETEN_BRP = {}  # type: ignore[attr-defined]
    assert koppeling_voor("0988") is None
    settings.WMOKETEN_BRP = {"0988": {"url": "https://brp.weert.example"}}  # type: ignore[attr-defined]
    assert koppeling_voor("0988") == BrpKoppeling(url="https://brp.weert.example") and koppeling_voor("1640") is None


def test_differences_with_the_recorded_data(brp: Standin) -> None:  # noqa: F811
    brp.personen[BSN] = persoon(BSN)
    p = persoon_ophalen(bsn=BSN, koppeling=koppeling_voor("0988"))  # type: ignore[arg-type]
    assert p is not None
    hier = {"voorletters": "M.J.", "achternaam": "peeters", "geboortedatum": date(1942, 5, 17), "straat": "Molenweg",
            "huisnummer": 14, "huisnummer_toevoeging": "A", "postcode": "6001 GS", "plaats": "Weert"}  # fmt: skip
    assert [(v.veld, v.hier, v.brp) for v in verschillen(hier, p)] == [("straat", "Molenweg", "Wilhelminasingel")]
