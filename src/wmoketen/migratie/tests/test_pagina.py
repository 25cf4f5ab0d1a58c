"""The migration page of functioneel beheer: the export of the own region runs as a task (wmoketen.taken), not in
the request; only the one who started it downloads the ZIP; other roles and other regions see nothing."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from django.urls import reverse

from tests.auth import login_met_tweede_factor
from tests.factories import GebruikerFactory, RegioFactory
from wmoketen.accounts.constants import Rol
from wmoketen.catalogus.models import Regio
from wmoketen.contracten.services import regio_laden
from wmoketen.migratie.constants import Soort, Status
from wmoketen.migratie.models import Migratie
from wmoketen.taken.models import Taak


@pytest.fixture
def regio(db: Any, tmp_path: Path, settings: Any) -> Regio:
    settings.VAR_DIR = tmp_path
    regio_laden(pad=Path(settings.BASE_DIR) / "regions" / "midden-limburg-2024.yaml")
    return Regio.objects.get(code="midden-limburg-2024")


def _http(gebruiker: Any) -> HttpClient:
    return login_met_tweede_factor(HttpClient(), gebruiker)


def test_export_vanaf_de_pagina_als_taak_en_alleen_voor_wie_hem_startte(
    regio: Regio, django_capture_on_commit_callbacks: Any
) -> None:
    beheer = GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=regio, gemeenten=list(regio.gemeenten.all()))
    http = _http(beheer)
    assert http.get(reverse("migratie:overzicht")).status_code == 200
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        antwoord = http.post(reverse("migratie:exporteren"))
    export = Migratie.objects.get(soort=Soort.EXPORT)
    taak = Taak.objects.get(naam="migratie.exporteren")
    assert antwoord.status_code == 302 and antwoord["Location"].startswith(reverse("taken:detail", args=[taak.pk]))
    assert taak.argumenten == {"migratie_id": export.pk} and taak.regio_id == regio.pk
    assert export.status == Status.WACHT  # nothing written in the request
    assert len(callbacks) == 1
    callbacks[0]()  # the commit hands it to Celery (without a broker: run here, as the worker would)
    export.refresh_from_db()
    taak.refresh_from_db()
    assert export.status == Status.KLAAR, export.fout
    assert taak.uitkomst.startswith(f"Export {export.pk} klaar")
    pagina = http.get(reverse("migratie:overzicht")).content.decode()
    assert reverse("migratie:download", args=[export.pk]) in pagina

    zip_ = http.get(reverse("migratie:download", args=[export.pk]))
    assert zip_.status_code == 200
    namen = zipfile.ZipFile(io.BytesIO(b"".join(zip_.streaming_content))).namelist()  # type: ignore[attr-defined]
    assert {"manifest.json", "woordenboek.csv", "woordenboek.md", "LEESMIJ.md"} <= set(namen)
    assert http.get(reverse("migratie:rapport", args=[export.pk])).status_code == 200

    collega = GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=regio)
    assert _http(collega).get(reverse("migratie:download", args=[export.pk])).status_code == 404
    elders = GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=RegioFactory())
    assert _http(elders).get(reverse("migratie:rapport", args=[export.pk])).status_code == 404
    assert (
        reverse("migratie:rapport", args=[export.pk])
        not in _http(elders).get(reverse("migratie:overzicht")).content.decode()
    )
    consulent = _http(GebruikerFactory(rol=Rol.CONSULENT, regio=regio))
    assert consulent.get(reverse("migratie:overzicht")).status_code == 403
    assert consulent.post(reverse("migratie:exporteren")).status_code == 403
    assert Migratie.objects.filter(soort=Soort.EXPORT).count() == 1
    assert Path(export.bron).parent == Path(settings.VAR_DIR) / "migratie"
