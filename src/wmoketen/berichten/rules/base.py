"""The rule engine's building blocks: a rule is a small named check with its official code and retourcode.

Rules of control level 2 (conditions, constraints, technical rules inside one message) work on the
XSD-valid lxml tree through `BerichtView`, mostly with XPath so the work stays in C. Level 3 (against
earlier messages) and level 4 (external sources) also get a `ValidationContext`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from lxml import etree

from ..codec import Bericht, BerichtSoort, ParsedXml, to_object
from ..codec.soorten import BASISSCHEMA_NS

if TYPE_CHECKING:
    from .context import ValidationContext


class Niveau(IntEnum):
    """Control levels of IV032."""

    XSD = 1
    BERICHT = 2  # XSLT level: in-message CD/CS/RS/TR, answered with retourcode 0001
    BERICHTOVERSTIJGEND = 3  # against earlier messages
    EXTERNE_BRON = 4  # system date, CBS, AGB, contract, product code list


Hit = etree._Element | str | tuple[etree._Element | str, str]
_lokaal = threading.local()  # compiled XPath expressions; lxml's XPath objects are not shared between threads
Check = Callable[["BerichtView", "ValidationContext | None"], Iterable[Hit]]


@dataclass(frozen=True)
class Finding:
    code: str
    retourcode: str
    uitleg: str
    pad: str
    niveau: int

    def __str__(self) -> str:
        return f"{self.code} {self.retourcode}: {self.uitleg} ({self.pad})"


@dataclass(frozen=True)
class Rule:
    code: str
    retourcode: str
    niveau: Niveau
    soorten: frozenset[BerichtSoort]
    uitleg: str
    bron: str  # file in i-Sociaal-Lab/jaapjunior, packages/api/wmo/bronnen/...
    check: Check = field(compare=False)
    alleen_bericht: bool = False  # level 3/4, but the message alone can show it (`wmoketen validate` runs it)

    def findings(self, view: BerichtView, context: ValidationContext | None) -> Iterator[Finding]:
        for hit in self.check(view, context):
            target, detail = hit if isinstance(hit, tuple) else (hit, "")
            pad = target if isinstance(target, str) else view.path(target)
            uitleg = f"{self.uitleg} {detail}".strip()
            yield Finding(self.code, self.retourcode, uitleg, pad, int(self.niveau))


REGISTRY: list[Rule] = []


def rule(
    code: str,
    *,
    retourcode: str,
    niveau: Niveau,
    soorten: Iterable[BerichtSoort],
    uitleg: str,
    bron: str,
    alleen_bericht: bool = False,
) -> Callable[[Check], Check]:
    """Register `check_xxx` as the rule `code`; the function itself stays callable for tests. A rule of level 3 or
    4 with `alleen_bericht` can also run without a context (it then judges on the message alone)."""

    def register(check: Check) -> Check:
        REGISTRY.append(Rule(code, retourcode, niveau, frozenset(soorten), uitleg, bron, check, alleen_bericht))
        return check

    return register


def waarde(element: etree._Element | None) -> str:
    """The value as the official validation compares it (normalize-space of the text; '' when absent)."""
    if element is None or element.text is None:
        return ""
    return " ".join(element.text.split())


def gevuld(element: etree._Element | None) -> bool:
    """Filled in the official validation's sense: the element exists and holds more than white space."""
    return bool(waarde(element))


def datumgetal(element: etree._Element | None) -> int | None:
    """A date as the official validation compares dates: YYYYMMDD as a number (None when absent or no date)."""
    tekst = waarde(element)[:10].replace("-", "")
    return int(tekst) if tekst.isdigit() else None


class BerichtView:
    """Read access for rules: the XSD-valid tree, XPath with prefixes m (message) and b (basisschema), and
    the plain objects (made on first use) with a way back to their elements for paths."""

    def __init__(self, parsed: ParsedXml) -> None:
        self.soort = parsed.soort
        self.root = parsed.root
        self._parsed = parsed
        self.namespaces = {"m": parsed.soort.namespace, "b": BASISSCHEMA_NS}
        self._bericht: Bericht | None = None
        self._elements: dict[int, etree._Element] = {}
        self.cache: dict[str, Any] = parsed.cache  # single-pass extracts, e.g. the 323 prestatie scan

    def all(self, path: str, node: etree._Element | None = None) -> list[etree._Element]:
        return self.xpath(path, node)

    def xpath(self, expression: str, node: etree._Element | None = None) -> Any:
        """XPath with the prefixes m and b, compiled once per expression and message kind (per thread): the rules
        run on every message we send, so parsing their expressions again each time would cost more than the rules."""
        gecompileerd: dict[tuple[str, str], etree.XPath] = getattr(_lokaal, "xpaths", None) or {}
        if not gecompileerd:
            _lokaal.xpaths = gecompileerd
        sleutel = (expression, self.namespaces["m"])
        compiled = gecompileerd.get(sleutel)
        if compiled is None:
            compiled = gecompileerd[sleutel] = etree.XPath(expression, namespaces=self.namespaces)
        return compiled(self.root if node is None else node)

    def text(self, node: etree._Element, path: str) -> str | None:
        return node.findtext(path, None, self.namespaces)

    def first(self, path: str, node: etree._Element | None = None) -> etree._Element | None:
        gevonden = self.xpath(path, node)
        return gevonden[0] if gevonden else None

    @property
    def dagtekening(self) -> etree._Element:
        """Header/BerichtIdentificatie/Dagtekening: every message has it (a retour carries the heen's)."""
        element = self.first("m:Header/m:BerichtIdentificatie/b:Dagtekening")
        assert element is not None
        return element

    @property
    def bericht(self) -> Bericht:
        if self._bericht is None:
            self._bericht = to_object(self._parsed, self._elements)
        return self._bericht

    def element_of(self, obj: object) -> etree._Element:
        self.bericht  # noqa: B018 - make sure the objects and their elements exist
        return self._elements[id(obj)]

    def path(self, element: etree._Element) -> str:
        """/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]/Einddatum (index only when repeated)."""
        parts = []
        node: etree._Element | None = element
        while node is not None:
            name = etree.QName(node).localname
            parent = node.getparent()
            if parent is not None:
                same = [sibling for sibling in parent if sibling.tag == node.tag]
                if len(same) > 1:
                    name += f"[{same.index(node) + 1}]"
            parts.append(name)
            node = parent
        return "/" + "/".join(reversed(parts))
