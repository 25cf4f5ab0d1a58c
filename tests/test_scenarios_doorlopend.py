"""Issue 14, 'Done when': the worked examples of docs/ that had only an engine test, now on the database path (the
region file as it ships, assignments through the services, the portal's proposal, a real 323 through the exchange
and its 325). The CAK periods around 31-12-2018 are in test_scenarios.py, the MLW 2018 switch and interruption in
test_scenario_wissel.py."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.factories import GebruikerFactory
from wmoketen.accounts.constants import Rol
from wmoketen.catalogus.models import Gemeente, Segment
from wmoketen.contracten.models import Aanbieder, Budgetplafond
from wmoketen.core.money import format_euro
from wmoketen.declaraties.betaling import betaalbatch_aanmaken
from wmoketen.declaraties.models import Prestatie
from wmoketen.declaraties.selectors import plafondstanden
from wmoketen.toewijzingen.models import Toewijzing
from wmoketen.toewijzingen.services import ToewijzingFout, toewijzing_aanmaken
from wmoketen.toewijzingen.wissel import aanbieder_wisselen

from . import scenario as s

pytestmark = pytest.mark.django_db
D = date
WEERT = "0988"
VENLO = "0983"
MLW = "midden-limburg-west-2018"
LN = "limburg-noord-2022"


@pytest.fixture(autouse=True)
def _uitwisseling(tmp_path: Path, settings: Any) -> None:
    settings.WMOKETEN_UITWISSELING_MAP = tmp_path


def test_mlw_2018_start_period_nothing_end_period_in_full_per_calendar_month() -> None:
    """docs/afrekenen.md, 'The MLW 2018 four-week rules': care from 10-01-2018 to 14-03-2018. CAK period 1
    (01-01..28-01) is the start period: nothing; period 2 (29-01..25-02) in full, spread over its days; period 3
    (26-02..25-03) is the end period: in full although care ends on 14-03, spread over its 17 paid days. Product
    2701 at EUR 240,00 per 4 weeks (the document's example has EUR 612,00: January 65,57, February 654,43, March
    504,00; the same fractions here). 2018 cannot go into a 323 (CS100), so the portal's proposal is the check."""
    s.regio(MLW)
    maasdal = s.aanbieder("99010001")
    t = toewijzing_aanmaken(
        client=s.client(WEERT, "999990019"), aanbieder=maasdal, product=s.product(MLW, "2701"),
        ingangsdatum=D(2018, 1, 10), einddatum=D(2018, 3, 14),
    )  # fmt: skip
    maanden = {
        maand: [
            (r.toewijzing_nummer, r.begindatum, r.einddatum, r.eenheid, r.ingediend_bedrag_cent)
            for r in s.voorgesteld(maasdal, WEERT, 2018, maand, vandaag=D(2018, 4, 3))
        ]
        for maand in (1, 2, 3)
    }
    n = t.toewijzing_nummer
    # January: 3 days of period 2 (29..31-01) = 24000 x 3/28; period 1 pays nothing
    assert maanden[1] == [(n, D(2018, 1, 10), D(2018, 1, 31), "83", 2571)]
    # February: the other 25 days of period 2 (21429) + 3 days of period 3's 17 paid days (24000 x 3/17 = 4235)
    assert maanden[2] == [(n, D(2018, 2, 1), D(2018, 2, 28), "83", 21429 + 4235)]
    # March: the rest of period 3, in full up to the end date
    assert maanden[3] == [(n, D(2018, 3, 1), D(2018, 3, 14), "83", 19765)]
    assert sum(r[-1] for m in maanden.values() for r in m) == 2 * 24000  # two periods paid, the first not


def test_limburg_noord_pxq_is_served_out_until_31_december_2022() -> None:
    """docs/regios.md, Limburg-Noord 2022: running p x q indications stay until their end date but at most until
    31-12-2022, next to the new traject prices. BGI (hours per week) assigned from 01-10-2022 to 30-06-2023 beside a
    1B traject: December 2022 is declared from the proposal and approved in full; January 2023 proposes only the
    traject, and a BGI prestatie declared for January anyway is refused by itself with a retourcode while the
    traject in the same 323 is approved (the 325 accounts for every prestatie, issue 14 item 1)."""
    s.regio(LN)
    maasland = s.aanbieder("99020001")
    uren = toewijzing_aanmaken(
        client=s.client(VENLO, "999990019"), aanbieder=maasland, product=s.product(LN, "BGI"),
        ingangsdatum=D(2022, 10, 1), einddatum=D(2023, 6, 30), volume=4,
    )  # fmt: skip
    traject = toewijzing_aanmaken(
        client=s.client(VENLO, "999990020"), aanbieder=maasland, product=s.product(LN, "1BBG"),
        ingangsdatum=D(2022, 12, 1), einddatum=D(2023, 5, 31),
    )  # fmt: skip

    december = s.voorgesteld(maasland, VENLO, 2022, 12, vandaag=D(2023, 1, 5))
    assert {r.toewijzing_nummer for r in december} == {uren.toewijzing_nummer, traject.toewijzing_nummer}
    assert s.volledig_toegekend(s.declareren(maasland, VENLO, december, 2022, 12, vandaag=D(2023, 1, 5)))

    januari = s.voorgesteld(maasland, VENLO, 2023, 1, vandaag=D(2023, 2, 3))
    assert [r.toewijzing_nummer for r in januari] == [traject.toewijzing_nummer]  # no p x q after 31-12-2022
    bgi_december = next(r for r in december if r.toewijzing_nummer == uren.toewijzing_nummer)
    bgi_januari = replace(bgi_december, begindatum=D(2023, 1, 1), einddatum=D(2023, 1, 31))
    antwoord = s.declareren(maasland, VENLO, [*januari, bgi_januari], 2023, 1, vandaag=D(2023, 2, 3))
    assert antwoord.declaratie_antwoord is not None
    januari_prestaties = Prestatie.objects.filter(begindatum=D(2023, 1, 1), aanbieder=maasland)
    uitkomst = {p.toewijzing_nummer: (p.status, tuple(p.retour_codes)) for p in januari_prestaties}
    assert uitkomst[traject.toewijzing_nummer] == ("goedgekeurd", ())
    status, codes = uitkomst[uren.toewijzing_nummer]
    # no contract tariff for BGI on a day in 2023: the submitted tariff differs from the contract's (TR418, 0611)
    assert (status, codes) == ("afgewezen", ("0611",)), uitkomst


def test_a_provider_over_its_budget_ceiling() -> None:
    """docs/afrekenen.md and docs/declaraties.md, 'Budget ceilings': Peelrand's 1B ceiling for 2022 from the region
    file (lowered here to what January and February take, as another region file could set it). Three 1B trajects
    declared for January to March 2022 through the exchange, all approved. Under the rule Limburg-Noord ships
    (geen_nieuwe_clienten) the ceiling page signals 100 % with that rule's text and nothing is held; under
    `overleg` the payment batch takes the months in order of receipt up to the ceiling, holds March, and pays it
    once the region raises the ceiling."""
    s.regio(LN)
    peelrand = s.aanbieder("99020002")
    venlo = Gemeente.objects.get(cbs_code=VENLO)
    for bsn in ("999990019", "999990020", "999990032"):
        toewijzing_aanmaken(
            client=s.client(VENLO, bsn), aanbieder=peelrand, product=s.product(LN, "1BBG"),
            ingangsdatum=D(2022, 1, 1), einddatum=D(2022, 6, 30),
        )  # fmt: skip
    per_maand = {}
    for maand in (1, 2, 3):
        dag = D(2022, maand + 1, 3)
        regels = s.voorgesteld(peelrand, VENLO, 2022, maand, vandaag=dag)
        assert len(regels) == 3
        assert s.volledig_toegekend(s.declareren(peelrand, VENLO, regels, 2022, maand, vandaag=dag))
        per_maand[maand] = sum(r.ingediend_bedrag_cent for r in regels)
    plafond = Budgetplafond.objects.get(aanbieder=peelrand, segment__code="1B", jaar=2022)
    assert plafond.bedrag_cent == 8000000  # as the region file ships it
    plafond.bedrag_cent = per_maand[1] + per_maand[2]
    plafond.save(update_fields=["bedrag_cent"])
    backoffice = GebruikerFactory(rol=Rol.BACKOFFICE, gemeenten=[venlo])

    standen = plafondstanden(gebruiker=backoffice, jaar=2022, peildatum=D(2022, 4, 5))
    [stand] = [r for r in standen if r.plafond.pk == plafond.pk]
    assert stand.stand.goedgekeurd_cent == sum(per_maand.values()) > plafond.bedrag_cent
    assert stand.stand.signaal == 100
    assert stand.stand.regeltekst == "Plafond bereikt: de aanbieder krijgt geen nieuwe cliënten meer toegewezen."
    assert stand.aangehouden_cent == 0  # that rule holds no payment
    _geen_nieuwe_clienten_boven_het_plafond(peelrand, plafond, sum(per_maand.values()))

    Segment.objects.filter(regio__code=LN, code="1B").update(plafondregel="overleg")
    batch = betaalbatch_aanmaken(gemeente=venlo, actor=backoffice)
    assert batch is not None and batch.totaal_cent == per_maand[1] + per_maand[2]
    in_batch = set(batch.regels.values_list("prestatie__begindatum__month", flat=True))
    assert in_batch == {1, 2}
    assert [a["bedrag_cent"] for a in batch.aangehouden] == [per_maand[3]]
    assert betaalbatch_aanmaken(gemeente=venlo, actor=backoffice) is None  # March stays held, not rejected

    Budgetplafond.objects.filter(pk=plafond.pk).update(bedrag_cent=sum(per_maand.values()))
    volgende = betaalbatch_aanmaken(gemeente=venlo, actor=backoffice)
    assert volgende is not None and volgende.totaal_cent == per_maand[3]


def _geen_nieuwe_clienten_boven_het_plafond(peelrand: Aanbieder, plafond: Budgetplafond, verbruik: int) -> None:
    """What the rule means where assignments are made (docs/declaraties.md, 'Geen nieuwe cliënten boven het
    plafond'; the region's `instellingen: plafond:`): over its 1B ceiling Peelrand gets no new client in 1B, from
    any path that creates a toewijzing; an existing client's extension goes on; a provider under its ceiling takes
    the new client; a region that sets `nieuwe_clienten: toestaan` only signals."""
    product = s.product(LN, "1BBG")
    nieuw = s.client(VENLO, "999990044")
    with pytest.raises(ToewijzingFout) as fout:
        toewijzing_aanmaken(
            client=nieuw, aanbieder=peelrand, product=product, ingangsdatum=D(2022, 4, 1), einddatum=D(2022, 9, 30)
        )
    assert str(fout.value) == (
        f"Stichting Peelrand Begeleiding (demo) krijgt geen nieuwe cliënten meer in {plafond.segment.naam}: het "
        f"budgetplafond 2022 is bereikt ({format_euro(verbruik)} goedgekeurd en in behandeling van "
        f"{format_euro(plafond.bedrag_cent)}, {verbruik * 100 // plafond.bedrag_cent}%). Volgens de afspraken van "
        "Limburg-Noord 2022 houdt een aanbieder boven het plafond zijn lopende cliënten (ook verlenging of "
        "wijziging), maar wijst de regio geen nieuwe cliënten meer toe. Kies een andere aanbieder, of vraag de "
        "contractmanager het plafond te verhogen."
    )
    assert not Toewijzing.objects.filter(client=nieuw).exists()
    # a switch to Peelrand is a new client too: refused, and the other provider's assignment is not ended
    maasland = s.aanbieder("99020001")
    consulent = GebruikerFactory(rol=Rol.CONSULENT, gemeenten=[nieuw.gemeente])
    bij_maasland = toewijzing_aanmaken(
        client=nieuw, aanbieder=maasland, product=product, ingangsdatum=D(2022, 4, 1), einddatum=D(2022, 9, 30)
    )
    with pytest.raises(ToewijzingFout, match="krijgt geen nieuwe cliënten meer"):
        aanbieder_wisselen(door=consulent, toewijzing=bij_maasland, nieuwe_aanbieder=peelrand, per=D(2022, 5, 1))
    bij_maasland.refresh_from_db()
    assert bij_maasland.einddatum == D(2022, 9, 30)
    # an existing client of Peelrand: its extension from the day after its end is allowed
    bestaand = Toewijzing.objects.filter(aanbieder=peelrand, product=product).order_by("pk").first()
    assert bestaand is not None and bestaand.einddatum == D(2022, 6, 30)
    verlengd = toewijzing_aanmaken(
        client=bestaand.client, aanbieder=peelrand, product=product, ingangsdatum=D(2022, 7, 1),
        einddatum=D(2022, 12, 31),
    )  # fmt: skip
    assert verlengd.aanbieder == peelrand
    # the region's setting: only a signal
    regio = plafond.segment.regio
    regio.instellingen = {**regio.instellingen, "plafond": {"nieuwe_clienten": "toestaan"}}
    regio.save(update_fields=["instellingen"])
    assert toewijzing_aanmaken(
        client=s.client(VENLO, "999990056"), aanbieder=peelrand, product=product, ingangsdatum=D(2022, 4, 1),
        einddatum=D(2022, 9, 30),
    ).aanbieder == peelrand  # fmt: skip
    regio.instellingen = {**regio.instellingen, "plafond": {}}
    regio.save(update_fields=["instellingen"])
