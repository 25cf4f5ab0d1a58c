"""Import from the page of functioneel beheer: upload an archive (zip) or a template, the dry run as a task with its
report as tables (per kind, gemeente and provider by name, money next to the old suite's totals, every refusal with
its place), then a second beheerder starts the real run (four eyes); hostile uploads are refused in Dutch before
anything is stored; other roles get 403, another region's beheer 404."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient
from django.urls import reverse

from tests.auth import login_met_tweede_factor
from tests.factories import GebruikerFactory, RegioFactory
from tests.kruipen import zichtbare_tekst
from wmoketen.accounts.constants import Rol
from wmoketen.catalogus.models import Regio
from wmoketen.clienten.models import Client
from wmoketen.contracten.services import regio_laden
from wmoketen.migratie.constants import Status
from wmoketen.migratie.models import Migratie
from wmoketen.migratie.proefarchief import proefarchief_schrijven
from wmoketen.taken.models import Taak
from wmoketen.toewijzingen.models import Toewijzing
from wmoketen.web.tests.test_leesbaar import kale_gemeentecodes


@pytest.fixture
def regio(db: Any, tmp_path: Path, settings: Any) -> Regio:
    settings.VAR_DIR = tmp_path / "var"
    regio_laden(pad=Path(settings.BASE_DIR) / "regions" / "midden-limburg-2024.yaml")
    return Regio.objects.get(code="midden-limburg-2024")


def _http(gebruiker: Any) -> HttpClient:
    return login_met_tweede_factor(HttpClient(), gebruiker)


def _zip(map_: Path) -> bytes:
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as z:
        for pad in sorted(map_.rglob("*")):
            if pad.is_file():
                z.write(pad, pad.relative_to(map_).as_posix())
    return uit.getvalue()


def _upload(http: HttpClient, naam: str, inhoud: bytes, **extra: Any) -> Any:
    return http.post(reverse("migratie:importeren"), {"bestand": SimpleUploadedFile(naam, inhoud), **extra})


def test_archief_uploaden_proefdraai_rapport_en_uitvoering_met_vier_ogen(
    regio: Regio, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    proefarchief_schrijven(regio=regio, doel=tmp_path / "archief", toewijzingen=6, maanden=2, slecht=True)
    a = GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=regio)
    b = GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=regio)
    http_a, http_b = _http(a), _http(b)
    assert reverse("migratie:importeren") in http_a.get(reverse("migratie:overzicht")).content.decode()
    assert http_a.get(reverse("migratie:importeren")).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):  # the task runs after the commit (eager: no broker)
        antwoord = _upload(http_a, "archief.zip", _zip(tmp_path / "archief"))
    proef = Migratie.objects.get(proef=True)
    assert antwoord.status_code == 302 and antwoord["Location"] == reverse("migratie:rapport", args=[proef.pk])
    assert proef.status == Status.KLAAR, proef.fout
    assert proef.gestart_door == a and Path(proef.bron).name == "bron.zip"
    assert not Toewijzing.objects.exists()  # the dry run changed nothing
    taak = Taak.objects.get(naam="migratie.importeren", argumenten={"migratie_id": proef.pk})
    assert taak.status == "klaar" and taak.uitkomst.startswith(f"Proefdraai {proef.pk} klaar")
    assert (taak.gedaan, taak.totaal) == (proef.verwerkt, proef.totaal)

    # the report as tables, in Dutch, parties by name; the uploader may not start it
    html = http_a.get(reverse("migratie:rapport", args=[proef.pk])).content.decode()
    for deel in ('id="uitkomsten"', 'id="per-gemeente"', 'id="per-aanbieder"', 'id="geld"', 'id="afwijzingen"'):
        assert deel in html, deel
    assert "(vorig systeem)" in html and 'id="verschillen"' in html  # totalen.csv in the zip: compared
    assert "Gemeente 0363 hoort niet bij regio" in html  # a refusal with its reason
    assert "Regel 3: kolom geboortedatum" in html  # a template row with its line
    assert proef.afwijzingen.count() >= 5 and html.count("<tr>") > proef.afwijzingen.count()
    tekst = zichtbare_tekst(html)
    gemeenten = dict(regio.gemeenten.values_list("cbs_code", "naam"))
    assert kale_gemeentecodes(tekst, gemeenten) == []
    assert 'id="starten"' not in html and "Vier ogen: wie de bron aanleverde" in html
    assert str(Path(proef.bron).parent) not in html  # never the server's path

    # the uploader cannot start it by posting either
    http_a.post(reverse("migratie:starten", args=[proef.pk]), {"vingerafdruk": proef.vingerafdruk})
    assert not Migratie.objects.filter(proef=False).exists()

    # a second beheerder reviews and starts; a changed fingerprint (another report) is refused
    html_b = http_b.get(reverse("migratie:rapport", args=[proef.pk])).content.decode()
    assert 'id="starten"' in html_b and proef.vingerafdruk in html_b
    http_b.post(reverse("migratie:starten", args=[proef.pk]), {"vingerafdruk": "0" * 64})
    assert not Migratie.objects.filter(proef=False).exists()
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = http_b.post(reverse("migratie:starten", args=[proef.pk]), {"vingerafdruk": proef.vingerafdruk})
    echt = Migratie.objects.get(proef=False)
    assert antwoord["Location"] == reverse("migratie:rapport", args=[echt.pk])
    assert echt.status == Status.KLAAR, echt.fout
    assert (echt.gestart_door, echt.proefdraai) == (b, proef)
    assert echt.tellingen["soorten"] == proef.tellingen["soorten"]  # the dry run predicted it
    assert Toewijzing.objects.count() == proef.tellingen["soorten"]["toewijzingen"]
    assert not Path(proef.bron).exists()  # the upload (personal data) is removed once taken over; the report stays
    html = http_b.get(reverse("migratie:rapport", args=[echt.pk])).content.decode()
    assert "Import (uitvoering)" in html and f"proefdraai {proef.pk}" in html and 'id="geld"' in html
    assert 'id="starten"' not in http_b.get(reverse("migratie:rapport", args=[proef.pk])).content.decode()

    # need to know: other roles 403, another region's beheer 404 on this import
    consulent = _http(GebruikerFactory(rol=Rol.CONSULENT, regio=regio, gemeenten=list(regio.gemeenten.all())))
    assert consulent.get(reverse("migratie:importeren")).status_code == 403
    assert consulent.post(reverse("migratie:importeren")).status_code == 403
    assert consulent.post(reverse("migratie:starten", args=[proef.pk])).status_code == 403
    elders = _http(GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=RegioFactory()))
    assert elders.get(reverse("migratie:rapport", args=[proef.pk])).status_code == 404
    assert elders.post(reverse("migratie:starten", args=[proef.pk]), {"vingerafdruk": "x"}).status_code == 404
    assert Migratie.objects.count() == 2


def _bom() -> bytes:
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("berichten/301/groot.xml", b"\0" * (20 * 1024 * 1024))  # 20 MB of zeros: packs ~1000 times
    return uit.getvalue()


def _zip_met(naam: str, inhoud: bytes = b"<x/>") -> bytes:
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w") as z:
        z.writestr(naam, inhoud)
    return uit.getvalue()


@pytest.mark.parametrize(
    ("naam", "inhoud", "reden"),
    [
        ("archief.zip", _bom(), "zip-bom"),
        ("archief.zip", b"MZ\x90\x00 geen zip", "heeft de naam van een zip-bestand, maar is het niet"),
        ("archief.zip", _zip_met("../../buiten.xml"), "is niet toegestaan"),
        ("programma.exe", b"MZ\x90\x00", "neemt een zip-bestand (het archief van berichten) of een sjabloon"),
        ("clienten.csv", b"bsn;gemeente\n\x00\x01\x02", "is geen tekstbestand"),
        ("clienten.xlsx", b"bsn;gemeente\n", "heeft de naam van een XLSX-bestand, maar is het niet"),
        ("lijst.csv", b"bsn;gemeente\n", "Welk sjabloon is lijst.csv?"),
    ],
)
def test_vijandige_en_verkeerde_bestanden_worden_in_het_nederlands_geweigerd(
    regio: Regio, settings: Any, naam: str, inhoud: bytes, reden: str
) -> None:
    http = _http(GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=regio))
    antwoord = _upload(http, naam, inhoud)
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert 'role="alert"' in html and reden in html, html[-3000:]
    assert not Migratie.objects.exists() and not Taak.objects.exists()
    importmap = Path(settings.VAR_DIR) / "migratie" / "import"
    assert not importmap.exists() or not any(importmap.iterdir())  # nothing stored


def test_te_groot_bestand_en_sjabloon_met_eigen_naam(
    regio: Regio, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.WMOKETEN_MIGRATIE_MAX_UPLOAD = 1024 * 1024
    http = _http(GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=regio))
    html = _upload(http, "archief.zip", _zip_met("berichten/a.xml", os.urandom(1024 * 1024 + 10))).content.decode()
    assert "is groter dan 1 MB" in html and not Migratie.objects.exists()

    gemeente = regio.gemeenten.order_by("cbs_code").first()
    assert gemeente is not None
    csv = f"bsn;gemeente;geboortedatum;achternaam\n999990627;{gemeente.cbs_code};1950-03-01;Jansen\n".encode()
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = _upload(http, "export uit oud systeem.csv", csv, sjabloon="clienten")
    proef = Migratie.objects.get()
    assert antwoord.status_code == 302 and proef.status == Status.KLAAR, proef.fout
    assert proef.tellingen["uitkomsten"] == {"clienten": {"nieuw": 1}}
    assert not Client.objects.exists()
    html = http.get(reverse("migratie:rapport", args=[proef.pk])).content.decode()
    assert "sjablonen/clienten.csv" in html and "Geen: alles is over te nemen." in html
    assert f"{gemeente.naam} ({gemeente.cbs_code})" in html


def test_proefdraai_van_de_opdrachtregel_staat_op_de_pagina_maar_start_daar_niet(regio: Regio, tmp_path: Path) -> None:
    from wmoketen.migratie.importeren import import_draaien, proefdraai_aanmaken

    (tmp_path / "bron" / "sjablonen").mkdir(parents=True)
    (tmp_path / "bron" / "sjablonen" / "clienten.csv").write_text("bsn;gemeente;geboortedatum;achternaam\n")
    proef = import_draaien(proefdraai_aanmaken(regio=regio, bron=tmp_path / "bron").pk)  # no --door
    http = _http(GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=regio))
    html = http.get(reverse("migratie:rapport", args=[proef.pk])).content.decode()
    assert "Aangeleverd via de opdrachtregel" in html and "via de opdrachtregel gestart" in html
    assert 'id="starten"' not in html and str(tmp_path) not in html
    http.post(reverse("migratie:starten", args=[proef.pk]), {"vingerafdruk": proef.vingerafdruk})
    assert not Migratie.objects.filter(proef=False).exists()
