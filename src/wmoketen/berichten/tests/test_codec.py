from dataclasses import replace
from datetime import date, time

import pytest
from lxml import etree

from wmoketen.berichten.codec import (
    Bericht,
    BerichtError,
    BerichtSoort,
    SchemaValidationError,
    build,
    parse,
)
from wmoketen.berichten.codec.schema import schema_for
from wmoketen.berichten.codec.soorten import BASISSCHEMA_NS

from . import factories

EXAMPLES = factories.all_examples()


def test_there_is_an_example_of_every_kind() -> None:
    assert set(EXAMPLES) == set(BerichtSoort)


@pytest.mark.parametrize("soort", list(BerichtSoort), ids=lambda s: s.label)
def test_round_trip(soort: BerichtSoort) -> None:
    bericht = EXAMPLES[soort]
    data = build(bericht)
    assert schema_for(soort).validate(etree.fromstring(data))
    assert parse(data) == bericht


@pytest.mark.parametrize("soort", list(BerichtSoort), ids=lambda s: s.label)
def test_header_carries_the_kind_code_and_version(soort: BerichtSoort) -> None:
    root = etree.fromstring(build(EXAMPLES[soort]))
    ns = {"m": soort.namespace}
    assert root.tag == f"{{{soort.namespace}}}Bericht"
    assert root.findtext("m:Header/m:BerichtCode", namespaces=ns) == soort.berichtcode
    assert root.findtext("m:Header/m:BerichtVersie", namespaces=ns) == "3"
    assert root.findtext("m:Header/m:BerichtSubversie", namespaces=ns) == "2"


def test_namespaces_message_elements_and_cdt_children() -> None:
    root = etree.fromstring(build(factories.wmo301_bericht()))
    m = BerichtSoort.WMO301.namespace
    identificatie = root.find(f"{{{m}}}Header/{{{m}}}BerichtIdentificatie")
    assert identificatie is not None
    assert [child.tag for child in identificatie] == [
        f"{{{BASISSCHEMA_NS}}}Identificatie",
        f"{{{BASISSCHEMA_NS}}}Dagtekening",
    ]
    product = root.find(f".//{{{m}}}ToegewezenProduct")
    assert product is not None
    assert product[0].tag == f"{{{m}}}ToewijzingNummer"
    assert product.findtext(f"{{{m}}}Toewijzingstijd") == "10:15:00"
    assert product.findtext(f"{{{m}}}Ingangsdatum") == "2025-03-01"
    assert product.findtext(f"{{{m}}}Omvang/{{{BASISSCHEMA_NS}}}Volume") == "4"


def test_no_empty_elements_are_written() -> None:
    data = build(factories.wmo323_bericht())
    root = etree.fromstring(data)
    assert all(len(el) or (el.text or "").strip() for el in root.iter())
    assert b"ProductTarief>6000<" in data


def test_optional_elements_are_omitted() -> None:
    data = build(factories.wmo301_bericht(factories.toegewezen_product(einddatum=None)))
    assert b"<wmo301:Einddatum>" not in data
    assert b"RedenWijziging" not in data


def test_empty_string_is_refused_in_dutch() -> None:
    bericht = factories.wmo301_bericht(factories.toegewezen_product(commentaar="  "))
    with pytest.raises(BerichtError, match="lege waarden zijn niet toegestaan"):
        build(bericht)


def test_time_zone_is_refused() -> None:
    from datetime import UTC

    bericht = factories.wmo301_bericht(factories.toegewezen_product(toewijzingstijd=time(10, 0, tzinfo=UTC)))
    with pytest.raises(BerichtError, match="geen tijdzone"):
        build(bericht)


def test_builder_refuses_a_schema_invalid_message() -> None:
    bericht = factories.wmo301_bericht(factories.toegewezen_product(reden_wijziging="99"))
    with pytest.raises(SchemaValidationError, match="WMO301 voldoet niet aan het XSD") as info:
        build(bericht)
    assert "RedenWijziging" in info.value.errors[0]


@pytest.mark.parametrize("soort", [s for s in BerichtSoort if not s.is_derived], ids=lambda s: s.label)
def test_retourcodes_are_refused_in_a_heen_bericht(soort: BerichtSoort) -> None:
    bericht: Bericht = EXAMPLES[soort]
    with pytest.raises(SchemaValidationError):
        build(replace(bericht, header=replace(bericht.header, retour_codes=("0001",))))  # type: ignore[type-var]


def test_parse_refuses_schema_invalid_input() -> None:
    data = build(factories.wmo305_bericht()).replace(b">418<", b">999<")
    with pytest.raises(SchemaValidationError, match="WMO305 voldoet niet aan het XSD"):
        parse(data)


def test_parse_refuses_unknown_namespace() -> None:
    data = b'<Bericht xmlns="http://www.istandaarden.nl/ijw/3_2/jw301/schema"/>'
    with pytest.raises(BerichtError, match="Onbekend berichttype"):
        parse(data)


def test_money_and_volume_are_integers() -> None:
    parsed = parse(build(factories.wmo323_bericht()))
    assert isinstance(parsed, factories.wmo323.Wmo323)
    prestatie = parsed.declaratie.clienten[0].prestaties[0]
    assert prestatie.ingediend_bedrag.bedrag == 24000
    assert prestatie.geleverd_volume == 4
    assert parsed.declaratie.declaratie_dagtekening == date(2025, 4, 2)
