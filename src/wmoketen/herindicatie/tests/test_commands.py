from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from .conversie_fixture import LN_CONVERSIE, ln_fixture

pytestmark = pytest.mark.django_db


def _draai(*args: str) -> str:
    uit = StringIO()
    call_command(*args, stdout=uit)
    return uit.getvalue()


def test_dryrun_run_en_nogmaals():
    ln_fixture()
    proef = _draai("conversie_dryrun", str(LN_CONVERSIE))
    assert "Toewijzingen in scope: 6; omzetten 2, inkorten 2, ongemoeid 2, handmatig 0" in proef
    uit = _draai("conversie_run", str(LN_CONVERSIE), "--batch", "3")
    assert uit.splitlines()[:2] == [
        "batch 1: 3/6 verwerkt, 2 301-berichten",
        "batch 2: 6/6 verwerkt, 4 301-berichten",
    ]
    assert "Klaar: 2 omgezet, 2 ingekort, 2 ongemoeid, 0 handmatig; 4 301-berichten." in uit
    assert "al afgerond; er verandert niets" in _draai("conversie_run", str(LN_CONVERSIE))


def test_fout_bestand(tmp_path):
    pad = tmp_path / "x.yaml"
    pad.write_text("versie: 1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="geweigerd"):
        _draai("conversie_dryrun", str(pad))
