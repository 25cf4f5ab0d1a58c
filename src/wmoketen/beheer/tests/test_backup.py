"""Back-up and restore, proven by a drill that compares every table's row count and checksum."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from wmoketen.beheer import backup
from wmoketen.beheer.backup import (
    KOP,
    BackupFout,
    backup_maken,
    herstel_oefening,
    herstellen,
    huidige_standen,
    nieuwe_sleutel,
    ontsleutelen,
    versleutelen,
)
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


# --- encrypted and private (issue 13 item 8: the back-up file was written 0644 and unencrypted) -----------------


def test_the_backup_file_is_0600_and_encrypted_and_the_drill_decrypts_it(tmp_path: Path) -> None:
    regio_laden(pad=KLEIN)
    bestand = backup_maken(tmp_path / "db.backup")

    assert stat.S_IMODE(bestand.stat().st_mode) == 0o600
    inhoud = bestand.read_bytes()
    assert inhoud.startswith(KOP)
    for leesbaar in (b"SQLite format", b"PGDMP", b"catalogus_tarief"):  # no plain dump, no table name
        assert leesbaar not in inhoud
    assert [p.name for p in tmp_path.iterdir()] == ["db.backup"]  # no unencrypted copy left beside it

    uitkomst = herstel_oefening(bestand)  # the drill decrypts and compares every table
    assert uitkomst.geslaagd, uitkomst.afwijkingen
    assert uitkomst.rijen > 0


def test_a_backup_refuses_without_a_key_and_decrypts_only_with_it(
    tmp_path: Path, settings: pytest.FixtureRequest
) -> None:
    regio_laden(pad=KLEIN)
    sleutel = settings.WMOKETEN_BACKUP_SLEUTEL  # type: ignore[attr-defined]
    settings.WMOKETEN_BACKUP_SLEUTEL = ""  # type: ignore[attr-defined]
    with pytest.raises(BackupFout, match="WMOKETEN_BACKUP_SLEUTEL ontbreekt"):
        backup_maken(tmp_path / "zonder.backup")
    assert not list(tmp_path.iterdir())

    settings.WMOKETEN_BACKUP_SLEUTEL = sleutel  # type: ignore[attr-defined]
    bestand = backup_maken(tmp_path / "db.backup")
    settings.WMOKETEN_BACKUP_SLEUTEL = nieuwe_sleutel()  # type: ignore[attr-defined]
    with pytest.raises(BackupFout, match="andere sleutel"):
        herstel_oefening(bestand)
    settings.WMOKETEN_BACKUP_SLEUTEL = f"{nieuwe_sleutel()},{sleutel}"  # rotated: the old key still decrypts
    assert herstel_oefening(bestand).geslaagd


def test_a_changed_reordered_or_shortened_backup_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup, "DEEL_BYTES", 1000)  # many parts
    bron = tmp_path / "bron"
    bron.write_bytes(bytes(range(256)) * 20)
    versleutelen(bron, tmp_path / "goed")
    ontsleutelen(tmp_path / "goed", tmp_path / "terug")
    assert (tmp_path / "terug").read_bytes() == bron.read_bytes()

    data = (tmp_path / "goed").read_bytes()
    delen, i = [], len(KOP)
    while i < len(data):
        n = int.from_bytes(data[i : i + 4], "big")
        delen.append(data[i : i + 4 + n])
        i += 4 + n
    assert len(delen) == 6
    varianten = {
        "afgebroken": KOP + b"".join(delen[:-1]),
        "volgorde": KOP + delen[1] + delen[0] + b"".join(delen[2:]),
        "gewijzigd": data[:-5] + bytes([data[-5] ^ 1]) + data[-4:],
        "aangevuld": data + delen[0],
        "onversleuteld": bron.read_bytes(),
    }
    for naam, inhoud in varianten.items():
        (tmp_path / naam).write_bytes(inhoud)
        with pytest.raises(BackupFout):
            ontsleutelen(tmp_path / naam, tmp_path / "uit")
