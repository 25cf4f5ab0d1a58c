"""Attempts outside need-to-know are logged, and a burst raises a signal for functioneel beheer (issue 13 item 4).

The attack: a consultant enumerates client ids; every one outside the scope answers 404 (the existence is not
revealed), and nobody noticed. Now each such 404 is a Logboek record (resultaat buiten_bereik) and a burst
shows up on functioneel beheer's page (/taken/) of the consultant's region only."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.test.utils import override_settings

from tests.factories import ClientFactory, GebruikerFactory, GemeenteFactory, RegioFactory
from wmoketen.accounts.constants import Rol
from wmoketen.audit.constants import Resultaat
from wmoketen.audit.models import Bereiksignaal, Verwerking

pytestmark = pytest.mark.django_db


def _http(gebruiker: object) -> HttpClient:
    http = HttpClient()
    http.force_login(gebruiker)  # type: ignore[arg-type]
    return http


@override_settings(WMOKETEN_BEREIK_DREMPEL=5, WMOKETEN_BEREIK_VENSTER_MINUTEN=10)
def test_enumerating_clients_outside_scope_is_logged_and_signalled() -> None:
    weert, leudal = GemeenteFactory(cbs_code="0988", naam="Weert"), GemeenteFactory(cbs_code="1640", naam="Leudal")
    noord, ander = RegioFactory(), RegioFactory()
    noord.gemeenten.add(weert, leudal)
    consulent = GebruikerFactory(rol=Rol.CONSULENT, regio=noord, gemeenten=[weert])
    beheer = GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=noord)
    beheer_ander = GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=ander)
    eigen = ClientFactory(gemeente=weert)
    vreemd = [ClientFactory(gemeente=leudal) for _ in range(6)]
    http = _http(consulent)

    assert http.get(f"/clienten/{eigen.pk}/").status_code == 200  # in scope: not an attempt
    assert http.get("/bestaat-niet/").status_code == 404  # no object page: not an attempt
    assert not Verwerking.objects.filter(resultaat=Resultaat.BUITEN_BEREIK).exists()

    for client in vreemd[:4]:
        assert http.get(f"/clienten/{client.pk}/").status_code == 404
    pogingen = Verwerking.objects.filter(resultaat=Resultaat.BUITEN_BEREIK).order_by("pk")
    assert [(p.actor_id, p.object_type, p.object_id, p.client_pseudoniem) for p in pogingen] == [
        (consulent.pk, "clienten:detail", f"client_id={c.pk}", "") for c in vreemd[:4]
    ]
    assert not Bereiksignaal.objects.exists()  # below the threshold
    assert "Pogingen buiten bereik" not in _http(beheer).get("/taken/").content.decode()

    assert http.get(f"/clienten/{vreemd[4].pk}/").status_code == 404  # the fifth within ten minutes: a burst
    signaal = Bereiksignaal.objects.get()
    assert (signaal.actor_id, signaal.aantal, signaal.afgehandeld_op) == (consulent.pk, 5, None)
    assert http.get(f"/clienten/{vreemd[5].pk}/").status_code == 404  # the same burst goes on: one signal
    signaal.refresh_from_db()
    assert (Bereiksignaal.objects.count(), signaal.aantal) == (1, 6)

    pagina = _http(beheer).get("/taken/").content.decode()
    assert "Pogingen buiten bereik (1)" in pagina and consulent.username in pagina
    assert consulent.username not in _http(beheer_ander).get("/taken/").content.decode()  # another region
    assert _http(consulent).get("/taken/").status_code == 403

    url = f"/taken/bereiksignaal/{signaal.pk}/afhandelen/"
    assert _http(beheer_ander).post(url).status_code == 404  # not his region's account
    assert _http(beheer).post(url).status_code == 302
    signaal.refresh_from_db()
    assert signaal.afgehandeld_door_id == beheer.pk
    assert "Pogingen buiten bereik" not in _http(beheer).get("/taken/").content.decode()
    assert Verwerking.objects.filter(object_type="bereiksignaal", object_id=str(signaal.pk)).count() == 1


def test_a_bsn_as_id_is_not_written_into_the_logboek() -> None:
    consulent = GebruikerFactory(rol=Rol.CONSULENT)
    assert _http(consulent).get("/clienten/123456782/").status_code == 404  # passes the 11-proef
    poging = Verwerking.objects.get(resultaat=Resultaat.BUITEN_BEREIK)
    assert "123456782" not in poging.object_id
