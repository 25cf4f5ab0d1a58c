"""libxml2's XSD messages in words a user can act on (issue 19 item 6).

`Element '{http://www.istandaarden.nl/iwmo/3_2/wmo323/schema}Volume': 'abc' is not a valid value of the atomic
type 'xs:integer'.` becomes `Het veld Volume bevat 'abc', maar daar hoort een geheel getal. Corrigeer dit in uw
administratie en maak het bericht opnieuw aan.` A message this module does not know keeps its technical text behind
a Dutch sentence that says what to do. The element path stays beside it for the professional (bevindingen).
"""

from __future__ import annotations

import re

DOEN = "Corrigeer dit in uw administratie of software en maak het bericht opnieuw aan."

_TYPEN = {
    "integer": "een geheel getal",
    "int": "een geheel getal",
    "long": "een geheel getal",
    "nonNegativeInteger": "een geheel getal van 0 of meer",
    "positiveInteger": "een geheel getal groter dan 0",
    "decimal": "een getal",
    "date": "een datum in de vorm JJJJ-MM-DD",
    "dateTime": "een datum en tijd in de vorm JJJJ-MM-DDTUU:MM:SS",
    "time": "een tijd in de vorm UU:MM:SS",
    "boolean": "ja of nee",
    "string": "tekst",
}

_ELEMENT = re.compile(
    r"^Element '(?:\{[^}]*\})?(?P<veld>[^']+)'(?:, attribute '(?P<attribuut>[^']+)')?: (?P<rest>.*)$", re.S
)
_NAMEN = re.compile(r"\{[^}]*\}")


def _namen(tekst: str) -> str:
    """'( {ns}A, {ns}B )' -> 'A, B'."""
    return ", ".join(n.strip() for n in _NAMEN.sub("", tekst).strip(" ().").split(",") if n.strip())


def xsd_uitleg(melding: str) -> str:
    """One libxml2 XSD message as what is wrong and what to do, in Dutch."""
    gevonden = _ELEMENT.match(melding.strip())
    if gevonden is None:
        if "No matching global declaration" in melding:
            return "Dit is geen iWmo-bericht van een bekende soort. Controleer of u het juiste bestand koos."
        return f"Het bericht voldoet niet aan het iWmo-berichtformaat ({melding.strip()}). {DOEN}"
    veld, rest = gevonden["veld"], gevonden["rest"]
    if gevonden["attribuut"]:
        return f"Het veld {veld} heeft een attribuut {gevonden['attribuut']} dat niet is toegestaan. {DOEN}"
    if m := re.match(r"This element is not expected\. Expected is(?: one of)? (.*)", rest, re.S):
        return (
            f"Het veld {veld} staat op een plek waar het niet hoort; op die plek wordt {_namen(m[1])} verwacht. {DOEN}"
        )
    if rest.startswith("This element is not expected"):
        return f"Het veld {veld} hoort hier niet (of staat er te vaak). {DOEN}"
    if m := re.match(r"Missing child element\(s\)\. Expected is(?: one of)? (.*)", rest, re.S):
        return f"Bij {veld} ontbreekt het verplichte veld {_namen(m[1])}. Vul het in en maak het bericht opnieuw aan."
    if m := re.match(r"'(.*)' is not a valid value of the (?:local )?atomic type(?: '(?:xs:)?([^']*)')?", rest, re.S):
        soort = _TYPEN.get((m[2] or "").split("}")[-1], "een waarde van de juiste vorm")
        return f"Het veld {veld} bevat '{m[1]}', maar daar hoort {soort}. {DOEN}"
    if m := re.match(r"\[facet 'enumeration'\] The value '(.*)' is not an element of the set \{(.*)\}", rest, re.S):
        toegestaan = ", ".join(w.strip(" '") for w in m[2].split(","))
        return f"Het veld {veld} bevat '{m[1]}', maar dat is geen geldige code; toegestaan zijn: {toegestaan}. {DOEN}"
    if m := re.match(r"\[facet 'maxLength'\] The value has a length of '(\d+)'.*maximum length of '(\d+)'", rest, re.S):
        return f"Het veld {veld} is te lang: {m[1]} tekens, terwijl er hoogstens {m[2]} mogen. {DOEN}"
    if m := re.match(
        r"\[facet '(?:minLength|length)'\] The value has a length of '(\d+)'.*length of '(\d+)'", rest, re.S
    ):
        return f"Het veld {veld} heeft {m[1]} tekens, terwijl het er {m[2]} moet hebben. {DOEN}"
    if m := re.match(r"\[facet 'pattern'\] The value '(.*)' is not accepted by the pattern", rest, re.S):
        return f"Het veld {veld} bevat '{m[1]}', maar dat heeft niet de vorm die het berichtformaat vraagt. {DOEN}"
    if m := re.match(r"\[facet 'totalDigits'\] The value '(.*)' has more digits than are allowed \('(\d+)'\)", rest):
        return f"Het veld {veld} bevat '{m[1]}': dat zijn meer dan {m[2]} cijfers. {DOEN}"
    if m := re.match(
        r"\[facet 'minInclusive'\] The value '(.*)' is less than the minimum value allowed \('(.*)'\)", rest
    ):
        return f"Het veld {veld} bevat '{m[1]}', maar het moet minstens {m[2]} zijn. {DOEN}"
    if m := re.match(
        r"\[facet 'maxInclusive'\] The value '(.*)' is greater than the maximum value allowed \('(.*)'\)", rest
    ):
        return f"Het veld {veld} bevat '{m[1]}', maar het mag hoogstens {m[2]} zijn. {DOEN}"
    return f"Het veld {veld} voldoet niet aan het iWmo-berichtformaat ({rest.strip()}). {DOEN}"


XML_DOEN = (
    "Het bestand is geen (volledig) XML-bestand: controleer of u het juiste bestand koos en of het volledig is "
    "overgekomen; maak het anders opnieuw aan in uw software."
)
