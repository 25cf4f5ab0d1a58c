"""Keyboard only (issue 19 item 2, WCAG 2.1.1 Toetsenbord, 2.4.1 Blokken omzeilen, 2.4.7 Focus zichtbaar): the main
tasks of three roles in a real browser with Tab, Shift+Tab, Enter and Space and typed text, never a mouse click.

- the consultant signs in, skips the navigation with the skip link, registers a melding, and takes the demo's melding
  that waits for its beschikking to the beschikking;
- the provider opens the new assignment from the portal and sends the start (305).

Not walked here yet: a declaration (323) from the proposal and the approval of a payment batch. The small demo has
declared every month that is over already (TR318 allows no second declaration of a month) and paid or batched all
it approved, so there is nothing to propose or to approve; that needs a fixture that leaves last month open.

Every element focused on the way shows a visible focus indicator (an outline or a focus shadow). A page is opened by
its address where a person would type it (page.goto); every link, field and button on a page is reached with Tab.
The exchange runs between the steps as the worker does. One test on the small demo region (the demo takes time)."""

from __future__ import annotations

import io
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.auth import code_voor
from wmoketen.accounts.constants import Rol
from wmoketen.accounts.demo import DEMO_WACHTWOORD
from wmoketen.accounts.models import Gebruiker
from wmoketen.berichten.uitwisseling.verwerken import uitwisseling_verwerken
from wmoketen.core.bsn import test_bsns
from wmoketen.toegang.constants import Fase
from wmoketen.toegang.models import Melding
from wmoketen.toewijzingen.models import Start, Toewijzing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
KLEIN = Path(__file__).resolve().parents[2] / "contracten" / "tests" / "regiobestanden" / "klein.yaml"
MAX_TABS = 120

# The focused element and whether a person can see where the focus is: an outline that is drawn or a box shadow.
FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const lijn = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  const schaduw = s.boxShadow && s.boxShadow !== 'none';
  return {tag: e.tagName.toLowerCase(), id: e.id, naam: e.getAttribute('name') || '',
          tekst: (e.innerText || e.value || '').trim().slice(0, 80), zichtbaar: lijn || Boolean(schaduw),
          binnen: !e.matches(':focus')};
}"""


def _focus(page: Any) -> dict[str, Any] | None:
    result: dict[str, Any] | None = page.evaluate(FOCUS)
    return result


def tab_naar(page: Any, *, ident: str = "", naam: str = "", tekst: str = "", terug: bool = False) -> dict[str, Any]:
    """Press Tab (or Shift+Tab) until the element with this id / name / (start of its) text has the focus; every
    element passed on the way must show that it has the focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if terug else "Tab")
        f = _focus(page)
        if f is None or f["binnen"]:  # the browser's own part of a date field (its calendar button), drawn by it
            continue
        assert f["zichtbaar"], f"geen zichtbare focus op {f}"
        if (ident and f["id"] == ident) or (naam and f["naam"] == naam) or (tekst and f["tekst"].startswith(tekst)):
            return f
    raise AssertionError(f"niet bereikt met Tab: {ident or naam or tekst}")


def typ_in(page: Any, tekst: str, **waar: str) -> None:
    tab_naar(page, **waar)
    page.keyboard.type(tekst)


def datum_typen(page: Any, dag: Any, **waar: str) -> None:
    """A date field (type=date) filled by typing its digits in the order the browser shows its parts: day-month-year
    or month-day-year (headless Chromium follows its own language, not the page's); Shift+Tab goes back to the
    first part to type the other order."""
    tab_naar(page, **waar)
    page.keyboard.type(f"{dag:%d%m%Y}")
    if page.evaluate("document.activeElement.value") != dag.isoformat():
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Shift+Tab")
        page.keyboard.type(f"{dag:%m%d%Y}")
    assert page.evaluate("document.activeElement.value") == dag.isoformat()


def naar_inhoud(page: Any) -> None:
    """The first Tab of a page reaches the skip link, visibly; Enter puts the focus on the main content."""
    page.keyboard.press("Tab")
    f = _focus(page)
    assert f is not None and f["tekst"] == "Direct naar de inhoud" and f["zichtbaar"], f
    vak = page.evaluate("() => { const r = document.activeElement.getBoundingClientRect(); return [r.top, r.height]; }")
    assert vak[0] >= 0 and vak[1] > 0, "de skiplink staat buiten beeld als hij focus heeft"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"


def aanmelden(page: Any, basis: str, gebruiker: Gebruiker) -> None:
    """The sign-in form has its focus on the user name; Tab to the password; Enter sends it; the code the same."""
    page.context.clear_cookies()
    page.goto(f"{basis}/aanmelden/")
    # autofocus lands after the load event; typing earlier (a loaded machine) loses the first letters
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_username'")
    page.keyboard.type(gebruiker.username)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type(DEMO_WACHTWOORD)
    activeer(page)
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_code'")
    page.keyboard.type(code_voor(gebruiker))
    activeer(page)
    assert "/aanmelden/" not in page.url, gebruiker.username


def activeer(page: Any, toets: str = "Enter") -> None:
    with page.expect_navigation():
        page.keyboard.press(toets)


def _gebruiker(rol: str, **filters: Any) -> Gebruiker:
    return Gebruiker.objects.filter(rol=rol, is_superuser=False, **filters).order_by("username").first()  # type: ignore[return-value]


def test_the_main_tasks_with_the_keyboard_only(browser: Any, live_server: Any, tmp_path: Path, settings: Any) -> None:
    settings.WMOKETEN_UITWISSELING_MAP = tmp_path / "uitwisseling"
    regios = tmp_path / "regios"
    regios.mkdir()
    shutil.copy(KLEIN, regios / "klein.yaml")
    call_command("demo", regions=str(regios), stdout=io.StringIO())
    basis = live_server.url
    vandaag = timezone.localdate()
    eerste = (vandaag.replace(day=1) - timedelta(days=1)).replace(day=1)  # last month

    melding = Melding.objects.filter(fase=Fase.AANVRAAG).select_related("client__gemeente").first()
    assert melding is not None and melding.akkoord_door_id is not None
    client = melding.client
    consulent = _gebruiker(Rol.CONSULENT, regio=melding.regio)

    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    geweigerd: list[str] = []
    page.on("console", lambda b: geweigerd.append(b.text) if "Content Security Policy" in b.text else None)

    # --- consultant: a new melding, then the beschikking -------------------------------------------------------------
    aanmelden(page, basis, consulent)
    assert page.locator("h1").inner_text() == "Werklijst toegang"
    naar_inhoud(page)
    tab_naar(page, tekst="Nieuwe melding registreren")
    activeer(page)
    typ_in(page, test_bsns(1, start=999_970_000)[0], ident="id_bsn")
    datum_typen(page, vandaag.replace(year=1948, month=3, day=1), ident="id_geboortedatum")
    typ_in(page, "K.", ident="id_voorletters")
    typ_in(page, "Toetsenbord", ident="id_achternaam")
    typ_in(page, "Dorpsstraat", ident="id_straat")
    typ_in(page, "7", ident="id_huisnummer")
    typ_in(page, "6001 AB", ident="id_postcode")
    typ_in(page, "Weert", ident="id_plaats")
    typ_in(page, "Valt vaak, wil thuis blijven wonen", ident="id_omschrijving")
    tab_naar(page, tekst="Registreren")
    activeer(page)
    assert page.locator("h1").inner_text() == "K. Toetsenbord"
    assert page.locator("#fase").inner_text() == "Melding ontvangen"

    page.goto(f"{basis}/toegang/")
    naar_inhoud(page)
    tab_naar(page, tekst=client.naam)
    activeer(page)
    assert page.locator("#fase").inner_text() == "Aanvraag ontvangen, beschikking te nemen"
    tab_naar(page, tekst="Beschikking vaststellen")
    activeer(page)
    ingang = max(eerste, melding.melddatum)
    datum_typen(page, ingang, ident="id_ingangsdatum")
    tab_naar(page, tekst="Beschikking vaststellen")
    activeer(page, "Space")
    assert "Beschikking vastgesteld" in page.locator(".meldingen").inner_text()
    assert page.locator("#fase").inner_text() == "Beschikt"
    toewijzing = Toewijzing.objects.filter(beschikking__melding=melding).get()
    assert toewijzing.ingangsdatum == ingang
    uitwisseling_verwerken()  # the worker: the 301 goes out

    # --- provider: the start (305) ----------------------------------------------------------------------------------
    aanbieder = toewijzing.aanbieder
    aanmelden(page, basis, _gebruiker(Rol.AANBIEDER, aanbieder=aanbieder))
    naar_inhoud(page)
    tab_naar(page, tekst=str(toewijzing.toewijzing_nummer))
    activeer(page)
    datum_typen(page, ingang, naam="begindatum")
    tab_naar(page, tekst="Startbericht versturen")
    activeer(page)
    assert page.locator("h1").inner_text() == "WMO305 Start ondersteuning"
    uitwisseling_verwerken()
    assert Start.objects.get(toewijzing=toewijzing).begindatum == ingang

    context.close()
    assert geweigerd == [], f"de Content-Security-Policy weigerde: {geweigerd}"
