"""The compiled XSD per message kind (control level 1), loaded from the schemas inside this package."""

from __future__ import annotations

import threading
from functools import cache

from lxml import etree

from .safexml import hardened_parser
from .soorten import BerichtSoort
from .uitleg import xsd_uitleg

_lock = threading.Lock()


@cache
def schema_for(soort: BerichtSoort) -> etree.XMLSchema:
    with _lock:
        document = etree.parse(str(soort.schema_path), hardened_parser())
        return etree.XMLSchema(document)


def schema_errors(soort: BerichtSoort, root: etree._Element) -> list[str]:
    """XSD errors in Dutch: what is wrong and what to do (codec.uitleg); empty when valid."""
    schema = schema_for(soort)
    if schema.validate(root):
        return []
    return [f"regel {error.line}: {xsd_uitleg(error.message)}" for error in schema.error_log]  # type: ignore[attr-defined]
