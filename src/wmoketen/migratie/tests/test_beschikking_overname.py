"""An imported beschikking (sjabloon beschikkingen) is a full `Beschikking`: client, melding, plan with the products
of its assignments, dates and term, its assignments under it, and a marker of where it came from. Evaluation, the
expiry signal, re-indication and conversion then treat it like a native one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from tests.auth import login_met_tweede_factor
from tests.factories import GebruikerFactory
from wmoketen.accounts.constants import Rol
from wmoketen.catalogus.models import Regio
from wmoketen.herindicatie import selectors as herindicatie
from wmoketen.herindicatie.conversie.definitie import lees_definitie
from wmoketen.herindicatie.conversie.uitvoering import run_uitvoeren, run_voorbereiden
from wmoketen.herindicatie.models import Herindicatiesignaal, SignaalStatus
from wmoketen.herindicatie.services import evaluaties_plannen, herindicatie_starten, signalen_bijwerken
from wmoketen.herindicatie.tests.conversie_fixture import LN_CONVERSIE, ln_fixture
from wmoketen.migratie.importeren import import_draaien, proefdraai_aanmaken, uitvoering_aanmaken
from wmoketen.toegang.constants import Fase
from wmoketen.toegang.models import Beschikking, Brief, Melding
from wmoketen.toewijzingen.models import Toewijzing, Toewijzingsbericht

pytestmark = pytest.mark.django_db


def _bron(pad: Path, regels: list[str]) -> Path:
    (pad / "sjablonen").mkdir(parents=True)
    kop = "bsn;beschikkingnummer;besluitdatum;ingangsdatum;einddatum;toewijzingnummers;omschrijving;melddatum"
    (pad / "sjablonen" / "beschikkingen.csv").write_text("\n".join([kop, *regels]) + "\n", encoding="utf-8")
    return pad


def test_overgenomen_beschikking_is_volledig_en_gaat_mee_in_signaal_herindicatie_en_conversie(tmp_path: Path) -> None:
    toewijzingen = ln_fixture()
    regio = Regio.objects.get(code="limburg-noord-2022")
    beheer = GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=regio)
    t = toewijzingen[0]  # HH 01-01-2022 .. 31-05-2023; the conversion converts it per 01-04-2022
    anders = toewijzingen[1]  # another client
    bron = _bron(
        tmp_path / "bron",
        [
            f"{t.client.bsn};5001;2021-12-15;2022-01-01;2023-05-31;{t.toewijzing_nummer};Huishoudelijke hulp;"
            "2021-11-20",
            f"{t.client.bsn};5002;2021-12-15;2022-01-01;2023-05-31;{anders.toewijzing_nummer};;",
            f"{t.client.bsn};5003;2021-12-15;2022-01-01;2023-05-31;;;",
        ],
    )
    proef = import_draaien(proefdraai_aanmaken(regio=regio, bron=bron, door=beheer).pk)
    assert not Beschikking.objects.exists() and not Melding.objects.exists()  # the dry run changed nothing
    redenen = {a.regel: a.reden for a in proef.afwijzingen.all()}
    assert set(redenen) == {3, 4}
    assert f"toewijzing {anders.toewijzing_nummer} is van een andere cliënt" in redenen[3]
    assert "kolom toewijzingnummers" in redenen[4]
    echt = import_draaien(uitvoering_aanmaken(proefdraai=proef, door=beheer).pk)
    assert echt.tellingen["soorten"] == proef.tellingen["soorten"] == {"beschikkingen": 1}

    b = Beschikking.objects.select_related("melding", "plan", "overname").get()
    assert b.melding.client_id == t.client_id and b.melding.regio_id == regio.pk
    assert (b.melding.fase, b.melding.melddatum, b.melding.omschrijving) == (
        Fase.BESCHIKT, date(2021, 11, 20), "Huishoudelijke hulp"
    )  # fmt: skip
    assert (b.besluitdatum, b.ingangsdatum, b.einddatum) == (date(2021, 12, 15), date(2022, 1, 1), date(2023, 5, 31))
    assert b.plan.aanbieder_id == t.aanbieder_id and b.plan.termijn_maanden == 17
    assert [(p.product_id, p.volume) for p in b.plan.producten.all()] == [(t.product_id, t.volume)]
    assert b.verslag.melding_id == b.melding_id
    assert (b.overname.beschikking_nummer, b.overname.toewijzing_nummers) == (5001, [t.toewijzing_nummer])
    assert (b.overname.bron, b.overname.migratie_nummer) == ("sjablonen/beschikkingen.csv, regel 2", echt.pk)
    t.refresh_from_db()
    assert t.beschikking_id == b.pk
    # no letter, no new assignment, no 301: the old suite sent them
    assert not Brief.objects.exists()
    assert Toewijzing.objects.count() == len(toewijzingen)
    assert not Toewijzingsbericht.objects.exists()

    # the dossier, the beschikking and the plan open like any other (what stayed in the old suite is left empty)
    consulent = GebruikerFactory(rol=Rol.CONSULENT, gemeenten=[t.client.gemeente])
    http = login_met_tweede_factor(HttpClient(), consulent)
    dossier = http.get(reverse("toegang:dossier", kwargs={"melding_id": b.melding_id}))
    assert dossier.status_code == 200 and "BeschikkingNummer 5001" in dossier.content.decode()
    for naam, kwargs in (
        ("toegang:beschikking_pdf", {"beschikking_id": b.pk}),
        ("toegang:plan_pdf", {"plan_id": b.plan_id}),
    ):
        pdf = http.get(reverse(naam, kwargs=kwargs))
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf", naam

    # evaluation: planned on the assignment with the beschikking behind it (the general intended result)
    assert evaluaties_plannen(toewijzing=t, vandaag=date(2022, 1, 1))

    # conversion: the reissued assignment stays under the imported beschikking
    run = run_uitvoeren(run=run_voorbereiden(gelezen=lees_definitie(LN_CONVERSIE)))
    assert run.status == "klaar"
    opvolger = Toewijzing.objects.get(vorige=t)
    assert (opvolger.ingangsdatum, opvolger.einddatum, opvolger.beschikking_id) == (
        date(2022, 4, 1), date(2023, 5, 31), b.pk
    )  # fmt: skip

    # the expiring indication is signalled and shown to the consultant of the client's municipality ...
    vandaag = date(2023, 5, 22)
    signalen_bijwerken(vandaag=vandaag)
    signaal = Herindicatiesignaal.objects.get(toewijzing=opvolger)
    assert signaal in list(herindicatie.signalen_voor(gebruiker=consulent))
    assert signaal.toewijzing.beschikking == b
    # ... and re-indicated: a vervolgmelding for the same client, through the access flow
    signaal = herindicatie_starten(signaal=signaal, door=consulent, op=vandaag)
    assert signaal.status == SignaalStatus.GEMELD
    assert signaal.melding is not None and signaal.melding.client_id == t.client_id

    # the same source again changes nothing: the beschikking is present under its number
    nogmaals = import_draaien(proefdraai_aanmaken(regio=regio, bron=bron, door=beheer).pk)
    assert nogmaals.tellingen["uitkomsten"]["beschikkingen"].get("aanwezig") == 1
    assert Beschikking.objects.count() == 1
