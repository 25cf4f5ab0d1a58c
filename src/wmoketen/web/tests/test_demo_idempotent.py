"""Issue 14 item 11: the demo does not contradict itself. Running `wmoketen demo` twice leaves the database as
running it once did (row counts per model and a fingerprint of every business table's content)."""

from __future__ import annotations

import hashlib
import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import models
from django.http import QueryDict
from django.utils import timezone

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker
from wmoketen.berichten.models import Bericht
from wmoketen.catalogus.models import Regio
from wmoketen.declaraties.constants import BatchStatus
from wmoketen.declaraties.models import Betaalbatch, Prestatie
from wmoketen.herindicatie.models import Conversierun, Herindicatiesignaal
from wmoketen.monitoring.filters import Filter, standaardperiode
from wmoketen.monitoring.kpi.kosten import kosten_per_maand
from wmoketen.monitoring.selectors import filter_uit_verzoek

pytestmark = pytest.mark.django_db

# the record of what happened (the Logboek and its checkpoints, sessions) grows with every run by design
NIET_ZAKELIJK = {"audit", "sessions", "admin", "contenttypes", "auth"}


def _velden(model: type[models.Model]) -> list[str]:
    return [
        f.attname
        for f in model._meta.concrete_fields
        if not getattr(f, "auto_now", False) and not getattr(f, "auto_now_add", False)
    ]


def vingerafdruk() -> dict[str, tuple[int, str]]:
    """Per model: (row count, sha256 of every row's fields in primary-key order); for the record tables only the
    count is kept out (they are not business data)."""
    uit: dict[str, tuple[int, str]] = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in NIET_ZAKELIJK or model._meta.proxy or not model._meta.managed:
            continue
        velden = _velden(model)
        h = hashlib.sha256()
        aantal = 0
        for rij in model._default_manager.order_by("pk").values_list(*velden):
            h.update(repr(rij).encode())
            aantal += 1
        uit[model._meta.label] = (aantal, h.hexdigest())
    return uit


def elke_regio_heeft_werk() -> None:
    """Every page has something in every region: expiring indications (a region in force), declarations and a
    payment batch (one approved, paid by the second person; De Fryske Marren 2022 in its last months), a default
    dashboard with costs for every contract manager, the exchange with a 317 answered by a 319, and the
    Limburg-Noord conversion carried out."""
    leeg: list[str] = []
    for regio in Regio.objects.order_by("code"):
        gemeenten = regio.gemeenten.all()
        lopend = regio.geldig_tot is None  # De Fryske Marren 2022 ended: nothing expires there any more
        signalen = Herindicatiesignaal.objects.filter(toewijzing__client__gemeente__in=gemeenten, status="open")
        if lopend and not signalen.exists():
            leeg.append(f"{regio.code}: geen aflopende indicaties")
        if not Betaalbatch.objects.filter(gemeente__in=gemeenten, status=BatchStatus.GOEDGEKEURD).exists():
            leeg.append(f"{regio.code}: geen goedgekeurde betaalbatch")
        if not Prestatie.objects.filter(declaratie__gemeente__in=gemeenten, status="goedgekeurd").exists():
            leeg.append(f"{regio.code}: geen goedgekeurde declaraties")
    assert leeg == [], leeg
    # the dashboards of a region in force have its last year: Limburg-Noord's costs per month are not empty
    van, tot = standaardperiode(timezone.localdate())
    ln = Regio.objects.get(code="limburg-noord-2022")
    assert any(goedgekeurd for _, _, goedgekeurd in kosten_per_maand(Filter(van=van, tot=tot, regio_id=ln.pk)))
    # every contract manager's default dashboard (no period chosen) has costs; De Fryske Marren's shows 2022
    for cm in Gebruiker.objects.filter(rol=Rol.CONTRACTMANAGER, username__startswith="contractmanager.").order_by(
        "username"
    ):
        f, _, k = filter_uit_verzoek(cm, QueryDict(""), (van, tot))
        assert any(goedgekeurd for _, _, goedgekeurd in kosten_per_maand(f)), cm.username
        if cm.regio.code == "de-fryske-marren-2022":
            assert (f.van, f.tot) == (date(2022, 1, 1), date(2022, 12, 31))
            assert "01-01-2022 tot en met 31-12-2022" in k.periode_toelichting
        else:
            assert (f.van, f.tot, k.periode_toelichting) == (van, tot, "")
    assert {"317", "318", "319", "320"} <= set(Bericht.objects.values_list("soort", flat=True))
    # every message the demo sends is accepted by its receiver (valid by the official XSLT: test_demo_officieel)
    retouren = Bericht.objects.filter(richting="in", soort__in=["302", "306", "308", "316", "318", "320"])
    assert [(b.soort, b.retour_codes) for b in retouren if b.retour_codes != ["0200"]] == []
    assert Conversierun.objects.filter(conversie__code__startswith="limburg-noord", soort="echt", status="klaar")


def test_running_the_demo_twice_is_running_it_once(tmp_path: Path, settings: Any) -> None:
    settings.WMOKETEN_UITWISSELING_MAP = tmp_path
    regions = str(Path(django_settings.BASE_DIR) / "regions")
    call_command("demo", regions=regions, stdout=io.StringIO())
    eerste = vingerafdruk()
    elke_regio_heeft_werk()
    tweede_uitvoer = io.StringIO()
    call_command("demo", regions=regions, stdout=tweede_uitvoer)
    tweede = vingerafdruk()
    verschil = {m: (eerste.get(m), tweede.get(m)) for m in eerste.keys() | tweede.keys() if eerste[m] != tweede[m]}
    assert verschil == {}, tweede_uitvoer.getvalue()
    # the things the issue saw go wrong, by name: ceilings kept, no evaluations added, nothing left to send
    assert eerste["contracten.Budgetplafond"][0] > 6 and eerste["herindicatie.Evaluatie"][0] > 0
    assert "0 toewijzingsbericht(en) verzonden" in tweede_uitvoer.getvalue()
    assert "ongewijzigd (het bestand was al geladen)" in tweede_uitvoer.getvalue()
