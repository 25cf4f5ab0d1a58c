"""Recognising an archived message from its first bytes: iWmo version, kind and header, without reading it whole.

The index of an archive needs per file only what orders the work and pairs a retour with its heen-bericht:
kind, sender, receiver, identification, date and (for a retour) the identification it answers. That is all in
the header, at the start of the file, whatever the release (2.x wrote `Berichtidentificatie`, 3.x
`BerichtIdentificatie`), so the header is read with the same hardened settings as any message and reading stops
there. Everything that is not an iWmo message of a known release gets its Dutch reason here.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date

from lxml import etree

from wmoketen.berichten.codec import UnsafeXmlError
from wmoketen.berichten.codec.safexml import check_prolog
from wmoketen.core.fouten import Domeinfout

IWMO_NS = re.compile(r"^http://www\.istandaarden\.nl/iwmo/(\d)_(\d)/wmo(\d{3})/schema(?:/\d_\d)?$")
STUF_NS = "http://www.egem.nl/StUF/"
HUIDIG = "3.2"
RETOUREN_3 = frozenset({"302", "306", "308", "316", "318", "320"})


class NietImporteerbaar(Domeinfout):
    """A file or message that cannot be taken over; the text is the Dutch reason for the report."""


@dataclass(frozen=True)
class Kop:
    versie: str  # "3.2", "3.1", "3.0", "2.1", ...
    soort: str  # "301" ... "325", or "303"/"304" of 2.x
    afzender: str
    ontvanger: str
    identificatie: str
    dagtekening: date
    heen_afzender: str = ""  # a retour: the sender and identification of the message it answers
    heen_identificatie: str = ""
    identificatie_retour: str = ""  # a retour's own identification (from the counter of its sender)

    @property
    def is_retour(self) -> bool:
        return bool(self.heen_identificatie)


def _lokaal(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _tekst(element: etree._Element | None, *pad: str) -> str:
    for naam in pad:
        if element is None:
            return ""
        element = next((c for c in element if _lokaal(c.tag).lower() == naam.lower()), None)
    return (element.text or "").strip() if element is not None else ""


def versie_en_soort(namespace: str) -> tuple[str, str]:
    gevonden = IWMO_NS.match(namespace)
    if gevonden is None:
        if namespace.startswith(STUF_NS):
            raise NietImporteerbaar(
                "StUF-envelop (gegevensknooppunt): pak eerst het iWmo-bericht uit de envelop; het archief moet de "
                "iWmo-berichten zelf bevatten."
            )
        raise NietImporteerbaar(f"Geen iWmo-bericht: onbekende namespace {namespace or '(geen)'}.")
    hoofd, sub, soort = gevonden.groups()
    return f"{hoofd}.{sub}", soort


def lees_kop(begin: bytes) -> Kop:
    """The header of a message from its first bytes (at least up to the end of the Header element)."""
    try:
        check_prolog(begin)
    except UnsafeXmlError as exc:
        raise NietImporteerbaar(str(exc).replace("Bericht geweigerd: ", "")) from exc
    root: etree._Element | None = None
    try:
        for gebeurtenis, element in etree.iterparse(
            io.BytesIO(begin),
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        ):
            if gebeurtenis == "start" and root is None:
                root = element
                versie, soort = versie_en_soort(etree.QName(element).namespace or "")
            elif gebeurtenis == "end" and _lokaal(element.tag) == "Header":
                return _kop(element, versie, soort)
    except etree.XMLSyntaxError as exc:
        raise NietImporteerbaar(f"Geen goedgevormde XML ({exc.msg}).") from exc
    raise NietImporteerbaar("Geen iWmo-bericht: de header ontbreekt.")


def _kop(header: etree._Element, versie: str, soort: str) -> Kop:
    identificatie = _tekst(header, "BerichtIdentificatie", "Identificatie")
    dagtekening = _tekst(header, "BerichtIdentificatie", "Dagtekening")
    afzender, ontvanger = _tekst(header, "Afzender"), _tekst(header, "Ontvanger")
    if not (identificatie and dagtekening and afzender and ontvanger):
        raise NietImporteerbaar(
            "De header is onvolledig: Afzender, Ontvanger, BerichtIdentificatie en Dagtekening zijn verplicht."
        )
    try:
        dag = date.fromisoformat(dagtekening)
    except ValueError as exc:
        raise NietImporteerbaar(f"Dagtekening {dagtekening!r} is geen datum (JJJJ-MM-DD).") from exc
    heen_afzender = heen_identificatie = ""
    eigen_retour = _tekst(header, "IdentificatieRetour")
    if soort == "325":
        heen_afzender, heen_identificatie = ontvanger, _tekst(header, "DeclaratieIdentificatie", "Identificatie")
    elif soort in RETOUREN_3 or eigen_retour:
        # A retour copies the header of the heen-bericht (IV028): its BerichtIdentificatie is the heen's.
        heen_afzender, heen_identificatie = afzender, identificatie
    return Kop(versie, soort, afzender, ontvanger, identificatie, dag, heen_afzender, heen_identificatie, eigen_retour)
