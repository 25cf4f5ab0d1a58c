"""Reading a received 323 as a stream, so a 20 MB declaration never sits in memory whole.

One `iterparse` pass with the hardened parser settings validates against the XSD while it reads (level 1) and
hands over the header first, then the clients in parts of about `DEEL` prestaties (a client is never split).
Per client it runs the level-2 checks on the prestaties (`scan_client`, the same pass the rule engine uses on a
whole tree), turns the prestaties into plain `Prestatieregel`s, and then drops the client's elements. What is
left at the end is a skeleton: the header and the declaration fields without clients, on which the rule engine
runs the message-level rules with the scan filled in.

A level-1 error may surface only at the end of the file, so the caller works inside a transaction and undoes
everything when `StroomFout` is raised.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import NoReturn

from lxml import etree

from wmoketen.declaraties.invoer import Declaratie323, Prestatieregel

from ..codec import BerichtError, BerichtSoort, ParsedXml
from ..codec.model.basis import GeslotenPeriode, Header, TotaalBedragMetDC
from ..codec.model.wmo323 import Client, Declaratie, Wmo323
from ..codec.safexml import check_docinfo, check_prolog, root_start_tag
from ..codec.schema import schema_for
from ..codec.uitleg import XML_DOEN, xsd_uitleg
from ..codec.xmlmap import read_object
from ..rules.prestatiescan import PrestatieScan, scan_client
from .samenvatting import MAX_REGELS

SOORT = BerichtSoort.WMO323
NS = f"{{{SOORT.namespace}}}"
DEEL = 2000  # prestaties per part: enough for few queries per part, small enough for flat memory
CLIENT_PAD = "/Bericht/Declaratie/Clienten/Client"
LEESFOUTEN = (ValueError, IndexError, TypeError, AttributeError)  # what XSD-invalid content does to the readers
# libxml2's error codes of XSD validation (the exception of iterparse carries the code, not the domain)
XSD_FOUTCODES = frozenset(v for k, v in vars(etree.ErrorTypes).items() if k.startswith("SCHEMAV_"))


class StroomFout(BerichtError):
    """The bytes are not a well-formed, XSD-valid 323 (a transport error: no retour, IV028). Dutch text."""


def is_323(data: bytes) -> bool:
    """Whether the root start tag declares the 323 namespace (the stream checks the root element itself)."""
    return SOORT.namespace.encode() in root_start_tag(data)


@dataclass
class Deel:
    """A part of the message: whole clients with their prestaties, in message order."""

    prestaties: list[Prestatieregel] = field(default_factory=list)
    bsns: list[str] = field(default_factory=list)
    posities: list[tuple[int, int]] = field(default_factory=list)  # (client, prestatie), 1-based, per prestatie

    def pad(self, index: int) -> str:
        client, prestatie = self.posities[index]
        return f"{CLIENT_PAD}[{client}]/Prestaties/Prestatie[{prestatie}]"


def _ouder(element: etree._Element) -> etree._Element:
    ouder = element.getparent()
    if ouder is None:
        raise StroomFout("Bericht geweigerd: dit is geen WMO323 (onverwachte opbouw).")
    return ouder


def declaratiekop(bericht: Wmo323) -> Declaratie323:
    """The header and declaration fields of a 323 as plain data, without prestaties."""
    header, d = bericht.header, bericht.declaratie
    totaal = d.totaal_ingediend_bedrag
    return Declaratie323(
        aanbieder=header.afzender,
        gemeente=header.ontvanger,
        bericht_identificatie=header.bericht_identificatie.identificatie,
        declaratie_nummer=d.declaratie_nummer,
        periode_begin=d.declaratie_periode.begindatum,
        periode_eind=d.declaratie_periode.einddatum,
        dagtekening=d.declaratie_dagtekening,
        totaal_ingediend_cent=-totaal.totaal_bedrag if totaal.debet_credit == "C" else totaal.totaal_bedrag,
    )


class Stroom323:
    """`kop` is read on construction; iterate `delen()` once for the clients; then `skelet` and `scan`.

    `beoordelen=False` (the import of an archive, whose 323s the old suite judged already): no level-2 scan of the
    clients and no summary objects, only the XSD (level 1) and the plain prestaties; `scan` then stays empty."""

    def __init__(self, data: bytes, *, beoordelen: bool = True) -> None:
        check_prolog(data)
        self.beoordelen = beoordelen
        self.eerste_clienten: list[Client] = []  # the first MAX_REGELS prestaties as objects, for the summary
        self.aantal_prestaties = 0
        self._samengevat = 0
        self._parser = etree.iterparse(
            io.BytesIO(data),
            events=("end",),
            tag=(f"{NS}TotaalIngediendBedrag", f"{NS}Client"),
            schema=schema_for(SOORT),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            collect_ids=False,
        )
        self._events = self._veilig(self._parser)
        totaal = next(self._events, None)
        if totaal is None or totaal.tag != f"{NS}TotaalIngediendBedrag":
            raise StroomFout("Bericht geweigerd: dit is geen WMO323 (geen declaratiekop gevonden).")
        declaratie_el = _ouder(totaal)
        root = _ouder(declaratie_el)
        if root.tag != f"{NS}Bericht" or root[0].tag != f"{NS}Header":
            raise StroomFout("Bericht geweigerd: dit is geen WMO323 (root-element of header ontbreekt).")
        check_docinfo(root.getroottree())  # a DOCTYPE stands before the root: parsed by now
        self.root = root
        try:
            self.kop = Wmo323(
                header=read_object(root[0], Header),
                declaratie=Declaratie(
                    declaratie_nummer=declaratie_el[0].text or "",
                    declaratie_periode=read_object(declaratie_el[1], GeslotenPeriode),
                    declaratie_dagtekening=date.fromisoformat(declaratie_el[2].text or ""),
                    totaal_ingediend_bedrag=read_object(totaal, TotaalBedragMetDC),
                    clienten=(),
                ),
            )
        except LEESFOUTEN as exc:
            self._wacht_op_xsd_fout("de kop", exc)
        declaratie = self.kop.declaratie
        self.scan = PrestatieScan.voor(
            self.kop.header.bericht_identificatie.dagtekening.isoformat(),
            declaratie.declaratie_periode.einddatum.isoformat(),
            declaratie.declaratie_dagtekening.isoformat(),
        )

    def _veilig(self, parser: etree.iterparse) -> Iterator[etree._Element]:
        try:
            for _, element in parser:
                yield element
        except etree.XMLSyntaxError as exc:
            if getattr(exc, "code", None) in XSD_FOUTCODES:  # `code` is not in lxml-stubs
                raise StroomFout(
                    f"Bericht geweigerd: {SOORT.label} voldoet niet aan het XSD (transportfout, er volgt geen "
                    f"retourbericht): {xsd_uitleg(exc.msg)}"
                ) from exc
            raise StroomFout(f"Bericht geweigerd: geen goedgevormde XML ({exc.msg}). {XML_DOEN}") from exc

    def _wacht_op_xsd_fout(self, wat: str, exc: Exception) -> NoReturn:
        """libxml2 reports an XSD error of what was just read only later in the stream: read on to get it."""
        for _ in self._events:
            pass
        raise StroomFout(f"Bericht geweigerd: {wat} is niet te lezen ({exc}).") from exc

    @property
    def invoer(self) -> Declaratie323:
        """The declaration fields as the declarations app takes them (prestaties follow in parts)."""
        return declaratiekop(self.kop)

    def delen(self) -> Iterator[Deel]:
        deel = Deel()
        for client_nr, client in enumerate(self._events, start=1):
            try:
                self._lees_client(client, client_nr, deel)
            except LEESFOUTEN as exc:
                self._wacht_op_xsd_fout(f"cliënt {client_nr}", exc)
            # Drop what was read: the client's content and every earlier sibling (iterparse keeps building).
            client.clear()
            clienten = _ouder(client)
            while client.getprevious() is not None:
                del clienten[0]
            if len(deel.prestaties) >= DEEL:
                yield deel
                deel = Deel()
        if deel.prestaties:
            yield deel
        for clienten in self.root.iter(f"{NS}Clienten"):
            clienten.clear()  # the skeleton keeps no client

    def _lees_client(self, client: etree._Element, client_nr: int, deel: Deel) -> None:
        if self.beoordelen:
            scan_client(client, self.scan, f"{CLIENT_PAD}[{client_nr}]")
        if self.beoordelen and self._samengevat < MAX_REGELS:
            gelezen: Client = read_object(client, Client)
            self.eerste_clienten.append(gelezen)
            self._samengevat += len(gelezen.prestaties)
        bsn = client[0].text or ""
        deel.bsns.append(bsn)
        fromiso = date.fromisoformat
        tarief_tag = f"{NS}ProductTarief"
        prestaties, posities = deel.prestaties, deel.posities
        n = self.aantal_prestaties
        for i, p in enumerate(client[1], start=1):
            referentie, periode, bedrag, zevende = p[0], p[4], p[-1], p[7]
            prestaties.append(
                Prestatieregel(
                    n,
                    bsn,
                    referentie[0].text or "",
                    referentie[1].text if len(referentie) > 1 else None,
                    int(p[1].text or 0),
                    p[2].text or "",
                    p[3].text or "",
                    fromiso(periode[0].text or ""),
                    fromiso(periode[1].text or ""),
                    int(p[5].text or 0),
                    p[6].text or "",
                    int(zevende.text or 0) if zevende.tag == tarief_tag else None,
                    int(bedrag[0].text or 0),
                    bedrag[1].text or "",
                )
            )
            posities.append((client_nr, i))
            n += 1
        self.aantal_prestaties = n

    @property
    def skelet(self) -> ParsedXml:
        """Header and declaration fields, no clients; its cache holds the scan, so the level-2 rules of the
        registry report what the pass over the clients found."""
        parsed = ParsedXml(SOORT, self.root)
        parsed.cache["prestaties"] = self.scan
        return parsed

    @property
    def samenvattingsbericht(self) -> Wmo323:
        """The header with the first clients (the summary shows MAX_REGELS lines and the total count)."""
        d = self.kop.declaratie
        return Wmo323(
            header=self.kop.header,
            declaratie=Declaratie(
                declaratie_nummer=d.declaratie_nummer,
                declaratie_periode=d.declaratie_periode,
                declaratie_dagtekening=d.declaratie_dagtekening,
                totaal_ingediend_bedrag=d.totaal_ingediend_bedrag,
                clienten=tuple(self.eerste_clienten),
            ),
        )
