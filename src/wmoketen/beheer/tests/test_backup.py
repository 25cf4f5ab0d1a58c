"""Back-up and restore, proven by a drill that compares every table's row count and checksum."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from wmoketen.beheer.backup import backup_maken, herstel_oefening, herstellen, huidige_standen
from wmoketen.catalogus.models import Product, Tarief
from wmoketen.contracten.services import regio_laden

KLEIN = Path(__file__).resolve().parents[2] / "contracten" / "tests" / "regiobestanden" / "klein.yaml"

pytestmark = pytest.mark.django_db(transaction=True)


def test_drill_restores_identical_data(tmp_path: Path) -> None:
    regio_laden(pad=KLEIN)
    bestand = backup_maken(tmp_path / "db.backup")

    uitkomst = herstel_oefening(bestand)

    assert uitkomst.geslaagd, uitkomst.afwijkingen
    standen = {s.tabel: s.rijen for s in huidige_standen()}
    assert standen["catalogus_product"] == 2
    assert standen["catalogus_tarief"] == 3
    assert uitkomst.rijen == sum(standen.values())


def test_drill_reports_a_backup_that_differs(tmp_path: Path) -> None:
    regio_laden(pad=KLEIN)
    bestand = backup_maken(tmp_path / "db.backup")
    Tarief.objects.filter(bedrag_cent=6050).update(bedrag_cent=6051)
    Product.objects.filter(productcode="KDV").update(naam="Anders")

    uitkomst = herstel_oefening(bestand)

    assert not uitkomst.geslaagd
    assert uitkomst.afwijkingen == [
        "catalogus_product: zelfde aantal rijen, andere inhoud",
        "catalogus_tarief: zelfde aantal rijen, andere inhoud",
    ]


def test_drill_command(capsys: pytest.CaptureFixture[str]) -> None:
    regio_laden(pad=KLEIN)
    call_command("backup", "oefening")
    assert "Herstel-oefening geslaagd" in capsys.readouterr().out


def test_backup_needs_a_file() -> None:
    with pytest.raises(CommandError, match="Geef een bestand op"):
        call_command("backup", "maken")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="restoring over the live test database: SQLite only")
def test_restore_brings_back_the_backed_up_state(tmp_path: Path) -> None:
    regio_laden(pad=KLEIN)
    bestand = backup_maken(tmp_path / "db.backup")
    Tarief.objects.all().delete()

    herstellen(bestand)

    assert Tarief.objects.count() == 3
