"""Input at the edges: every form class answers an empty (and an invalid) submission with Dutch messages; the
message upload endpoint and the draft-323 upload check type and size with Dutch errors; the form limits in the
settings still let a 25 MB message through the upload endpoint."""

from __future__ import annotations

import importlib
import inspect
from typing import Any

import pytest
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient

from tests.auth import koppeling_kop
from tests.factories_berichten import keten
from tests.factories_toegang import toegangsregio
from wmoketen.berichten.codec import MAX_BERICHT_BYTES
from wmoketen.berichten.models import Bericht
from wmoketen.toegang.instellingen import STANDAARD_INSTELLINGEN

FORMULIER_MODULES = [
    "wmoketen.toegang.forms",
    "wmoketen.berichten.forms",
    "wmoketen.accounts.forms",
    "wmoketen.clienten.forms",
    "wmoketen.toewijzingen.forms",
]
ENGELS = ("This field is required", "Enter a valid", "Select a valid", "Ensure this value")
NEDERLANDS = ("verplicht", "geldig", "Kies", "Vul", "Bevestig", "moet", "Geef")


def _extra(cls: type, regio: Any) -> dict[str, Any]:
    """The keyword arguments a form class needs (new classes with their own needs must be added here)."""
    naam = cls.__name__
    if naam == "MeldingForm":
        return {"gebruiker": regio.consulent}
    if naam == "PlanForm":
        from wmoketen.contracten.models import Aanbieder
        from wmoketen.toegang.selectors import producten_voor_plan

        return {"aanbieders": Aanbieder.objects.all(), "producten": producten_voor_plan(regio.regio)}
    if naam == "Deel2Form":
        return {"instellingen": STANDAARD_INSTELLINGEN}
    if naam == "BeeindigenForm":
        from wmoketen.catalogus.models import Gemeente
        from wmoketen.toewijzingen.models import Toewijzing

        return {"toewijzingen": Toewijzing.objects.all(), "gemeenten": Gemeente.objects.all()}
    if naam == "WisselForm":
        from wmoketen.contracten.models import Aanbieder

        return {"aanbieders": Aanbieder.objects.all()}
    if naam == "VotForm":
        return {"producten": [("02A01", "Begeleiding")], "gemeenten": [("0946", "Leudal")]}
    return {}


def formulieren() -> list[type[forms.Form]]:
    uit = []
    for module in FORMULIER_MODULES:
        for _, cls in inspect.getmembers(importlib.import_module(module), inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module and cls.base_fields:
                uit.append(cls)
    return uit


@pytest.mark.django_db
@pytest.mark.parametrize("cls", formulieren(), ids=lambda c: c.__name__)
def test_every_form_refuses_empty_input_in_dutch(cls: type[forms.Form]) -> None:
    regio = toegangsregio()
    form = cls(data={}, **_extra(cls, regio))
    assert not form.is_valid()
    meldingen = [str(m) for fouten in form.errors.values() for m in fouten]
    assert meldingen
    assert [m for m in meldingen if any(e in m for e in ENGELS)] == []
    assert [m for m in meldingen if not any(n in m for n in NEDERLANDS)] == []


@pytest.mark.django_db
def test_invalid_values_get_dutch_messages() -> None:
    from wmoketen.toegang.forms import HuisbezoekForm, MeldingForm

    regio = toegangsregio()
    form = HuisbezoekForm(data={"afspraak_op": "31-02-2024", "huisbezoek_datum": "morgen"})
    assert not form.is_valid()
    assert form.errors["afspraak_op"] == ["Vul een geldige datum in."]
    melding = MeldingForm(data={"bsn": "123456789"}, gebruiker=regio.consulent)
    assert not melding.is_valid()
    meldingen = sorted({m for f in melding.errors.values() for m in f})
    assert [m for m in meldingen if not any(n in m for n in (*NEDERLANDS, "BSN"))] == [], meldingen


@pytest.mark.django_db
def test_upload_endpoint_checks_type_and_size_in_dutch() -> None:
    k = keten()
    http = HttpClient()
    url = "/berichten/upload/"
    kop = koppeling_kop(aanbieder=k.aanbieder)
    verkeerd = http.post(url, b"<a/>", content_type="application/json", **kop)
    assert (verkeerd.status_code, verkeerd.json()) == (
        415,
        {"fout": "Alleen XML-berichten: stuur Content-Type application/xml of text/xml."},
    )
    te_groot = http.post(url, b" " * (MAX_BERICHT_BYTES + 1), content_type="text/xml", **kop)
    assert te_groot.status_code == 413
    assert te_groot.json()["fout"].startswith("Bericht geweigerd: groter dan de toegestane 25 MB")
    # exactly 25 MB passes the size checks (and the form limits in the settings): refused only for its content
    precies = http.post(url, b" " * MAX_BERICHT_BYTES, content_type="application/xml", **kop)
    assert precies.status_code == 400
    assert Bericht.objects.count() == 0
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE < MAX_BERICHT_BYTES  # forms stay small; the endpoint streams


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("naam", "soort", "inhoud", "fout"),
    [
        ("concept.txt", "text/plain", b"<a/>", "Het conceptbestand moet een XML-bestand zijn (extensie .xml)."),
        ("concept.xml", "application/pdf", b"%PDF", "Het conceptbestand moet een XML-bestand zijn (application/xml"),
        ("concept.xml", "application/xml", b"<!DOCTYPE x><a/>", "Het conceptbestand is geen geldige WMO323"),
    ],
)
def test_draft_323_upload_checks_type_and_content_in_dutch(naam: str, soort: str, inhoud: bytes, fout: str) -> None:
    k = keten()
    http = HttpClient()
    http.force_login(k.medewerker)
    bestand = SimpleUploadedFile(naam, inhoud, content_type=soort)
    antwoord = http.post("/berichten/portaal/declareren/", {"concept": bestand}, follow=True)
    assert fout in antwoord.content.decode()
    assert Bericht.objects.count() == 0
