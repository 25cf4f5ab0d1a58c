"""The text of a reportlab PDF, compressed or not (test helper): the strings of the Tj operators of every page."""

from __future__ import annotations

import base64
import re
import zlib


def _stroom(ruw: bytes) -> bytes:
    """A content stream as reportlab writes it: plain (invariant PDFs) or ASCII85 + Flate."""
    kaal = ruw.strip()
    if kaal.endswith(b"~>"):
        try:
            ruw = base64.a85decode(re.sub(rb"\s", b"", kaal[:-2]))
        except ValueError:
            return b""
    try:
        return zlib.decompress(ruw)
    except zlib.error:
        return ruw


def pdf_tekst(inhoud: bytes) -> str:
    stukken = [_stroom(m.group(1)).decode("latin-1") for m in re.finditer(rb"stream\r?\n(.*?)endstream", inhoud, re.S)]
    tekst = " ".join(re.findall(r"\((.*?)(?<!\\)\)\s*Tj", " ".join(stukken)))
    tekst = re.sub(r"\\(\d{3})", lambda o: chr(int(o.group(1), 8)), tekst)
    return tekst.replace("\\(", "(").replace("\\)", ")")
