"""The most used pages per role, for the query-count test (web/tests/test_paginas_queries.py) and the page benchmark
(benchmarks/bench_paginas.py).

There is no usage log to count visits from, so "most used" is taken as "closest to the start page": the pages a
role reaches first by following links from its start page, breadth first, one page per kind of page (URL name plus
query keys; the fifth declaration reads like the first), HTML only (letters and exports are downloads, not pages
someone works in), the first `aantal` of them."""

from __future__ import annotations

from collections import deque

from django.test import Client as HttpClient

from tests.kruipen import _HREF, OVERSLAAN, soort_van

MEEST_GEBRUIKT = 20


def paginas_van_rol(http: HttpClient, *, aantal: int = MEEST_GEBRUIKT) -> list[tuple[str, str]]:
    """(kind of page, URL) of the first `aantal` HTML pages the signed-in client reaches from "/", breadth first."""
    import html as htmlmod

    gezien_soort: set[str] = set()
    gezien: set[str] = {"/"}
    rij: deque[str] = deque(["/"])
    uit: list[tuple[str, str]] = []
    while rij and len(uit) < aantal:
        url = rij.popleft()
        antwoord = http.get(url)
        if antwoord.status_code in (301, 302):
            doel = antwoord["Location"]
            if doel.startswith("/") and doel not in gezien and not doel.startswith(OVERSLAAN):
                gezien.add(doel)
                rij.appendleft(doel)  # a redirect stands for the page it came from
            continue
        if antwoord.status_code != 200 or not antwoord.get("Content-Type", "").startswith("text/html"):
            continue
        soort = soort_van(url)
        if soort in gezien_soort:
            continue
        gezien_soort.add(soort)
        uit.append((soort, url))
        for href in _HREF.findall(htmlmod.unescape(antwoord.content.decode())):
            if not href.startswith("/") or href.startswith("//") or href.startswith(OVERSLAAN) or href in gezien:
                continue
            if href.startswith("/beheer/"):  # the Django admin: configuration, not daily work
                continue
            gezien.add(href)
            if soort_van(href) not in gezien_soort:
                rij.append(href)
    return uit
