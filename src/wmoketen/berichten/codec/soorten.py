"""The fourteen iWmo 3.2 message kinds: number, BerichtCode, namespace, schema file and direction."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

BASISSCHEMA_NS = "http://www.istandaarden.nl/iwmo/3_2/basisschema/schema"
SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
XSD_VERSIE = "1.0.0"  # BerichtXsdVersie and BasisschemaXsdVersie of every schema in use (IV034)


class BerichtSoort(Enum):
    """Value = the message number; BerichtCode from the XSD pattern (derived schemas: Vektis COD002)."""

    WMO301 = "301"
    WMO302 = "302"
    WMO305 = "305"
    WMO306 = "306"
    WMO307 = "307"
    WMO308 = "308"
    WMO315 = "315"
    WMO316 = "316"
    WMO317 = "317"
    WMO318 = "318"
    WMO319 = "319"
    WMO320 = "320"
    WMO323 = "323"
    WMO325 = "325"

    @property
    def berichtcode(self) -> str:
        return _BERICHTCODES[self.value]

    @property
    def namespace(self) -> str:
        return f"http://www.istandaarden.nl/iwmo/3_2/wmo{self.value}/schema"

    @property
    def prefix(self) -> str:
        return f"wmo{self.value}"

    @property
    def is_derived(self) -> bool:
        """True when no official iWmo XSD exists and we use our schema derived from iJw."""
        return self.value in _DERIVED

    @property
    def schema_path(self) -> Path:
        folder = "derived" if self.is_derived else "official"
        return SCHEMA_DIR / folder / f"WMO{self.value}.xsd"

    @property
    def label(self) -> str:
        return f"WMO{self.value}"

    @classmethod
    def from_namespace(cls, namespace: str) -> BerichtSoort | None:
        return _BY_NAMESPACE.get(namespace)


_BERICHTCODES = {
    "301": "414",
    "302": "415",
    "305": "418",
    "306": "419",
    "307": "420",
    "308": "421",
    "315": "444",
    "316": "445",
    "317": "480",
    "318": "481",
    "319": "482",
    "320": "483",
    "323": "484",
    "325": "485",
}
_DERIVED = {"302", "306", "308", "316", "318", "320", "325"}
_BY_NAMESPACE = {soort.namespace: soort for soort in BerichtSoort}
