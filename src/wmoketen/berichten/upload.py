"""HTTP endpoint for uploads: POST the raw XML to /berichten/upload/ with HTTP Basic authentication.

The uploader must be the message's sender: a provider user for its own AGB code, a municipal user for one of
its municipalities. Answers are JSON in Dutch: 200 with the stored message and its retour codes (also for a
second upload of the same bytes, `dubbel: true`), 400 refused (hostile, not XSD-valid, ...), 401, 403, 413
(more than 25 MB), 415 (not sent as application/xml or text/xml).
"""

from __future__ import annotations

import base64
import binascii

from django.contrib.auth import authenticate
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from wmoketen.accounts.models import Gebruiker

from .codec import MAX_BERICHT_BYTES, BerichtError, read_xml, to_object
from .codec.schema import schema_errors
from .constants import HEEN_VAN, Kanaal
from .selectors import partijen_van_gebruiker
from .uitwisseling.ontvangen import BerichtGeweigerd, bericht_ontvangen
from .uitwisseling.verzenden import afleveren_open

XML_SOORTEN = frozenset({"application/xml", "text/xml"})


def _gebruiker(request: HttpRequest) -> Gebruiker | None:
    kop = request.META.get("HTTP_AUTHORIZATION", "")
    if not kop.startswith("Basic "):
        return None
    try:
        naam, _, wachtwoord = base64.b64decode(kop[6:]).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    gebruiker = authenticate(request, username=naam, password=wachtwoord)
    return gebruiker if isinstance(gebruiker, Gebruiker) and gebruiker.is_active else None


def _fout(status: int, tekst: str) -> JsonResponse:
    response = JsonResponse({"fout": tekst}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Basic realm="wmoketen", charset="UTF-8"'
    return response


@csrf_exempt  # machine-to-machine with Basic authentication, no session cookie involved
@require_POST
def upload(request: HttpRequest) -> JsonResponse:
    gebruiker = _gebruiker(request)
    if gebruiker is None:
        return _fout(401, "Aanmelden vereist (HTTP Basic).")
    soort = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if soort not in XML_SOORTEN:
        return _fout(415, "Alleen XML-berichten: stuur Content-Type application/xml of text/xml.")
    try:
        lengte = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _fout(400, "Ongeldige Content-Length.")
    if lengte > MAX_BERICHT_BYTES:
        return _fout(413, f"Bericht geweigerd: groter dan de toegestane 25 MB ({MAX_BERICHT_BYTES} bytes).")
    data = request.read(MAX_BERICHT_BYTES + 1)
    if len(data) > MAX_BERICHT_BYTES:
        return _fout(413, f"Bericht geweigerd: groter dan de toegestane 25 MB ({MAX_BERICHT_BYTES} bytes).")
    try:
        parsed = read_xml(data)
        if schema_errors(parsed.soort, parsed.root):
            raise BerichtGeweigerd(f"Bericht geweigerd: {parsed.soort.label} voldoet niet aan het XSD.")
        header = to_object(parsed).header
        afzender = header.ontvanger if parsed.soort.value in HEEN_VAN else header.afzender
        if afzender not in partijen_van_gebruiker(gebruiker):
            return _fout(403, f"U mag geen berichten namens {afzender} aanleveren.")
        ontvangst = bericht_ontvangen(data=data, kanaal=Kanaal.HTTP, actor=gebruiker)
    except (BerichtGeweigerd, BerichtError) as exc:
        return _fout(400, str(exc))
    afleveren_open()
    bericht = ontvangst.bericht
    return JsonResponse(
        {
            "bericht": bericht.pk,
            "soort": f"WMO{bericht.soort}",
            "status": bericht.get_status_display(),
            "dubbel": not ontvangst.nieuw,
            "retourcodes": bericht.retour_codes,
            "bevindingen": [f"{b['code']} {b['retourcode']}: {b['uitleg']}" for b in bericht.bevindingen],
        }
    )
