"""Flows through the file drop: 315 answered per product, 317 answered as a whole, temporary stop then a new start."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.factories_berichten import Keten, keten
from wmoketen.berichten.codec import parse
from wmoketen.berichten.codec.model.wmo301 import Wmo301
from wmoketen.berichten.codec.model.wmo319 import Wmo319
from wmoketen.berichten.constants import Richting
from wmoketen.berichten.models import Bericht
from wmoketen.berichten.services import (
    AFWIJZEN,
    TOEKENNEN,
    start_melden,
    stop_melden,
    vot_regel_beantwoorden,
    vot_versturen,
    vow_beantwoorden,
    vow_versturen,
)
from wmoketen.berichten.uitwisseling.bouwers import Aanvraag, Wijziging
from wmoketen.berichten.uitwisseling.verwerken import uitwisseling_verwerken
from wmoketen.core.werkdagen import werkdagen_na
from wmoketen.toewijzingen.constants import VerzoekStatus
from wmoketen.toewijzingen.models import Start, Toewijzing, Verzoek
from wmoketen.toewijzingen.selectors import levering_status, open_verzoeken
from wmoketen.toewijzingen.services import toewijzing_aanmaken

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def uitwisseling(tmp_path: Path, settings) -> Path:  # type: ignore[no-untyped-def]
    settings.WMOKETEN_UITWISSELING_MAP = tmp_path
    return tmp_path


@pytest.fixture
def k() -> Keten:
    return keten()


def laatste(partij: str, soort: str) -> Bericht:
    return Bericht.objects.filter(partij=partij, richting=Richting.IN, soort=soort).order_by("-pk").first()  # type: ignore[return-value]


def test_vot_is_answered_per_product_within_five_working_days(k: Keten) -> None:
    aanvragen = [
        Aanvraag(
            referentie_aanbieder="VOT-1",
            product_categorie="02",
            product_code="02A01",
            ingangsdatum=date(2025, 5, 1),
            einddatum=date(2025, 10, 31),
            volume=3,
            eenheid="04",
            frequentie="2",
        ),
        Aanvraag(
            referentie_aanbieder="VOT-2",
            product_categorie="10",
            product_code="10A01",
            ingangsdatum=date(2025, 5, 1),
            einddatum=date(2025, 10, 31),
            volume=250000,
            eenheid="83",
            frequentie="6",
        ),
    ]
    vot_versturen(client=k.client, aanbieder=k.aanbieder, aanvragen=aanvragen)
    uitwisseling_verwerken()
    verzoek = Verzoek.objects.get()
    assert verzoek.uiterste_antwoorddatum == werkdagen_na(verzoek.ontvangen_op, 5)
    assert list(open_verzoeken(gemeente_codes=[k.gemeente.cbs_code])) == [verzoek]
    assert laatste(k.aanbieder.agb_code, "316").retour_codes == ["0200"]
    eerste, tweede = verzoek.regels.order_by("referentie_aanbieder")

    vot_regel_beantwoorden(regel=eerste, besluit=TOEKENNEN)
    uitwisseling_verwerken()
    verzoek.refresh_from_db()
    assert verzoek.status == VerzoekStatus.OPEN  # the second product is still open
    toewijzing = parse(bytes(laatste(k.aanbieder.agb_code, "301").inhoud))
    assert isinstance(toewijzing, Wmo301)
    (product,) = toewijzing.client.toegewezen_producten
    assert (product.referentie_aanbieder, product.product.code, product.omvang.volume) == ("VOT-1", "02A01", 3)  # type: ignore[union-attr]

    vot_regel_beantwoorden(regel=tweede, besluit=AFWIJZEN, reden_afwijzing="4")
    uitwisseling_verwerken()
    antwoord = parse(bytes(laatste(k.aanbieder.agb_code, "319").inhoud))
    assert isinstance(antwoord, Wmo319)
    assert (antwoord.antwoord.referentie_aanbieder, antwoord.antwoord.verzoek_antwoord) == ("VOT-2", "1")
    assert antwoord.antwoord.reden_afwijzing_verzoek == "4"
    assert laatste(k.gemeente.cbs_code, "320").retour_codes == ["0200"]
    verzoek.refresh_from_db()
    assert verzoek.status == VerzoekStatus.TOEGEKEND
    assert list(open_verzoeken(gemeente_codes=[k.gemeente.cbs_code])) == []


def test_vow_is_answered_as_a_whole(k: Keten) -> None:
    blijft = toewijzing_aanmaken(
        client=k.client, aanbieder=k.aanbieder, product=k.hulpmiddel, ingangsdatum=date(2025, 1, 1), volume=1
    )
    wijzig = toewijzing_aanmaken(  # open-ended: still current whatever today is (TR351 wants a current one)
        client=k.client, aanbieder=k.aanbieder, product=k.totaal, ingangsdatum=date(2025, 1, 1), volume=40
    )
    uitwisseling_verwerken()  # the first 301
    vow_versturen(
        client=k.client,
        aanbieder=k.aanbieder,
        referentie_aanbieder="VOW-1",
        reden_verzoek="1",
        ongewijzigd=[blijft.toewijzing_nummer],
        te_wijzigen=[
            Wijziging(
                toewijzing_nummer=wijzig.toewijzing_nummer,
                gewenste_ingangsdatum=date(2025, 1, 1),
                einddatum=date(2026, 6, 30),
                volume=80,
                eenheid="04",
                frequentie="6",
            )
        ],
        nieuw=[
            Aanvraag(
                referentie_aanbieder="",
                product_categorie="02",
                product_code="02A01",
                ingangsdatum=timezone.localdate() + timedelta(days=14),  # after the Dagtekening (TR380)
                einddatum=timezone.localdate() + timedelta(days=200),
                volume=2,
                eenheid="04",
                frequentie="2",
            )
        ],
    )
    uitwisseling_verwerken()
    verzoek = Verzoek.objects.get()
    assert laatste(k.aanbieder.agb_code, "318").retour_codes == ["0200"]
    vow_beantwoorden(verzoek=verzoek, besluit=TOEKENNEN)
    uitwisseling_verwerken()
    bericht = parse(bytes(laatste(k.aanbieder.agb_code, "301").inhoud))
    assert isinstance(bericht, Wmo301)
    producten = {p.toewijzing_nummer: p for p in bericht.client.toegewezen_producten}
    assert {p.referentie_aanbieder for p in producten.values()} == {"VOW-1"}  # everything, also unchanged (IV093)
    assert producten[wijzig.toewijzing_nummer].reden_wijziging == "12"
    assert producten[wijzig.toewijzing_nummer].omvang.volume == 80  # type: ignore[union-attr]  # in place: freq 6
    assert producten[blijft.toewijzing_nummer].reden_wijziging is None
    assert len(producten) == 3
    assert Verzoek.objects.get().status == VerzoekStatus.TOEGEKEND


def test_vow_refused_as_a_whole_with_one_319(k: Keten) -> None:
    t = toewijzing_aanmaken(
        client=k.client, aanbieder=k.aanbieder, product=k.totaal, ingangsdatum=date(2025, 1, 1), volume=40
    )
    uitwisseling_verwerken()
    vow_versturen(
        client=k.client,
        aanbieder=k.aanbieder,
        referentie_aanbieder="VOW-2",
        reden_verzoek="2",
        ongewijzigd=[],
        te_wijzigen=[
            Wijziging(
                toewijzing_nummer=t.toewijzing_nummer,
                gewenste_ingangsdatum=date(2025, 1, 1),
                volume=99,
                eenheid="04",
                frequentie="6",
            )
        ],
        nieuw=[],
    )
    uitwisseling_verwerken()
    vow_beantwoorden(verzoek=Verzoek.objects.get(), besluit=AFWIJZEN, reden_afwijzing="2")
    uitwisseling_verwerken()
    assert Bericht.objects.filter(partij=k.aanbieder.agb_code, richting=Richting.IN, soort="319").count() == 1
    t.refresh_from_db()
    assert t.volume == 40


def test_temporary_stop_then_new_start(k: Keten) -> None:
    t = toewijzing_aanmaken(
        client=k.client, aanbieder=k.aanbieder, product=k.totaal, ingangsdatum=date(2025, 1, 1), volume=40
    )
    uitwisseling_verwerken()
    start_melden(toewijzing=t, begindatum=date(2025, 1, 6))
    uitwisseling_verwerken()
    stop_melden(start=Start.objects.get(), reden_beeindiging="20", einddatum=date(2025, 2, 1))
    uitwisseling_verwerken()
    assert levering_status(Toewijzing.objects.get(pk=t.pk)) == "tijdelijk gestopt"
    start_melden(toewijzing=t, begindatum=date(2025, 3, 3))
    uitwisseling_verwerken()
    assert laatste(k.aanbieder.agb_code, "306").retour_codes == ["0200"]
    assert levering_status(Toewijzing.objects.get(pk=t.pk)) == "gestart"
    assert Start.objects.count() == 2
    # a second start while the new one runs is refused with 9326 (TR326) and changes nothing
    start_melden(toewijzing=t, begindatum=date(2025, 3, 10))
    uitwisseling_verwerken()
    assert "9326" in laatste(k.aanbieder.agb_code, "306").retour_codes
    assert Start.objects.count() == 2
