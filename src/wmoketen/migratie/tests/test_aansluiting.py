"""Reconciliation: the dry run puts the money per provider per month (declared, approved, paid) next to the totals
of the old suite (totalen.csv) and lists every difference; paid money comes in through the template betalingen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from tests.factories import GebruikerFactory
from wmoketen.accounts.constants import Rol
from wmoketen.catalogus.models import Regio
from wmoketen.contracten.services import regio_laden
from wmoketen.declaraties.models import Betaalregel
from wmoketen.migratie.importeren import import_draaien, proefdraai_aanmaken, uitvoering_aanmaken
from wmoketen.migratie.proefarchief import proefarchief_schrijven
from wmoketen.migratie.rapport import geldvergelijking


@pytest.fixture
def regio(db: Any) -> Regio:
    regio_laden(pad=Path(settings.BASE_DIR) / "regions" / "midden-limburg-2024.yaml")
    return Regio.objects.get(code="midden-limburg-2024")


def test_aansluiting_op_de_totalen_van_het_vorige_systeem(regio: Regio, tmp_path: Path) -> None:
    bron = tmp_path / "archief"
    s = proefarchief_schrijven(regio=regio, doel=bron, toewijzingen=10, maanden=3, betalingen=True)
    betaald = sum(m["betaald"] for maanden in s.bedragen.values() for m in maanden.values())
    assert betaald > 0
    # the old suite reports one month of one provider with EUR 1,00 more paid, and a month the archive lacks
    regels = (bron / "totalen.csv").read_text(encoding="utf-8").splitlines()
    agb, maand, gedeclareerd, goedgekeurd, oud_betaald = regels[1].split(";")
    euro, cent = oud_betaald.split(",")
    regels[1] = f"{agb};{maand};{gedeclareerd};{goedgekeurd};{int(euro) + 1},{cent}"
    regels.append(f"{agb};2019-01;10,00;10,00;10,00")
    (bron / "totalen.csv").write_text("\n".join(regels) + "\n", encoding="utf-8")

    door = GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER)
    proef = import_draaien(proefdraai_aanmaken(regio=regio, bron=bron, door=door).pk, batch=20)
    assert not proef.afwijzingen.exists()
    verschillen = {
        (r["aanbieder"], r["maand"], soort): r[f"{soort}_verschil"]
        for r in geldvergelijking(proef)
        for soort in ("gedeclareerd", "goedgekeurd", "betaald")
        if r[f"{soort}_verschil"]
    }
    assert verschillen == {
        (agb, maand, "betaald"): -100,
        (agb, "2019-01", "gedeclareerd"): -1000,
        (agb, "2019-01", "goedgekeurd"): -1000,
        (agb, "2019-01", "betaald"): -1000,
    }
    assert f"* {agb} {maand} betaald: € -1,00" in proef.rapport_md
    assert f"* {agb} 2019-01 gedeclareerd: € -10,00" in proef.rapport_md
    assert not Betaalregel.objects.exists()  # the dry run changed nothing

    echt = import_draaien(uitvoering_aanmaken(proefdraai=proef, door=door).pk, batch=20)
    assert echt.tellingen["geld"] == proef.tellingen["geld"]
    assert sum(r.bedrag_cent for r in Betaalregel.objects.all()) == betaald
