"""Sign-in (ASVS L2 / BIO): session renewal, a second factor for every account (each code once), throttling of
wrong passwords and codes per account and per address, idle and absolute timeouts, own sessions."""

from __future__ import annotations

import logging
from datetime import timedelta

import pyotp
import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.sessions.models import Session
from django.test import Client as HttpClient
from django.utils import timezone

from tests.auth import WACHTWOORD, aanmelden, code_voor
from tests.factories import AanbiederFactory, GebruikerFactory
from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker, Sessie
from wmoketen.accounts.services import AANGEMELD_SLEUTEL, LAATST_ACTIEF_SLEUTEL

pytestmark = pytest.mark.django_db


def wachtwoord_invoeren(
    http: HttpClient, gebruiker: Gebruiker, volgende: str = "/", wachtwoord: str = WACHTWOORD, adres: str = "127.0.0.1"
) -> object:
    return http.post(
        f"/aanmelden/?next={volgende}",
        {"username": gebruiker.username, "password": wachtwoord},
        REMOTE_ADDR=adres,
    )


def test_login_renews_session_id_and_registers_the_session() -> None:
    consulent = GebruikerFactory(rol=Rol.CONSULENT)
    http = HttpClient()
    http.get("/aanmelden/")
    http.session["voor"] = "x"
    http.session.save()
    voor = http.session.session_key

    response = wachtwoord_invoeren(http, consulent)

    assert response.status_code == 302 and response["Location"] == "/"
    assert http.session.session_key != voor
    sessie = Sessie.objects.get(gebruiker=consulent)
    assert sessie.sessiesleutel == http.session.session_key
    assert http.get("/")["Location"].startswith("/aanmelden/code/")  # the password alone is not enough


@pytest.mark.parametrize("rol", list(Rol))
def test_every_role_must_prove_a_second_factor(rol: Rol) -> None:
    """Issue 13 item 3: MFA for every account, not only functioneel beheer (providers too)."""
    extra = {"aanbieder": AanbiederFactory()} if rol == Rol.AANBIEDER else {}
    gebruiker = GebruikerFactory(rol=rol, **extra)
    http = HttpClient()
    wachtwoord_invoeren(http, gebruiker)
    for pad in ("/", "/clienten/", "/beheer/", "/berichten/", "/account/sessies/"):
        assert http.get(pad)["Location"].startswith("/aanmelden/code/"), pad
    assert http.post("/aanmelden/code/", {"code": code_voor(gebruiker)})["Location"] == "/"
    assert http.get("/regios/").status_code == 200


def test_an_account_without_a_second_factor_must_set_it_up_first() -> None:
    beheer = GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, totp_geheim="")
    http = HttpClient()
    wachtwoord_invoeren(http, beheer, "/beheer/")

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
    code = pyotp.TOTP(geheim).now()
    goed = http.post("/aanmelden/code/", {"code": code, "next": "/beheer/"})

    assert goed.status_code == 302 and goed["Location"] == "/beheer/"
    beheer.refresh_from_db()
    assert beheer.totp_geheim == geheim
    assert http.session.session_key != sleutel_voor
    assert Sessie.objects.get(gebruiker=beheer).sessiesleutel == http.session.session_key
    assert http.get("/beheer/").status_code == 200

    tweede = HttpClient()  # the code that set the factor up cannot sign in a second session
    wachtwoord_invoeren(tweede, beheer)
    assert "klopt niet of is al gebruikt" in tweede.post("/aanmelden/code/", {"code": code}).content.decode()


def test_user_with_second_factor_enters_code_each_login() -> None:
    geheim = pyotp.random_base32()
    consulent = GebruikerFactory(rol=Rol.CONSULENT, totp_geheim=geheim)
    http = HttpClient()
    wachtwoord_invoeren(http, consulent)

    assert http.get("/")["Location"].startswith("/aanmelden/code/")
    assert "Vul de code van 6 cijfers in" in http.get("/aanmelden/code/").content.decode()
    assert "klopt niet" in http.post("/aanmelden/code/", {"code": "123456"}).content.decode()
    assert http.post("/aanmelden/code/", {"code": pyotp.TOTP(geheim).now()})["Location"] == "/"
    assert http.get("/regios/").status_code == 200


def test_a_code_is_accepted_once_not_in_a_second_session() -> None:
    """Issue 13 item 3, replayed: the same TOTP code was accepted in two sessions."""
    consulent = GebruikerFactory(rol=Rol.CONSULENT)
    code = code_voor(consulent)
    eerste, tweede = HttpClient(), HttpClient()
    wachtwoord_invoeren(eerste, consulent)
    wachtwoord_invoeren(tweede, consulent)

    assert eerste.post("/aanmelden/code/", {"code": code})["Location"] == "/"
    herhaald = tweede.post("/aanmelden/code/", {"code": code})

    assert herhaald.status_code == 200 and "klopt niet of is al gebruikt" in herhaald.content.decode()
    assert tweede.get("/")["Location"].startswith("/aanmelden/code/")
    consulent.refresh_from_db()
    oudere = pyotp.TOTP(consulent.totp_geheim).generate_otp(consulent.totp_laatste_stap - 1)
    assert "al gebruikt" in tweede.post("/aanmelden/code/", {"code": oudere}).content.decode()  # nor an older one
    assert tweede.post("/aanmelden/code/", {"code": code_voor(consulent)})["Location"] == "/"  # the next one works


def test_open_redirect_after_code_is_refused() -> None:
    consulent = GebruikerFactory(rol=Rol.CONSULENT)
    http = HttpClient()
    wachtwoord_invoeren(http, consulent)
    response = http.post("/aanmelden/code/", {"code": code_voor(consulent), "next": "https://kwaad.example/"})
    assert response["Location"] == "/"


def test_wrong_codes_lock_the_account_and_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    """Issue 13 item 3, replayed: 40 wrong codes in a row were all accepted as attempts."""
    consulent = GebruikerFactory(rol=Rol.CONSULENT)
    http = HttpClient()
    wachtwoord_invoeren(http, consulent)
    with caplog.at_level(logging.WARNING, logger="axes"):
        antwoorden = [http.post("/aanmelden/code/", {"code": f"{n:06d}"}) for n in range(40)]

    assert [a.status_code for a in antwoorden[:4]] == [200] * 4
    assert {a.status_code for a in antwoorden[4:]} == {429}
    assert "Tijdelijk geblokkeerd" in antwoorden[-1].content.decode()
    assert "Probeer het over 15 minuten opnieuw" in antwoorden[-1].content.decode()
    goed = http.post("/aanmelden/code/", {"code": code_voor(consulent)})
    assert goed.status_code == 429  # even the right code, until the block ends
    assert http.get("/")["Location"].startswith("/aanmelden/code/")
    assert AccessFailureLog.objects.filter(username=consulent.username).count() >= 5
    assert f'Locking out {{username: "{consulent.username}"' in caplog.text

    anders = HttpClient()  # the password from elsewhere does not help: the account itself is blocked
    assert wachtwoord_invoeren(anders, consulent, adres="10.1.2.3").status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))  # the block has expired
    assert http.post("/aanmelden/code/", {"code": code_voor(consulent)})["Location"] == "/"


def test_wrong_passwords_lock_the_account_then_the_right_one_does_not_sign_in() -> None:
    """Issue 13 item 3, replayed: 30 wrong passwords, then the right one, signed in."""
    consulent = GebruikerFactory(rol=Rol.CONSULENT)
    adressen = [f"10.0.0.{n}" for n in range(30)]  # from 30 addresses: the lock per account still holds
    fouten = [wachtwoord_invoeren(HttpClient(), consulent, wachtwoord="fout", adres=a) for a in adressen]
    assert [f.status_code for f in fouten[:4]] == [200] * 4 and {f.status_code for f in fouten[4:]} == {429}

    http = HttpClient()
    goed = wachtwoord_invoeren(http, consulent, adres="10.9.9.9")

    assert goed.status_code == 429 and "Tijdelijk geblokkeerd" in goed.content.decode()
    assert "_auth_user_id" not in http.session
    assert not Sessie.objects.filter(gebruiker=consulent).exists()


def test_one_address_trying_many_accounts_is_blocked() -> None:
    """Password spraying: one wrong password for each of many accounts from one address."""
    gebruikers = [GebruikerFactory(rol=Rol.CONSULENT) for _ in range(6)]
    antwoorden = [wachtwoord_invoeren(HttpClient(), g, wachtwoord="fout", adres="10.6.6.6") for g in gebruikers]
    assert [a.status_code for a in antwoorden] == [200, 200, 200, 200, 429, 429]
    assert wachtwoord_invoeren(HttpClient(), gebruikers[5], adres="10.6.6.6").status_code == 429
    assert wachtwoord_invoeren(HttpClient(), gebruikers[5], adres="10.7.7.7").status_code == 302


def test_a_forged_forwarded_for_does_not_dodge_the_block_per_address() -> None:
    gebruikers = [GebruikerFactory(rol=Rol.CONSULENT) for _ in range(6)]
    for n, g in enumerate(gebruikers):
        antwoord = HttpClient().post(
            "/aanmelden/",
            {"username": g.username, "password": "fout"},
            REMOTE_ADDR="203.0.113.9",  # not a trusted proxy: its X-Forwarded-For is dropped
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    assert antwoord.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}


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


def test_lockout_page_and_the_axes_admin_are_dutch() -> None:
    """Issue 19: django-axes has no Dutch translation; its lockout message and admin pages read Dutch (the
    translations in wmoketen/locale/nl, the app name in accounts.apps.AxesConfig), the lockout page in the design of
    the error pages (an error alert)."""
    from django.conf import settings
    from django.utils import translation

    from wmoketen.accounts.views import geblokkeerd

    consulent = GebruikerFactory(rol=Rol.CONSULENT)
    fouten = [wachtwoord_invoeren(HttpClient(), consulent, wachtwoord="fout") for _ in range(5)]
    pagina = fouten[-1].content.decode()
    assert fouten[-1].status_code == 429 and 'utrecht-alert--error fout" role="alert"><strong>Fout:</strong>' in pagina
    assert "Naar de startpagina" in pagina and "Account locked" not in pagina
    assert settings.AXES_COOLOFF_MESSAGE.startswith("Tijdelijk geblokkeerd")
    assert geblokkeerd.__module__ == settings.AXES_LOCKOUT_CALLABLE.rsplit(".", 1)[0]

    beheer = GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, is_staff=True, is_superuser=True)
    http = HttpClient()
    http.force_login(beheer)
    engels = ("Access attempts", "Locked Out", "IP Address", "Failed Logins", "Attempt Time", "Axes", "access log")
    for url in ("/beheer/", "/beheer/axes/accessattempt/", "/beheer/axes/accessfailurelog/", "/beheer/axes/accesslog/"):
        antwoord = http.get(url)
        html = antwoord.content.decode()
        assert antwoord.status_code == 200, url
        assert [e for e in engels if e in html] == [], url
    lijst = http.get("/beheer/axes/accessattempt/").content.decode()
    assert "Aanmeldpogingen (blokkade)" in lijst and "IP-adres" in lijst and "Mislukte aanmeldingen" in lijst
    with translation.override("nl"):  # every entry of the .po is in the compiled .mo
        from pathlib import Path

        po = (Path(settings.LOCALE_PATHS[0]) / "nl" / "LC_MESSAGES" / "django.po").read_text()
        ids = [regel[7:-1] for regel in po.splitlines() if regel.startswith('msgid "') and regel != 'msgid ""']
        assert ids and [i for i in ids if translation.gettext(i) == i] == []
