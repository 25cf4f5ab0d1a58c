"""`wmoketen validate` prints per file the kind and OK or each finding, and exits 0 only if all are valid."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wmoketen.berichten.codec import build
from wmoketen.berichten.codec.model.basis import BedragMetDC

from . import factories as f


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_valid_files_print_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = _write(tmp_path, "a.xml", build(f.wmo301_bericht()))
    b = _write(tmp_path, "b.xml", build(f.wmo323_bericht()))
    call_command("validate", str(a), str(b))
    assert capsys.readouterr().out == f"{a}: WMO301 OK\n{b}: WMO323 OK\n"


def test_findings_are_listed_and_the_command_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _write(tmp_path, "goed.xml", build(f.wmo305_bericht()))
    bad = _write(tmp_path, "fout.xml", build(f.wmo305_bericht(f.start_product(status_aanlevering="2"))))
    with pytest.raises(CommandError) as info:
        call_command("validate", str(good), str(bad))
    assert info.value.returncode == 1
    assert capsys.readouterr().out == (
        f"{good}: WMO305 OK\n"
        f"{bad}: WMO305\n"
        "  niveau 2 CS058 0001: StatusAanlevering moet 1 (eerste aanlevering) of 3 (verwijderen) zijn. "
        "(/Bericht/Client/StartProducten/StartProduct/StatusAanlevering)\n"
    )


def _323_een_cent_te_veel() -> bytes:
    """A 323 whose IngediendBedrag is one cent more than volume x tariff, with a header total that matches it."""
    te_veel = f.prestatie(ingediend_bedrag=BedragMetDC(bedrag=24001, debet_credit="D"))
    return build(f.wmo323_bericht(te_veel))


def test_tr346_one_cent_off_with_a_consistent_total(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bestand = _write(tmp_path, "323.xml", _323_een_cent_te_veel())
    with pytest.raises(CommandError):
        call_command("validate", str(bestand))
    assert capsys.readouterr().out == (
        f"{bestand}: WMO323\n"
        "  niveau 4 TR346 9346: IngediendBedrag is niet gelijk aan GeleverdVolume maal ProductTarief (minuten op een "
        "uurtarief: uurtarief x minuten / 60, half omhoog op centen, IV079/IV081). Verwacht 24000, opgegeven 24001. "
        "(/Bericht/Declaratie/Clienten/Client/Prestaties/Prestatie/IngediendBedrag)\n"
    )


def test_json_for_tools_lists_level_and_retourcode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    goed = _write(tmp_path, "goed.xml", build(f.wmo301_bericht()))
    fout = _write(tmp_path, "fout.xml", _323_een_cent_te_veel())
    kapot = _write(tmp_path, "kapot.xml", b"<geen")
    with pytest.raises(CommandError):
        call_command("validate", "--json", str(goed), str(fout), str(kapot))
    uitvoer = json.loads(capsys.readouterr().out)["bestanden"]
    assert [(u["bestand"], u["soort"], u["geldig"]) for u in uitvoer] == [
        (str(goed), "WMO301", True),
        (str(fout), "WMO323", False),
        (str(kapot), None, False),
    ]
    assert uitvoer[0]["bevindingen"] == []
    (bevinding,) = uitvoer[1]["bevindingen"]
    assert {k: bevinding[k] for k in ("code", "retourcode", "niveau")} == {
        "code": "TR346",
        "retourcode": "9346",
        "niveau": 4,
    }
    assert uitvoer[2]["fout"].startswith("Bericht geweigerd")


def test_the_intake_rejects_what_validate_reports(tmp_path: Path) -> None:
    """The same message through `validate` and through the intake's rule (`ingediend_bedrag_klopt`)."""
    from wmoketen.berichten.rules import validate_bericht
    from wmoketen.declaraties.bedragen import ingediend_bedrag_klopt

    assert [x.code for x in validate_bericht(_323_een_cent_te_veel()).findings] == ["TR346"]
    for toewijzing_eenheid in (None, "04"):  # validate knows the message only, the intake also the assignment
        assert not ingediend_bedrag_klopt(
            eenheid="04", volume=4, tarief_cent=6000, ingediend_cent=24001, toewijzing_eenheid=toewijzing_eenheid
        )


def test_hostile_and_missing_files_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hostile = _write(tmp_path, "xxe.xml", b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')
    missing = tmp_path / "weg.xml"
    with pytest.raises(CommandError):
        call_command("validate", str(hostile), str(missing))
    out = capsys.readouterr().out
    assert f"{hostile}: Bericht geweigerd: een DOCTYPE of entiteitdeclaratie is niet toegestaan.\n" in out
    assert f"{missing}: onleesbaar (No such file or directory)\n" in out


@pytest.mark.parametrize(("valid", "exit_code"), [(True, 0), (False, 1)])
def test_console_script_exit_code_without_database(tmp_path: Path, valid: bool, exit_code: int) -> None:
    bericht = f.wmo319_bericht() if valid else f.wmo319_bericht(reden_afwijzing_verzoek=None)
    path = _write(tmp_path, "b.xml", build(bericht))
    code = "import sys; from wmoketen.cli import main; sys.argv = ['wmoketen', 'validate', sys.argv[1]]; main()"
    env = {"DJANGO_SETTINGS_MODULE": "wmoketen.conf.test", "DATABASE_URL": "postgres://nobody@256.0.0.0:1/none"}

    completed = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, env={**os.environ, **env}
    )
    assert completed.returncode == exit_code, completed.stderr
    assert completed.stdout.startswith(f"{path}: WMO319")
