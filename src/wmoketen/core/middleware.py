"""Proxy headers are believed only from the configured reverse proxies (settings.WMOKETEN_VERTROUWDE_PROXIES).

From a trusted proxy, REMOTE_ADDR becomes the client that proxy saw (the right-most address in X-Forwarded-For
that is not itself a trusted proxy) and X-Forwarded-Proto stays, so SECURE_PROXY_SSL_HEADER can say "https".
From anyone else every forwarding header is removed: a client cannot claim HTTPS, another address (to dodge the
lockout per address) or another host. gunicorn applies the same list as forwarded_allow_ips.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .parameters import OngeldigeParameter

Netwerk = ipaddress.IPv4Network | ipaddress.IPv6Network

DOORSTUURKOPPEN = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_PROTOCOL",
    "HTTP_X_FORWARDED_SSL",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
)


@lru_cache(maxsize=8)
def _netwerken(proxies: tuple[str, ...]) -> tuple[Netwerk, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _adres(tekst: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(tekst.strip())
    except ValueError:  # not an address at all: treated as untrusted, never as a proxy
        return None


def is_vertrouwde_proxy(adres: str, proxies: tuple[str, ...]) -> bool:
    ip = _adres(adres)
    return ip is not None and any(ip in netwerk for netwerk in _netwerken(proxies))


def client_achter_proxies(remote_addr: str, forwarded_for: str, proxies: tuple[str, ...]) -> str:
    """The right-most hop in X-Forwarded-For that is not a trusted proxy (the left part can be forged by the
    client; each trusted proxy appends what it saw)."""
    client = remote_addr
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        if _adres(hop) is None:
            break
        client = hop
        if not is_vertrouwde_proxy(hop, proxies):
            break
    return client


def client_adres(request: HttpRequest) -> str:
    """The client's address for throttling and the session list: REMOTE_ADDR after this middleware ran."""
    return str(request.META.get("REMOTE_ADDR", ""))


class VertrouwdeProxyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        proxies = tuple(settings.WMOKETEN_VERTROUWDE_PROXIES)
        meta = request.META
        if is_vertrouwde_proxy(meta.get("REMOTE_ADDR", ""), proxies):
            if meta.get("HTTP_X_FORWARDED_FOR"):
                meta["REMOTE_ADDR"] = client_achter_proxies(meta["REMOTE_ADDR"], meta["HTTP_X_FORWARDED_FOR"], proxies)
        else:
            for kop in DOORSTUURKOPPEN:
                meta.pop(kop, None)
        return self.get_response(request)


# C0 control characters other than tab, newline and carriage return: never meaningful in a query parameter, and a
# NUL is refused by PostgreSQL in any string (it answered 500 on /berichten/?soort=%00; issue 13 item 8)
_STUURTEKENS = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r")


class QueryparameterMiddleware:
    """A query string with a control character (NUL) is a bad request: 400 with the Dutch 400 page, before any
    view hands the value to the database. Forms refuse NUL in POSTed fields themselves (Django's
    ProhibitNullCharactersValidator, with a Dutch message)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for sleutel, waarden in request.GET.lists():
            if any(t in _STUURTEKENS for tekst in (sleutel, *waarden) for t in tekst):
                raise OngeldigeParameter("Ongeldig teken in de parameters van het adres.")
        return self.get_response(request)
