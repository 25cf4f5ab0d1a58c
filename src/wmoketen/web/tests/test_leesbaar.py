"""Names, units and amounts people read (issue 19 item 3): a crawl of every page of the demo that each role can
reach by following links, its letters (PDF) and exports (CSV) included, finds

- no bare gemeente code: a CBS code of a demo gemeente stands next to the gemeente's name ('Weert (0988)');
- no volume in cents or as a code: no '27429 (83)', no '× euro's', no eenheid code in brackets;
- no untranslated English admin text ('Can add gebruiker', 'Save and add another', 'Select gebruiker to change');
- no link that the role cannot follow: every link on a page a role sees leads to a page (no 403 or 404).

Raw message XML (<pre>) and form field contents (<textarea>) are data, not prose, and are not read."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client as HttpClient

from tests.auth import login_met_tweede_factor
from tests.kruipen import Pagina, kruipen, zichtbare_tekst
from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker
from wmoketen.catalogus.models import Gemeente
from wmoketen.contracten import weergave

KLEIN = Path(__file__).resolve().parents[2] / "contracten" / "tests" / "regiobestanden" / "klein.yaml"

pytestmark = pytest.mark.django_db

ENGELS = re.compile(
    r"Can (?:add|change|delete|view) |Save and (?:add|continue)|Select [\w ]+ to (?:change|view)|Recent actions"
    r"|View site|Log out|Change password|Site administration|Django administration|Add another|Delete selected"
    r"|This field is required|Enter a valid"
)
VOLUME_CODE = re.compile(r"\d+ \((?:01|04|14|16|82|83|84)\)|\d+\s*[x×]\s*euro|eurocent", re.IGNORECASE)
NIET_GELEZEN = re.compile(r"(?is)<(pre|textarea)\b.*?</\1>")


def _leesbaar(pagina: Pagina) -> str:
    return zichtbare_tekst(NIET_GELEZEN.sub(" ", pagina.html)) if pagina.soort == "html" else pagina.tekst


def kale_gemeentecodes(tekst: str, gemeenten: dict[str, str]) -> list[str]:
    """Each CBS code that stands without its gemeente's name close before it, with its context."""
    gevonden = []
    for code, naam in gemeenten.items():
        for m in re.finditer(rf"(?<![\w-]){code}(?![\w-])", tekst):
            if naam not in tekst[max(0, m.start() - 80) : m.start()]:
                gevonden.append(tekst[max(0, m.start() - 40) : m.end() + 40])
    return gevonden


def test_kale_gemeentecodes_detects_a_code_without_its_name() -> None:
    gemeenten = {"0988": "Weert", "1640": "Leudal"}
    assert kale_gemeentecodes("Van → aan Weert (0988) → Zorg BV (AGB 99020001)", gemeenten) == []
    assert kale_gemeentecodes("bestand WMO301_0988_301-0001.xml, jaar 1640-1641", gemeenten) == []
    assert len(kale_gemeentecodes("Van → aan 0988 → 99020001", gemeenten)) == 1


@pytest.fixture
def demo(tmp_path: Path, settings: object) -> None:
    settings.WMOKETEN_UITWISSELING_MAP = tmp_path / "uitwisseling"  # type: ignore[attr-defined]
    regios = tmp_path / "regios"
    regios.mkdir()
    shutil.copy(KLEIN, regios / "klein.yaml")
    call_command("demo", regions=str(regios), stdout=io.StringIO())


def _per_rol() -> list[Gebruiker]:
    """One demo account per role, and the superuser."""
    gebruikers = [Gebruiker.objects.filter(rol=rol, is_superuser=False).order_by("username").first() for rol in Rol]
    return [g for g in gebruikers if g] + list(Gebruiker.objects.filter(is_superuser=True)[:1])


def test_every_page_of_the_demo_shows_names_units_and_dutch(demo: None) -> None:
    gemeenten = dict(Gemeente.objects.values_list("cbs_code", "naam"))
    gebruikers = _per_rol()
    assert {g.rol for g in gebruikers} == set(Rol.values)  # every role is crawled
    bevindingen: list[str] = []
    soorten: set[str] = set()
    for gebruiker in gebruikers:
        paginas = kruipen(login_met_tweede_factor(HttpClient(), gebruiker), per_soort=2)
        assert len(paginas) > 5, gebruiker.username  # the crawl got past the home page
        soorten |= {p.soort for p in paginas}
        for p in paginas:
            assert not p.soort.startswith("status 5"), f"{gebruiker.username} {p.url}: {p.soort}"
            if p.soort.startswith("status "):  # a link the role cannot follow (issue 19: 403 on /verslag/, /plan/)
                bevindingen.append(f"{gebruiker.username}: link op {p.van} naar {p.url} geeft {p.soort}")
            tekst = _leesbaar(p)
            wie = f"{gebruiker.username} {p.url}"
            if p.soort != "csv":  # a CSV export for the chain carries the CBS code in a column named for it
                bevindingen += [f"{wie}: kale gemeentecode in '{c}'" for c in kale_gemeentecodes(tekst, gemeenten)]
            bevindingen += [f"{wie}: volume als code/centen '{m.group()}'" for m in VOLUME_CODE.finditer(tekst)]
            bevindingen += [f"{wie}: Engels '{m.group()}'" for m in ENGELS.finditer(tekst)]
    assert {"html", "pdf", "csv"} <= soorten  # letters and exports were read too
    assert bevindingen == [], "\n".join(bevindingen)


def test_one_formatter_per_kind_of_value() -> None:
    assert weergave.volume(90, "01") == "1 uur en 30 minuten"
    assert weergave.volume(45, "01") == "45 minuten"
    assert weergave.volume(120, "01") == "2 uur"
    assert weergave.volume(1, "04") == "1 uur"
    assert weergave.volume(5, "14") == "5 etmalen"
    assert weergave.volume(1, "16") == "1 dagdeel"
    assert weergave.volume(3, "82") == "3 stuks"
    assert weergave.volume(27429, "83") == "€ 274,29"  # a volume in euros is kept in cents
    assert weergave.omvang(51000, "83", "4") == "€ 510,00 per maand"
    assert weergave.omvang(3, "04", "2") == "3 uur per week"
    assert weergave.omvang(95000, "83", "6") == "€ 950,00 in totaal binnen de geldigheidsduur"
    assert weergave.bedrag_per(51000, "Per 4 weken") == "€ 510,00 per 4 weken"
    assert weergave.volume_invoer(27429, "83") == "274.29" and weergave.volume_invoer(20, "04") == "20"
    assert weergave.volume_uit_invoer("274,29", "83", 0) == 27429
    assert weergave.volume_uit_invoer("274.3", "83", 0) == 27430
    assert weergave.volume_uit_invoer("twintig", "04", 7) == 7
    assert weergave.volume_uit_invoer("-3", "04", 7) == 0


def test_message_parties_by_name_with_their_code() -> None:
    from tests.factories import AanbiederFactory, GemeenteFactory

    GemeenteFactory(cbs_code="0988", naam="Weert")
    AanbiederFactory(agb_code="99020001", naam="Zorg BV")
    namen = weergave.partijnamen({"0988", "99020001", "0001"})
    assert weergave.partij("0988", namen) == "Weert (0988)"
    assert weergave.partij("99020001", namen) == "Zorg BV (AGB 99020001)"
    assert weergave.partij("0001", namen) == "onbekende gemeente (CBS 0001)"


def test_amounts_in_the_admin_are_typed_in_euros() -> None:
    from django.core.exceptions import ValidationError

    from wmoketen.core.admin import EuroVeld

    veld = EuroVeld(required=False)
    assert veld.prepare_value(123456) == "1.234,56"
    assert veld.clean("1.234,56") == 123456 and veld.clean("€ 60,5") == 6050 and veld.clean("") is None
    with pytest.raises(ValidationError):
        veld.clean("zestig euro")
