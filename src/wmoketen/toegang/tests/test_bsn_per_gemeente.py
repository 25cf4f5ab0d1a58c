"""The BSN is unique per gemeente, not in the system (issue 13 item 8, the existence oracle).

The attack: a consultant registering a melding for a BSN that was a client of another gemeente got "Dit BSN is
bekend bij een andere gemeente": a way to learn that someone is a Wmo client elsewhere. Each gemeente is its own
controller of the data, so a client record belongs to one gemeente: the same BSN registered in gemeente A is A's
own record, created exactly as for a BSN nobody knows, and B's record and history stay out of A's sight."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client as HttpClient

from tests.factories import ClientFactory
from tests.factories_toegang import toegangsregio
from wmoketen.clienten.models import Client
from wmoketen.core.bsn import test_bsns
from wmoketen.toegang import services
from wmoketen.toegang.models import Melding

pytestmark = pytest.mark.django_db

BIJ_B, NIEUW = test_bsns(2, start=999_980_000)


def _registreren(http: HttpClient, bsn: str, gemeente_pk: int) -> tuple[int, str, list[str], str]:
    data = {
        "bsn": bsn, "geboortedatum": "17-05-1950", "achternaam": "Bakker", "straat": "Molenweg", "huisnummer": "3",
        "postcode": "6001 AB", "plaats": "Weert", "gemeente": gemeente_pk, "melddatum": "12-06-2024",
        "omschrijving": "Hulp in huis",
    }  # fmt: skip
    antwoord = http.post("/toegang/melding/nieuw/", data)
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    pagina = http.get(antwoord["Location"])
    html = pagina.content.decode()
    meldingen = [str(m) for m in pagina.context["messages"]]
    # what differs between any two registrations: the ids, the BSN, the per-request tokens
    vorm = re.sub(r"\d+", "#", antwoord["Location"])
    html = re.sub(r'(nonce|value|content)="[^"]*"', r'\1=""', html.replace(bsn, "BSN").replace(bsn[:4], "BSN"))
    return pagina.status_code, vorm, meldingen, re.sub(r"\d+", "#", html)


def test_a_bsn_of_another_gemeente_is_registered_as_a_bsn_nobody_knows() -> None:
    a = toegangsregio()
    b = toegangsregio(cbs_code="1640", naam="Leudal")
    van_b = ClientFactory(
        bsn=BIJ_B, gemeente=b.gemeente, achternaam="Verborgen", geboortedatum=date(1941, 2, 3), straat="Geheimweg"
    )
    services.melding_registreren(
        door=b.consulent, client=van_b, melddatum=date(2024, 5, 6), omschrijving="Schuldhulp in Leudal"
    )
    http = HttpClient()
    http.force_login(a.consulent)

    bekend = _registreren(http, BIJ_B, a.gemeente.pk)
    onbekend = _registreren(http, NIEUW, a.gemeente.pk)
    assert bekend == onbekend  # the same answer, page for page: nothing tells the BSN is known elsewhere
    assert bekend[2] == ["Melding geregistreerd."]
    for geheim in ("Verborgen", "Geheimweg", "Schuldhulp", "Leudal", "1941"):
        assert geheim not in bekend[3]

    # A's own record, with what A entered; B's record and melding untouched
    eigen = Client.objects.get(bsn=BIJ_B, gemeente=a.gemeente)
    assert (eigen.achternaam, eigen.geboortedatum, eigen.straat) == ("Bakker", date(1950, 5, 17), "Molenweg")
    van_b.refresh_from_db()
    assert (van_b.gemeente, van_b.achternaam, van_b.geboortedatum) == (b.gemeente, "Verborgen", date(1941, 2, 3))
    assert list(Melding.objects.filter(client=van_b).values_list("omschrijving", flat=True)) == ["Schuldhulp in Leudal"]
    assert Melding.objects.filter(client=eigen).count() == 1

    # need-to-know follows the record's gemeente: A sees its record only, B its own only
    assert http.get(f"/clienten/{van_b.pk}/").status_code == 404
    client_a = http.get(f"/clienten/{eigen.pk}/").content.decode()
    assert "Bakker" in client_a and "Schuldhulp" not in client_a and "Verborgen" not in client_a
    gevonden = http.post("/clienten/", {"q": BIJ_B}).content.decode()
    assert f"/clienten/{eigen.pk}/" in gevonden and f"/clienten/{van_b.pk}/" not in gevonden
    http_b = HttpClient()
    http_b.force_login(b.consulent)
    assert http_b.get(f"/clienten/{eigen.pk}/").status_code == 404
    client_b = http_b.get(f"/clienten/{van_b.pk}/").content.decode()
    assert "Schuldhulp in Leudal" in client_b and "Hulp in huis" not in client_b


def test_registering_again_in_the_same_gemeente_finds_its_own_client() -> None:
    a = toegangsregio()
    b = toegangsregio(cbs_code="1640", naam="Leudal")
    ClientFactory(bsn=BIJ_B, gemeente=b.gemeente, geboortedatum=date(1941, 2, 3))
    velden = {"door": a.consulent, "bsn": BIJ_B, "achternaam": "Bakker", "gemeente": a.gemeente}
    eerste = services.client_vastleggen(geboortedatum=date(1950, 5, 17), **velden)  # type: ignore[arg-type]
    tweede = services.client_vastleggen(geboortedatum=date(1950, 5, 17), straat="Kerkstraat", **velden)  # type: ignore[arg-type]
    assert eerste.pk == tweede.pk and tweede.straat == "Kerkstraat"
    # the date of birth is checked against A's own record only (B's, 1941, is not consulted)
    with pytest.raises(services.ToegangFout, match="geboortedatum hoort niet bij dit BSN"):
        services.client_vastleggen(geboortedatum=date(1941, 2, 3), **velden)  # type: ignore[arg-type]
    assert Client.objects.filter(bsn=BIJ_B).count() == 2


def test_the_database_holds_a_bsn_once_per_gemeente() -> None:
    from django.db import IntegrityError, transaction

    a = toegangsregio()
    b = toegangsregio(cbs_code="1640", naam="Leudal")
    ClientFactory(bsn=BIJ_B, gemeente=a.gemeente)
    ClientFactory(bsn=BIJ_B, gemeente=b.gemeente)  # another gemeente: allowed
    with pytest.raises(IntegrityError), transaction.atomic():
        ClientFactory(bsn=BIJ_B, gemeente=a.gemeente)
