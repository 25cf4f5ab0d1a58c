"""Every role lands on its own start page; the client page shows the whole person within the user's scope."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient

from tests.auth import login_met_tweede_factor
from tests.factories import AanbiederFactory, GebruikerFactory
from tests.test_bereik_wereld import Wereld, wereld_bouwen
from wmoketen.accounts.constants import Rol
from wmoketen.audit.models import Verwerking
from wmoketen.audit.services import client_pseudoniem

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("rol", "start"),
    [
        (Rol.CONSULENT, "/toegang/"),
        (Rol.BACKOFFICE, "/declaraties/"),
        (Rol.CONTRACTMANAGER, "/monitoring/"),
        (Rol.MONITORING, "/monitoring/"),
        (Rol.FUNCTIONEEL_BEHEER, "/regios/"),
        (Rol.AANBIEDER, "/berichten/portaal/"),
    ],
)
def test_every_role_lands_on_its_own_start_page(rol: str, start: str) -> None:
    extra = {"aanbieder": AanbiederFactory()} if rol == Rol.AANBIEDER else {}
    http = login_met_tweede_factor(HttpClient(), GebruikerFactory(rol=rol, **extra))
    antwoord = http.get("/")
    assert (antwoord.status_code, antwoord["Location"]) == (302, start)


@pytest.fixture
def w() -> Wereld:
    return wereld_bouwen()


def _http(gebruiker: object) -> HttpClient:
    http = HttpClient()
    http.force_login(gebruiker)  # type: ignore[arg-type]
    return http


def test_the_consultant_sees_everything_about_the_person_with_links(w: Wereld) -> None:
    dc = w.clienten[0]
    voor = Verwerking.objects.count()
    html = _http(w.t.consulent).get(f"/clienten/{dc.client.pk}/").content.decode()
    assert f"/toegang/dossier/{dc.melding.pk}/" in html  # the melding and its phase
    assert f"/toegang/beschikking/{dc.beschikking.pk}/pdf/" in html
    assert str(dc.toewijzing.toewijzing_nummer) in html and dc.toewijzing.aanbieder.naam in html
    assert f"/berichten/{dc.berichten[0].pk}/" in html
    assert f"/declaraties/{dc.declaratie.pk}/" not in html  # declarations: back office (declaraties' own scope)
    assert f"/herindicatie/evaluatie/{dc.evaluatie.pk}/" in html
    assert 'id="relaties"' in html and 'id="historie"' in html
    records = list(Verwerking.objects.order_by("pk")[voor:].values_list("object_type", "client_pseudoniem"))
    assert records == [("client", client_pseudoniem(dc.client.pk))]


def test_the_back_office_sees_declarations_and_payments(w: Wereld) -> None:
    dc = w.clienten[0]
    backoffice = GebruikerFactory(rol=Rol.BACKOFFICE, regio=w.t.regio, gemeenten=[w.weert])
    html = _http(backoffice).get(f"/clienten/{dc.client.pk}/").content.decode()
    assert f"/declaraties/{dc.declaratie.pk}/" in html and "€ 65,00" in html


def test_a_provider_sees_only_its_own_part(w: Wereld) -> None:
    dc = w.clienten[0]
    html = _http(w.t.aanbieder_gebruiker).get(f"/clienten/{dc.client.pk}/").content.decode()
    assert str(dc.toewijzing.toewijzing_nummer) in html
    assert "/toegang/dossier/" not in html and 'id="meldingen"' not in html and 'id="relaties"' not in html
    assert f"/berichten/portaal/toewijzing/{dc.toewijzing.pk}/" in html
