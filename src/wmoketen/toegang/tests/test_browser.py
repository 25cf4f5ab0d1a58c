"""The key flow in a real browser (headless Chromium): melding to beschikking, as consultant and provider see it."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from tests.factories_toegang import TOEGANG, toegangsregio
from wmoketen.core.bsn import test_bsns
from wmoketen.toegang.constants import TermijnCode
from wmoketen.toegang.instellingen import instellingen_lezen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WACHTWOORD = "geheim-wachtwoord-1"
WEEKDAGEN = ["ma", "di", "wo", "do", "vr", "za", "zo"]

TERMIJNEN = instellingen_lezen(TOEGANG).alle_termijnen()  # the test region's: legal + MLW work agreements


def kort(d: Any) -> str:
    return f"{WEEKDAGEN[d.weekday()]} {d:%d-%m-%Y}"


def afmelden(page: Any) -> None:
    page.click("button:has-text('Afmelden')")


def test_melding_to_beschikking_in_the_browser(ingelogde_pagina: Any, live_server: Any) -> None:
    t = toegangsregio()
    vandaag = timezone.localdate()
    bsn = test_bsns(1, start=999_980_000)[0]

    # consultant registers the melding
    page = ingelogde_pagina(t.consulent.username, WACHTWOORD)
    page.click("nav >> text=Werklijst")
    assert page.locator("h1").inner_text() == "Werklijst toegang"
    page.click("text=Nieuwe melding registreren")
    page.fill("#id_bsn", bsn)
    page.fill("#id_geboortedatum", "1948-02-29")
    page.fill("#id_voorletters", "M.")
    page.fill("#id_achternaam", "Peters")
    page.fill("#id_straat", "Dorpsstraat")
    page.fill("#id_huisnummer", "7")
    page.fill("#id_postcode", "6001 AB")
    page.fill("#id_plaats", "Weert")
    page.fill("#id_omschrijving", "Vergeetachtig, dochter overbelast")
    page.click("button:has-text('Registreren')")

    assert page.locator("h1").inner_text() == "M. Peters"
    assert page.locator("#fase").inner_text() == "Melding ontvangen"
    huisbezoek = page.locator("#termijnen tr", has_text="Afspraak voor het gesprek bij de cliënt thuis")
    assert kort(TERMIJNEN[TermijnCode.HUISBEZOEK].uiterlijk(vandaag)) in huisbezoek.inner_text()
    assert "Werkafspraken toegang MLW" in huisbezoek.inner_text()
    assert "Wmo 2015 art. 2.3.2 lid 1" in page.locator("#termijnen").inner_text()
    assert bsn not in page.url

    # huisbezoek, onderzoeksverslag, plan deel 1
    page.click("#acties >> text=Afspraak huisbezoek vastleggen")
    page.click("button:has-text('Vastleggen')")
    assert page.locator("#fase").inner_text() == "Onderzoek (huisbezoek gepland)"
    page.click("#acties >> text=Onderzoeksverslag vastleggen")
    page.fill("#id_aanwezigen", "Cliënt en dochter")
    page.fill("#id_bevindingen", "Cliënt vergeet afspraken en maaltijden; dochter kan niet meer bijspringen.")
    page.click("button:has-text('Vastleggen')")
    page.click("#acties >> text=Ondersteuningsplan deel 1")
    page.check("input[name=reden][value=nieuw]")
    page.check("input[name=verstrekkingsvorm][value=zin]")
    page.select_option("#id_aanbieder", str(t.aanbieder.pk))
    page.select_option("#id_perspectief", "groei")
    page.select_option("#id_termijn", "12")
    for veld, score in [
        ("veiligheid", "C"),
        ("balans", "C"),
        ("afstand", "C"),
        ("zelfredzaamheid", "A"),
        ("medewerking", "A"),
    ]:
        page.select_option(f"#id_score_{veld}", score)
    page.select_option("#id_oordeel_intensiteit", "intensief")
    page.check(f"input[name=producten][value='{t.bgi1.pk}']")
    page.click("button:has-text('Opslaan')")
    assert "motiveer de afwijking" in page.locator("#fouten").inner_text()
    page.fill("#id_motivatie_afwijking", "Dochter valt weg als mantelzorger.")
    page.click("button:has-text('Opslaan')")
    assert page.locator("#uitkomst").inner_text() == "Categorie 2, basis"
    assert "Categorie 2, intensief" in page.locator("#oordeel").inner_text()
    page.click("#acties >> text=Plan ondertekenen en naar aanbieder versturen")
    page.check("#id_toestemming_aanbieder")
    page.click("button:has-text('Ondertekenen en versturen')")
    assert page.locator("#fase").inner_text() == "Plan deel 2 bij aanbieder"
    afmelden(page)

    # another provider sees nothing
    page = ingelogde_pagina(t.andere_aanbieder_gebruiker.username, WACHTWOORD)
    page.click("nav >> text=Ondersteuningsplannen")
    assert page.locator("#plannen tbody").inner_text().strip() == "Geen ondersteuningsplannen."
    afmelden(page)

    # the chosen provider fills in deel 2
    page = ingelogde_pagina(t.aanbieder_gebruiker.username, WACHTWOORD)
    page.click("nav >> text=Ondersteuningsplannen")
    page.click("#plannen >> text=M. Peters")
    assert "Categorie 2, basis" in page.locator("#uitkomst").inner_text()
    page.select_option("#id_resultaat_1", "R-NET")
    page.fill("#id_activiteiten_1", "Samen een weekplanning maken; buurtcentrum bezoeken")
    page.fill("#id_frequentie_1", "2 keer per week")
    page.click("button:has-text('Ondertekenen en indienen')")
    assert "Deel 2 ondertekend en ingediend bij de gemeente." in page.locator(".meldingen").inner_text()
    assert "R-NET Netwerk versterkt" in page.locator("#deel2").inner_text()
    afmelden(page)

    # consultant: akkoord and beschikking
    page = ingelogde_pagina(t.consulent.username, WACHTWOORD)
    page.click("nav >> text=Werklijst")
    page.click("#werklijst >> text=M. Peters")
    assert page.locator("#fase").inner_text() == "Wacht op akkoord gemeente"
    page.click("#acties >> text=Akkoord geven (aanvraag)")
    page.click("button:has-text('Akkoord geven')")
    beschikking = page.locator("#termijnen tr", has_text="Beschikking op de aanvraag")
    assert kort(TERMIJNEN[TermijnCode.BESCHIKKING].uiterlijk(vandaag)) in beschikking.inner_text()
    assert "Wmo 2015 art. 2.3.5 lid 1" in beschikking.inner_text()
    page.click("#acties >> text=Beschikking vaststellen")
    page.click("button:has-text('Beschikking vaststellen')")
    assert "Beschikking vastgesteld; 1 toewijzing(en) aangemaakt." in page.locator(".meldingen").inner_text()
    assert page.locator("#fase").inner_text() == "Beschikt"
    rij = page.locator("#toewijzingen tbody tr").first.inner_text()
    assert "BGI1 Begeleiding individueel, perceel 1" in rij and "Roerstreek Begeleiding" in rij
    assert "6 uur per week" in rij
    tijdlijn = page.locator("#tijdlijn").inner_text()
    for stap in (
        "Melding geregistreerd",
        "Onderzoeksverslag vastgelegd",
        "Akkoord gemeente",
        "Beschikking vastgesteld",
    ):
        assert stap in tijdlijn
    href = page.get_attribute("#beschikking a", "href")
    pdf = page.request.get(f"{live_server.url}{href}")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
