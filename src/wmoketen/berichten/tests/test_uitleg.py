"""Technical XSD messages reach the user as what is wrong and what to do (issue 19 item 6)."""

from __future__ import annotations

import pytest

from wmoketen.berichten.codec import SchemaValidationError, build
from wmoketen.berichten.codec.uitleg import DOEN, xsd_uitleg

from . import factories

NS = "{http://www.istandaarden.nl/iwmo/3_2/wmo323/schema}"


@pytest.mark.parametrize(
    "melding,verwacht",
    [
        (
            f"Element '{NS}Volume': 'abc' is not a valid value of the atomic type 'xs:integer'.",
            "Het veld Volume bevat 'abc', maar daar hoort een geheel getal.",
        ),
        (
            f"Element '{NS}Begindatum': '2026-13-01' is not a valid value of the atomic type 'xs:date'.",
            "Het veld Begindatum bevat '2026-13-01', maar daar hoort een datum in de vorm JJJJ-MM-DD.",
        ),
        (
            f"Element '{NS}Eenheid': [facet 'enumeration'] The value '99' is not an element of the set {{'01', '04'}}.",
            "Het veld Eenheid bevat '99', maar dat is geen geldige code; toegestaan zijn: 01, 04.",
        ),
        (
            f"Element '{NS}Client': Missing child element(s). Expected is ( {NS}Bsn ).",
            "Bij Client ontbreekt het verplichte veld Bsn.",
        ),
        (
            f"Element '{NS}Foo': This element is not expected. Expected is one of ( {NS}Bsn, {NS}Geboortedatum ).",
            "Het veld Foo staat op een plek waar het niet hoort; op die plek wordt Bsn, Geboortedatum verwacht.",
        ),
        (
            f"Element '{NS}Naam': [facet 'maxLength'] The value has a length of '220'; this exceeds the allowed "
            "maximum length of '200'.",
            "Het veld Naam is te lang: 220 tekens, terwijl er hoogstens 200 mogen.",
        ),
    ],
)
def test_xsd_messages_say_what_is_wrong_and_what_to_do(melding: str, verwacht: str) -> None:
    uitleg = xsd_uitleg(melding)
    assert uitleg.startswith(verwacht)
    assert "{http" not in uitleg and "atomic" not in uitleg and "facet" not in uitleg
    assert uitleg.endswith("opnieuw aan.")


def test_an_unknown_message_keeps_its_text_behind_dutch_advice() -> None:
    uitleg = xsd_uitleg(f"Element '{NS}X': Something new happened.")
    assert uitleg == f"Het veld X voldoet niet aan het iWmo-berichtformaat (Something new happened.). {DOEN}"


def test_a_refused_message_explains_the_real_xsd_error_in_dutch() -> None:
    bericht = factories.wmo301_bericht(factories.toegewezen_product(reden_wijziging="99"))
    with pytest.raises(SchemaValidationError) as info:
        build(bericht)
    assert (
        "Het veld RedenWijziging bevat '99', maar dat is geen geldige code; toegestaan zijn: " in info.value.errors[0]
    )
