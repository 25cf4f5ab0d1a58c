"""Writes of the accounts app: sessions and the second factor."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.utils import timezone

from . import tweefactor
from .models import Gebruiker, Sessie

TWEEDE_FACTOR_SLEUTEL = "tweede_factor_op"
AANGEMELD_SLEUTEL = "aangemeld_op"
LAATST_ACTIEF_SLEUTEL = "laatst_actief"


@transaction.atomic
def sessie_registreren(
    *, gebruiker: Gebruiker, sessie: SessionBase, ip_adres: str | None, apparaat: str, nu: datetime | None = None
) -> Sessie:
    """Called right after login (the session key has just been renewed by Django's login())."""
    nu = nu or timezone.now()
    sessie[AANGEMELD_SLEUTEL] = nu.isoformat()
    sessie[LAATST_ACTIEF_SLEUTEL] = nu.isoformat()
    sessie.save()
    assert sessie.session_key is not None
    return Sessie.objects.create(
        gebruiker=gebruiker,
        sessiesleutel=sessie.session_key,
        aangemeld_op=nu,
        laatst_actief=nu,
        ip_adres=ip_adres,
        apparaat=apparaat[:200],
    )


def sessie_beeindigen(*, gebruiker: Gebruiker, sessie_id: int) -> bool:
    """End one of the user's own sessions on the server. Returns False when it is not theirs or already gone."""
    from django.contrib.sessions.models import Session

    sessie = Sessie.objects.filter(pk=sessie_id, gebruiker=gebruiker).first()
    if sessie is None:
        return False
    with transaction.atomic():
        Session.objects.filter(session_key=sessie.sessiesleutel).delete()
        sessie.delete()
    return True


def sessie_afmelden(*, sessiesleutel: str | None) -> None:
    if sessiesleutel:
        Sessie.objects.filter(sessiesleutel=sessiesleutel).delete()


def tweede_factor_instellen(*, gebruiker: Gebruiker, geheim: str, code: str) -> bool:
    """Store the secret only when the user proves the app produces valid codes for it."""
    if not tweefactor.code_klopt(geheim, code):
        return False
    gebruiker.totp_geheim = geheim
    gebruiker.save(update_fields=["totp_geheim"])
    return True


def tweede_factor_controleren(*, gebruiker: Gebruiker, sessie: SessionBase, code: str) -> bool:
    if not tweefactor.code_klopt(gebruiker.totp_geheim, code):
        return False
    oud = sessie.session_key
    sessie.cycle_key()  # a new session id once the second factor is proven, too
    sessie[TWEEDE_FACTOR_SLEUTEL] = timezone.now().isoformat()
    sessie.save()
    if oud and sessie.session_key:
        Sessie.objects.filter(gebruiker=gebruiker, sessiesleutel=oud).update(sessiesleutel=sessie.session_key)
    return True
