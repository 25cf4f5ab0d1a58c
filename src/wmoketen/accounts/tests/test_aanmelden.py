"""Sign-in (ASVS L2 / BIO): session renewal, second factor, idle and absolute timeouts, own sessions."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from django.contrib.sessions.models import Session
from django.test import Client as HttpClient
from django.utils import timezone

from tests.factories import GebruikerFactory
from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker, Sessie
from wmoketen.accounts.services import AANGEMELD_SLEUTEL, LAATST_ACTIEF_SLEUTEL

pytestmark = pytest.mark.django_db
WACHTWOORD = "geheim-wachtwoord-1"


def aanmelden(http: HttpClient, gebruiker: Gebruiker, volgende: str = "/") -> object:
    return http.post(f"/aanmelden/?next={volgende}", {"username": gebruiker.username, "password": WACHTWOORD})


def test_login_renews_session_id_and_registers_the_session() -> None:
    consulent = GebruikerFactory(rol=Rol.CONSULENT)
    http = HttpClient()
    http.get("/aanmelden/")
    http.session["voor"] = "x"
    http.session.save()
    voor = http.session.session_key

    response = aanmelden(http, consulent)

    assert response.status_code == 302 and response["Location"] == "/"
    assert http.session.session_key != voor
    sessie = Sessie.objects.get(gebruiker=consulent)
    assert sessie.sessiesleutel == http.session.session_key
    assert http.get("/regios/").status_code == 200  # no second factor needed for a consultant without one


def test_functioneel_beheer_must_set_up_and_prove_a_second_factor() -> None:
    beheer = GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER)
    http = HttpClient()
    aanmelden(http, beheer, "/beheer/")

    assert http.get("/beheer/")["Location"].startswith("/aanmelden/code/")
    assert http.get("/clienten/")["Location"].startswith("/aanmelden/code/")
    pagina = http.get("/aanmelden/code/?next=/beheer/")
    assert "Tweestapsverificatie instellen" in pagina.content.decode()
    geheim = http.session["nieuw_totp_geheim"]

    fout = http.post("/aanmelden/code/", {"code": "000000", "next": "/beheer/"})
    assert "Deze code klopt niet" in fout.content.decode()
    beheer.refresh_from_db()
    assert beheer.totp_geheim == ""

    sleutel_voor = http.session.session_key
    goed = http.post("/aanmelden/code/", {"code": pyotp.TOTP(geheim).now(), "next": "/beheer/"})

    assert goed.status_code == 302 and goed["Location"] == "/beheer/"
    beheer.refresh_from_db()
    assert beheer.totp_geheim == geheim
    assert http.session.session_key != sleutel_voor
    assert Sessie.objects.get(gebruiker=beheer).sessiesleutel == http.session.session_key
    assert http.get("/beheer/").status_code == 200


def test_user_with_second_factor_enters_code_each_login() -> None:
    geheim = pyotp.random_base32()
    consulent = GebruikerFactory(rol=Rol.CONSULENT, totp_geheim=geheim)
    http = HttpClient()
    aanmelden(http, consulent)

    assert http.get("/")["Location"].startswith("/aanmelden/code/")
    assert "Vul de code van 6 cijfers in" in http.get("/aanmelden/code/").content.decode()
    assert "klopt niet" in http.post("/aanmelden/code/", {"code": "123456"}).content.decode()
    assert http.post("/aanmelden/code/", {"code": pyotp.TOTP(geheim).now()})["Location"] == "/"
    assert http.get("/regios/").status_code == 200


def test_open_redirect_after_code_is_refused() -> None:
    geheim = pyotp.random_base32()
    consulent = GebruikerFactory(rol=Rol.CONSULENT, totp_geheim=geheim)
    http = HttpClient()
    aanmelden(http, consulent)
    response = http.post("/aanmelden/code/", {"code": pyotp.TOTP(geheim).now(), "next": "https://kwaad.example/"})
    assert response["Location"] == "/"


def _verschuif(http: HttpClient, sleutel: str, delta: timedelta) -> None:
    sessie = http.session
    sessie[sleutel] = (timezone.now() - delta).isoformat()
    sessie.save()


@pytest.mark.parametrize(
    "sleutel,verschil,verlopen",
    [
        (LAATST_ACTIEF_SLEUTEL, timedelta(minutes=29), False),
        (LAATST_ACTIEF_SLEUTEL, timedelta(minutes=31), True),
        (AANGEMELD_SLEUTEL, timedelta(hours=11, minutes=59), False),
        (AANGEMELD_SLEUTEL, timedelta(hours=12, minutes=1), True),
    ],
)
def test_idle_and_absolute_timeouts(sleutel: str, verschil: timedelta, verlopen: bool) -> None:
    consulent = GebruikerFactory(rol=Rol.CONSULENT)
    http = HttpClient()
    aanmelden(http, consulent)
    _verschuif(http, sleutel, verschil)

    response = http.get("/contracten/")

    if verlopen:
        assert response.status_code == 302
        assert response["Location"] == "/aanmelden/?next=%2Fcontracten%2F"
        assert not Sessie.objects.filter(gebruiker=consulent).exists()
        assert http.get("/")["Location"].startswith("/aanmelden/")
    else:
        assert response.status_code == 200


def test_logout_ends_the_session_on_the_server() -> None:
    consulent = GebruikerFactory(rol=Rol.CONSULENT)
    http = HttpClient()
    aanmelden(http, consulent)
    sleutel = http.session.session_key

    http.post("/afmelden/")

    assert not Session.objects.filter(session_key=sleutel).exists()
    assert not Sessie.objects.filter(gebruiker=consulent).exists()
    gestolen = HttpClient()
    gestolen.cookies["sessionid"] = sleutel
    assert gestolen.get("/")["Location"].startswith("/aanmelden/")


def test_user_sees_and_ends_own_other_session_but_not_someone_elses() -> None:
    consulent = GebruikerFactory(rol=Rol.CONSULENT)
    ander = GebruikerFactory(rol=Rol.CONSULENT)
    laptop, telefoon, vreemd = HttpClient(), HttpClient(), HttpClient()
    aanmelden(laptop, consulent)
    aanmelden(telefoon, consulent)
    aanmelden(vreemd, ander)
    telefoon_sessie = Sessie.objects.get(sessiesleutel=telefoon.session.session_key)
    vreemde_sessie = Sessie.objects.get(gebruiker=ander)

    lijst = laptop.get("/account/sessies/").content.decode()
    assert lijst.count("Beëindigen") == 1 and "deze sessie" in lijst

    laptop.post(f"/account/sessies/{vreemde_sessie.pk}/beeindigen/")
    assert Sessie.objects.filter(pk=vreemde_sessie.pk).exists()
    assert vreemd.get("/regios/").status_code == 200

    laptop.post(f"/account/sessies/{telefoon_sessie.pk}/beeindigen/")
    assert not Sessie.objects.filter(pk=telefoon_sessie.pk).exists()
    assert telefoon.get("/")["Location"].startswith("/aanmelden/")
    assert laptop.get("/regios/").status_code == 200
