"""A prestatie the settlement engine cannot judge (no contract tariff on its day) is rejected with the standard's
retourcode for that cause; the other prestaties of the same 323 are judged and answered. Only level 1/2 failures
refuse a whole message, and a bug is never shown as a refusal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.factories import ClientFactory
from tests.factories_berichten import product
from wmoketen.berichten.codec import build
from wmoketen.berichten.codec.model import wmo323
from wmoketen.berichten.constants import Richting
from wmoketen.berichten.models import Bericht
from wmoketen.berichten.uitwisseling.verwerken import uitwisseling_verwerken
from wmoketen.catalogus.models import Tarief
from wmoketen.declaraties import regels
from wmoketen.declaraties.constants import PrestatieStatus
from wmoketen.declaraties.models import Declaratie, Prestatie
from wmoketen.toewijzingen.models import Toewijzing
from wmoketen.toewijzingen.services import toewijzing_aanmaken

from .harnas import BSN, GEMEENTE, Opstelling, codes, opstelling, prestatie, stuur, wmo323_bericht

pytestmark = pytest.mark.django_db
ANDER_BSN = "999990019"


@pytest.fixture
def o() -> Opstelling:
    """1001 (02A01, tariff throughout) for the first client; 1002 for another client on 02A03, whose contract
    tariff ended on 28-02-2025 while its funding runs on (an assignment not converted when its tariff ended)."""
    o = opstelling()
    oud = product(o.toewijzing.product.perceel, "02A03", "02", "pxq", "04", "2", tarief=5900)
    Tarief.objects.filter(product=oud).update(geldig_tot=date(2025, 2, 28))
    ander = ClientFactory(gemeente=o.keten.gemeente, bsn=ANDER_BSN)
    t = toewijzing_aanmaken(
        client=ander,
        aanbieder=o.keten.aanbieder,
        product=oud,
        ingangsdatum=date(2025, 1, 1),
        einddatum=date(2025, 12, 31),
        volume=3,
    )
    Toewijzing.objects.filter(pk=t.pk).update(toewijzing_nummer=1002)
    return o


def _twee_clienten() -> wmo323.Wmo323:
    return wmo323_bericht(
        clienten=(
            wmo323.Client(bsn=ANDER_BSN, prestaties=(prestatie("OUD1", nummer=1002, code="02A03", tarief=5900),)),
            wmo323.Client(bsn=BSN, prestaties=(prestatie("GOED1", volume=10),)),
        )
    )


def test_a_prestatie_without_a_tariff_on_its_day_is_rejected_with_0611_and_the_rest_is_approved(o: Opstelling) -> None:
    antwoord = stuur(_twee_clienten())

    assert antwoord.header.retour_codes == ("0200",)
    assert codes(antwoord) == {"OUD1": ("0611",)}
    da = antwoord.declaratie_antwoord
    assert da is not None
    assert da.totaal_toegekend_bedrag.totaal_bedrag == 60500  # the other client's 10 hours
    goed = Prestatie.objects.get(referentie_nummer="GOED1")
    assert (goed.status, goed.toegekend_cent) == (PrestatieStatus.GOEDGEKEURD, 60500)
    oud = Prestatie.objects.get(referentie_nummer="OUD1")
    assert oud.status == PrestatieStatus.AFGEWEZEN
    assert oud.bevindingen == [
        {
            "regel": "TR418",
            "retourcode": "0611",
            "melding": "Er is geen contracttarief geldig op 01-03-2025 (het tarief liep tot en met 28-02-2025).",
        }
    ]
    assert Declaratie.objects.get().totaal_toegekend_cent == 60500


def test_through_the_file_drop_the_file_is_processed_not_refused(
    o: Opstelling, tmp_path: Path, settings: object
) -> None:
    settings.WMOKETEN_UITWISSELING_MAP = tmp_path  # type: ignore[attr-defined]
    inbox = tmp_path / GEMEENTE / "in"
    inbox.mkdir(parents=True)
    (inbox / "323.xml").write_bytes(build(_twee_clienten()))
    verslag = uitwisseling_verwerken()
    assert verslag.geweigerd == []
    assert (inbox / "verwerkt" / "323.xml").exists()
    assert Bericht.objects.filter(richting=Richting.UIT, soort="325", partij=GEMEENTE).count() == 1
    assert Prestatie.objects.count() == 2


def test_a_bug_while_judging_fails_loudly_and_stores_nothing(
    o: Opstelling, tmp_path: Path, settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.WMOKETEN_UITWISSELING_MAP = tmp_path  # type: ignore[attr-defined]

    def kapot(*args: object) -> None:
        raise KeyError("een fout in de code")

    monkeypatch.setattr(regels, "controleer_prestatie", kapot)
    inbox = tmp_path / GEMEENTE / "in"
    inbox.mkdir(parents=True)
    (inbox / "323.xml").write_bytes(build(_twee_clienten()))
    with pytest.raises(KeyError, match="een fout in de code"):
        uitwisseling_verwerken()
    assert (inbox / "323.xml").exists()
    assert not (inbox / "geweigerd").exists()
    assert (Bericht.objects.filter(richting=Richting.IN).count(), Prestatie.objects.count()) == (0, 0)
