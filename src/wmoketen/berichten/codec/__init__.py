"""iWmo 3.2 message codec: `build(bericht) -> bytes` and `parse(bytes) -> bericht`, both XSD-validated."""

from .api import MESSAGE_CLASSES, Bericht, ParsedXml, build, build_tree, parse, read_xml, to_object
from .errors import BerichtError, SchemaValidationError, UnsafeXmlError
from .safexml import MAX_BERICHT_BYTES
from .soorten import BerichtSoort

__all__ = [
    "MAX_BERICHT_BYTES",
    "MESSAGE_CLASSES",
    "Bericht",
    "BerichtError",
    "BerichtSoort",
    "ParsedXml",
    "SchemaValidationError",
    "UnsafeXmlError",
    "build",
    "build_tree",
    "parse",
    "read_xml",
    "to_object",
]
