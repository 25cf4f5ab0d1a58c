"""Client data with history, representatives, impossible dates and the postcode check; the BRP fills and checks
name, address and date of birth (local stand-in per the specification), and without it manual entry stays."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from tests.brp_standin import Standin, brp, persoon  # noqa: F401  (the fixture)
from tests.factories_toegang import client_in, toegangsregio
from wmoketen.audit.models import Verwerking
from wmoketen.clienten import services
from wmoketen.clienten.models import Client, Clientversie, Relatie
from wmoketen.clienten.services import ClientFout
from wmoketen.toegang.models import Melding

pytestmark = pytest.mark.django_db
BSN = "999993653"


def _http(gebruiker: object) -> HttpClient:
    http = HttpClient()
    http.force_login(gebruiker)  # type: ignore[arg-type]
    return http


def test_a_change_of_address_is_kept_in_the_history() -> None:
    t = toegangsregio()
    client = client_in(t)
    http = _http(t.consulent)
    antwoord = http.post(f"/clienten/{client.pk}/gegevens/", {
        "actie": "adres", "adres-straat": "Molenweg", "adres-huisnummer": "3", "adres-postcode": "6002 BC",
        "adres-plaats": "Weert", "adres-telefoon": "0495-123456", "adres-email": "a.jansen@voorbeeld.example",
        "adres-geldig_van": "2024-05-01", "adres-toelichting": "Verhuisd binnen Weert",
    })  # fmt: skip
    assert antwoord.status_code == 302
    client.refresh_from_db()
    assert (client.straat, client.postcode, client.telefoon) == ("Molenweg", "6002BC", "0495-123456")
    versie = Clientversie.objects.filter(client=client).order_by("-pk").first()
    assert versie is not None and versie.geldig_van == date(2024, 5, 1)
    assert versie.gewijzigd == ["email", "huisnummer", "postcode", "straat", "telefoon"]
    assert versie.gegevens["straat"] == "Molenweg" and versie.door == t.consulent
    # nonsense is refused in Dutch, nothing changes
    fout = http.post(f"/clienten/{client.pk}/gegevens/", {"actie": "adres", "adres-postcode": "12345"})
    assert "Een postcode is 4 cijfers en 2 letters." in fout.content.decode()
    assert Verwerking.objects.filter(object_type="clientgegevens", actie="wijzigen").count() == 1
    http.force_login(t.aanbieder_gebruiker)
    assert http.get(f"/clienten/{client.pk}/gegevens/").status_code in (403, 404)


def test_impossible_dates_are_refused() -> None:
    t = toegangsregio()
    client = client_in(t)
    morgen = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ClientFout, match=r"geboortedatum .* ligt in de toekomst"):
        services.gegevens_wijzigen(door=t.consulent, client=client, geboortedatum=morgen)
    with pytest.raises(ClientFout, match="overlijden ligt vóór de geboortedatum"):
        services.gegevens_wijzigen(door=t.consulent, client=client, overleden_op=date(1900, 1, 1))
    assert services.gegevens_wijzigen(door=t.consulent, client=client, achternaam=client.achternaam) == []


def test_a_postcode_of_another_municipality_is_refused_where_the_region_knows(settings: object) -> None:
    from wmoketen.toegang import services as toegang

    t = toegangsregio()
    t.regio.instellingen = {"toegang": {**t.regio.instellingen.get("toegang", {}), "postcodegebieden": [
        {"cbs_code": "0988", "van": 6000, "tot": 6006}, {"cbs_code": "0957", "van": 6040, "tot": 6046}]}}  # fmt: skip
    t.regio.save()
    from tests.factories import GemeenteFactory

    GemeenteFactory(cbs_code="0957", naam="Roermond")
    velden = dict(door=t.consulent, bsn="999990019", geboortedatum=date(1950, 1, 1), achternaam="Smit",
                  gemeente=t.gemeente, straat="Markt", huisnummer=1, plaats="Roermond")  # fmt: skip
    with pytest.raises(toegang.ToegangFout, match="ligt in de gemeente Roermond, niet in Weert"):
        toegang.client_vastleggen(postcode="6041 AB", **velden)
    assert toegang.client_vastleggen(postcode="6001 AB", **velden).gemeente == t.gemeente
    assert toegang.client_vastleggen(postcode="9999 ZZ", **velden).postcode == "9999ZZ"  # unknown area: not checked
    http = _http(t.consulent)
    pagina = http.get(f"/clienten/{Client.objects.get(bsn='999990019').pk}/gegevens/").content.decode()
    assert "De postcode is niet gecontroleerd" in pagina


def test_representatives_are_added_and_ended_never_deleted() -> None:
    t = toegangsregio()
    client = client_in(t)
    http = _http(t.consulent)
    velden = {"actie": "relatie", "relatie-soort": "14", "relatie-achternaam": "Bewind BV"}
    http.post(
        f"/clienten/{client.pk}/gegevens/",
        velden | {"relatie-geldig_van": "2024-01-01", "relatie-contactpersoon": "on"},
    )
    r = Relatie.objects.get(client=client)
    assert (r.wettelijk_vertegenwoordiger, r.contactpersoon) == (True, True)
    http.post(f"/clienten/{client.pk}/gegevens/", {"actie": "relatie_einde", "einde-relatie": r.pk,
                                                   "einde-geldig_tot": "2024-06-30"})  # fmt: skip
    r.refresh_from_db()
    assert r.geldig_tot == date(2024, 6, 30) and Relatie.objects.count() == 1
    dochter = services.relatie_vastleggen(
        door=t.consulent, client=client, soort="16", achternaam="Jansen", geldig_van=date(2024, 2, 1)
    )
    with pytest.raises(ClientFout, match="vóór de ingangsdatum"):
        services.relatie_beeindigen(door=t.consulent, relatie=dochter, geldig_tot=date(2024, 1, 1))
    assert not dochter.wettelijk_vertegenwoordiger


def test_a_legal_representative_gets_a_copy_of_every_letter() -> None:
    from tests.factories_toegang import melding
    from tests.pdftekst import pdf_tekst

    t = toegangsregio()
    client = client_in(t)
    services.relatie_vastleggen(door=t.consulent, client=client, soort="15", voorletters="K.", achternaam="Mentorman",
                                geldig_van=date(2020, 1, 1))  # fmt: skip
    m = melding(t, client)
    assert "Afschrift aan: K. Mentorman (mentor)" in pdf_tekst(bytes(m.brieven.get().pdf))


def test_the_melding_form_fills_and_checks_from_the_brp(brp: Standin) -> None:  # noqa: F811
    t = toegangsregio()
    brp.personen[BSN] = persoon(BSN)
    http = _http(t.consulent)
    gevuld = http.post("/toegang/melding/nieuw/", {"brp": "1", "bsn": BSN, "gemeente": t.gemeente.pk})
    html = gevuld.content.decode()
    assert "opgehaald uit de BRP" in html and 'value="Peeters"' in html and 'value="1942-05-17"' in html
    assert 'value="Wilhelminasingel"' in html and 'value="6001GS"' in html
    invoer = {"bsn": BSN, "geboortedatum": "1942-05-17", "voorletters": "M.J.", "achternaam": "Peters",
              "straat": "Wilhelminasingel", "huisnummer": "14", "huisnummer_toevoeging": "a", "postcode": "6001 GS",
              "plaats": "Weert", "gemeente": t.gemeente.pk, "melddatum": timezone.localdate().isoformat()}  # fmt: skip
    fout = http.post("/toegang/melding/nieuw/", invoer)
    assert "achternaam: ingevuld &#x27;Peters&#x27;, in de BRP &#x27;Peeters&#x27;." in fout.content.decode()
    assert not Melding.objects.exists()
    goed = http.post("/toegang/melding/nieuw/", invoer | {"achternaam": "Peeters"})
    assert goed.status_code == 302 and Melding.objects.count() == 1
    client = Client.objects.get(bsn=BSN)
    assert Verwerking.objects.filter(object_type="brp bevraagd").count() == 1
    # the BRP unreachable: registered unchecked, with a warning
    brp.storing = True
    invoer2 = invoer | {"bsn": "999990019", "achternaam": "Smit"}
    antwoord = http.post("/toegang/melding/nieuw/", invoer2, follow=True)
    assert "niet met de BRP gecontroleerd" in antwoord.content.decode() and Melding.objects.count() == 2
    assert client.achternaam == "Peeters"


def test_without_a_brp_connection_the_form_has_no_brp_button(settings: object) -> None:
    settings.WMOKETEN_BRP = {}  # type: ignore[attr-defined]
    t = toegangsregio()
    assert "Gegevens ophalen uit de BRP" not in _http(t.consulent).get("/toegang/melding/nieuw/").content.decode()


def test_the_client_page_compares_with_the_brp_and_takes_it_over(brp: Standin) -> None:  # noqa: F811
    t = toegangsregio()
    client = client_in(t)
    Client.objects.filter(pk=client.pk).update(bsn=BSN)
    brp.personen[BSN] = persoon(BSN, overlijden={"datum": {"type": "Datum", "datum": "2024-06-30",
                                                           "langFormaat": "30 juni 2024"}})  # fmt: skip
    http = _http(t.consulent)
    vergelijking = http.post(f"/clienten/{client.pk}/brp/").content.decode()
    assert "overleden op 30 juni 2024" in vergelijking and "Wilhelminasingel" in vergelijking
    http.post(f"/clienten/{client.pk}/brp/", {"actie": "overnemen"})
    client.refresh_from_db()
    assert (client.straat, client.achternaam, client.overleden_op) == ("Wilhelminasingel", "Peeters", None)
    assert Clientversie.objects.filter(client=client, bron="brp").count() == 1
