"""Region rules in the right region (issue 14 item 7): a Limburg-Noord user never sees De Fryske Marren's
conversion (list, page, planning, report: 404), and no conversion page shows a server path, not even when the
definition was loaded from the command line with an absolute path or a run failed on a file."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client as HttpClient

from tests.factories import GebruikerFactory
from wmoketen.accounts.constants import Rol
from wmoketen.catalogus.models import Gemeente, Regio
from wmoketen.contracten.services import regio_laden
from wmoketen.herindicatie.conversie.definitie import lees_definitie
from wmoketen.herindicatie.conversie.uitvoering import proefdraai_opslaan
from wmoketen.herindicatie.models import Conversie, Conversierun, RunSoort, RunStatus

from .conversie_fixture import DFM_CONVERSIE, DFM_REGIO, LN_CONVERSIE, ROOT, ln_fixture

pytestmark = pytest.mark.django_db

# an absolute POSIX path (a root directory of a server) or a Windows drive path anywhere in the page
SERVERPAD = re.compile(r"(?<![\w.:/-])/(?:home|srv|work|tmp|usr|var|opt|root|etc|mnt|app|data)/|\b[A-Za-z]:\\")


def _http(gebruiker: Any) -> HttpClient:
    http = HttpClient()
    http.force_login(gebruiker)
    return http


@pytest.fixture
def wereld() -> dict[str, Any]:
    ln_fixture()
    regio_laden(pad=DFM_REGIO)
    ln = proefdraai_opslaan(gelezen=lees_definitie(LN_CONVERSIE))  # loaded as the command line does
    dfm = proefdraai_opslaan(gelezen=lees_definitie(DFM_CONVERSIE))
    assert str(ROOT) in ln.conversie.bestand  # the stored file name is the absolute path on the server
    for run in (ln, dfm):  # a real run that failed on a file: the exception quotes the path
        Conversierun.objects.create(
            conversie=run.conversie, soort=RunSoort.ECHT, sha256=run.sha256, status=RunStatus.ONDERBROKEN,
            fout=f"FileNotFoundError: [Errno 2] No such file or directory: '{run.conversie.bestand}'",
        )  # fmt: skip
    ln_regio = Regio.objects.get(code="limburg-noord-2022")
    dfm_regio = Regio.objects.get(code="de-fryske-marren-2022")
    return {
        "ln": ln.conversie,
        "dfm": dfm.conversie,
        "ln_proef": ln,
        "dfm_proef": dfm,
        "consulent_ln": GebruikerFactory(
            rol=Rol.CONSULENT, regio=ln_regio, gemeenten=[Gemeente.objects.get(cbs_code="0983")]
        ),
        "beheer_ln": GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=ln_regio),
        "consulent_dfm": GebruikerFactory(
            rol=Rol.CONSULENT, regio=dfm_regio, gemeenten=[Gemeente.objects.get(cbs_code="1940")]
        ),
    }


def _paginas(c: Conversie, proef: Conversierun) -> list[str]:
    return [
        "/herindicatie/",
        f"/herindicatie/conversie/{c.code}/",
        f"/herindicatie/conversie/{c.code}/planning/",
        f"/herindicatie/run/{proef.pk}/rapport.md",
        f"/herindicatie/run/{proef.pk}/rapport.csv",
    ]


@pytest.mark.parametrize("wie", ["consulent_ln", "beheer_ln"])
def test_a_limburg_noord_user_never_reaches_de_fryske_marren_s_conversion(wereld: dict[str, Any], wie: str) -> None:
    http = _http(wereld[wie])
    overzicht = http.get("/herindicatie/").content.decode()
    assert wereld["ln"].naam in overzicht and wereld["dfm"].naam not in overzicht
    for url in _paginas(wereld["dfm"], wereld["dfm_proef"])[1:]:
        assert http.get(url).status_code == 404, url
    for url in _paginas(wereld["ln"], wereld["ln_proef"]):
        assert http.get(url).status_code == 200, url
    if wie == "beheer_ln":
        assert http.post(f"/herindicatie/conversie/{wereld['dfm'].code}/starten/").status_code == 404


def test_de_fryske_marren_sees_its_own_and_not_limburg_noord_s(wereld: dict[str, Any]) -> None:
    http = _http(wereld["consulent_dfm"])
    overzicht = http.get("/herindicatie/").content.decode()
    assert wereld["dfm"].naam in overzicht and wereld["ln"].naam not in overzicht
    assert http.get(f"/herindicatie/conversie/{wereld['ln'].code}/").status_code == 404
    assert http.get(f"/herindicatie/conversie/{wereld['dfm'].code}/").status_code == 200


def test_no_conversion_page_shows_a_server_path(wereld: dict[str, Any]) -> None:
    bezocht = 0
    for wie, c, proef in [
        ("consulent_ln", wereld["ln"], wereld["ln_proef"]),
        ("beheer_ln", wereld["ln"], wereld["ln_proef"]),
        ("consulent_dfm", wereld["dfm"], wereld["dfm_proef"]),
    ]:
        http = _http(wereld[wie])
        for url in [*_paginas(c, proef), "/herindicatie/conversies/aanleveren/"]:
            antwoord = http.get(url)
            if antwoord.status_code == 403:  # upload is for functioneel beheer only
                continue
            assert antwoord.status_code == 200, url
            tekst = antwoord.content.decode()
            assert str(ROOT) not in tekst and not SERVERPAD.search(tekst), (url, SERVERPAD.search(tekst))
            bezocht += 1
        pagina = http.get(f"/herindicatie/conversie/{c.code}/").content.decode()
        assert c.bestandsnaam in pagina and "No such file or directory: &#x27;" + c.bestandsnaam in pagina
    assert bezocht == 16
