"""Need to know: a provider never reaches another provider's data; staff only their own municipalities."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient

from tests.factories import (
    AanbiederFactory,
    ClientFactory,
    GebruikerFactory,
    GemeenteFactory,
    OvereenkomstFactory,
    ToewijzingFactory,
)
from wmoketen.accounts.constants import Rol
from wmoketen.clienten.selectors import clienten_zichtbaar_voor

pytestmark = pytest.mark.django_db


@pytest.fixture
def twee_aanbieders() -> dict[str, object]:
    weert = GemeenteFactory(cbs_code="0988", naam="Weert")
    leudal = GemeenteFactory(cbs_code="1640", naam="Leudal")
    a, b = AanbiederFactory(naam="Zorg A"), AanbiederFactory(naam="Zorg B")
    client_a = ClientFactory(gemeente=weert)
    client_b = ClientFactory(gemeente=leudal)
    ToewijzingFactory(client=client_a, aanbieder=a)
    ToewijzingFactory(client=client_b, aanbieder=b)
    ok_a = OvereenkomstFactory(aanbieder=a)
    ok_b = OvereenkomstFactory(aanbieder=b, regio=ok_a.regio)
    return {
        "weert": weert,
        "a": a,
        "b": b,
        "client_a": client_a,
        "client_b": client_b,
        "ok_a": ok_a,
        "ok_b": ok_b,
        "regio": ok_a.regio,
    }


def login(gebruiker: object) -> HttpClient:
    http = HttpClient()
    http.force_login(gebruiker)  # type: ignore[arg-type]
    return http


def test_provider_sees_only_clients_with_its_own_assignment(twee_aanbieders: dict) -> None:
    medewerker = GebruikerFactory(rol=Rol.AANBIEDER, aanbieder=twee_aanbieders["a"])
    assert list(clienten_zichtbaar_voor(medewerker)) == [twee_aanbieders["client_a"]]


def test_provider_gets_404_for_other_providers_client_and_agreement(twee_aanbieders: dict) -> None:
    http = login(GebruikerFactory(rol=Rol.AANBIEDER, aanbieder=twee_aanbieders["a"]))

    assert http.get(f"/clienten/{twee_aanbieders['client_a'].pk}/").status_code == 200
    assert http.get(f"/clienten/{twee_aanbieders['client_b'].pk}/").status_code == 404
    assert http.get(f"/clienten/{twee_aanbieders['client_b'].pk + 1000}/").status_code == 404
    assert http.get(f"/contracten/{twee_aanbieders['ok_a'].pk}/").status_code == 200
    assert http.get(f"/contracten/{twee_aanbieders['ok_b'].pk}/").status_code == 404


def test_provider_agreement_list_shows_only_its_own(twee_aanbieders: dict) -> None:
    http = login(GebruikerFactory(rol=Rol.AANBIEDER, aanbieder=twee_aanbieders["a"]))
    html = http.get("/contracten/").content.decode()
    assert twee_aanbieders["ok_a"].kenmerk in html
    assert twee_aanbieders["ok_b"].kenmerk not in html
    assert "Zorg B" not in html


def test_provider_client_page_hides_other_providers_assignments(twee_aanbieders: dict) -> None:
    andere = ToewijzingFactory(client=twee_aanbieders["client_a"], aanbieder=twee_aanbieders["b"])
    http = login(GebruikerFactory(rol=Rol.AANBIEDER, aanbieder=twee_aanbieders["a"]))
    html = http.get(f"/clienten/{twee_aanbieders['client_a'].pk}/").content.decode()
    assert str(andere.toewijzing_nummer) not in html
    assert "Zorg B" not in html


def test_consultant_sees_only_clients_of_own_municipalities(twee_aanbieders: dict) -> None:
    consulent = GebruikerFactory(
        rol=Rol.CONSULENT, regio=twee_aanbieders["regio"], gemeenten=[twee_aanbieders["weert"]]
    )
    http = login(consulent)
    assert list(clienten_zichtbaar_voor(consulent)) == [twee_aanbieders["client_a"]]
    assert http.get(f"/clienten/{twee_aanbieders['client_b'].pk}/").status_code == 404


def test_monitoring_sees_no_individual_clients(twee_aanbieders: dict) -> None:
    monitoring = GebruikerFactory(
        rol=Rol.MONITORING, regio=twee_aanbieders["regio"], gemeenten=[twee_aanbieders["weert"]]
    )
    assert clienten_zichtbaar_voor(monitoring).count() == 0
    assert login(monitoring).get(f"/clienten/{twee_aanbieders['client_a'].pk}/").status_code == 404


def test_inactive_user_sees_nothing(twee_aanbieders: dict) -> None:
    medewerker = GebruikerFactory(rol=Rol.AANBIEDER, aanbieder=twee_aanbieders["a"], is_active=False)
    assert clienten_zichtbaar_voor(medewerker).count() == 0


def test_anonymous_is_sent_to_login(twee_aanbieders: dict) -> None:
    response = HttpClient().get(f"/clienten/{twee_aanbieders['client_a'].pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/aanmelden/")


def test_provider_role_requires_a_provider() -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        GebruikerFactory(rol=Rol.AANBIEDER, aanbieder=None)
