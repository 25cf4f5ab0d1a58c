"""Validation of one message: level 1 (XSD), level 2 (in-message rules), and with a context levels 3-4."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..codec import BerichtSoort, ParsedXml, read_xml
from ..codec.schema import schema_for
from ..codec.uitleg import xsd_uitleg
from . import algemeen, berichtoverstijgend, declaratie, externe_bron, regie, toewijzing, verzoek  # noqa: F401
from .base import REGISTRY, BerichtView, Finding, Niveau, Rule
from .context import ValidationContext

XSD_CODE = "XSD"
XSD_RETOURCODE = "-"  # level 1 has no retour: the sender gets a transport error (IV028)


@dataclass
class ValidationResult:
    soort: BerichtSoort
    findings: list[Finding] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.findings


def rules_for(soort: BerichtSoort, niveaus: Iterable[int]) -> list[Rule]:
    wanted = set(niveaus)
    return [r for r in REGISTRY if soort in r.soorten and r.niveau in wanted]


def validate_parsed(
    parsed: ParsedXml,
    *,
    context: ValidationContext | None = None,
    niveaus: Iterable[int] | None = None,
) -> ValidationResult:
    """Run the levels in order; a message that fails the XSD gets no further checks (rules assume it)."""
    levels = set(niveaus) if niveaus is not None else ({1, 2} if context is None else {1, 2, 3, 4})
    if context is None and levels & {3, 4}:
        raise ValueError("Niveau 3 en 4 hebben een ValidationContext nodig.")
    result = ValidationResult(parsed.soort)
    schema = schema_for(parsed.soort)
    if Niveau.XSD in levels and not schema.validate(parsed.root):
        for error in schema.error_log:  # type: ignore[attr-defined]
            uitleg = f"Voldoet niet aan het XSD (regel {error.line}): {xsd_uitleg(error.message)}"
            result.findings.append(Finding(XSD_CODE, XSD_RETOURCODE, uitleg, _local_path(error.path), 1))
        return result
    view = BerichtView(parsed)
    for level in sorted(levels - {1}):
        for found_rule in rules_for(parsed.soort, [level]):
            result.findings.extend(found_rule.findings(view, context))
        if result.findings:
            break  # IV032: a level is only reached when the previous one passed
    return result


def validate_bericht(data: bytes) -> ValidationResult:
    """Everything the message alone can show (`wmoketen validate`): level 1 (XSD), level 2 (the official
    validation), and the rules of levels 3 and 4 that need nothing but the message (`alleen_bericht`, e.g. TR346),
    each finding with its own level and retourcode. Raises UnsafeXmlError/BerichtError like `validate`."""
    parsed = read_xml(data)
    result = validate_parsed(parsed, niveaus={Niveau.XSD, Niveau.BERICHT})
    if any(f.niveau == Niveau.XSD for f in result.findings):
        return result
    view = BerichtView(parsed)
    for later in REGISTRY:
        if later.alleen_bericht and parsed.soort in later.soorten:
            result.findings.extend(later.findings(view, None))
    return result


def validate(
    data: bytes, *, context: ValidationContext | None = None, niveaus: Iterable[int] | None = None
) -> ValidationResult:
    """Validate raw bytes; raises UnsafeXmlError/BerichtError when the input is not an iWmo message at all."""
    return validate_parsed(read_xml(data), context=context, niveaus=niveaus)


def _local_path(path: str | None) -> str:
    """'/wmo301:Bericht/wmo301:Header' -> '/Bericht/Header'."""
    if not path:
        return "/"
    return "/".join(part.split(":", 1)[-1] for part in path.split("/"))
