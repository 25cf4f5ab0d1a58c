"""The whole chain in real XML through the file-drop transport in a temporary folder:
beschikking/toewijzing -> 301 -> 302 -> 305 -> 306 -> 307 (temporary) -> 308 -> 307 (definitive) -> 308."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.factories_berichten import keten
from wmoketen.berichten.codec import parse
from wmoketen.berichten.constants import Richting, Status
from wmoketen.berichten.models import Bericht
from wmoketen.berichten.services import start_melden, stop_melden
from wmoketen.berichten.uitwisseling.verwerken import uitwisseling_verwerken
from wmoketen.toewijzingen.models import Start, Stop
from wmoketen.toewijzingen.selectors import levering_status
from wmoketen.toewijzingen.services import toewijzing_aanmaken

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def uitwisseling(tmp_path: Path, settings) -> Path:  # type: ignore[no-untyped-def]
    settings.WMOKETEN_UITWISSELING_MAP = tmp_path
    return tmp_path


def rij(partij: str, richting: str, soort: str) -> Bericht:
    return Bericht.objects.get(partij=partij, richting=richting, soort=soort)


def test_full_chain_through_file_drop(uitwisseling: Path) -> None:
    k = keten()
    gemeente, agb = k.gemeente.cbs_code, k.aanbieder.agb_code
    t = toewijzing_aanmaken(
        client=k.client,
        aanbieder=k.aanbieder,
        product=k.pxq,
        ingangsdatum=date(2025, 1, 1),
        einddatum=date(2025, 12, 31),
        volume=4,
    )

    verslag = uitwisseling_verwerken()
    assert verslag.verzonden_301 == 1, verslag
    assert verslag.geweigerd == []
    assert rij(gemeente, Richting.UIT, "301").status == Status.GOEDGEKEURD
    assert rij(agb, Richting.IN, "301").status == Status.GOEDGEKEURD
    retour = rij(gemeente, Richting.IN, "302")
    assert retour.retour_codes == ["0200"]
    assert (uitwisseling / agb / "in" / "verwerkt").is_dir()
    assert list((uitwisseling / agb / "in").glob("*.xml")) == []

    start_melden(toewijzing=t, begindatum=date(2025, 1, 6))
    uitwisseling_verwerken()
    assert rij(gemeente, Richting.IN, "305").status == Status.GOEDGEKEURD
    assert Start.objects.get().begindatum == date(2025, 1, 6)
    assert rij(agb, Richting.IN, "306").retour_codes == ["0200"]
    assert rij(agb, Richting.UIT, "305").status == Status.GOEDGEKEURD
    assert levering_status(t) == "gestart"

    start = Start.objects.get()
    stop_melden(start=start, reden_beeindiging="20", einddatum=date(2025, 3, 1))
    uitwisseling_verwerken()
    assert levering_status(t) == "tijdelijk gestopt"
    stop_melden(start=start, reden_beeindiging="19", einddatum=date(2025, 4, 1))
    uitwisseling_verwerken()
    assert levering_status(t) == "gestopt"
    assert Stop.objects.count() == 2
    retouren = Bericht.objects.filter(partij=agb, richting=Richting.IN, soort="308")
    assert sorted(r.retour_codes[0] for r in retouren) == ["0200", "0200"]
    # every message is real, schema-valid XML
    for b in Bericht.objects.all():
        parse(bytes(b.inhoud))
