"""HTTP endpoint for systems: POST the raw XML to /berichten/upload/ with the token of a systeemkoppeling.

`Authorization: Bearer wmk_...`: each system has its own token, bound to one party (a provider's AGB code or a
gemeente's CBS code); a person's password is never accepted here (HTTP Basic gets 401), so no account can send
without its second factor. The uploader must be the message's sender, and that is checked from the header in the
first 64 kB, before the rest of a file of up to 25 MB is read or parsed. Answers are JSON in Dutch: 200 with the
stored message and its retour codes (also for a second upload of the same bytes, `dubbel: true`), 400 refused
(hostile, not XSD-valid, ...), 401, 403, 413 (more than 25 MB), 415 (not sent as application/xml or text/xml).
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from wmoketen.accounts.models import Systeemkoppeling
from wmoketen.accounts.services import koppeling_bij_token

from .codec import MAX_BERICHT_BYTES, BerichtError, read_xml, to_object
from .codec.kop import KOP_BYTES, lees_kop
from .codec.schema import schema_errors
from .constants import HEEN_VAN, Kanaal
from .uitwisseling.ontvangen import BerichtGeweigerd, bericht_ontvangen
from .uitwisseling.verzenden import afleveren_open

XML_SOORTEN = frozenset({"application/xml", "text/xml"})
GEEN_WACHTWOORD = (
    "Aanmelden met een wachtwoord (HTTP Basic) kan hier niet: gebruik het token van de systeemkoppeling van uw "
    "organisatie (Authorization: Bearer ...). Functioneel beheer maakt die aan."
)


def _koppeling(request: HttpRequest) -> Systeemkoppeling | None:
    soort, _, token = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    return koppeling_bij_token(token.strip()) if soort == "Bearer" else None


def _fout(status: int, tekst: str) -> JsonResponse:
    response = JsonResponse({"fout": tekst}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="wmoketen"'
    return response


def _te_groot() -> JsonResponse:
    return _fout(413, f"Bericht geweigerd: groter dan de toegestane 25 MB ({MAX_BERICHT_BYTES} bytes).")


# its own transactions: bericht_ontvangen stores the message with its Logboek records and commits, and only then
# is the retour handed to the transport (afleveren_open); in a request-wide transaction it would go out before
# the commit
@transaction.non_atomic_requests
@csrf_exempt  # machine-to-machine with a bearer token, no session cookie involved
@require_POST
def upload(request: HttpRequest) -> JsonResponse:
    if request.META.get("HTTP_AUTHORIZATION", "").startswith("Basic "):
        return _fout(401, GEEN_WACHTWOORD)
    koppeling = _koppeling(request)
    if koppeling is None:
        return _fout(401, "Aanmelden vereist: het token van een systeemkoppeling (Authorization: Bearer ...).")
    soort = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if soort not in XML_SOORTEN:
        return _fout(415, "Alleen XML-berichten: stuur Content-Type application/xml of text/xml.")
    try:
        lengte = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _fout(400, "Ongeldige Content-Length.")
    if lengte > MAX_BERICHT_BYTES:
        return _te_groot()
    begin = request.read(KOP_BYTES)
    try:
        kop = lees_kop(begin)
    except BerichtError as exc:
        return _fout(400, str(exc))
    if _afzender(kop.soort.value, kop.afzender, kop.ontvanger) != koppeling.partij_code:
        return _fout(403, f"Deze koppeling mag geen berichten namens {kop.afzender} aanleveren.")
    data = begin + request.read(MAX_BERICHT_BYTES + 1 - len(begin))
    if len(data) > MAX_BERICHT_BYTES:
        return _te_groot()
    try:
        parsed = read_xml(data)
        if schema_errors(parsed.soort, parsed.root):
            raise BerichtGeweigerd(f"Bericht geweigerd: {parsed.soort.label} voldoet niet aan het XSD.")
        header = to_object(parsed).header
        afzender = _afzender(parsed.soort.value, header.afzender, header.ontvanger)
        if afzender != koppeling.partij_code:  # the whole message must say what its first bytes said
            return _fout(403, f"Deze koppeling mag geen berichten namens {afzender} aanleveren.")
        ontvangst = bericht_ontvangen(data=data, kanaal=Kanaal.HTTP, actor=str(koppeling))
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


def _afzender(soort: str, afzender: str, ontvanger: str) -> str:
    """The party that sends this message: a retour copies the heen header, so its sender is the Ontvanger."""
    return ontvanger if soort in HEEN_VAN else afzender
