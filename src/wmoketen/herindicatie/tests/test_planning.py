from __future__ import annotations

from datetime import date

import pytest

from tests import factories_toegang as ft
from tests.factories import GebruikerFactory
from wmoketen.catalogus.models import Gemeente
from wmoketen.herindicatie.conversie.definitie import lees_definitie
from wmoketen.herindicatie.conversie.uitvoering import conversie_registreren
from wmoketen.herindicatie.models import Herbeoordeling, HerbeoordelingStatus
from wmoketen.herindicatie.selectors import planning
from wmoketen.herindicatie.services import HerindicatieFout, herbeoordelingen_plannen

from .conversie_fixture import LN_CONVERSIE, ln_fixture

pytestmark = pytest.mark.django_db


def test_herbeoordelingen_over_weken_binnen_capaciteit():
    ln_fixture(clienten=2)  # BGI/BGG clients: 2 x 3 = 6 in the rule "Begeleiding uitdienen"
    conversie = conversie_registreren(gelezen=lees_definitie(LN_CONVERSIE))
    with pytest.raises(HerindicatieFout, match="geen consulenten"):
        herbeoordelingen_plannen(conversie=conversie)
    gemeenten = list(Gemeente.objects.filter(cbs_code__in=["0983", "0984"]))
    a = GebruikerFactory(username="consulent-a", gemeenten=gemeenten)
    GebruikerFactory(username="consulent-b", gemeenten=gemeenten)
    uitkomst = herbeoordelingen_plannen(conversie=conversie)
    assert (uitkomst.ingepland, uitkomst.niet_ingepland) == (6, 0)
    rijen = list(Herbeoordeling.objects.order_by("week", "pk"))
    # earliest deadline first: the BGI ending 30-06-2022 (laatste melddatum 05-05-2022) goes in the first week
    assert rijen[0].week == date(2022, 2, 7)
    assert rijen[0].toewijzing.einddatum == date(2022, 6, 30)
    assert rijen[0].uiterlijk == date(2022, 5, 5)
    # 6 clients over 38 weeks: one per week, consultants take turns
    assert [r.week for r in rijen[:3]] == [date(2022, 2, 7), date(2022, 2, 14), date(2022, 2, 21)]
    p = planning(gebruiker=a, code=conversie.code)
    assert p.totaal == 6
    assert p.per_consulent == {"consulent-a": 3, "consulent-b": 3}
    assert p.weken[0].capaciteit == 16  # 2 consultants x 8
    # idempotent
    herbeoordelingen_plannen(conversie=conversie)
    assert Herbeoordeling.objects.count() == 6


def test_opnieuw_plannen_laat_afgeronde_herbeoordeling_staan():
    ln_fixture(clienten=2)
    conversie = conversie_registreren(gelezen=lees_definitie(LN_CONVERSIE))
    GebruikerFactory(username="consulent-a", gemeenten=list(Gemeente.objects.filter(cbs_code__in=["0983", "0984"])))
    herbeoordelingen_plannen(conversie=conversie)
    eerste = Herbeoordeling.objects.order_by("week", "pk").first()
    t = ft.toegangsregio()
    beschikking = ft.beschikt(t, ft.melding(t))  # any beschikking: the link is what counts here
    Herbeoordeling.objects.filter(pk=eerste.pk).update(status=HerbeoordelingStatus.AFGEROND, beschikking=beschikking)
    uitkomst = herbeoordelingen_plannen(conversie=conversie)
    assert (uitkomst.ingepland, Herbeoordeling.objects.count()) == (5, 6)
    eerste.refresh_from_db()
    assert (eerste.status, eerste.beschikking_id) == (HerbeoordelingStatus.AFGEROND, beschikking.pk)
