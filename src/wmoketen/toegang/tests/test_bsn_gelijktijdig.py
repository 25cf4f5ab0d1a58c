"""Two consultants register the same new BSN at the same moment (issue 13 item 6).

The attack: the race gave a 500 whose traceback carried `Key (bsn)=(...)`. Provoked here deterministically: our
lookup ran just before the colleague's registration committed (it finds nothing), so the database's unique
constraint refuses our insert (a real unique violation, on SQLite and on PostgreSQL). Now: a Dutch message,
nothing half-stored, no BSN in any log record."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.test import Client as HttpClient

from tests.factories import ClientFactory
from tests.factories_toegang import toegangsregio
from wmoketen.clienten.models import Client
from wmoketen.core.bsn import test_bsns
from wmoketen.toegang import services
from wmoketen.toegang.models import Melding

pytestmark = pytest.mark.django_db

BSN = test_bsns(3)[2]


def test_the_same_bsn_registered_at_the_same_moment_gives_a_dutch_message(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    t = toegangsregio()
    ClientFactory(bsn=BSN, gemeente=t.gemeente)  # the colleague's registration, committed just after our lookup

    class TeVroeg:  # our lookup by BSN saw the database before that commit
        class objects:
            @staticmethod
            def filter(**kwargs: Any) -> Any:
                return Client.objects.none() if "bsn" in kwargs else Client.objects.filter(**kwargs)

    monkeypatch.setattr(services, "Client", TeVroeg)
    http = HttpClient(raise_request_exception=False)
    http.force_login(t.consulent)
    data = {
        "bsn": BSN, "geboortedatum": "17-05-1950", "achternaam": "Bakker", "straat": "Molenweg",
        "huisnummer": "3", "postcode": "6001 AB", "plaats": "Weert", "gemeente": t.gemeente.pk,
        "melddatum": "12-06-2024",
    }  # fmt: skip
    with caplog.at_level(logging.DEBUG):
        antwoord = http.post("/toegang/melding/nieuw/", data)
    assert antwoord.status_code == 200
    assert services.GELIJKTIJDIG_GEREGISTREERD in antwoord.content.decode()
    assert Melding.objects.count() == 0  # ours was not stored; the colleague's client is the only one
    assert Client.objects.filter(bsn=BSN).count() == 1
    assert BSN not in caplog.text
