"""Pages: scoping (404 outside), findings in Dutch with rule code and retourcode, four eyes over HTTP, exports,
ceilings, CAK export, and the provider portal: compose, pre-calculate, send and correct as real 323s."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from tests.auth import login_met_tweede_factor
from tests.factories import AanbiederFactory, GebruikerFactory
from wmoketen.accounts.constants import Rol
from wmoketen.audit.models import Verwerking
from wmoketen.catalogus.models import CakKostprijs
from wmoketen.contracten.models import Budgetplafond
from wmoketen.declaraties.constants import BatchStatus, PrestatieStatus
from wmoketen.declaraties.models import Betaalbatch, Declaratie, Prestatie
from wmoketen.declaraties.selectors import standaard_plafondjaar

from .harnas import Opstelling, betaalbare_opstelling, prestatie, stuur, wmo323_bericht

pytestmark = pytest.mark.django_db


@pytest.fixture
def o() -> Opstelling:
    return betaalbare_opstelling()


def _http(gebruiker: object) -> HttpClient:
    return login_met_tweede_factor(HttpClient(), gebruiker)


def _backoffice(o: Opstelling, naam: str):  # type: ignore[no-untyped-def]
    return GebruikerFactory(username=naam, rol=Rol.BACKOFFICE, regio=o.keten.regio, gemeenten=[o.keten.gemeente])


def test_backoffice_sees_findings_in_dutch_with_code_and_retourcode(o: Opstelling) -> None:
    stuur(wmo323_bericht(prestatie("P1", volume=10), prestatie("P2", nummer=9999)))
    d = Declaratie.objects.get()
    http = _http(_backoffice(o, "bo1"))
    assert o.keten.gemeente.naam in http.get(reverse("declaraties:lijst")).content.decode()
    html = http.get(reverse("declaraties:detail", args=[d.pk])).content.decode()
    assert "TR338 / 9338" in html
    assert "niet te koppelen aan een toegewezen product" in html
    assert o.keten.client.bsn not in html
    assert Verwerking.objects.filter(object_type="Declaratie", object_id=str(d.pk)).count() == 1


def test_scoping_other_provider_and_other_municipality_get_404(o: Opstelling) -> None:
    stuur(wmo323_bericht(prestatie("P1")))
    d = Declaratie.objects.get()
    ander = AanbiederFactory()
    vreemde = GebruikerFactory(username="ander", rol=Rol.AANBIEDER, aanbieder=ander)
    assert _http(vreemde).get(reverse("declaraties:detail", args=[d.pk])).status_code == 404
    eigen = _http(o.keten.medewerker)
    assert eigen.get(reverse("declaraties:detail", args=[d.pk])).status_code == 200
    elders = GebruikerFactory(username="bo-elders", rol=Rol.BACKOFFICE)
    assert _http(elders).get(reverse("declaraties:detail", args=[d.pk])).status_code == 404
    p = Prestatie.objects.get()
    assert _http(vreemde).get(reverse("berichten:corrigeren", args=[p.pk])).status_code == 404


def _bestand(http: HttpClient, url: str, capture: Any, **data: object) -> tuple[str, bytes | None]:
    """A file made on the worker (eager here): POST, then the task's outcome and its file."""
    from wmoketen.taken.models import Taak

    with capture(execute=True):
        antwoord = http.post(url, data)
    assert antwoord.status_code == 302 and antwoord["Location"].startswith("/taken/")
    taak = Taak.objects.latest("aangemaakt_op")
    bestand = http.get(f"/taken/{taak.pk}/bestand/")
    return taak.uitkomst, bestand.content if bestand.status_code == 200 else None


def test_four_eyes_over_http_and_exports(o: Opstelling, django_capture_on_commit_callbacks: Any) -> None:
    stuur(wmo323_bericht(prestatie("P1", volume=10)))
    a, b = _backoffice(o, "bo1"), _backoffice(o, "bo2")
    ha, hb = _http(a), _http(b)
    ha.post(reverse("declaraties:batch_aanmaken"), {"gemeente": o.keten.gemeente.pk})
    batch = Betaalbatch.objects.get()
    ha.post(reverse("declaraties:batch_actie", args=[batch.pk, "goedkeuren"]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CONCEPT
    uitkomst, bestand = _bestand(
        ha, reverse("declaraties:batch_export", args=[batch.pk, "pain001"]), django_capture_on_commit_callbacks
    )
    assert uitkomst.startswith("Niet gemaakt: ") and bestand is None  # not approved yet: no payment file
    hb.post(reverse("declaraties:batch_actie", args=[batch.pk, "goedkeuren"]))
    batch.refresh_from_db()
    assert (batch.status, batch.aangemaakt_door_id, batch.goedgekeurd_door_id) == ("goedgekeurd", a.pk, b.pk)
    uitkomst, xml = _bestand(
        hb, reverse("declaraties:batch_export", args=[batch.pk, "pain001"]), django_capture_on_commit_callbacks
    )
    assert uitkomst == f"betaalbatch-{batch.pk}-pain001.xml is klaar." and xml and b"pain.001.001.03" in xml
    _, csv = _bestand(
        hb, reverse("declaraties:batch_export", args=[batch.pk, "csv"]), django_capture_on_commit_callbacks
    )
    assert csv is not None and csv.startswith(b"batch;")
    assert hb.get(reverse("declaraties:batch_export", args=[batch.pk, "csv"])).status_code == 405
    html = _http(o.keten.medewerker).get(reverse("declaraties:betalingen")).content.decode()
    assert "605,00" in html


def test_ceiling_page_warns_and_shows_the_region_rule(o: Opstelling) -> None:
    segment = o.keten.pxq.perceel.segment
    segment.plafondregel = "niet_betalen"
    segment.save()
    Budgetplafond.objects.create(aanbieder=o.keten.aanbieder, segment=segment, jaar=2025, bedrag_cent=60000)
    stuur(wmo323_bericht(prestatie("P1", volume=10)))  # 605,00 > 600,00
    manager = GebruikerFactory(username="cm", rol=Rol.CONTRACTMANAGER, gemeenten=[o.keten.gemeente])
    html = _http(manager).get(reverse("declaraties:plafonds") + "?jaar=2025").content.decode()
    assert "100%" in html and "niet betaald" in html
    assert "100%" in _http(o.keten.medewerker).get(reverse("declaraties:plafonds") + "?jaar=2025").content.decode()


def test_cak_export_fixed_price_per_period_and_audit_log(
    o: Opstelling, django_capture_on_commit_callbacks: Any
) -> None:
    CakKostprijs.objects.create(product=o.keten.pxq, geldig_van=date(2018, 1, 1), bedrag_cent=15000, per="4_weken")
    bo = _backoffice(o, "bo1")
    _, inhoud = _bestand(
        _http(bo), reverse("declaraties:cak"), django_capture_on_commit_callbacks, gemeente=o.keten.gemeente.pk,
        jaar=2025,
    )  # fmt: skip
    assert inhoud is not None
    regels = inhoud.decode().strip().split("\n")
    assert regels[0].startswith("bsn;jaar;periode")
    # 01-03-2025 .. 31-12-2025: CAK periods 3 (24-02..23-03) up to 13 of 2025; 31-12-2025 lies in 2026/01
    assert len(regels) - 1 == 11
    assert all(r.split(";")[9] == "15000" for r in regels[1:])
    assert Verwerking.objects.filter(object_type="CAK-kostprijs").count() == 1


def test_portal_composes_precalculates_sends_and_corrects(o: Opstelling, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    """The send only hands the 323 over; without a broker the exchange runs after the commit, as the worker would."""
    http = _http(o.keten.medewerker)
    url = reverse("berichten:declareren") + "?maand=2025-03"
    html = http.get(url).content.decode()
    assert "24" in html  # March 2025: 6 ISO weeks x 4 h proposed
    data = {"gemeente": "0363", "maand": "2025-03", "mee_0": "1", "volume_0": "30", "actie": "voorcalculatie"}
    html = http.post(reverse("berichten:declareren"), data).content.decode()
    assert "TR321 / 9321" in html and "afgewezen" in html
    data.update(volume_0="10", actie="versturen")
    with django_capture_on_commit_callbacks(execute=True):
        response = http.post(reverse("berichten:declareren"), data)
    assert response.status_code == 302
    p = Prestatie.objects.get()
    assert (p.status, p.toegekend_cent) == (PrestatieStatus.GOEDGEKEURD, 60500)
    with django_capture_on_commit_callbacks(execute=True):
        response = http.post(reverse("berichten:corrigeren", args=[p.pk]), {"volume": "8"})
    assert response.status_code == 302
    nieuw = Prestatie.objects.exclude(pk=p.pk)
    assert sorted(nieuw.values_list("debet_credit", "status", "toegekend_cent")) == [
        ("C", "goedgekeurd", -60500),
        ("D", "goedgekeurd", 48400),
    ]


@pytest.mark.parametrize(
    "gemeente, jaar",
    [("<tekst>", "2025"), ("1e3", "2025"), ("٣", "2025"), ("9" * 30, "2025"), ("", "2025"), ("GEMEENTE", "9" * 30)],
)
def test_cak_export_with_hostile_input_answers_in_dutch_not_500(o: Opstelling, gemeente: str, jaar: str) -> None:
    """Issue 13 item 8: `/declaraties/cak/` with text for the municipality was a 500."""
    http = HttpClient(raise_request_exception=False)
    http.force_login(_backoffice(o, "bo1"))
    gemeente = str(o.keten.gemeente.pk) if gemeente == "GEMEENTE" else gemeente
    antwoord = http.post(reverse("declaraties:cak"), {"gemeente": gemeente, "jaar": jaar}, follow=True)
    assert antwoord.status_code in (200, 404)
    if antwoord.status_code == 200:
        tekst = antwoord.content.decode()
        assert "Kies een gemeente uit de lijst." in tekst or "Geef een geldig jaar op." in tekst


def test_the_list_filters_searches_sorts_pages_and_totals_in_the_url(o: Opstelling) -> None:
    """Issue 19 item 5: a view of the list is a URL that can be shared."""
    stuur(wmo323_bericht(prestatie("P1", volume=10), nummer="D0000001"))
    stuur(wmo323_bericht(prestatie("P2", volume=4, maand=(2025, 4)), nummer="D0000002", periode=(2025, 4)))
    http = _http(_backoffice(o, "bo-lijst"))
    alles = http.get(reverse("declaraties:lijst")).content.decode()
    assert "2 declaraties · ingediend € 847,00 · toegekend € 847,00" in alles
    assert alles.index("D0000002") < alles.index("D0000001")  # newest first
    oud = http.get(reverse("declaraties:lijst"), {"sorteer": "ontvangen_oud"}).content.decode()
    assert oud.index("D0000001") < oud.index("D0000002")
    een = http.get(reverse("declaraties:lijst"), {"zoek": "0002", "gemeente": o.keten.gemeente.pk}).content.decode()
    assert "1 declaratie · ingediend € 242,00" in een and "D0000001" not in een
    assert 'value="0002"' in een  # the filter stays in the form (and so in the URL)
    geen = http.get(reverse("declaraties:lijst"), {"status": "afgewezen"}).content.decode()
    assert "0 declaraties · ingediend € 0,00" in geen
    assert http.get(reverse("declaraties:lijst"), {"aanbieder": "x"}).status_code == 400  # not silently all


def test_ceiling_page_defaults_to_the_latest_year_with_ceilings(o: Opstelling) -> None:
    """Issue 14 item 11: without a chosen year, and no ceiling this year, the latest earlier year that has one
    (a region that has ended, or ceilings only in the region file's year), said on the page and changeable."""
    segment = o.keten.pxq.perceel.segment
    Budgetplafond.objects.create(aanbieder=o.keten.aanbieder, segment=segment, jaar=2025, bedrag_cent=60000)
    manager = GebruikerFactory(username="cm", rol=Rol.CONTRACTMANAGER, gemeenten=[o.keten.gemeente])
    dit_jaar = timezone.localdate().year
    html = _http(manager).get(reverse("declaraties:plafonds")).content.decode()
    assert f"Voor {dit_jaar} zijn er geen budgetplafonds; getoond wordt 2025, het laatste jaar met plafonds." in html
    assert "<h1>Budgetplafonds 2025</h1>" in html and o.keten.aanbieder.naam in html
    assert '<option value="2025" selected>2025</option>' in html and f'<option value="{dit_jaar}">' in html
    gekozen = _http(manager).get(reverse("declaraties:plafonds") + f"?jaar={dit_jaar}").content.decode()
    assert f"Geen budgetplafonds voor {dit_jaar}." in gekozen and "het laatste jaar met plafonds" not in gekozen
    assert standaard_plafondjaar([2025, 2022], dit_jaar) == 2025
    assert standaard_plafondjaar([dit_jaar, 2025], dit_jaar) == dit_jaar
    assert standaard_plafondjaar([], dit_jaar) == dit_jaar
    assert standaard_plafondjaar([dit_jaar + 1], dit_jaar) == dit_jaar
