"""Conversion from the page: upload, dry run in the background, review, start by a second beheerder (four eyes),
progress; the outcome equals the command line's."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.test import Client as HttpClient

from tests.auth import login_met_tweede_factor
from tests.factories import GebruikerFactory
from wmoketen.accounts.constants import Rol
from wmoketen.catalogus.models import Regio
from wmoketen.herindicatie.models import Conversie, Conversierun, RunSoort, RunStatus
from wmoketen.taken.models import Taak, TaakStatus

from .conversie_fixture import LN_CONVERSIE, ln_fixture, toestand

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheer() -> dict[str, Any]:
    ln_fixture()
    regio = Regio.objects.get(code="limburg-noord-2022")
    return {
        "a": GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=regio, username="beheer_a"),
        "b": GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=regio, username="beheer_b"),
        "elders": GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=None, username="beheer_elders"),
        "consulent": GebruikerFactory(rol=Rol.CONSULENT, regio=regio),
    }


def _http(gebruiker: Any) -> HttpClient:
    return login_met_tweede_factor(HttpClient(), gebruiker)


def _upload(http: HttpClient, inhoud: bytes, capture: Any, naam: str = "ln.yaml") -> Any:
    with capture(execute=True):
        return http.post(
            "/herindicatie/conversies/aanleveren/", {"definitie": SimpleUploadedFile(naam, inhoud)}, follow=True
        )


def test_upload_dry_run_four_eyes_and_run_from_the_page(
    beheer: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    voor = toestand()
    antwoord = _upload(_http(beheer["a"]), LN_CONVERSIE.read_bytes(), django_capture_on_commit_callbacks)
    html = antwoord.content.decode()
    assert antwoord.redirect_chain[-1][0] == "/herindicatie/conversie/limburg-noord-2022-traject/"
    assert "Definitie aangeleverd; de proefdraai loopt." in html and "Aangeleverd door" in html
    conversie = Conversie.objects.get()
    assert (conversie.aangeleverd_door, conversie.bestand) == (beheer["a"], "ln.yaml")  # no server path
    assert conversie.taak is not None and conversie.taak.status == TaakStatus.KLAAR
    assert conversie.taak.uitkomst.startswith("Proefdraai klaar: 6 toewijzingen, 2 om te zetten, 2 in te korten")
    assert toestand() == voor  # the dry run changed nothing
    assert 'id="starten"' not in html and "U leverde deze definitie aan" in html  # not for the uploader

    # the uploader cannot start it, not even by posting directly
    eigen = _http(beheer["a"]).post(
        "/herindicatie/conversie/limburg-noord-2022-traject/starten/", {"sha256": conversie.sha256}, follow=True
    )
    assert "Vier ogen: wie de definitie aanleverde, start de conversie niet zelf." in eigen.content.decode()
    assert not Conversierun.objects.filter(soort=RunSoort.ECHT).exists()

    # the second beheerder sees the dry run and the start button, and starts
    pagina = _http(beheer["b"]).get("/herindicatie/conversie/limburg-noord-2022-traject/").content.decode()
    assert 'id="starten"' in pagina and 'id="proef"' in pagina
    with django_capture_on_commit_callbacks(execute=True):
        _http(beheer["b"]).post(
            "/herindicatie/conversie/limburg-noord-2022-traject/starten/", {"sha256": conversie.sha256}
        )
    run = Conversierun.objects.get(soort=RunSoort.ECHT)
    assert (run.status, run.verwerkt, run.totaal, run.omgezet, run.ingekort) == (RunStatus.KLAAR, 6, 6, 2, 2)
    assert (run.aangeleverd_door, run.gestart_door) == (beheer["a"], beheer["b"])
    taak = Taak.objects.get(naam="herindicatie.conversie_uitvoeren")
    assert (taak.status, taak.gedaan, taak.totaal, taak.aangemaakt_door) == (TaakStatus.KLAAR, 6, 6, beheer["b"])
    assert taak.uitkomst.startswith("Klaar: 2 omgezet, 2 ingekort, 2 ongemoeid, 0 handmatig;")
    # started again: refused, nothing runs twice
    nogmaals = _http(beheer["b"]).post(
        "/herindicatie/conversie/limburg-noord-2022-traject/starten/", {"sha256": conversie.sha256}, follow=True
    )
    assert "Deze versie is al uitgevoerd." in nogmaals.content.decode()


def test_the_page_is_the_same_run_as_the_command_line(
    beheer: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    from wmoketen.herindicatie.conversie.definitie import lees_definitie
    from wmoketen.herindicatie.conversie.uitvoering import run_uitvoeren, run_voorbereiden

    _upload(_http(beheer["a"]), LN_CONVERSIE.read_bytes(), django_capture_on_commit_callbacks)
    conversie = Conversie.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        _http(beheer["b"]).post(f"/herindicatie/conversie/{conversie.code}/starten/", {"sha256": conversie.sha256})
    na_pagina = toestand()
    # the CLI on the same version finds the finished run and changes nothing
    run = run_uitvoeren(run=run_voorbereiden(gelezen=lees_definitie(LN_CONVERSIE)))
    assert run.status == RunStatus.KLAAR and toestand() == na_pagina


def test_a_changed_version_must_be_dry_run_again_before_it_can_start(
    beheer: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    _upload(_http(beheer["a"]), LN_CONVERSIE.read_bytes(), django_capture_on_commit_callbacks)
    oud = Conversie.objects.get().sha256
    gewijzigd = LN_CONVERSIE.read_bytes().replace(b"versie:", b"# een opmerking\nversie:", 1)
    _upload(_http(beheer["a"]), gewijzigd, django_capture_on_commit_callbacks)
    antwoord = _http(beheer["b"]).post(
        "/herindicatie/conversie/limburg-noord-2022-traject/starten/", {"sha256": oud}, follow=True
    )
    assert "De definitie is vervangen sinds u de proefdraai bekeek" in antwoord.content.decode()
    assert not Conversierun.objects.filter(soort=RunSoort.ECHT).exists()


def test_upload_errors_are_dutch_with_line_and_key_and_nothing_is_stored(
    beheer: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    fout = LN_CONVERSIE.read_bytes().replace(b"naar_model: traject", b"naar_model: trajekt", 1)
    html = _upload(_http(beheer["a"]), fout, django_capture_on_commit_callbacks, naam="fout.yaml").content.decode()
    assert "De definitie is niet aangeleverd:" in html
    assert "fout.yaml:" in html and "naar_model: onbekende waarde &#x27;trajekt&#x27;" in html
    html = _upload(_http(beheer["a"]), b"\xff\xfe", django_capture_on_commit_callbacks).content.decode()
    assert "bestand is geen UTF-8-tekst" in html
    assert not Conversie.objects.exists() and not Taak.objects.exists()


def test_only_beheer_of_the_definitions_region_uploads(
    beheer: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    assert _http(beheer["consulent"]).get("/herindicatie/conversies/aanleveren/").status_code == 403
    html = _upload(_http(beheer["elders"]), LN_CONVERSIE.read_bytes(), django_capture_on_commit_callbacks)
    assert "hoort bij regio Limburg-Noord" in html.content.decode()
    assert not Conversie.objects.exists()


def test_the_database_refuses_a_run_started_by_its_uploader(beheer: dict[str, Any]) -> None:
    conversie = Conversie.objects.create(
        code="x", naam="x", regio=Regio.objects.get(code="limburg-noord-2022"), bestand="x", sha256="0", definitie={}
    )
    with pytest.raises(IntegrityError):
        Conversierun.objects.create(
            conversie=conversie, soort=RunSoort.ECHT, sha256="0", aangeleverd_door=beheer["a"], gestart_door=beheer["a"]
        )


def test_four_eyes_means_another_person_not_just_another_account(
    beheer: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    """accounts.vierogen: a second account made by the same beheerder as the uploader's, or one given its rights
    after the upload, cannot start the conversion (one person could hold both accounts)."""
    from django.utils import timezone

    from wmoketen.accounts.models import Gebruiker

    regio = beheer["a"].regio
    accountbeheer = GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=regio, username="accountbeheer")
    tweeling = GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=regio, username="beheer_tweeling")
    Gebruiker.objects.filter(pk__in=[beheer["a"].pk, tweeling.pk]).update(
        aangemaakt_door=accountbeheer, bevoegd_door=accountbeheer
    )
    _upload(_http(beheer["a"]), LN_CONVERSIE.read_bytes(), django_capture_on_commit_callbacks)
    conversie = Conversie.objects.get()
    nieuw = GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=regio, username="beheer_nieuw")
    Gebruiker.objects.filter(pk=nieuw.pk).update(bevoegdheid_gewijzigd_op=timezone.now())

    url = "/herindicatie/conversie/limburg-noord-2022-traject/"
    for account, reden in [
        (tweeling, "kregen hun rechten van dezelfde beheerder"),
        (nieuw, "Uw account of zijn rechten zijn nieuwer dan het werk"),
    ]:
        account.refresh_from_db()
        pagina = _http(account).get(url).content.decode()
        assert 'id="starten"' not in pagina and reden in pagina
        with django_capture_on_commit_callbacks(execute=True):
            antwoord = _http(account).post(f"{url}starten/", {"sha256": conversie.sha256}, follow=True)
        assert reden in antwoord.content.decode()
    assert not Conversierun.objects.filter(soort=RunSoort.ECHT).exists()
    assert not Taak.objects.filter(naam="herindicatie.conversie_uitvoeren").exists()

    assert 'id="starten"' in _http(beheer["b"]).get(url).content.decode()  # a colleague from elsewhere may
