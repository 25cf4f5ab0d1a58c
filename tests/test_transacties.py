"""A change and its Logboek record are stored together or not at all (issue 13 item 4).

The attack: a consultant's change failed with a 500 because its database connection was killed after the change
and before its `wijzigen` record; the change had been committed by the service, the record was lost. Now every
request runs in one transaction (ATOMIC_REQUESTS), so the failure takes the change with it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver

from tests.test_bereik_wereld import wereld_bouwen
from wmoketen.audit import services as audit_services
from wmoketen.audit.constants import Actie
from wmoketen.audit.models import Verwerking
from wmoketen.toegang.models import Stap

# views that manage their own transactions, each with the reason in its docstring or comment
EIGEN_TRANSACTIES = {"berichten:upload"}


def _verbinding_verbreken() -> None:
    """What the attack did: the connection dies in the middle of the request. On PostgreSQL the connection is
    really closed (the server rolls back what was not committed); SQLite in memory would lose the whole test
    database that way, so there the driver's error is raised."""
    if connection.vendor == "postgresql":
        connection.connection.close()  # the next statement fails with psycopg's OperationalError
    else:
        raise OperationalError("server closed the connection unexpectedly")


@pytest.mark.django_db(transaction=True)  # real commits: what the service commits is what is stored
def test_a_change_whose_logboek_record_fails_is_not_stored(monkeypatch: pytest.MonkeyPatch) -> None:
    w = wereld_bouwen()
    m = w.clienten[1].melding  # plan sent, no beschikking yet: a home visit can still be recorded
    stappen_voor = Stap.objects.filter(melding=m).count()
    datum_voor = m.huisbezoek_datum
    records_voor = Verwerking.objects.count()
    origineel = audit_services._opslaan

    def opslaan(records: list[Any]) -> None:
        if any(r.actie == Actie.WIJZIGEN for r in records):
            _verbinding_verbreken()
        origineel(records)

    monkeypatch.setattr(audit_services, "_opslaan", opslaan)
    http = HttpClient(raise_request_exception=False)
    http.force_login(w.t.consulent)
    antwoord = http.post(
        f"/toegang/dossier/{m.pk}/huisbezoek/", {"afspraak_op": "04-06-2024", "huisbezoek_datum": "07-06-2024"}
    )
    assert antwoord.status_code == 500
    monkeypatch.setattr(audit_services, "_opslaan", origineel)
    connection.close()  # a fresh connection sees only what was committed
    m.refresh_from_db()
    assert m.huisbezoek_datum == datum_voor != date(2024, 6, 7)  # the change is gone ...
    assert Stap.objects.filter(melding=m).count() == stappen_voor
    assert Verwerking.objects.count() == records_voor  # ... and so is every record of the request

    # the same request with a healthy connection stores both
    http.force_login(w.t.consulent)
    antwoord = http.post(
        f"/toegang/dossier/{m.pk}/huisbezoek/", {"afspraak_op": "04-06-2024", "huisbezoek_datum": "07-06-2024"}
    )
    assert antwoord.status_code == 302
    m.refresh_from_db()
    assert m.huisbezoek_datum == date(2024, 6, 7)
    assert Verwerking.objects.filter(actie=Actie.WIJZIGEN, object_id=str(m.pk)).count() == 1


def _views(patronen: list[Any], naamruimte: str = "") -> list[tuple[str, Any]]:
    gevonden = []
    for p in patronen:
        if isinstance(p, URLResolver):
            ruimte = f"{naamruimte}{p.namespace}:" if p.namespace else naamruimte
            gevonden += _views(p.url_patterns, ruimte)
        elif isinstance(p, URLPattern):
            gevonden.append((f"{naamruimte}{p.name or p.pattern}", p.callback))
    return gevonden


def test_every_view_runs_in_the_request_transaction() -> None:
    """ATOMIC_REQUESTS is on, and no view opts out except the ones listed (a new opt-out fails this test)."""
    assert connection.settings_dict["ATOMIC_REQUESTS"] is True
    uitgezonderd = {
        naam for naam, view in _views(get_resolver().url_patterns) if getattr(view, "_non_atomic_requests", set())
    }
    assert uitgezonderd == EIGEN_TRANSACTIES


def test_production_settings_keep_requests_atomic() -> None:
    from wmoketen.conf import base

    assert base.DATABASES["default"]["ATOMIC_REQUESTS"] is True
