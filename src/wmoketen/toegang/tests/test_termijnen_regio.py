"""Access deadlines come from each region's own file (issue 14 item 7): the Werkafspraken toegang MLW in Midden-
Limburg, only the legal deadlines of the Wmo 2015 in Limburg-Noord (whose file names none); a Limburg-Noord
consultant never sees a Midden-Limburg dossier."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.test import Client as HttpClient

from tests.factories import ClientFactory, GebruikerFactory
from wmoketen.accounts.constants import Rol
from wmoketen.catalogus.models import Gemeente, Regio
from wmoketen.contracten.services import regio_laden
from wmoketen.toegang import klok, services
from wmoketen.toegang.constants import TermijnCode
from wmoketen.toegang.instellingen import InstellingenFout, instellingen_lezen
from wmoketen.toegang.models import Melding
from wmoketen.toegang.selectors import dossier, werklijst

pytestmark = pytest.mark.django_db
REGIOS = Path(__file__).resolve().parents[4] / "regions"
VANDAAG = date(2024, 6, 3)


@pytest.fixture(autouse=True)
def vaste_dag(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(klok, "vandaag", lambda: VANDAAG)


def _melding(regio_code: str, cbs_code: str) -> tuple[Melding, object]:
    regio = Regio.objects.get(code=regio_code)
    gemeente = Gemeente.objects.get(cbs_code=cbs_code)
    consulent = GebruikerFactory(rol=Rol.CONSULENT, regio=regio, gemeenten=[gemeente])
    m = services.melding_registreren(
        door=consulent, client=ClientFactory(gemeente=gemeente), melddatum=VANDAAG, omschrijving="Hulp bij structuur"
    )
    return m, consulent


@pytest.fixture
def twee_regios() -> dict[str, tuple[Melding, object]]:
    regio_laden(pad=REGIOS / "limburg-noord-2022.yaml")
    regio_laden(pad=REGIOS / "midden-limburg-2024.yaml")
    return {"ln": _melding("limburg-noord-2022", "0983"), "ml": _melding("midden-limburg-2024", "0988")}


def test_limburg_noord_has_the_legal_deadlines_only_midden_limburg_its_work_agreements(twee_regios: dict) -> None:
    ln, _ = twee_regios["ln"]
    ml, _ = twee_regios["ml"]
    ln_codes = [s.termijn.code for s in dossier(melding=ln, vandaag=VANDAAG).termijnen]
    ml_codes = [s.termijn.code for s in dossier(melding=ml, vandaag=VANDAAG).termijnen]
    assert ln_codes == [TermijnCode.ONDERZOEK, TermijnCode.TOTAAL]
    assert ml_codes == [TermijnCode.HUISBEZOEK, TermijnCode.ONDERZOEK, TermijnCode.AKKOORD, TermijnCode.TOTAAL]
    assert (ln.volgende_termijn, ml.volgende_termijn) == (TermijnCode.ONDERZOEK, TermijnCode.HUISBEZOEK)
    huisbezoek = dossier(melding=ml, vandaag=VANDAAG).termijnen[0]
    assert (huisbezoek.uiterlijk, huisbezoek.termijn.basis[:25]) == (date(2024, 6, 10), "Werkafspraken toegang MLW")


def test_no_mlw_work_agreement_on_a_limburg_noord_page_and_no_dossier_across_regions(twee_regios: dict) -> None:
    ln, ln_consulent = twee_regios["ln"]
    ml, ml_consulent = twee_regios["ml"]
    http = HttpClient()
    http.force_login(ln_consulent)
    for url in ["/toegang/", f"/toegang/dossier/{ln.pk}/"]:
        tekst = http.get(url).content.decode()
        assert "Werkafspraken" not in tekst and "MLW" not in tekst, url
        assert "Wmo 2015" in tekst or url == "/toegang/"
    assert http.get(f"/toegang/dossier/{ml.pk}/").status_code == 404
    regels = werklijst(gebruiker=ln_consulent, vandaag=VANDAAG).regels
    assert [(r.melding, r.termijn.code) for r in regels] == [(ln, TermijnCode.ONDERZOEK)]
    http.force_login(ml_consulent)
    assert "Werkafspraken toegang MLW" in http.get(f"/toegang/dossier/{ml.pk}/").content.decode()
    assert http.get(f"/toegang/dossier/{ln.pk}/").status_code == 404


def test_a_melding_stored_with_another_region_s_deadline_shows_its_own_region_s(twee_regios: dict) -> None:
    """Meldingen stored before the region file decided: the worklist reads the region's first open deadline."""
    ln, ln_consulent = twee_regios["ln"]
    Melding.objects.filter(pk=ln.pk).update(
        volgende_termijn=TermijnCode.HUISBEZOEK, volgende_uiterlijk=date(2024, 6, 10)
    )
    (regel,) = werklijst(gebruiker=ln_consulent, vandaag=VANDAAG).regels
    assert (regel.termijn.code, regel.uiterlijk) == (TermijnCode.ONDERZOEK, date(2024, 7, 15))


def _termijn(aantal: int, eenheid: str, basis: str = "x") -> dict[str, object]:
    return {"aantal": aantal, "eenheid": eenheid, "basis": basis, "bron": "y"}


def test_a_region_file_names_only_its_own_deadlines_with_dutch_errors() -> None:
    basis = {"resultatenmatrix": [{"code": "R1", "leefgebied": "financien", "omschrijving": "Financiën"}]}
    with pytest.raises(InstellingenFout) as fout:
        instellingen_lezen({**basis, "termijnen": {"onderzoek": _termijn(4, "weken")}})
    assert "toegang.termijnen.onderzoek" in str(fout.value)
    with pytest.raises(InstellingenFout) as fout:
        instellingen_lezen({**basis, "termijnen": {"huisbezoek": _termijn(4, "dagen")}})
    assert "toegang.termijnen.huisbezoek.eenheid" in str(fout.value)
    eigen = instellingen_lezen({**basis, "termijnen": {"huisbezoek": _termijn(3, "werkdagen", "Eigen afspraak")}})
    assert list(eigen.alle_termijnen()) == [
        TermijnCode.HUISBEZOEK, TermijnCode.ONDERZOEK, TermijnCode.BESCHIKKING, TermijnCode.TOTAAL
    ]  # fmt: skip
