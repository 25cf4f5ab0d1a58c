"""The client search: what the box understands, scope, limits, and the similar-name fallback on PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from tests.factories import AanbiederFactory, ClientFactory, GebruikerFactory, GemeenteFactory, ToewijzingFactory
from wmoketen.accounts.constants import Rol
from wmoketen.clienten.selectors import clienten_zoeken
from wmoketen.clienten.zoeken import ZoekFout, Zoekvraag, zoekvraag_lezen
from wmoketen.core.bsn import test_bsns


def test_a_bsn_is_read_as_a_bsn_with_or_without_separators() -> None:
    bsn = test_bsns(1)[0]
    assert zoekvraag_lezen(bsn) == Zoekvraag(bsn=bsn)
    assert zoekvraag_lezen(f" {bsn[:4]}.{bsn[4:6]}.{bsn[6:]} ") == Zoekvraag(bsn=bsn)


def test_a_bsn_failing_the_11_proef_is_refused_in_dutch() -> None:
    with pytest.raises(ZoekFout, match="elfproef"):
        zoekvraag_lezen("123456789")


def test_dates_postcodes_and_name_parts() -> None:
    assert zoekvraag_lezen("12-03-1950") == Zoekvraag(geboortedatum=date(1950, 3, 12))
    assert zoekvraag_lezen("1950-03-12") == Zoekvraag(geboortedatum=date(1950, 3, 12))
    assert zoekvraag_lezen("6001 ab 7") == Zoekvraag(postcode="6001AB", huisnummer=7)
    assert zoekvraag_lezen("6001AB") == Zoekvraag(postcode="6001AB")
    assert zoekvraag_lezen("De Vries 1-2-1944") == Zoekvraag(geboortedatum=date(1944, 2, 1), naamdelen=("de", "vries"))
    assert zoekvraag_lezen("Müller") == Zoekvraag(naamdelen=("müller",))
    assert zoekvraag_lezen("   ").leeg


@pytest.mark.parametrize(
    ("tekst", "melding"),
    [
        ("31-02-1950", "geen bestaande datum"),
        ("j", "ten minste 2 letters"),
        ("abc 12345", "herkennen"),
        ("jan\x00sen", "tekens die niet"),  # PostgreSQL refuses NUL in text: once a 500
        ("\u202ejansen", "tekens die niet"),
    ],
)
def test_nonsense_gets_a_dutch_reason(tekst: str, melding: str) -> None:
    with pytest.raises(ZoekFout, match=melding):
        zoekvraag_lezen(tekst)


@pytest.mark.django_db
def test_the_search_stays_within_the_users_scope() -> None:
    weert, leudal = GemeenteFactory(), GemeenteFactory(cbs_code="1640", naam="Leudal")
    hier = ClientFactory(gemeente=weert, achternaam="Hendriks", geboortedatum=date(1944, 2, 1), postcode="6001AB",
                         huisnummer=7)  # fmt: skip
    daar = ClientFactory(gemeente=leudal, achternaam="Hendriks")
    consulent = GebruikerFactory(rol=Rol.CONSULENT, gemeenten=[weert])

    def vind(tekst: str) -> list[int]:
        return [c.pk for c in clienten_zoeken(gebruiker=consulent, vraag=zoekvraag_lezen(tekst)).clienten]

    assert vind("hendriks") == [hier.pk]
    assert vind(daar.bsn) == []
    assert vind(hier.bsn) == [hier.pk]
    assert vind("1-2-1944") == [hier.pk]
    assert vind("6001 AB 7") == [hier.pk]
    assert vind("6001 AB 8") == []
    assert vind("hend 01-02-1944") == [hier.pk]
    assert vind("jansen hendriks") == []  # every name part must match
    monitoring = GebruikerFactory(rol=Rol.MONITORING, gemeenten=[weert])
    assert clienten_zoeken(gebruiker=monitoring, vraag=zoekvraag_lezen("hendriks")).clienten == []


@pytest.mark.django_db
def test_a_provider_finds_only_clients_with_its_own_assignment() -> None:
    gemeente = GemeenteFactory()
    eigen, ander = AanbiederFactory(), AanbiederFactory(agb_code="87654321")
    met = ClientFactory(gemeente=gemeente, achternaam="Smit")
    zonder = ClientFactory(gemeente=gemeente, achternaam="Smit")
    ToewijzingFactory(client=met, aanbieder=eigen)
    ToewijzingFactory(client=met, aanbieder=eigen)  # two assignments: still one result
    ToewijzingFactory(client=zonder, aanbieder=ander)
    medewerker = GebruikerFactory(rol=Rol.AANBIEDER, aanbieder=eigen)
    assert [c.pk for c in clienten_zoeken(gebruiker=medewerker, vraag=zoekvraag_lezen("smit")).clienten] == [met.pk]


@pytest.mark.django_db
def test_more_than_the_limit_asks_to_narrow_the_search() -> None:
    weert = GemeenteFactory()
    ClientFactory.create_batch(4, gemeente=weert, achternaam="Bakker")
    consulent = GebruikerFactory(rol=Rol.CONSULENT, gemeenten=[weert])
    resultaat = clienten_zoeken(gebruiker=consulent, vraag=zoekvraag_lezen("bakker"), limiet=3)
    assert (len(resultaat.clienten), resultaat.meer) == (3, True)
    resultaat = clienten_zoeken(gebruiker=consulent, vraag=zoekvraag_lezen("bakker"), limiet=4)
    assert (len(resultaat.clienten), resultaat.meer) == (4, False)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram similarity needs PostgreSQL (pg_trgm)")
def test_on_postgresql_a_typo_still_finds_the_name_after_the_exact_matches() -> None:
    weert = GemeenteFactory()
    exact = ClientFactory(gemeente=weert, achternaam="Janssen")
    lijkt = ClientFactory(gemeente=weert, achternaam="Jansen")
    ClientFactory(gemeente=weert, achternaam="Pietersen")
    consulent = GebruikerFactory(rol=Rol.CONSULENT, gemeenten=[weert])
    resultaat = clienten_zoeken(gebruiker=consulent, vraag=zoekvraag_lezen("janssen"))
    assert [c.pk for c in resultaat.clienten] == [exact.pk, lijkt.pk]
    assert resultaat.gelijkend
    resultaat = clienten_zoeken(gebruiker=consulent, vraag=zoekvraag_lezen("muller"))
    assert resultaat.clienten == []
