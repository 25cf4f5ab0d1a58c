"""The retour message on a received heen-bericht, filled as IV028 says.

* no findings: header only, RetourCode 0200;
* a level-2 finding (XSLT level): header only, 0001 and XsltVersie;
* a level-3/4 finding in the header: header only with that code;
* a finding in a client's class: the whole Client with every sub-class, each with 0200 or the rule's codes.
Paths of findings ("/Bericht/Client/StartProducten/StartProduct[2]") say which class a code belongs to.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ..codec import Bericht as CodecBericht
from ..codec.model import wmo301, wmo305, wmo307, wmo315, wmo317, wmo319
from ..codec.model.basis import Header, XsdVersie
from ..constants import XSLT_VERSIE
from ..rules import Finding, Niveau

OK = "0200"


def _item_paths(base: str, wrapper: str, item: str, n: int) -> list[str]:
    return [f"{base}/{wrapper}/{item}" + (f"[{i + 1}]" if n > 1 else "") for i in range(n)]


def _codes(findings: list[Finding], path: str, exclude: list[str] | None = None) -> tuple[str, ...]:
    hits: list[str] = []
    for f in findings:
        onder = f.pad == path or f.pad.startswith(path + "/")
        if onder and not any(f.pad == e or f.pad.startswith(e + "/") for e in exclude or ()):
            hits.append(f.retourcode)
    return tuple(dict.fromkeys(hits)) or (OK,)


def _header(heen: Header, *, identificatie_retour: str, dagtekening: date, codes: tuple[str, ...]) -> Header:
    return replace(
        heen,
        identificatie_retour=identificatie_retour,
        dagtekening_retour=dagtekening,
        xslt_versie=XSLT_VERSIE if "0001" in codes else None,
        xsd_versie_retour=XsdVersie(),
        retour_codes=codes,
    )


def retour_bouwen(
    heen: CodecBericht, findings: list[Finding], *, identificatie_retour: str, dagtekening: date
) -> CodecBericht:
    header_codes: tuple[str, ...] = (OK,)
    client_fout = False
    if any(f.niveau == Niveau.BERICHT for f in findings):
        header_codes = ("0001",)
    else:
        in_header = [f.retourcode for f in findings if f.pad.startswith("/Bericht/Header")]
        if in_header:
            header_codes = tuple(dict.fromkeys(in_header))
        client_fout = bool(findings) and not in_header
    header = _header(
        heen.header, identificatie_retour=identificatie_retour, dagtekening=dagtekening, codes=header_codes
    )
    return _bouw(heen, header, findings if client_fout else None)


def _bouw(heen: CodecBericht, header: Header, findings: list[Finding] | None) -> CodecBericht:
    base = "/Bericht/Client"
    if isinstance(heen, wmo301.Wmo301):
        if findings is None:
            return wmo301.Wmo302(header=header)
        c = heen.client
        rel_paths = _item_paths(base, "Relaties", "Relatie", len(c.relaties))
        con_paths = _item_paths(base, "Contactgegevens", "Contact", len(c.contactgegevens))
        tp_paths = _item_paths(base, "ToegewezenProducten", "ToegewezenProduct", len(c.toegewezen_producten))
        client = replace(
            c,
            relaties=tuple(
                replace(
                    r,
                    contact=replace(r.contact, retour_codes=_codes(findings, p + "/Contact")),
                    retour_codes=_codes(findings, p, [p + "/Contact"]),
                )
                for r, p in zip(c.relaties, rel_paths, strict=True)
            ),
            contactgegevens=tuple(
                replace(x, retour_codes=_codes(findings, p)) for x, p in zip(c.contactgegevens, con_paths, strict=True)
            ),
            toegewezen_producten=tuple(
                replace(x, retour_codes=_codes(findings, p))
                for x, p in zip(c.toegewezen_producten, tp_paths, strict=True)
            ),
            retour_codes=_codes(findings, base, rel_paths + con_paths + tp_paths),
        )
        return wmo301.Wmo302(header=header, client=client)
    if isinstance(heen, wmo305.Wmo305):
        if findings is None:
            return wmo305.Wmo306(header=header)
        c5 = heen.client
        paths = _item_paths(base, "StartProducten", "StartProduct", len(c5.start_producten))
        sp = tuple(replace(x, retour_codes=_codes(findings, p)) for x, p in zip(c5.start_producten, paths, strict=True))
        return wmo305.Wmo306(
            header=header, client=replace(c5, start_producten=sp, retour_codes=_codes(findings, base, paths))
        )
    if isinstance(heen, wmo307.Wmo307):
        if findings is None:
            return wmo307.Wmo308(header=header)
        c7 = heen.client
        paths = _item_paths(base, "StopProducten", "StopProduct", len(c7.stop_producten))
        st = tuple(replace(x, retour_codes=_codes(findings, p)) for x, p in zip(c7.stop_producten, paths, strict=True))
        return wmo307.Wmo308(
            header=header, client=replace(c7, stop_producten=st, retour_codes=_codes(findings, base, paths))
        )
    if isinstance(heen, wmo315.Wmo315):
        if findings is None:
            return wmo315.Wmo316(header=header)
        c15 = heen.client
        paths = _item_paths(base, "AangevraagdeProducten", "AangevraagdProduct", len(c15.aangevraagde_producten))
        ap = tuple(
            replace(x, retour_codes=_codes(findings, p)) for x, p in zip(c15.aangevraagde_producten, paths, strict=True)
        )
        return wmo315.Wmo316(
            header=header, client=replace(c15, aangevraagde_producten=ap, retour_codes=_codes(findings, base, paths))
        )
    if isinstance(heen, wmo317.Wmo317):
        if findings is None:
            return wmo317.Wmo318(header=header)
        v = heen.client.verzoek
        vb = base + "/Verzoek"
        og = _item_paths(vb, "OngewijzigdeProducten", "OngewijzigdProduct", len(v.ongewijzigde_producten))
        tw = _item_paths(vb, "TeWijzigenProducten", "TeWijzigenProduct", len(v.te_wijzigen_producten))
        nw = _item_paths(vb, "NieuweProducten", "NieuwProduct", len(v.nieuwe_producten))
        verzoek = replace(
            v,
            ongewijzigde_producten=tuple(
                replace(x, retour_codes=_codes(findings, p)) for x, p in zip(v.ongewijzigde_producten, og, strict=True)
            ),
            te_wijzigen_producten=tuple(
                replace(x, retour_codes=_codes(findings, p)) for x, p in zip(v.te_wijzigen_producten, tw, strict=True)
            ),
            nieuwe_producten=tuple(
                replace(x, retour_codes=_codes(findings, p)) for x, p in zip(v.nieuwe_producten, nw, strict=True)
            ),
            retour_codes=_codes(findings, vb, og + tw + nw),
        )
        client17 = replace(heen.client, verzoek=verzoek, retour_codes=_codes(findings, base, [vb]))
        return wmo317.Wmo318(header=header, client=client17)
    if isinstance(heen, wmo319.Wmo319):
        if findings is None:
            return wmo319.Wmo320(header=header)
        antwoord = replace(heen.antwoord, retour_codes=_codes(findings, "/Bericht/Antwoord"))
        return wmo319.Wmo320(header=header, antwoord=antwoord)
    raise ValueError(f"Geen retourbericht voor {heen.SOORT.label}.")
