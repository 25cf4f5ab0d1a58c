from __future__ import annotations

from datetime import UTC, date, datetime

import factory
import pyotp

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker
from wmoketen.catalogus.models import Gemeente, Perceel, Product, Regio, Segment
from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Aanbieder, Overeenkomst
from wmoketen.core.bsn import test_bsns
from wmoketen.toewijzingen.models import Toewijzing

_BSNS = iter(test_bsns(2000, start=999_950_000))


class GemeenteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gemeente
        django_get_or_create = ("cbs_code",)

    cbs_code = "0988"
    naam = "Weert"


class RegioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Regio

    code = factory.Sequence(lambda n: f"regio-{n}")
    naam = factory.Sequence(lambda n: f"Regio {n}")
    geldig_van = date(2022, 1, 1)


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Segment

    regio = factory.SubFactory(RegioFactory)
    code = factory.Sequence(lambda n: f"S{n}")
    naam = "Begeleiding"


class PerceelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Perceel

    segment = factory.SubFactory(SegmentFactory)
    code = factory.Sequence(lambda n: f"P{n}")
    naam = "Perceel"


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    perceel = factory.SubFactory(PerceelFactory)
    regio = factory.SelfAttribute("perceel.segment.regio")
    productcode = factory.Sequence(lambda n: f"P{n:04d}")
    categorie = "02"
    naam = "Begeleiding individueel"


class AanbiederFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Aanbieder

    agb_code = factory.Sequence(lambda n: f"99{n:06d}")
    naam = factory.Sequence(lambda n: f"Zorgaanbieder {n}")


class OvereenkomstFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Overeenkomst

    regio = factory.SubFactory(RegioFactory)
    aanbieder = factory.SubFactory(AanbiederFactory)
    kenmerk = factory.Sequence(lambda n: f"OK-{n}")
    soort = "raamovereenkomst"
    procedure = "open_house"
    ingangsdatum = date(2022, 1, 1)


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    bsn = factory.LazyFunction(lambda: next(_BSNS))
    geboortedatum = date(1950, 5, 17)
    voorletters = "J."
    achternaam = factory.Sequence(lambda n: f"Testpersoon{n}")
    gemeente = factory.SubFactory(GemeenteFactory)
    # a complete address: a 301 without one is blocked (CD034, TR006)
    straat = "Teststraat"
    huisnummer = factory.Sequence(lambda n: 1 + n % 999)
    postcode = "6001AB"
    plaats = "Teststad"


class ToewijzingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Toewijzing

    toewijzing_nummer = factory.Sequence(lambda n: 500000 + n)
    client = factory.SubFactory(ClientFactory)
    aanbieder = factory.SubFactory(AanbiederFactory)
    product = factory.SubFactory(ProductFactory)
    ingangsdatum = date(2022, 2, 1)


class GebruikerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gebruiker
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    rol = Rol.CONSULENT
    totp_geheim = factory.LazyFunction(pyotp.random_base32)  # enrolled; pass totp_geheim="" to test enrolment
    # Accounts exist long before the work they approve (four eyes, accounts.vierogen); tests of that rule set it.
    date_joined = datetime(2020, 1, 1, tzinfo=UTC)
    password = factory.PostGenerationMethodCall("set_password", "geheim-wachtwoord-1")

    @factory.post_generation
    def gemeenten(self, create: bool, extracted: list[Gemeente] | None, **kwargs: object) -> None:
        if create and extracted:
            self.gemeenten.set(extracted)
        if create:
            self.save()
