"""Crawl every page a signed-in user can reach by following links (test helper), and read what it shows.

`kruipen(http)` starts at the home page and follows every link to this site (GET only; forms are not submitted),
at most `per_soort` pages per kind of page (URL name + query keys: the fifth declaration reads like the first) and
`maximum` pages in all. `zichtbare_tekst` turns a page into what a reader sees (no tags, scripts, attributes);
PDF letters and CSV exports are read as text too, so the same checks cover letters and exports."""

from __future__ import annotations

import html as htmlmod
import re
from collections import Counter, deque
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from django.test import Client as HttpClient
from django.urls import Resolver404, resolve

from tests.pdftekst import pdf_tekst

OVERSLAAN = ("/afmelden/", "/static/", "/media/", "/aanmelden/", "/.well-known/", "/thema/")  # /thema/: stylesheets
_HREF = re.compile(r"""href\s*=\s*["']([^"'#]*)["']""")


@dataclass(frozen=True)
class Pagina:
    url: str
    soort: str  # "html", "pdf", "csv", ...
    tekst: str  # what a reader sees
    html: str = ""
    van: str = ""  # the page whose link led here


def soort_van(url: str) -> str:
    """The kind of page: its URL name plus the names of its query parameters."""
    delen = urlsplit(url)
    try:
        naam = resolve(delen.path).view_name
    except Resolver404:
        naam = delen.path
    sleutels = ",".join(sorted({k for k, _ in parse_qsl(delen.query, keep_blank_values=True)}))
    return f"{naam}?{sleutels}" if sleutels else naam


def zichtbare_tekst(html: str) -> str:
    html = re.sub(r"(?is)<(script|style|title|svg)\b.*?</\1>", " ", html)
    html = re.sub(r"(?is)<!--.*?-->", " ", html)
    html = re.sub(r"(?s)<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", htmlmod.unescape(html)).strip()


def kruipen(http: HttpClient, *, start: str = "/", per_soort: int = 3, maximum: int = 600) -> list[Pagina]:
    gezien: set[str] = {start}
    per: Counter[str] = Counter()
    rij: deque[tuple[str, str]] = deque([(start, "")])
    paginas: list[Pagina] = []
    while rij and len(paginas) < maximum:
        url, van = rij.popleft()
        antwoord = http.get(url)
        if antwoord.status_code in (301, 302):
            doel = antwoord["Location"]
            if doel.startswith("/") and doel not in gezien and not doel.startswith(OVERSLAAN):
                gezien.add(doel)
                rij.append((doel, van))
            continue
        if antwoord.status_code != 200:
            paginas.append(Pagina(url, f"status {antwoord.status_code}", "", van=van))
            continue
        streaming = getattr(antwoord, "streaming", False)
        inhoud = b"".join(antwoord.streaming_content) if streaming else antwoord.content  # type: ignore[attr-defined]
        type_ = antwoord.get("Content-Type", "")
        if type_.startswith("application/pdf"):
            paginas.append(Pagina(url, "pdf", pdf_tekst(inhoud), van=van))
            continue
        if not type_.startswith("text/html"):
            paginas.append(Pagina(url, type_.split(";")[0].split("/")[-1], inhoud.decode("utf-8", "replace"), van=van))
            continue
        html = inhoud.decode()
        paginas.append(Pagina(url, "html", zichtbare_tekst(html), html, van=van))
        for href in _HREF.findall(htmlmod.unescape(html)):
            if not href.startswith("/") or href.startswith("//") or href.startswith(OVERSLAAN) or href in gezien:
                continue
            gezien.add(href)
            soort = soort_van(href)
            if per[soort] >= per_soort:
                continue
            per[soort] += 1
            rij.append((href, url))
    return paginas
