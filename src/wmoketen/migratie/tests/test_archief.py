"""Import of a predecessor's archive: the dry run changes nothing and reports every bad input per message or row
with a Dutch reason; the real run takes over the rest without sending a 301, is idempotent and ends the same when
interrupted and resumed."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from wmoketen.audit.models import Verwerking
from wmoketen.berichten.models import Bericht, Volgnummer
from wmoketen.catalogus.models import Regio
from wmoketen.clienten.models import Client
from wmoketen.contracten.services import regio_laden
from wmoketen.declaraties.models import Declaratie, Prestatie
from wmoketen.migratie.constants import Status, Uitkomst
from wmoketen.migratie.fouten import MigratieFout
from wmoketen.migratie.importeren import import_draaien, proefdraai_aanmaken, uitvoering_aanmaken
from wmoketen.migratie.models import Migratie
from wmoketen.migratie.proefarchief import proefarchief_schrijven
from wmoketen.toewijzingen.models import Start, Stop, Toewijzing, Toewijzingsbericht, ToewijzingVersie
from wmoketen.toewijzingen.selectors import te_verzenden_301

from .stand import leegmaken, stand

MODELLEN = (Client, Toewijzing, ToewijzingVersie, Toewijzingsbericht, Start, Stop, Declaratie, Prestatie, Bericht)


class Crash(Exception):
    pass


@pytest.fixture
def regio(db: Any) -> Regio:
    regio_laden(pad=Path(settings.BASE_DIR) / "regions" / "midden-limburg-2024.yaml")
    return Regio.objects.get(code="midden-limburg-2024")


@pytest.fixture
def archief(regio: Regio, tmp_path: Path) -> Path:
    proefarchief_schrijven(regio=regio, doel=tmp_path / "archief", toewijzingen=24, maanden=3, slecht=True)
    return tmp_path / "archief"


def _aantallen() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELLEN}


def _importeer(regio: Regio, bron: Path, **kwargs: Any) -> tuple[Migratie, Migratie]:
    proef = import_draaien(proefdraai_aanmaken(regio=regio, bron=bron).pk, batch=5)
    echt = uitvoering_aanmaken(proefdraai=proef)
    return proef, import_draaien(echt.pk, batch=5, **kwargs)


def test_proefdraai_wijzigt_niets_en_noemt_elke_slechte_invoer(regio: Regio, archief: Path) -> None:
    voor = _aantallen()
    logboek = Verwerking.objects.count()
    proef = import_draaien(proefdraai_aanmaken(regio=regio, bron=archief).pk, batch=5)
    assert proef.status == Status.KLAAR
    assert _aantallen() == voor
    assert Verwerking.objects.count() == logboek
    redenen = list(proef.afwijzingen.values_list("pad", "regel", "plek", "reden"))
    verwacht = [
        "ProductCode XXX99 (categorie 02) staat niet in de catalogus",
        "Gemeente 0363 hoort niet bij regio",
        "Aanbieder met AGB-code 99999999 is niet bekend",
        "overlapt met toewijzing 800000 in dezelfde periode; dat mag niet (TR302)",
        "is bij deze aanbieder al goedgekeurd; een referentie wordt maar één keer goedgekeurd (TR314)",
        "geen goedgevormde XML",
        "Geen 325 in het archief",
        "iWmo 2.x-declaratie (WMO303)",
        "kolom geboortedatum: '31-02-1950' is geen datum",
    ]
    for tekst in verwacht:
        assert sum(tekst in r[3] for r in redenen) == 1, (tekst, redenen)
    assert len(redenen) == len(verwacht)
    rij = next(r for r in redenen if "kolom geboortedatum" in r[3])
    assert rij[:2] == ("sjablonen/clienten.csv", 3)
    assert "kolom huisnummer: '12a' is geen geheel getal" in rij[3]
    dubbel = next(r for r in redenen if "TR314" in r[3])
    assert dubbel[2] == "/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[1]"
    assert "### Verschillen" in proef.rapport_md and "goedgekeurd: € -12,50" in proef.rapport_md
    assert proef.tellingen["soorten"]["toewijzingen"] == 25  # 24 and the iWmo 2.1 one


def test_uitvoering_neemt_over_wat_de_proefdraai_voorspelde_zonder_301(regio: Regio, archief: Path) -> None:
    proef, echt = _importeer(regio, archief)
    assert echt.status == Status.KLAAR
    assert echt.tellingen == proef.tellingen
    assert sorted(echt.afwijzingen.values_list("pad", "reden")) == sorted(proef.afwijzingen.values_list("pad", "reden"))
    assert Toewijzing.objects.count() == 25
    assert set(Toewijzing.objects.values_list("toewijzing_nummer", flat=True)) == {*range(800_000, 800_024), 990_005}
    assert Toewijzing.objects.get(toewijzing_nummer=990_005).client.achternaam == "Oudsysteem"  # iWmo 2.1
    assert te_verzenden_301() == []  # the old suite sent them: nothing goes out again
    assert not Bericht.objects.filter(richting="uit", afgeleverd_op__isnull=True).exists()
    assert (
        Client.objects.get(bsn=Toewijzing.objects.get(toewijzing_nummer=800_000).client.bsn).voornamen == "Anna Maria"
    )
    assert Verwerking.objects.filter(object_type="migratie", object_id=str(echt.pk)).count() >= Client.objects.count()
    # the next message of the municipality does not reuse an archived identification, nor does the portal
    assert not Volgnummer.objects.filter(partij__in=["0946", "99030001"], laatste=0).exists()


def test_onderbroken_en_hervat_is_gelijk_aan_ononderbroken(regio: Regio, archief: Path, tmp_path: Path) -> None:
    codes = set(regio.gemeenten.values_list("cbs_code", flat=True))
    proef, echt = _importeer(regio, archief)
    ononderbroken, tellingen = stand(codes), echt.tellingen
    redenen = sorted(echt.afwijzingen.values_list("pad", "reden"))
    echt.delete()
    proef.delete()
    leegmaken()

    def crash(batch: int) -> None:
        if batch == 3:
            raise Crash

    proef = import_draaien(proefdraai_aanmaken(regio=regio, bron=archief).pk, batch=5)
    echt = uitvoering_aanmaken(proefdraai=proef)
    with pytest.raises(Crash):
        import_draaien(echt.pk, batch=5, in_batch=crash)
    echt.refresh_from_db()
    assert echt.status == Status.ONDERBROKEN and echt.batches == 2
    hervat = import_draaien(uitvoering_aanmaken(proefdraai=proef).pk, batch=5)
    assert hervat.pk == echt.pk and hervat.status == Status.KLAAR
    assert stand(codes) == ononderbroken
    assert hervat.tellingen == tellingen
    assert sorted(hervat.afwijzingen.values_list("pad", "reden")) == redenen


def test_nogmaals_importeren_verandert_niets(regio: Regio, archief: Path) -> None:
    _, echt = _importeer(regio, archief)
    voor = _aantallen()
    assert import_draaien(echt.pk).pk == echt.pk  # a finished run changes nothing
    tweede = import_draaien(proefdraai_aanmaken(regio=regio, bron=archief).pk)
    assert _aantallen() == voor
    uitkomsten = tweede.tellingen["uitkomsten"]
    nieuw_eerst = echt.tellingen["uitkomsten"]["301"][Uitkomst.NIEUW]
    assert uitkomsten["301"].get(Uitkomst.NIEUW, 0) == 0 and uitkomsten["301"][Uitkomst.AANWEZIG] == nieuw_eerst
    assert uitkomsten["323"].get(Uitkomst.NIEUW, 0) == 0
    assert uitvoering_aanmaken(proefdraai=tweede).pk == echt.pk  # the same source has one real run


def test_uitvoering_vraagt_een_afgemaakte_proefdraai(regio: Regio, archief: Path) -> None:
    proef = proefdraai_aanmaken(regio=regio, bron=archief)
    with pytest.raises(MigratieFout, match="proefdraai"):
        uitvoering_aanmaken(proefdraai=proef)


def test_een_bestand_dat_na_de_proefdraai_wijzigt_stopt_de_uitvoering(regio: Regio, archief: Path) -> None:
    proef = import_draaien(proefdraai_aanmaken(regio=regio, bron=archief).pk)
    eerste = sorted((archief / "berichten" / "301").glob("*.xml"))[0]
    eerste.write_bytes(eerste.read_bytes().replace(b"Proefstraat", b"Andere straat"))
    echt = uitvoering_aanmaken(proefdraai=proef)
    with pytest.raises(MigratieFout, match="gewijzigd sinds"):
        import_draaien(echt.pk)
    echt.refresh_from_db()
    assert echt.status == Status.MISLUKT and "gewijzigd sinds" in echt.fout
    assert Toewijzing.objects.count() == 0


def test_een_zip_werkt_als_een_map(regio: Regio, archief: Path, tmp_path: Path) -> None:
    zip_ = Path(shutil.make_archive(str(tmp_path / "archief"), "zip", archief))
    proef = import_draaien(proefdraai_aanmaken(regio=regio, bron=zip_).pk)
    map_ = import_draaien(proefdraai_aanmaken(regio=regio, bron=archief).pk)
    assert proef.tellingen == map_.tellingen
    assert proef.vingerafdruk == map_.vingerafdruk


def test_een_bron_die_niet_bestaat_wordt_geweigerd(regio: Regio, tmp_path: Path) -> None:
    with pytest.raises(MigratieFout, match="bestaat niet"):
        proefdraai_aanmaken(regio=regio, bron=tmp_path / "nergens")
