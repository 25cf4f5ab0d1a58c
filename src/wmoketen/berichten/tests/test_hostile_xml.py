"""Untrusted XML is refused before it can do harm, with a Dutch reason."""

import pytest

from wmoketen.berichten.codec import MAX_BERICHT_BYTES, UnsafeXmlError, build, parse

from . import factories

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Bericht xmlns="http://www.istandaarden.nl/iwmo/3_2/wmo301/schema">&lol3;</Bericht>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Bericht xmlns="http://www.istandaarden.nl/iwmo/3_2/wmo301/schema">&xxe;</Bericht>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE Bericht SYSTEM "http://example.invalid/evil.dtd">
<Bericht xmlns="http://www.istandaarden.nl/iwmo/3_2/wmo301/schema"/>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD], ids=["laughs", "xxe", "dtd"])
def test_doctype_and_entities_are_refused(data: bytes) -> None:
    with pytest.raises(UnsafeXmlError, match="DOCTYPE"):
        parse(data)


def test_doctype_in_a_valid_message_is_refused() -> None:
    data = build(factories.wmo305_bericht())
    hostile = data.replace(b"?>", b"?>\n<!DOCTYPE Bericht [<!ELEMENT Bericht ANY>]>", 1)
    with pytest.raises(UnsafeXmlError, match="niet toegestaan"):
        parse(hostile)


def test_input_over_25_mb_is_refused_without_parsing() -> None:
    data = build(factories.wmo305_bericht())
    padding = b" " * (MAX_BERICHT_BYTES + 1 - len(data))
    oversized = data.replace(b"?>", b"?>" + padding, 1)
    assert len(oversized) == MAX_BERICHT_BYTES + 1
    with pytest.raises(UnsafeXmlError, match="groter dan de toegestane 25 MB"):
        parse(oversized)


def test_exactly_25_mb_is_accepted() -> None:
    data = build(factories.wmo305_bericht())
    comment = b"<!--" + b"x" * 1000 + b"-->"  # many small nodes: one huge text node would hit libxml2's limit
    count, rest = divmod(MAX_BERICHT_BYTES - len(data), len(comment))
    padded = data.replace(b"?>", b"?>" + comment * count + b" " * rest, 1)
    assert len(padded) == MAX_BERICHT_BYTES
    assert parse(padded) == factories.wmo305_bericht()


def test_malformed_xml_is_refused_in_dutch() -> None:
    with pytest.raises(UnsafeXmlError, match="geen goedgevormde XML"):
        parse(b"<Bericht><Header></Bericht>")


def test_text_instead_of_bytes_is_refused() -> None:
    with pytest.raises(UnsafeXmlError, match="ruwe bytes"):
        parse("<Bericht/>")  # type: ignore[arg-type]
