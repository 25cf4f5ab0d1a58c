"""Hardened reading of untrusted XML: no DTDs, no entities, no network, no huge trees, at most 25 MB."""

from __future__ import annotations

import re

from lxml import etree

from .errors import UnsafeXmlError
from .uitleg import XML_DOEN

# OP179 / Fo01 IB003: an iWmo message is at most 25 MB.
MAX_BERICHT_BYTES = 25 * 1024 * 1024
# A DOCTYPE, and with it any entity declaration, can only stand in the prolog: before the root element's tag.
# Comments and processing instructions in the prolog are skipped: '<B' inside a comment is not the root.
_ROOT_OF_OVERSLAAN = re.compile(rb"<!--.*?-->|<\?.*?\?>|<[A-Za-z_]", re.S)


def _root_start(data: bytes) -> int | None:
    for gevonden in _ROOT_OF_OVERSLAAN.finditer(data):
        if gevonden.group()[1:2] not in (b"!", b"?"):
            return gevonden.start()
    return None


def hardened_parser() -> etree.XMLParser:
    """A fresh parser per call: lxml parsers must not be shared between threads."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
        collect_ids=False,
    )


def check_size(size: int) -> None:
    if size > MAX_BERICHT_BYTES:
        raise UnsafeXmlError(
            f"Bericht geweigerd: {size} bytes is groter dan de toegestane 25 MB ({MAX_BERICHT_BYTES} bytes)."
        )


def check_prolog(data: bytes) -> None:
    """Refuse anything but raw bytes, oversized input, and a DOCTYPE or entity declaration.

    A DOCTYPE is never part of an iWmo message; refusing it up front also stops entity tricks. Only the prolog
    can hold one, so only the prolog is scanned; the docinfo check after parsing is the guarantee."""
    if not isinstance(data, bytes | bytearray):
        raise UnsafeXmlError("Bericht geweigerd: verwacht de ruwe bytes van het bestand, geen tekst.")
    check_size(len(data))
    root_start = _root_start(data)
    prolog = data[:root_start] if root_start is not None else data
    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
        raise UnsafeXmlError("Bericht geweigerd: een DOCTYPE of entiteitdeclaratie is niet toegestaan.")


def check_docinfo(tree: etree._ElementTree) -> None:
    docinfo = tree.docinfo
    doctype: str = getattr(docinfo, "doctype", "")  # not in lxml-stubs
    if doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise UnsafeXmlError("Bericht geweigerd: een DOCTYPE of DTD is niet toegestaan.")


def root_start_tag(data: bytes) -> bytes:
    """The root element's start tag as bytes (for sniffing the message kind before a streaming parse)."""
    root_start = _root_start(data)
    if root_start is None:
        return b""
    return data[root_start : data.find(b">", root_start) + 1]


def parse_untrusted(data: bytes) -> etree._ElementTree:
    """Parse bytes from outside; refuse oversized input, any DOCTYPE or entity declaration."""
    check_prolog(data)
    try:
        tree = etree.ElementTree(etree.fromstring(bytes(data), hardened_parser()))
    except etree.XMLSyntaxError as exc:
        raise UnsafeXmlError(f"Bericht geweigerd: geen goedgevormde XML ({exc.msg}). {XML_DOEN}") from exc
    check_docinfo(tree)
    return tree
