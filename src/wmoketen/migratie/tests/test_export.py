"""The export: every model is in it or excluded with a reason; the data dictionary describes every column; the
files are what the manifest says; scope and Logboek; and an export reimports with identical counts and money."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings

from tests.factories import GebruikerFactory
from wmoketen.accounts.constants import Rol
from wmoketen.audit.models import Verwerking
from wmoketen.catalogus.models import Gemeente, Regio
from wmoketen.contracten.services import regio_laden
from wmoketen.migratie.constants import Status
from wmoketen.migratie.export.register import APART, TABELLEN, UITGESLOTEN
from wmoketen.migratie.export.schrijven import export_aanmaken, export_draaien
from wmoketen.migratie.export.woordenboek import kolommen, woordenboek_md
from wmoketen.migratie.fouten import MigratieFout
from wmoketen.migratie.importeren import import_draaien, proefdraai_aanmaken, uitvoering_aanmaken
from wmoketen.migratie.proefarchief import proefarchief_schrijven

from .stand import leegmaken, stand


def test_elk_model_is_ingedeeld() -> None:
    """A model of a wmoketen app that is neither exported nor excluded with a reason fails here."""
    ingedeeld = {t.label for t in TABELLEN} | set(APART) | set(UITGESLOTEN)
    modellen = {m._meta.label for c in apps.get_app_configs() if c.name.startswith("wmoketen.") for m in c.get_models()}
    assert modellen - ingedeeld == set(), "neem het model op in migratie/export/register.py (of sluit het uit)"
    assert ingedeeld - modellen == set()
    assert all(r.strip() for r in (*APART.values(), *UITGESLOTEN.values()))
    for t in TABELLEN:
        assert t.herimport in {"archief", "regiobestand"} or t.herimport.startswith(("sjabloon:", "alleen export: "))
        assert set(t.zonder) <= {f.name for f in t.model._meta.get_fields()}


def test_het_woordenboek_beschrijft_elke_kolom() -> None:
    tekst = woordenboek_md()
    for t in TABELLEN:
        assert f"`tabellen/{t.naam}.csv`" in tekst
        for veld in kolommen(t):
            assert veld.verbose_name, (t.label, veld.name)
    assert "| password |" not in tekst and "| totp_geheim |" not in tekst
    assert "Niet in de export: password (geheim (wachtwoord-hash))" in tekst


@pytest.fixture
def regio(db: Any) -> Regio:
    regio_laden(pad=Path(settings.BASE_DIR) / "regions" / "midden-limburg-2024.yaml")
    return Regio.objects.get(code="midden-limburg-2024")


def _geimporteerd(regio: Regio, bron: Path) -> None:
    proef = import_draaien(proefdraai_aanmaken(regio=regio, bron=bron).pk)
    import_draaien(uitvoering_aanmaken(proefdraai=proef).pk)


def test_export_heeft_wat_het_manifest_zegt_en_komt_gelijk_terug(regio: Regio, tmp_path: Path) -> None:
    proefarchief_schrijven(regio=regio, doel=tmp_path / "archief", toewijzingen=16, maanden=3)
    _geimporteerd(regio, tmp_path / "archief")
    codes = set(regio.gemeenten.values_list("cbs_code", flat=True))
    voor = stand(codes)
    logboek = Verwerking.objects.filter(actie="exporteren").count()

    export = export_draaien(export_aanmaken(regio=regio, doel=tmp_path / "export.zip").pk)
    assert export.status == Status.KLAAR
    with zipfile.ZipFile(tmp_path / "export.zip") as z:
        manifest = json.loads(z.read("manifest.json"))
        for naam, feiten in manifest["bestanden"].items():
            inhoud = z.read(naam)
            assert hashlib.sha256(inhoud).hexdigest() == feiten["sha256"] and len(inhoud) == feiten["bytes"]
        namen = set(z.namelist())
        clienten = list(csv.DictReader(io.StringIO(z.read("tabellen/clienten_client.csv").decode()), delimiter=";"))
        gebruikers = z.read("tabellen/accounts_gebruiker.csv").decode()
    assert {f"tabellen/{t.naam}.csv" for t in TABELLEN} <= namen
    assert {"woordenboek.csv", "woordenboek.md", "LEESMIJ.md", "logboek/logboek.csv"} <= namen
    assert len(clienten) == len(voor["clienten"]) == manifest["clienten"]
    assert "password" not in gebruikers.splitlines()[0]
    assert manifest["tabellen"]["toewijzingen_toewijzing"] == len(voor["toewijzingen"])
    assert Verwerking.objects.filter(actie="exporteren").count() == logboek + len(clienten)

    leegmaken()
    _geimporteerd(regio, tmp_path / "export.zip")
    assert stand(codes) == voor


def test_export_van_een_beheerder_alleen_de_eigen_gemeenten(regio: Regio, tmp_path: Path) -> None:
    proefarchief_schrijven(regio=regio, doel=tmp_path / "archief", toewijzingen=16, maanden=2)
    _geimporteerd(regio, tmp_path / "archief")
    weert = Gemeente.objects.get(cbs_code="0988")
    beheer = GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=regio, gemeenten=[weert])
    export = export_draaien(export_aanmaken(regio=regio, doel=tmp_path / "export", door=beheer).pk)
    rijen = list(csv.DictReader((tmp_path / "export" / "tabellen" / "clienten_client.csv").open(), delimiter=";"))
    assert rijen and {r["gemeente_id"] for r in rijen} == {str(weert.pk)}
    assert export.tellingen["clienten"] == len(rijen)
    gelogd = Verwerking.objects.filter(actie="exporteren", object_id=str(export.pk))
    assert gelogd.count() == len(rijen) and set(gelogd.values_list("actor_id", flat=True)) == {beheer.pk}


def test_alleen_functioneel_beheer_van_de_regio_exporteert(regio: Regio) -> None:
    consulent = GebruikerFactory(rol=Rol.CONSULENT, regio=regio)
    with pytest.raises(MigratieFout):
        export_aanmaken(regio=regio, door=consulent)
    ander = Regio.objects.create(code="andere", naam="Andere", geldig_van=regio.geldig_van)
    beheer = GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=ander)
    with pytest.raises(MigratieFout):
        export_aanmaken(regio=regio, door=beheer)
